"""Calendar words and absolute date patterns shared by the source readers (bylines,
datelines) and the times stage. Pure functions, no spaCy: a reader can find a page's
publication date without loading a model.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    1,
):
    for _name in _names:
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}

_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_TIME_RE = (
    r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*)?)?"
)

# "November 20, 2024", "Nov. 20 2024", "Sunday December 22, 2024"
_MDY = re.compile(
    r"^\s*" + _WEEKDAY_RE + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME_RE,
    re.IGNORECASE,
)
# "20 November 2024", "Wed 20 Nov 2024"
_DMY = re.compile(
    r"^\s*"
    + _WEEKDAY_RE
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH_RE
    + r",?\s+(?P<year>\d{4})"
    + _TIME_RE,
    re.IGNORECASE,
)
# "2024-11-20", "2024-11-20T08:00:00Z"
_ISO = re.compile(
    r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# An optional "Published", "Updated", "Posted" label before the date.
_LABEL = re.compile(r"^\s*(?:published|updated|posted|last updated|first published)(?:\s+on)?\s*:?\s*", re.I)


def _build(year: str, month: str, day: str) -> dt.date | None:
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if month_number is None:
        return None
    try:
        return dt.date(int(year), month_number, int(day))
    except ValueError:
        return None


def parse_date_prefix(text: str) -> tuple[dt.date, int] | None:
    """A full date at the start of `text` and the length it takes, or None."""
    text = _LABEL.sub("", text, count=1) if _LABEL.match(text) else text
    for pattern in (_MDY, _DMY, _ISO):
        m = pattern.match(text)
        if m:
            found = _build(m.group("year"), m.group("month"), m.group("day"))
            if found is not None:
                return found, m.end()
    return None


def parse_date_line(line: str) -> dt.date | None:
    """The date when the whole line is a date (a byline date or a page-capture line)."""
    stripped = line.strip().strip("|").strip()
    if not stripped or len(stripped) > 60:
        return None
    found = parse_date_prefix(_LABEL.sub("", stripped, count=1))
    if found is None:
        return None
    date, length = found
    rest = _LABEL.sub("", stripped, count=1)[length:].strip(" ,|-")
    return date if not rest else None


def parse_iso_date(value: object) -> dt.date | None:
    """A date from metadata: ISO strings (date or datetime), dates, datetimes; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = parse_date_prefix(value.strip())
        return found[0] if found else None
    return None
