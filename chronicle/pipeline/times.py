"""The ``times`` stage: time expressions found by spaCy, with a TIMEX3 value where it is certain.

This first version types every DATE/TIME span and normalizes only what needs no anchor:
complete dates ("January 2, 2022", "2 Jan 2022", "2022-01-02"), months of a stated year
("January 2022"), years ("2021") and counted durations ("two days" -> P2D). Relative expressions
("on Thursday", "January 2 last year") keep ``value: null`` until the anchoring time stage
(issue 3) replaces this one; a null is honest, a guess from the publication date is not.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from chronicle.contract import Time
from chronicle.pipeline.base import Reading, Stage, register
from chronicle.values import numbers

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_ABSOLUTE = [
    re.compile(rf"^(?:on )?(?:\w+day,? )?{_MONTH} {_DAY},? {_YEAR}$", re.I),
    re.compile(rf"^(?:on )?(?:\w+day,? )?(?:the )?{_DAY} (?:of )?{_MONTH},? {_YEAR}$", re.I),
    re.compile(rf"^{_YEAR}-(?P<month>[01]\d)-{_DAY}$"),
    re.compile(rf"^(?:in )?(?:early |mid-|late )?{_MONTH},? (?:of )?{_YEAR}$", re.I),
    re.compile(rf"^(?:in |the year )?{_YEAR}$", re.I),
]
_DURATION = re.compile(
    r"^(?:for |over |about |nearly |almost |some )?(?:the (?:past|last) )?(?P<n>[\w,.-]+) "
    r"(?P<unit>year|month|week|day|hour|minute|decade)s?(?:-long)?$",
    re.I,
)
_UNIT_CODES = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "DE", "hour": "TH", "minute": "TM"}


@register("times")
class Times(Stage):
    needs = ("doc",)
    gives = ("times",)

    def __call__(self, reading: Reading) -> Reading:
        found = []
        for span in reading.doc.ents:
            if span.label_ not in ("DATE", "TIME"):
                continue
            kind, value = normalize(span.text)
            if kind is None:
                kind = "TIME" if span.label_ == "TIME" else "DATE"
            earliest, latest = bounds(value) if kind == "DATE" else (None, None)
            found.append(
                Time(
                    id=f"t{len(found) + 1}", text=span.text, start=span.start_char, end=span.end_char,
                    type=kind, value=value, earliest=earliest, latest=latest,
                )
            )
        reading.times = found
        return reading


def normalize(text: str) -> tuple[str | None, str | None]:
    """(TIMEX3 type, value) for expressions that need no anchor; (None, None) otherwise."""
    t = " ".join(text.split())
    for pattern in _ABSOLUTE:
        m = pattern.match(t)
        if not m:
            continue
        parts = m.groupdict()
        year = int(parts["year"])
        month = parts.get("month")
        if month is None:
            return "DATE", f"{year:04d}"
        month_n = int(month) if month.isdigit() else _MONTHS[month.lower()]
        if parts.get("day") is None:
            return "DATE", f"{year:04d}-{month_n:02d}"
        day = int(parts["day"])
        try:
            return "DATE", date(year, month_n, day).isoformat()
        except ValueError:
            return None, None
    m = _DURATION.match(t)
    if m:
        n = numbers.parse(m.group("n"))
        if n is not None and n == int(n):
            code = _UNIT_CODES[m.group("unit").lower()]
            if code.startswith("T"):
                return "DURATION", f"PT{int(n)}{code[1]}"
            if code == "DE":
                return "DURATION", f"P{int(n) * 10}Y"
            return "DURATION", f"P{int(n)}{code}"
    return None, None


def bounds(value: str | None) -> tuple[str | None, str | None]:
    """First and last calendar day of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    if not value:
        return None, None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d\d", value):
        y, m = map(int, value.split("-"))
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    return None, None
