"""Saved web pages: the main text and the page metadata (title, canonical URL, published
date, site name, author) through trafilatura. The stored `Article.text` is the extracted
text, so every evidence offset points into it, not into the HTML.

The cascade: trafilatura's extraction; when it finds no main text (a very short page, a
fragment), the plain HTML-to-text conversion of the whole body with trafilatura's metadata
alone; when that is empty too, an `EmptyPage` error. The published date comes from the
page's metadata only (meta tags, structured data, the URL), never from text that merely
looks like a date and never from a capture date; a dateline in the text may still give it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import trafilatura
from trafilatura.metadata import extract_metadata

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import article_from_text
from conflictwire.sources.htmltext import decode_html, html_to_text, strip_xml_declaration
from conflictwire.sources.options import ReadOptions
from conflictwire.timeparse import parse_iso_date

log = logging.getLogger(__name__)


class EmptyPageError(InputError):
    """A page that parses but holds no text (an archive reader counts these as skipped)."""


def _date_params() -> dict[str, Any]:
    # extensive_search would take dates from the running text (often a capture or "updated"
    # line); original_date prefers the first publication over a modification date.
    return {"extensive_search": False, "original_date": True, "max_date": dt.date.today().isoformat()}


def _extract(markup: str, url: str | None) -> tuple[str, Any]:
    """The main text and trafilatura's metadata document (either may be empty)."""
    doc = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params=_date_params(),
    )
    text = getattr(doc, "text", None)
    if text and str(text).strip():
        log.debug("trafilatura found the main text")
        return str(text), doc
    log.debug("trafilatura found no main text; converting the whole body")
    try:
        meta = extract_metadata(markup, default_url=url, date_config=_date_params(), extensive=False)
    except (ValueError, TypeError, AttributeError) as exc:  # a page too broken for its metadata pass
        log.debug("no metadata: %s", exc)
        meta = None
    return html_to_text(markup), meta


def _meta(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None) if doc is not None else None
    cleaned = str(value).strip() if value else ""
    return cleaned or None


def read(data: bytes, *, origin: str, options: ReadOptions, url: str | None = None) -> Article:
    """One page to one Article; `url` is where it was fetched from (an archive's target URI),
    used when the page names no canonical URL of its own."""
    markup = strip_xml_declaration(decode_html(data, origin=origin, encoding=options.encoding))
    text, doc = _extract(markup, url)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise EmptyPageError(origin, "no article text in the page (empty body, or only scripts and markup)")
    return article_from_text(
        text,
        origin=origin,
        options=options,
        title=_meta(doc, "title"),
        published=parse_iso_date(_meta(doc, "date")),
        url=_meta(doc, "url") or url,
        outlet=_meta(doc, "sitename"),
        author=_meta(doc, "author"),
    )
