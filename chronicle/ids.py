"""Ids derived from content (as followthemoney's ``make_id``): the same input gives the same id."""

from __future__ import annotations

import hashlib


def make_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:16]}"
