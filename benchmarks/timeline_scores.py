"""SemEval-2015 task 4 (TimeLine) scoring: timelines as temporal graphs, temporal-awareness P/R/F1.

A timeline is a list of lines ``(position, date, [mention, ...])`` as in the task's files
(``order<TAB>date<TAB>docid-sentid-token ...``). The task scores a system timeline by turning both
timelines into TimeML-like graphs and comparing them with the temporal-awareness metric of
UzZaman & Allen (2011) (TempEval-3):

    precision = |reduced(system) ∩ closure(gold)|   / |reduced(system)|
    recall    = |reduced(gold)   ∩ closure(system)| / |reduced(gold)|

micro-averaged over the timelines (numerators and denominators summed, then F1).

The graph of a timeline, as written here from the task's definition:
- every event mention is a node, every date other than XXXX-XX-XX a time node;
- mentions of one line (one event, coreferent mentions) and lines of one position >= 1 are
  SIMULTANEOUS; every mention of position i >= 1 is BEFORE every mention of a later position;
  position 0 is the task's "cannot be ordered": a line there relates to nothing outside itself;
- every mention of a dated line IS_INCLUDED in its date's time node.

Closure and reduction are computed directly for this shape of graph (a total preorder of classes
plus inclusion in dates), not by a general interval-algebra closure: the closure is the relations
above over all pairs; the reduction keeps, per class (a position >= 1, or one line at 0), a chain
of SIMULTANEOUS between its mentions in sorted order, one BEFORE from the first mention of each
ordered class to the first mention of the next, and one IS_INCLUDED from the first mention of
each class to each of its dates.
Where the official tool's reduction picks other representatives the counts can differ slightly
(docs/benchmarks.md, Corpus section).
"""

from __future__ import annotations

Line = tuple[int, str, list[str]]
Relation = tuple[str, str, str]

UNDATED = "XXXX-XX-XX"


def read_timeline(text: str) -> list[Line]:
    """The task's file format: ``order<TAB>date<TAB>mention<TAB>mention...``."""
    lines = []
    for raw in text.splitlines():
        parts = raw.strip().split("\t")
        if len(parts) < 3:
            continue
        lines.append((int(parts[0]), parts[1], [m for m in parts[2:] if m]))
    return lines


def _normal(simultaneous: tuple[str, str]) -> Relation:
    a, b = sorted(simultaneous)
    return (a, "SIMULTANEOUS", b)


def _classes(timeline: list[Line]) -> list[tuple[int, set[str], list[str]]]:
    """(position, dates, sorted mentions): one class per ordered position (its lines are
    simultaneous), one per line at position 0 (a line's mentions are one event, coreferent); a
    mention is kept in its first line only."""
    seen: set[str] = set()
    groups: dict[tuple, tuple[set[str], list[str]]] = {}
    for n, (pos, date, mentions) in enumerate(sorted(timeline, key=lambda line: line[0])):
        dates, members = groups.setdefault((pos, n if pos < 1 else 0), (set(), []))
        if date != UNDATED:
            dates.add(date)
        for m in mentions:
            if m not in seen:
                seen.add(m)
                members.append(m)
    return [(key[0], dates, sorted(members)) for key, (dates, members) in sorted(groups.items()) if members]


def closure(timeline: list[Line]) -> set[Relation]:
    rels: set[Relation] = set()
    classes = _classes(timeline)
    for _, dates, members in classes:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                rels.add(_normal((a, b)))
            rels.update((a, "IS_INCLUDED", "t:" + d) for d in dates)
    ordered = [c for c in classes if c[0] >= 1]
    for i, (_, _, early) in enumerate(ordered):
        for _, _, late in ordered[i + 1:]:
            rels.update((a, "BEFORE", b) for a in early for b in late)
    return rels


def reduction(timeline: list[Line]) -> set[Relation]:
    rels: set[Relation] = set()
    classes = _classes(timeline)
    for _, dates, members in classes:
        rels.update(_normal(pair) for pair in zip(members, members[1:]))
        rels.update((members[0], "IS_INCLUDED", "t:" + d) for d in dates)
    ordered = [c for c in classes if c[0] >= 1]
    rels.update((a[2][0], "BEFORE", b[2][0]) for a, b in zip(ordered, ordered[1:]))
    return rels


def awareness_counts(gold: list[Line], system: list[Line]) -> dict:
    """Numerators and denominators of one timeline's temporal-awareness precision and recall."""
    sys_red, gold_red = reduction(system), reduction(gold)
    return {"p_hit": len(sys_red & closure(gold)), "p_total": len(sys_red),
            "r_hit": len(gold_red & closure(system)), "r_total": len(gold_red)}


def micro_scores(counts: list[dict]) -> dict:
    p_hit, p_total = sum(c["p_hit"] for c in counts), sum(c["p_total"] for c in counts)
    r_hit, r_total = sum(c["r_hit"] for c in counts), sum(c["r_total"] for c in counts)
    p = p_hit / p_total if p_total else 0.0
    r = r_hit / r_total if r_total else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}
