"""Numbers as news writes them: "3,000", "2.5 million", "two", "twenty-six", "dozens", "tens of
thousands"; the hedges that make a figure approximate ("about", "more than", "at least"); the
currency signs that give a unit.

A vague count stands for the least it says: "dozens" is 24 (at least two dozen), "thousands"
2,000, "tens of thousands" 20,000; callers mark such figures approximate (:func:`is_vague`).
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
           "dozen": 12}
# Plural scales: alone they mean at least two of the scale ("thousands" = 2,000); after a count
# they multiply it ("tens of thousands" = 20 x 1,000).
_PLURAL_SCALES = {"dozens": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1_000,
                  "millions": 1_000_000, "billions": 1_000_000_000}
# Counts that only make a number before a scale: "a dozen", "several hundred", "a few thousand".
_ARTICLES = {"a": 1, "an": 1, "several": 3, "few": 2, "couple": 2}
# Vague words: a figure holding one is approximate.
VAGUE = frozenset(_PLURAL_SCALES) | {"several", "few", "couple"}
_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_FILLERS = {"and", "of"}

# Words before a figure that make it approximate or a bound, longest first when matched
# ("more than 200 people", "nearly 10,000", "an estimated 3,000", "at least 40").
HEDGES: tuple[tuple[str, ...], ...] = tuple(sorted((tuple(h.split()) for h in (
    "about", "around", "approximately", "approx.", "nearly", "almost", "some", "roughly", "over",
    "under", "below", "above", "more than", "less than", "fewer than", "at least", "at most",
    "up to", "as many as", "as much as", "as few as", "close to", "upwards of", "in excess of",
    "an estimated", "estimated", "just over", "just under", "well over", "well above", "nearly all",
    "no fewer than", "no less than", "no more than", "not more than", "some estimated", "circa",
)), key=len, reverse=True))

# Money signs and the unit they give.
CURRENCIES = {"$": "dollar", "US$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₽": "rouble", "₸": "tenge"}


def word_value(word: str) -> float | None:
    """The value of one number word or digit group alone, None if it is not one."""
    w = word.lower()
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    for table in (_UNITS, _TENS, _SCALES):
        if w in table:
            return float(table[w])
    if w in _PLURAL_SCALES:
        return float(2 * _PLURAL_SCALES[w])
    return None


def joins(left: str, sep: str, right: str) -> bool:
    """Whether ``left sep right`` continues one number: "twenty-six", "hundred and fifty",
    "tens of thousands" (but not "two of three", "3,000-4,000")."""
    left, sep, right = left.lower(), sep.lower(), right.lower()
    if sep == "-":
        return left in _TENS and right in _UNITS
    if sep == "and":
        return left in _SCALES and (right in _UNITS or right in _TENS)
    if sep == "of":
        return left in _PLURAL_SCALES and (right in _PLURAL_SCALES or right in _SCALES)
    return False


def starts_number(word: str, following: str | None) -> bool:
    """Whether a figure can begin with ``word``: a number word, or "a"/"several" before a scale."""
    w = word.lower()
    if w in _ARTICLES:
        return following is not None and (following.lower() in _SCALES or following.lower() in _PLURAL_SCALES)
    return word_value(w) is not None


def is_scale(word: str) -> bool:
    """ "million", "thousands", "dozens": a word that can count a noun after "of"."""
    return word.lower() in _PLURAL_SCALES or word.lower() in _SCALES


def is_vague(words: list[str]) -> bool:
    return any(w.lower() in VAGUE for w in words)


def parse(text: str) -> float | None:
    """The value of a number written in digits, words or both; None if it is not one."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w]
    while words and words[-1] in _FILLERS:
        words.pop()
    if not words or words[0] in _FILLERS:
        return None
    total, current, seen = 0.0, 0.0, False
    for i, w in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if w in _FILLERS:
            continue
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _ARTICLES:
            nxt = next((x for x in words[i + 1:] if x not in _FILLERS and x not in _ARTICLES), None)
            if nxt not in _SCALES and nxt not in _PLURAL_SCALES:
                return None  # "a" or "several" alone is not a number
            current += _ARTICLES[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        elif w in _PLURAL_SCALES:
            scale = _PLURAL_SCALES[w]
            current = current * scale if current else 2 * scale
            if following is None and scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def hedge_before(words: list[str]) -> int:
    """How many of the last ``words`` (lower case, in order) form a hedge; 0 when none."""
    for hedge in HEDGES:
        n = len(hedge)
        if n <= len(words) and tuple(words[-n:]) == hedge:
            return n
    return 0
