"""The ``quantities`` stage: counts stated in the text, with the noun they count.

spaCy's CARDINAL/QUANTITY/MONEY/PERCENT spans give the number ("about 2,000"); the parse gives
the noun it modifies ("guns" -> unit "gun"). Hedges the NER keeps inside the span ("about",
"nearly", "more than") or just before it mark the figure approximate.
"""

from __future__ import annotations

from spacy.tokens import Span

from chronicle.contract import Quantity
from chronicle.pipeline.base import Reading, Stage, register
from chronicle.values import numbers

LABELS = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
HEDGES = {"about", "around", "approximately", "nearly", "almost", "some", "roughly", "over", "more", "less",
          "fewer", "up", "at", "least", "than", "estimated", "an", "upwards", "of", "under", "below", "above"}
_APPROXIMATE = HEDGES - {"an", "of", "than", "at"}
# How far after the number the counted noun may stand ("3,000 gun ammunition").
UNIT_WINDOW = 3


@register("quantities")
class Quantities(Stage):
    needs = ("doc",)
    gives = ("quantities",)

    def __call__(self, reading: Reading) -> Reading:
        found = []
        for span in reading.doc.ents:
            if span.label_ not in LABELS:
                continue
            q = quantity(span, f"n{len(found) + 1}")
            if q is not None:
                found.append(q)
        reading.quantities = found
        return reading


def quantity(span: Span, qid: str) -> Quantity | None:
    doc = span.doc
    words = [t for t in span if t.lower_ not in HEDGES and t.text not in ("%", "$", "€", "£")]
    if not words:
        return None
    value = numbers.parse(" ".join(t.text for t in words))
    if value is None:
        return None
    hedged = any(t.lower_ in _APPROXIMATE for t in span) or (
        span.start > 0 and doc[span.start - 1].lower_ in _APPROXIMATE
    ) or any(t.lower_ in numbers.VAGUE for t in words)
    unit_token = _unit(span)
    end = unit_token.i + 1 if unit_token is not None else span.end
    if span.label_ == "PERCENT":
        unit = "percent"
    elif unit_token is not None:
        unit = unit_token.lemma_.lower()
    else:
        unit = None
    text_span = doc[span.start:end]
    return Quantity(
        id=qid, text=text_span.text, start=text_span.start_char, end=text_span.end_char,
        value=value, unit=unit, approximate=hedged,
    )


def _unit(span: Span):
    """The noun the number counts: its syntactic head when that is a noun just after it."""
    last = span[-1]
    head = last.head
    if head.pos_ in ("NOUN", "PROPN") and span.end <= head.i < span.end + UNIT_WINDOW and head.ent_type_ not in ("DATE", "TIME"):
        return head
    return None
