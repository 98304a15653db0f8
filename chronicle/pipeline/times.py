"""The ``times`` stage: English time expressions, normalized to TimeML TIMEX3 values.

Finding. The grammar is data (``chronicle/data/time_grammar.toml``): token classes (months,
weekdays, units, numbers...) and patterns over them, compiled once per process into one spaCy
``Matcher``. Every match knows which pattern element each token filled (the Matcher's
alignments), so the value is computed from typed slots, never by re-parsing the text. Where
matches overlap the longest wins; a modifier before a calendar expression ("early", "the end of")
joins its extent and narrows its bounds. Extents follow TimeML: prepositions stay out ("on
Thursday" -> "Thursday"), determiners and modifiers stay in ("the last week", "early December").

Anchoring. Each value is computed against one of two references:

* the document creation time (DCT, ``document.published``) for deictic expressions: "last year",
  "this week", "two days ago", "yesterday", weekdays and month names. Tense decides the direction
  where the expression does not: the verb that governs the expression is found in the parse; past
  tense picks the most recent Thursday on or before the DCT ("told parliament on Thursday"), future
  ("will meet on Thursday") the next one on or after it, and anything else the nearest. Month names
  work the same way ("in June" said in March and in the future tense is June of the same year).
* the narrative reference for anaphoric expressions: "two days later", "the following day", "the
  next week", "that year" and "the previous month" move from the last date the text mentioned
  that is fine enough for the unit (a day for "two days later", at least a year for "a year
  later"), not from the DCT.

A bare month or month-day without a year ("January", "January 2") first takes the year of an
earlier mention of the same month with a stated year ("in January 2022 ... the tragedy of
January" -> 2022-01), then the year of a date mentioned in the same or the previous sentence when
that differs from the DCT's ("In May 2010 ... In August, ..." -> 2010-08); only then the DCT with
tense. "January 2 last year" takes its year from the DCT.

Unknown DCT. Nothing is guessed: weekdays and month names keep underspecified values
("XXXX-WXX-4", "XXXX-01", "XXXX-01-02"), deictic expressions ("last year", "two days ago") keep
``value: null``, and narrative anchoring still works between dates the text states.

Publication date inference. When no date was given and the page had none
(``published.source == "unknown"``), the text can still fix the year it was written in: a
relative expression with a month ("January 2 last year") and an absolute mention of the same
month ("January 2022") can only both hold if the text was written in 2023. Agreeing pairs set
``document.published`` to that year (``source = "inferred"``, ``earliest``/``latest`` spanning it,
narrowed by dates the text reports in the past tense); the times are then resolved against a DCT
known to the year only. Page metadata and ``--published`` always win: inference never runs when
either gave a date.

The stage updates ``reading.document.published`` when it infers the date (that is the only field
of the document it writes).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from chronicle.contract import Published, Time
from chronicle.pipeline.base import Reading, Stage, register
from chronicle.values import numbers, timex
from chronicle.values.timex import Dct

__all__ = ["Times", "normalize", "bounds", "find", "tense_of"]

_MISSING = object()
_CALENDAR_KINDS = ("date", "relative", "decade", "century", "quarter")
_PAST_TAGS = ("VBD",)
_FUTURE_AUX = ("will", "shall", "'ll", "wo")
_ENTITY_BLOCK = ("PERSON", "ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "LOC", "EVENT", "LAW")


# ------------------------------------------------------------------------------------- grammar

@dataclass(frozen=True)
class TokenClass:
    """One token class of the grammar: its Matcher token spec and the value a token carries."""

    name: str
    spec: dict
    words: dict[str, Any] = field(default_factory=dict)
    shapes: frozenset[str] = frozenset()
    like_num: bool = False
    title: bool = False

    def value(self, token) -> Any:
        """The class's value for ``token``, or ``_MISSING`` if the token is not of this class."""
        if self.words:
            low = token.lower_
            if low not in self.words:
                return _MISSING
            if self.title and not (token.text[:1].isupper()):
                return _MISSING
            return self.words[low]
        if self.shapes:
            return token.text if token.shape_ in self.shapes else _MISSING
        if self.like_num:
            return token.text if token.like_num else _MISSING
        return _MISSING


@dataclass(frozen=True)
class Element:
    atoms: tuple[str, ...]  # class names (upper case) or literal lower-case words
    op: str | None

    def spec(self, classes: dict[str, TokenClass]) -> dict:
        literals = [a for a in self.atoms if a not in classes]
        specs = [classes[a].spec for a in self.atoms if a in classes]
        if literals:
            specs.append({"LOWER": {"IN": literals}} if len(literals) > 1 else {"LOWER": literals[0]})
        if len(specs) > 1 and all("SHAPE" in sp for sp in specs):
            spec = {"SHAPE": {"IN": sorted({x for sp in specs for x in sp["SHAPE"]["IN"]})}}
        elif len(specs) > 1:  # word alternatives: one set of surface forms
            spec = _merge(specs)
        else:
            spec = dict(specs[0])
        if self.op:
            spec["OP"] = self.op
        return spec


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    priority: int
    elements: tuple[Element, ...]
    prev: frozenset[str] | None
    not_prev: frozenset[str]
    not_next: frozenset[str]
    next: frozenset[str] | None = None


@dataclass(frozen=True)
class Grammar:
    classes: dict[str, TokenClass]
    rules: dict[str, Rule]  # matcher key -> rule (one key per pattern)
    modifiers: tuple[tuple[tuple[str, ...], str], ...]
    lexicon: dict[str, dict]
    core_words: frozenset[str]  # a token with one of these words or shapes may start a window
    core_shapes: frozenset[str]
    longest: int  # tokens in the longest pattern


def _merge(specs: list[dict]) -> dict:
    """One token spec accepting any of several word-list specs (ORTH and LOWER sets)."""
    forms: set[str] = set()
    for spec in specs:
        for key in ("ORTH", "LOWER"):
            if key in spec:
                v = spec[key]
                forms.update(v["IN"] if isinstance(v, dict) else [v])
        if not ({"ORTH", "LOWER"} & spec.keys()):
            raise ValueError(f"cannot merge token spec {spec} with words in one alternative")
    variants = set()
    for f in forms:
        variants.update({f, f.lower(), f.capitalize(), f.upper()})
    return {"ORTH": {"IN": sorted(variants)}}


def _token_class(name: str, raw: dict) -> TokenClass:
    title = bool(raw.get("title"))
    if "words" in raw:
        words = {str(k).lower(): v for k, v in raw["words"].items()}
        if title:
            forms = sorted({f for w in words for f in (w.capitalize(), w.upper(), w.title())})
            spec = {"ORTH": {"IN": forms}}
        else:
            spec = {"LOWER": {"IN": sorted(words)}}
        return TokenClass(name, spec, words=words, title=title)
    if "numbers" in raw:
        lo, hi = raw["numbers"]
        words = {}
        for n in range(lo, hi + 1):
            for suffix in raw.get("suffixes", [""]):
                words[f"{n}{suffix}"] = n
                if raw.get("pad"):
                    words[f"{n:02d}{suffix}"] = n
        return TokenClass(name, {"ORTH": {"IN": sorted(words)}}, words=words)
    if "shapes" in raw:
        shapes = frozenset(raw["shapes"])
        return TokenClass(name, {"SHAPE": {"IN": sorted(shapes)}}, shapes=shapes)
    if raw.get("like_num"):
        return TokenClass(name, {"LIKE_NUM": True}, like_num=True)
    raise ValueError(f"time grammar: class {name} has no words, numbers, shapes or like_num")


def _elements(pattern: str) -> tuple[Element, ...]:
    out = []
    for item in pattern.split():
        op = None
        if len(item) > 1 and item[-1] in "?+*":
            item, op = item[:-1], item[-1]
        out.append(Element(tuple(a if a.isupper() else a.lower() for a in item.split("|")), op))
    return tuple(out)


def _variants(elements: tuple[Element, ...], classes: dict[str, TokenClass]) -> list[tuple[Element, ...]]:
    """One Matcher pattern per combination of alternatives that one token spec cannot hold.

    Word alternatives ("last|next", "CALUNIT|UNIT") merge into one set of surface forms; an
    alternative between a word list and a shape or number test ("NUM|A") needs two patterns.
    """
    out: list[tuple[Element, ...]] = [()]
    for e in elements:
        groups: dict[str, list[str]] = {}
        for atom in e.atoms:
            cls = classes.get(atom)
            key = "shape" if cls is not None and cls.shapes else "num" if cls is not None and cls.like_num else "words"
            groups.setdefault(key, []).append(atom)
        out = [prefix + (Element(tuple(atoms), e.op),) for prefix in out for atoms in groups.values()]
    return out


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The grammar file, read once per process."""
    raw = tomllib.loads(resources.files("chronicle.data").joinpath("time_grammar.toml").read_text("utf-8"))
    classes = {name: _token_class(name, spec) for name, spec in raw["classes"].items()}
    rules: dict[str, Rule] = {}
    priority = 0
    lexicon = {k.lower(): v for k, v in raw.get("lexicon", {}).items()}
    rule_list = list(raw["rules"])
    for text, spec in lexicon.items():
        rule_list.append({"name": f"lex:{text}", "kind": "lexical", "patterns": [text], "prev": spec.get("prev")})
    for rule in rule_list:
        for i, pattern in enumerate(rule["patterns"]):
            priority += 1
            for j, elements in enumerate(_variants(_elements(pattern), classes)):
                rules[f"{rule['name']}#{i}.{j}"] = Rule(
                    name=rule["name"], kind=rule["kind"], priority=priority, elements=elements,
                    prev=frozenset(rule["prev"]) if rule.get("prev") else None,
                    not_prev=frozenset(rule.get("not_prev", ())), not_next=frozenset(rule.get("not_next", ())),
                    next=frozenset(rule["next"]) if rule.get("next") else None,
                )
    modifiers = tuple(sorted(((tuple(k.split()), v) for k, v in raw.get("modifiers", {}).items()),
                             key=lambda kv: -len(kv[0])))
    core_classes = set(raw["finding"]["core_classes"])
    core_literals = set(raw["finding"]["core_words"])
    for key, rule in rules.items():
        if not any(e.op is None and all(a in core_classes or a in core_literals for a in e.atoms)
                   for e in rule.elements):
            raise ValueError(f"time grammar: pattern {key} holds no core class or word (see [finding])")
    core_words = set(core_literals)
    core_shapes = set()
    for name in core_classes:
        core_words.update(classes[name].words)
        core_shapes.update(classes[name].shapes)
    longest = max(len(r.elements) for r in rules.values())
    return Grammar(classes, rules, modifiers, lexicon, frozenset(core_words), frozenset(core_shapes), longest)


_MATCHERS: dict[int, tuple[Any, Any]] = {}


def _matcher(vocab):
    """The compiled Matcher for a vocabulary (built once: compiling is the costly part)."""
    hit = _MATCHERS.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    from spacy.matcher import Matcher

    g = grammar()
    matcher = Matcher(vocab, validate=True)
    for key, rule in g.rules.items():
        matcher.add(key, [[e.spec(g.classes) for e in rule.elements]])
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


# ------------------------------------------------------------------------------------- finding

@dataclass
class Mention:
    """A time expression found in a Doc: token range, rule, and the typed slots its tokens filled."""

    start: int
    end: int
    rule: Rule
    slots: dict[str, list[tuple[Any, Any]]]  # class name -> [(token, value)]
    words: tuple[str, ...]  # the lower-case literal words of the pattern that matched
    mod: str | None = None

    @property
    def kind(self) -> str:
        return self.rule.kind

    def get(self, name: str, default: Any = None) -> Any:
        found = self.slots.get(name)
        return found[0][1] if found else default

    def has(self, *names: str) -> bool:
        return any(n in self.slots for n in names)


def find(doc) -> list[Mention]:
    """The time expressions of ``doc``, in text order, without overlaps."""
    g = grammar()
    vocab_strings = doc.vocab.strings
    candidates: list[Mention] = []
    matcher = _matcher(doc.vocab)
    for a, b in _windows(doc, g):
        for match_id, start, end, alignment in matcher(doc[a:b], with_alignments=True):
            rule = g.rules[vocab_strings[match_id]]
            mention = _slots(doc, a + start, a + end, rule, alignment, g.classes)
            if mention is not None and _acceptable(doc, mention):
                candidates.append(mention)
    candidates.sort(key=lambda m: (-(m.end - m.start), m.rule.priority, m.start))
    taken = [False] * len(doc)
    chosen: list[Mention] = []
    for m in candidates:
        if any(taken[m.start:m.end]):
            continue
        for i in range(m.start, m.end):
            taken[i] = True
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    out: list[Mention] = []
    for m in chosen:
        if m.kind == "year_range":
            out.extend(_split_range(m))
            continue
        _extend_modifier(doc, m, out[-1].end if out else 0, g)
        out.append(m)
    return out


def _windows(doc, g: Grammar) -> list[tuple[int, int]]:
    """Token ranges around the tokens that can be part of a time expression, merged."""
    reach = g.longest
    out: list[tuple[int, int]] = []
    words, shapes = g.core_words, g.core_shapes
    for token in doc:
        if token.lower_ in words or token.shape_ in shapes:
            a, b = max(0, token.i - reach), min(len(doc), token.i + reach + 1)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


def _slots(doc, start, end, rule, alignment, classes) -> Mention | None:
    slots: dict[str, list] = {}
    words = []
    for token, a in zip(doc[start:end], alignment):
        element = rule.elements[a]
        for atom in element.atoms:
            if atom in classes:
                value = classes[atom].value(token)
                if value is not _MISSING:
                    slots.setdefault(atom, []).append((token, value))
                    break
            elif token.lower_ == atom:
                words.append(atom)
                break
        else:
            return None  # a merged alternative matched a form no atom claims (should not happen)
    return Mention(start, end, rule, slots, tuple(words))


def _acceptable(doc, m: Mention) -> bool:
    """The rule's context filters and the checks a pattern cannot express."""
    rule = m.rule
    prev = doc[m.start - 1].lower_ if m.start > 0 else ""
    nxt = doc[m.end].lower_ if m.end < len(doc) else ""
    if rule.prev is not None and prev not in rule.prev:
        return False
    if prev in rule.not_prev or nxt in rule.not_next:
        return False
    for name in ("MONTH", "WEEKDAY", "SEASON", "WEEKDAYS"):
        for token, _ in m.slots.get(name, ()):
            if token.ent_type_ in _ENTITY_BLOCK:
                return False
            if name == "MONTH" and token.lower_ == "may" and token.tag_ == "MD":
                return False
    if "YEAR" in m.slots:
        year = int(m.get("YEAR"))
        if not 1000 <= year <= 2099:
            return False
        if year < 1900 and rule.name == "year" and prev not in ("in", "since", "until", "of", "by", "from", "before",
                                                                 "after", "around", "during", "to"):
            return False
        if rule.name == "year" and len(m.slots) == 1 and m.end < len(doc) and doc[m.end].tag_ in ("NNS", "NNPS"):
            return False  # "2000 guns"
    if rule.kind == "date" and "DAY" in m.slots and "MONTH" in m.slots:
        try:
            date(2000, m.get("MONTH"), m.get("DAY"))  # 2000 is a leap year: 29 February is fine
        except ValueError:
            return False
        if "YEAR" in m.slots and not timex.valid(f"{int(m.get('YEAR')):04d}-{m.get('MONTH'):02d}-{m.get('DAY'):02d}"):
            return False
    if "NUM" in m.slots:
        if _number(m) is None:
            return False
    if "MIDYEAR" in m.slots:
        prefix, _, digits = m.get("MIDYEAR").lower().partition("-")
        if prefix != "mid" or not 1000 <= int(digits) <= 2099:
            return False
        m.slots["YEAR"] = [(m.slots["MIDYEAR"][0][0], digits)]
        m.mod = "MID"
    if rule.kind == "time" and not _clock(m):
        return False
    if rule.kind == "decade" and _decade(m) is None:
        return False
    if rule.kind in ("duration", "offset"):
        if prev in ("aged", "ages", "age") or nxt == "old" or (
                nxt == "-" and m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "old"):
            return False  # an age is not a time: "ages 6 months and older", "a 22-year-old"
    if rule.next is not None and nxt not in rule.next:
        return False
    if rule.kind == "duration" and "VAGUE" in m.slots and "UNIT" in m.slots:
        unit_token = m.slots["UNIT"][0][0]
        if not unit_token.lower_.endswith("s"):
            return False
    return True


def _number(m: Mention) -> float | None:
    tokens = m.slots.get("NUM", ())
    if not tokens:
        return None
    if len(tokens) > 1:  # "two-three days": a range, the number is not stated exactly
        return None
    n = numbers.parse(tokens[0][0].text)
    if n is None or n < 0:
        return None
    if "FRACTION" in m.slots:
        a, b = m.get("FRACTION").split("/")
        n += int(a) / int(b) if int(b) else 0
    if "half" in m.words and "and" in m.words:
        n += 0.5
    return n


def _split_range(m: Mention) -> list[Mention]:
    """ "1957-58" is two years, as TimeML tags them: 1957 and 1958."""
    (first_token, first), = m.slots["YEAR"]
    (second_token, second), = m.slots["YY"]
    full = int(first) // 100 * 100 + int(second)
    rule = grammar().rules["year#0.0"]
    a = Mention(first_token.i, first_token.i + 1, rule, {"YEAR": [(first_token, first)]}, ())
    b = Mention(second_token.i, second_token.i + 1, rule, {"YEAR": [(second_token, f"{full:04d}")]}, ())
    return [a, b] if full > int(first) else [a]


def _extend_modifier(doc, m: Mention, floor: int, g: Grammar) -> None:
    if m.kind not in _CALENDAR_KINDS and m.rule.name not in ("year", "season"):
        return
    if m.rule.name in ("date",) and "WEEKDAY" in m.slots and "MONTH" not in m.slots:
        return
    for words, mod in g.modifiers:
        n = len(words)
        s = m.start - n
        if s < floor:
            continue
        if tuple(t.lower_ for t in doc[s:m.start]) != words:
            continue
        if not mod and not (m.kind == "relative" and m.get("REL") == 0):
            continue  # "earlier" and "later" only before "this ..."
        if words[0] == "the" and doc[m.start].lower_ == "the":
            continue
        m.start, m.mod = s, mod or None
        return


# ------------------------------------------------------------------------------------- tense

def tense_of(doc, start: int, end: int) -> int:
    """-1 past, +1 future, 0 present or unknown: the tense of the verb that governs a span."""
    if not doc.has_annotation("DEP"):
        return 0
    token = doc[start:end].root
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and seen < 8:
        token, seen = token.head, seen + 1
    if token.pos_ not in ("VERB", "AUX"):
        return 0
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in aux}
    if lowers & set(_FUTURE_AUX) or token.lower_ in _FUTURE_AUX:
        return 1
    if "going" in lowers or any(a.lower_ == "going" for a in token.head.children if token.head is not token):
        return 1
    if token.tag_ in _PAST_TAGS or any(a.tag_ == "VBD" for a in aux):
        return -1
    if token.tag_ == "VBN" and not aux:
        # "started ... and peaked by": a conjunct shares its head's tense; a bare participle
        # ("the plan announced Friday") reports the past
        if token.dep_ == "conj" and token.head is not token and token.head.pos_ in ("VERB", "AUX"):
            return tense_of(token.doc, token.head.i, token.head.i + 1)
        return -1
    if token.tag_ == "VBN" and lowers & {"had", "'d"}:
        return -1
    if token.tag_ == "VBN" and lowers & {"has", "have", "'ve", "'s"}:
        return 0  # the present perfect speaks of now: "has been postponed until Saturday"
    if token.tag_ == "VB" and "to" in lowers:  # "plans to meet on Friday", "is expected to vote"
        head = token.head
        if head is not token and head.tag_ == "VBD":
            return 0
        return 1
    return 0


# ------------------------------------------------------------------------------------- resolving

@dataclass
class Resolved:
    start: int  # token range (the resolver may trim a mention)
    end: int
    type: str
    value: str | None
    mod: str | None = None


class Resolver:
    """Computes the values of a document's mentions in text order, keeping the narrative reference."""

    def __init__(self, doc, dct: Dct):
        self.doc = doc
        self.dct = dct
        self.history: list[tuple[int, str]] = []  # (sentence index, calendar value) in text order
        self.month_years: dict[int, int] = {}  # month -> year of the last mention with both stated
        self._sent_of = _sentence_index(doc)

    # -- references
    def sentence(self, m: Mention) -> int:
        return self._sent_of[m.start] if self._sent_of else 0

    def anchor(self, unit: str) -> date | None:
        """The last date the text mentioned that is fine enough for moving by ``unit``."""
        allowed = {"D": ("D", "T"), "W": ("D", "T", "W"), "WE": ("D", "T", "W"),
                   "M": ("D", "T", "M"), "Q": ("D", "T", "M", "Q")}.get(unit, ("D", "T", "M", "W", "Y", "Q", "H", "SE"))
        for _, value in reversed(self.history):
            if timex.granularity(value) in allowed and not timex.is_underspecified(value):
                return timex.start(value)
        return None

    def narrative_year(self, m: Mention, month: int) -> int | None:
        if month in self.month_years:
            return self.month_years[month]
        here = self.sentence(m)
        for sent, value in reversed(self.history):
            if sent < here - 1:
                break
            g = timex.granularity(value)
            if g in ("D", "M", "T") or (g == "Y" and sent == here):
                year = int(value[:4])
                if self.dct.year is None or year != self.dct.year:
                    return year
                return None
        return None

    def remember(self, m: Mention, value: str | None) -> None:
        if value and timex.granularity(value) in ("D", "T", "M", "W", "Y", "Q", "H", "SE") \
                and not timex.is_underspecified(value):
            self.history.append((self.sentence(m), value))
            if m.has("MONTH") and timex.granularity(value) in ("D", "M", "T"):
                self.month_years[m.get("MONTH")] = int(value[:4])

    # -- dispatch
    def resolve(self, m: Mention) -> Resolved:
        handler = getattr(self, f"_{m.kind}")
        out = handler(m)
        if out.type in ("DATE", "TIME"):
            self.remember(m, out.value)
        if out.mod is None:
            out.mod = m.mod
        return out

    def _tense(self, m: Mention) -> int:
        return tense_of(self.doc, m.start, m.end)

    # -- kinds
    def _date(self, m: Mention) -> Resolved:
        kind = "DATE"
        part = m.get("PART")
        if part:
            kind = "TIME"
        if m.has("SLASHDATE"):
            return Resolved(m.start, m.end, "DATE", _slash_date(m.get("SLASHDATE")))
        month = m.get("MONTH") or m.get("MM")
        day = m.get("DAY")
        year = int(m.get("YEAR")) if m.has("YEAR") else None
        season = m.get("SEASON") or m.get("FALL")
        weekday = m.get("WEEKDAY")
        if season:
            if year is None:
                year = self._season_year(m, season, self._tense(m))
            return Resolved(m.start, m.end, "DATE", f"{_year(year)}-{season}")
        if month is None and weekday is None:
            return Resolved(m.start, m.end, "DATE", f"{year:04d}" if year is not None else None)
        if month is None:  # a weekday
            value = self._weekday(weekday, self._tense(m))
            return Resolved(m.start, m.end, kind, value + (f"T{part}" if part else ""))
        if year is None:
            year = self.narrative_year(m, month)
            if year is None and self.dct.day is not None:
                year = timex.year_of(self.dct.day, month, day, self._tense(m))
        if day is None:
            return Resolved(m.start, m.end, "DATE", timex.month(year, month))
        value = f"{_year(year)}-{month:02d}-{day:02d}"
        return Resolved(m.start, m.end, kind, value + (f"T{part}" if part else ""))

    def _weekday(self, weekday: int, direction: int) -> str:
        if self.dct.day is None:
            return f"XXXX-WXX-{weekday}"
        return timex.day(timex.weekday_on(self.dct.day, weekday, direction))

    def _season_year(self, m: Mention, season: str, direction: int) -> int | None:
        if self.dct.day is None:
            return None
        return timex.season_year(self.dct.day, season, direction)

    def _relative(self, m: Mention) -> Resolved:
        rel = m.get("REL")
        word = m.slots["REL"][0][0].lower_ if m.has("REL") else None
        unit = m.get("CALUNIT")
        has_the = m.words[:1] == ("the",)
        narrative = word in ("previous", "preceding", "prior", "following", "same") or "that" in m.words \
            or (has_the and word == "next") or "before" in m.words or "after" in m.words
        if "fiscal" in m.words and "year" in m.words:
            unit = "Y"
        if "end" in m.words and "year" in m.words and rel is None:  # "the end of the year"
            unit, m.mod = "Y", "END"
            if self.dct.day is None:
                return Resolved(m.start, m.end, "DATE", f"{self.dct.year:04d}" if self.dct.known else None)
            # said in the past tense, the end of a year that has not ended yet is last year's
            tense = self._tense(m)
            year = self.dct.year
            first, last = timex.bounds(f"{year:04d}", "END")
            if tense < 0 and date.fromisoformat(first) > self.dct.day:
                year -= 1
            return Resolved(m.start, m.end, "DATE", f"{year:04d}", "END")
        if "night" in m.words and ("before" in m.words or "after" in m.words):
            ref = self.anchor("D")
            if ref is None or self._np_follows(m):
                return Resolved(m.start, m.end, "TIME", None)
            step = -1 if "before" in m.words else 1
            return Resolved(m.start, m.end, "TIME", timex.day(timex.shift(ref, step, "D")) + "TNI")
        if unit and has_the and word in ("past", "coming", "upcoming"):
            return Resolved(m.start, m.end, "DURATION", timex.duration(1, unit))
        if unit and has_the and word in ("last", "next") and self._prep_before(m) in (
                "over", "during", "within", "for", "throughout"):
            return Resolved(m.start, m.end, "DURATION", timex.duration(1, unit))
        if unit:
            if "before" in m.words or "after" in m.words:
                rel = -1 if "before" in m.words else 1
                if self._np_follows(m):
                    return Resolved(m.start, m.end, "DATE", None)
            if "that" in m.words:
                rel = 0
            ref = self.anchor(unit) if narrative else self.dct.day
            if ref is None and not narrative and unit in ("Y", "DE", "CE") and self.dct.year is not None:
                ref = date(self.dct.year, 7, 1)
            if ref is None or (has_the and self._of_follows(m)):
                return Resolved(m.start, m.end, "DATE", None)
            value = timex.at(timex.shift(ref, rel, unit), unit)
            return Resolved(m.start, m.end, "DATE", value)
        if m.has("MONTH") and "year" in m.words:  # "January 2 last year"
            base = None
            if narrative:
                ref = self.anchor("Y")
                base = ref.year if ref else None
            elif self.dct.year is not None:
                base = self.dct.year
            year = None if base is None else base + rel
            month, day = m.get("MONTH"), m.get("DAY")
            value = timex.month(year, month) if day is None else f"{_year(year)}-{month:02d}-{day:02d}"
            if year is None and day is None:
                value = None
            return Resolved(m.start, m.end, "DATE", value if year is not None else None)
        if m.has("MONTH"):  # "last July", "next May", "this June"
            month = m.get("MONTH")
            ref = self.anchor("M") if narrative else self.dct.day
            if ref is None:
                return Resolved(m.start, m.end, "DATE", None)
            if rel < 0:
                year = ref.year if month < ref.month else ref.year - 1
            elif rel > 0:
                year = ref.year if month > ref.month else ref.year + 1
            else:
                year = ref.year
            return Resolved(m.start, m.end, "DATE", timex.month(year, month))
        if m.has("WEEKDAY"):
            weekday, part = m.get("WEEKDAY"), m.get("PART")
            kind = "TIME" if part else "DATE"
            if self.dct.day is None:
                return Resolved(m.start, m.end, kind, None)
            d = self.dct.day
            if rel < 0:
                d = timex.weekday_on(d - timedelta(days=1), weekday, -1)
            elif rel > 0:
                d = timex.weekday_on(d + timedelta(days=1), weekday, 1)
            else:
                d = timex.weekday_on(d, weekday, self._tense(m))
            return Resolved(m.start, m.end, kind, timex.day(d) + (f"T{part}" if part else ""))
        season = m.get("SEASON") or m.get("FALL")
        if season:
            if "year" in m.words:  # "summer of last year"
                if self.dct.year is None:
                    return Resolved(m.start, m.end, "DATE", None)
                return Resolved(m.start, m.end, "DATE", f"{self.dct.year + rel:04d}-{season}")
            if self.dct.day is None:
                return Resolved(m.start, m.end, "DATE", None)
            if rel == 0:
                year = timex.season_year(self.dct.day, season, self._tense(m))
            else:
                year = _other_season(self.dct.day, season, rel)
            return Resolved(m.start, m.end, "DATE", f"{year:04d}-{season}")
        return Resolved(m.start, m.end, "DATE", None)

    def _offset(self, m: Mention) -> Resolved:
        unit = m.get("CALUNIT") or m.get("UNIT")
        n = 1 if m.has("A") and not m.has("NUM") else _number(m) if m.has("NUM") else None
        if "few" in m.words or "couple" in m.words or m.has("VAGUE"):
            n = None
        direction = m.get("DIRECTION")
        if "from" in m.words and "now" in m.words:
            direction = 1
        nxt = self.doc[m.end].lower_ if m.end < len(self.doc) else ""
        word = m.slots["DIRECTION"][0][0].lower_ if m.has("DIRECTION") else "now"
        if word in ("earlier", "later") and nxt in ("than", "that"):
            end = m.slots["DIRECTION"][0][0].i
            return Resolved(m.start, end, "DURATION", timex.duration(n, _dur_unit(unit)))
        deictic = word in ("ago", "hence", "now")
        if n is None:
            if deictic:
                return Resolved(m.start, m.end, "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
            return Resolved(m.start, m.end, "DATE", None)
        if unit in ("TH", "TM", "TS") or not float(n).is_integer():
            return Resolved(m.start, m.end, "DATE", None)
        if unit == "FN":
            unit, n = "W", n * 2
        gran = {"DE": "Y", "CE": "Y"}.get(unit, unit)
        if deictic:
            ref = self.dct.day
            if ref is None and gran == "Y" and self.dct.year is not None:
                ref = date(self.dct.year, 7, 1)
        else:
            ref = self.anchor(gran)
        if ref is None:
            return Resolved(m.start, m.end, "DATE", None)
        return Resolved(m.start, m.end, "DATE", timex.at(timex.shift(ref, int(n) * direction, unit), gran))

    def _duration(self, m: Mention) -> Resolved:
        unit = m.get("UNIT") or m.get("PLURALUNIT") or m.get("CALUNIT")
        if "half" in m.words and "hour" in m.words or (unit is None and "hour" in m.words):
            if "and" in m.words:
                return Resolved(m.start, m.end, "DURATION", "PT1.5H")
            return Resolved(m.start, m.end, "DURATION", "PT30M")
        if m.has("NUM"):
            n = _number(m)
        elif m.has("A") and not m.has("VAGUE") and "few" not in m.words and "couple" not in m.words:
            n = 1
        else:
            n = None
        if unit == "WE":
            return Resolved(m.start, m.end, "DURATION", f"P{'X' if n is None else int(n)}WE")
        return Resolved(m.start, m.end, "DURATION", timex.duration(n, _dur_unit(unit)))

    def _set(self, m: Mention) -> Resolved:
        if m.has("SETWORD"):
            return Resolved(m.start, m.end, "SET", m.get("SETWORD"))
        weekday = m.get("WEEKDAY") or m.get("WEEKDAYS")
        if weekday:
            return Resolved(m.start, m.end, "SET", f"XXXX-WXX-{weekday}")
        if m.has("PART"):
            return Resolved(m.start, m.end, "SET", f"XXXX-XX-XXT{m.get('PART')}")
        season = m.get("SEASON") or m.get("FALL")
        if season:
            return Resolved(m.start, m.end, "SET", f"XXXX-{season}")
        unit = m.get("CALUNIT") or m.get("UNIT")
        n = 2 if "other" in m.words else (_number(m) if m.has("NUM") and "times" not in m.words else 1)
        return Resolved(m.start, m.end, "SET", timex.duration(n, _dur_unit(unit)))

    def _time(self, m: Mention) -> Resolved:
        hh, mm = _clock(m)
        clock = f"T{hh:02d}:{mm:02d}"
        weekday = m.get("WEEKDAY")
        if weekday:
            return Resolved(m.start, m.end, "TIME", self._weekday(weekday, self._tense(m)) + clock)
        here = self.sentence(m)
        for sent, value in reversed(self.history):
            if sent != here:
                break
            if timex.granularity(value) in ("D", "T"):
                return Resolved(m.start, m.end, "TIME", value[:10] + clock)
        return Resolved(m.start, m.end, "TIME", "XXXX-XX-XX" + clock)

    def _decade(self, m: Mention) -> Resolved:
        return Resolved(m.start, m.end, "DATE", _decade(m, self.dct.year))

    def _century(self, m: Mention) -> Resolved:
        return Resolved(m.start, m.end, "DATE", f"{m.get('CENTORD') - 1:02d}")

    def _quarter(self, m: Mention) -> Resolved:
        n = m.get("QCODE") or m.get("ORD")
        code = "H" if "half" in m.words else "Q"
        if code == "H" and n > 2:
            return Resolved(m.start, m.end, "DATE", None)
        if m.has("YEAR"):
            year = int(m.get("YEAR"))
        elif m.has("REL"):
            year = None if self.dct.year is None else self.dct.year + m.get("REL")
        else:
            ref = self.anchor("Y")
            year = ref.year if ref is not None and self.dct.year is None else self.dct.year
            if year is not None and self.dct.day is not None:
                # said in the past, a quarter that has not begun is last year's (and the reverse)
                first, last = (date.fromisoformat(b) for b in timex.bounds(f"{year:04d}-{code}{n}"))
                tense = self._tense(m)
                if tense < 0 and first > self.dct.day:
                    year -= 1
                elif tense > 0 and last < self.dct.day:
                    year += 1
        return Resolved(m.start, m.end, "DATE", f"{_year(year)}-{code}{n}")

    def _lexical(self, m: Mention) -> Resolved:
        text = " ".join(t.lower_ for t in self.doc[m.start:m.end])
        spec = grammar().lexicon[text]
        if "ref" in spec:
            return Resolved(m.start, m.end, spec["type"], spec["ref"])
        if self.dct.day is None:
            return Resolved(m.start, m.end, spec["type"], None)
        value = timex.day(timex.shift(self.dct.day, spec.get("day", 0), "D"))
        if spec.get("part"):
            value += "T" + spec["part"]
        return Resolved(m.start, m.end, spec["type"], value)

    # -- context helpers
    def _prep_before(self, m: Mention) -> str:
        return self.doc[m.start - 1].lower_ if m.start > 0 else ""

    def _np_follows(self, m: Mention) -> bool:
        """ "the day before the vote": the anchor is that event, which this stage cannot date."""
        if m.end >= len(self.doc):
            return False
        t = self.doc[m.end]
        return t.is_alpha and t.pos_ in ("DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM")

    def _of_follows(self, m: Mention) -> bool:
        return m.end < len(self.doc) and self.doc[m.end].lower_ == "of"


def _other_season(dct: date, season: str, rel: int) -> int:
    """The year of the last (rel -1) or next (+1) ``season`` that does not hold ``dct``."""
    years = []
    for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1, dct.year + 2):
        first, last = (date.fromisoformat(b) for b in timex.bounds(f"{y}-{season}"))
        years.append((y, first, last))
    if rel < 0:
        return max(y for y, a, b in years if b < dct)
    return min(y for y, a, b in years if a > dct)


def _dur_unit(unit: str | None) -> str:
    return unit or "D"


def _year(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def _slash_date(text: str) -> str | None:
    a, b, c = (int(x) for x in text.split("/"))
    if c < 100:
        c += 2000 if c < 50 else 1900
    month, day = (a, b) if a <= 12 else (b, a)
    value = f"{c:04d}-{month:02d}-{day:02d}"
    return value if timex.valid(value) else None


def _clock(m: Mention) -> tuple[int, int] | None:
    words = m.words
    if "noon" in words or "midday" in words:
        return 12, 0
    if "midnight" in words:
        return 24, 0
    ampm = m.get("AMPM")
    if m.has("CLOCKAMPM"):
        text = m.get("CLOCKAMPM").lower()
        if not text.endswith(("am", "pm")):
            return None
        hour, ampm = int(text[:-2]), text[-2:]
        minute = 0
    elif m.has("CLOCK"):
        hh, mi = m.get("CLOCK").split(":")
        hour, minute = int(hh), int(mi)
    elif m.has("HOUR"):
        hour, minute = m.get("HOUR"), 0
    else:
        return None
    if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
        return None
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if m.has("CLOCK") and not ampm and not m.has("TZ") and not m.has("WEEKDAY"):
        prev = m.slots["CLOCK"][0][0]
        if prev.i == 0 or prev.doc[prev.i - 1].lower_ not in ("at", "by", "until", "till", "from", "before", "after", "around"):
            return None
    return hour, minute


def _decade(m: Mention, dct_year: int | None = None) -> str | None:
    if m.has("DECADEWORD"):
        return f"19{m.get('DECADEWORD')}"
    text = m.get("DECADE")
    if text is None:
        return None
    low = text.lower()
    if low.startswith("mid-"):
        low = low[4:]
        m.mod = "MID"
    if not low.endswith("s") or not low[:-1].isdigit():
        return None
    digits = low[:-1]
    if len(digits) == 4:
        return digits[:3] if digits.endswith("0") else None
    if len(digits) == 2 and digits.endswith("0"):
        century = "20" if digits in ("00", "10") or (digits == "20" and (dct_year or 0) >= 2025) else "19"
        return century + digits[0]
    return None


def _sentence_index(doc) -> list[int]:
    if not doc.has_annotation("SENT_START"):
        return []
    out, n = [], -1
    for token in doc:
        if token.is_sent_start:
            n += 1
        out.append(max(n, 0))
    return out


# ------------------------------------------------------------------------------------- inference

def infer_published(doc, mentions: list[Mention]) -> Published | None:
    """The year a text was written in, from a relative month and an absolute mention of it."""
    absolute: list[tuple[int, int, int | None]] = []
    relative: list[tuple[int, int | None, int]] = []
    for m in mentions:
        if m.kind == "date" and m.has("YEAR") and m.has("MONTH"):
            absolute.append((int(m.get("YEAR")), m.get("MONTH"), m.get("DAY")))
        elif m.kind == "relative" and m.has("MONTH") and "year" in m.words and m.has("REL"):
            word = m.slots["REL"][0][0].lower_
            if word in ("last", "this", "next", "past", "current", "coming"):
                relative.append((m.get("MONTH"), m.get("DAY"), m.get("REL")))
    votes: Counter[int] = Counter()
    for month, day, rel in relative:
        years = {y for y, mo, d in absolute if mo == month and (day is None or d is None or d == day)}
        if len(years) == 1:
            votes[years.pop() - rel] += 1
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # the text disagrees with itself
    year = ranked[0][0]
    earliest = date(year, 1, 1)
    for y, mo, d in absolute:  # a text reports in the past only what has happened
        if y == year and d is not None:
            m = next(x for x in mentions if x.kind == "date" and x.get("YEAR") is not None and int(x.get("YEAR")) == y
                     and x.get("MONTH") == mo and x.get("DAY") == d)
            if tense_of(doc, m.start, m.end) < 0:
                earliest = max(earliest, date(y, mo, d))
    return Published(value=f"{year:04d}", source="inferred", earliest=earliest.isoformat(),
                     latest=date(year, 12, 31).isoformat())


# ------------------------------------------------------------------------------------- the stage

@register("times")
class Times(Stage):
    """Time expressions with TIMEX3 values and calendar bounds (see the module docstring).

    Needs the parsed ``doc`` and the ``document`` (for its publication date, the DCT); gives
    ``times``. When the publication date is unknown and the text implies it, it also sets
    ``reading.document.published`` (``source = "inferred"``).
    """

    needs = ("doc", "document")
    gives = ("times",)

    def __call__(self, reading: Reading) -> Reading:
        doc = reading.doc
        mentions = find(doc)
        published = reading.document.published
        dct = Dct.of(published.value) if published.source != "unknown" else Dct()
        if published.source == "unknown" and reading.published is None:
            inferred = infer_published(doc, mentions)
            if inferred is not None:
                reading.document.published = inferred
                dct = Dct(year=int(inferred.value))
        reading.times = to_times(doc, mentions, dct)
        return reading


def to_times(doc, mentions: list[Mention], dct: Dct) -> list[Time]:
    """Resolve mentions against ``dct`` and the narrative, as contract ``Time`` objects."""
    resolver = Resolver(doc, dct)
    out: list[Time] = []
    for m in mentions:
        r = resolver.resolve(m)
        if r.end <= r.start:
            continue
        span = doc[r.start:r.end]
        earliest, latest = timex.bounds(r.value, r.mod, dct.day) if r.type in ("DATE", "TIME") else (None, None)
        out.append(Time(id=f"t{len(out) + 1}", text=span.text, start=span.start_char, end=span.end_char,
                        type=r.type, value=r.value, earliest=earliest, latest=latest))
    return out


# ------------------------------------------------------------------------------------- helpers

@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en")


def normalize(text: str, published: date | str | None = None, tense: int = 0) -> tuple[str | None, str | None]:
    """(TIMEX3 type, value) of one expression given alone; (None, None) if it is not one.

    Without a parse there is no tense, so ``tense`` (-1 past, +1 future, 0 unknown) may be given.
    """
    doc = _tokenizer()(" ".join(text.split()))
    mentions = find(doc)
    if len(mentions) != 1 or mentions[0].start != 0 or mentions[0].end != len(doc):
        return None, None
    resolver = Resolver(doc, Dct.of(published))
    resolver._tense = lambda m: tense  # type: ignore[method-assign]
    r = resolver.resolve(mentions[0])
    return r.type, r.value


def bounds(value: str | None, mod: str | None = None, published: date | None = None) -> tuple[str | None, str | None]:
    """First and last calendar day a TIMEX3 value covers (see :func:`chronicle.values.timex.bounds`)."""
    return timex.bounds(value, mod, published)
