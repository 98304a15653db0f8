"""The ``entities`` stage: spaCy's named entities, corrected, typed per the contract, merged.

The small English model slips in ways that matter for a chronology, and we correct the common
ones from the parse rather than with lists of names:

- a name after an office word is a person ("Kazakh President Kassym-Jomart Tokayev" comes out as
  ORG), and a name after a place noun is a place ("the country's largest city Almaty");
- a demonym used as a modifier ("Kazakh President", "the Kazakh law enforcement") comes out as
  ORG or PERSON: it is not an actor and is dropped;
- spans never cross a line break (a photo credit glued to the next paragraph as one ORG);
- "the" and a possessive "'s" are not part of a name.

Mentions of one actor are merged inside the document: "Berik Assylov" and every later "Assylov"
become one entity with all its mentions; the longest form is the name, the others aliases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from spacy.tokens import Doc, Span

from chronicle.contract import Entity, Span as Offsets
from chronicle.data import word_list
from chronicle.pipeline.base import Reading, Stage, register

# spaCy (OntoNotes) label -> contract type. NORP (nationalities, religions) are descriptors, not
# actors; numbers and dates belong to other stages.
LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "LAW": "other",
}
# When the mentions of one entity disagree, this order breaks ties.
TYPE_ORDER = ("person", "organization", "place", "other", "group")
_STRIP_START = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass
class Mention:
    start: int  # character offsets in the document text
    end: int
    text: str
    type: str
    tokens: tuple[str, ...]  # name words, casefolded, for merging


@register("entities")
class Entities(Stage):
    needs = ("doc",)
    gives = ("entities", "refers")

    def __call__(self, reading: Reading) -> Reading:
        doc = reading.doc
        mentions = [m for span in doc.ents for m in mentions_of(span)]
        mentions += unlabelled_places(doc)
        mentions += repeated_names(doc, mentions)
        reading.entities = merge(sorted(mentions, key=lambda m: m.start))
        reading.refers = token_map(doc, reading.entities)
        return reading


def token_map(doc: Doc, entities: list[Entity]) -> dict[int, str]:
    """Token index -> entity id for every token inside a mention."""
    refers: dict[int, str] = {}
    for entity in entities:
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    refers[token.i] = entity.id
    return refers


def mentions_of(span: Span) -> list[Mention]:
    """The corrected mention(s) of one NER span; none when it is not an actor."""
    label = span.label_
    if label not in LABELS and label != "NORP":
        return []
    found = []
    for part in _split_lines(span):
        part = _owner(_trim(part))
        if part is None:
            continue
        kind = "place" if is_known_place(part.text) else _corrected_type(part, label)
        if kind is None:
            continue
        found.append(
            Mention(
                start=part.start_char,
                end=part.end_char,
                text=part.text,
                type=kind,
                tokens=tuple(_fold(t.text) for t in part if not t.is_punct),
            )
        )
    return found


def _split_lines(span: Span) -> list[Span]:
    """Cut a span at whitespace tokens holding a line break."""
    parts, begin = [], span.start
    for token in span:
        if token.is_space or "\n" in token.text:
            if token.i > begin:
                parts.append(span.doc[begin : token.i])
            begin = token.i + 1
    if span.end > begin:
        parts.append(span.doc[begin : span.end])
    return parts


def _trim(span: Span) -> Span | None:
    doc: Doc = span.doc
    start, end = span.start, span.end
    titles = word_list("titles.txt")
    while start < end and (doc[start].lower_ in _STRIP_START or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    # An office word the NER swallowed into a person's name ("President Tokayev").
    if span.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_ in titles:
            start += 1
    return doc[start:end] if end > start else None


def _owner(span: Span | None) -> Span | None:
    """"Kazakhstan's Prosecutor General" as one ORG: the owner is the entity, the rest a role."""
    if span is None:
        return None
    for token in span[1:-1]:
        if token.text in _POSSESSIVE:
            rest = span.doc[token.i + 1 : span.end]
            if all(t.lower_ in word_list("titles.txt") or t.is_punct for t in rest):
                return span.doc[span.start : token.i]
    return span


def unlabelled_places(doc: Doc) -> list[Mention]:
    """Proper names the NER missed right before a place noun: "the Zhanaozen city", "X region"."""
    found = []
    nouns = word_list("place_nouns.txt")
    for token in doc:
        if token.lower_ not in nouns or token.pos_ != "NOUN" or token.ent_type_:
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        if start == token.i:
            continue
        name = doc[start : token.i]
        found.append(Mention(name.start_char, name.end_char, name.text, "place",
                             tuple(_fold(t.text) for t in name if not t.is_punct)))
    return found


def repeated_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Occurrences of a person's name the NER missed elsewhere in the same document.

    The statistical NER tags "Assylov" in one sentence and not in the next ("Assylov further
    said"); a name once recognised as a person is that person wherever it recurs as whole tokens.
    """
    taken = [(m.start, m.end) for m in mentions]
    forms = {m.text for m in mentions if m.type == "person"}
    found = []
    text = doc.text  # spaCy joins every token anew on each access of Doc.text: read it once
    for form in sorted(forms, key=len, reverse=True):
        begin = 0
        while (i := text.find(form, begin)) >= 0:
            begin = i + len(form)
            span = doc.char_span(i, i + len(form))
            if span is None or any(a < span.end_char and span.start_char < b for a, b in taken):
                continue
            taken.append((span.start_char, span.end_char))
            found.append(Mention(span.start_char, span.end_char, span.text, "person",
                                 tuple(_fold(t.text) for t in span if not t.is_punct)))
    return found


def _corrected_type(span: Span, label: str) -> str | None:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    proper = all(t.pos_ in ("PROPN", "PUNCT") or t.is_title for t in span)
    if before is not None and proper and label in ("ORG", "GPE", "NORP", "PERSON"):
        if before.lower_ in word_list("titles.txt") and _is_name_like(span):
            return "person"
        if before.lower_ in word_list("place_nouns.txt") and label != "PERSON":
            return "place"
    if len(span) == 1 and label in ("ORG", "PERSON", "NORP", "GPE") and is_demonym(span.text):
        return None
    if label == "NORP":
        return None
    return LABELS[label]


def _is_name_like(span: Span) -> bool:
    """Two or more capitalised words, or one not otherwise known as a place ("Tokayev")."""
    return len([t for t in span if t.is_alpha]) >= 2 or span.label_ != "GPE"


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value and " " not in value:
                names.add(_fold(value))
    return tuple(sorted(names))


@lru_cache(maxsize=4096)
def is_known_place(name: str) -> bool:
    """A country (ISO 3166) or a first-level subdivision (ISO 3166-2) by name, from pycountry,
    whatever the NER called it: "Tajikistan" as NORP and "Almaty" as ORG are places."""
    return _fold(name) in _place_names()


# Generic words that end subdivision names in ISO 3166-2 ("Almaty oblysy", "Kent County").
_SUBDIVISION_WORDS = {"oblysy", "oblast", "oblast'", "province", "region", "county", "state", "district",
                      "governorate", "prefecture", "city", "municipality", "department", "voivodeship"}


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    names = {_fold(getattr(c, a)) for c in pycountry.countries for a in ("name", "common_name") if getattr(c, a, None)}
    for sub in pycountry.subdivisions:
        words = _fold(sub.name).split()
        while len(words) > 1 and words[-1] in _SUBDIVISION_WORDS:
            words.pop()
        if words and words[0][:1].isalpha():
            names.add(" ".join(words))
    return frozenset(names)


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """"Kazakh", "Russian", "Chinese", "Tajik": an adjective of a country name, not the name.

    Judged by a shared stem with a one-word country name from ISO 3166 (pycountry): the stem must
    cover all of the shorter word but its last two letters, and both must be at least four long.
    """
    w = _fold(word)
    if len(w) < 4 or not w.isalpha():
        return False
    for name in _country_names():
        if name == w:
            return False
    for name in _country_names():
        common = len(_common_prefix(w, name))
        if common >= 4 and common >= min(len(w), len(name)) - 2:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("’", "'")


def merge(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities: exact names together; a surname or part of a person's name
    joins the person whose full name holds it (the closest one mentioned before it)."""
    clusters: list[list[Mention]] = []
    by_key: dict[tuple[str, ...], int] = {}
    # Longest names first, so that "Assylov" finds "Berik Assylov" whatever the order in the text.
    for m in sorted(mentions, key=lambda m: (-len(m.tokens), m.start)):
        key = m.tokens
        if key in by_key:
            clusters[by_key[key]].append(m)
            continue
        target = _person_holding(m, clusters) if m.type in ("person", "organization") else None
        if target is None:
            by_key[key] = len(clusters)
            clusters.append([m])
        else:
            by_key.setdefault(key, target)
            clusters[target].append(m)
    clusters.sort(key=lambda c: min(m.start for m in c))
    return [_entity(f"e{i}", c) for i, c in enumerate(clusters, start=1)]


def _person_holding(m: Mention, clusters: list[list[Mention]]) -> int | None:
    """The person cluster whose longest name contains all of ``m``'s words, closest before it."""
    best, best_distance = None, None
    for i, cluster in enumerate(clusters):
        if _cluster_type(cluster) != "person":
            continue
        full = max(cluster, key=lambda x: len(x.tokens)).tokens
        if len(full) <= len(m.tokens) or not set(m.tokens) <= set(full):
            continue
        before = [x.start for x in cluster if x.start < m.start]
        distance = m.start - max(before) if before else 10**9 + min(x.start for x in cluster)
        if best_distance is None or distance < best_distance:
            best, best_distance = i, distance
    return best


def _cluster_type(cluster: list[Mention]) -> str:
    votes: dict[str, int] = {}
    for m in cluster:
        votes[m.type] = votes.get(m.type, 0) + 1
    return max(votes, key=lambda t: (votes[t], -TYPE_ORDER.index(t)))


def _entity(entity_id: str, cluster: list[Mention]) -> Entity:
    cluster.sort(key=lambda m: m.start)
    forms: list[str] = []
    for m in cluster:
        if m.text not in forms:
            forms.append(m.text)
    name = max(forms, key=lambda f: (len(f.split()), len(f)))
    kind = "person" if any(m.type == "person" for m in cluster) and _person_shaped(name) else _cluster_type(cluster)
    return Entity(
        id=entity_id,
        type=kind,
        name=name,
        aliases=[f for f in forms if f != name],
        mentions=[Offsets(start=m.start, end=m.end) for m in cluster],
    )


def _person_shaped(name: str) -> bool:
    return bool(re.fullmatch(r"[\w.'’-]+(?: [\w.'’-]+){0,4}", name))
