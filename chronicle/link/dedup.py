"""Exact and near-duplicate articles: syndicated wire copies are linked, not read twice.

A wire story reaches a corpus many times, under other headlines and with other boilerplate around
the same paragraphs. Reading each copy would count one source as several (corroboration) and cost
a full NLP pass. Before an article is read we fingerprint its body: a hash of its normalised words
(exact copies) and a MinHash signature of its word 5-gram shingles (datasketch), whose Jaccard
estimate finds near copies. Candidates come from LSH bands stored in the store (blocking): a new
article is compared only with the stored ones sharing a band, never with the whole corpus.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from chronicle.link import settings

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Fingerprint:
    """What dedup knows of one body: exact hash, MinHash signature and its band keys."""

    body_hash: str
    signature: list[int]
    bands: list[str]

    def similarity(self, other_signature: list[int]) -> float:
        """Estimated Jaccard similarity of the two bodies' shingle sets."""
        a, b = np.asarray(self.signature, dtype=np.uint64), np.asarray(other_signature, dtype=np.uint64)
        return float(np.count_nonzero(a == b)) / len(a) if len(a) == len(b) and len(a) else 0.0


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def shingles(text: str, size: int | None = None) -> set[str]:
    """Word n-grams of the text (the whole text as one shingle when it is shorter)."""
    size = size or settings()["dedup"]["shingle"]
    ws = words(text)
    if len(ws) <= size:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i:i + size]) for i in range(len(ws) - size + 1)}


def fingerprint(text: str) -> Fingerprint:
    from datasketch import MinHash  # imported on first use: importing the store costs nothing

    conf = settings()["dedup"]
    m = MinHash(num_perm=conf["num_perm"], seed=conf["seed"])
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    signature = [int(v) for v in m.hashvalues]
    rows = conf["num_perm"] // conf["bands"]
    bands = [
        f"{i}:" + hashlib.sha1(np.asarray(signature[i * rows:(i + 1) * rows], dtype=np.uint64).tobytes()).hexdigest()[:16]
        for i in range(conf["bands"])
    ]
    return Fingerprint(hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest(), signature, bands)


def is_near_duplicate(similarity: float) -> bool:
    return similarity >= settings()["dedup"]["threshold"]


def jaccard(a: str, b: str) -> float:
    """Exact shingle Jaccard of two texts (tests and evaluation check the estimate against it)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0
