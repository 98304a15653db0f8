"""Ingest: turn a file (or bytes) into a :class:`RawDocument`.

Ingest only decodes and finds the article and its metadata; junk inside the article is the
``clean`` stage's job, so that it applies the same way to every input format.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from chronicle import errors
from chronicle.ingest.decode import decode_bytes
from chronicle.ingest.html import from_html
from chronicle.ingest.text import from_text

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Files holding many articles each (see chronicle/ingest/formats.py).
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".rss", ".atom", ".warc", ".warc.gz")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + CORPUS_SUFFIXES
_GLOB = set("*?[")


@dataclass
class RawDocument:
    """An article as found, before cleaning: body text plus what the source says about it."""

    source: str
    body: str
    format: str = "text"  # "text" or "html"
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date from the page's own metadata or dateline
    removed: list[tuple[str, str]] = field(default_factory=list)  # (text, reason) found by ingest


def load_bytes(data: bytes, source: str, format: str | None = None) -> RawDocument:
    """Read one article from bytes; ``format`` is guessed from the content when not given."""
    if not data.strip():
        raise errors.InputError(source, errors.EMPTY)
    text = decode_bytes(data, source)
    if format is None:
        format = "html" if _looks_like_html(text) else "text"
    if format == "html":
        return RawDocument(source=source, format="html", **from_html(text, source))
    return RawDocument(source=source, format="text", **from_text(text, source))


def load_path(path: str | Path) -> RawDocument:
    """Read one article file (plain text or HTML)."""
    p = Path(path)
    if not p.exists():
        raise errors.InputError(str(path), errors.MISSING)
    if p.is_dir():
        raise errors.InputError(str(path), "is a directory; give its files or use 'chronicle ingest DIR'")
    return load_bytes(read_bytes(p), str(path), format_for(p))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise errors.InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def format_for(path: Path) -> str | None:
    """The format a file's suffix promises; None lets the content decide."""
    suffix = path.suffix.lower()
    return "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | str | errors.InputError]:
    """Expand the user's paths: files as given, directories recursively to their article files,
    globs (``"news/**/*.html"``, quoted so the shell leaves them) to what they match, and URLs
    (``http(s)://...``) as strings.

    A missing path, a glob matching nothing or a directory holding no articles is yielded as an
    :class:`errors.InputError` in its place, so that a caller reports it and goes on.
    """
    for path in paths:
        text = str(path)
        if isinstance(path, str) and text.startswith(("http://", "https://")):
            yield text
            continue
        p = Path(path)
        if not p.exists() and _GLOB & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield errors.InputError(text, "no files match this pattern")
            yield from iter_paths([Path(m) for m in matches])
        elif not p.exists():
            yield errors.InputError(str(path), errors.MISSING)
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(SUFFIXES))
            if not found:
                yield errors.InputError(str(path), errors.NO_ARTICLES.format(suffixes=", ".join(SUFFIXES)))
            yield from found
        else:
            yield p


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
