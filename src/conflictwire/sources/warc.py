"""Web archives, WARC and ARC, gzip or plain, through warcio, streamed record by record:
each successful HTML response (or HTML resource record) becomes an article through the
page reader, with the record's target URI as the URL when the page names no canonical
one. Every other record (warcinfo, requests, metadata, revisits, images, redirects, HTML
pages with no text) is skipped and counted by reason. The capture date (WARC-Date) is
never the publication date.

A gzipped archive arrives here already unpacked as a stream (see `base.py`), which also
reads archives compressed as one gzip member rather than one per record. An archive cut
off in the middle of a record gives the articles before the cut and one error.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import html
from conflictwire.sources.base import MAX_DOCUMENT_BYTES
from conflictwire.sources.options import ReadOptions, ReadStats

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
SKIP_NOT_RESPONSE = "archive records that are not responses (warcinfo, request, metadata, revisit)"
SKIP_NOT_OK = "archive responses that are not 2xx (redirects, errors)"
SKIP_NOT_HTML = "archive responses that are not HTML pages"
SKIP_EMPTY = "archived HTML pages with no article text"
SKIP_TOO_BIG = "archived HTML pages too big to be one page"


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return str(value or "").split(";")[0].strip().lower()


def _status(record: Any) -> str:
    if record.rec_type != "response" or record.http_headers is None:
        return "200"
    return str(record.http_headers.get_statuscode() or "")


def _damaged(origin: str, after: int, exc: BaseException) -> InputError:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    before = "; the records before it were read" if after else ""
    return InputError(origin, f"damaged archive: record {after + 1} cannot be read ({detail}){before}")


@contextmanager
def _warcio_warnings() -> Iterator[None]:
    """warcio writes its warnings about damaged records straight to stderr; they become
    debug log lines here, so that a damaged archive is reported once, by its InputError."""
    captured = io.StringIO()
    with redirect_stderr(captured):
        yield
    if captured.getvalue():
        log.debug("warcio: %s", captured.getvalue().strip())


def _skip_reason(record: Any) -> str | None:
    if record.rec_type not in {"response", "resource"}:
        return SKIP_NOT_RESPONSE
    if not _status(record).startswith("2"):
        return SKIP_NOT_OK
    if _content_type(record) not in HTML_TYPES:
        return SKIP_NOT_HTML
    return None


def read(
    stream: BinaryIO, *, origin: str, options: ReadOptions, stats: ReadStats
) -> Iterator[Article | InputError]:
    """Articles from the HTML responses of one archive; see the module docstring."""
    records = iter(ArchiveIterator(stream, arc2warc=True))
    number = pages = failed = 0
    skipped: dict[str, int] = {}
    try:
        while True:
            # warcio reports damage with whatever its parsing hits (ArchiveLoadFailed,
            # ValueError, AttributeError on a header cut in half, ...): each one means the
            # archive cannot be read past this point, so each becomes one InputError.
            try:
                with _warcio_warnings():
                    record = next(records)
            except StopIteration:
                break
            except InputError:
                raise
            except Exception as exc:
                raise _damaged(origin, number, exc) from None
            number += 1
            where = f"{origin} record {number}"
            reason = _skip_reason(record)
            if reason is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            try:
                with _warcio_warnings():
                    body = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
            except InputError:
                raise
            except Exception as exc:
                raise _damaged(origin, number - 1, exc) from None
            if getattr(record.raw_stream, "limit", 0) > 0 and len(body) <= MAX_DOCUMENT_BYTES:
                raise InputError(
                    where,
                    "the archive is cut off in the middle of this record; the records before it were read",
                )
            if len(body) > MAX_DOCUMENT_BYTES:
                skipped[SKIP_TOO_BIG] = skipped.get(SKIP_TOO_BIG, 0) + 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                article = html.read(body, origin=where, options=options, url=str(url) if url else None)
            except html.EmptyPageError:
                skipped[SKIP_EMPTY] = skipped.get(SKIP_EMPTY, 0) + 1
                continue
            except InputError as exc:
                failed += 1
                yield exc
                continue
            pages += 1
            yield article
    finally:
        for reason, count in skipped.items():
            stats.skip(reason, count)
        log.info("%s: %d records, %d pages read, skipped %s", origin, number, pages, skipped)
    if number == 0:
        raise InputError(origin, "empty archive, no records in it")
    if pages == 0 and not failed:  # a failed page has had its own error line
        unread = skipped.get(SKIP_EMPTY, 0) + skipped.get(SKIP_TOO_BIG, 0)
        if unread:
            raise InputError(origin, f"none of its {unread} HTML pages has article text")
        raise InputError(origin, f"no HTML pages among its {number} records")
