"""SemEval-2015 task 4 temporal-awareness scoring on a tiny timeline computed by hand."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from timeline_scores import awareness_counts, closure, micro_scores, read_timeline, reduction  # noqa: E402

# Gold: a and b (one position, 2005-01-18) before c (2005-04-27); x unordered.
GOLD = read_timeline("T\n1\t2005-01-18\t1-1-a\t1-2-b\n2\t2005-04-27\t1-3-c\n0\tXXXX-XX-XX\t1-4-x\n")
# System: a (2005-01-18), then c (undated), then b (2005-04-27); x missed.
SYSTEM = [(1, "2005-01-18", ["1-1-a"]), (2, "XXXX-XX-XX", ["1-3-c"]), (3, "2005-04-27", ["1-2-b"])]


def test_graphs_by_hand():
    assert reduction(GOLD) == {("1-1-a", "SIMULTANEOUS", "1-2-b"), ("1-1-a", "IS_INCLUDED", "t:2005-01-18"),
                               ("1-3-c", "IS_INCLUDED", "t:2005-04-27"), ("1-1-a", "BEFORE", "1-3-c")}
    assert closure(GOLD) == reduction(GOLD) | {("1-2-b", "IS_INCLUDED", "t:2005-01-18"), ("1-2-b", "BEFORE", "1-3-c")}
    assert ("1-1-a", "BEFORE", "1-2-b") in closure(SYSTEM)  # a < c < b: implied, not in the reduction
    assert ("1-1-a", "BEFORE", "1-2-b") not in reduction(SYSTEM)


def test_awareness_by_hand():
    # System reduction {a⊂t18, b⊂t27, a<c, c<b}: a⊂t18 and a<c hold in the gold closure -> P 2/4.
    # Gold reduction {a~b, a⊂t18, c⊂t27, a<c}: a⊂t18 and a<c hold in the system closure -> R 2/4.
    assert awareness_counts(GOLD, SYSTEM) == {"p_hit": 2, "p_total": 4, "r_hit": 2, "r_total": 4}
    assert micro_scores([awareness_counts(GOLD, SYSTEM)]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    # Micro-average with a perfect second timeline: (2+4)/(4+4) both ways.
    perfect = awareness_counts(GOLD, GOLD)
    assert perfect == {"p_hit": 4, "p_total": 4, "r_hit": 4, "r_total": 4}
    assert micro_scores([awareness_counts(GOLD, SYSTEM), perfect])["f1"] == 0.75


def test_empty_system_scores_zero():
    assert micro_scores([awareness_counts(GOLD, [])]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
