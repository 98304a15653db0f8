"""Numbers as news writes them: "3,000", "2.5 million", "two", "twenty-six", "dozens"."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
# Vague counts: the value is the least the word says; callers mark them approximate.
VAGUE = {"dozen": 12, "dozens": 24, "several": 3, "scores": 40, "hundreds": 200, "thousands": 2000,
         "tens": 20, "millions": 2_000_000, "few": 2, "couple": 2}
_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse(text: str) -> float | None:
    """The value of a number written in digits, words or both; None if it is not one."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        elif w in VAGUE:
            current = (current or 1) * VAGUE[w] if w.startswith(("dozen", "hundred", "thousand", "million")) else VAGUE[w]
        else:
            return None
        seen = True
    return total + current if seen else None
