"""Article-body extraction quality: chronicle's ingest + clean vs plain trafilatura, same run.

Two public datasets, read from ``--shared`` at run time (nothing is copied into the project):

1. Scrapinghub/Zyte article-extraction-benchmark (``datasets/scrapinghub-aeb``): 181 gzipped
   pages with a gold ``articleBody``. Scored as that benchmark's ``evaluate.py`` scores it
   (github.com/scrapinghub/article-extraction-benchmark, evaluate.py, re-implemented here):
   text -> ``\\w+`` tokens (Unicode regex findall, case kept) -> 4-token shingles counted as a
   multiset (a text shorter than 4 tokens gives one shorter shingle, an empty text none);
   per page TP/FP/FN are the multiset overlaps, then normalised by their sum so that every page
   weighs the same. Precision is the mean of per-page precision over pages with TP+FP > 0,
   recall the mean of per-page recall over pages with TP+FN > 0 (a page with FP = FN = 0 scores
   1 on both); F1 is the harmonic mean of those two means (not a mean of per-page F1s).
   "accuracy" is the share of pages whose token list equals the gold one exactly.
   Pages are read the way the benchmark's ``extractors/run_trafilatura.py`` reads them (gzip,
   UTF-8 text) for trafilatura; chronicle gets the decompressed bytes, as its product path does.

2. trafilatura's own evaluation set (``datasets/trafilatura-eval``, English subset of 148
   pages): each page has "with" segments that must appear in the output and "without" segments
   that must not. Scored as adbar/trafilatura ``tests/evaluate.py`` + ``tests/eval_common.py``
   do: both output and segment are whitespace-normalised (``\\s+`` -> one space, stripped) and a
   segment counts when it is a substring of the output; "with" found = TP, missing = FN,
   "without" found = FP, absent = TN, summed over all pages (micro), then precision, recall,
   accuracy = (TP+TN)/all, F1 = 2TP/(2TP+FP+FN). A crash or empty output counts as all misses.
   Files are read as raw bytes and handed over undecoded, as eval_common.read_document does
   (trafilatura then detects the encoding itself; chronicle decodes with its own decode stage).

How each system is run (the wall time covers the extraction only, not the scoring):

* chronicle: ``chronicle.ingest.load_bytes(html_bytes, source, format="html")`` (chronicle's
  decoding, trafilatura's bare_extraction with include_comments=False, include_tables=True,
  deduplicate=False, the first line dropped when it is the page title, plus htmldate for the
  publication date), then ``chronicle.pipeline.clean.clean_body``; the scored text is the
  cleaned body (the title, kept apart in ``RawDocument.title``, is not scored). A page where
  chronicle raises ``ChronicleError`` (no article found) counts as empty output.
* trafilatura ("plain"), with the options each benchmark itself uses for trafilatura:
  - AEB: ``trafilatura.extract(html_str, include_comments=False)`` (run_trafilatura.py of that
    repo; all other options default: fast=False, include_tables=True, output_format="txt").
  - trafilatura-eval: ``trafilatura.extract(html_bytes, fast=False, include_comments=False,
    include_tables=True, include_formatting=False)`` (EXTRACT_OPTS + the "fallback" runner of
    tests/eval_common.py, i.e. the "trafilatura" row of its results; output_format="txt").

Published peers: trafilatura F1 0.958 on AEB; trafilatura F1 0.924 on the FULL trafilatura
evaluation set (ours is the 148-page English subset, so not directly comparable).

The F1 difference chronicle - trafilatura is given with a paired bootstrap std (pages resampled
with replacement, the same pages for both systems; as AEB's ``--bootstrap-differences``), so a
gap smaller than about two stds should not be read as a real difference.

The last line printed is one JSON object with the scores (floats rounded to 4 digits).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

from chronicle.errors import ChronicleError
from chronicle.ingest import load_bytes
from chronicle.pipeline.clean import clean_body

SYSTEMS = ("chronicle", "trafilatura")

# --------------------------------------------------------------------------------------------
# Extractors


def run_chronicle(html: bytes, source: str) -> str:
    try:
        raw = load_bytes(html, source=source, format="html")
    except ChronicleError:
        return ""
    text, _removed = clean_body(raw.body)
    return text


def run_trafilatura_aeb(html: bytes, source: str) -> str:
    # As the benchmark's run_trafilatura.py: the page as UTF-8 text, include_comments=False.
    return trafilatura.extract(html.decode("utf-8"), include_comments=False) or ""


def run_trafilatura_trafeval(html: bytes, source: str) -> str:
    # As trafilatura's tests/evaluate.py "trafilatura" row: raw bytes, the fallback runner.
    return (
        trafilatura.extract(
            html, fast=False, include_comments=False, include_tables=True, include_formatting=False
        )
        or ""
    )


# --------------------------------------------------------------------------------------------
# AEB scoring (after scrapinghub/article-extraction-benchmark evaluate.py)

_AEB_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_N = 4


def aeb_tokens(text: str) -> list[str]:
    return _AEB_TOKEN.findall(text or "")


def aeb_shingles(text: str, n: int = SHINGLE_N) -> Counter:
    tokens = aeb_tokens(text)
    # range(max(1, len - n + 1)): a short text still yields its one (shorter) shingle.
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def aeb_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) over shingles, normalised to sum 1 (when non-zero)."""
    g, p = aeb_shingles(gold), aeb_shingles(pred)
    tp = fp = fn = 0.0
    for key in g.keys() | p.keys():
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aeb_metrics(counts: list[tuple[float, float, float]], exact: list[bool]) -> dict[str, float]:
    precs = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precs) if precs else 0.0
    recall = statistics.mean(recs) if recs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = statistics.mean(1.0 if e else 0.0 for e in exact) if exact else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def eval_aeb(root: Path, limit: int | None) -> tuple[dict, dict, list]:
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    runners = {"chronicle": run_chronicle, "trafilatura": run_trafilatura_aeb}
    counts = {s: [] for s in SYSTEMS}
    exact = {s: [] for s in SYSTEMS}
    times = {s: 0.0 for s in SYSTEMS}
    pages = []
    for item_id in ids:
        path = root / "html" / f"{item_id}.html.gz"
        html = gzip.decompress(path.read_bytes())
        truth = gold[item_id].get("articleBody", "") or ""
        row = {"id": item_id}
        for s in SYSTEMS:
            start = time.perf_counter()
            try:
                out = runners[s](html, str(path))
            except Exception:  # a crash counts as empty output
                out = ""
            times[s] += time.perf_counter() - start
            c = aeb_counts(truth, out)
            counts[s].append(c)
            exact[s].append(aeb_tokens(truth) == aeb_tokens(out))
            row[s] = c
        pages.append(row)
    metrics = {s: aeb_metrics(counts[s], exact[s]) for s in SYSTEMS}
    return metrics, times, pages


# --------------------------------------------------------------------------------------------
# trafilatura-eval scoring (after adbar/trafilatura tests/eval_common.py)

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def trafeval_counts(item: dict, output: str) -> tuple[int, int, int, int]:
    out = norm(output or "")
    tp = sum(1 for seg in item["with"] if norm(seg) in out) if output else 0
    fp = sum(1 for seg in item["without"] if norm(seg) in out) if output else 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def trafeval_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    accuracy = (tp + tn) / total if total else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def eval_trafeval(root: Path, limit: int | None) -> tuple[dict, dict, list]:
    data = json.loads((root / "evaldata-en-subset.json").read_text(encoding="utf-8"))
    urls = list(data)[:limit] if limit else list(data)
    runners = {"chronicle": run_chronicle, "trafilatura": run_trafilatura_trafeval}
    totals = {s: [0, 0, 0, 0] for s in SYSTEMS}
    times = {s: 0.0 for s in SYSTEMS}
    pages = []
    for url in urls:
        item = data[url]
        path = root / "html" / item["file"]
        html = path.read_bytes()
        row = {"url": url, "file": item["file"]}
        for s in SYSTEMS:
            start = time.perf_counter()
            try:
                out = runners[s](html, str(path))
            except Exception:  # a crash counts as a full miss, as in eval_common.run_and_count
                out = ""
            times[s] += time.perf_counter() - start
            c = trafeval_counts(item, out)
            totals[s] = [a + b for a, b in zip(totals[s], c)]
            row[s] = c
        pages.append(row)
    metrics = {s: trafeval_metrics(*totals[s]) for s in SYSTEMS}
    for s in SYSTEMS:
        metrics[s]["counts"] = dict(zip(("tp", "fp", "fn", "tn"), totals[s]))
    return metrics, times, pages


# --------------------------------------------------------------------------------------------
# Paired bootstrap of the F1 difference


def bootstrap_diff(pages: list, f1_of, n: int, seed: int = 0) -> float:
    """Std of F1(chronicle) - F1(trafilatura) over ``n`` page resamples (0.0 when n < 2)."""
    if n < 2 or len(pages) < 2:
        return 0.0
    rng = random.Random(seed)
    diffs = []
    for _ in range(n):
        sample = [pages[rng.randrange(len(pages))] for _ in pages]
        diffs.append(f1_of(sample, "chronicle") - f1_of(sample, "trafilatura"))
    return statistics.stdev(diffs)


def aeb_f1_of(sample: list, system: str) -> float:
    return aeb_metrics([row[system] for row in sample], [])["f1"]


def trafeval_f1_of(sample: list, system: str) -> float:
    totals = [sum(row[system][k] for row in sample) for k in range(4)]
    return trafeval_metrics(*totals)["f1"]


# --------------------------------------------------------------------------------------------
# Report


def report(console: Console, title: str, metrics: dict, times: dict, n: int, published: str, std: float) -> None:
    table = Table(title=f"{title} ({n} pages)")
    table.add_column("system")
    for col in ("precision", "recall", "F1", "accuracy", "wall time (s)"):
        table.add_column(col, justify="right")
    for s in SYSTEMS:
        m = metrics[s]
        table.add_row(
            s,
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"{m['f1']:.3f}",
            f"{m['accuracy']:.3f}",
            f"{times[s]:.1f}",
        )
    diff = metrics["chronicle"]["f1"] - metrics["trafilatura"]["f1"]
    table.caption = f"F1 chronicle - trafilatura: {diff:+.4f} (paired bootstrap std {std:.4f}); {published}"
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", default="../shared", help="shared folder holding datasets/ (default ../shared)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of each dataset")
    parser.add_argument("--bootstrap", type=int, default=1000, help="paired bootstrap resamples (default 1000)")
    parser.add_argument("--verbose", action="store_true", help="list the pages where the systems differ")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.CRITICAL)  # trafilatura/htmldate chatter off, as in trafilatura's eval
    datasets = Path(args.shared) / "datasets"
    aeb_root, trafeval_root = datasets / "scrapinghub-aeb", datasets / "trafilatura-eval"
    for root in (aeb_root, trafeval_root):
        if not root.is_dir():
            print(f"error: dataset not found: {root}", file=sys.stderr)
            return 2

    console = Console(stderr=False)
    t0 = time.perf_counter()
    aeb, aeb_times, aeb_pages = eval_aeb(aeb_root, args.limit)
    aeb_std = bootstrap_diff(aeb_pages, aeb_f1_of, args.bootstrap)
    report(
        console,
        "Scrapinghub AEB: 4-gram shingle P/R/F1, page-averaged",
        aeb,
        aeb_times,
        len(aeb_pages),
        "published: trafilatura F1 0.958 (same 181 pages)",
        aeb_std,
    )
    tre, tre_times, tre_pages = eval_trafeval(trafeval_root, args.limit)
    tre_std = bootstrap_diff(tre_pages, trafeval_f1_of, args.bootstrap)
    report(
        console,
        "trafilatura eval (English subset): with/without segments",
        tre,
        tre_times,
        len(tre_pages),
        "published: trafilatura F1 0.924 (full set, ~990 pages; ours is a 148-page subset)",
        tre_std,
    )
    total = time.perf_counter() - t0
    console.print(f"total run time {total:.1f} s")

    if args.verbose:
        for row in aeb_pages:
            c, t = row["chronicle"], row["trafilatura"]
            if abs(c[0] - t[0]) > 0.01 or abs(c[1] - t[1]) > 0.01:
                console.print(f"AEB {row['id'][:12]} chronicle tp/fp/fn={c[0]:.2f}/{c[1]:.2f}/{c[2]:.2f} "
                              f"trafilatura {t[0]:.2f}/{t[1]:.2f}/{t[2]:.2f}")
        for row in tre_pages:
            if row["chronicle"] != row["trafilatura"]:
                console.print(f"trafeval {row['file']} chronicle {row['chronicle']} trafilatura {row['trafilatura']}")

    result: dict[str, float | int] = {}
    for s in SYSTEMS:
        for key in ("f1", "precision", "recall", "accuracy"):
            result[f"aeb_{key}_{s}"] = round(aeb[s][key], 4)
    for s in SYSTEMS:
        for key in ("f1", "precision", "recall", "accuracy"):
            result[f"trafeval_{key}_{s}"] = round(tre[s][key], 4)
    for s in SYSTEMS:
        result[f"aeb_seconds_{s}"] = round(aeb_times[s], 2)
        result[f"trafeval_seconds_{s}"] = round(tre_times[s], 2)
    result["aeb_f1_diff_std"] = round(aeb_std, 4)
    result["trafeval_f1_diff_std"] = round(tre_std, 4)
    result["aeb_pages"] = len(aeb_pages)
    result["trafeval_pages"] = len(tre_pages)
    result["total_seconds"] = round(total, 2)
    print(json.dumps(result, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
