"""Coreference scores as CoNLL-2012 defines them: MUC, B-cubed, CEAF-e and their average.

Written from the definitions (Vilain et al. 1995; Bagga & Baldwin 1998; Luo 2005, entity-based
phi4 similarity; Pradhan et al. 2014 for the CoNLL average), because the reference Perl scorer is
not a registry package. A clustering is a list of sets of hashable mention ids; mentions present
on one side only count as errors (as in the reference scorer with gold-vs-system mentions).
"""

from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = Sequence[set[Hashable]]


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _muc_side(keys: Clusters, responses: Clusters) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(responses) for m in c}
    num = den = 0
    for k in keys:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(gold: Clusters, system: Clusters) -> tuple[float, float, float]:
    r_num, r_den = _muc_side(gold, system)
    p_num, p_den = _muc_side(system, gold)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_side(keys: Clusters, responses: Clusters) -> tuple[float, float]:
    where = {m: c for c in responses for m in c}
    num = sum(len(k & where.get(m, set())) / len(k) for k in keys for m in k)
    return num, sum(len(k) for k in keys)


def b_cubed(gold: Clusters, system: Clusters) -> tuple[float, float, float]:
    r_num, r_den = _b3_side(gold, system)
    p_num, p_den = _b3_side(system, gold)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(gold: Clusters, system: Clusters) -> tuple[float, float, float]:
    if not gold or not system:
        return 0.0, 0.0, 0.0
    sim = np.array([[2 * len(g & s) / (len(g) + len(s)) for s in system] for g in gold])
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return _prf(total, len(system), total, len(gold))


def conll(gold: Clusters, system: Clusters) -> dict:
    scores = {"muc": muc(gold, system), "b3": b_cubed(gold, system), "ceafe": ceaf_e(gold, system)}
    out = {name: {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)} for name, (p, r, f) in scores.items()}
    out["conll_f1"] = round(sum(f for _, _, f in scores.values()) / 3, 4)
    return out
