"""Input dispatch, decoding and the furniture-to-metadata step shared by the readers."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from conflictwire import knowledge
from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import layout

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"})
MAX_BYTES = 50 * 1024 * 1024
"""An article bigger than this is not a news report; reading it would only cost memory."""
BINARY_CONTROL_SHARE = 0.05
"""Share of control bytes above which an input is binary, not text (tabs and newlines excluded)."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    published: dt.date | None = None
    """Publication date for inputs that carry none (relative dates resolve against it)."""
    encoding: str | None = None
    """Decode with this codec instead of refusing non-UTF-8 input."""


def suffix_of(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    joined = "".join(suffixes)
    return joined if joined in JSONL_SUFFIXES else (suffixes[-1] if suffixes else "")


def decode(data: bytes, *, origin: str, encoding: str | None = None) -> str:
    """Bytes to text with newlines unified, or an InputError that says what is wrong."""
    if not data.strip():
        raise InputError(origin, "empty input, no text to read")
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(origin, f"cannot decode as {encoding}: {exc}") from None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        sample = data[:4096]
        controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
        if b"\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample):
            raise InputError(origin, "binary data, not text (give a .txt, .jsonl, or later .html/.warc file)")
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
) -> Article:
    """An Article from text plus whatever metadata the input carried; the page's own
    furniture fills what the metadata lacks."""
    found = layout.analyse(text, title=title)
    when = published or found.published
    if when is None and found.body:
        first = text[found.body[0].start : found.body[0].end]
        year = (options.published or dt.date.today()).year
        when = layout.dateline_date(first, year_hint=year) if options.published is None else None
    return Article(
        text=text,
        title=title or found.title,
        published=when or options.published,
        url=url,
        outlet=outlet,
        agency=resolve_agency(found.agency_hint),
        external_id=external_id,
        origin=origin,
        body=found.body,
    )


def _read_bytes(path: Path, origin: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                origin,
                f"{size // 1_000_000} MB is too big for one article (limit {MAX_BYTES // 1_000_000} MB)",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(origin, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(origin, "is a directory") from None
    except PermissionError:
        raise InputError(origin, "permission denied") from None
    except OSError as exc:
        raise InputError(origin, exc.strerror or str(exc)) from None


def _expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            readable = [p for p in children if suffix_of(p) in TEXT_SUFFIXES | JSONL_SUFFIXES]
            if not readable:
                yield raw, path  # reported as an empty folder below
            for child in readable:
                yield str(child), child
        else:
            yield raw, path


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Articles from each input in order; an input that fails yields its InputError."""
    from conflictwire.sources import jsonl  # noqa: PLC0415 - avoids an import cycle with jsonl

    options = options or ReadOptions()
    for origin, path in _expand(paths):
        try:
            if path is not None and path.is_dir():
                raise InputError(origin, "folder holds no .txt or .jsonl files")
            if path is None:
                data = sys.stdin.buffer.read()
                kind = jsonl.sniff(data)
            else:
                data = _read_bytes(path, origin)
                kind = "jsonl" if suffix_of(path) in JSONL_SUFFIXES else "text"
            if kind == "jsonl":
                yield from jsonl.read(data, origin=origin, options=options)
            else:
                text = decode(data, origin=origin, encoding=options.encoding)
                yield article_from_text(text, origin=origin, options=options)
        except InputError as exc:
            yield exc


def with_published(article: Article, published: dt.date | None) -> Article:
    return article if published is None or article.published else replace(article, published=published)
