"""The ``chronology`` stage: the document's events in time order, as the contract defines it."""

from __future__ import annotations

from chronicle.contract import Event
from chronicle.pipeline.base import Reading, Stage, register


@register("chronology")
class Chronology(Stage):
    needs = ("events",)
    gives = ("chronology",)

    def __call__(self, reading: Reading) -> Reading:
        reading.chronology = order(reading.events)
        return reading


def order(events: list[Event]) -> list[str]:
    """By ``date.earliest``; undated events last; ties in text order (first evidence offset)."""

    def key(item: tuple[int, Event]):
        position, event = item
        first = min((e.start for e in event.evidence), default=position)
        return (event.date.earliest is None, event.date.earliest or "", first, position)

    return [event.id for _, event in sorted(enumerate(events), key=key)]
