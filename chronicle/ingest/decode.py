"""Bytes to text: UTF-8 first, then legacy encodings found by charset-normalizer; refuse binaries.

Scraped archives hold cp1251 (Cyrillic news), latin-1 and cp1252 files beside UTF-8 ones, and
sometimes a PDF or an image under a ``.txt`` name. We decode the first kind and refuse the second
with a clear reason rather than feed mojibake or garbage to the reader.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from chronicle import errors

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` as text or raise :class:`errors.InputError` naming ``source``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), source)
    if _is_binary(data):
        raise errors.InputError(source, errors.BINARY)
    try:
        return _checked(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise errors.InputError(source, errors.UNDECODABLE)
    return _checked(data.decode(best.encoding, errors="replace"), source)


def _is_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control bytes in the head mean a binary file (as git and grep judge)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _checked(text: str, source: str) -> str:
    """Refuse text that decodes but is mostly unprintable (a binary in a legacy code page)."""
    sample = text[:20_000]
    if not sample.strip():
        raise errors.InputError(source, errors.EMPTY)
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    if bad > len(sample) * 0.02:
        raise errors.InputError(source, errors.BINARY)
    return text
