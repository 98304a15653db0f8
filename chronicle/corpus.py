"""A corpus: many articles read into one store, and the queries over it.

``Corpus(url).ingest(paths)`` streams files through the pipeline in batches and writes each
document in its own transaction. It is idempotent and resumable: an unchanged file already stored
is skipped before it is read, a document already stored is not written again, and a run killed
midway leaves only whole documents behind, so running it again completes the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from chronicle import errors, get_pipeline, parse_date
from chronicle.config import DEFAULT_DB, Settings
from chronicle.contract import DocumentResult
from chronicle.ingest import RawDocument, format_for, iter_paths, load_bytes, read_bytes
from chronicle.store import Store, sha256


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # sources newly stored
    unchanged: list[str] = field(default_factory=list)  # sources skipped: same bytes already stored
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, id of the stored twin)
    failed: list[errors.ChronicleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


class Corpus:
    """The library face of the store: ``Corpus("sqlite:///chronicle.db")``."""

    def __init__(self, url: str = DEFAULT_DB, settings: Settings | None = None) -> None:
        self.store = Store(url)
        self.settings = settings

    def ingest(
        self,
        paths: Iterable[str | Path],
        published: str | date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Read files and directories into the store; per-file problems are reported, not raised."""
        report = IngestReport()
        given = parse_date(published)
        hashes: dict[str, str] = {}
        step = progress or (lambda source: None)

        def raws() -> Iterator[RawDocument]:
            for item in iter_paths(paths):
                if isinstance(item, errors.ChronicleError):
                    report.failed.append(item)
                    step(item.source or "")
                    continue
                source = str(item)
                try:
                    data = read_bytes(item)
                    raw_hash = sha256(data)
                    if self.store.has_raw(source, raw_hash):
                        report.unchanged.append(source)
                        step(source)
                        continue
                    raw = load_bytes(data, source, format_for(item))
                except errors.ChronicleError as exc:
                    report.failed.append(exc)
                    step(source)
                    continue
                hashes[source] = raw_hash
                yield raw

        for raw, result in get_pipeline(self.settings).read_many(raws(), given):
            if isinstance(result, errors.ChronicleError):
                report.failed.append(result)
            else:
                added = self.store.add(result, hashes.get(raw.source))
                if added.status == "duplicate":
                    report.duplicates.append((raw.source, added.document_id))
                elif added.status == "exists":
                    report.unchanged.append(raw.source)
                else:
                    report.stored.append(raw.source)
            step(raw.source)
        return report

    def timeline(self, entity: str | None = None, since: str | None = None, until: str | None = None) -> dict:
        return self.store.timeline(entity=entity, since=since, until=until)

    def entities(self, type: str | None = None) -> dict:
        return self.store.entities(type=type)

    def documents(self) -> Iterator[DocumentResult]:
        return self.store.documents()

    def close(self) -> None:
        self.store.close()


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many files (and path errors) ingest will step through, for a progress bar's total."""
    return sum(1 for _ in iter_paths(paths))
