"""Read the furniture of a page copied as text: which lines are the title, the byline,
the publication date, captions and site chrome, and which are the article body.

Nothing is deleted: the text stays exactly as given, and the result is a set of body
spans plus the metadata the furniture carried. The publication date comes from the
byline block or a dateline, never from a lone date line above the title (that is the
date the page was captured or printed, not published).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from conflictwire.models import Span
from conflictwire.timeparse import MONTHS, parse_date_line

# Site chrome that appears as a line of its own when a page is copied.
CHROME = frozenset(
    {
        "close",
        "menu",
        "share",
        "share this",
        "share this article",
        "skip to content",
        "skip to main content",
        "advertisement",
        "subscribe",
        "sign in",
        "log in",
        "print",
        "email",
        "copy link",
        "read more",
        "related",
        "related articles",
        "listen",
        "listen to this article",
        "follow",
        "comments",
        "search",
        "home",
        "top stories",
    }
)
# Caption credits: "— Reuters/file", "Photo: AFP", "(AP Photo/...)", "Getty Images".
CAPTION = re.compile(
    r"(?:[—–-]\s*[\w .]+/(?:file|handout)\b|\bphoto(?:graph)?\s*:|\(\s*\w+\s+photo\b|\bgetty images\b|"
    r"\bimage\s*(?:credit)?:|\bfile photo\b|^\s*photo\s*(?:by|credit))",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^\s*by\s+(?P<who>[^\n]{2,80})$", re.IGNORECASE)
# "KYIV, Ukraine (AP) — ", "GAZA CITY, Jan 9 (Reuters) - ", "MOSCOW (AFP) -"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,40})(?:,\s*[A-Za-z .]{2,30}?)?"
    r"(?:,\s*(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}))?"
    r"\s*\((?P<agency>[A-Za-z .-]{2,30})\)\s*[—–-]{1,2}\s*"
)
# A title is a line, not a paragraph.
MAX_TITLE_WORDS = 30


@dataclass(frozen=True, slots=True)
class Layout:
    body: tuple[Span, ...]
    title: str | None
    published: dt.date | None
    agency_hint: str | None
    """The byline's name or the dateline's agency, as written; resolved against the knowledge files."""
    author: str | None


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _normal(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split()).lower()


def _is_chrome(line: str) -> bool:
    return _normal(line).strip(" ×x|•·") in CHROME


def analyse(text: str, *, title: str | None = None) -> Layout:
    """Split `text` into body and furniture; see the module docstring."""
    lines = _lines(text)
    furniture: set[int] = set()
    found_title = title
    published: dt.date | None = None
    agency: str | None = None
    author: str | None = None
    capture_dates: set[int] = set()
    byline_at: int | None = None

    nonblank = [i for i, (_, _, raw) in enumerate(lines) if raw.strip()]
    # Duplicated consecutive lines are captions or repeated headings: keep neither as body.
    for a, b in itertools.pairwise(nonblank):
        if _normal(lines[a][2]) == _normal(lines[b][2]):
            furniture.update((a, b))
    for i in nonblank:
        raw = lines[i][2]
        if _is_chrome(raw) or (CAPTION.search(raw) and len(raw.split()) <= 40):
            furniture.add(i)

    # The header: lines before the first paragraph-like line (a sentence that ends in
    # punctuation and is long) hold the title, standfirst, byline and dates.
    header_end = len(lines)
    for i in nonblank:
        raw = lines[i][2].strip()
        if i in furniture:
            continue
        if len(raw.split()) > MAX_TITLE_WORDS or (raw[-1:] in '.!?"”' and len(raw.split()) > 12):
            header_end = i
            break
        if DATELINE.match(raw):
            header_end = i
            break

    seen_title = title is not None
    for i in nonblank:
        if i >= header_end:
            break
        raw = lines[i][2].strip()
        if i in furniture:
            continue
        when = parse_date_line(raw)
        if when is not None:
            furniture.add(i)
            if byline_at is not None or seen_title:
                published = published or when
            else:
                capture_dates.add(i)
            continue
        by = BYLINE.match(raw.replace("\u00a0", " "))
        if by:
            furniture.add(i)
            byline_at = i
            who = by.group("who").strip()
            parts = [p.strip() for p in re.split(r"\s*[|,/]\s*|\s+and\s+", who) if p.strip()]
            agency = parts[-1] if parts else who
            author = parts[0] if len(parts) > 1 else None
            continue
        if not seen_title:
            found_title = raw
            seen_title = True
            furniture.add(i)
            continue
        if title is not None and _normal(raw) == _normal(title):
            furniture.add(i)
            continue
        # A standfirst between the title and the byline summarises the body: not body.
        furniture.add(i)

    if header_end == len(lines) and not any(i >= header_end for i in nonblank):
        # No paragraph at all (a short note, a single line): everything not chrome is body.
        furniture -= {i for i in nonblank if not _is_chrome(lines[i][2]) and i not in capture_dates}
        if title is None:
            found_title = None

    # A dateline at the start of the body names the agency and, with the month, a date.
    for i in nonblank:
        if i < header_end or i in furniture:
            continue
        m = DATELINE.match(lines[i][2].strip())
        if m:
            agency = agency or m.group("agency").strip()
        break

    body = tuple(
        Span(start, end) for i, (start, end, raw) in enumerate(lines) if raw.strip() and i not in furniture
    )
    return Layout(
        body=_merge(body, text), title=found_title, published=published, agency_hint=agency, author=author
    )


def dateline_date(text: str, *, reference: dt.date) -> dt.date | None:
    """The month/day of a dateline ("GAZA CITY, Jan 9 (Reuters) -") in the year that puts it
    on or before `reference` (the day of reading): a dateline never lies in the future, so
    "Dec 30" read on January 2 is last year's."""
    m = DATELINE.match(text.strip())
    if not m or not m.group("month"):
        return None
    month = MONTHS.get(m.group("month").lower())
    if month is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            found = dt.date(year, month, int(m.group("day")))
        except ValueError:
            continue  # Feb 29 outside a leap year, or a day the month lacks
        if found <= reference:
            return found
    return None


def _merge(spans: tuple[Span, ...], text: str) -> tuple[Span, ...]:
    """Join body lines separated only by whitespace into paragraphs-long spans."""
    merged: list[Span] = []
    for span in spans:
        if merged and not text[merged[-1].end : span.start].strip():
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return tuple(merged)
