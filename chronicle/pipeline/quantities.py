"""The ``quantities`` stage: figures stated in the text, with the noun they count.

A figure is a run of number words and digits ("3,000", "2.5 million", "twenty-six", "a dozen") or
a vague count ("dozens", "hundreds", "tens of thousands"), value by
:mod:`chronicle.values.numbers`. Numbers that are not counts are left out: dates and clock times
(spaCy's DATE/TIME, except durations: "for two days" is 2 days), ordinals, numbers inside names
("Route 6", "COVID-19") and bare years.

Its unit is the noun it counts, from the parse: the noun it modifies with that noun's compounds
("about 2,000 guns" -> gun, "3,000 gun ammunition" -> gun ammunition), the noun after "of" for a
vague count or a scale ("dozens of people" -> people), the currency of a money sign ("$1.07
million" -> dollar), "percent". A figure that counts no noun ("nearly 10,000 detained") has no
unit: null, not a guess. A hedge just before it ("about", "nearly", "more than", "at least", "an
estimated", see ``numbers.HEDGES``) is part of its text and makes it approximate; so does a vague
count.

Each figure keeps the sentence it is stated in (``sentence``); the quotes stage, which runs after,
links it to the quote it sits in (``quote``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from chronicle.contract import Quantity, Span as Offsets
from chronicle.pipeline.base import Reading, Stage, register
from chronicle.values import numbers

# How far after the number the counted noun may stand ("3,000 automatic gun ammunition").
UNIT_WINDOW = 4
# Entity types whose numbers are part of a name, not a count.
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "NORP",
               "ORDINAL"}
TIME_LABELS = {"DATE", "TIME"}
# Nouns that make a number in a DATE/TIME entity a duration ("two days"), and words that make it a
# point in time after all ("two days ago").
TIME_UNITS = {"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month", "year",
              "decade", "century"}
POINT_WORDS = {"ago", "later", "earlier", "before", "after", "since", "old"}
PERCENT_WORDS = {"%", "percent", "per", "pct"}


@register("quantities")
class Quantities(Stage):
    needs = ("doc",)
    gives = ("quantities",)

    def __call__(self, reading: Reading) -> Reading:
        reading.quantities = quantities(reading.doc)
        return reading


def quantities(doc: Doc) -> list[Quantity]:
    """Every figure of a parsed text, numbered in text order."""
    found = []
    text = doc.text  # read once: spaCy joins every token again on each access
    for run in number_runs(doc):
        q = quantity(doc[run[0]:run[1]], f"n{len(found) + 1}", text)
        if q is not None:
            found.append(q)
    return found


def number_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of consecutive number words ("2.5 million", "tens of thousands", "a dozen")."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        following = doc[i + 1].text if i + 1 < len(doc) else None
        if not (_numeric(doc[i]) and numbers.starts_number(doc[i].text, following)):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            if _numeric(doc[j]) and numbers.word_value(doc[j].text) is not None and not (
                    doc[j].text[0].isdigit() and doc[j - 1].text[0].isdigit()):
                j += 1
            elif j + 1 < len(doc) and numbers.joins(doc[j - 1].text, doc[j].text, doc[j + 1].text):
                j += 2
            else:
                break
        if numbers.parse(" ".join(t.text for t in doc[i:j])) is not None:
            runs.append((i, j))
        i = j
    return runs


def _numeric(tok: Token) -> bool:
    return tok.like_num or tok.lower_ in numbers.VAGUE or tok.lower_ in ("a", "an", "dozen")


def quantity(run: Span, qid: str, text: str) -> Quantity | None:
    doc = run.doc
    words = [t for t in run if t.lower_ not in ("and", "of", "-")]
    if not _is_count(run, words):
        return None
    value = numbers.parse(" ".join(t.text for t in run))
    if value is None:
        return None
    start = run.start
    currency = None
    if start > 0 and doc[start - 1].text in numbers.CURRENCIES:
        start -= 1
        currency = numbers.CURRENCIES[doc[start].text]
    hedge = numbers.hedge_before([t.lower_ for t in doc[max(0, start - 4):start]])
    start -= hedge
    if run.end < len(doc) and doc[run.end].lower_ in PERCENT_WORDS:
        unit, end = "percent", run.end + (2 if doc[run.end].lower_ == "per" else 1)
    else:
        unit, end = _unit(run)
    if currency:
        unit = unit or currency
    if unit is None and run.end < len(doc) and doc[run.end].ent_type_ == "MONEY" and doc[run.end].pos_ == "NOUN":
        unit, end = doc[run.end].lemma_.lower(), run.end + 1
    if unit is None and len(words) == 1 and words[0].lower_ in ("one", "a", "an"):
        return None  # "one of the organisers", "one said": a pronoun, not a count
    approximate = hedge > 0 or numbers.is_vague([t.text for t in words])
    span = doc[start:end]
    sentence = run.sent
    return Quantity(
        id=qid, text=span.text, start=span.start_char, end=span.end_char, value=value, unit=unit,
        approximate=approximate, sentence=Offsets(start=sentence.start_char, end=_end_of(sentence, text)),
    )


def _is_count(run: Span, words: list[Token]) -> bool:
    doc = run.doc
    first, last = run[0], run[-1]
    if any(t.ent_type_ in NAME_LABELS for t in run):
        return False
    if first.i > 0 and doc[first.i - 1].text == "-" and first.idx == doc[first.i - 1].idx + 1 \
            and first.i > 1 and doc[first.i - 2].is_alpha:
        return False  # "COVID-19", "Su-25"
    if any(t.ent_type_ in TIME_LABELS for t in run):
        head = last.head
        if head.lemma_.lower() not in TIME_UNITS or head.i <= last.i:
            return False
        following = {t.lower_ for t in doc[head.i + 1 : head.i + 3]}
        if following & POINT_WORDS:
            return False
    if len(words) == 1 and last.shape_ == "dddd" and 1800 <= int(last.text) <= 2100:
        return _unit(run)[0] is not None  # a bare year, unless it counts something
    return True


def _unit(run: Span) -> tuple[str | None, int]:
    """The noun a figure counts (lemma, with its compounds) and the end of the figure's text."""
    doc = run.doc
    last = run[-1]
    # "dozens of people", "thousands of protesters", "a million of them"; not "one of the organisers"
    if numbers.is_scale(last.text):
        for child in last.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == run.end:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.i - run.end <= UNIT_WINDOW:
                        return _noun(obj), obj.i + 1
    head = last.head
    if head.pos_ in ("NOUN", "PROPN") and run.end <= head.i < run.end + UNIT_WINDOW \
            and head.ent_type_ not in NAME_LABELS and last.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod"):
        return _noun(head), head.i + 1
    # the parse missed it ("two hundred and fifty soldiers"): the nouns right after the number
    end = run.end
    while end < len(doc) and end - run.end < UNIT_WINDOW and doc[end].pos_ == "NOUN" \
            and doc[end].ent_type_ not in NAME_LABELS:
        end += 1
    if end > run.end:
        nouns = doc[run.end:end]
        return " ".join([t.lower_ for t in nouns[:-1]] + [nouns[-1].lemma_.lower()]), end
    return None, run.end


def _noun(head: Token) -> str:
    """ "gun ammunition", "police officer": the head's lemma after its compounds."""
    compounds = [c for c in head.children if c.dep_ == "compound" and c.i < head.i and not c.like_num
                 and c.pos_ in ("NOUN", "PROPN")]
    return " ".join([c.lower_ for c in compounds] + [head.lemma_.lower()])


def _end_of(sentence: Span, text: str) -> int:
    end = sentence.end_char
    while end > sentence.start_char and text[end - 1].isspace():
        end -= 1
    return end
