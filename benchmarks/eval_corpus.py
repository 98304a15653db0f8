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
(a) SemEval-2015 task 4 Track A (../shared/datasets/semeval2015-task4-timeline, read in place):
    each corpus's 30 raw TimeML texts ingested into a temporary store (DCT as published), each
    target's timeline from Corpus.timeline(entity=...), mapped to the task's doc-sentence-token
    event mentions, scored by temporal awareness micro-averaged over the gold timelines
    (benchmarks/timeline_scores.py; how it differs from the official tool: docs/benchmarks.md).

The last output line is JSON with semeval_f1, semeval_precision, semeval_recall,
ecb_event_conll_f1, ecb_entity_conll_f1, date_f1.
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
from timeline_scores import awareness_counts, micro_scores, read_timeline  # noqa: E402

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


# -- (a) SemEval-2015 task 4 -------------------------------------------------------------------


def semeval_documents(corpus_dir: Path) -> list[dict]:
    """Track A raw TimeML: id, DCT and sentences (token lists; sentence 0 is the headline)."""
    docs = []
    for tml in sorted((corpus_dir / "corpus_trackA_TimeML").glob("*.tml")):
        root = ET.parse(tml).getroot()
        sentences = ["".join(s.itertext()).split() for s in root.find("TEXT").findall("s")]
        docs.append({"id": root.findtext("DOCID").strip(), "dct": root.find("DCT/TIMEX3").get("value"),
                     "sentences": sentences})
    return docs


def _line_date(date: dict) -> str:
    """A merged date range in the task's format: a day, YYYY-MM-XX, YYYY-XX-XX or XXXX-XX-XX."""
    lo, hi = date.get("earliest"), date.get("latest")
    if not lo or not hi:
        return "XXXX-XX-XX"
    if lo == hi:
        return lo
    if lo[:7] == hi[:7] and lo.endswith("-01"):
        return lo[:7] + "-XX"
    if lo[:4] == hi[:4] and lo.endswith("-01-01") and hi.endswith("-12-31"):
        return lo[:4] + "-XX-XX"
    return "XXXX-XX-XX"


def semeval_timelines(docs: list[dict], targets: list[str], nlp, by_words: bool = False) -> dict[str, list]:
    """chronicle's timeline of each target entity, as the task's lines of event mentions.

    The documents are ingested into a temporary store (text: one sentence a line, DCT as the
    publication date); ``Corpus.timeline(entity=...)`` gives the merged events. Each source of a
    merged event becomes one mention: the sentence holding its evidence, and as the trigger the
    syntactic head of the event's summary (spaCy) found in that sentence. Lines are ordered by
    the merged date; undated events go to position 0, as the task's unordered events.
    ``by_words``: the entity filter replaced by the target's name in the evidence (a variant that
    measures what the actor filter loses, not chronicle's behaviour)."""
    by_source, starts = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        with open(path, "w") as f:
            for d in docs:
                text = "\n".join(" ".join(s) for s in d["sentences"])
                f.write(json.dumps({"title": " ".join(d["sentences"][0]), "text": text, "published": d["dct"]}) + "\n")
        corpus = Corpus(f"sqlite:///{tmp}/semeval.db")
        corpus.ingest([path])
        for r in corpus.documents():
            n = int(r.document.source.rsplit("#", 1)[1])
            d = docs[n - 1]
            by_source[r.document.id] = (d, r.document.text)
        if by_words:  # the variant: any merged event whose evidence or arguments name the target
            every = corpus.timeline()["events"]
            out = {t: [e for e in every if any(t.lower() in x.lower() for x in
                                                 [*e["actors"], *e["targets"], *(s["evidence"] for s in e["sources"])])]
                   for t in targets}
        else:
            out = {t: corpus.timeline(entity=t)["events"] for t in targets}
        corpus.close()
    heads = {}
    summaries = sorted({e["summary"] for events in out.values() for e in events})
    for summary, parsed in zip(summaries, nlp.pipe(summaries)):
        root = next((t for t in parsed if t.dep_ == "ROOT"), None)
        words = [t.text.lower() for t in parsed if t.pos_ in ("VERB", "NOUN")]
        heads[summary] = [root.text.lower(), *words] if root else []
    timelines = {}
    for target, events in out.items():
        lines, position, last = [], 0, None
        for e in events:
            date = _line_date(e["date"])
            mentions = []
            for src in e["sources"]:
                d, text = by_source[src["document"]]
                mention = _mention(d, text, src["evidence"], heads.get(e["summary"], []))
                if mention and mention not in mentions:
                    mentions.append(mention)
            if not mentions:
                continue
            if e["date"]["earliest"] is None:
                lines.append((0, date, mentions))
                continue
            key = (e["date"]["earliest"], e["date"]["latest"])
            if key != last:
                position, last = position + 1, key
            lines.append((position, date, mentions))
        timelines[target] = lines
    return timelines


def _mention(doc: dict, text: str, evidence: str, heads: list[str]) -> str | None:
    """doc-sentence-token of an event's trigger: the sentence whose words the evidence overlaps
    most, the first of the summary's head words found in it."""
    words = set(evidence.lower().split())
    best = max(range(len(doc["sentences"])), key=lambda i: len(words & {w.lower() for w in doc["sentences"][i]}))
    sentence = [w.lower() for w in doc["sentences"][best]]
    for head in heads:
        if head in sentence:
            return f"{doc['id']}-{best}-{doc['sentences'][best][sentence.index(head)]}"
    return None


def _same_mention(gold: set[str]):
    """Map a system mention onto a gold one of the same document and sentence whose words hold it
    (the gold file writes multi-word triggers as take_away)."""
    index = {}
    for g in gold:
        doc, sent, word = g.split("-", 2)
        for w in word.split("_"):
            index.setdefault((doc, sent, w.lower()), g)

    def to_gold(m: str) -> str:
        doc, sent, word = m.split("-", 2)
        return index.get((doc, sent, word.lower()), m)
    return to_gold


def semeval_scores(path: Path, nlp, by_words: bool = False) -> dict:
    """Temporal-awareness P/R/F1 micro-averaged over the 39 gold timelines (benchmarks/timeline_scores.py)."""
    counts, per_corpus, mention_counts = [], {}, [0, 0, 0]
    for corpus_dir in sorted(p for p in path.iterdir() if p.is_dir()):
        docs = semeval_documents(corpus_dir)
        golds = {}
        for f in sorted((corpus_dir / "TimeLines_Gold_Standard").glob("*.txt")):
            text = f.read_text()
            golds[text.splitlines()[0].strip()] = read_timeline(text)
        system = semeval_timelines(docs, list(golds), nlp, by_words)
        corpus_counts = []
        for target, gold in golds.items():
            gold_mentions = {m for _, _, ms in gold for m in ms}
            to_gold = _same_mention(gold_mentions)
            sys_lines = [(p, d, [to_gold(m) for m in ms]) for p, d, ms in system[target]]
            sys_mentions = {m for _, _, ms in sys_lines for m in ms}
            mention_counts[0] += len(sys_mentions & gold_mentions)
            mention_counts[1] += len(sys_mentions)
            mention_counts[2] += len(gold_mentions)
            corpus_counts.append(awareness_counts(gold, sys_lines))
        per_corpus[corpus_dir.name] = micro_scores(corpus_counts)
        counts += corpus_counts
    hit, predicted, gold_n = mention_counts
    p, r = (hit / predicted if predicted else 0.0), hit / gold_n
    out = micro_scores(counts)
    out.update(per_corpus=per_corpus, timelines=len(counts),
               event_mentions={"precision": round(p, 4), "recall": round(r, 4),
                               "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
                               "system": predicted, "gold": gold_n})
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
    nlp = spacy.load(DEFAULT_MODEL, disable=["ner"])
    print("(b) ECB+ test:", json.dumps(ecb))
    semeval_path = args.shared / "datasets" / "semeval2015-task4-timeline"
    semeval = semeval_scores(semeval_path, nlp) if semeval_path.exists() else None
    print("(a) SemEval-2015 task 4 timelines, Corpus.timeline(entity=...):", json.dumps(semeval))
    if semeval:
        variant = semeval_scores(semeval_path, nlp, by_words=True)
        print("(a) variant, target named in the evidence:", json.dumps(variant))
    print(f"{time.time() - started:.1f} s")
    print(json.dumps({
        "semeval_f1": semeval["f1"] if semeval else None,
        "semeval_precision": semeval["precision"] if semeval else None,
        "semeval_recall": semeval["recall"] if semeval else None,
        "ecb_event_conll_f1": ecb["event"]["conll_f1"] if ecb else None,
        "ecb_entity_conll_f1": ecb["entity"]["conll_f1"] if ecb else None,
        "date_f1": dates["f1"],
    }))


if __name__ == "__main__":
    main()
