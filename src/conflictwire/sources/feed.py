"""RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom feeds through feedparser: one article per
entry. The text is the entry's full content (`content:encoded`, Atom `content`) where it
has one, else its summary, with HTML turned into plain text; the entry's title, link, id
and published date (else its updated date) are kept, and the feed's title is the outlet.

An entry with only a title and a link has no text to read: it is skipped and counted, and
a feed of nothing but such entries is an error that says so. Broken XML that feedparser's
lenient parser still gets entries out of gives those entries; with none, it is an error.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXParseException

import feedparser

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import article_from_text
from conflictwire.sources.htmltext import html_to_text
from conflictwire.sources.options import ReadOptions, ReadStats

log = logging.getLogger(__name__)

SKIPPED_NO_TEXT = "feed entries with a title and link but no text"


def _as_text(detail: Any) -> str:
    """An entry field (`{"type": ..., "value": ...}`) as plain text."""
    value = str(detail.get("value") or "")
    kind = str(detail.get("type") or "")
    text = html_to_text(value) if "html" in kind or "<" in value else value
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _entry_text(entry: Any) -> str:
    """The longest of the entry's full contents, else its summary."""
    contents = [_as_text(c) for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    if best:
        return best
    summary = entry.get("summary_detail")
    if summary:
        return _as_text(summary)
    return str(entry.get("summary") or "").strip()


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "created_parsed", "updated_parsed"):
        # dict.get, not entry.get: feedparser's own lookup falls back from one date to
        # another with a deprecation warning.
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _title(entry: Any) -> str | None:
    detail = entry.get("title_detail")
    title = _as_text(detail) if detail else str(entry.get("title") or "")
    return " ".join(title.split()) or None


def _describe(problem: BaseException) -> str:
    """feedparser's complaint about the XML, with the line and column when it has them."""
    if isinstance(problem, SAXParseException):
        return f"line {problem.getLineNumber()}, column {problem.getColumnNumber()}: {problem.getMessage()}"
    return str(problem) or type(problem).__name__


def read(
    data: bytes, *, origin: str, options: ReadOptions, stats: ReadStats
) -> Iterator[Article | InputError]:
    """Articles, and an InputError for each unusable entry, from one feed document."""
    if not data.strip():
        raise InputError(origin, "empty input, no feed to read")
    try:
        # A file object, never a string: feedparser fetches a string that looks like a URL.
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    except Exception as exc:
        # feedparser reports most damage as `bozo`, but its encoding and entity handling
        # still raise on some bytes (UnicodeDecodeError, ValueError on a NUL, ...): any of
        # them means this document cannot be read as a feed.
        raise InputError(origin, f"not a readable feed ({type(exc).__name__}: {exc})") from None
    entries = list(parsed.get("entries") or [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        problem = None  # a wrong declared encoding or media type, not broken XML
    if not entries:
        if problem is not None:
            raise InputError(
                origin, f"broken feed XML ({_describe(problem)}); no entries could be read from it"
            )
        if not parsed.get("version"):
            raise InputError(origin, "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
        raise InputError(origin, "the feed has no entries")
    if problem is not None:
        log.info(
            "%s: broken feed XML (%s); read the %d entries the parser recovered",
            origin,
            _describe(problem),
            len(entries),
        )
    feed_title = " ".join(str(parsed.get("feed", {}).get("title") or "").split()) or None
    produced = no_text = 0
    for number, entry in enumerate(entries, 1):
        where = f"{origin} entry {number}"
        text = _entry_text(entry)
        if not text:
            no_text += 1
            continue
        try:
            article = article_from_text(
                text,
                origin=where,
                options=options,
                title=_title(entry),
                published=_entry_date(entry),
                url=str(entry.get("link") or "") or None,
                outlet=feed_title,
                external_id=str(entry.get("id") or "") or None,
                author=str(entry.get("author") or "") or None,
            )
        except InputError as exc:
            yield exc
            continue
        produced += 1
        yield article
    if not produced and problem is not None:
        raise InputError(
            origin, f"broken feed XML ({_describe(problem)}); no entry with text could be read from it"
        )
    if no_text and not produced and no_text == len(entries):
        raise InputError(
            origin,
            f"none of its {len(entries)} entries carries text, only titles and links; "
            "save the linked pages and ingest them as HTML",
        )
    if no_text:
        stats.skip(SKIPPED_NO_TEXT, no_text)
