"""Quote attribution: chronicle's quotes stage vs textacy's ``direct_quotations``, same parse, same run.

Dataset: PolNeAR, test split (``datasets/polnear-test``, read from ``--shared`` at run time; nothing
is copied into the project): 84 political news articles of 2016 with source-cue-content
attribution relations, direct and indirect, in brat standoff (Newell, Margolin & Ruths, LREC
2018). Two articles were annotated by six annotators; we take the first annotator's file in
name order for every article, so each article counts once (84 articles, 2,044 attributions).

Scoring re-implements BBC Citron's ``citron/metrics.py`` (github.com/bbc/citron, Apache-2.0), the
scorer behind Citron's published PARC 3.0 figures, on spaCy tokens:

* an attribution is a cue span, a list of source spans and a list of content spans (brat
  fragments of one span that only whitespace separates are one span);
* exact: a predicted cue is right when it equals a gold cue; a predicted source (content) list is
  right when it equals the list of a gold attribution whose cue overlaps the predicted cue; TP, FP,
  FN are counted on both sides as Citron does, precision/recall/F1 from them;
* overlap: the number of tokens each predicted span shares with each gold span, summed over all
  pairs, over the total length of predicted (precision) and gold (recall) spans.

"Speaker attribution F1" in the issue is ``source_f1`` (exact): the words the text names the
speaker with at that cue ("Assylov", "he", "the influential US daily"), so it does not depend on
coreference across sentences.

The two systems, on one spaCy parse per article (chronicle's ``nlp`` stage, the project's model):

* chronicle: the pipeline's stages after ``nlp`` up to ``quotes`` (entities, coref, times,
  quantities, quotes) on the article text as given (the clean stage is skipped so offsets stay
  the dataset's), publication date from the dataset's metadata. Quotes sharing a cue span are one
  attribution; the source is ``speaker_span``, the cue ``cue_span``; a direct quote's content
  is scored with its quote marks, as PolNeAR and PARC mark it (chronicle's ``text`` leaves them
  out, with a trailing comma).
* baseline: ``textacy.extract.triples.direct_quotations(doc)`` (textacy 0.13); speaker and cue
  token lists are cut into contiguous runs, the cue's runs joined into one span as Citron's single
  cue span. textacy refuses a document with an odd number of quote marks (ValueError): such a
  document gives no quotes, and the count is reported.

Published peer: Citron (en_2021-11-15 model, trained on PARC 3.0 train+dev) on the PARC 3.0 test
set: cue F1 82.3 exact, source F1 82.0 exact / 85.3 overlap, content F1 59.3 exact / 83.3
overlap (models/en_2021-11-15/README.md). PARC 3.0 (Wall Street Journal) is licensed by the LDC
and not available here, so that row is a different corpus: the comparable rows are this run's.

The last line printed is one JSON object with the scores (floats rounded to 4 digits).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.config import Settings
from chronicle.contract import Document, Published
from chronicle.ingest import RawDocument
from chronicle.pipeline import Pipeline, Reading
from chronicle.pipeline.quotes import lexicon

CITRON = {"cue_f1": 0.823, "source_f1": 0.820, "source_f1_overlap": 0.853,
          "content_f1_exact": 0.593, "content_f1_overlap": 0.833}
PARTS = ("cue", "source", "content")

TokSpan = tuple[int, int]  # token start, token end (exclusive)


@dataclass
class Attr:
    cue: TokSpan
    sources: list[TokSpan] = field(default_factory=list)
    contents: list[TokSpan] = field(default_factory=list)
    direct: bool = False


# -- the dataset ---------------------------------------------------------------------------------


def annotator_agreement(root: Path, system: "Chronicle") -> tuple[dict[str, float], int]:
    """Citron's scores of one annotator against another, over every ordered pair of annotators of
    the articles annotated several times: how far people agree, under the same metric."""
    groups: dict[str, list[Path]] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        groups.setdefault(re.sub(r"_[0-9a-f]+$", "", path.stem), []).append(path)
    rows = []
    for name, paths in groups.items():
        if len(paths) < 2:
            continue
        doc = system.parse(name, (root / "text" / f"{name}.txt").read_text("utf-8"), None).doc
        anns = [gold_attributions(doc, parse_ann(p.read_text("utf-8"))) for p in paths]
        rows += [counts(anns[a], anns[b]) for a in range(len(anns)) for b in range(len(anns)) if a != b]
    return (scores(rows) if rows else {}), len(rows)


def load_polnear(root: Path, limit: int | None) -> list[dict]:
    meta = {}
    with open(root / "metadata.tsv", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            meta[row["filename"]] = row
    chosen: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", path.stem)
        chosen.setdefault(name, path)
    articles = []
    for name, ann in sorted(chosen.items())[: limit or None]:
        text = (root / "text" / f"{name}.txt").read_text("utf-8")
        articles.append({"name": name, "text": text, "gold": parse_ann(ann.read_text("utf-8")),
                         "published": meta.get(name, {}).get("publication_date")})
    return articles


def parse_ann(ann: str) -> list[dict]:
    """brat standoff -> [{"Cue": [(s, e)...], "Source": [...], "Content": [...]}] (character ranges)."""
    spans, relations = {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T"):
            label, ranges = parts[1].split(" ", 1)
            spans[parts[0]] = [tuple(map(int, r.split())) for r in ranges.split(";")]
        elif line.startswith("E"):
            relations.append(dict(arg.split(":") for arg in parts[1].split()))
    return [{role: spans[ref] for role, ref in rel.items() if role in ("Cue", "Source", "Content") and ref in spans}
            for rel in relations]


# -- character ranges -> token spans -------------------------------------------------------------


def tok_span(doc, start: int, end: int) -> TokSpan | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end


def merged(doc, ranges: list[tuple[int, int]]) -> list[TokSpan]:
    """Token spans of character ranges; ranges with only whitespace between are one span."""
    spans = sorted(s for s in (tok_span(doc, a, b) for a, b in ranges) if s)
    out: list[TokSpan] = []
    for s, e in spans:
        if out and all(t.is_space for t in doc[out[-1][1]:s]) and s >= out[-1][0]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def envelope(spans: list[TokSpan]) -> TokSpan | None:
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def gold_attributions(doc, gold: list[dict]) -> list[Attr]:
    out = []
    for g in gold:
        cue = envelope(merged(doc, g.get("Cue", [])))
        if cue is None:
            continue
        contents = merged(doc, g.get("Content", []))
        first = min((a for a, _ in g.get("Content", [])), default=None)
        direct = first is not None and doc.text[first:first + 1] in "\"“‘'`«"
        out.append(Attr(cue, merged(doc, g.get("Source", [])), contents, direct))
    return out


# -- the two systems -----------------------------------------------------------------------------


class Chronicle:
    """The pipeline's stages after the parse, up to and including ``quotes``."""

    def __init__(self) -> None:
        pipeline = Pipeline(Settings())
        names = pipeline.names
        self.nlp = pipeline.stages[names.index("nlp")]
        self.stages = pipeline.stages[names.index("nlp") + 1 : names.index("quotes") + 1]
        self.marks = lexicon().mark_chars

    def parse(self, name: str, text: str, published: str | None) -> Reading:
        reading = Reading(raw=RawDocument(source=name, body=text))
        given = Published(value=published, source="given", earliest=published, latest=published) \
            if published else Published()
        reading.document = Document(id=name, source=name, text=text, published=given)
        return self.nlp(reading)

    def __call__(self, reading: Reading) -> list[Attr]:
        for stage in self.stages:
            reading = stage(reading)
        doc, text = reading.doc, reading.doc.text
        by_cue: dict[tuple[int, int], Attr] = {}
        for q in reading.quotes:
            if q.cue_span is None:
                continue
            cue = tok_span(doc, q.cue_span.start, q.cue_span.end)
            if cue is None:
                continue
            att = by_cue.setdefault((q.cue_span.start, q.cue_span.end), Attr(cue, direct=q.kind == "direct"))
            if q.speaker_span and not att.sources:
                att.sources = merged(doc, [closing_comma(text, q.speaker_span.start, q.speaker_span.end)])
            start, end = (self._with_marks(text, q.start, q.end) if q.kind == "direct" else (q.start, q.end))
            att.contents = merged(doc, [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in att.contents]
                                  + [(start, end)])
        return list(by_cue.values())

    def _with_marks(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A direct quote's range with its quote marks (and the comma inside them) back."""
        s = start
        while s > 0 and text[s - 1].isspace():
            s -= 1
        while s > 0 and text[s - 1] in self.marks:
            s -= 1
        e = end
        while e < len(text) and (text[e].isspace() or text[e] in ",;:"):
            e += 1
        if e < len(text) and text[e] in self.marks:
            while e < len(text) and text[e] in self.marks:
                e += 1
        else:
            e = end
        return s, e


def closing_comma(text: str, start: int, end: int) -> tuple[int, int]:
    """PolNeAR keeps the comma that closes an appositive in the source ("Mr. Kelly, a retired
    astronaut,"; 82 of the 101 sources with a comma inside and one after); chronicle's
    ``speaker_span`` leaves it out, so it is added back before scoring, for both systems."""
    if "," in text[start:end] and text[end:end + 1] == ",":
        return start, end + 1
    return start, end


def runs(indices: list[int]) -> list[TokSpan]:
    out: list[TokSpan] = []
    for i in sorted(set(indices)):
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def textacy_baseline(doc) -> tuple[list[Attr], bool]:
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return [], False
    out = []
    for t in triples:
        cue = envelope(runs([tok.i for tok in t.cue]))
        speaker = [closing_comma(doc.text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
                   for s, e in runs([tok.i for tok in t.speaker])]
        out.append(Attr(cue, merged(doc, speaker), [(t.content.start, t.content.end)], True))
    return out, True


# -- Citron's metrics ----------------------------------------------------------------------------


def overlaps(a: TokSpan, b: TokSpan) -> bool:
    return a[0] <= b[1] and a[1] > b[0]  # as citron.utils.are_overlapping_spans (end inclusive)


def overlap(a: TokSpan, b: TokSpan) -> int:
    start = min(a[1], max(a[0], b[0]))
    end = max(a[0], min(a[1], b[1]))
    return end - start


def counts(pred: list[Attr], gold: list[Attr]) -> dict[str, float]:
    """Citron's exact TP/FP/FN for cue, source and content, and its overlap sums."""
    c: dict[str, float] = {}
    c["cue_tp"] = sum(any(p.cue == g.cue for g in gold) for p in pred)
    c["cue_fp"] = len(pred) - c["cue_tp"]
    c["cue_fn"] = sum(not any(p.cue == g.cue for p in pred) for g in gold)
    for part, get in (("source", lambda a: a.sources), ("content", lambda a: a.contents)):
        match = lambda p, g: overlaps(p.cue, g.cue) and get(p) == get(g)  # noqa: E731
        c[f"{part}_tp"] = sum(any(match(p, g) for g in gold) for p in pred)
        c[f"{part}_fp"] = len(pred) - c[f"{part}_tp"]
        c[f"{part}_fn"] = sum(not any(match(p, g) for p in pred) for g in gold)
    for part, get in (("cue", lambda a: [a.cue]), ("source", lambda a: a.sources), ("content", lambda a: a.contents)):
        c[f"{part}_overlap"] = sum(overlap(x, y) for p in pred for g in gold for x in get(p) for y in get(g))
        c[f"{part}_pred_len"] = sum(e - s for p in pred for s, e in get(p))
        c[f"{part}_gold_len"] = sum(e - s for g in gold for s, e in get(g))
    return c


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def prf_overlap(ov: float, pred_len: float, gold_len: float) -> tuple[float, float, float]:
    p = ov / pred_len if pred_len else 0.0
    r = ov / gold_len if gold_len else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summed(rows: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for row in rows:
        for k, v in row.items():
            total[k] = total.get(k, 0) + v
    return total


def scores(rows: list[dict[str, float]]) -> dict[str, float]:
    t = summed(rows)
    out = {}
    for part in PARTS:
        p, r, f = prf(t[f"{part}_tp"], t[f"{part}_fp"], t[f"{part}_fn"])
        out[f"{part}_p"], out[f"{part}_r"], out[f"{part}_f1_exact"] = p, r, f
        p, r, f = prf_overlap(t[f"{part}_overlap"], t[f"{part}_pred_len"], t[f"{part}_gold_len"])
        out[f"{part}_p_overlap"], out[f"{part}_r_overlap"], out[f"{part}_f1_overlap"] = p, r, f
    return out


def bootstrap_std(rows_a: list[dict], rows_b: list[dict], key: str, n: int = 1000, seed: int = 0) -> float:
    """Std of the F1 difference a - b over articles resampled with replacement (paired)."""
    rng = random.Random(seed)
    idx = range(len(rows_a))
    diffs = []
    for _ in range(n):
        sample = [rng.choice(idx) for _ in idx]
        a = scores([rows_a[i] for i in sample])[key]
        b = scores([rows_b[i] for i in sample])[key]
        diffs.append(a - b)
    mean = sum(diffs) / len(diffs)
    return (sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)) ** 0.5


# -- the run -------------------------------------------------------------------------------------


def show(doc, att: Attr) -> str:
    def words(spans):
        return " | ".join(doc[s:e].text for s, e in spans)
    return f"[{words(att.sources)}] <{doc[att.cue[0]:att.cue[1]].text}> {words(att.contents)[:140]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", default="../shared", help="the shared folder holding datasets/")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--verbose", action="store_true", help="list chronicle's misses and false alarms")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: none)")
    args = parser.parse_args(argv)

    root = Path(args.shared) / "datasets" / "polnear-test"
    articles = load_polnear(root, args.limit)
    system = Chronicle()
    rows: dict[str, list[dict]] = {"chronicle": [], "baseline": []}
    direct_rows: dict[str, list[dict]] = {"chronicle": [], "baseline": []}
    seconds = {"parse": 0.0, "chronicle": 0.0, "baseline": 0.0}
    bailed, n_gold, n_pred = 0, 0, {"chronicle": 0, "baseline": 0}
    lex = lexicon()
    cue_words = lex.verbs(True) | frozenset(lex.prepositions) | {"according"}
    in_lexicon = 0
    accepted: list[bool] = []  # documents textacy did not refuse
    for art in articles:
        t0 = time.perf_counter()
        reading = system.parse(art["name"], art["text"], art["published"])
        doc = reading.doc
        t1 = time.perf_counter()
        ours = system(reading)
        t2 = time.perf_counter()
        base, ok = textacy_baseline(doc)
        t3 = time.perf_counter()
        seconds["parse"] += t1 - t0
        seconds["chronicle"] += t2 - t1
        seconds["baseline"] += t3 - t2
        bailed += not ok
        accepted.append(ok)
        gold = gold_attributions(doc, art["gold"])
        n_gold += len(gold)
        in_lexicon += sum(any(t.lemma_.lower() in cue_words or t.lower_ in cue_words for t in doc[g.cue[0]:g.cue[1]])
                          for g in gold)
        for name, pred in (("chronicle", ours), ("baseline", base)):
            n_pred[name] += len(pred)
            rows[name].append(counts(pred, gold))
            direct_rows[name].append(counts([p for p in pred if p.direct], [g for g in gold if g.direct]))
        if args.verbose:
            print(f"== {art['name']}")
            for g in gold:
                if not any(overlaps(p.cue, g.cue) and p.sources == g.sources for p in ours):
                    near = [p for p in ours if overlaps(p.cue, g.cue)]
                    print("  miss ", show(doc, g))
                    for p in near:
                        print("   got ", show(doc, p))
            for p in ours:
                if not any(overlaps(p.cue, g.cue) for g in gold):
                    print("  false", show(doc, p))

    result: dict[str, object] = {"dataset": "polnear-test", "articles": len(articles), "gold_attributions": n_gold,
                                 "gold_with_lexicon_cue": in_lexicon}
    table = {name: scores(r) for name, r in rows.items()}
    direct = {name: scores(r) for name, r in direct_rows.items()}
    print(f"PolNeAR test, {len(articles)} articles, {n_gold} gold attributions, {in_lexicon} with a cue word of "
          f"chronicle's lexicon "
          f"(textacy refused {bailed} documents: odd number of quote marks)")
    header = f"{'system':<22}{'attributions':>13}" + "".join(f"{h:>11}" for h in (
        "cue P", "cue R", "cue F1", "src P", "src R", "src F1", "src F1 ov", "cnt F1", "cnt F1 ov"))
    print(header)
    for name in ("chronicle", "baseline"):
        s = table[name]
        print(f"{name:<22}{n_pred[name]:>13}" + "".join(f"{v:>11.3f}" for v in (
            s["cue_p"], s["cue_r"], s["cue_f1_exact"], s["source_p"], s["source_r"], s["source_f1_exact"],
            s["source_f1_overlap"], s["content_f1_exact"], s["content_f1_overlap"])))
    print(f"{'Citron on PARC 3.0':<22}{'':>13}" + f"{'':>11}{'':>11}{CITRON['cue_f1']:>11.3f}{'':>11}{'':>11}"
          f"{CITRON['source_f1']:>11.3f}{CITRON['source_f1_overlap']:>11.3f}{CITRON['content_f1_exact']:>11.3f}"
          f"{CITRON['content_f1_overlap']:>11.3f}")
    print("direct quotes only (gold content opening with a quote mark; chronicle's direct quotes):")
    for name in ("chronicle", "baseline"):
        s = direct[name]
        print(f"  {name:<20} source F1 {s['source_f1_exact']:.3f}  cue F1 {s['cue_f1_exact']:.3f}  "
              f"content F1 {s['content_f1_exact']:.3f} exact / {s['content_f1_overlap']:.3f} overlap")
    agreement, pairs = annotator_agreement(root, system)
    if agreement:
        print(f"annotators against each other ({pairs} ordered pairs on the articles annotated several times): "
              f"source F1 {agreement['source_f1_exact']:.3f}, cue F1 {agreement['cue_f1_exact']:.3f}, content F1 "
              f"{agreement['content_f1_exact']:.3f} exact / {agreement['content_f1_overlap']:.3f} overlap")
    kept = {name: scores([row for row, ok in zip(r, accepted) if ok]) for name, r in rows.items()}
    print(f"on the {sum(accepted)} documents textacy accepts: source F1 chronicle "
          f"{kept['chronicle']['source_f1_exact']:.3f}, baseline {kept['baseline']['source_f1_exact']:.3f}")
    std = bootstrap_std(rows["chronicle"], rows["baseline"], "source_f1_exact", args.bootstrap) if args.bootstrap else None
    diff = table["chronicle"]["source_f1_exact"] - table["baseline"]["source_f1_exact"]
    print(f"source F1 difference chronicle - baseline: {diff:+.4f}" + (f" ± {std:.4f} (paired bootstrap std)" if std else ""))
    print(f"wall time: parse {seconds['parse']:.1f} s (shared), chronicle stages {seconds['chronicle']:.1f} s, "
          f"textacy {seconds['baseline']:.1f} s")

    for prefix, name in (("", "chronicle"), ("baseline_", "baseline")):
        s = table[name]
        result.update({
            f"{prefix}source_f1": s["source_f1_exact"], f"{prefix}cue_f1": s["cue_f1_exact"],
            f"{prefix}content_f1_exact": s["content_f1_exact"], f"{prefix}content_f1_overlap": s["content_f1_overlap"],
            f"{prefix}source_precision": s["source_p"], f"{prefix}source_recall": s["source_r"],
            f"{prefix}source_f1_overlap": s["source_f1_overlap"], f"{prefix}cue_f1_overlap": s["cue_f1_overlap"],
            f"{prefix}direct_source_f1": direct[name]["source_f1_exact"],
            f"{prefix}direct_content_f1_overlap": direct[name]["content_f1_overlap"],
            f"{prefix}attributions": n_pred[name],
        })
    result["source_f1_accepted"] = kept["chronicle"]["source_f1_exact"]
    result["baseline_source_f1_accepted"] = kept["baseline"]["source_f1_exact"]
    result["annotators_source_f1"] = agreement.get("source_f1_exact")
    result["annotators_content_f1_exact"] = agreement.get("content_f1_exact")
    result["source_f1_diff_std"] = std
    result["baseline_refused_documents"] = bailed
    result["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
    print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
