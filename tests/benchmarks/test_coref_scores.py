"""The CoNLL-2012 coreference scores on a tiny example computed by hand."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from coref_scores import b_cubed, ceaf_e, conll, muc  # noqa: E402

# Gold {a,b,c} {d,e}; system {a,b} {c,d,e}.
GOLD = [{"a", "b", "c"}, {"d", "e"}]
SYS = [{"a", "b"}, {"c", "d", "e"}]


def test_muc_by_hand():
    # Recall: (3-2)+(2-1) / (2+1) = 2/3; precision: (2-1)+(3-2) / (1+2) = 2/3.
    assert muc(GOLD, SYS) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_b_cubed_by_hand():
    # Recall: a,b 2/3 each, c 1/3, d,e 1 each -> (2/3+2/3+1/3+1+1)/5 = 11/15.
    # Precision: a,b 1 each, c,d,e: 1/3, 2/3, 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15.
    assert b_cubed(GOLD, SYS) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


def test_ceaf_e_by_hand():
    # phi4: {abc}~{ab} 2*2/5 = 0.8, {de}~{cde} 2*2/5 = 0.8; best alignment 1.6, over 2 and 2.
    assert ceaf_e(GOLD, SYS) == pytest.approx((0.8, 0.8, 0.8))


def test_conll_average_and_identity():
    assert conll(GOLD, SYS)["conll_f1"] == pytest.approx(round((2 / 3 + 11 / 15 + 0.8) / 3, 4))
    assert conll(GOLD, GOLD)["conll_f1"] == 1.0
    assert muc([{"a"}], [{"a"}])[2] == 0.0  # singletons carry no MUC links
