"""The ``coref`` stage: pronouns, titles alone and bare surnames, linked to the entities they name.

No coreference model installs offline here, so this is a deterministic resolver over spaCy's
parse, in the tradition of Lappin & Leass (1994) salience and Raghunathan et al. (2010) sieves,
kept small and cautious: a link is made only when one antecedent clearly wins, because a wrong
speaker is worse for a chronology than no speaker. It extends ``reading.refers`` (token index ->
entity id); the entities themselves are not changed, except that a bare surname found here is
added to its person's mentions (it is a name mention the NER missed).

Three passes, each linear in the document:

1. **Bare surnames** the entities stage missed: a capitalised proper-noun token equal to the last
   word of a person's multi-word name ("Assylov" after "Berik Assylov") refers to that person; when
   two people share the surname, to the one named closest before it.
2. **Titles alone** ("the prosecutor general", "Kazakhstan's prosecutor general", "the Kazakh
   president", "the former security chief"): a run of office words (``titles.txt``) and their
   noun/adjective modifiers, after "the", a possessive or a demonym, not followed by a name (then
   it is a premodifier, the entities stage's business), singular. It refers to the person whose
   role title holds all its words (``former`` only matches a former role). One holder in the
   document: that one, even before the name is first given (the lede's "Kazakhstan's prosecutor
   general says..."); several: the one mentioned last before it. None: an office held by one
   person at a time ("the president", ``coref.toml`` ``offices``) after "the" goes, in pass 3, to
   the most salient person who was the subject of its last mention and holds no other office
   ("Tokayev addressed the nation. The president said ..."); any other title ("the judge",
   "Sokolov's lawyer") is an unnamed person, who links nowhere but competes for he/she.
3. **Pronouns**, third person (``coref.toml``): he/him/his/himself and she/her/... to people,
   "they/them/their" to groups and organisations, "it" only as the subject of a reporting verb
   ("the ministry said it ...", "it said") and "its" to organisations and places; pleonastic "it"
   is never linked. Every earlier mention (name, resolved title or pronoun) keeps its entity's
   salience, Lappin & Leass style: 100, +80 for a subject, +50 more for the subject of the main
   clause, +50 for an object, +80 unless it sits inside another noun phrase ("Bektanov's trial",
   "the orders of Massimov"), halved for every step back, where a step is a sentence that
   mentions an entity (quoted sentences that name nobody do not push the speaker away), within
   four steps. A pronoun that is the subject of a reporting verb ("he said", "he added")
   continues the last speaker: an entity that was itself the subject of a reporting verb gets a
   further ``150 * 0.5 ** steps_since_it_spoke``. Common nouns compete for it/its (singular) and
   they/them/their (plural) without ever being the answer, so "the protests ... their organizers"
   links nothing; unnamed people (above) compete for he/she the same way. Candidates must agree in number, type and gender (gender from a title such as
   "Mr"/"spokeswoman", a gendered surname ending such as -ov/-ova, or an earlier pronoun resolved
   to the entity; unknown agrees with both at a cost of 0.8). The object of a verb is never its
   own subject ("Tokayev thanked him"); a reflexive prefers it ("Tokayev defended himself").
   The best candidate wins only when it scores at least 20 and 1.5 times the runner-up; otherwise
   the pronoun stays unresolved.

Known limits: no cataphora for pronouns ("Before he spoke, Assylov..."), no plural antecedents
built from conjunctions ("Assylov and Massimov ... they"), no common-noun chains ("the company"),
no first and second person (the quotes stage attributes "I" and "we" to the speaker).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from chronicle.contract import Entity, Span as Offsets
from chronicle.data import word_list
from chronicle.pipeline.base import Reading, Stage, register

DECAY = 0.5  # salience kept per step back (a step: a sentence that mentions an entity)
MAX_DISTANCE = 4  # steps
BASE = 100.0
SUBJECT, OBJECT, HEAD, MAIN = 80.0, 50.0, 80.0, 50.0  # Lappin & Leass style bonuses
SPEAKER_BONUS = 150.0
UNKNOWN_GENDER = 0.8  # factor for a candidate whose gender is not known
PLURAL_ORGANIZATION = 0.7  # factor for "they" -> an organisation (a group fits better)
MIN_SCORE = 20.0
MIN_RATIO = 1.5

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_OBJECT_DEPS = {"dobj", "obj", "dative", "iobj", "oprd"}
_DETERMINERS = {"the", "this", "that"}
_FORMER = {"former", "ex", "ex-", "then"}
_NOUN = "~"  # state key prefix of a common noun (a rival antecedent, never a result)
_PERSON = "~p"  # state key prefix of an unnamed person, a title without a holder (a rival too)


@dataclass(frozen=True)
class PronounInfo:
    number: str  # singular | plural
    gender: str  # male | female | neuter | ""
    form: str  # subject | object | possessive | reflexive


@dataclass(frozen=True)
class Cues:
    pronouns: dict[str, PronounInfo]
    male_titles: frozenset[str]
    female_titles: frozenset[str]
    male_suffixes: tuple[str, ...]
    female_suffixes: tuple[str, ...]
    reporting: frozenset[str]
    offices: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = tomllib.loads(resources.files("chronicle.data").joinpath("coref.toml").read_text("utf-8"))
    g = data["gender"]
    by_length = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return Cues(
        pronouns={w: PronounInfo(*v) for w, v in data["pronouns"].items()},
        male_titles=frozenset(g["male_titles"]),
        female_titles=frozenset(g["female_titles"]),
        male_suffixes=by_length(g["male_suffixes"]),
        female_suffixes=by_length(g["female_suffixes"]),
        reporting=frozenset(data["reporting"]["verbs"]),
        offices=frozenset(data["descriptions"]["offices"]),
    )


@dataclass
class State:
    """What the resolver remembers of an entity: where and how it was last mentioned."""

    step: int
    weight: float  # BASE plus the bonuses of the last mention's grammatical role
    subject: bool
    head: int  # token index of the governing word of the last mention
    spoke: int | None = None  # step of the last time it was the subject of a reporting verb


@register("coref")
class Coref(Stage):
    needs = ("doc", "entities", "refers")
    gives = ("refers",)

    def __call__(self, reading: Reading) -> Reading:
        doc, entities = reading.doc, reading.entities
        if doc is None or not entities:
            return reading
        refers = dict(reading.refers)
        by_id = {e.id: e for e in entities}
        _surnames(doc, entities, refers, reading.document.text if reading.document else None)
        pending = _descriptions(doc, entities, refers)
        _pronouns(doc, by_id, refers, pending)
        reading.refers = refers
        return reading


# -- 1. bare surnames ---------------------------------------------------------------------------


def _surnames(doc: Doc, entities: list[Entity], refers: dict[int, str], text: str | None = None) -> None:
    holders: dict[str, list[Entity]] = {}
    for e in entities:
        words = e.name.split()
        if e.type == "person" and len(words) >= 2 and words[-1][:1].isupper():
            holders.setdefault(words[-1].casefold(), []).append(e)
    if not holders:
        return
    text = text or doc.text  # spaCy builds Doc.text anew on every access: take the document's
    found = []
    for surname, people in holders.items():
        form = people[0].name.split()[-1]
        begin = 0
        while (i := text.find(form, begin)) >= 0:
            begin = i + len(form)
            span = doc.char_span(i, begin)
            if span is not None and len(span) == 1:
                found.append(span[0])
    for token in sorted(found, key=lambda t: t.i):
        if token.i in refers or token.pos_ != "PROPN" or not token.is_title:
            continue
        people = holders.get(token.text.casefold())
        if not people:
            continue
        person = people[0] if len(people) == 1 else _closest_before(people, token.idx)
        if person is None:
            continue
        refers[token.i] = person.id
        person.mentions.append(Offsets(start=token.idx, end=token.idx + len(token.text)))
        person.mentions.sort(key=lambda m: m.start)
        if token.text not in person.aliases and token.text != person.name:
            person.aliases.append(token.text)


def _closest_before(people: list[Entity], offset: int) -> Entity | None:
    best, best_start = None, -1
    for p in people:
        for m in p.mentions:
            if best_start < m.start < offset:
                best, best_start = p, m.start
    return best


# -- 2. titles alone ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Description:
    start: int
    end: int
    words: frozenset[str]
    former: bool
    office: bool  # an office held by one person at a time ("the president"), not a trade ("the lawyer")
    definite: bool  # after "the" (not a possessive: "Sokolov's lawyer" is someone else)


def _descriptions(doc: Doc, entities: list[Entity], refers: dict[int, str]) -> dict[int, Description]:
    """Link titles alone to the holder of a matching role; return those without one, by first
    token, for the pronoun pass (an office after "the" may still go to the salient person without
    a known role; every other one is an unnamed person that competes for he/she)."""
    roles = [(e, r) for e in entities if e.type == "person" for r in e.roles]
    pending: dict[int, Description] = {}
    offices = cues().offices
    titles = word_list("titles.txt")
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        if token.lower_ not in titles or i in refers or token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            i += 1
            continue
        start, end = _title_run(doc, i, refers, titles)
        i = end
        if doc[end - 1].tag_ in ("NNS", "NNPS") or doc[end - 1].lower_ not in titles:
            continue
        if end < n and (end in refers and _is_person_token(doc, end, refers, entities)
                        or doc[end].pos_ == "PROPN" and doc[end].is_title):
            continue  # a premodifier of a name: "Prosecutor General Berik Assylov"
        former, opened = _determined(doc, start, refers)
        if not opened:
            continue
        words = {t.lower_ for t in doc[start:end]} - _FORMER
        holder = _holder(words, former, roles, doc[start].idx) if roles else None
        if holder is not None:
            for k in range(start, end):
                refers[k] = holder.id
        else:
            definite = start > 0 and doc[start - 1].lower_ in _DETERMINERS or \
                start > 1 and doc[start - 1].lower_ in _FORMER and doc[start - 2].lower_ in _DETERMINERS
            pending[start] = Description(start, end, frozenset(words), former,
                                         doc[end - 1].lower_ in offices, definite)
    return pending


def _title_run(doc: Doc, i: int, refers: dict[int, str], titles: frozenset[str]) -> tuple[int, int]:
    """The office phrase around a title word: modifiers before ("internal security chief") and
    title words after ("prosecutor general"), never across a line break or a known mention."""
    start = i
    while start > 0:
        prev = doc[start - 1]
        if prev.i in refers or prev.is_space or prev.lower_ in _FORMER or prev.lower_ in _DETERMINERS:
            break
        if prev.lower_ in titles or (prev.pos_ in ("NOUN", "PROPN", "ADJ") and prev.dep_ in ("compound", "amod")
                                     and not prev.ent_type_ == "NORP"):
            start -= 1
            continue
        break
    end = i + 1
    while end < len(doc) and doc[end].lower_ in titles and end not in refers and doc[end].pos_ in ("NOUN", "PROPN", "ADJ"):
        end += 1
    return start, end


def _is_person_token(doc: Doc, i: int, refers: dict[int, str], entities: list[Entity]) -> bool:
    eid = refers.get(i)
    return any(e.id == eid and e.type == "person" for e in entities)


def _determined(doc: Doc, start: int, refers: dict[int, str]) -> tuple[bool, bool]:
    """(former, definite): what precedes the office phrase; "the", a possessive ("Kazakhstan's",
    "the country's") or a demonym make it definite; "former" may stand among them."""
    from chronicle.pipeline.entities import is_demonym

    former = False
    k = start - 1
    while k >= 0:
        t = doc[k]
        low = t.lower_
        if low in _FORMER:
            former = True
        elif t.tag_ == "POS" or low in ("'s", "’s"):
            return former, True
        elif low in _DETERMINERS:
            return former, True
        elif t.pos_ == "PROPN" and is_demonym(t.text) or t.ent_type_ == "NORP":
            pass
        else:
            return former, False
        k -= 1
    return former, False


def _holder(words: set[str], former: bool, roles, offset: int) -> Entity | None:
    found: list[Entity] = []
    for entity, role in roles:
        if former and not role.former:
            continue
        if words <= {w.lower() for w in role.title.replace("-", " ").split()} and entity not in found:
            found.append(entity)
    if len(found) == 1:
        return found[0]
    return _closest_before(found, offset) if found else None


# -- 3. pronouns --------------------------------------------------------------------------------


def _pronouns(doc: Doc, by_id: dict[str, Entity], refers: dict[int, str],
              pending: dict[int, Description] | None = None) -> None:
    c = cues()
    pending = pending or {}
    genders = {eid: _gender(e, doc, c) for eid, e in by_id.items() if e.type == "person"}
    states: dict[str, State] = {}
    step = 0
    skip = -1
    for sent in doc.sents:
        run_id, run_tokens = None, []
        mentioned = False
        for token in sent:
            if token.i < skip:
                continue
            description = pending.get(token.i)
            if description is not None:
                _remember(run_id, run_tokens, step, states, c)
                run_id, run_tokens = None, []
                skip = description.end
                head = doc[description.end - 1]
                eid = _resolve_description(description, head, step, states, by_id)
                if eid is None:
                    _remember(_PERSON + str(head.i), [head], step, states, c)  # an unnamed person
                    continue
                for k in range(description.start, description.end):
                    refers[k] = eid
                mentioned = True
                _remember(eid, [head], step, states, c)
                continue
            eid = refers.get(token.i)
            if eid is not None and token.lower_ not in c.pronouns:
                if eid != run_id:
                    _remember(run_id, run_tokens, step, states, c)
                    run_id, run_tokens = eid, []
                run_tokens.append(token)
                mentioned = True
                continue
            _remember(run_id, run_tokens, step, states, c)
            run_id, run_tokens = None, []
            tag = token.tag_
            if tag == "NN" or tag == "NNS":
                if token.dep_ != "compound":
                    _remember_noun(token, step, states)  # a rival for it/they
                continue
            info = c.pronouns.get(token.lower_)
            if info is None or token.pos_ != "PRON" and token.tag_ not in ("PRP", "PRP$"):
                continue
            eid = _resolve(token, info, step, states, by_id, genders, c)
            if eid is None:
                continue
            refers[token.i] = eid
            mentioned = True
            if info.gender in ("male", "female") and not genders.get(eid):
                genders[eid] = info.gender
            _remember(eid, [token], step, states, c)
        _remember(run_id, run_tokens, step, states, c)
        if mentioned:
            step += 1
            for eid in [e for e, s in states.items() if step - s.step > MAX_DISTANCE]:
                del states[eid]


def _remember(eid: str | None, tokens: list[Token], step: int, states: dict[str, State], c: Cues) -> None:
    """Record a mention with its weight from the grammatical role of its root token."""
    if eid is None or not tokens:
        return
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
    subject = root.dep_ in _SUBJECT_DEPS
    weight = BASE
    if subject:
        weight += SUBJECT
        verb = root.head
        if verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT":
            weight += MAIN
    elif root.dep_ in _OBJECT_DEPS:
        weight += OBJECT
    if not _embedded(root):
        weight += HEAD
    previous = states.get(eid)
    spoke = previous.spoke if previous else None
    if _speaks(root, c):
        spoke = step
    states[eid] = State(step=step, weight=weight, subject=subject, head=root.head.i, spoke=spoke)


def _remember_noun(token: Token, step: int, states: dict[str, State]) -> None:
    """:func:`_remember` for a one-token common noun, without the speaker test (a noun never speaks
    for the resolver's purposes) and without building lists: it runs for every noun."""
    dep = token.dep_
    weight = BASE
    subject = dep in _SUBJECT_DEPS
    if subject:
        weight += SUBJECT
        verb = token.head
        if verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT":
            weight += MAIN
    elif dep in _OBJECT_DEPS:
        weight += OBJECT
    if not _embedded(token):
        weight += HEAD
    states[_NOUN + str(token.i)] = State(step=step, weight=weight, subject=subject, head=token.head.i)


def _embedded(token: Token) -> bool:
    """Inside another noun phrase: "Bektanov's trial", "the orders of Massimov"."""
    if token.dep_ in ("poss", "compound", "nmod", "appos", "npadvmod"):
        return True
    return token.dep_ == "pobj" and token.head.head.pos_ in ("NOUN", "PROPN", "PRON")


def _speaks(token: Token, c: Cues) -> bool:
    """The subject of a reporting verb ("Assylov said", "he added", "said Assylov")."""
    return token.dep_ in ("nsubj", "csubj") and token.head.lemma_.lower() in c.reporting


def _resolve(pron: Token, info: PronounInfo, step: int, states: dict[str, State], by_id: dict[str, Entity],
             genders: dict[str, str], c: Cues) -> str | None:
    low = pron.lower_
    speaking = _speaks(pron, c)
    if low == "it" and not speaking:
        return None  # "it was a coup attempt": pleonastic or an event, never an actor here
    is_object = pron.dep_ in _OBJECT_DEPS
    scored: list[tuple[float, str]] = []
    for eid, state in states.items():
        if eid.startswith(_PERSON):
            factor = _person_agreement(info, pron.doc[int(eid[len(_PERSON):])], c)
        elif eid.startswith(_NOUN):
            factor = _noun_agreement(info, pron.doc[int(eid[len(_NOUN):])])
        else:
            factor = _agreement(info, low, by_id[eid], genders.get(eid, ""))
        if factor == 0.0:
            continue
        same_clause = state.step == step and state.subject and state.head == pron.head.i
        if is_object and same_clause:
            continue  # "Tokayev thanked him": him is not Tokayev
        score = state.weight * DECAY ** (step - state.step)
        if speaking and state.spoke is not None:
            score += SPEAKER_BONUS * DECAY ** (step - state.spoke)
        if info.form == "reflexive" and same_clause:
            score += BASE
        scored.append((score * factor, eid))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, eid = scored[0]
    if best < MIN_SCORE or eid.startswith(_NOUN) or eid.startswith(_PERSON):
        return None
    if len(scored) > 1 and best < MIN_RATIO * scored[1][0]:
        return None
    return eid


def _resolve_description(d: Description, head: Token, step: int, states: dict[str, State],
                         by_id: dict[str, Entity]) -> str | None:
    """ "The president said ...": an office after "the" with no holder named in the document goes
    to the most salient person whose roles do not contradict it, as a pronoun would; a trade ("the
    lawyer") or a possessive ("Sokolov's lawyer") is someone else and links nowhere."""
    if not (d.office and d.definite):
        return None
    scored = []
    for eid, state in states.items():
        if eid.startswith(_NOUN) or eid.startswith(_PERSON):
            continue
        entity = by_id[eid]
        if entity.type != "person" or any(not d.words <= set(r.title.lower().split()) for r in entity.roles):
            continue
        if not state.subject:
            continue  # only the person the story is about: the subject of its last mention
        scored.append((state.weight * DECAY ** (step - state.step), eid))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, eid = scored[0]
    if best < MIN_SCORE or len(scored) > 1 and best < MIN_RATIO * scored[1][0]:
        return None
    return eid


def _person_agreement(info: PronounInfo, noun: Token, c: Cues) -> float:
    """An unnamed person ("the lawyer", "Sokolov's lawyer") competes for he/she, never the answer."""
    if info.number != "singular" or info.gender not in ("male", "female"):
        return 0.0
    low = noun.lower_
    if low in c.male_titles or low in c.female_titles:
        return 1.0 if (low in c.male_titles) == (info.gender == "male") else 0.0
    return UNKNOWN_GENDER


def _noun_agreement(info: PronounInfo, noun: Token) -> float:
    """Common nouns are no entities, but "their" in "the protests ... their organizers" is the
    protests': a plural noun competes for they/them/their and a singular one for it/its, so that
    a pronoun is linked to an entity only when no such noun is the likelier antecedent."""
    if info.number == "plural":
        return 1.0 if noun.tag_ == "NNS" else 0.0
    return 1.0 if info.gender == "neuter" and noun.tag_ == "NN" else 0.0


def _agreement(info: PronounInfo, low: str, entity: Entity, gender: str) -> float:
    """How well an entity fits a pronoun: 0 (not at all) to 1."""
    if info.number == "plural":
        if entity.type == "group":
            return 1.0
        return PLURAL_ORGANIZATION if entity.type == "organization" else 0.0
    if info.gender == "neuter":
        if entity.type == "organization":
            return 1.0
        return 1.0 if low == "its" and entity.type == "place" else 0.0
    if entity.type != "person":
        return 0.0
    if not gender:
        return UNKNOWN_GENDER
    return 1.0 if gender == info.gender else 0.0


def _gender(entity: Entity, doc: Doc, c: Cues) -> str:
    """Gender from a title right before a mention ("Mr Assylov", "spokeswoman Maria Zakharova") or
    a gendered surname ending; "" when nothing tells."""
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        before = doc[span.start - 1].lower_.rstrip(".")
        if before in c.male_titles:
            return "male"
        if before in c.female_titles:
            return "female"
    last = entity.name.split()[-1].casefold() if entity.name.split() else ""
    for suffix in c.female_suffixes:  # checked first: "-ova" must not be read as "-ov" + "a"
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            return "female"
    for suffix in c.male_suffixes:
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            return "male"
    return ""
