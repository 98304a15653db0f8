"""The reading pipeline: named stages run in order over :class:`Reading` objects.

``Pipeline(Settings())`` builds the stages named in the settings from the registry
(:data:`chronicle.pipeline.base.STAGES`), checks that each stage's inputs come from an earlier
one, and reads documents one at a time (:meth:`Pipeline.read`) or in batches
(:meth:`Pipeline.read_many`, where the ``nlp`` stage uses spaCy's ``nlp.pipe``).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from chronicle import errors
from chronicle.config import Settings
from chronicle.contract import DocumentResult
from chronicle.ingest import RawDocument
from chronicle.pipeline.base import STAGES, Reading, Stage, register

# Importing the stage modules registers the built-in stages.
from chronicle.pipeline import clean, nlp, entities, coref, times, quantities, quotes, events, chronology  # noqa: E402,F401

__all__ = ["Pipeline", "Reading", "Stage", "STAGES", "register"]


class Pipeline:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.stages: list[Stage] = []
        available: set[str] = set()
        for name in self.settings.stages:
            if name not in STAGES:
                raise errors.ConfigError(None, f"unknown stage '{name}' (known: {', '.join(sorted(STAGES))})")
            cls = STAGES[name]
            missing = [f for f in cls.needs if f not in available]
            if missing:
                raise errors.ConfigError(
                    None, f"stage '{name}' needs {', '.join(missing)}, which no earlier stage gives"
                )
            self.stages.append(cls(self.settings, **self.settings.for_stage(name)))
            available.update(cls.gives)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def read(self, raw: RawDocument, published: date | None = None) -> DocumentResult:
        """Read one article; raises :class:`errors.InputError` when nothing of it is left."""
        reading = Reading(raw=raw, published=published)
        for stage in self.stages:
            reading = stage(reading)
        return result(reading)

    def read_many(
        self, raws: Iterable[RawDocument], published: date | None = None
    ) -> Iterator[tuple[RawDocument, DocumentResult | errors.ChronicleError]]:
        """Read articles in batches; a document that fails is yielded with its error, not raised."""
        batch: list[RawDocument] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= self.settings.batch_size:
                yield from self._read_batch(batch, published)
                batch = []
        if batch:
            yield from self._read_batch(batch, published)

    def _read_batch(self, raws: list[RawDocument], published: date | None):
        failed: dict[int, errors.ChronicleError] = {}
        readings = [Reading(raw=raw, published=published) for raw in raws]
        for stage in self.stages:
            live = []
            for i, reading in enumerate(readings):
                if i not in failed:
                    live.append((i, reading))
            try:
                done = list(stage.pipe(r for _, r in live))
            except errors.ChronicleError:
                done = []  # one bad document: redo this stage one by one to isolate it
                for i, reading in live:
                    try:
                        done.append(stage(reading))
                    except errors.ChronicleError as exc:
                        failed[i] = exc
                live = [(i, r) for i, r in live if i not in failed]
            for (i, _), reading in zip(live, done):
                readings[i] = reading
        for i, raw in enumerate(raws):
            yield raw, failed.get(i) or result(readings[i])


def result(reading: Reading) -> DocumentResult:
    return DocumentResult(
        document=reading.document,
        entities=reading.entities,
        times=reading.times,
        quantities=reading.quantities,
        quotes=reading.quotes,
        events=reading.events,
        chronology=reading.chronology,
    )
