"""Words and values for the times stage: numbers written out, calendar units, parts of the
day, seasons, holidays, and the TimeML (TIMEX3) value formats built from them.

Pure functions and constants, no spaCy; `times.py` builds its patterns from these.
"""

from __future__ import annotations

import datetime as dt
import re

from conflictwire.timeparse import MONTHS, WEEKDAYS

ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}  # fmt: skip
SMALL = {w: i for i, w in enumerate(ONES)}
_ORDINAL_WORDS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
)  # fmt: skip
ORDINALS = {w: i for i, w in enumerate(_ORDINAL_WORDS)}
ORDINALS.update({"thirtieth": 30, "twenty-first": 21, "thirty-first": 31})
VAGUE = {"a few", "few", "several", "some", "many", "a number of", "numerous", "a couple", "couple"}
"""Words that stand for a number without giving it: TimeML writes X ("a few days" is PXD)."""

_ONES_RE = "|".join(sorted(ONES[1:], key=len, reverse=True))
_TENS_RE = "|".join(TENS)
WORD_NUMBER = rf"(?:(?:{_TENS_RE})(?:[-\s](?:{'|'.join(ONES[1:10])}))?|{_ONES_RE}|a\s+hundred|a\s+thousand)"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
NUMBER = (
    rf"(?:{DIGITS}(?:\s+1/2|\s*½)?|{WORD_NUMBER}(?:\s+and\s+a\s+half)?|an?(?=[-\s]+(?:half\b|\w+\s+and\s+a\s+half))?"
    r"|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|few|several|some|(?<!\bas\s)many|a\s+number\s+of|numerous)"
)
"""A count before a unit: "three", "24", "1,000", "5 1/2", "two and a half", "a", "a few"."""

UNIT_CODES: dict[str, tuple[str, float]] = {
    "second": ("S", 1), "minute": ("MIN", 1), "hour": ("H", 1), "day": ("D", 1), "night": ("D", 1),
    "week": ("W", 1), "fortnight": ("W", 2), "month": ("M", 1), "quarter": ("Q", 1), "year": ("Y", 1),
    "decade": ("Y", 10), "century": ("Y", 100), "centurie": ("Y", 100), "millennium": ("Y", 1000),
    "millennia": ("Y", 1000),
}  # fmt: skip
"""Unit word (singular, or the stem a plural leaves) -> (TIMEX3 code, multiple)."""
UNIT = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries|millennium|millennia)"
)
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SETS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "annual": "P1Y",
}  # fmt: skip


def unit_of(word: str) -> tuple[str, float]:
    w = word.lower()
    if w in UNIT_CODES:
        return UNIT_CODES[w]
    return UNIT_CODES[w[:-1] if w.endswith("s") else w]


def word_number(text: str) -> float | None:
    """Value of a written count: "24", "1,000", "twenty-four", "5 1/2", "two and a half", "a".

    None when the words give no number ("a few", "several")."""
    t = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    for suffix in (" and a half", " 1/2", "½"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)].strip(), 0.5
    if t in {"a couple", "a couple of", "couple", "couple of"}:
        return 2 + half
    if t in VAGUE or t == "a number of":
        return None
    if t in {"a", "an", "one", ""}:
        return 1 + half if t else half
    if re.fullmatch(DIGITS, t):
        return float(t.replace(",", "")) + half
    if t in {"a hundred", "hundred"}:
        return 100 + half
    if t in {"a thousand", "thousand"}:
        return 1000 + half
    parts = t.split()
    total = 0
    for p in parts:
        if p in TENS:
            total += TENS[p]
        elif p in SMALL:
            total += SMALL[p]
        else:
            return None
    return total + half


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: (3, 'days') -> P3D, (24, 'hours') -> PT24H, (2.5, 'years') -> P2Y6M,
    (None, 'weeks') -> PXW."""
    code, mult = unit_of(unit)
    vague_code = {"Y": "Y", "MIN": "M"}.get(code, code)
    if mult == 10:
        vague_code = "E"
    elif mult == 100:
        vague_code = "C"
    elif mult == 1000:
        vague_code = "L"
    time_unit = code in {"H", "MIN", "S"}
    if n is None:
        return ("PTX" if time_unit else "PX") + vague_code
    n = n * mult
    letter = "M" if code == "MIN" else code
    whole, frac = int(n), n - int(n)
    if frac == 0:
        return ("PT" if time_unit else "P") + f"{whole}{letter}"
    smaller = {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False), "D": (24, "H", True),
               "H": (60, "M", True), "MIN": (60, "S", True), "Q": (3, "M", False)}.get(code)  # fmt: skip
    if smaller is None:
        return ("PT" if time_unit else "P") + f"{_fmt(n)}{letter}"
    per, sub, sub_is_time = smaller
    rest = round(frac * per)
    head = f"{whole}{letter}" if whole else ""
    if time_unit:
        return f"PT{head}{rest}{sub}"
    if sub_is_time:
        return f"P{head}T{rest}{sub}"
    if code == "W":
        return f"P{whole * 7 + rest}D"
    return f"P{head}{rest}{sub}"


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """'Tuesday', "Tuesday's", 'Tuesdays', 'Tue.' -> 1."""
    w = word.lower().rstrip(".").removesuffix("'s")
    return WEEKDAYS[w] if w in WEEKDAYS else WEEKDAYS[w.removesuffix("s")]


def spelled_year(text: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand' -> 2000, 'two thousand and one' -> 2001."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t.startswith(("nineteen ", "eighteen ")):
        head, rest = t.split(" ", 1)
        low = word_number(rest)
        return None if low is None or low >= 100 else SMALL[head] * 100 + int(low)
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].strip().removeprefix("and ").strip()
        low = word_number(rest) if rest else 0
        return None if low is None or low >= 100 else 2000 + int(low)
    return None


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holiday(name: str, year: int) -> dt.date | None:
    n = " ".join(name.lower().replace("'", "").split())
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new years day": (1, 1), "new years eve": (12, 31), "independence day": (7, 4),
             "halloween": (10, 31), "valentines day": (2, 14), "veterans day": (11, 11)}  # fmt: skip
    if n in fixed:
        return dt.date(year, *fixed[n])
    if n in {"thanksgiving", "thanksgiving day"}:
        return nth_weekday(year, 11, 3, 4)
    if n == "election day":
        return nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    if n in {"easter", "easter sunday"}:
        return easter(year)
    if n == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if n == "memorial day":
        return nth_weekday(year, 6, 0, 1) - dt.timedelta(days=7)
    return None


HOLIDAYS = (
    r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year'?s\s+(?:Day|Eve)|Independence\s+Day|Halloween|"
    r"Valentine'?s\s+Day|Veterans\s+Day|Thanksgiving(?:\s+Day)?|Election\s+Day|Easter(?:\s+Sunday)?|"
    r"Labor\s+Day|Memorial\s+Day)"
)
