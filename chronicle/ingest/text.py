"""Plain text as scrapers deliver it: a headline on the first line, maybe a dateline, then the body."""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as dateparser

from chronicle import errors

_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?updated|first\s+published|published|posted|date|dateline)\s*(?:on|at)?\s*[:\-–]?\s*",
    re.I,
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|MSK|ALMT|[+-]\d{2}:?\d{2})?", re.I)
_SEPARATORS = re.compile(r"[·•|,/–—]+")
# Words a dateline may carry besides the date: weekdays and time-zone names.
_DATELINE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "gmt", "utc", "am", "pm", "at", "on", "of",
}
HEADLINE_MAX_CHARS = 220
HEADLINE_MAX_WORDS = 30
DATELINE_SEARCH_LINES = 4


def from_text(text: str, source: str) -> dict:
    """Split scraped text into title, dateline date and body; the body keeps everything else."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = None
    removed: list[tuple[str, str]] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise errors.InputError(source, errors.EMPTY)
    if looks_like_headline(lines, first):
        title = lines[first].strip()
        lines = lines[first + 1 :]
    published = None
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > DATELINE_SEARCH_LINES:
            break
        found = parse_dateline(line)
        if found:
            published = found.isoformat()
            removed.append((line.strip(), "boilerplate"))
            lines[i] = ""
            break
    return {"body": "\n".join(lines), "title": title, "published": published, "removed": removed}


def looks_like_headline(lines: list[str], i: int) -> bool:
    """A first line is a headline when it is short, not a full stop sentence, and stands alone."""
    line = lines[i].strip()
    words = line.split()
    if len(line) > HEADLINE_MAX_CHARS or len(words) > HEADLINE_MAX_WORDS or len(words) < 2:
        return False
    if line.endswith(".") and not line.endswith("..."):
        return False
    following = lines[i + 1] if i + 1 < len(lines) else ""
    return not following.strip() or len(words) <= 15


def parse_dateline(line: str) -> date | None:
    """The date of a line that holds only a date ("Updated: June 6, 2022 11:40 GMT"), else None."""
    s = line.strip()
    if not s or len(s) > 80 or not _YEAR.search(s):
        return None
    s = _LABEL.sub("", s)
    s = _CLOCK.sub(" ", s)
    s = _SEPARATORS.sub(" ", s)
    try:
        when, leftovers = dateparser.parse(s, fuzzy_with_tokens=True, default=None)
    except (ValueError, OverflowError, TypeError):
        return None
    rest = [w for chunk in leftovers for w in re.findall(r"[A-Za-z]+", chunk)]
    if any(w.lower() not in _DATELINE_WORDS for w in rest):
        return None
    return when.date()
