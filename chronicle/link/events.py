"""Cross-document event merging: the same event told by several sources is one timeline entry.

The unrest's start is told by four articles, each with its own words and its own precision
("January 2 last year", "early January", "the unrest of January"). A reader wants one entry, every
source that tells it (a corroboration count) and the most precise date any gives. Two events are
one when they are of the same PLOVER type, their dates overlap, their places are compatible (the
same resolved place, one inside the other's country, or one unknown) and, when both name actors
or targets, they share one. Events of one document are never merged here (the events stage has
already merged what one text says twice). Clustering is complete-link within a type (an event
joins a cluster only if it fits every member), most precisely dated first, so a vague "January"
cannot chain two protests in two cities into one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from chronicle.contract import Document, Entity, Event
from chronicle.link import settings

PLACE_RANK = {"city": 0, "other": 1, "region": 2, "country": 3}


@dataclass
class Told:
    """One document's telling of an event, its arguments resolved to corpus actors."""

    document: Document
    event: Event
    args: set[int]
    place: int | None
    place_entity: Entity | None
    evidence: str

    @property
    def dated(self) -> bool:
        return bool(self.event.date.earliest or self.event.date.latest)

    @property
    def precise(self) -> bool:
        """Bounded on both sides and no longer than ``max_span_days``."""
        return self.width <= settings()["events"]["max_span_days"]

    @property
    def width(self) -> int:
        d = self.event.date
        if d.earliest and d.latest:
            return (date.fromisoformat(d.latest) - date.fromisoformat(d.earliest)).days
        return 10**6 if self.dated else 10**7


@dataclass
class Merged:
    members: list[Told] = field(default_factory=list)

    @property
    def documents(self) -> set[str]:
        return {t.document.id for t in self.members}


def merge(told: list[Told]) -> list[Merged]:
    """Cluster the tellings into events (see the module docstring)."""
    by_type: dict[str, list[Told]] = {}
    for t in told:
        by_type.setdefault(t.event.type, []).append(t)
    merged: list[Merged] = []
    for items in by_type.values():
        clusters: list[Merged] = []
        for t in sorted(items, key=lambda t: (t.width, t.event.date.earliest or "", t.document.id)):
            home = next((c for c in clusters if t.document.id not in c.documents
                         and all(compatible(t, m) for m in c.members)), None)
            if home is None:
                clusters.append(Merged([t]))
            else:
                home.members.append(t)
        merged += clusters
    return merged


def compatible(a: Told, b: Told) -> bool:
    if a.event.type != b.event.type:
        return False
    if not _places_fit(a, b):
        return False
    if a.args and b.args and not a.args & b.args:
        return False
    ratio = settings()["events"]["undated_summary_ratio"]
    similar = fuzz.token_set_ratio(a.event.summary.lower(), b.event.summary.lower()) >= ratio
    if a.dated and b.dated:
        # Two bounded, short ranges that overlap are one time; an open range ("on or after
        # January 2") overlaps everything after it, so it needs shared actors or the same words.
        return _overlap(a.event, b.event) and ((a.precise and b.precise) or bool(a.args & b.args) or similar)
    # Undated on one side: only with shared arguments and a near-identical summary.
    return bool(a.args & b.args) and similar


def _overlap(a: Event, b: Event) -> bool:
    lo = max(a.date.earliest or "0000", b.date.earliest or "0000")
    hi = min(a.date.latest or "9999", b.date.latest or "9999")
    return lo <= hi


def _places_fit(a: Told, b: Told) -> bool:
    if a.place is None or b.place is None or a.place == b.place:
        return True
    pa, pb = a.place_entity, b.place_entity
    if pa is None or pb is None or pa.geo is None or pb.geo is None:
        return False
    if pa.geo.country and pa.geo.country == pb.geo.country and "country" in (pa.geo.kind, pb.geo.kind):
        return True  # a city and its country
    return False


def merged_date(m: Merged) -> dict:
    """The most precise date the sources give: the intersection of their ranges, else the narrowest."""
    dated = [t.event.date for t in m.members if t.event.date.earliest or t.event.date.latest]
    if not dated:
        return {"earliest": None, "latest": None}
    lo = max((d.earliest for d in dated if d.earliest), default=None)
    hi = min((d.latest for d in dated if d.latest), default=None)
    if lo and hi and lo > hi:
        best = min((t for t in m.members if t.dated), key=lambda t: t.width).event.date
        return {"earliest": best.earliest, "latest": best.latest}
    return {"earliest": lo, "latest": hi}


def best_place(m: Merged) -> Told | None:
    """The telling with the most specific place (city before region before country)."""
    placed = [t for t in m.members if t.place_entity is not None]
    return min(placed, key=lambda t: PLACE_RANK.get(t.place_entity.geo.kind if t.place_entity.geo else "other", 1),
               default=None)
