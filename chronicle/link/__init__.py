"""Cross-document linking: what many articles say together that no single one says.

Each module answers one question over stored documents, with its thresholds as data in
``chronicle/data/linking.toml``: ``dedup`` (is this article a copy of one already stored?),
``entities`` (which names across articles are one actor?), ``events`` (which events across
articles are one event?), ``claims`` (which figures are about the same thing, and do they agree?).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def settings() -> dict:
    """The thresholds of ``chronicle/data/linking.toml``."""
    return tomllib.loads(resources.files("chronicle.data").joinpath("linking.toml").read_text("utf-8"))
