"""The PLOVER ontology as data: event types and modes, the trigger lexicon, ACLED and CAMEO mappings.

Everything here is read from ``chronicle/data/plover_*.toml`` (each file names its source) and
checked when loaded: every trigger's type and mode must exist, every class a condition names must
be defined, every mapping rule must name real types and modes. Code elsewhere never hard-codes an
event type; it asks :func:`ontology`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable

DATA = "chronicle.data"
FILES = {
    "types": "plover_types.toml",
    "triggers": "plover_triggers.toml",
    "acled": "plover_acled.toml",
    "cameo": "plover_cameo.toml",
}
# The cue lists the extractor reads from the [cues] table of the trigger file.
CUE_TABLES = ("sequence", "modal", "hedge_adverbs", "hedge_adjectives", "intent", "future", "deny", "prevent",
              "control", "violent")
# Classes resolved from the parse rather than from a word list.
BUILTIN_CLASSES = {"place", "count", "person"}


class OntologyError(ValueError):
    """A data file contradicts itself (a trigger names a mode its type does not have...)."""


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: str
    definition: str
    modes: dict[str, str]


@dataclass(frozen=True)
class Trigger:
    """One sense of the trigger lexicon (see the header of ``plover_triggers.toml``)."""

    id: str
    type: str
    mode: str | None = None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    preps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    label: bool = False
    instrument: str | None = None
    needs_instrument: bool = False
    consequence: bool = False
    object_role: str = "target"
    possessor: str = "actor"
    symmetric: bool = False
    legal: bool = False
    standalone: bool = True
    kind: str | None = None  # "verbal": a statement

    @property
    def verbal(self) -> bool:
        return self.kind == "verbal"


@dataclass(frozen=True)
class Instrument:
    name: str
    mode: str
    words: frozenset[str]


@dataclass(frozen=True)
class Rule:
    """A mapping rule: conditions on an event, and what it maps to."""

    types: frozenset[str]
    modes: frozenset[str] = frozenset()
    senses: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()
    no_actor: frozenset[str] = frozenset()
    no_target: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    value: dict = field(default_factory=dict, hash=False, compare=False)

    def fits(self, type: str, mode: str | None, senses: Iterable[str], actors: Iterable[str],
             targets: Iterable[str], context: Iterable[str] = ()) -> bool:
        actors, targets = set(actors), set(targets)
        return (
            type in self.types
            and (not self.context or bool(self.context & set(context)))
            and (not self.modes or mode in self.modes)
            and (not self.senses or bool(self.senses & set(senses)))
            and (not self.actor or bool(self.actor & actors))
            and (not self.target or bool(self.target & targets))
            and not (self.no_actor & actors)
            and not (self.no_target & targets)
        )


@dataclass(frozen=True)
class Acled:
    event_type: str
    sub_event_type: str
    case: str  # the CASE 2021 task 2 label of the same sub-event type


@dataclass(frozen=True)
class Ontology:
    types: dict[str, PloverType]
    triggers: tuple[Trigger, ...]
    classes: dict[str, frozenset[str]]
    instruments: tuple[Instrument, ...]
    acled_rules: tuple[Rule, ...]
    cameo_rules: tuple[Rule, ...]
    precedence: tuple[str, ...]
    # role ("occur", "do", "undergo") -> (verb lemma, preposition or particle words) pairs
    support: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    # modality and intent cue words ("modal", "intent", "deny"...)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    def kinds(self, words: Iterable[str]) -> set[str]:
        """The classes (protester, state_force, civilian...) any of these words belongs to."""
        lowered = {w.lower() for w in words}
        return {name for name, members in self.classes.items() if lowered & members}

    def instrument(self, words: Iterable[str]) -> Instrument | None:
        """The first weapon class (in file order) that one of these words names."""
        lowered = {w.lower() for w in words}
        for inst in self.instruments:
            if lowered & inst.words:
                return inst
        return None

    def cameo_root(self, type: str, mode: str | None = None, senses: Iterable[str] = ()) -> str | None:
        senses = tuple(senses)
        for rule in self.cameo_rules:
            if rule.fits(type, mode, senses, (), ()):
                return rule.value["root"]
        return None

    def acled(self, type: str, mode: str | None = None, senses: Iterable[str] = (),
              actors: Iterable[str] = (), targets: Iterable[str] = (), context: Iterable[str] = ()) -> Acled | None:
        """The ACLED sub-event type of an event, or None for acts ACLED does not record.

        ``context`` names what else the text reports ("protest" when it reports a protest).
        """
        senses, actors, targets, context = tuple(senses), tuple(actors), tuple(targets), tuple(context)
        for rule in self.acled_rules:
            if rule.fits(type, mode, senses, actors, targets, context):
                v = rule.value
                return Acled(v["event"], v["sub_event"], v["case"])
        return None


def _read(name: str) -> dict:
    text = resources.files(DATA).joinpath(FILES[name]).read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(f"{FILES[name]}: {exc}") from None


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _trigger(entry: dict) -> Trigger:
    entry = dict(entry)
    preps = entry.pop("preps", {}) or {}
    known = set(Trigger.__dataclass_fields__)
    unknown = set(entry) - known
    if unknown:
        raise OntologyError(f"trigger {entry.get('id')!r}: unknown fields {sorted(unknown)}")
    for key in ("verbs", "nouns", "object", "subject"):
        entry[key] = tuple(w.lower() for w in _tuple(entry.get(key)))
    entry["preps"] = tuple(
        (prep.lower(), () if objs == "*" else tuple(o.lower() for o in _tuple(objs))) for prep, objs in preps.items()
    )
    return Trigger(**entry)


def _rule(entry: dict, value_keys: tuple[str, ...]) -> Rule:
    return Rule(
        types=frozenset(_tuple(entry["type"])),
        modes=frozenset(_tuple(entry.get("mode"))),
        senses=frozenset(_tuple(entry.get("sense"))),
        actor=frozenset(_tuple(entry.get("actor"))),
        target=frozenset(_tuple(entry.get("target"))),
        no_actor=frozenset(_tuple(entry.get("no_actor"))),
        no_target=frozenset(_tuple(entry.get("no_target"))),
        context=frozenset(_tuple(entry.get("context"))),
        value={k: entry[k] for k in value_keys},
    )


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """Load and validate the PLOVER data files (once per process)."""
    types = {
        name: PloverType(name, spec["quad"], spec["definition"], dict(spec.get("modes", {})))
        for name, spec in _read("types").items()
    }
    lexicon = _read("triggers")
    classes = {name: frozenset(w.lower() for w in words) for name, words in lexicon.get("classes", {}).items()}
    instruments = tuple(
        Instrument(name, spec["mode"], frozenset(w.lower() for w in spec["words"]))
        for name, spec in lexicon.get("instruments", {}).items()
    )
    triggers = tuple(_trigger(e) for e in lexicon.get("trigger", []))
    acled_data = _read("acled")
    acled_rules = tuple(_rule(e, ("event", "sub_event", "case")) for e in acled_data.get("rule", []))
    cameo_rules = tuple(_rule(e, ("root",)) for e in _read("cameo").get("rule", []))
    support = {
        role: tuple((p.split()[0].lower(), tuple(w.lower() for w in p.split()[1:])) for p in phrases)
        for role, phrases in lexicon.get("support", {}).items()
    }
    cues = {name: frozenset(w.lower() for w in words) for name, words in lexicon.get("cues", {}).items()}
    onto = Ontology(types, triggers, classes, instruments, acled_rules, cameo_rules,
                    tuple(acled_data.get("selection", {}).get("precedence", ())), support, cues)
    problems = validate(onto)
    if problems:
        raise OntologyError("; ".join(problems))
    return onto


def validate(onto: Ontology) -> list[str]:
    """Every inconsistency between the data files, as readable lines (empty when all is well)."""
    problems = []
    seen: set[str] = set()
    senses = {t.id for t in onto.triggers} | {i.name for i in onto.instruments}
    for t in onto.triggers:
        if t.id in seen:
            problems.append(f"trigger {t.id!r} is defined twice")
        seen.add(t.id)
        if t.type not in onto.types:
            problems.append(f"trigger {t.id!r}: unknown type {t.type!r}")
        elif t.mode is not None and t.mode not in onto.types[t.type].modes:
            problems.append(f"trigger {t.id!r}: type {t.type} has no mode {t.mode!r}")
        if not (t.verbs or t.nouns):
            problems.append(f"trigger {t.id!r} has no verbs and no nouns")
        if t.instrument is not None and t.instrument not in {i.name for i in onto.instruments}:
            problems.append(f"trigger {t.id!r}: unknown instrument {t.instrument!r}")
        if t.object_role not in ("target", "theme", "actor"):
            problems.append(f"trigger {t.id!r}: object_role must be target, theme or actor")
        if t.possessor not in ("target", "actor"):
            problems.append(f"trigger {t.id!r}: possessor must be target or actor")
        words = [w for w in t.object if w != "none"] + list(t.subject) + [o for _, objs in t.preps for o in objs]
        for word in words:
            if word.startswith("@") and word[1:] not in onto.classes and word[1:] not in BUILTIN_CLASSES:
                problems.append(f"trigger {t.id!r}: unknown class {word!r}")
    for inst in onto.instruments:
        if inst.mode not in onto.types["ASSAULT"].modes:
            problems.append(f"instrument {inst.name!r}: ASSAULT has no mode {inst.mode!r}")
    for label, rules in (("acled", onto.acled_rules), ("cameo", onto.cameo_rules)):
        for rule in rules:
            for type in rule.types:
                if type not in onto.types:
                    problems.append(f"{label} rule: unknown type {type!r}")
                    continue
                for mode in rule.modes:
                    if mode not in onto.types[type].modes:
                        problems.append(f"{label} rule: type {type} has no mode {mode!r}")
            for sense in rule.senses - senses:
                problems.append(f"{label} rule: unknown sense {sense!r}")
            for kind in rule.actor | rule.target | rule.no_actor | rule.no_target:
                if kind not in onto.classes:
                    problems.append(f"{label} rule: unknown class {kind!r}")
    cases = {r.value["case"] for r in onto.acled_rules}
    for case in onto.precedence:
        if case not in cases:
            problems.append(f"acled precedence names {case!r}, which no rule gives")
    for name in CUE_TABLES:
        if name not in onto.cues:
            problems.append(f"triggers: the [cues] table has no {name!r} list")
    for type in onto.types:
        if onto.cameo_root(type) is None:
            problems.append(f"cameo: no root for type {type}")
    return problems
