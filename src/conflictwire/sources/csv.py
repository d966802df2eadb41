"""CSV and TSV input: a header row, then one article per row, read as a stream. The
columns follow the mapping of `ReadOptions.columns` (`--text-col`, `--date-col`, ...),
by default `text`/`body`/`content`, `title`/`headline`, `published`/`date`, `url`/`link`,
`outlet`/`source` and `id`, matched ignoring case. The delimiter is a tab for `.tsv`, else
whichever of `,` `;` tab `|` the header row holds most of.

A file without a text column, or without a column the user named, is one error that
lists its columns. A bad row (no text, a date that is not one, a field past the size
limit) is an error naming the file and line; the other rows go on.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import BinaryIO

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import MAX_ARTICLE_CHARS, READABLE_SUFFIXES, looks_binary
from conflictwire.sources.options import ReadOptions
from conflictwire.sources.records import article_from_record, no_text_problem

DELIMITERS = (",", ";", "\t", "|")
MAX_COLUMNS_SHOWN = 12


def _delimiter(header_line: str, *, tab: bool) -> str:
    if tab:
        return "\t"
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns_list(header: list[str]) -> str:
    shown = ", ".join(repr(h) for h in header[:MAX_COLUMNS_SHOWN])
    return shown + (f" and {len(header) - MAX_COLUMNS_SHOWN} more" if len(header) > MAX_COLUMNS_SHOWN else "")


def read(
    stream: BinaryIO, *, origin: str, options: ReadOptions, tab: bool = False
) -> Iterator[Article | InputError]:
    """Articles, and an InputError for each bad row, from a CSV or TSV byte stream."""
    peek = stream.peek(4096) if isinstance(stream, io.BufferedReader) else b""
    if options.encoding is None and peek and looks_binary(peek):
        raise InputError(origin, f"binary data, not CSV (conflictwire reads {READABLE_SUFFIXES})")
    encoding = options.encoding or "utf-8-sig"
    try:
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    except LookupError:
        raise InputError(origin, f"unknown encoding {encoding!r} (see --encoding)") from None
    # The csv module's field limit is process-wide; raising it to an article's limit lets a
    # long article through and still stops a runaway quote from swallowing the file.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_CHARS + 1))
    line_number = blank = 0
    try:
        first = text.readline()
        while first and not first.strip():
            blank += 1
            first = text.readline()
        if not first:
            raise InputError(origin, "empty input, no header row")
        reader = csv.reader(itertools.chain([first], text), delimiter=_delimiter(first, tab=tab))
        header = [h.strip() for h in next(reader)]
        missing = options.columns.missing(header)
        if missing:
            raise InputError(
                origin, f"no column {', '.join(missing)}; its columns are {_columns_list(header)}"
            )
        columns = options.columns.resolve(header)
        if columns["text"] is None:
            raise InputError(
                origin, f"{no_text_problem(None, field='column')}; its columns are {_columns_list(header)}"
            )
        index = {name: header.index(name) for name in columns.values() if name is not None}
        line_number = reader.line_num + blank
        while True:
            start = line_number + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                line_number = reader.line_num + blank
                yield InputError(f"{origin}:{start}", f"not a CSV row ({exc})")
                continue
            line_number = reader.line_num + blank
            if not any(field.strip() for field in row):
                continue
            record = {name: row[i] if i < len(row) else "" for name, i in index.items()}
            try:
                yield article_from_record(
                    record, columns=columns, origin=f"{origin}:{start}", options=options
                )
            except InputError as exc:
                yield exc
    except UnicodeDecodeError as exc:
        raise InputError(
            origin,
            f"not {encoding.removesuffix('-sig').upper()} text after line {line_number} ({exc.reason}); "
            "convert it to UTF-8 or pass --encoding cp1252 (or its real encoding)",
        ) from None
    finally:
        text.detach()
