"""Event extraction quality: typing (CASE 2021 task 2), CAMEO roots (PETRARCH2) and arguments (gold).

Three measurements, the datasets read from ``--shared`` at run time (nothing is copied):

(a) **CASE 2021 task 2** (``datasets/case2021/task2/test_set_final_release_with_labels.tsv``):
    1,019 short snippets, each labelled with one fine-grained event type: 25 ACLED sub-event types
    ("seen" types, OTHER included) and 5 "unseen" types (ORG_CRIME, NATURAL_DISASTER,
    MAN_MADE_DISASTER, DIPLO, ATTRIB). chronicle reads each snippet with its pipeline minus the
    clean stage (a snippet is one paragraph of body text, not a page), maps every event that is not
    negated to an ACLED sub-event with ``chronicle/data/plover_acled.toml`` (with the snippet's
    context: whether it reports a protest) and keeps one per snippet
    (``chronicle.pipeline.events.primary_acled``): events of a sentence's main line before those
    in subordinate clauses and phrases, then the sub-event that comes first in that file's
    ``precedence`` list (most specific first), then the earliest. A snippet with no mapped event
    is a miss.
    Scores, as the task scores them, over the 25 seen types: micro F1 (P = correct / snippets
    with a prediction, R = correct / snippets) and macro F1 (mean of the 25 per-type F1s, a type
    never predicted scoring 0). The headline figures take the snippets whose gold type is seen
    (the task's subtask 1 setting); "all snippets" also counts a seen type predicted for an
    unseen-type snippet as a false positive. The lexicon was developed looking at the odd-numbered
    snippets only; the even-numbered ones are reported apart as held out.

(b) **PETRARCH2 validation records** (``datasets/petrarch2-validation/PETR.UnitTest.records.xml``):
    each ``<Sentence>`` with at least one expected ``<EventCoding eventcode=...>`` (records that
    expect no event or an error are skipped). chronicle reads the text (same stages as (a)) and
    maps each event that is not negated to a CAMEO root with ``plover_cameo.toml``. A record
    agrees when every expected root (the code's first two digits) is among chronicle's roots.
    Reported over all records and over those whose expected codes are all real CAMEO roots
    (01-20): the validation dictionary's codes are mostly WEIS codes and test codes (its own
    header says so), so many expected roots are not CAMEO's.

(c) **Arguments** on ``benchmarks/data/event_arguments.json`` (56 sentences written and annotated
    by hand for this project; see its ``note``; the 16 marked ``"split": "blind"`` were written
    after development and are also scored apart), read through the product path
    (``chronicle.extract_text``, publication date 2023-03-17). Gold and predicted events are paired
    per sentence by type (greedily, most shared arguments first). Every argument is an item:
    (event, actor, name), (event, target, name), (event, place, name), (event, time, text);
    a predicted entity matches a gold string when one of its names equals it or contains it as
    whole words (or the reverse). Items of unpaired events count as misses or false alarms.
    argument P/R/F1 are micro over items; event P/R/F1 over typed events; modality accuracy over
    paired events.

The last line printed is one JSON object with ``case_micro_f1``, ``case_macro_f1``,
``petrarch_root_agreement``, ``argument_f1`` and the other figures (floats rounded to 4 digits).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import chronicle  # noqa: E402
from chronicle.contract import Document  # noqa: E402
from chronicle.pipeline import events as event_stage  # noqa: E402
from chronicle.pipeline.base import Reading  # noqa: E402
from chronicle.values import plover  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "event_arguments.json"
UNSEEN = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}


# -- reading texts without the clean stage ------------------------------------------------------


class Reader:
    """chronicle's configured stages from ``nlp`` to ``events``, over plain texts, in batches."""

    def __init__(self) -> None:
        pipeline = chronicle.get_pipeline()
        self.stages = [s for s in pipeline.stages if s.name not in ("clean", "events", "chronology")]
        self.onto = plover.ontology()

    def read(self, texts: list[str], batch: int = 64) -> list[list[event_stage.Found]]:
        out = []
        for i in range(0, len(texts), batch):
            readings = [Reading(raw=None, document=Document(id=f"x{i + j}", source="eval", text=t))
                        for j, t in enumerate(texts[i:i + batch])]
            for stage in self.stages:
                readings = list(stage.pipe(readings))
            out.extend(event_stage.find(r, self.onto) for r in readings)
        return out


def acled_label(found: list[event_stage.Found], onto: plover.Ontology) -> str | None:
    """One ACLED sub-event for a text (``chronicle.pipeline.events.primary_acled``)."""
    mapped = event_stage.primary_acled(found, onto)
    return mapped.case if mapped else None


# -- (a) CASE 2021 task 2 ------------------------------------------------------------------------


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def case_scores(gold: list[str], pred: list[str | None], types: list[str]) -> dict:
    """Micro and macro F1 over ``types``; a prediction outside them is no prediction."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        p = p if p in types else None
        if p is not None and p == g:
            tp[g] += 1
        else:
            if p is not None:
                fp[p] += 1
            if g in types:
                fn[g] += 1
    per_type = {}
    for t in types:
        prec = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        rec = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        per_type[t] = {"precision": prec, "recall": rec, "f1": f1(prec, rec), "support": tp[t] + fn[t]}
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = all_tp / (all_tp + all_fp) if all_tp + all_fp else 0.0
    micro_r = all_tp / (all_tp + all_fn) if all_tp + all_fn else 0.0
    return {
        "micro_precision": micro_p, "micro_recall": micro_r, "micro_f1": f1(micro_p, micro_r),
        "macro_f1": sum(v["f1"] for v in per_type.values()) / len(types),
        "per_type": per_type, "snippets": len(gold),
    }


def run_case(shared: Path, reader: Reader, limit: int | None, verbose: bool) -> dict:
    base = shared / "datasets" / "case2021" / "task2"
    types = [t.strip() for t in (base / "event_types.txt").read_text().split() if t.strip()]
    with (base / "test_set_final_release_with_labels.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if limit:
        rows = rows[:limit]
    start = time.perf_counter()
    found = reader.read([r["EventSnippet"] for r in rows])
    seconds = time.perf_counter() - start
    preds = [acled_label(f, reader.onto) for f in found]
    golds = [r["SubType"] for r in rows]
    ids = [int(r["id"]) for r in rows]

    def subset(keep) -> dict:
        g = [x for x, i, y in zip(golds, ids, golds) if keep(i, y)]
        p = [x for x, i, y in zip(preds, ids, golds) if keep(i, y)]
        return case_scores(g, p, types)

    result = {
        "seen": subset(lambda i, g: g not in UNSEEN),
        "seen_dev": subset(lambda i, g: g not in UNSEEN and i % 2 == 1),
        "seen_heldout": subset(lambda i, g: g not in UNSEEN and i % 2 == 0),
        "all": subset(lambda i, g: True),
        "seconds": seconds,
        "no_event": sum(p is None for p, g in zip(preds, golds) if g not in UNSEEN),
    }
    if verbose:
        confusion = Counter((g, p) for g, p, i in zip(golds, preds, ids) if g != p and g not in UNSEEN and i % 2 == 1)
        print("CASE dev confusions (gold -> predicted, count):")
        for (g, p), n in confusion.most_common(40):
            print(f"  {g:32s} -> {str(p):32s} {n}")
    return result


# -- (b) PETRARCH2 validation records -------------------------------------------------------------


def petrarch_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    records = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", text, re.S):
        attrs, body = m.group(1), m.group(2)
        codes = re.findall(r'<EventCoding\b[^>]*\beventcode="([^"]+)"', body)
        words = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not codes or words is None:
            continue
        category = re.search(r'category="([^"]*)"', attrs)
        sid = re.search(r'id="([^"]*)"', attrs)
        records.append({
            "id": sid.group(1) if sid else "", "category": category.group(1) if category else "",
            "text": " ".join(ET.fromstring(f"<t>{words.group(1)}</t>").text.split()),
            "roots": sorted({c[:2] for c in codes}),
        })
    return records


def run_petrarch(shared: Path, reader: Reader, limit: int | None, verbose: bool) -> dict:
    records = petrarch_records(shared / "datasets" / "petrarch2-validation" / "PETR.UnitTest.records.xml")
    if limit:
        records = records[:limit]
    found = reader.read([r["text"] for r in records])
    agree, agree_valid, valid = 0, 0, 0
    by_category = defaultdict(lambda: [0, 0])
    for rec, fs in zip(records, found):
        roots = {f.cameo(reader.onto) for f in fs if f.modality != "negated"}
        ok = set(rec["roots"]) <= roots
        agree += ok
        is_valid = all(r.isdigit() and 1 <= int(r) <= 20 for r in rec["roots"])
        valid += is_valid
        agree_valid += ok and is_valid
        by_category[rec["category"]][0] += ok
        by_category[rec["category"]][1] += 1
        if verbose and not ok and is_valid:
            print(f"  PETRARCH {rec['id']}: expected {rec['roots']} got {sorted(r for r in roots if r)}: {rec['text'][:90]}")
    return {
        "records": len(records), "agree": agree, "agreement": agree / len(records) if records else 0.0,
        "records_cameo_roots": valid, "agreement_cameo_roots": agree_valid / valid if valid else 0.0,
        "by_category": {k: {"agree": a, "records": n} for k, (a, n) in sorted(by_category.items())},
    }


# -- (c) arguments on the hand-annotated gold -----------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.casefold()))


def _matches(names: list[str], gold: str) -> bool:
    g = _norm(gold)
    for n in names:
        n = _norm(n)
        if n and g and (n == g or re.search(rf"\b{re.escape(g)}\b", n) or re.search(rf"\b{re.escape(n)}\b", g)):
            return True
    return False


def _items(event: dict) -> list[tuple[str, str]]:
    items = [("actor", a) for a in event["actors"]] + [("target", t) for t in event["targets"]]
    if event.get("place"):
        items.append(("place", event["place"]))
    if event.get("time"):
        items.append(("time", event["time"]))
    return items


def _predicted(result) -> list[dict]:
    ents = {e.id: [e.name, *e.aliases] for e in result.entities}
    times = {t.id: t.text for t in result.times}
    out = []
    for v in result.events:
        out.append({
            "type": v.type, "modality": v.modality,
            "actors": [ents[a] for a in v.actors if a in ents],
            "targets": [ents[a] for a in v.targets if a in ents],
            "place": ents.get(v.place) if v.place else None,
            "time": [times[v.time]] if v.time in times else None,
        })
    return out


def _shared_items(gold: dict, pred: dict) -> int:
    n = 0
    for slot, value in _items(gold):
        if slot in ("actor", "target"):
            n += any(_matches(names, value) for names in pred[slot + "s"])
        elif pred.get(slot):
            n += _matches(pred[slot], value)
    return n


def run_arguments(verbose: bool, split: str | None = None) -> dict:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    if split is not None:
        data["sentences"] = [x for x in data["sentences"] if x.get("split") == split]
    tp = fp = fn = 0
    ev_tp = ev_fp = ev_fn = 0
    modality_ok = paired_n = 0
    by_slot = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for sentence in data["sentences"]:
        result = chronicle.extract_text(sentence["text"], published=data["published"])
        preds = _predicted(result)
        golds = sentence["events"]
        pairs, used = [], set()
        for gi, g in sorted(enumerate(golds), key=lambda x: -len(_items(x[1]))):
            options = [(pi, _shared_items(g, p)) for pi, p in enumerate(preds) if pi not in used and p["type"] == g["type"]]
            if options:
                pi, _ = max(options, key=lambda o: o[1])
                used.add(pi)
                pairs.append((gi, pi))
        paired_gold = {gi for gi, _ in pairs}
        ev_tp += len(pairs)
        ev_fn += len(golds) - len(pairs)
        ev_fp += len(preds) - len(pairs)
        for gi, pi in pairs:
            g, p = golds[gi], preds[pi]
            paired_n += 1
            modality_ok += g["modality"] == p["modality"]
            for slot in ("actor", "target"):
                gold_values = [v for s, v in _items(g) if s == slot]
                names = p[slot + "s"]
                hit_names = set()
                for value in gold_values:
                    hit = next((i for i, n in enumerate(names) if i not in hit_names and _matches(n, value)), None)
                    if hit is None:
                        fn += 1
                        by_slot[slot][2] += 1
                    else:
                        hit_names.add(hit)
                        tp += 1
                        by_slot[slot][0] += 1
                extra = len(names) - len(hit_names)
                fp += extra
                by_slot[slot][1] += extra
            for slot in ("place", "time"):
                value, names = g.get(slot), p.get(slot)
                if value and names and _matches(names, value):
                    tp += 1
                    by_slot[slot][0] += 1
                else:
                    if value:
                        fn += 1
                        by_slot[slot][2] += 1
                    if names:
                        fp += 1
                        by_slot[slot][1] += 1
            if verbose and (_shared_items(g, p) < len(_items(g)) or g["modality"] != p["modality"]):
                print(f"  ARG {sentence['id']} {g['type']}: gold {_items(g)} {g['modality']} | predicted {p}")
        for gi, g in enumerate(golds):
            if gi not in paired_gold:
                fn += len(_items(g))
                for slot, _ in _items(g):
                    by_slot[slot][2] += 1
                if verbose:
                    print(f"  ARG {sentence['id']} missed {g['type']}: {sentence['text']}")
        for pi, p in enumerate(preds):
            if pi not in used:
                n = len(p["actors"]) + len(p["targets"]) + bool(p["place"]) + bool(p["time"])
                fp += n
                if verbose:
                    print(f"  ARG {sentence['id']} extra {p['type']}: {sentence['text']}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    ev_p = ev_tp / (ev_tp + ev_fp) if ev_tp + ev_fp else 0.0
    ev_r = ev_tp / (ev_tp + ev_fn) if ev_tp + ev_fn else 0.0
    slots = {}
    for slot, (a, b, c) in by_slot.items():
        p_ = a / (a + b) if a + b else 0.0
        r_ = a / (a + c) if a + c else 0.0
        slots[slot] = {"precision": p_, "recall": r_, "f1": f1(p_, r_), "gold": a + c}
    return {
        "sentences": len(data["sentences"]), "gold_events": ev_tp + ev_fn, "items": tp + fn,
        "precision": prec, "recall": rec, "f1": f1(prec, rec),
        "event_precision": ev_p, "event_recall": ev_r, "event_f1": f1(ev_p, ev_r),
        "modality_accuracy": modality_ok / paired_n if paired_n else 0.0, "by_slot": slots,
    }


# -- report ---------------------------------------------------------------------------------------


def _r(x):
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: _r(v) for k, v in x.items()}
    return x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (datasets/ inside)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N snippets/records of (a) and (b)")
    parser.add_argument("--verbose", action="store_true", help="list confusions, disagreements and argument misses")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    reader = Reader()

    case = run_case(shared, reader, args.limit, args.verbose)
    petrarch = run_petrarch(shared, reader, args.limit, args.verbose)
    arguments = run_arguments(args.verbose)
    blind = run_arguments(False, "blind")

    seen = case["seen"]
    print(f"CASE 2021 task 2, seen types ({seen['snippets']} snippets, {case['no_event']} without a mapped event, "
          f"{case['seconds']:.1f} s):")
    print(f"  micro P {seen['micro_precision']:.3f} R {seen['micro_recall']:.3f} F1 {seen['micro_f1']:.3f}   "
          f"macro F1 {seen['macro_f1']:.3f}")
    for name in ("seen_dev", "seen_heldout", "all"):
        s = case[name]
        print(f"  {name:13s} ({s['snippets']:4d}): micro F1 {s['micro_f1']:.3f}  macro F1 {s['macro_f1']:.3f}")
    print("  per type (seen snippets): type precision recall F1 support")
    for t, v in sorted(seen["per_type"].items(), key=lambda kv: -kv[1]["f1"]):
        print(f"    {t:30s} {v['precision']:.3f} {v['recall']:.3f} {v['f1']:.3f} {v['support']:4d}")
    print(f"PETRARCH2 validation: {petrarch['agree']}/{petrarch['records']} records agree "
          f"({petrarch['agreement']:.3f}); on the {petrarch['records_cameo_roots']} whose expected codes are CAMEO "
          f"roots: {petrarch['agreement_cameo_roots']:.3f}")
    print(f"Arguments ({arguments['sentences']} sentences, {arguments['gold_events']} events, {arguments['items']} items): "
          f"P {arguments['precision']:.3f} R {arguments['recall']:.3f} F1 {arguments['f1']:.3f}; events F1 "
          f"{arguments['event_f1']:.3f}; modality accuracy {arguments['modality_accuracy']:.3f}")
    for slot, v in sorted(arguments["by_slot"].items()):
        print(f"    {slot:7s} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} ({v['gold']} gold)")
    print(f"  of which blind ({blind['sentences']} sentences written after development, {blind['items']} items): "
          f"P {blind['precision']:.3f} R {blind['recall']:.3f} F1 {blind['f1']:.3f}; events F1 {blind['event_f1']:.3f}; "
          f"modality accuracy {blind['modality_accuracy']:.3f}")

    summary = {
        "case_micro_f1": seen["micro_f1"], "case_macro_f1": seen["macro_f1"],
        "petrarch_root_agreement": petrarch["agreement"], "argument_f1": arguments["f1"],
        "case_micro_precision": seen["micro_precision"], "case_micro_recall": seen["micro_recall"],
        "case_heldout_macro_f1": case["seen_heldout"]["macro_f1"], "case_dev_macro_f1": case["seen_dev"]["macro_f1"],
        "case_all_micro_f1": case["all"]["micro_f1"], "case_all_macro_f1": case["all"]["macro_f1"],
        "case_snippets": seen["snippets"], "petrarch_records": petrarch["records"],
        "petrarch_cameo_root_agreement": petrarch["agreement_cameo_roots"],
        "argument_precision": arguments["precision"], "argument_recall": arguments["recall"],
        "event_f1": arguments["event_f1"], "modality_accuracy": arguments["modality_accuracy"],
        "argument_blind_f1": blind["f1"], "event_blind_f1": blind["event_f1"],
    }
    print(json.dumps(_r(summary)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
