"""make eval-corpus: cross-document linking measured.

(c) date precision/recall/F1 as news-tls defines it (Ghalandari et al. 2020, "date selection":
    the set of days of the system timeline against the reference's), on the bundled examples
    ingested as a corpus, against benchmarks/data/reference_chronology.json (written by hand);
(b) ECB+ test topics 36-45 (../shared/datasets/ecbplus-test, read in place, never copied):
    cross-document entity and event coreference on gold mentions of the annotated sentences,
    MUC, B-cubed, CEAF-e and the CoNLL average (benchmarks/coref_scores.py). Entities: chronicle's
    resolver (chronicle/link/entities.py) over each topic's mentions as names; events: mentions
    clustered by their trigger's lemma key within a topic (the cross-document part of our event
    merging that applies to ECB+'s untyped actions), against the same-head-lemma baseline;
(a) SemEval-2015 task 4 timelines: not done (see docs/benchmarks.md).

The last output line is JSON with semeval_f1, ecb_event_conll_f1, ecb_entity_conll_f1, date_f1.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from coref_scores import conll  # noqa: E402

from chronicle.contract import Entity  # noqa: E402
from chronicle.corpus import Corpus  # noqa: E402
from chronicle.link.entities import Resolver, name_key  # noqa: E402

ENTITY_TYPES = {"HUMAN_PART_PER": "person", "HUMAN_PART_ORG": "organization", "HUMAN_PART_GPE": "place",
                "LOC_GEO": "place", "LOC_FAC": "place", "LOC_OTHER": "place"}


def date_scores() -> dict:
    ref = json.loads((ROOT / "benchmarks" / "data" / "reference_chronology.json").read_text())
    gold = {e["date"] for e in ref["events"]}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(f"sqlite:///{tmp}/eval.db")
        corpus.ingest([ROOT / "examples"])
        events = corpus.timeline()["events"]
        corpus.close()
    pred = {e["date"]["earliest"] for e in events if e["date"]["earliest"] and e["date"]["earliest"] == e["date"]["latest"]}
    hit = len(pred & gold)
    p, r = hit / len(pred) if pred else 0.0, hit / len(gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "predicted": sorted(pred), "reference": sorted(gold)}


def ecb_documents(path: Path):
    """Per document: mentions {m_id: (tag, text, head token)} of annotated sentences, gold instance ids."""
    keep = defaultdict(set)
    with open(path / "ECBplus_coreference_sentences.csv") as f:
        for row in csv.DictReader(f):
            keep[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    for topic in sorted(p for p in path.iterdir() if p.is_dir()):
        for xml in sorted(topic.glob("*.xml")):
            root = ET.parse(xml).getroot()
            doc = xml.stem
            tokens = {t.get("t_id"): (t.text or "", int(t.get("sentence"))) for t in root.iter("token")}
            mentions = {}
            for m in root.find("Markables"):
                anchors = [a.get("t_id") for a in m.findall("token_anchor")]
                if not anchors or not all(a in tokens for a in anchors):
                    continue
                if tokens[anchors[0]][1] not in keep.get(doc, set()):
                    continue
                mentions[m.get("m_id")] = (m.tag, " ".join(tokens[a][0] for a in anchors), tokens[anchors[-1]][0])
            gold = {}
            for rel in root.find("Relations") or []:
                instance = rel.get("note") or f"{doc}:{rel.get('r_id')}"
                for s in rel.findall("source"):
                    gold[s.get("m_id")] = instance
            yield topic.name, doc, mentions, gold


def ecb_scores(path: Path, nlp) -> dict:
    gold = {"entity": defaultdict(set), "event": defaultdict(set)}
    system = {"entity": defaultdict(set), "event": defaultdict(set), "baseline": defaultdict(set)}
    resolvers: dict[str, Resolver] = defaultdict(Resolver)
    docs = list(ecb_documents(path))
    heads = sorted({h for _, _, ms, _ in docs for tag, _, h in ms.values() if tag.startswith(("ACTION", "NEG"))})
    lemma = {h: doc[0].lemma_.lower() for h, doc in zip(heads, nlp.pipe(heads))}
    for topic, doc, mentions, gold_ids in docs:
        ents = []
        for m_id, (tag, text, head) in mentions.items():
            key = (doc, m_id)
            instance = gold_ids.get(m_id, f"single:{doc}:{m_id}")
            if tag.startswith(("ACTION", "NEG")):
                gold["event"][instance].add(key)
                system["event"][(topic, name_key(lemma[head]) or head.lower())].add(key)
                system["baseline"][(topic, head.lower())].add(key)
            elif tag in ENTITY_TYPES or tag.startswith(("HUMAN", "NON_HUMAN", "LOC")):
                gold["entity"][instance].add(key)
                ents.append(Entity(id=m_id, type=ENTITY_TYPES.get(tag, "other"), name=text))
        resolvers[topic].add_document(doc, None, ents)
    for topic, resolver in resolvers.items():
        for i, actor in enumerate(resolver.actors):
            for doc, e, _ in actor.members:
                system["entity"][(topic, i)].add((doc, e.id))
    out = {}
    for kind, sys_key in (("entity", "entity"), ("event", "event"), ("event_same_head_baseline", "baseline")):
        g = [c for c in gold["entity" if kind == "entity" else "event"].values()]
        out[kind] = conll(g, list(system[sys_key].values()))
        out[kind]["mentions"] = sum(len(c) for c in g)
    out["documents"] = len(docs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    started = time.time()
    dates = date_scores()
    print("(c) date selection on the examples:", json.dumps(dates))
    import spacy

    from chronicle.config import DEFAULT_MODEL

    ecb_path = args.shared / "datasets" / "ecbplus-test"
    ecb = ecb_scores(ecb_path, spacy.load(DEFAULT_MODEL, disable=["parser", "ner"])) if ecb_path.exists() else None
    print("(b) ECB+ test:", json.dumps(ecb))
    print("(a) SemEval-2015 task 4: not done (see docs/benchmarks.md)")
    print(f"{time.time() - started:.1f} s")
    print(json.dumps({
        "semeval_f1": None,
        "ecb_event_conll_f1": ecb["event"]["conll_f1"] if ecb else None,
        "ecb_entity_conll_f1": ecb["entity"]["conll_f1"] if ecb else None,
        "date_f1": dates["f1"],
    }))


if __name__ == "__main__":
    main()
