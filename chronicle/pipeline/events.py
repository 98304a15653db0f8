"""The ``events`` stage: PLOVER-typed events with who, whom, where, when, who says so, and evidence.

One event per trigger (``chronicle/data/plover_triggers.toml``), found by spaCy ``Matcher``
patterns built once per process from the lexicon and checked against the dependency parse:

1. **Triggers.** Verbs by lemma (with their particles, objects, subjects and prepositions as the
   lexicon asks) and nouns by phrase. A noun is carried by a supporting verb ("protests *broke
   out*", "*held* talks", "*stands* trial") that lends it its time, place and modality. One word
   makes at most one event: the longest phrase, then the earliest entry, wins.
2. **Arguments.** Actors and targets from the parse (subject, object, passive agent, "against",
   "with", possessor...) resolved to entities through ``reading.refers``; a role that names no
   entity stays empty. The place is a place entity in a locative phrase of the event's own clause,
   the most specific one. Quantities are those whose phrase hangs from the event.
3. **Who says so.** An event inside a quote (quotes stage) or in the content of a speech verb
   ("he said that...") is ``reported`` by that speaker. What a speaker *calls* something ("it was
   a coup attempt") is itself an ACCUSE event by the speaker, dated when it was said.
4. **Modality.** ``negated`` ("did not", "no protests"), ``uncertain`` ("may have", "allegedly",
   "plans to", the content of a threat or a demand), ``reported``, else ``asserted``.
5. **Precision rules.** What a legal proceeding is about ("tried for the 2019 shooting") is not a
   new event; harm ("killed", "injured") joins the attack it belongs to and alone needs a
   perpetrator, a weapon, or counted victims in a text that reports violence (a toll); a weapon
   word refines ASSAULT's mode. An act under "without" is manner, a questioned noun ("What
   negotiations...?") no event, and a definite noun that is only what a statement is about
   ("blamed the violence on...") belongs to the statement.
6. **Dates.** The time expression attached to the event; else the time of the statement (for
   statements); else the event it continues ("which later turned into clashes": on or after the
   protests); else, in the narrator's simple past, the narrative anchor (on or after the last
   dated event of the same or the previous paragraph). Never the publication date by default.
7. **One event, several mentions.** A definite mention ("the protests which erupted in January
   2022") or a restated statement merges into the compatible event of the same type; in one
   sentence, "protests turned into riots" is one event, and so is a clause that describes a noun
   event ("the unrest of January, when protests...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from chronicle.contract import DateRange, Entity, Event, Quote, Span as Offsets, Time
from chronicle.pipeline.base import Reading, Stage, register
from chronicle.values import plover

# Prepositions whose object is where something happened.
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "along",
            "on", "into", "over", "off", "beside", "behind", "opposite", "towards", "toward", "upon"}
# Prepositions whose object is the one acted against.
AGAINST = {"against", "on", "upon", "at", "toward", "towards", "targeting"}
# Modality and intent cue words are data (the [cues] table of plover_triggers.toml).
_CUES = plover.ontology().cues
SEQUENCE, MODAL = _CUES["sequence"], _CUES["modal"]
HEDGE_ADVERBS, HEDGE_ADJECTIVES = _CUES["hedge_adverbs"], _CUES["hedge_adjectives"]
INTENT_VERBS, FUTURE_WORDS = _CUES["intent"], _CUES["future"]
DENY_VERBS, PREVENT_VERBS = _CUES["deny"], _CUES["prevent"]
CONTROL_VERBS, VIOLENT_WORDS = _CUES["control"], _CUES["violent"]
# Dependencies that keep a word in its sentence's main line (see _is_main).
MAIN_DEPS = {"conj", "xcomp", "ccomp", "parataxis", "dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "appos",
             "csubj", "acomp"}
CONTENT_TYPES_UNCERTAIN = {"REQUEST", "THREATEN", "AGREE", "CONCEDE", "REJECT"}
PRONOUN_RELATIVE = {"which", "who", "that", "whom", "whose"}
GENERIC_HEADS = {"convoy", "force", "forces", "unit", "units", "group", "groups", "member", "members", "men", "element",
                 "elements", "people", "personnel", "team", "wing"}
COUNT_WORDS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "several",
               "many", "some", "other", "others", "few", "number", "all", "both"}
DEFINITE = {"the", "this", "these", "those", "that", "its", "their", "his", "her", "our", "such"}


@register("events")
class Events(Stage):
    needs = ("doc", "entities", "refers", "times", "quantities", "quotes")
    gives = ("events",)

    def __init__(self, settings, **options):
        super().__init__(settings, **options)
        self.ontology = plover.ontology()

    def __call__(self, reading: Reading) -> Reading:
        reading.events = [f.event for f in find(reading, self.ontology)]
        return reading


# -- what the stage finds, before it becomes a contract Event ------------------------------------


@dataclass
class Speech:
    """A stretch of reported speech: its speaker, verb and content tokens."""

    speaker: str | None
    verb: Token | None
    tokens: frozenset[int]
    time: Time | None = None
    quote: Quote | None = None


@dataclass
class Found:
    """One event as the extractor sees it; :attr:`event` is its contract form once finished."""

    trigger: plover.Trigger
    token: Token
    phrase: tuple[int, int]  # token range of the trigger words
    anchors: list[Token]  # the trigger, its supporting verb and the harm words it took in
    support: Token | None = None  # the verb that carries a noun trigger ("broke out", "held")
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    actor_heads: list[Token] = field(default_factory=list)
    target_heads: list[Token] = field(default_factory=list)
    mode: str | None = None
    senses: set[str] = field(default_factory=set)
    place: str | None = None
    time: Time | None = None
    earliest: str | None = None
    latest: str | None = None
    dated: str = ""  # how the date was found: time, statement, continues, reported, narrative
    quantities: list[str] = field(default_factory=list)
    modality: str = "asserted"
    reported_by: str | None = None
    speech: Speech | None = None
    statement: Speech | None = None  # for a statement event: the speech it is
    evidence: list[tuple[int, int]] = field(default_factory=list)
    summary: str = ""
    anaphoric: bool = False
    restates: bool = False  # its object is a bare definite noun ("backed the amendments"): told before
    suppressed: bool = False
    sequence: bool = False
    main: bool = True  # in the sentence's main line, not a clause or phrase about something else
    escalated: bool = False  # a dispersal that killed or injured: violent repression, ASSAULT
    event: Event | None = None

    @property
    def type(self) -> str:
        return "ASSAULT" if self.escalated else self.trigger.type

    @property
    def toll(self) -> bool:
        """A harm word standing alone with no perpetrator and no weapon: a counted toll."""
        return self.trigger.consequence and not self.actor_heads and self.senses == {self.trigger.id}

    @property
    def clause(self) -> Token:
        """The word that heads the event's clause: its supporting verb, else the trigger."""
        return self.support if self.support is not None else self.token

    @property
    def start(self) -> int:
        return self.token.idx

    @property
    def verbal(self) -> bool:
        return self.trigger.verbal or self.statement is not None

    def kinds(self, onto: plover.Ontology, role: str) -> set[str]:
        return set().union(*(argument_kinds(t, onto) for t in (self.actor_heads if role == "actor" else self.target_heads)))

    def acled(self, onto: plover.Ontology, context: Iterable[str] = ()) -> plover.Acled | None:
        return onto.acled(self.type, self.mode, self.senses, self.kinds(onto, "actor"), self.kinds(onto, "target"), context)

    def cameo(self, onto: plover.Ontology) -> str | None:
        return onto.cameo_root(self.type, self.mode, self.senses)


# -- matchers: built once per vocabulary -----------------------------------------------------------

_MATCHERS: dict[int, tuple[object, Matcher, "Lexicon"]] = {}


@dataclass
class Lexicon:
    """The trigger phrases, keyed for lookup once the Matcher has found a candidate span."""

    verbs: dict[str, list[tuple[int, tuple[str, ...]]]]  # verb lemma -> (trigger index, other words)
    nouns: dict[tuple[str, ...], list[int]]  # phrase words -> trigger indices


def matcher_for(doc: Doc, onto: plover.Ontology) -> tuple[Matcher, Lexicon]:
    """A Matcher over every trigger word and phrase, built once per vocabulary.

    A few patterns with set-valued token tests (all verb lemmas in one, noun phrases grouped by
    length and by the words allowed at each position) rather than one pattern per phrase: spaCy's
    Matcher costs per pattern and token. A match is then resolved to exact phrases by lookup.
    """
    key = id(doc.vocab)
    cached = _MATCHERS.get(key)
    if cached is not None and cached[0] is doc.vocab:
        return cached[1], cached[2]
    lex = Lexicon({}, {})
    for index, trig in enumerate(onto.triggers):
        for phrase in trig.verbs:
            words = phrase.split()
            lex.verbs.setdefault(words[0], []).append((index, tuple(words[1:])))
        for phrase in trig.nouns:
            lex.nouns.setdefault(tuple(_split(phrase)), []).append(index)
    matcher = Matcher(doc.vocab)
    verbs = sorted(lex.verbs)
    verb_pos = {"POS": {"IN": ["VERB", "AUX"]}}
    matcher.add("V", [[{"LEMMA": {"IN": verbs}, **verb_pos}], [{"LOWER": {"IN": verbs}, **verb_pos}]])
    noun_pos = {"POS": {"IN": ["NOUN", "PROPN"]}}
    by_length: dict[int, list[tuple[str, ...]]] = {}
    for words in lex.nouns:
        by_length.setdefault(len(words), []).append(words)
    for length, phrases in by_length.items():
        lead = [{"LOWER": {"IN": sorted({p[i] for p in phrases})}} for i in range(length - 1)]
        last = sorted({p[-1] for p in phrases})
        matcher.add(f"N{length}", [lead + [{"LEMMA": {"IN": last}, **noun_pos}],
                                   lead + [{"LOWER": {"IN": last}, **noun_pos}]])
    _MATCHERS[key] = (doc.vocab, matcher, lex)
    return matcher, lex


_TRIGGER_WORDS: dict[int, tuple[object, dict[str, plover.Trigger], dict[str, plover.Trigger]]] = {}


def _trigger_words(onto: plover.Ontology) -> tuple[dict[str, plover.Trigger], dict[str, plover.Trigger]]:
    """First trigger (lexicon order) by verb head word and by noun phrase, built once per ontology."""
    cached = _TRIGGER_WORDS.get(id(onto))
    if cached is None or cached[0] is not onto:
        verbs: dict[str, plover.Trigger] = {}
        nouns: dict[str, plover.Trigger] = {}
        for trig in onto.triggers:
            for v in trig.verbs:
                verbs.setdefault(v.split()[0], trig)
            for n in trig.nouns:
                nouns.setdefault(n, trig)
        cached = _TRIGGER_WORDS[id(onto)] = (onto, verbs, nouns)
    return cached[1], cached[2]


def _split(phrase: str) -> list[str]:
    """Split a lexicon phrase the way spaCy's English tokenizer splits it (hyphens apart)."""
    return [w for w in re.split(r"\s+|(?<=\w)(?=-)|(?<=-)(?=\w)", phrase.lower()) if w]


# -- the extractor --------------------------------------------------------------------------------


def find(reading: Reading, onto: plover.Ontology | None = None) -> list[Found]:
    """Every event of a read document, finished (dated, merged, numbered) in text order."""
    onto = onto or plover.ontology()
    doc = reading.doc
    if doc is None or not len(doc):
        return []
    ctx = Context(reading, onto)
    found = []
    for token, candidates in ctx.triggers():
        for trig, phrase, extra in candidates:
            f = ctx.build(token, trig, phrase, extra)
            if f is not None:
                found.append(f)
                break
    found = ctx.fold_consequences(found)
    ctx.escalate_violent_repression(found)
    ctx.salience(found)
    ctx.suppress_legal_content(found)
    ctx.suppress_nested(found)
    ctx.suppress_statement_topics(found)
    found = [f for f in found if not f.suppressed]
    ctx.attach(found)
    ctx.date(found)
    for f in found:
        f.evidence = ctx.evidence(f)
        f.summary = ctx.summarize(f)
    found = merge(merge_in_sentence(found))
    for number, f in enumerate(sorted(found, key=lambda f: f.start), start=1):
        f.event = ctx.to_event(f, f"v{number}")
    return sorted(found, key=lambda f: f.start)


class Context:
    """One document's parse, entities, times, quotes and speech, and the rules that read them."""

    def __init__(self, reading: Reading, onto: plover.Ontology) -> None:
        self.reading = reading
        self.onto = onto
        self.doc: Doc = reading.doc
        self.text = reading.document.text if reading.document is not None else self.doc.text
        self.refers = reading.refers
        self.entities: dict[str, Entity] = {e.id: e for e in reading.entities}
        self.support = {role: {} for role in ("occur", "do", "undergo")}
        for role, pairs in onto.support.items():
            for verb, rest in pairs:
                self.support[role].setdefault(verb, set()).add(rest)
        self.speech_lemmas = onto.classes.get("speech", frozenset())
        self.time_spans = self._time_spans(reading.times)
        self.time_tokens = {i for _, span in self.time_spans for i in range(span.start, span.end)}
        self.speeches = self._speeches()
        self._speech_of: dict[int, Speech] = {}
        for sp in sorted(self.speeches, key=lambda s: -len(s.tokens)):  # innermost last, wins
            for i in sp.tokens:
                self._speech_of[i] = sp
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n+", self.text)]
        self.owner: dict[int, Found] = {}  # token -> the event whose words it is (set by attach)

    # -- triggers ----------------------------------------------------------------------------

    def triggers(self):
        """(head token, candidate senses) for each word that may make an event.

        Candidates come longest phrase first, then in lexicon order; the first whose conditions
        hold and whose event can be built (a weapon where one is needed) is the word's sense.
        """
        matcher, lex = matcher_for(self.doc, self.onto)
        by_head: dict[int, list[tuple[int, int, int, int, tuple[str, ...], str]]] = {}
        for match_id, start, end in matcher(self.doc):
            name = self.doc.vocab.strings[match_id]
            if name == "V":
                token = self.doc[start]
                entries = lex.verbs.get(token.lemma_.lower()) or lex.verbs.get(token.lower_) or []
                for index, extra in entries:
                    by_head.setdefault(start, []).append((-1 - len(extra), index, start, end, extra, "verb"))
                continue
            span = self.doc[start:end]
            words = tuple(t.lower_ for t in span)
            indices = lex.nouns.get(words) or lex.nouns.get(words[:-1] + (span[-1].lemma_.lower(),)) or []
            for index in indices:
                by_head.setdefault(span.root.i, []).append((-(end - start), index, start, end, (), "noun"))
        taken: set[int] = set()
        out = []
        for head in sorted(by_head):
            if head in taken:
                continue
            token = self.doc[head]
            candidates = []
            for _, index, start, end, extra, kind in sorted(set(by_head[head])):
                trig = self.onto.triggers[index]
                ok = self.noun_ok(trig, token, start) if kind == "noun" else self.verb_ok(trig, token, extra)
                if ok:
                    candidates.append((trig, (start, end), extra))
            if candidates:
                out.append((token, candidates))
                taken.update(range(*candidates[0][1]))
        return out

    def verb_ok(self, trig: plover.Trigger, verb: Token, extra: tuple[str, ...]) -> bool:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in ("be", "have") and not extra:
            return False
        if extra and not _has_words(verb, extra):
            return False
        if trig.object:
            objects = self.objects(verb)
            if not (not objects and "none" in trig.object) and not any(
                    self.word_fits(o, trig.object, verb) for o in objects):
                return False
        if trig.subject and not any(self.word_fits(s, trig.subject, verb) for s in self.subjects(verb) + self.agents(verb)):
            return False
        for prep, objs in trig.preps:
            heads = [c for c in verb.children if c.dep_ in ("prep", "prt", "dative") and c.lower_ == prep]
            if not heads:
                return False
            if objs and not any(self.word_fits(p, objs) for h in heads for p in h.children if p.dep_ == "pobj"):
                return False
        return True

    def noun_ok(self, trig: plover.Trigger, noun: Token, start: int) -> bool:
        first = self.doc[start]
        if first.i == noun.i and noun.dep_ in ("compound",) and noun.head.pos_ in ("NOUN", "PROPN"):
            return False  # "attack helicopters", "protest movement": a modifier, not an event
        if noun.ent_type_ in ("PERSON", "ORG", "GPE", "DATE", "TIME") and noun.pos_ == "PROPN":
            return False
        if noun.i in self.time_tokens:
            return False  # "March 3" is a date, not a march
        sent = noun.sent
        if len([t for t in sent if not t.is_punct and not t.is_space]) <= 3 and not any(t.pos_ == "VERB" for t in sent):
            return False  # a subheading ("Trials") names a topic, not an event
        if _interrogative(noun):
            return False  # "What negotiations can there be?": a question asserts no event
        if trig.label:
            return self.label_speech(noun) is not None
        return True

    def agents(self, verb: Token) -> list[Token]:
        return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]

    def word_fits(self, token: Token, allowed: Iterable[str], verb: Token | None = None) -> bool:
        """Whether a token (its lemma, a compound of it, or a place entity) is one of ``allowed``."""
        words = {token.lemma_.lower(), token.lower_}
        if token.lemma_.lower() in GENERIC_HEADS or token.lower_ in GENERIC_HEADS:  # "army units", "NPA camps" no
            words |= {c.lemma_.lower() for c in token.children
                      if c.dep_ in ("compound", "amod", "nmod") and (verb is None or c.i != verb.i)}
        for item in allowed:
            if item == "@place":
                if self._place_entity(token) is not None:
                    return True
            elif item == "@person":
                eid = self.refers.get(token.i)
                if (eid in self.entities and self.entities[eid].type in ("person", "group")) or token.ent_type_ == "PERSON":
                    return True
            elif item == "@count":
                if token.like_num or token.pos_ in ("NUM", "PRON") or token.lemma_.lower() in COUNT_WORDS:
                    return True
            elif item.startswith("@"):
                if words & self.onto.classes.get(item[1:], frozenset()):
                    return True
            elif item in words:
                return True
        return False

    # -- building one event -------------------------------------------------------------------

    def build(self, token: Token, trig: plover.Trigger, phrase: tuple[int, int], extra) -> Found | None:
        if token.dep_ in ("pobj", "pcomp") and token.head.lower_ == "without":
            return None  # "opened fire without warning", "left without firing a shot": manner, no event
        f = Found(trigger=trig, token=token, phrase=phrase, anchors=[token], mode=trig.mode, senses={trig.id})
        if token.pos_ in ("NOUN", "PROPN"):
            self.noun_arguments(f, token)
        else:
            self.verb_arguments(f, token)
        if trig.label:
            sp = self.label_speech(token)
            f.statement = sp
            f.actors = [sp.speaker] if sp and sp.speaker else []
            f.actor_heads = []
            if sp and sp.verb is not None:
                f.anchors.append(sp.verb)
        if trig.object_role == "theme" and token.pos_ in ("VERB", "AUX"):
            f.restates = any(_bare_definite(o) for o in self.objects(token))
        self.instrument(f)
        if trig.needs_instrument and not (f.senses - {trig.id}):
            return None
        self.modality(f)
        return f

    def verb_arguments(self, f: Found, verb: Token) -> None:
        trig = f.trigger
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or _gapped_passive(verb)
        if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":  # "the abducted children"
            passive = True
            if trig.object_role == "target":
                self._add(f, "target", verb.head)
        subjects = self.subjects(verb, active_only=True)
        agents = self.agents(verb)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        passive_subjects = [c for c in verb.children if c.dep_ == "nsubjpass" or (
            c.dep_ == "nsubj" and _gapped_passive(verb))]
        if passive:
            for a in agents:
                self._add(f, "actor", a)
            if trig.object_role == "target":
                for s in passive_subjects:
                    self._add(f, "target", s)
        else:
            for s in subjects:
                self._add(f, "actor", s)
            if trig.object_role == "target":
                for o in objects or [o for o in self.objects(verb) if o.dep_ == "dobj"]:
                    self._add(f, "target", o)
        self._prep_arguments(f, verb)

    def noun_arguments(self, f: Found, noun: Token) -> None:
        trig = f.trigger
        if any(c.lower_ in DEFINITE for c in noun.children if c.dep_ in ("det", "poss")) and not any(
                c.dep_ in ("poss", "compound", "prep", "amod", "nummod") and c.lower_ not in DEFINITE
                for c in noun.children):
            f.anaphoric = True
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in DEFINITE:
                self._add(f, "target" if trig.possessor == "target" else "actor", c)
            elif c.dep_ in ("compound", "nmod") and (c.i in self.refers or c.ent_type_ in ("ORG", "NORP", "PERSON")):
                if self._place_entity(c) is None:
                    self._add(f, "target" if trig.possessor == "target" else "actor", c)
        self._prep_arguments(f, noun)
        role, verb = self.supporting_verb(noun)
        if verb is None:
            return
        f.anchors.append(verb)
        f.support = verb
        f.anaphoric = f.anaphoric and role != "do"
        if role == "do":
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            if passive:
                for a in self.agents(verb):
                    self._add(f, "actor", a)
            else:
                for s in self.subjects(verb, active_only=True):
                    self._add(f, "actor", s)
        elif role == "undergo":
            for s in self.subjects(verb):
                self._add(f, "target", s)
        elif role == "occur":
            if verb.lemma_.lower() in ("hit", "rock", "strike", "target", "kill", "wound", "injure", "destroy",
                                       "damage", "claim", "leave"):
                for o in (c for c in verb.children if c.dep_ in ("dobj",)):
                    self._add(f, "target", o)
        self._prep_arguments(f, verb)

    def _prep_arguments(self, f: Found, head: Token) -> None:
        trig = f.trigger
        for prep in (c for c in head.children if c.dep_ in ("prep", "dative", "agent")):
            word = prep.lower_
            objs = [p for p in prep.children if p.dep_ == "pobj"]
            if word == "by" and head.pos_ in ("NOUN", "PROPN"):
                role = "actor"
            elif word == "with" and trig.symmetric:
                role = "actor"
            elif word == "between" and trig.symmetric:
                role = "actor"
            elif word in AGAINST and trig.type in ("ACCUSE", "SANCTION", "THREATEN", "REJECT", "REQUEST"):
                role = "target"
            elif word in AGAINST and trig.type in ("ASSAULT", "PROTEST", "COERCE") \
                    and not any(self._place_entity(o) and not self._is_country_entity(o) for o in objs):
                role = "target"  # "strikes on Syria": Syria is hit; "an attack on Kabul": Kabul is where
            elif word == "to" and trig.type in ("REQUEST", "AID", "SUPPORT", "CONCEDE", "COOPERATE", "AGREE"):
                role = "target"
            elif word == "of" and head.pos_ in ("NOUN", "PROPN") and head.i == f.token.i:
                role = "target" if trig.type in ("ASSAULT", "COERCE", "ACCUSE", "SANCTION") or trig.possessor == "target" else "actor"
            elif word == "from" and head.pos_ in ("NOUN", "PROPN") and trig.type == "REQUEST":
                role = "target"
            else:
                continue
            for o in objs:
                self._add(f, role, o)

    def _add(self, f: Found, role: str, head: Token) -> None:
        """Record an argument phrase: its head (for kinds) and the entities it names."""
        if head.lower_ in PRONOUN_RELATIVE and head.dep_ in ("nsubj", "nsubjpass"):
            anchor = head.head
            head = anchor.head if anchor.dep_ == "relcl" else head
        bucket = f.actors if role == "actor" else f.targets
        for h in _conjuncts(head):
            if self.instrument_word(h):
                continue  # "rockets hit the town": the rocket is the weapon, not an actor
            if h.ent_type_ in ("DATE", "TIME") or h.i in self.time_tokens:
                continue  # "attacked on Friday": a time, not a target
            (f.actor_heads if role == "actor" else f.target_heads).append(h)
            for eid in self.entities_of(h):
                if self._place_entity_id(eid) and not self._country(eid) and (
                        self.refers.get(h.i) != eid or f.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE")):
                    continue  # "raided the Jenin refugee camp", "attacked Almaty": where, not whom
                if eid not in bucket and not self._inside_mention(h, eid, bucket):
                    bucket.append(eid)

    def _inside_mention(self, token: Token, eid: str, ids: list[str]) -> bool:
        """Whether an entity is part of one already taken ("peacekeepers from Russia ... and
        Tajikistan" is one group; Tajikistan is not a second actor)."""
        name = self.entities[eid].name.lower() if eid in self.entities else token.lower_
        for other in ids:
            entity = self.entities.get(other)
            if entity is None:
                continue
            if any(m.start <= token.idx < m.end for m in entity.mentions):
                return True
            if entity.type == "group" and re.search(rf"\b{re.escape(name)}\b", entity.name.lower()):
                return True
        return False

    def entities_of(self, head: Token) -> list[str]:
        """The entities a phrase names: its head, a name inside it, or the forces "from" a country."""
        found: list[str] = []

        def add(tok: Token) -> None:
            eid = self.refers.get(tok.i)
            if eid is not None and eid not in found:
                found.append(eid)

        add(head)
        if not found:
            for c in head.children:
                if c.dep_ in ("compound", "appos", "flat"):
                    add(c)
        lemma = head.lemma_.lower()
        if not found and (lemma in self.onto.classes.get("force_noun", ()) or lemma in self.onto.classes.get("state_force", ())):
            for c in head.children:
                if c.dep_ == "poss":  # "Sudan's army"
                    add(c)
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                    for p in prep.children:
                        if p.dep_ == "pobj":
                            for q in _conjuncts(p):
                                add(q)
        return found

    def subjects(self, verb: Token, active_only: bool = False) -> list[Token]:
        """The verb's subject(s), inherited along "and"-coordinated verbs and relative clauses."""
        deps = ("nsubj", "csubj") if active_only else ("nsubj", "nsubjpass", "csubj")
        if active_only and _gapped_passive(verb):
            return []  # "had been killed and 3,000 people detained": the people are detained
        seen = 0
        v = verb
        while seen < 4:
            subs = [c for c in v.children if c.dep_ in deps]
            if subs:
                out = []
                for s in subs:
                    if s.lower_ in PRONOUN_RELATIVE and v.dep_ == "relcl":
                        out.append(v.head)
                    else:
                        out.append(s)
                return out
            if v.dep_ == "xcomp" and v.head.pos_ == "VERB" and v.head.lemma_.lower() in CONTROL_VERBS:
                controller = [c for c in v.head.children if c.dep_ == "dobj"] or [
                    p for c in v.head.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children if p.dep_ == "pobj"]
                if controller:  # "urged the rebels to withdraw", "called on both sides to release"
                    return controller
            if (v.dep_ in ("conj", "xcomp") or (v.dep_ == "advcl" and v.tag_ == "VBG")) and v.head.pos_ in ("VERB", "AUX"):
                if active_only and any(c.dep_ == "nsubjpass" for c in v.head.children):
                    return []
                v = v.head
                seen += 1
                continue
            if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN") and not active_only:
                return [v.head]
            return []
        return []

    def objects(self, verb: Token) -> list[Token]:
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") or (
            c.dep_ == "nsubj" and _gapped_passive(verb))]
        if not objs:  # "arrested and beat six members": the object is shared
            mates = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
            if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
                mates.append(verb.head)
            objs = [c for m in mates for c in m.children if c.dep_ == "dobj"]
        objs += [p for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in ("of", "over", "on", "to", "off", "into", "onto")
                 for p in c.children if p.dep_ == "pobj"]
        if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":
            objs.append(verb.head)
        out = []
        for o in objs:
            out.extend(_conjuncts(o))
            out.extend(p for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj")
        return out

    def supporting_verb(self, noun: Token) -> tuple[str | None, Token | None]:
        """The verb that carries a noun trigger, and its role (occur, do, undergo)."""
        head = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            if self._support_fits("occur", head, ()):
                return "occur", head
            if noun.dep_ == "nsubjpass" and self._support_fits("do", head, ()):
                return "do", head
        if noun.dep_ in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            if self._support_fits("undergo", head, ()):
                return "undergo", head
            if self._support_fits("do", head, ()):
                return "do", head
        if noun.dep_ == "pobj" and head.dep_ in ("prep", "prt") and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
            for role in ("undergo", "occur", "do"):
                if self._support_fits(role, verb, (head.lower_,)):
                    return role, verb
        for c in noun.children:
            if c.dep_ == "relcl" and self._support_fits("occur", c, ()):
                subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                if not subj or subj[0].lower_ in PRONOUN_RELATIVE:
                    return "occur", c
        return None, None

    def _support_fits(self, role: str, verb: Token, preps: tuple[str, ...]) -> bool:
        options = None
        for lemma in _verb_lemmas(verb):
            options = self.support[role].get(lemma)
            if options:
                break
        if not options:
            return False
        for rest in options:
            if rest == preps:
                return True
            if rest and not preps and _has_words(verb, rest):
                return True
        return False

    # -- weapons, modality, legal content -----------------------------------------------------

    def instrument_word(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.onto.classes.get("weapon", ()) or lemma in self.onto.classes.get("aircraft", ()) or (
            token.pos_ == "NOUN" and any(lemma in i.words for i in self.onto.instruments if i.name == "primitive"))

    def instrument(self, f: Found) -> None:
        """The weapon class of a violent event, from its words and arguments; refines the mode."""
        if f.type not in ("ASSAULT",):
            return
        words: list[str] = []
        start, end = f.phrase
        words += [t.lemma_.lower() for t in self.doc[start:end] if t.i != f.token.i] if f.trigger.instrument is None else []
        for anchor in f.anchors:
            for c in anchor.children:
                if c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                    words += [t.lemma_.lower() for t in c.subtree]
                if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") or (
                        c.dep_ == "prep" and c.lower_ in ("with", "using", "by", "from", "in")):
                    for t in c.subtree:
                        if t.dep_ not in ("relcl", "acl") or t.i == c.i:
                            words.append(t.lemma_.lower())
            if anchor.dep_ == "pobj" and anchor.head.lower_ in ("with", "by"):
                words.append(anchor.head.head.lemma_.lower())
        if f.token.pos_ == "VERB" and f.token.dep_ in ("acl", "amod"):
            words.append(f.token.head.lemma_.lower())
        found = [i for i in self.onto.instruments if set(words) & i.words]
        if f.trigger.instrument:
            found += [i for i in self.onto.instruments if i.name == f.trigger.instrument]
        if not found:
            return
        order = [i.name for i in self.onto.instruments]
        best = min(found, key=lambda i: order.index(i.name))
        f.senses.add(best.name)
        if f.mode is None or f.mode in ("firearms", "explosives", "heavy-weapons", "primitive") or best.name == "chemical":
            f.mode = best.mode

    def modality(self, f: Found) -> None:
        negated = uncertain = False
        for a in f.anchors:
            for c in a.children:
                if c.dep_ == "neg":
                    negated = True
                elif c.dep_ == "aux" and c.lower_ in MODAL and not (a.i != f.token.i and f.statement):
                    uncertain = True
                elif c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS:
                    uncertain = uncertain or c.lower_ != "reportedly"
                elif c.dep_ == "det" and c.lower_ in ("no", "neither"):
                    negated = True
                elif c.dep_ == "amod" and c.lower_ in HEDGE_ADJECTIVES:
                    uncertain = True
        if f.token.pos_ in ("NOUN", "PROPN"):
            head = f.token.head
            if f.token.dep_ == "conj" and any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in head.children):
                negated = True  # "no conflict or confrontation"
        if self._future(f.clause if f.statement is None else f.token):
            uncertain = True
        start = f.clause if f.statement is None else f.token
        governor = self.governor(start)
        if governor is not None:
            lemma = governor.lemma_.lower()
            if lemma in DENY_VERBS and (start.pos_ in ("VERB", "AUX") or lemma in PREVENT_VERBS):
                negated = True  # "refused to meet", "foiled an attack"; not "rejected the demand"
            elif lemma in INTENT_VERBS:
                uncertain = True
            else:
                trig = self._trigger_word(governor)
                if trig is not None and (trig.type in CONTENT_TYPES_UNCERTAIN or trig.id == "accuse"):
                    if trig.type == "REJECT":
                        if start.pos_ in ("VERB", "AUX"):
                            negated = True  # "refused to meet"
                        elif start.dep_ == "pobj":
                            uncertain = True  # "rejected calls for talks": the talks are only asked for
                    else:
                        uncertain = True
        if f.statement is None:
            sp = self.speech_of(f.token)
            if sp is not None:
                f.speech = sp
                f.reported_by = sp.speaker
            elif self._reportedly(f):
                f.speech = Speech(None, None, frozenset())
        f.modality = "negated" if negated else "uncertain" if uncertain else "reported" if f.speech else "asserted"

    def _future(self, token: Token) -> bool:
        """Whether a clause is planned, expected or due rather than done ("are due to complete
        their withdrawal", "will meet"), looking a few steps up its complements."""
        t = token
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in t.children):
                return True
            if t.lemma_.lower() in FUTURE_WORDS and t is not token:
                return True
            if t.dep_ not in ("xcomp", "dobj", "ccomp", "acomp") or t.head is t:
                return False
            t = t.head
        return False

    def _reportedly(self, f: Found) -> bool:
        sent = f.token.sent
        if any(c.lower_ == "reportedly" for a in f.anchors for c in a.children):
            return True
        for t in sent:
            if t.lower_ == "according" and t.dep_ == "prep" and t.head == sent.root:
                return f.token.i in {x.i for x in sent.root.subtree}
        return False

    def governor(self, token: Token) -> Token | None:
        """The verb a clause or phrase is the content of ("plans *to attack*", "accused *of killing*")."""
        t = token
        for _ in range(3):
            if t.dep_ in ("xcomp", "ccomp") and t.head.pos_ in ("VERB", "AUX", "NOUN"):
                return t.head
            if t.dep_ == "pcomp" or (t.dep_ == "pobj" and t.head.lower_ in ("of", "for", "to", "on", "against")):
                prep = t.head
                if prep.head.pos_ in ("VERB", "NOUN"):
                    return prep.head
                return None
            if t.dep_ in ("dobj",) and t.head.lemma_.lower() in ("prevent", "avert", "foil", "thwart", "avoid", "deny",
                                                                   "reject", "plan", "threaten", "call", "demand"):
                return t.head
            if t.dep_ == "conj":
                t = t.head
                continue
            return None
        return None

    def _trigger_word(self, token: Token) -> plover.Trigger | None:
        """The first trigger (in lexicon order) whose verb heads or nouns include the word's lemma."""
        if token.pos_ in ("VERB", "AUX"):
            index = _trigger_words(self.onto)[0]
        elif token.pos_ in ("NOUN", "PROPN"):
            index = _trigger_words(self.onto)[1]
        else:
            return None
        return index.get(token.lemma_.lower())

    def suppress_nested(self, found: list[Found]) -> None:
        """One act, one event: "blocked the highway to protest" is one PROTEST; "signed a peace deal"
        is one SUPPORT (an agreement noun under another trigger is what that act is about)."""
        anchors = {a.i: g for g in found for a in g.anchors}
        for f in found:
            if f.support is not None and not f.trigger.standalone and f.support.i in {g.token.i for g in found}:
                f.suppressed = True  # "signed a peace deal": the signing is the event
        supports = {g.support.i for g in found if g.support is not None and not g.suppressed}
        for f in found:
            if f.suppressed:
                continue
            if f.token.pos_ in ("VERB", "AUX") and f.token.i in supports:
                f.suppressed = True  # "protests were held": the protest is the event, not a holding
                continue
            t = f.token
            for _ in range(3):
                if t.head is t or t.dep_ not in ("xcomp", "advcl", "dobj", "pobj", "prep", "pcomp", "attr", "oprd"):
                    break
                if t.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                    break  # only a purpose clause ("blocked the road to protest") is the same act
                t = t.head
                g = anchors.get(t.i)
                if g is None or g is f or g.suppressed:
                    continue
                if g.type == f.type or not f.trigger.standalone:
                    f.suppressed = True
                break

    def suppress_statement_topics(self, found: list[Found]) -> None:
        """What a statement is about ("Tokayev has blamed the violence on terrorists", "condemned
        the killings"): a definite noun event that is the object of a speech or accusation verb and
        says nothing of its own (no actor, target, figure or place) belongs to that statement; it
        names something told already, it is not a new event."""
        verbal = {a.i for g in found if g.verbal and not g.suppressed for a in g.anchors}
        for f in found:
            t = f.token
            if f.suppressed or t.pos_ not in ("NOUN", "PROPN") or t.dep_ != "dobj" or f.support is not None:
                continue
            if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in t.children):
                continue
            if f.actors or f.targets or f.quantities or self.place(f) is not None:
                continue  # "condemned the attack on the embassy in Khartoum": it says which attack
            if t.head.i in verbal or t.head.lemma_.lower() in self.speech_lemmas:
                f.suppressed = True

    def suppress_legal_content(self, found: list[Found]) -> None:
        """What a trial, arrest, charge or investigation is about ("tried for the 2011 shooting",
        "arrested in connection with the attack") is not a new event: drop it."""
        legal = {a.i: f for f in found if f.trigger.legal for a in f.anchors}
        for f in found:
            t, preps = f.token, []
            for _ in range(7):
                if t.head is t or t.dep_ in ("ccomp", "parataxis", "advcl", "relcl") or (
                        t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
                    break
                if t.dep_ in ("prep", "agent"):
                    preps.append(t.lower_)
                parent = t.head
                if parent.i in legal and legal[parent.i] is not f:
                    owner = legal[parent.i]
                    if set(preps) & {"for", "over", "of", "with", "about", "into", "in", "on", "after"} or (
                            t.dep_ == "dobj" and owner.trigger.id == "investigate"):
                        f.suppressed = True
                    break
                t = parent

    # -- speech ---------------------------------------------------------------------------------

    def _time_spans(self, times: list[Time]) -> list[tuple[Time, Span]]:
        out = []
        for t in times:
            span = self.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and len(span):
                out.append((t, span))
        return out

    def _speeches(self) -> list[Speech]:
        out: list[Speech] = []
        for q in self.reading.quotes:
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            verb = self._cue_token(q, span)
            time = next((t for t in self.reading.times if t.id == q.time), None) if q.time else None
            speaker = q.speaker
            if speaker is None and verb is not None and verb.pos_ == "VERB":
                speaker = self._speaker(verb)  # "The commission said ...": the quotes stage left it open
            out.append(Speech(speaker, verb, frozenset(range(span.start, span.end)), time, q))
        according = []
        for v in self.doc:
            if v.lower_ == "according":
                according.append(v)
            if v.pos_ != "VERB" or v.lemma_.lower() not in self.speech_lemmas:
                continue
            content = [c for c in v.children if c.dep_ in ("ccomp",) or (c.dep_ == "parataxis" and c.i < v.i)]
            if not content:
                continue
            tokens = frozenset(t.i for c in content for t in c.subtree)
            out.append(Speech(self._speaker(v), v, tokens))
        for t in according:  # "according to X": the sentence's main clause is X's
            if t.dep_ == "prep":
                objs = [p for c in t.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"]
                root = t.sent.root
                if objs:
                    speaker = next(iter(self.entities_of(objs[0])), None)
                    tokens = frozenset(x.i for x in root.subtree if not (t.i <= x.i <= t.right_edge.i))
                    out.append(Speech(speaker, None, tokens))
        return out

    def _cue_token(self, q: Quote, span: Span) -> Token | None:
        cue_span = getattr(q, "cue_span", None)
        if cue_span is not None:
            cue = self.doc.char_span(cue_span.start, cue_span.end, alignment_mode="expand")
            if cue is not None and len(cue):
                verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
                return cue.root if cue.root.pos_ == "VERB" else (verbs[-1] if verbs else cue.root)
        if not q.cue:
            return None
        cue = q.cue.lower().split()[0] if q.cue.split() else ""
        best = None
        for t in self.doc[max(0, span.start - 40):min(len(self.doc), span.end + 40)]:
            if (t.lower_ == cue or t.lemma_.lower() == cue) and not (span.start <= t.i < span.end):
                if best is None or min(abs(t.i - span.end), abs(t.i - span.start)) < min(
                        abs(best.i - span.end), abs(best.i - span.start)):
                    best = t
        return best

    def _speaker(self, verb: Token) -> str | None:
        v = verb
        for _ in range(3):
            subs = [c for c in v.children if c.dep_ == "nsubj"]
            if subs:
                ids = self.entities_of(subs[0])
                return ids[0] if ids else self._named_before(subs[0])
            if v.dep_ in ("advcl", "xcomp", "conj") and v.head.pos_ == "VERB":
                v = v.head
                continue
            return None
        return None

    def _named_before(self, noun: Token) -> str | None:
        """The organisation a definite description names by its head word ("the commission" after
        "the Central Election Commission"): the one such organisation named before it, else None."""
        if noun.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        if any(c.dep_ in ("compound", "amod", "poss", "nmod", "prep") for c in noun.children):
            return None  # "the interior ministry", "the commission's chief": more than the head word
        head = noun.lemma_.lower()
        ids = {e.id for e in self.entities.values() if e.type == "organization" and e.name.split()
               and e.name.split()[-1].lower() in (head, noun.lower_)
               and any(m.end <= noun.idx for m in e.mentions)}
        return ids.pop() if len(ids) == 1 else None

    def speech_of(self, token: Token) -> Speech | None:
        return self._speech_of.get(token.i)

    def label_speech(self, noun: Token) -> Speech | None:
        """The statement in which a speaker calls something by this noun ("it was a coup attempt")."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "as":
            verb = head.head
            if verb.lemma_.lower() in ("describe", "characterize", "characterise", "label", "brand", "denounce",
                                        "condemn", "see", "regard", "view", "qualify", "define", "treat", "classify"):
                return Speech(self._speaker(verb), verb, frozenset(t.i for t in verb.subtree))
            return None
        if noun.dep_ in ("oprd", "xcomp", "ccomp", "dobj") and head.lemma_.lower() in (
                "call", "label", "brand", "term", "dub", "consider", "deem", "declare", "name"):
            if noun.dep_ == "dobj" and not any(c.dep_ in ("dobj", "nsubj") and c.i != noun.i and c.i > head.i for c in head.children):
                return None
            return Speech(self._speaker(head), head, frozenset(t.i for t in head.subtree))
        if noun.dep_ == "attr" and head.lemma_.lower() in ("be", "become", "remain", "constitute", "amount"):
            sp = self.speech_of(noun)
            if sp is not None and (sp.verb is not None or sp.quote is not None):
                return sp
        return None

    # -- consequences, quantities, places, times ---------------------------------------------

    def fold_consequences(self, found: list[Found]) -> list[Found]:
        """Harm words join the violent event they belong to; alone they need a perpetrator or weapon."""
        violent = [f for f in found if (f.type == "ASSAULT" and not f.trigger.consequence) or f.trigger.id == "disperse"]
        # the text reports violence (an attack, a riot): a counted toll with no other cause is its toll
        violence = any(f.modality != "negated" and (f in violent or (f.type == "PROTEST" and f.mode == "riot"))
                       for f in found)
        anchors = {a.i for f in found if not f.trigger.consequence for a in f.anchors}
        owner: dict[int, Found] = {}
        for f in violent:
            for a in f.anchors:
                owner.setdefault(a.i, f)
        out = []
        for f in found:
            if not f.trigger.consequence:
                out.append(f)
                continue
            host = self._host(f, owner)
            victims = self._victims(f.token)
            if host is not None:
                for v in victims:
                    self._add(host, "target", v)
                host.anchors.append(f.token)
                if host.trigger.id == "disperse":
                    self._escalate(host)  # "fired tear gas ..., injuring dozens": violent repression
                continue
            if f.token.pos_ in ("NOUN", "PROPN"):
                continue  # "deaths", "casualties" never stand alone
            perpetrator = self.agents(f.token)
            if f.token.lemma_.lower() != "die" and any(c.dep_ == "dobj" for c in f.token.children):
                perpetrator += f.actor_heads  # "gunmen killed ten people"; not "ten people died"
            if not perpetrator and not (f.senses - {f.trigger.id}) and not (violence and self._toll(f, victims, anchors)):
                continue
            f.targets, f.target_heads = [], []
            for v in victims:
                self._add(f, "target", v)
            out.append(f)
        return out

    def _toll(self, f: Found, victims: list[Token], anchors: set[int]) -> bool:
        """Whether a harm verb without a perpetrator is a counted toll of violence the text reports
        ("26 people had been killed", "riots in which 238 people were killed", "Eighteen members of
        the security forces have died"): its victims are counted and no phrase gives another cause
        ("died in a car crash", "died of cancer"). PLOVER's codebook leaves such source-less events
        uncoded (its "Required actors" note); a chronology needs the toll, so it is an ASSAULT with
        no actor and its count."""
        if f.token.pos_ not in ("VERB", "AUX") or not victims or not any(_counted(v) for v in victims):
            return False
        sites = self.onto.classes.get("civilian_site", frozenset()) | self.onto.classes.get("territory", frozenset())
        for prep in f.token.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "from", "of", "after", "during", "amid"):
                continue
            for cause in (p for p in prep.children if p.dep_ == "pobj"):
                if cause.lower_ in PRONOUN_RELATIVE and f.token.dep_ == "relcl":
                    cause = f.token.head  # "riots in which 238 people were killed": the riots
                if cause.i in anchors or cause.i in self.refers or cause.lemma_.lower() in sites:
                    continue  # an event of the text, a named place or actor, "in hospital"
                if cause.ent_type_ in ("DATE", "TIME") or cause.i in self.time_tokens:
                    continue
                return False  # "in a car crash", "of cancer": another cause, not the violence
        return True

    def _escalate(self, f: Found) -> None:
        f.escalated = True
        f.mode = None

    def escalate_violent_repression(self, found: list[Found]) -> None:
        """A crackdown the text calls violent, bloody or deadly, or with live fire, is ASSAULT."""
        for f in found:
            if f.trigger.id != "disperse" or f.escalated:
                continue
            words = {c.lower_ for a in f.anchors for c in a.children if c.dep_ in ("amod", "advmod", "compound")}
            words |= {t.lower_ for t in f.token.sent if t.lower_ in ("live", "lethal")}
            if words & VIOLENT_WORDS:
                self._escalate(f)

    def salience(self, found: list[Found]) -> None:
        for f in found:
            f.main = any(_is_main(a) for a in f.anchors)

    def _host(self, f: Found, owner: dict[int, Found]) -> Found | None:
        t = f.token
        for c in t.children:  # "killed in an airstrike", "died from gunfire", "bombings killed 18"
            if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "during", "from", "after", "amid", "following", "when"):
                for p in c.children:
                    if p.i in owner:
                        return owner[p.i]
            if c.dep_ in ("nsubj", "advcl") and c.i in owner:
                return owner[c.i]
            if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "after", "while", "during")
                                         for m in c.children):
                for g in c.subtree:  # "were killed when gunmen opened fire"
                    if g.i in owner:
                        return owner[g.i]
        u = t
        for _ in range(3):  # "hit two hospitals, killing dozens"; "attacked ... and killed"
            if u.dep_ in ("advcl", "xcomp", "conj", "acl", "relcl", "ccomp") and u.head.i in owner:
                return owner[u.head.i]
            if u.head is u:
                break
            u = u.head
        return None

    def _victims(self, verb: Token) -> list[Token]:
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        lemma = verb.lemma_.lower()
        if lemma == "die":
            return [c for c in verb.children if c.dep_ == "nsubj"]
        passive = [c for c in verb.children if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and _gapped_passive(verb))]
        if passive:
            return passive
        if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":
            return [verb.head]
        return [c for c in verb.children if c.dep_ == "dobj"]

    def attach(self, found: list[Found]) -> None:
        """Times, quantities and places that hang from each event's words."""
        owner = self.owner
        owner.clear()
        for f in sorted(found, key=lambda f: f.start):
            for a in f.anchors:
                owner.setdefault(a.i, f)
        stops = {sp.verb.i for sp in self.speeches if sp.verb is not None}
        for time, span in self.time_spans:
            f = self._climb(span.root, owner, stops)
            if f is not None and time.type in ("DATE", "TIME") and _narrower(time, f.time):
                f.time = time
        for q in self.reading.quantities:
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            f = self._climb(span.root, owner, stops)
            if f is not None and q.id not in f.quantities:
                f.quantities.append(q.id)
        for f in found:
            f.place = self.place(f)

    def _climb(self, token: Token, owner: dict[int, Found], stops: set[int]) -> Found | None:
        t = token
        for _ in range(12):
            if t.i in owner:
                return owner[t.i]
            if t.i in stops and t.i != token.i:
                return None
            if t.head is t:
                return None
            t = t.head
        return None

    def place(self, f: Found) -> str | None:
        """The most specific place entity in a locative phrase of the event's own clause."""
        candidates: list[tuple[float, int, str]] = []
        taken = set(f.actors) | set(f.targets)
        for anchor in f.anchors:
            for prep in anchor.children:
                if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE:
                    continue
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    self._place_candidates(pobj, candidates, taken, depth=0)
            if anchor.pos_ in ("NOUN", "PROPN"):
                for c in anchor.children:
                    if c.dep_ == "compound":
                        eid = self._place_entity(c)
                        if eid is not None and eid not in taken:
                            candidates.append((self._rank(eid, c), c.i, eid))
            for obj in (c for c in anchor.children if c.dep_ in ("dobj", "pobj", "nsubjpass")):
                if f.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT") and obj.dep_ != "pobj" and (
                        obj.lemma_.lower() in self.onto.classes.get("territory", ()) or self._place_entity(obj)):
                    self._place_candidates(obj, candidates, set(), depth=1)  # "shelled the village of X"
                if obj.dep_ != "pobj":
                    for c in obj.children:  # "raided the Jenin refugee camp"
                        eid = self._place_entity(c) if c.dep_ in ("compound", "nmod") else None
                        if eid is not None and not self._country(eid):
                            candidates.append((self._rank(eid, c) + 0.2, c.i, eid))
                for prep in obj.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near"):
                        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                            self._place_candidates(pobj, candidates, taken, depth=1)
        if not candidates:  # "Nurses in London walked out": the participants' place, if nothing else
            for subj in (c for a in f.anchors for c in a.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subj.i in self.refers:
                    continue  # a named actor's "in X" says where it is from, not where this happened
                for prep in subj.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                            self._place_candidates(pobj, candidates, taken, depth=0)
        if not candidates:
            return None
        return min(candidates)[2]

    def _place_candidates(self, pobj: Token, out: list, taken: set[str], depth: int) -> None:
        for p in _conjuncts(pobj):
            eid = self._place_entity(p)
            if eid is None:
                for c in p.children:
                    if c.dep_ in ("compound", "amod", "appos", "nmod", "poss"):
                        eid = self._place_entity(c)
                        if eid is not None:
                            break
            if eid is not None and eid not in taken:
                out.append((self._rank(eid, p) + depth * 0.1, p.i, eid))
            if depth < 3:
                for prep in p.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "near"):
                        for q in prep.children:
                            if q.dep_ == "pobj":
                                self._place_candidates(q, out, taken, depth + 1)

    def _place_entity_id(self, eid: str) -> bool:
        return eid in self.entities and self.entities[eid].type == "place"

    def _country(self, eid: str) -> bool:
        entity = self.entities[eid]
        return entity.geo.kind == "country" if entity.geo is not None else _is_country(entity.name)

    def _is_country_entity(self, token: Token) -> bool:
        eid = self._place_entity(token)
        return eid is not None and self._country(eid)

    def _place_entity(self, token: Token) -> str | None:
        eid = self.refers.get(token.i)
        return eid if eid is not None and self._place_entity_id(eid) else None

    def _rank(self, eid: str, token: Token) -> float:
        """City before region before country: the most specific place the sentence gives."""
        entity = self.entities[eid]
        if entity.geo is not None:
            return {"city": 0, "other": 1, "region": 2, "country": 3}.get(entity.geo.kind, 1)
        head = token.head.lemma_.lower() if token.dep_ in ("compound", "amod", "appos", "nmod") else ""
        words = {head, token.lemma_.lower()} | {c.lemma_.lower() for c in token.children}
        if words & {"city", "town", "village", "capital", "neighbourhood", "neighborhood", "district", "suburb"}:
            return 0
        if words & {"region", "province", "state", "oblast", "governorate", "county"}:
            return 2
        if _is_country(entity.name):
            return 3
        return 1

    # -- dates -------------------------------------------------------------------------------

    def date(self, found: list[Found]) -> None:
        for f in found:
            if f.time is not None:
                f.earliest, f.latest, f.dated = f.time.earliest, f.time.latest, "time"
            elif f.statement is not None:
                self._statement_date(f)
            f.sequence = any(c.lower_ in SEQUENCE for a in f.anchors for c in a.children if c.dep_ in ("advmod", "prep"))
        for _ in range(3):  # an event continues the one its clause hangs from
            for f in found:
                if not f.dated:
                    g = self._governing_event(f, found)
                    if g is not None and g.dated and g.earliest:
                        f.earliest = g.earliest
                        f.latest = None if f.sequence else g.latest
                        f.dated = "continues"
        for f in found:
            if not f.dated and f.speech is not None and f.speech.verb is not None and _past(f.clause):
                said = self._speech_time(f.speech)
                if said is not None and said.latest:
                    f.latest, f.dated = said.latest, "reported"
        anchors: list[tuple[int, int, str]] = []  # (offset, paragraph, earliest)
        for f in sorted(found, key=lambda f: f.start):
            para = self._paragraph(f.start)
            if f.dated and f.earliest and f.speech is None and f.dated != "reported":
                anchors.append((f.start, para, f.earliest))
                continue
            if f.dated or f.speech is not None or f.statement is not None or not _simple_past(f.clause):
                continue
            previous = [a for a in anchors if a[0] < f.start and para - 1 <= a[1] <= para]
            if previous:
                f.earliest, f.latest, f.dated = previous[-1][2], None, "narrative"
                anchors.append((f.start, para, f.earliest))

    def _statement_date(self, f: Found) -> None:
        said = self._speech_time(f.statement)
        if said is not None:
            f.time = said
            f.earliest, f.latest, f.dated = said.earliest, said.latest, "statement"

    def _speech_time(self, sp: Speech) -> Time | None:
        """When a statement was made: its quote's time, or a time hanging from its verb."""
        if sp.time is not None:
            return sp.time
        if sp.verb is None:
            return None
        best = None
        for time, span in self.time_spans:
            if time.type not in ("DATE", "TIME"):
                continue
            t = span.root
            for _ in range(8):
                if t.i == sp.verb.i:
                    if _narrower(time, best):
                        best = time
                    break
                if t.head is t or (t.i in self.owner and not self.owner[t.i].statement):
                    break  # the time belongs to an event said, not to the saying
                t = t.head
        return best

    def _governing_event(self, f: Found, found: list[Found]) -> Found | None:
        owner = {a.i: g for g in found if g is not f for a in g.anchors}
        t = f.clause
        if f.token.dep_ == "pobj" and f.token.head.head.i in {a.i for a in f.anchors}:
            t = f.token.head.head
        for _ in range(6):
            if t.head is t or t.dep_ in ("ccomp", "parataxis"):
                return None
            if self.speech_of(t) is not self.speech_of(f.token):
                return None
            t = t.head
            if t.i in owner:
                return owner[t.i]
            if t.pos_ == "VERB" and t.lemma_.lower() in self.speech_lemmas:
                return None
        return None

    def _paragraph(self, offset: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    # -- the contract form ---------------------------------------------------------------------

    def to_event(self, f: Found, eid: str) -> Event:
        if not f.evidence:
            f.evidence = self.evidence(f)
        if not f.summary:
            f.summary = self.summarize(f)
        return Event(
            id=eid, type=f.type, mode=f.mode, summary=f.summary, actors=f.actors, targets=f.targets,
            place=f.place, time=f.time.id if f.time is not None else None,
            date=DateRange(earliest=f.earliest, latest=f.latest), quantities=f.quantities,
            reported_by=f.reported_by, modality=f.modality,
            evidence=[Offsets(start=s, end=e) for s, e in f.evidence],
        )

    def evidence(self, f: Found) -> list[tuple[int, int]]:
        sents = [f.token.sent]
        if f.statement is not None and f.statement.verb is not None and f.statement.verb.sent != f.token.sent:
            sents.append(f.statement.verb.sent)
        out = []
        for s in sorted(sents, key=lambda s: s.start):
            start, end = s.start_char, s.end_char
            while end > start and self.text[end - 1].isspace():
                end -= 1
            out.append((start, end))
        return out

    def summarize(self, f: Found) -> str:
        if f.statement is not None and f.statement.verb is not None:
            verb = f.statement.verb
            content = _clause_root(f.token)
            if content.i < verb.i and content.sent == verb.sent:
                parts = [_clause_tokens(content), _clause_tokens(verb, skip={"ccomp"})]
                return ", ".join(_render(p) for p in parts if p)
            return _render(_clause_tokens(verb, skip=(), limit=45, keep={"ccomp", "mark"}))
        root = f.clause
        if root.dep_ == "xcomp" and root.head.pos_ == "VERB":
            root = root.head  # "plans to impose a curfew", "called on both sides to release"
        if root.dep_ == "relcl" and root.pos_ == "VERB" and f.token.pos_ in ("NOUN", "PROPN"):
            root = f.token  # "the protests which erupted...": the noun phrase says it
        elif f.token.dep_ == "pobj" and root is not f.token and root.dep_ == "relcl":
            root = f.token  # "which later turned into clashes with police": the clashes
        if root is f.token and f.token.dep_ in ("nsubj", "nsubjpass") and f.token.head.pos_ == "VERB":
            root = f.token.head  # "an investigation determined..."
        if root.pos_ in ("NOUN", "PROPN"):
            tokens = _clause_tokens(root)
        else:
            tokens = _clause_tokens(root)
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
                subjects = self.subjects(root)
                if subjects and subjects[0].i < root.i:
                    tokens = sorted(set(tokens) | {t for s in subjects for t in _clause_tokens(s)}, key=lambda t: t.i)
            if root.dep_ == "relcl" and tokens and tokens[0].dep_ == "prep" and root.head.i < tokens[0].i:
                tokens = [root.head] + tokens  # "riots in which 238 people were killed"
        return _render(tokens)


# -- merging mentions of one event --------------------------------------------------------------


def merge_in_sentence(found: list[Found]) -> list[Found]:
    """Restatements of one event in one sentence become one event: "protests turned into riots"
    (the subject and the result of a change of state carried by one verb), and a clause that
    describes a noun event ("the unrest of January, when protests ... turned into riots")."""
    found = sorted(found, key=lambda f: f.start)
    gone: set[int] = set()
    for f in found:  # "protests turned into riots": one protest, with the mode it turned into
        for g in found:
            if id(f) in gone or id(g) in gone or g is f or f.support is None or g.support is not f.support:
                continue
            if f.type == g.type and f.token.dep_ in ("nsubj", "nsubjpass") and g.token.dep_ == "pobj" \
                    and g.token.head.lower_ == "into" and _compatible(f, g):
                _absorb(f, g)
                f.mode = g.mode or f.mode
                gone.add(id(g))
    for f in found:  # "the unrest of January, when protests ... turned into riots"
        if id(f) in gone or f.token.pos_ not in ("NOUN", "PROPN"):
            continue
        for g in found:
            if id(g) in gone or g is f or g.type != f.type or g.token.sent != f.token.sent:
                continue
            if _describes(g.clause, f.token) and _compatible(f, g):
                _absorb(f, g)
                f.mode = f.mode or g.mode
                gone.add(id(g))
    return [f for f in found if id(f) not in gone]


def _describes(clause: Token, noun: Token) -> bool:
    """Whether a clause is a relative or adnominal clause inside a noun's phrase."""
    t, through = clause, False
    for _ in range(6):
        if t.i == noun.i:
            return through
        if t.head is t:
            return False
        through = through or t.dep_ in ("relcl", "acl")
        t = t.head
    return False


def _compatible(a: Found, b: Found) -> bool:
    """Whether two mentions may be one event: nothing they say of it contradicts."""
    if a.modality == "negated" or b.modality == "negated":
        return False
    if a.place and b.place and a.place != b.place:
        return False
    for x, y in ((a.actors, b.actors), (a.targets, b.targets)):
        if x and y and not (set(x) <= set(y) or set(y) <= set(x)):
            return False
    if a.quantities and b.quantities:
        return False
    return _overlap(a.earliest, a.latest, b.earliest, b.latest)


def merge(found: list[Found]) -> list[Found]:
    """Fold a definite re-mention or a restated statement into the compatible event it repeats."""
    found = sorted(found, key=lambda f: f.start)
    kept: list[Found] = []
    for f in found:
        if f.anaphoric and not _informative(f) and any(
                g is not f and g.type == f.type and g.mode == f.mode and not g.anaphoric for g in found):
            continue  # "when the trials are concluded": which trial is unknown; nothing to add
        partner = next((k for k in kept if _same(k, f)), None)
        if partner is None and f.anaphoric:
            partner = next((g for g in found if g.start > f.start and _same(g, f) and not g.anaphoric), None)
            if partner is not None:
                _absorb(partner, f)
                continue
        if partner is None:
            kept.append(f)
        else:
            _absorb(partner, f)
    return kept


def _informative(f: Found) -> bool:
    """Whether a mention says something of its own (a date borrowed from the clause it hangs from,
    "at the height of the violence", is not its own)."""
    return bool(f.actors or f.targets or f.place or f.dated not in ("", "continues", "narrative") or f.quantities)


def _same(a: Found, b: Found) -> bool:
    if a is b or a.type != b.type or (a.mode and b.mode and a.mode != b.mode):
        return False
    if not (a.anaphoric or b.anaphoric or (a.verbal and b.verbal and a.actors and set(a.actors) == set(b.actors))
            or ((a.restates or b.restates) and a.trigger.id == b.trigger.id and a.reported_by == b.reported_by)):
        return False
    return _compatible(a, b)


def _absorb(into: Found, other: Found) -> None:
    for s in other.evidence or []:
        if s not in into.evidence:
            into.evidence.append(s)
    for eid in other.actors:
        if eid not in into.actors:
            into.actors.append(eid)
    for eid in other.targets:
        if eid not in into.targets:
            into.targets.append(eid)
    into.place = into.place or other.place
    if other.dated and (not into.dated or _range_width(other) < _range_width(into)):
        into.earliest, into.latest, into.time, into.dated = other.earliest, other.latest, other.time, other.dated
        if into.verbal and other.verbal:
            into.summary = other.summary  # a restated statement: the dated telling says when
    into.mode = into.mode or other.mode
    into.quantities = into.quantities or other.quantities
    if into.modality != "asserted" and other.modality == "asserted":
        into.modality, into.reported_by = "asserted", None
    into.anaphoric = into.anaphoric and other.anaphoric


def _range_width(f: Found) -> float:
    if not f.earliest or not f.latest:
        return float("inf")
    return (_day(f.latest) - _day(f.earliest))


def _day(value: str) -> int:
    y, m, d = (int(x) for x in value[:10].split("-"))
    return y * 372 + m * 31 + d


def _overlap(e1, l1, e2, l2) -> bool:
    if e1 and l2 and e1 > l2:
        return False
    if e2 and l1 and e2 > l1:
        return False
    return True


# -- small helpers ------------------------------------------------------------------------------



def _has_words(verb: Token, words: tuple[str, ...]) -> bool:
    """Whether a verb governs the other words of a phrase ("break out", "take into custody")."""
    near = set()
    frontier = [verb]
    for _ in range(3):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "ccomp", "advcl", "relcl", "conj", "parataxis"):
                    continue
                near.add(c.lower_)
                near.add(c.lemma_.lower())
                nxt.append(c)
        frontier = nxt
    return all(w in near for w in words if w not in ("the", "a", "an"))


def _bare_definite(noun: Token) -> bool:
    """A noun with a definite determiner and nothing else that says which ("the amendments")."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children) and not any(
        c.dep_ in ("amod", "compound", "nmod", "prep", "relcl", "acl", "nummod", "poss") for c in noun.children)


def _counted(token: Token) -> bool:
    """Whether a noun phrase is counted ("26 people", "dozens", "Eighteen members", "238")."""
    if token.like_num or token.lemma_.lower() in COUNT_WORDS - {"some", "other", "all", "both", "many", "few"}:
        return True
    return any(c.dep_ == "nummod" or (c.dep_ in ("amod", "quantmod") and c.like_num) for c in token.children)


def _gapped_passive(verb: Token) -> bool:
    """Whether a participle is passive with its auxiliary gapped: "26 people had been killed and
    more than 3,000 (had been) detained" (the parser makes "people" the active subject)."""
    return (verb.tag_ == "VBN" and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "auxpass" for c in verb.head.children)
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            and any(c.dep_ == "nsubj" for c in verb.children))


def _interrogative(noun: Token) -> bool:
    """Whether a noun is questioned ("What negotiations can there be...?", "Which attack?"): a
    wh-determiner on it, and the next stop after it is a question mark."""
    if not any(c.dep_ == "det" and c.tag_ in ("WDT", "WP", "WP$") for c in noun.children):
        return False
    end = next((t for t in noun.doc[noun.i + 1:noun.sent.end] if t.text in ("?", ".", "!", ";")), None)
    return end is not None and end.text == "?"


def _is_main(token: Token) -> bool:
    """Whether a word is in its sentence's main line: it reaches the root through coordination,
    complements and core arguments only, not through a subordinate clause or a prepositional phrase
    ("captured two villages near the town that was the scene of a 2017 chemical attack")."""
    t = token
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head is t:
            return True
        if t.dep_ not in MAIN_DEPS:
            return False
        t = t.head
    return False


def context(found: list[Found], onto: plover.Ontology | None = None) -> set[str]:
    """What a text reports besides each event, as the ACLED mapping's ``context`` names it:
    "protest" when it reports a protest or names protesters as actors or targets."""
    onto = onto or plover.ontology()
    if any(f.type == "PROTEST" and f.modality != "negated" for f in found):
        return {"protest"}
    if any("protester" in f.kinds(onto, "actor") | f.kinds(onto, "target") for f in found):
        return {"protest"}
    return set()


def primary_acled(found: list[Found], onto: plover.Ontology | None = None) -> plover.Acled | None:
    """One ACLED sub-event for a text, as ACLED codes one event per report: among events not
    negated, those of the main line first, then the most specific sub-event (the precedence of
    ``plover_acled.toml``), then the earliest; a bare toll ("26 people were killed") only when
    nothing else maps (ACLED counts fatalities on the event they belong to)."""
    onto = onto or plover.ontology()
    ctx = context(found, onto)
    rank = {case: i for i, case in enumerate(onto.precedence)}
    best = None
    for f in found:
        if f.modality == "negated":
            continue
        mapped = f.acled(onto, ctx)
        if mapped is None:
            continue
        key = (f.toll, not f.main, rank.get(mapped.case, len(rank)), f.start)
        if best is None or key < best[0]:
            best = (key, mapped)
    return best[1] if best else None


def _verb_lemmas(verb: Token) -> list[str]:
    """The lemma, then guesses from the form where the lemmatizer slips ("staged" -> "stag")."""
    out = [verb.lemma_.lower()]
    low = verb.lower_
    for suffix, repl in (("ed", "e"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"), ("ing", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.append(low[: -len(suffix)] + repl)
    return out


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    nominal = ("NOUN", "PROPN", "PRON")
    for c in token.children:
        if c.dep_ == "conj" and (c.pos_ == token.pos_ or (c.pos_ in nominal and token.pos_ in nominal)):
            out.extend(_conjuncts(c))
    return out


def argument_kinds(token: Token, onto: plover.Ontology) -> set[str]:
    """Word classes of an argument phrase: its head decides, unless the head is generic."""
    head_kinds = onto.kinds([token.lemma_, token.lower_])
    mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    if token.lemma_.lower() in GENERIC_HEADS or token.lower_ in GENERIC_HEADS:  # "units of the Syrian army"
        mods += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    mod_words = [w for c in mods for t in c.subtree for w in (t.lemma_, t.lower_)]
    if token.lemma_.lower() in ("force", "forces"):
        mod_words = [w for w in mod_words if w.lower() != "armed"]  # "armed forces" are a state's
    mod_kinds = onto.kinds(mod_words) & {"armed_group", "state_force", "mob", "civilian"}
    if token.lower_ in GENERIC_HEADS or token.lemma_.lower() in GENERIC_HEADS or not head_kinds:
        if mod_kinds:
            if "armed_group" in mod_kinds:
                return {"armed_group"}
            return mod_kinds
    return head_kinds or onto.kinds(mod_words)


def _narrower(time: Time, current: Time | None) -> bool:
    if current is None:
        return True
    if time.earliest is None or time.latest is None:
        return False
    if current.earliest is None or current.latest is None:
        return True
    return _day(time.latest) - _day(time.earliest) < _day(current.latest) - _day(current.earliest)


def _past(verb: Token) -> bool:
    return verb.tag_ in ("VBD", "VBN") or any(c.lower_ in ("had", "has", "have", "was", "were") for c in verb.children)


def _simple_past(verb: Token) -> bool:
    """Simple past in narration (not past perfect, not present, not future)."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if "had" in auxes or auxes & {"has", "have", "will", "would", "is", "are", "am"}:
        return False
    if verb.pos_ in ("NOUN", "PROPN"):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(auxes & {"was", "were"}))


def _clause_root(token: Token) -> Token:
    t = token
    while t.dep_ not in ("ccomp", "ROOT", "parataxis", "xcomp") and t.head is not t:
        t = t.head
    return t


_SKIP = {"relcl", "advcl", "ccomp", "parataxis", "cc", "mark", "csubj", "punct", "appos"}


def _clause_tokens(root: Token, skip: Iterable[str] = (), limit: int = 30, keep: Iterable[str] = ()) -> list[Token]:
    """The tokens of a clause without its subordinate clauses, coordinated verbs and asides."""
    skip = (_SKIP | set(skip)) - set(keep)
    out: list[Token] = []

    def walk(t: Token, top: bool) -> None:
        out.append(t)
        for c in t.children:
            if c.dep_ == "punct":
                if c.text not in ('"', "“", "”", "``", "''"):
                    out.append(c)
                continue
            if c.dep_ in skip and not (c.dep_ == "cc" and t.pos_ not in ("VERB", "AUX")):
                continue
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and t.pos_ in ("VERB", "AUX"):
                continue
            if c.dep_ == "prep" and c.lower_ == "with" and any(g.dep_ == "pcomp" for g in c.children):
                continue
            walk(c, False)

    walk(root, True)
    out.sort(key=lambda t: t.i)
    kept = {t.i for t in out}
    out = [t for t in out if not (t.is_punct and t.text in ",;:" and (
        t.i - 1 not in kept or t.i + 1 not in kept or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].is_punct)))]
    while out and (out[0].is_punct or out[0].is_space):
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_space):
        out.pop()
    if len(out) > limit:
        keep = {t.i for t in out if abs(t.i - root.i) <= limit // 2}
        out = [t for t in out if t.i in keep]
    return out


def _render(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    parts = []
    for i, t in enumerate(tokens):
        parts.append(t.text)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None:
            parts.append(t.whitespace_ if nxt.i == t.i + 1 else " ")
    text = "".join(parts).strip()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"[“”\"]", "", text).strip()
    return text[:1].upper() + text[1:] if text else text


_COUNTRIES: set[str] | None = None


def _is_country(name: str) -> bool:
    global _COUNTRIES
    if _COUNTRIES is None:
        import pycountry

        _COUNTRIES = {c.name.lower() for c in pycountry.countries} | {
            getattr(c, "common_name", c.name).lower() for c in pycountry.countries}
    return name.lower() in _COUNTRIES
