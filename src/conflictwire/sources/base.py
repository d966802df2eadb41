"""Input dispatch, kind detection, decoding and the furniture-to-metadata step shared by
the readers.

`read_inputs` walks the paths a user gave (files, folders, `-` for stdin), opens each as a
byte stream (a gzip stream is unpacked as it is read), detects its kind from the content
first and the file name second, and hands it to the reader of that kind. Plain text,
single pages and feeds are read whole, up to a size limit; JSONL, CSV and web archives
are streamed record by record, so a big archive never sits in memory.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from conflictwire import knowledge
from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import layout
from conflictwire.sources.options import Columns, ReadOptions, ReadStats

__all__ = [
    "Columns",
    "Kind",
    "ReadOptions",
    "ReadStats",
    "article_from_text",
    "decode",
    "detect_kind",
    "read_inputs",
]

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 1_000_000
"""spaCy's default `max_length`; no news report comes near it (a long feature is ~100,000)."""
MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS
"""UTF-8 takes at most four bytes a character: a bigger text file cannot be one article."""
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""A saved page or a feed bigger than this is not one page or one feed; reading it would only
cost memory. Archives, JSONL and CSV are streamed and have no such limit."""
BINARY_CONTROL_SHARE = 0.05
"""Share of control bytes above which an input is binary, not text (tabs and newlines excluded)."""
SNIFF_BYTES = 4096
"""How much of an input is looked at to tell its kind: enough for an XML prolog and comments."""
STREAM_BUFFER = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class Kind(StrEnum):
    """The kinds of input, each read by its own module."""

    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    WARC = "warc"
    JSONL = "jsonl"
    CSV = "csv"


SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".xml": Kind.FEED,
    ".rss": Kind.FEED,
    ".atom": Kind.FEED,
    ".rdf": Kind.FEED,
    ".warc": Kind.WARC,
    ".arc": Kind.WARC,
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    ".csv": Kind.CSV,
    ".tsv": Kind.CSV,
}
READABLE_SUFFIXES = "txt, html, xml/rss/atom, warc/arc, jsonl, csv/tsv, each optionally .gz"

# The root element decides between a page and a feed; an XML prolog, comments and a
# doctype may come first. The first of these tags found wins.
_ROOT_TAG = re.compile(rb"<!doctype\s+html|<\s*(html|rss|feed|rdf:rdf)\b", re.IGNORECASE)


def inner_name(name: str) -> str:
    """A file name without its `.gz` suffix: `feed.xml.gz` -> `feed.xml`."""
    return name[:-3] if name.lower().endswith(".gz") else name


def suffix_kind(name: str) -> Kind | None:
    """The kind a file name's suffix (after any `.gz`) promises, or None."""
    return SUFFIX_KINDS.get(Path(inner_name(name)).suffix.lower())


def is_readable_name(name: str) -> bool:
    """Whether a folder walk reads this file: a known suffix, or none at all."""
    return suffix_kind(name) is not None or Path(inner_name(name)).suffix == ""


def sniff_kind(head: bytes) -> Kind | None:
    """The kind the first bytes prove (an archive header, a page or a feed root), or None."""
    start = head.removeprefix(UTF8_BOM).lstrip()
    if start.startswith((b"WARC/1.", b"WARC/0.", b"filedesc://")):  # filedesc:// opens an ARC file
        return Kind.WARC
    if start.startswith(b"<"):
        m = _ROOT_TAG.search(start[:SNIFF_BYTES])
        if m:
            root = (m.group(1) or b"html").lower()
            return Kind.HTML if root == b"html" else Kind.FEED
    return None


def detect_kind(name: str, head: bytes) -> Kind:
    """Content first (it cannot lie about an archive or a feed root), then the suffix; an
    input with neither is JSON Lines when it opens with `{`, else plain text."""
    sniffed = sniff_kind(head)
    if sniffed is not None:
        return sniffed
    by_suffix = suffix_kind(name)
    if by_suffix is not None:
        return by_suffix
    return Kind.JSONL if head.removeprefix(UTF8_BOM).lstrip()[:1] == b"{" else Kind.TEXT


def looks_binary(data: bytes) -> bool:
    """NUL or many control bytes in the first few kilobytes (UTF-16 is checked before this)."""
    sample = data[:SNIFF_BYTES]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample)


def decode(data: bytes, *, origin: str, encoding: str | None = None) -> str:
    """Bytes to text with newlines unified, or an InputError that says what is wrong."""
    if not data.strip():
        raise InputError(origin, "empty input, no text to read")
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(origin, f"cannot decode as {encoding}: {exc}") from None
    elif data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                origin,
                f"broken UTF-16 text (a byte-order mark, then {exc.reason} at offset {exc.start}); "
                "save it again as UTF-8",
            ) from None
    else:
        if looks_binary(data):
            raise InputError(origin, f"binary data, not text (conflictwire reads {READABLE_SUFFIXES})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                origin,
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert it to UTF-8 or pass --encoding cp1252 (or its real encoding)",
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def resolve_agency(hint: str | None) -> str | None:
    """The wire agency named by a byline or dateline, by its canonical name."""
    if not hint:
        return None
    kb = knowledge.load()
    cleaned = " ".join(hint.replace("\u00a0", " ").split()).strip(" .")
    entry = kb.actors.get(cleaned.lower())
    if entry is not None and entry.kind in {"agency", "media"}:
        return entry.name
    return None


def article_from_text(
    text: str,
    *,
    origin: str,
    options: ReadOptions,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    outlet: str | None = None,
    external_id: str | None = None,
    author: str | None = None,
) -> Article:
    """An Article from text plus whatever metadata the input carried; the page's own
    furniture fills what the metadata lacks. `author` (a page's author metadata) counts as
    a byline when it names a wire agency."""
    check_text(text, origin=origin)
    title, url, outlet, external_id, author = (
        _clean(value) for value in (title, url, outlet, external_id, author)
    )
    found = layout.analyse(text, title=title)
    when = published or found.published
    if when is None and found.body and options.published is None:
        first = text[found.body[0].start : found.body[0].end]
        when = layout.dateline_date(first, reference=dt.date.today())
    return Article(
        text=text,
        title=title or found.title,
        published=when or options.published,
        url=url,
        outlet=outlet,
        agency=resolve_agency(found.agency_hint) or resolve_agency(author),
        author=author or found.author,
        external_id=external_id,
        origin=origin,
        body=found.body,
    )


def check_text(text: str, *, origin: str) -> None:
    """Refuse text no store can hold or no parser should see, naming the problem."""
    if not text.strip():
        raise InputError(origin, "empty input, no text to read")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            origin,
            f"{len(text):,} characters is too long for one article (limit {MAX_ARTICLE_CHARS:,}); "
            "split it into articles, for example one a line in JSONL",
        )
    if "\x00" in text:
        raise InputError(origin, "the text holds NUL characters, so it is binary data or damaged")
    if _SURROGATE.search(text):
        raise InputError(
            origin, "the text holds a lone UTF-16 surrogate (a broken \\uXXXX escape); fix the input"
        )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(value: str | None) -> str | None:
    """Metadata without the NULs and lone surrogates a database refuses; None when empty."""
    if value is None:
        return None
    cleaned = _SURROGATE.sub("\ufffd", value.replace("\x00", "")).strip()
    return cleaned or None


# ----------------------------------------------------------------- streams


class _Rejoined(io.RawIOBase):
    """The bytes already read to sniff an input, then the rest of its stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _GuardedGzip(io.RawIOBase):
    """A gzip stream unpacked as it is read; a broken or cut-off stream raises InputError
    naming the input (gzip and zlib raise OSError, EOFError or zlib.error)."""

    def __init__(self, raw: BinaryIO, origin: str) -> None:
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._origin = origin

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            # read1: what one step unpacks, so the data before a break is handed on before
            # the break raises (read(n) would drop it along with the exception).
            data = self._gz.read1(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(
                self._origin,
                f"broken gzip stream ({exc}); the file is truncated or damaged, "
                "so reading stopped there: compress or download it again",
            ) from None
        buffer[: len(data)] = data
        return len(data)


class _ShortReads(io.BufferedReader):
    """A buffered stream whose `read(n)` returns what one read of the source gives, as
    `read1` does. A plain BufferedReader gathers n bytes over several reads and drops them
    all when a later read raises, so the records before a break in a gzip stream would be
    lost with it; readers of streams (warcio, csv, json lines) take short reads in stride."""

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return super().read()
        return self.read1(size)


def _open_file(path: Path, origin: str) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(origin, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(origin, "is a directory") from None
    except PermissionError:
        raise InputError(origin, "permission denied") from None
    except OSError as exc:
        raise InputError(origin, exc.strerror or str(exc)) from None


def _read_head(stream: BinaryIO, origin: str) -> tuple[bytes, BinaryIO]:
    """The first bytes of `stream` and a stream that still starts at the beginning."""
    try:
        head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(origin, exc.strerror or str(exc)) from None
    return head, _ShortReads(_Rejoined(head, stream), buffer_size=STREAM_BUFFER)


def read_whole(stream: BinaryIO, *, origin: str, limit: int, size: int | None) -> bytes:
    """All of `stream`, refusing more than `limit` bytes without reading them."""
    if size is not None and size > limit:
        raise InputError(origin, f"{size / 1e6:.0f} MB is too big for one {_what(limit)}")
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= limit:
            chunk = stream.read(min(STREAM_BUFFER, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(origin, exc.strerror or str(exc)) from None
    data = b"".join(chunks)
    if len(data) > limit:
        raise InputError(origin, f"more than {limit / 1e6:.0f} MB is too big for one {_what(limit)}")
    return data


def _what(limit: int) -> str:
    if limit == MAX_TEXT_BYTES:
        return (
            f"article (limit {MAX_ARTICLE_CHARS:,} characters); split it into articles, "
            "for example one a line in JSONL"
        )
    return f"page or feed (limit {limit / 1e6:.0f} MB)"


# ----------------------------------------------------------------- dispatch


def _expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            readable = [p for p in children if is_readable_name(p.name)]
            if not readable:
                yield raw, path  # reported as an empty folder below
            for child in readable:
                yield str(child), child
        else:
            yield raw, path


def _read_one(
    origin: str, path: Path | None, options: ReadOptions, stats: ReadStats
) -> Iterator[Article | InputError]:
    # Readers import this module, and trafilatura, feedparser and warcio take a fifth of a
    # second to import, so each is imported when an input of its kind first turns up.
    from conflictwire.sources import csv, feed, html, jsonl, warc  # noqa: PLC0415

    if path is not None and path.is_dir():
        raise InputError(origin, f"folder holds no files conflictwire reads ({READABLE_SUFFIXES})")
    with ExitStack() as stack:
        if path is None:
            raw: BinaryIO = sys.stdin.buffer
            name, size = "", None
        else:
            raw = stack.enter_context(_open_file(path, origin))
            name, size = path.name, path.stat().st_size
        head, stream = _read_head(raw, origin)
        if head.startswith(GZIP_MAGIC):
            head, stream = _read_head(_GuardedGzip(stream, origin), origin)  # type: ignore[arg-type]
            name, size = inner_name(name), None
        kind = detect_kind(name, head)
        log.debug("%s: read as %s", origin, kind)
        if kind is Kind.JSONL:
            yield from jsonl.read(stream, origin=origin, options=options)
        elif kind is Kind.CSV:
            yield from csv.read(stream, origin=origin, options=options, tab=name.lower().endswith(".tsv"))
        elif kind is Kind.WARC:
            yield from warc.read(stream, origin=origin, options=options, stats=stats)
        elif kind is Kind.FEED:
            data = read_whole(stream, origin=origin, limit=MAX_DOCUMENT_BYTES, size=size)
            yield from feed.read(data, origin=origin, options=options, stats=stats)
        elif kind is Kind.HTML:
            data = read_whole(stream, origin=origin, limit=MAX_DOCUMENT_BYTES, size=size)
            yield html.read(data, origin=origin, options=options)
        else:
            data = read_whole(stream, origin=origin, limit=MAX_TEXT_BYTES, size=size)
            text = decode(data, origin=origin, encoding=options.encoding)
            yield article_from_text(text, origin=origin, options=options)


def read_inputs(
    paths: Iterable[str], options: ReadOptions | None = None, *, stats: ReadStats | None = None
) -> Iterator[Article | InputError]:
    """Articles from each input in order; an input (or a record of one) that fails yields
    its InputError and the rest go on. `stats` collects what was skipped on purpose."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    for origin, path in _expand(paths):
        try:
            yield from _read_one(origin, path, options, stats)
        except InputError as exc:
            yield exc


def with_published(article: Article, published: dt.date | None) -> Article:
    return article if published is None or article.published else replace(article, published=published)
