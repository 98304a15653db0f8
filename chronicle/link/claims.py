"""Claims: the figures sources state, grouped by what they count, side by side.

A death toll is stated by an official on day five, by a ministry on day seven and by a report
months later, and rarely the same. We group figures across documents by what they are about: the
predicate their sentence gives them after the figure ("killed", "detained", "missing": the
``[claims]`` table of ``linking.toml``), the noun they count (folded to "people" for nouns of
people) and the type of the event they belong to. A group whose values differ is flagged
``disagree``; each value keeps its own words (``text``), because "26 armed criminals" and
"238 people" differ in scope as well as in number and the reader must see both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chronicle.contract import Document, Quantity
from chronicle.link import settings

PEOPLE_NOUNS = ("criminal", "member", "bandit", "soldier", "officer", "troop", "protester", "civilian",
                "demonstrator", "resident", "militant", "terrorist", "policeman", "servicemen")


@dataclass
class Stated:
    document: Document
    quantity: Quantity
    sentence: str
    event_type: str | None
    event_summary: str | None


def predicate(q: Quantity, text: str) -> str | None:
    """What the figure is said of, from the words after it in its sentence."""
    after = text[q.end:q.sentence.end if q.sentence else q.end + 120].lower()
    for name, cues in settings()["claims"]["predicates"]:
        if any(re.search(rf"\b{re.escape(c)}\b", after) for c in cues):
            return name
    return None


def unit_group(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower()
    if u in settings()["claims"]["people"] or any(u.startswith(n) for n in PEOPLE_NOUNS):
        return "people"
    return u


def claims(stated: list[Stated], disagree_only: bool = False) -> list[dict]:
    groups: dict[tuple, list[Stated]] = {}
    for s in stated:
        if s.quantity.value is None:
            continue
        pred = predicate(s.quantity, s.document.text)
        unit = unit_group(s.quantity.unit)
        if pred is None or unit is None:
            continue  # a figure we cannot say what of is no claim (percentages of a vote, durations)
        groups.setdefault((unit, pred, s.event_type), []).append(s)
    out = []
    for (unit, pred, event_type), items in groups.items():
        values = [{
            "value": s.quantity.value, "approximate": s.quantity.approximate, "text": s.quantity.text,
            "source": {"document": s.document.id, "title": s.document.title,
                       "published": s.document.published.value, "evidence": s.sentence},
        } for s in sorted(items, key=lambda s: (s.document.published.value or "", s.quantity.start))]
        # Sources disagree when two documents give different values (one article listing two counts
        # of two groups is not a disagreement with itself).
        differ = any(a.quantity.value != b.quantity.value and a.document.id != b.document.id
                     for a in items for b in items)
        if disagree_only and not differ:
            continue
        out.append({
            "about": f"{unit} {pred}", "event": items[0].event_summary, "event_type": event_type, "unit": unit,
            "values": values, "disagree": differ, "sources": len({s.document.id for s in items}),
        })
    return sorted(out, key=lambda c: (not c["disagree"], -c["sources"], c["about"]))
