"""JSON Lines input: one article per line, read as a stream (a `.gz` input is unpacked as
it is read). The text and metadata keys follow the column mapping (`--text-col`, ...,
defaults `text`, `title`, `published`, `url`, `outlet`, `id`). A line that is not JSON,
or has no text, yields an InputError naming the file and line; the other lines go on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import UTF8_BOM, UTF16_BOMS, looks_binary
from conflictwire.sources.options import ReadOptions
from conflictwire.sources.records import article_from_record

MAX_LEADING_BAD_LINES = 20
"""Bad lines in a row, before any good one, after which the input is not JSON Lines at all:
one error for the file says more than a screenful of errors, one a line."""


def _lines(stream: BinaryIO, *, origin: str, encoding: str | None) -> Iterator[tuple[int, str | InputError]]:
    """Numbered lines; a line that does not decode is an InputError for that line only."""
    if encoding is not None:
        try:
            text = io.TextIOWrapper(stream, encoding=encoding, newline=None)
            for number, decoded in enumerate(text, 1):
                yield number, decoded
        except LookupError:
            raise InputError(origin, f"unknown encoding {encoding!r} (see --encoding)") from None
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"cannot decode as {encoding}: {exc}") from None
        return
    for number, chunk in enumerate(stream, 1):
        raw = chunk
        if number == 1:
            if raw.startswith(UTF16_BOMS):
                raise InputError(origin, "UTF-16 JSON Lines; convert it to UTF-8 or pass --encoding utf-16")
            raw = raw.removeprefix(UTF8_BOM)
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                number,
                InputError(
                    f"{origin}:{number}",
                    f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                    "convert the file to UTF-8 or pass --encoding",
                ),
            )


def _record(line: str, where: str) -> dict[str, object]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise InputError(where, f"not JSON that can be read ({exc})") from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read; a line must be a flat object") from None
    if not isinstance(record, dict):
        raise InputError(where, "a JSON line must be an object with a `text` field")
    return record


def read(stream: BinaryIO, *, origin: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """Articles, and an InputError for each bad line, from a JSON Lines byte stream."""
    peek = stream.peek(4096) if isinstance(stream, io.BufferedReader) else b""
    if peek and not peek.startswith(UTF16_BOMS) and options.encoding is None and looks_binary(peek):
        raise InputError(origin, "binary data, not JSON Lines")
    seen = produced = 0
    leading: list[InputError] = []  # bad lines before the first good one, held back (see above)
    for number, line in _lines(stream, origin=origin, encoding=options.encoding):
        where = f"{origin}:{number}"
        if isinstance(line, str) and not line.strip():
            continue
        seen += 1
        try:
            if isinstance(line, InputError):
                raise line
            record = _record(line, where)
            columns = options.columns.resolve(list(record))
            article = article_from_record(record, columns=columns, origin=where, options=options)
        except InputError as exc:
            if produced:
                yield exc
                continue
            leading.append(exc)
            if len(leading) >= MAX_LEADING_BAD_LINES:
                raise InputError(
                    origin,
                    f"the first {len(leading)} lines are not usable JSON Lines records ({leading[0]})",
                ) from None
            continue
        yield from leading
        leading.clear()
        produced += 1
        yield article
    yield from leading
    if seen == 0:
        raise InputError(origin, "empty input, no JSON lines")
