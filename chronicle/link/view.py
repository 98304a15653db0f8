"""The corpus seen across documents: built at query time from the stored documents.

Every query (timeline, entities, quotes, claims) reads the stored documents once, resolves their
entities into actors (:mod:`chronicle.link.entities`) and merges their events
(:mod:`chronicle.link.events`). Computing at query time keeps ingest incremental and per-document
(a new article never rewrites stored ones) and a change of thresholds applies to old stores at
once; docs/decisions.md says why and what it costs.
"""

from __future__ import annotations

from typing import Iterable

from chronicle.contract import DocumentResult
from chronicle.link.claims import Stated, claims
from chronicle.link.entities import Resolver, entity_items
from chronicle.link.events import Merged, Told, best_place, merge, merged_date


class CorpusView:
    def __init__(self, results: Iterable[DocumentResult]) -> None:
        self.results = list(results)
        self._by_id = {r.document.id: r for r in self.results}
        # The text of each document's times by id, built once, not once per event or quote.
        self._times = {r.document.id: {x.id: x.text for x in r.times} for r in self.results}
        self.resolver = Resolver()
        for r in self.results:
            self.resolver.add_document(r.document.id, r.document.published.value, r.entities)
        # Each actor's name, chosen once (it counts its members): names are asked for per event and quote.
        self._names = [a.name for a in self.resolver.actors]

    def actor_name(self, doc_id: str, entity_id: str | None) -> str | None:
        i = self.resolver.actor(doc_id, entity_id)
        return self._names[i] if i is not None else None

    # -- entities ------------------------------------------------------------------------------

    def entities(self, type: str | None = None) -> list[dict]:
        of_names = {(r.document.id, e.id): self.actor_name(r.document.id, e.id) for r in self.results for e in r.entities}
        return entity_items(self.resolver, of_names, type)

    # -- events --------------------------------------------------------------------------------

    def told(self) -> list[Told]:
        out = []
        for r in self.results:
            doc, ents = r.document, {e.id: e for e in r.entities}
            for v in r.events:
                args = {self.resolver.actor(doc.id, a) for a in [*v.actors, *v.targets]} - {None}
                out.append(Told(doc, v, args, self.resolver.actor(doc.id, v.place), ents.get(v.place or ""),
                                " ".join(doc.text[s.start:s.end] for s in v.evidence)))
        return out

    def timeline(self, entity: str | None = None, type: str | None = None, place: str | None = None,
                 since: str | None = None, until: str | None = None, min_sources: int = 1) -> list[dict]:
        items = []
        for m in merge(self.told()):
            item = self._entry(m)
            if type and item["type"] != type.upper():
                continue
            if entity and not any(self.resolver.actors[i].mentions(entity) for t in m.members for i in t.args):
                continue
            if place and not self._in_place(m, place):
                continue
            d = item["date"]
            if since and (d["latest"] or d["earliest"] or "") < since:
                continue
            if until and (d["earliest"] is None or d["earliest"] > until):
                continue
            if item["corroboration"] < min_sources:
                continue
            items.append(item)
        items.sort(key=lambda e: (e["date"]["earliest"] is None, e["date"]["earliest"] or "",
                                  e["date"]["latest"] or "9999", e["sources"][0]["published"] or ""))
        return items

    def _in_place(self, m: Merged, query: str) -> bool:
        q = query.casefold()
        for t in m.members:
            if t.place is None:
                continue
            if self.resolver.actors[t.place].mentions(query):
                return True
            # An event in a city is also in its country: "--place Kazakhstan" finds Almaty's.
            geo = t.place_entity.geo if t.place_entity else None
            if geo and geo.country and any(a.type == "place" and a.mentions(q) and any(
                    e.geo and e.geo.kind == "country" and e.geo.country == geo.country for _, e, _ in a.members)
                    for a in self.resolver.actors):
                return True
        return False

    def _entry(self, m: Merged) -> dict:
        narrowest = min(t.width for t in m.members)
        first = max((t for t in m.members if t.width == narrowest), key=lambda t: len(t.event.summary))
        doc_id, v = first.document.id, first.event
        names = lambda t, ids: [n for n in (self.actor_name(t.document.id, i) for i in ids) if n]  # noqa: E731
        actors, targets = [], []
        for t in m.members:
            actors += [n for n in names(t, t.event.actors) if n not in actors]
            targets += [n for n in names(t, t.event.targets) if n not in targets]
        placed = best_place(m)
        reporter = next((self.actor_name(t.document.id, t.event.reported_by) for t in m.members if t.event.reported_by), None)
        item = v.model_dump(mode="json")
        item.update(
            actors=actors, targets=targets, reporter=None, date=merged_date(m),
            place=self.actor_name(placed.document.id, placed.event.place) if placed else None,
            reported_by=reporter, time=self._time_text(first),
            modality="asserted" if any(t.event.modality == "asserted" for t in m.members) else v.modality,
            quantities=[q.text for t in m.members for q in self._by_id[t.document.id].quantities
                        if q.id in t.event.quantities],
            corroboration=len(m.documents),
            sources=[{"document": t.document.id, "title": t.document.title, "published": t.document.published.value,
                      "event": t.event.id, "evidence": t.evidence,
                      "date": t.event.date.model_dump()}
                     for t in sorted(m.members, key=lambda t: (t.document.published.value or "", t.document.id))],
        )
        del item["reporter"]
        return item

    def _time_text(self, t: Told) -> str | None:
        return self._times[t.document.id].get(t.event.time or "")

    # -- quotes and claims ---------------------------------------------------------------------

    def quotes(self, speaker: str | None = None) -> list[dict]:
        out = []
        for r in self.results:
            doc = r.document
            for q in r.quotes:
                i = self.resolver.actor(doc.id, q.speaker)
                if speaker and (i is None or not self.resolver.actors[i].mentions(speaker)):
                    continue
                item = q.model_dump(mode="json", exclude={"speaker_span", "cue_span"})
                times = self._times[doc.id]
                item.update(speaker=self.actor_name(doc.id, q.speaker), addressee=self.actor_name(doc.id, q.addressee),
                            time=times.get(q.time or ""),
                            source={"document": doc.id, "title": doc.title, "published": doc.published.value,
                                    "evidence": q.text})
                out.append(item)
        return sorted(out, key=lambda q: (q["source"]["published"] or "", q["source"]["document"], q["start"]))

    def claims(self, disagree_only: bool = False) -> list[dict]:
        stated = []
        for r in self.results:
            owner = {q: v for v in r.events for q in v.quantities}
            for q in r.quantities:
                v = owner.get(q.id)
                sentence = r.document.text[q.sentence.start:q.sentence.end] if q.sentence else q.text
                stated.append(Stated(r.document, q, sentence, v.type if v else None, v.summary if v else None))
        return claims(stated, disagree_only)
