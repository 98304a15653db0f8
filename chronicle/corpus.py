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
from chronicle.contract import CLAIMS_SCHEMA_ID, ENTITIES_SCHEMA_ID, QUOTES_SCHEMA_ID, TIMELINE_SCHEMA_ID, DocumentResult
from chronicle.ingest import RawDocument, format_for, iter_paths, load_bytes, read_bytes
from chronicle.ingest.formats import DEFAULT_TIMEOUT, Record, file_records, kind_of, parse_fields, url_record
from chronicle.link.dedup import Fingerprint, fingerprint, is_near_duplicate
from chronicle.link.view import CorpusView
from chronicle.store import Store, sha256


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # sources newly stored
    unchanged: list[str] = field(default_factory=list)  # sources skipped: same bytes already stored or linked
    # (source, id of the stored twin): exact or near copies, linked in the store's duplicates table
    duplicates: list[tuple[str, str]] = field(default_factory=list)
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
        fields: str | dict | None = None,
        timeout: int = DEFAULT_TIMEOUT,
    ) -> IngestReport:
        """Read files, directories, globs, multi-article files (WARC, JSONL, CSV, RSS/Atom) and
        URLs into the store; per-input problems are reported, not raised.

        Streams: records are read one at a time and handed to the pipeline in batches. A record
        whose bytes are already stored (or linked as a copy) is skipped before it is read; one
        whose body copies a stored or pending article is linked to it, not read (see
        :mod:`chronicle.link.dedup`).
        """
        report = IngestReport()
        given = parse_date(published)
        mapping = parse_fields(fields)
        pending: dict[str, tuple[str | None, Fingerprint]] = {}  # source -> (raw hash, fingerprint)
        waiting: dict[str, list[tuple[str, str | None, str, float, str | None]]] = {}  # twin source -> copies
        step = progress or (lambda source: None)

        def raws() -> Iterator[RawDocument]:
            for record in self._records(paths, mapping, timeout, report, step):
                if self.store.has_raw(record.source, record.digest):
                    report.unchanged.append(record.source)
                    step(record.source)
                    continue
                try:
                    raw = record.load()
                except errors.ChronicleError as exc:
                    report.failed.append(exc)
                    step(record.source)
                    continue
                fp = fingerprint(raw.body)
                copy = self.store.find_copy(fp) or _pending_copy(fp, pending)
                if copy is not None:
                    twin, kind, similarity = copy
                    if twin in pending:  # a copy of an article of this run not yet stored
                        waiting.setdefault(twin, []).append((record.source, record.digest, kind, similarity, raw.title))
                    else:
                        self.store.add_duplicate(record.source, record.digest, twin, kind, similarity, raw.title)
                        report.duplicates.append((record.source, twin))
                    step(record.source)
                    continue
                pending[raw.source] = (record.digest, fp)
                yield raw

        for raw, result in get_pipeline(self.settings).read_many(raws(), given):
            raw_hash, fp = pending.pop(raw.source, (None, None))
            if isinstance(result, errors.ChronicleError):
                report.failed.append(result)
                waiting.pop(raw.source, None)  # their twin is unreadable: a re-run reads them
            else:
                added = self.store.add(result, raw_hash, fp)
                if added.status == "duplicate":
                    self.store.add_duplicate(raw.source, raw_hash, added.document_id, "exact", 1.0, raw.title)
                    report.duplicates.append((raw.source, added.document_id))
                elif added.status == "exists":
                    report.unchanged.append(raw.source)
                else:
                    report.stored.append(raw.source)
                for source, digest, kind, similarity, title in waiting.pop(raw.source, []):
                    self.store.add_duplicate(source, digest, added.document_id, kind, similarity, title)
                    report.duplicates.append((source, added.document_id))
            step(raw.source)
        return report

    def _records(self, paths, fields, timeout, report, step) -> Iterator[Record]:
        """Every input as records, errors reported in their place (see :mod:`chronicle.ingest.formats`)."""
        for item in iter_paths(paths):
            if isinstance(item, errors.ChronicleError):
                report.failed.append(item)
                step(item.source or "")
            elif isinstance(item, str):  # a URL: fetched once, not again when already stored
                if self.store.has_raw(item):
                    report.unchanged.append(item)
                    step(item)
                    continue
                try:
                    yield url_record(item, timeout)
                except errors.ChronicleError as exc:
                    report.failed.append(exc)
                    step(item)
            elif kind_of(item):
                for record in file_records(item, fields):
                    if isinstance(record, errors.ChronicleError):
                        report.failed.append(record)
                        step(record.source or "")
                    else:
                        yield record
            else:
                try:
                    data = read_bytes(item)
                except errors.ChronicleError as exc:
                    report.failed.append(exc)
                    step(str(item))
                    continue
                yield Record(str(item), sha256(data), lambda d=data, p=item: load_bytes(d, str(p), format_for(p)))

    def view(self) -> CorpusView:
        """The stored documents seen together: actors resolved, events merged (at query time)."""
        return CorpusView(self.store.documents())

    def timeline(self, entity: str | None = None, since: str | None = None, until: str | None = None,
                 type: str | None = None, place: str | None = None, min_sources: int = 1) -> dict:
        """The merged chronology: one entry per event however many sources tell it, each with its
        sources (document, title, published, evidence), a corroboration count and the most precise
        date any source gives; filtered by actor, PLOVER type, place, date range and sources."""
        events = self.view().timeline(entity=entity, type=type, place=place, since=since, until=until,
                                      min_sources=min_sources)
        return {"schema": TIMELINE_SCHEMA_ID, "events": events}

    def entities(self, type: str | None = None) -> dict:
        """One item per real-world actor across the corpus, every spelling seen in ``aliases``."""
        return {"schema": ENTITIES_SCHEMA_ID, "entities": self.view().entities(type)}

    def quotes(self, speaker: str | None = None) -> dict:
        return {"schema": QUOTES_SCHEMA_ID, "quotes": self.view().quotes(speaker)}

    def claims(self, disagree: bool = False) -> dict:
        """Figures grouped by what they count; ``disagree`` keeps only groups whose values differ."""
        return {"schema": CLAIMS_SCHEMA_ID, "claims": self.view().claims(disagree)}

    def documents(self) -> Iterator[DocumentResult]:
        return self.store.documents()

    def close(self) -> None:
        self.store.close()


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many articles ingest will step through, for a progress bar's total; None when a
    multi-article file or a URL list makes that unknown without reading everything twice."""
    n = 0
    for item in iter_paths(paths):
        if isinstance(item, Path) and kind_of(item):
            return None
        n += 1
    return n


def _pending_copy(fp: Fingerprint, pending: dict[str, tuple[str | None, Fingerprint]]) -> tuple[str, str, float] | None:
    """A copy among the articles of this run not yet stored (at most a batch of them)."""
    for source, (_, other) in pending.items():
        if other.body_hash == fp.body_hash:
            return source, "exact", 1.0
        similarity = fp.similarity(other.signature)
        if is_near_duplicate(similarity):
            return source, "near", round(similarity, 3)
    return None
