"""JSON Lines input: one article per line, `text` plus optional `title`, `published`,
`url`, `outlet`, `id`. `.gz` inputs are read as streams. A line that is not JSON, or
has no text, yields an InputError naming the file and line; the other lines go on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import ReadOptions, article_from_text
from conflictwire.timeparse import parse_iso_date


def sniff(data: bytes) -> str:
    """`jsonl` when the data looks like JSON Lines (first non-blank byte `{`), else `text`."""
    if data[:2] == b"\x1f\x8b":
        return "jsonl"
    head = data.lstrip()[:1]
    return "jsonl" if head == b"{" else "text"


def _optional_str(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    return str(value)


def read(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[Article | InputError]:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(origin, f"broken gzip stream ({exc}); the file may be truncated") from None
    try:
        text = data.decode(options.encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(origin, f"not UTF-8 JSON Lines ({exc})") from None
    produced = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON line must be an object with a `text` field")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "no `text` field with article text")
            continue
        raw_published = record.get("published")
        published = parse_iso_date(raw_published)
        if raw_published and published is None:
            yield InputError(where, f"`published` {raw_published!r} is not a date (use YYYY-MM-DD)")
            continue
        produced += 1
        yield article_from_text(
            body,
            origin=where,
            options=options,
            title=_optional_str(record, "title"),
            published=published,
            url=_optional_str(record, "url"),
            outlet=_optional_str(record, "outlet"),
            external_id=_optional_str(record, "id"),
        )
    if produced == 0 and not text.strip():
        raise InputError(origin, "empty input, no JSON lines")
