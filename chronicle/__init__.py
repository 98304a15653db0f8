"""chronicle: news articles in, an evidence-linked chronology out.

The library is the product; the CLI (``chronicle.cli``) is a thin shell over it::

    import chronicle
    result = chronicle.extract("article.txt", published="2023-03-17")
    print(result.entities[0].name)
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from chronicle.config import Settings
from chronicle.contract import DocumentResult
from chronicle.errors import ChronicleError, InputError

__version__ = "0.1.0"
__all__ = ["extract", "extract_text", "get_pipeline", "Settings", "DocumentResult", "ChronicleError", "InputError"]


@lru_cache(maxsize=4)
def get_pipeline(settings: Settings | None = None):
    """The pipeline for ``settings`` (built once: loading the spaCy model takes a second)."""
    from chronicle.pipeline import Pipeline

    return Pipeline(settings)


def extract(path: str | Path, published: str | date | None = None, settings: Settings | None = None) -> DocumentResult:
    """Read one article file (plain text or HTML) into the contract's shape."""
    from chronicle.ingest import load_path

    return get_pipeline(settings).read(load_path(path), parse_date(published))


def extract_text(text: str, source: str = "<text>", published: str | date | None = None,
                 settings: Settings | None = None) -> DocumentResult:
    """Read an article given as a string (plain text, or HTML when it looks like a page)."""
    from chronicle.ingest import load_bytes

    return get_pipeline(settings).read(load_bytes(text.encode("utf-8"), source), parse_date(published))


def parse_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ChronicleError(None, f"'{value}' is not a date in the form YYYY-MM-DD") from None
