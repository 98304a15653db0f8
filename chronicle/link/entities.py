"""Cross-document entity resolution: one actor across articles, whatever the spelling.

One article names "Karim Massimov"; another, transliterating from Russian, "Masimov"; a third
only "Tokaev". Within a document the entities stage has already merged a person's mentions; here
the documents' entities are clustered into real-world actors. As nomenklatura and followthemoney
do, names are compared through a normalised key (our transliteration key,
:func:`chronicle.values.places.key`, plus the surname-ending rules of ``linking.toml``) and a
fuzzy ratio (rapidfuzz) on that key, only within blocks (same type, same first letters of the
surname key), so the cost grows with the size of a block, not the square of the corpus. The type
must agree. Places also meet on their gazetteer point. A bare surname joins a full name only when
exactly one full name of its block fits, because a wrong merge (two Massimovs made one) misleads
more than a missed one. Computed at query time from the stored entities (docs/decisions.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz

from chronicle.contract import Entity
from chronicle.link import settings
from chronicle.values.places import key as place_key


@lru_cache(maxsize=1 << 16)  # every comparison keys the same names again: key each word once
def name_key(word: str) -> str:
    """The transliteration key of one name word (Tokayev and Tokaev: "tokaev"); digits are kept,
    since they tell models apart ("Boeing 777" is not "Boeing 787")."""
    k = place_key(word)
    for a, b in settings()["entities"]["key_rules"]:
        k = k.replace(a, b)
    return k + "".join(c for c in word if c.isdigit())


def name_words(name: str) -> list[str]:
    return [w for w in (name_key(p) for p in name.replace("-", " ").split()) if w]


@dataclass
class Actor:
    """A cluster of document entities that are one actor."""

    type: str
    members: list[tuple[str, Entity, str | None]] = field(default_factory=list)  # (document id, entity, published)

    @property
    def names(self) -> Counter:
        return Counter(e.name for _, e, _ in self.members)

    @property
    def name(self) -> str:
        counts = self.names
        return max(counts, key=lambda n: (len({d for d, e, _ in self.members if e.name == n}), len(n.split()), len(n)))

    @property
    def full(self) -> list[str]:
        """The keys of the full (several-word) names of the actor."""
        return sorted({" ".join(name_words(e.name)) for _, e, _ in self.members if len(name_words(e.name)) > 1})

    def spellings(self) -> list[str]:
        seen: list[str] = []
        for _, e, _ in self.members:
            for s in (e.name, *e.aliases):
                if s not in seen:
                    seen.append(s)
        return seen

    def mentions(self, query: str) -> bool:
        """Whether the user's ``--entity`` query names this actor (any spelling, or its key)."""
        q = query.casefold()
        if any(q in s.casefold() for s in self.spellings()):
            return True
        qk = name_words(query)
        return bool(qk) and any(all(w in name_words(s) for w in qk) for s in self.spellings())


class Resolver:
    """Clusters the entities of many documents; ``actor(doc_id, entity_id)`` gives the cluster."""

    def __init__(self) -> None:
        self.actors: list[Actor] = []
        self._of: dict[tuple[str, str], int] = {}
        self._blocks: dict[tuple[str, str], list[int]] = defaultdict(list)

    def add_document(self, document_id: str, published: str | None, entities: Iterable[Entity]) -> None:
        ents = list(entities)
        # Full names first, so that a bare surname finds the full name of its own document.
        for e in sorted(ents, key=lambda e: -len(e.name.split())):
            i = self._match(e)
            if i is None:
                i = len(self.actors)
                self.actors.append(Actor(e.type))
                for b in _blocks(e):
                    self._blocks[b].append(i)
            self.actors[i].members.append((document_id, e, published))
            self._of[(document_id, e.id)] = i

    def actor(self, document_id: str, entity_id: str | None) -> int | None:
        return self._of.get((document_id, entity_id)) if entity_id else None

    def _match(self, e: Entity) -> int | None:
        candidates = {i for b in _blocks(e) for i in self._blocks.get(b, [])}
        fits = [i for i in sorted(candidates) if self.actors[i].type == e.type and _same(e, self.actors[i])]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            # Several clusters fit: a full name picks its best; a bare surname stays apart.
            words = name_words(e.name)
            if len(words) < 2:
                return None
            return max(fits, key=lambda i: max(fuzz.ratio(" ".join(words), f) for f in self.actors[i].full or [""]))
        return None


def _blocks(e: Entity) -> list[tuple[str, str]]:
    words = name_words(e.name)
    if not words:
        return [(e.type, e.name.casefold())]
    last = words[-1]
    blocks = [(e.type, last[:3])]
    if e.type == "place" and e.geo:
        blocks.append((e.type, f"geo:{e.geo.lat:.1f},{e.geo.lon:.1f}"))
    return blocks


def _same(e: Entity, actor: Actor) -> bool:
    conf = settings()["entities"]
    words = name_words(e.name)
    others = [m for _, m, _ in actor.members]
    if e.type == "place":
        return any(_same_place(e, o) for o in others)
    if e.type != "person":
        joined = " ".join(words)
        return any(fuzz.ratio(joined, " ".join(name_words(o.name))) >= conf["name_ratio"] for o in others)
    for o in others:
        ow = name_words(o.name)
        if not ow or fuzz.ratio(words[-1], ow[-1]) < conf["surname_ratio"]:
            continue
        if len(words) > 1 and len(ow) > 1:
            if _first_names_agree(words[:-1], ow[:-1], conf["first_name_ratio"]) and \
                    fuzz.ratio(" ".join(words), " ".join(ow)) >= conf["name_ratio"] - 10:
                return True
        else:
            # A bare surname fits an actor whose full names all share one first name.
            firsts = {tuple(f.split()[:-1]) for f in actor.full}
            if len(firsts) <= 1:
                return True
    return False


def _first_names_agree(a: list[str], b: list[str], threshold: int) -> bool:
    x, y = " ".join(a), " ".join(b)
    if len(a[0]) == 1 or len(b[0]) == 1:  # an initial
        return a[0][0] == b[0][0]
    return fuzz.ratio(x, y) >= threshold


def _same_place(a: Entity, b: Entity) -> bool:
    if a.geo and b.geo:
        return abs(a.geo.lat - b.geo.lat) < 0.05 and abs(a.geo.lon - b.geo.lon) < 0.05
    return " ".join(name_words(a.name)) == " ".join(name_words(b.name))


def entity_items(resolver: Resolver, of_names: dict[tuple[str, str], str], type: str | None = None) -> list[dict]:
    """The actors in the contract's ``chronicle.entities/1`` item shape, most widely reported first.

    ``of_names`` gives the name of a role's ``of`` entity by (document id, entity id)."""
    items = []
    for actor in resolver.actors:
        if type and actor.type != type:
            continue
        name = actor.name
        roles: dict[tuple, dict] = {}
        for doc_id, e, published in actor.members:
            for role in e.roles:
                of = of_names.get((doc_id, role.of)) if role.of else None
                item = roles.setdefault((role.title.casefold(), role.former), {
                    "title": role.title, "of": of, "former": role.former, "sources": [],
                    "first_seen": None, "last_seen": None})
                item["of"] = item["of"] or of
                if doc_id not in item["sources"]:
                    item["sources"].append(doc_id)
                if published:
                    item["first_seen"] = min(filter(None, [item["first_seen"], published]))
                    item["last_seen"] = max(filter(None, [item["last_seen"], published]))
        geo = next((e.geo.model_dump() for _, e, _ in actor.members if e.geo), None)
        items.append({
            "name": name, "type": actor.type, "aliases": [s for s in actor.spellings() if s != name],
            "roles": sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["title"])), "geo": geo,
            "documents": len({d for d, _, _ in actor.members}),
            "mentions": sum(len(e.mentions) for _, e, _ in actor.members),
        })
    return sorted(items, key=lambda i: (-i["documents"], -i["mentions"], i["name"]))
