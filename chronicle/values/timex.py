"""TimeML TIMEX3 values: parse them, build them, move them on the calendar, bound them in days.

A TIMEX3 value is a string whose shape carries its granularity (TimeML 1.2.1, ISO 8601 based):

============  =====================  ===========================================
granularity   example                meaning
============  =====================  ===========================================
century       ``19``                 1900-1999 (the 20th century)
decade        ``199``                the 1990s
year          ``2022``
half          ``2022-H1``
quarter       ``2022-Q1``
season        ``2022-SU``            SP, SU, FA, WI (winter 2022 = Dec 2021-Feb 2022)
month         ``2022-01``
week          ``2023-W11``           ISO week; ``2023-W11-WE`` its weekend
day           ``2022-01-02``
time          ``2022-01-02T15:00``   or a part of day: ``2022-01-02TMO`` (MO AF EV NI)
duration      ``P2D`` ``PT3H`` ``PXM``  X = an unstated number
reference     ``PRESENT_REF`` ``PAST_REF`` ``FUTURE_REF``
============  =====================  ===========================================

Unknown parts are written ``X`` (``XXXX-01-02``: a 2 January in an unknown year); such values have
no calendar bounds. :func:`bounds` turns a value into the first and last calendar day it covers,
which is what the contract's ``earliest``/``latest`` hold.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
SEASONS = ("SP", "SU", "FA", "WI")
PARTS_OF_DAY = ("MO", "AF", "EV", "NI", "DT")
# Duration unit codes: the calendar unit words map to these in chronicle/data/time_grammar.toml.
DATE_UNITS = ("Y", "M", "W", "D", "Q", "DE", "CE", "H", "WE")
TIME_UNITS = ("H", "M", "S")

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)T(?:(\d\d)(?::(\d\d))?|MO|AF|EV|NI|DT)$")


@dataclass(frozen=True)
class Dct:
    """What is known of the document creation time: a whole date, or only its year (inferred)."""

    year: int | None = None
    day: date | None = None

    @classmethod
    def of(cls, value: date | str | None) -> "Dct":
        if value is None:
            return cls()
        if isinstance(value, date):
            return cls(value.year, value)
        if _DAY.match(value):
            d = date.fromisoformat(value)
            return cls(d.year, d)
        if _YEAR.match(value):
            return cls(int(value), None)
        return cls()

    @property
    def known(self) -> bool:
        return self.year is not None


# ---------------------------------------------------------------- building values

def day(d: date) -> str:
    return d.isoformat()


def month(year: int | None, m: int) -> str:
    return f"{_y(year)}-{m:02d}"


def week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def at(d: date, unit: str) -> str:
    """The value of the ``unit``-sized calendar period (Y, M, W, D, Q, H, DE, CE, WE) holding ``d``."""
    if unit == "Y":
        return f"{d.year:04d}"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "W":
        return week(d)
    if unit == "WE":
        return week(d) + "-WE"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (Y, M, W, D, Q, H, DE, CE, WE)."""
    if unit == "Y":
        return d + relativedelta(years=n)
    if unit == "M":
        return d + relativedelta(months=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    if unit == "Q":
        return d + relativedelta(months=3 * n)
    if unit == "H":
        return d + relativedelta(months=6 * n)
    if unit == "DE":
        return d + relativedelta(years=10 * n)
    if unit == "CE":
        return d + relativedelta(years=100 * n)
    return d + timedelta(days=n)


def start(value: str) -> date | None:
    """The first day of a calendar value (the anchor that relative arithmetic moves)."""
    b = bounds(value)[0]
    return date.fromisoformat(b) if b else None


def duration(n: float | None, unit: str) -> str:
    """``P2D``, ``PT3H``, ``P2.5Y``, ``PXM`` (n None: an unstated number). Decades count in years."""
    if unit == "DE":
        unit, n = "Y", None if n is None else n * 10
    elif unit == "CE":
        unit, n = "Y", None if n is None else n * 100
    elif unit == "FN":  # fortnight
        unit, n = "W", None if n is None else n * 2
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    if unit in ("TH", "TM", "TS"):
        return f"PT{amount}{unit[1]}"
    return f"P{amount}{unit}"


def weekday_on(dct: date, weekday: int, direction: int) -> date:
    """The ISO ``weekday`` (1 = Monday) nearest ``dct``: -1 on or before, +1 on or after, 0 nearest."""
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if direction < 0:
        return dct - timedelta(days=back)
    if direction > 0:
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back) if back <= ahead else dct + timedelta(days=ahead)


def year_of(dct: date, m: int, d: int | None, direction: int) -> int:
    """The year of month ``m`` (day ``d``) nearest ``dct``: -1 not after it, +1 not before it, 0 nearest."""
    if direction:
        here = (dct.month, dct.day) if d is not None else (dct.month,)
        there = (m, d) if d is not None else (m,)
        if direction < 0:
            return dct.year if there <= here else dct.year - 1
        return dct.year if there >= here else dct.year + 1
    best, best_gap = dct.year, None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        when = date(y, m, min(d or 15, calendar.monthrange(y, m)[1]))
        gap = abs((when - dct).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def season_year(dct: date, season: str, direction: int) -> int:
    """The year of the season nearest ``dct`` in the given direction (-1 the last one begun, +1 next)."""
    candidates = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        first, last = bounds(f"{y}-{season}")
        candidates.append((y, date.fromisoformat(first), date.fromisoformat(last)))
    if direction < 0:  # the most recent one that has begun
        return max(y for y, a, _ in candidates if a <= dct)
    if direction > 0:
        return min(y for y, _, b in candidates if b >= dct)
    for y, a, b in candidates:
        if a <= dct <= b:
            return y
    return min(candidates, key=lambda c: min(abs((c[1] - dct).days), abs((c[2] - dct).days)))[0]


# ---------------------------------------------------------------- reading values

def granularity(value: str | None) -> str | None:
    """Y, M, W, D, T, Q, H, SE (season), DE, CE, P (duration), REF; None for anything else."""
    if not value:
        return None
    for pattern, name in ((_DAY, "D"), (_MONTH, "M"), (_YEAR, "Y"), (_WEEK, "W"), (_QUARTER, "Q"),
                          (_HALF, "H"), (_SEASON, "SE"), (_DECADE, "DE"), (_CENTURY, "CE"), (_TIME, "T")):
        if pattern.match(value):
            return name
    if value.startswith("P"):
        return "P"
    if value in REFS:
        return "REF"
    return None


def is_underspecified(value: str | None) -> bool:
    return bool(value) and "X" in value and not value.startswith("P")


def bounds(value: str | None, mod: str | None = None, dct: date | None = None) -> tuple[str | None, str | None]:
    """First and last calendar day (ISO, inclusive) a value covers; (None, None) when unknown.

    ``mod`` narrows a period: START = its first third, MID = the middle third, END = the last third
    ("early December" is 1-10 December). ``dct`` gives the reference values their day:
    PRESENT_REF is the DCT, PAST_REF ends the day before it, FUTURE_REF begins the day after.
    Durations and sets have no calendar bounds.
    """
    first, last = _bounds(value, dct)
    if first is None or mod not in ("START", "MID", "END"):
        return (first.isoformat() if first else None), (last.isoformat() if last else None)
    span = (last - first).days + 1
    third = span // 3
    if span >= 3:
        if mod == "START":
            last = first + timedelta(days=third - 1)
        elif mod == "MID":
            first, last = first + timedelta(days=third), last - timedelta(days=third)
        else:
            first = last - timedelta(days=third - 1)
    return first.isoformat(), last.isoformat()


def _bounds(value: str | None, dct: date | None) -> tuple[date | None, date | None]:
    if not value:
        return None, None
    if value in REFS:
        if dct is None:
            return None, None
        if value == "PRESENT_REF":
            return dct, dct
        if value == "PAST_REF":
            return None, dct - timedelta(days=1)
        return dct + timedelta(days=1), None
    m = _TIME.match(value)
    if m:
        value = m.group(1)
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        if m := _HALF.match(value):
            y, h = int(m[1]), int(m[2])
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        if m := _SEASON.match(value):
            y, s = int(m[1]), m[2]
            if s == "WI":
                return date(y - 1, 12, 1), date(y, 2, calendar.monthrange(y, 2)[1])
            first_month = {"SP": 3, "SU": 6, "FA": 9}[s]
            return date(y, first_month, 1), date(y, first_month + 2, calendar.monthrange(y, first_month + 2)[1])
        if m := _DECADE.match(value):
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
        if m := _CENTURY.match(value):
            return date(int(m[1]) * 100, 1, 1), date(int(m[1]) * 100 + 99, 12, 31)
    except ValueError:  # 30 February, week 54...
        return None, None
    return None, None


def valid(value: str) -> bool:
    """A calendar value that names a real period (no 30 February)."""
    return _bounds(value, None)[0] is not None


def _y(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"
