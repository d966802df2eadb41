"""Time expressions: find them and resolve each against the publication date.

Explicit dates ("November 19, 2024", "19 Nov"), weekdays ("on Tuesday" in an article
published on a Wednesday is the day before), deictic words ("yesterday", "last week"),
"N days ago", and anaphoric ones ("on the same day" takes the last resolved day) get a
value and a precision; durations ("for three days", "1,000 days of conflict") get an
ISO duration and are never event dates. Works on the raw text with regular expressions,
so it needs no parse; the result is a list of `TimeMention`s in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from conflictwire.models import Precision, Span, TimeMention
from conflictwire.timeparse import MONTHS, WEEKDAYS

NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a hundred": 100, "hundred": 100, "a": 1, "an": 1}
)

_M = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<weekday>" + "|".join(sorted((w for w in WEEKDAYS if len(w) > 3), key=len, reverse=True)) + r")"
_NUM = r"(?P<num>\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year|hour|minute|night)s?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Order matters: the first pattern to match at a position wins; longer patterns first.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?:{_WD},?\s+)?{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M},?\s+(?P<year>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b(?:{_WD},?\s+)?{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![\d:])",
            re.I,
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\b(?!,?\s+(?:19|20)\d\d)",
            re.I,
        ),
    ),
    ("my", re.compile(rf"\b(?:(?:early|mid|late)-?\s*)?{_M},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("ago", re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.I)),
    (
        "duration",
        re.compile(
            rf"\b(?:(?:for|over|after|within|in|of)\s+(?:the\s+(?:past|last|next)\s+)?|(?:the\s+)?(?:past|last|next)\s+)?{_NUM}(?:-|\s+)(?:full\s+)?{_UNIT}(?!\s+ago)(?:-long)?\b",
            re.I,
        ),
    ),
    (
        "anaphor",
        re.compile(
            r"\b(?:on\s+)?(?:the\s+)?(?P<which>same day|same night|same morning|following day|next day|day before|previous day|following night|next morning|following morning)\b",
            re.I,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<word>(?:earlier|later)\s+(?:this|that)\s+(?:week|month|year)|last\s+(?:night|week|month|year|weekend)|this\s+(?:week|month|year|morning|afternoon|evening|weekend)|next\s+(?:week|month|year)|yesterday|today|tonight|tomorrow|overnight)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>on|last|this|next|early|late|from|since|by|until)\s+)?(?:(?:early|late)\s+)?{_WD}{_PART}\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?P<prep>in|since|until|by|last|this|early|late|mid|from|of)\s+(?:(?:early|mid|late)-?\s*)?(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?P<prep>in|since|until|by|of|from|during|early|late|mid|before|after)\s+(?:(?:early|mid|late)-?\s*)?(?P<year>(?:19|20)\d\d)\b(?![-/]\d)",
            re.I,
        ),
    ),
]


def _number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _past_day(month: int, day: int, anchor: dt.date | None) -> dt.date | None:
    """Month and day without a year: the closest such date not far after the anchor."""
    if anchor is None:
        return None
    for year in (anchor.year, anchor.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= anchor + dt.timedelta(days=7):
            return candidate
    return None


def _weekday(name: str, mod: str | None, anchor: dt.date | None) -> dt.date | None:
    """'on Tuesday' in news means the last Tuesday on or before publication; 'next' the coming one."""
    if anchor is None:
        return None
    target = WEEKDAYS[name.lower()]
    delta = (anchor.weekday() - target) % 7
    if mod and mod.lower() in {"next", "until", "by"}:
        ahead = (target - anchor.weekday()) % 7 or 7
        return anchor + dt.timedelta(days=ahead)
    if mod and mod.lower() == "last" and delta == 0:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _deictic(word: str, anchor: dt.date | None) -> tuple[str | None, str, str]:
    """(value, type, precision) of a deictic expression."""
    w = " ".join(word.lower().split())
    if anchor is None:
        return None, "DATE", Precision.DAY.value
    if w in {"today", "tonight", "this morning", "this afternoon", "this evening", "overnight"}:
        return anchor.isoformat(), "DATE" if w == "today" else "TIME", Precision.DAY.value
    if w in {"yesterday", "last night"}:
        return (
            (anchor - dt.timedelta(days=1)).isoformat(),
            "DATE" if w == "yesterday" else "TIME",
            Precision.DAY.value,
        )
    if w == "tomorrow":
        return (anchor + dt.timedelta(days=1)).isoformat(), "DATE", Precision.DAY.value
    if w.endswith("week") or w.endswith("weekend"):
        shift = -7 if w.startswith("last") else 7 if w.startswith("next") else 0
        return _iso_week(anchor + dt.timedelta(days=shift)), "DATE", Precision.WEEK.value
    if w.endswith("month"):
        month, year = anchor.month, anchor.year
        if w.startswith("last"):
            month, year = (12, year - 1) if month == 1 else (month - 1, year)
        elif w.startswith("next"):
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return f"{year}-{month:02d}", "DATE", Precision.MONTH.value
    if w.endswith("year"):
        year = (
            anchor.year - 1
            if w.startswith("last")
            else anchor.year + 1
            if w.startswith("next")
            else anchor.year
        )
        return str(year), "DATE", Precision.YEAR.value
    return None, "DATE", Precision.DAY.value


_ANAPHOR_SHIFT = {
    "same day": 0,
    "same night": 0,
    "same morning": 0,
    "following day": 1,
    "next day": 1,
    "following night": 1,
    "next morning": 1,
    "following morning": 1,
    "day before": -1,
    "previous day": -1,
}
_UNIT_CODE = {"day": "D", "night": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "M"}


def find_times(
    text: str, published: dt.date | None, *, skip: Callable[[int], bool] | None = None
) -> list[TimeMention]:
    """Time expressions of `text`, resolved against `published`, in text order.

    `skip(offset)` may veto a match start (page furniture, for example)."""
    taken: list[Span] = []
    found: list[tuple[Span, str, re.Match[str]]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            span = Span(m.start(), m.end())
            if any(span.overlaps(t) for t in taken) or (skip is not None and skip(m.start())):
                continue
            taken.append(span)
            found.append((span, kind, m))
    found.sort(key=lambda item: item[0].start)

    out: list[TimeMention] = []
    last_day: dt.date | None = None
    for span, kind, m in found:
        value: str | None = None
        type_ = "DATE"
        precision = Precision.DAY.value
        day: dt.date | None = None
        if kind in {"iso", "mdy", "dmy"}:
            month = int(m.group("mnum")) if kind == "iso" else _month(m.group("month"))
            try:
                day = dt.date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
        elif kind in {"md", "dm"}:
            if not 1 <= int(m.group("day")) <= 31:
                continue
            day = _past_day(_month(m.group("month")), int(m.group("day")), published)
            if m.group("month") == "may":
                continue  # lower-case "may" after a number is the verb ("5 may"), not the month
        elif kind == "my":
            value, precision = f"{m.group('year')}-{_month(m.group('month')):02d}", Precision.MONTH.value
        elif kind == "weekday":
            day = _weekday(m.group("weekday"), m.group("mod"), published)
        elif kind == "ago":
            n = _number(m.group("num"))
            unit = m.group("unit").lower()
            if n is not None and published is not None and unit in {"day", "week", "night"}:
                day = published - dt.timedelta(days=n * (7 if unit == "week" else 1))
            elif n is not None and published is not None:
                value = str(published.year - n) if unit == "year" else None
                precision = Precision.YEAR.value if unit == "year" else Precision.MONTH.value
        elif kind == "duration":
            n = _number(m.group("num"))
            unit = m.group("unit").lower()
            type_ = "DURATION"
            precision = ""
            if n is not None:
                value = (
                    f"PT{n}{_UNIT_CODE[unit]}" if unit in {"hour", "minute"} else f"P{n}{_UNIT_CODE[unit]}"
                )
        elif kind == "anaphor":
            shift = _ANAPHOR_SHIFT[" ".join(m.group("which").lower().split())]
            day = last_day + dt.timedelta(days=shift) if last_day is not None else None
        elif kind == "deictic":
            value, type_, precision = _deictic(m.group("word"), published)
            if precision == Precision.DAY.value and value is not None:
                last_day = dt.date.fromisoformat(value)
        elif kind == "month":
            if published is None:
                continue
            month = _month(m.group("month"))
            year = published.year if month <= published.month else published.year - 1
            if m.group("prep").lower() == "may":
                continue
            value, precision = f"{year}-{month:02d}", Precision.MONTH.value
        elif kind == "year":
            value, precision = m.group("year"), Precision.YEAR.value
        if day is not None:
            value = day.isoformat()
            last_day = day
        out.append(TimeMention(span=span, value=value, type=type_, precision=precision or None))
    return out
