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
    encoding = guess_encoding(data)
    if encoding is None:
        raise errors.InputError(source, errors.UNDECODABLE)
    return _checked(data.decode(encoding, errors="replace"), source)


# Encodings web news is actually published in, most common first; charset-normalizer ranks rare
# DOS code pages (cp775, cp850) equal to these on short texts, where they are nearly always wrong.
WEB_ENCODINGS = ("cp1252", "cp1251", "cp1250", "iso8859_2", "koi8_r", "cp1256", "cp1253", "cp1254",
                 "iso8859_15", "latin_1", "mac_roman")
_CP1252_PUNCT = set("“”‘’–—…€•™«»°§©®±·")


def guess_encoding(data: bytes) -> str | None:
    """The legacy encoding of non-UTF-8 bytes: charset-normalizer's lowest-chaos matches, ties
    broken in favour of the encodings web news uses (:data:`WEB_ENCODINGS`)."""
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None

    def rank(m) -> tuple:
        name = m.encoding.lower().replace("-", "_")
        return (round(m.chaos, 2), WEB_ENCODINGS.index(name) if name in WEB_ENCODINGS else len(WEB_ENCODINGS))

    best = min(matches, key=rank)
    latin = best.language not in ("Russian", "Ukrainian", "Bulgarian", "Kazakh", "Serbian", "Greek", "Arabic",
                                  "Farsi", "Hebrew", "Turkish", "Unknown")
    if latin and best.encoding not in ("cp1252", "latin_1") and _clean_cp1252(data):
        return "cp1252"
    return best.encoding


def _clean_cp1252(data: bytes) -> bool:
    try:
        text = data[:200_000].decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(ch.isalpha() or ch in _CP1252_PUNCT for ch in text if ord(ch) > 127)


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
