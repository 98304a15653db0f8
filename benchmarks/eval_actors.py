"""Actors: entity types, toponym resolution and coreference, each scored on its own data.

    .venv/bin/python benchmarks/eval_actors.py --shared ../shared [--limit N] [--verbose]

Datasets are read from ``<shared>/datasets`` at run time (never copied into the project):

1. **Entities** on ``meantime-en`` (NewsReader MEANTIME, 120 Wikinews articles, CC BY 4.0). Gold:
   the named mentions (``syntactic_type="NAM"``) of entities typed PER, ORG and LOC, mapped to the
   contract's person, organization and place (FIN, PRO and MIX have no counterpart and are left
   out; so are our ``group`` and ``other`` entities). The article is rebuilt from its tokens
   (headline line, date line, then the body) and read by chronicle's nlp, entities and coref
   stages; a predicted mention is every mention of a person/organization/place entity. Scored per
   type as precision/recall/F1 on exact character spans (``ner_f1`` is the micro F1 over the three
   types) and, as a second view, on overlapping spans.
2. **Toponym resolution** on ``geowebnews`` (GeoWebNews, Gritta et al. 2019, GPL-3.0; read, never
   copied): the 2,401 gold toponyms of ``gwn_full.txt`` with their coordinates, and GeoNames ids
   from ``GWN.xml``. As Mordecai 3's evaluation does, the gold span is given and only its
   resolution is scored: each toponym's text goes to :func:`chronicle.values.places.resolve` with
   the article's countries as chronicle's own reading finds them (place entities of the article,
   weighted by mentions). ``geo_exact``: the resolved place has the gold GeoNames id;
   ``geo_acc161``: it is that GeoNames feature or lies within 161 km (100 miles) of the gold point.
   The id counts because our country points come from countryinfo (CIA World Factbook), not from
   GeoNames: the United States is at 38N 97W there and at 39.76N 98.5W in GeoNames, 235 km apart;
   ``geo_acc161_raw_points`` is the distance test alone. Unresolved names count as wrong. Regions
   have no GeoNames id offline, so they count only within 161 km.
3. **Coreference** on our own annotated set ``benchmarks/coref_set.toml`` (pronouns with their
   antecedent or "-" for none): ``coref_accuracy`` is the share of pronouns decided right (linked
   to the right entity, or left unlinked when no named entity is meant), with precision and recall
   of the links. As an outside check, MEANTIME's third-person pronoun mentions (``PRO``) whose gold
   entity has a named mention are scored too (link precision and recall).

Output: tables, then, as the last line of stdout, one JSON object with ``ner_f1``, ``geo_exact``,
``geo_acc161`` and ``coref_accuracy`` among the figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronicle.config import Settings  # noqa: E402
from chronicle.contract import Document  # noqa: E402
from chronicle.pipeline import Pipeline, Reading  # noqa: E402
from chronicle.pipeline.coref import cues  # noqa: E402
from chronicle.values import places  # noqa: E402

TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
STAGES = ("clean", "nlp", "entities", "coref")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "'", "n't", "''", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "$", "``", "#"}


class Reader:
    """chronicle's nlp, entities and coref stages over a given text (no cleaning: the offsets of
    the gold annotation must stay valid)."""

    def __init__(self) -> None:
        self.stages = Pipeline(Settings(stages=STAGES)).stages[1:]

    def __call__(self, text: str, source: str = "eval") -> Reading:
        reading = Reading(raw=None, document=Document(id=source, source=source, text=text))
        for stage in self.stages:
            reading = stage(reading)
        return reading


# -- 1. entities on MEANTIME --------------------------------------------------------------------


def meantime_docs(shared: Path, limit: int | None):
    folder = shared / "datasets" / "meantime-en" / "intra_cross-doc_annotation"
    paths = sorted(folder.glob("*/*.xml"))
    return paths[:limit] if limit else paths


def parse_meantime(path: Path):
    """(text, token spans by t_id, mentions by m_id, entity of each mention, entity types)."""
    root = ET.parse(path).getroot()
    tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    pieces: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    pos, last_sentence, prev = 0, None, ""
    for t_id, sentence, word in tokens:
        if last_sentence is not None and sentence != last_sentence and last_sentence <= 1:
            sep = "\n\n"  # the headline and the date line are lines of their own
        elif last_sentence is None:
            sep = ""
        elif word in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        pieces.append(sep)
        pos += len(sep)
        spans[t_id] = (pos, pos + len(word))
        pieces.append(word)
        pos += len(word)
        last_sentence, prev = sentence, word
    text = "".join(pieces)
    sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
    markables = root.find("Markables")
    mentions, types = {}, {}
    last = 0  # the last sentence of the intra-document annotation (mentions with a syntactic type)
    for m in markables.findall("ENTITY_MENTION"):
        ids = [int(a.get("t_id")) for a in m.findall("token_anchor")]
        if ids:
            mentions[m.get("m_id")] = (spans[min(ids)][0], spans[max(ids)][1], m.get("syntactic_type") or "", ids)
            if m.get("syntactic_type"):
                last = max(last, sentence_of[max(ids)])
    region_end = max((end for t_id, (_, end) in spans.items() if sentence_of[t_id] <= last), default=0)
    for e in markables.findall("ENTITY"):
        types[e.get("m_id")] = e.get("ent_type") or ""
    entity_of = {}
    for r in root.find("Relations").findall("REFERS_TO") if root.find("Relations") is not None else []:
        target = r.find("target").get("m_id")
        for s in r.findall("source"):
            entity_of[s.get("m_id")] = target
    return text, region_end, mentions, entity_of, types


def gold_names(text: str, mentions, entity_of, types):
    """Named mentions as (start, end, type), innermost only ("Airbus parent EADS" gives "Airbus"
    and "EADS"), a leading "the" left out as chronicle does; and the spans of named mentions of
    no known type, where a prediction is neither right nor wrong."""
    named = []
    for m_id, (start, end, syn, _) in mentions.items():
        if syn != "NAM":
            continue
        if text[start:end].lower().startswith("the "):
            start += 4
        named.append((start, end, TYPES.get(types.get(entity_of.get(m_id, ""), ""), "")))
    inner = [x for x in named if not any(y != x and x[0] <= y[0] and y[1] <= x[1] for y in named)]
    gold = {x for x in inner if x[2]}
    ignore = [(a, b) for a, b, kind in named if not kind]
    return gold, ignore


SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def score_ner(reader: Reader, paths, verbose: bool):
    exact = {t: Counter() for t in TYPES.values()}
    loose = {t: Counter() for t in TYPES.values()}
    base = Counter()  # raw spaCy NER of the same model, same gold: what the corrections add
    pron = Counter()
    pronouns = cues().pronouns
    for path in paths:
        text, region_end, mentions, entity_of, types = parse_meantime(path)
        reading = reader(text, path.stem)
        gold, ignore = gold_names(text, mentions, entity_of, types)
        gold_by_entity: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m_id, (start, end, syn, _) in mentions.items():
            if entity_of.get(m_id) and syn in ("NAM", "NOM", "APP", ""):
                gold_by_entity[entity_of[m_id]].append((start, end))
        pred = {(m.start, m.end, e.type) for e in reading.entities if e.type in loose for m in e.mentions
                if m.end <= region_end and not any(a <= m.start and m.end <= b for a, b in ignore)}
        raw = {(e.start_char, e.end_char, SPACY_TYPES[e.label_]) for e in reading.doc.ents if e.label_ in SPACY_TYPES
               and e.end_char <= region_end and not any(a <= e.start_char and e.end_char <= b for a, b in ignore)}
        base.update(tp=len(gold & raw), fp=len(raw - gold), fn=len(gold - raw))
        for kind in exact:
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            exact[kind].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
            matched_p = {x for x in p if any(x[0] < y[1] and y[0] < x[1] for y in g)}
            matched_g = {y for y in g if any(x[0] < y[1] and y[0] < x[1] for x in p)}
            loose[kind].update(tp=len(matched_g), fp=len(p - matched_p), fn=len(g - matched_g))
            if verbose:
                for x in sorted(g - p):
                    print(f"  miss {kind:12} {text[x[0]:x[1]]!r}  ({path.stem[:40]})")
                for x in sorted(p - g):
                    print(f"  extra {kind:11} {text[x[0]:x[1]]!r}  ({path.stem[:40]})")
        _score_pronouns(reading, mentions, entity_of, gold_by_entity, pronouns, pron)
    return exact, loose, pron, base


def _score_pronouns(reading, mentions, entity_of, gold_by_entity, pronouns, pron: Counter) -> None:
    """MEANTIME's pronoun mentions: is the entity we link a gold mention of the same entity?"""
    doc = reading.doc
    by_id = {e.id: e for e in reading.entities}
    starts = {t.idx: t.i for t in doc}
    for m_id, (start, end, syn, ids) in mentions.items():
        if syn != "PRO" or len(ids) != 1:
            continue
        word = reading.document.text[start:end]
        target = entity_of.get(m_id)
        named = [s for s in gold_by_entity.get(target, ()) if s != (start, end)]
        if word.lower() not in pronouns or not named:
            continue
        pron["gold"] += 1
        i = starts.get(start)
        eid = reading.refers.get(i) if i is not None else None
        if eid is None:
            continue
        pron["linked"] += 1
        ours = by_id[eid].mentions
        if any(m.start < b and a < m.end for m in ours for a, b in named):
            pron["right"] += 1


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- 2. toponyms on GeoWebNews ------------------------------------------------------------------


def gwn_articles(shared: Path, limit: int | None):
    folder = shared / "datasets" / "geowebnews"
    root = ET.parse(folder / "GWN.xml").getroot()
    lines = (folder / "gwn_full.txt").read_text("utf-8").split("\n")

    def field(t, k):
        x = t.find(k)
        return (x.text or "").strip() if x is not None else ""

    for i, article in enumerate(root.findall("article")):
        if limit and i >= limit:
            break
        text = article.find("text").text or ""
        ids = {(int(field(t, "start")), int(field(t, "end"))): field(t, "geonamesID") for t in article.find("toponyms")}
        gold = []
        for entry in filter(None, lines[i].split("||")):
            _, name, lat, lon, start, end = entry.split(",,")
            s, e = int(start), int(end)
            gold.append((text[s:e] or name, float(lat), float(lon), s, e, ids.get((s, e), "")))
        yield i, text, gold


def score_geo(reader: Reader, shared: Path, limit: int | None, verbose: bool) -> dict:
    c = Counter()
    errors: list[float] = []
    for i, text, gold in gwn_articles(shared, limit):
        reading = reader(text, f"gwn{i}")
        ours = []  # (mention spans, place) of chronicle's place entities: the article's context
        for e in reading.entities:
            if e.type == "place":
                place = places.resolve(e.name)
                if place is not None:
                    ours.append(({(m.start, m.end) for m in e.mentions}, place, len(e.mentions)))
        tagged = set().union(*(spans for spans, _, _ in ours)) if ours else set()
        for name, lat, lon, s, e, gid in gold:
            c["gold"] += 1
            c["tagged"] += (s, e) in tagged
            # The toponym's own entity does not vote for itself (as in the entities stage).
            prefer, regions = places.context((p, w) for spans, p, w in ours if (s, e) not in spans)
            alone = places.resolve(name)
            if alone is not None and (
                    (gid and alone.geonameid is not None and str(alone.geonameid) == gid)
                    or places.distance_km((alone.lat, alone.lon), (lat, lon)) <= 161):
                c["acc161_alone"] += 1
            place = places.resolve(name, prefer=prefer, regions=regions)
            if place is None:
                if verbose:
                    print(f"  unresolved {name!r}")
                continue
            c["resolved"] += 1
            same = bool(gid) and place.geonameid is not None and str(place.geonameid) == gid
            km = places.distance_km((place.lat, place.lon), (lat, lon))
            errors.append(0.0 if same else km)
            c["exact"] += same
            c["acc161"] += same or km <= 161
            c["acc161_raw"] += km <= 161
            if verbose and not same and km > 161:
                print(f"  far {name!r} -> {place.name}, {place.country} ({place.kind}) {km:,.0f} km")
    n = c["gold"] or 1
    errors.sort()
    return {
        "toponyms": c["gold"],
        "geo_exact": round(c["exact"] / n, 4),
        "geo_acc161": round(c["acc161"] / n, 4),
        "geo_acc161_raw_points": round(c["acc161_raw"] / n, 4),
        "geo_acc161_without_context": round(c["acc161_alone"] / n, 4),
        "geo_resolved": round(c["resolved"] / n, 4),
        "geo_median_km": round(errors[len(errors) // 2], 1) if errors else None,
        "geo_tagged_recall": round(c["tagged"] / n, 4),
    }


# -- 3. coreference on our own set --------------------------------------------------------------


def score_coref(reader: Reader, path: Path, verbose: bool) -> dict:
    data = tomllib.loads(path.read_text("utf-8"))
    c = Counter()
    for n, doc in enumerate(data["doc"]):
        reading = reader(doc["text"], f"coref{n}")
        names = {}
        for e in reading.entities:
            for form in [e.name, *e.aliases]:
                names.setdefault(e.id, set()).add(form)
        for link in doc["links"]:
            where, want = (x.strip() for x in link.split("="))
            word, nth = where.rsplit("#", 1)
            hits = [t.i for t in reading.doc if t.text == word]
            i = hits[int(nth)]
            eid = reading.refers.get(i)
            got = "-" if eid is None else reading_name(reading, eid)
            right = got == want or (eid is not None and want in names.get(eid, ()))
            c["total"] += 1
            c["right"] += right
            c["gold_links"] += want != "-"
            c["links"] += eid is not None
            c["right_links"] += right and eid is not None
            if verbose and not right:
                print(f"  coref {where}: want {want!r}, got {got!r}  | {doc['text'][:70]!r}")
    p = c["right_links"] / c["links"] if c["links"] else 0.0
    r = c["right_links"] / c["gold_links"] if c["gold_links"] else 0.0
    return {"coref_pronouns": c["total"], "coref_accuracy": round(c["right"] / c["total"], 4),
            "coref_precision": round(p, 4), "coref_recall": round(r, 4)}


def reading_name(reading: Reading, eid: str) -> str:
    return next(e.name for e in reading.entities if e.id == eid)


# -- main ---------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding datasets/")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles of each dataset")
    ap.add_argument("--verbose", action="store_true", help="list misses, extras and wrong links")
    args = ap.parse_args()

    t0 = time.time()
    reader = Reader()
    places.gazetteer()
    load_s = time.time() - t0
    out: dict = {}

    t = time.time()
    exact, loose, pron, base = score_ner(reader, meantime_docs(args.shared, args.limit), args.verbose)
    ner_s = time.time() - t
    print("Entities on MEANTIME (named mentions; exact span | overlapping span)")
    print(f"  {'type':13} {'P':>6} {'R':>6} {'F1':>6} | {'P':>6} {'R':>6} {'F1':>6}   gold")
    total_e, total_l = Counter(), Counter()
    for kind in exact:
        total_e.update(exact[kind])
        total_l.update(loose[kind])
        pe, pl = prf(exact[kind]), prf(loose[kind])
        gold = exact[kind]["tp"] + exact[kind]["fn"]
        print(f"  {kind:13} {pe[0]:6.3f} {pe[1]:6.3f} {pe[2]:6.3f} | {pl[0]:6.3f} {pl[1]:6.3f} {pl[2]:6.3f}   {gold}")
        out[f"ner_{kind}"] = {"p": round(pe[0], 4), "r": round(pe[1], 4), "f1": round(pe[2], 4),
                              "overlap_f1": round(pl[2], 4), "gold": gold}
    pe, pl = prf(total_e), prf(total_l)
    print(f"  {'all (micro)':13} {pe[0]:6.3f} {pe[1]:6.3f} {pe[2]:6.3f} | {pl[0]:6.3f} {pl[1]:6.3f} {pl[2]:6.3f}")
    pb = prf(base)
    print(f"  {'spaCy alone':13} {pb[0]:6.3f} {pb[1]:6.3f} {pb[2]:6.3f}   (the same model's raw NER, exact spans)")
    out.update(ner_p=round(pe[0], 4), ner_r=round(pe[1], 4), ner_f1=round(pe[2], 4), ner_overlap_f1=round(pl[2], 4),
               ner_spacy_f1=round(pb[2], 4))

    t = time.time()
    geo = score_geo(reader, args.shared, args.limit, args.verbose)
    geo_s = time.time() - t
    print(f"Toponym resolution on GeoWebNews ({geo['toponyms']} gold toponyms, gold spans given)")
    print(f"  exact (GeoNames id) {geo['geo_exact']:.3f}   within 161 km {geo['geo_acc161']:.3f} "
          f"(points alone {geo['geo_acc161_raw_points']:.3f})   "
          f"resolved {geo['geo_resolved']:.3f}   median error {geo['geo_median_km']} km")
    print(f"  without the article's countries and regions: within 161 km {geo['geo_acc161_without_context']:.3f}")
    print(f"  (our own tagging finds {geo['geo_tagged_recall']:.3f} of the gold spans as place mentions)")
    print("  Mordecai 3, published: exact 0.901, within 161 km 0.941 (needs an Elasticsearch GeoNames index)")
    out.update(geo)

    coref = score_coref(reader, ROOT / "benchmarks" / "coref_set.toml", args.verbose)
    print(f"Coreference on benchmarks/coref_set.toml ({coref['coref_pronouns']} pronouns)")
    print(f"  accuracy {coref['coref_accuracy']:.3f}   link precision {coref['coref_precision']:.3f}   "
          f"link recall {coref['coref_recall']:.3f}")
    mp = pron["right"] / pron["linked"] if pron["linked"] else 0.0
    mr = pron["right"] / pron["gold"] if pron["gold"] else 0.0
    print(f"  MEANTIME third-person pronouns with a named antecedent ({pron['gold']}): "
          f"link precision {mp:.3f}, recall {mr:.3f}")
    out.update(coref)
    out.update(meantime_pronouns=pron["gold"], meantime_pronoun_precision=round(mp, 4),
               meantime_pronoun_recall=round(mr, 4))
    out.update(meantime_docs=len(meantime_docs(args.shared, args.limit)), seconds={
        "load": round(load_s, 1), "ner": round(ner_s, 1), "geo": round(geo_s, 1)},
        python=platform.python_version(), date=date.today().isoformat())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
