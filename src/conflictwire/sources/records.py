"""One record of a table-like input (a JSON line, a CSV row) to an Article, through the
column mapping of `ReadOptions.columns`. Shared by the JSONL and CSV readers so that both
take the same `--text-col`, `--date-col`, ... options and give the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources.base import article_from_text
from conflictwire.sources.options import COLUMN_DEFAULTS, OPTION_NAMES, ReadOptions
from conflictwire.timeparse import parse_iso_date


def _value(record: Mapping[str, object], key: str | None) -> str | None:
    if key is None:
        return None
    value = record.get(key)
    if value is None or isinstance(value, dict | list) or value == "":
        return None
    return str(value)


def _author(value: object) -> str | None:
    """A byline field as text: a list of names (as many JSON exports give) joined with commas."""
    if isinstance(value, list):
        names = [str(item).strip() for item in value if isinstance(item, str | int) and str(item).strip()]
        return ", ".join(names) or None
    return None if value is None or isinstance(value, dict) or value == "" else str(value)


def no_text_problem(wanted: str | None, *, field: str = "field") -> str:
    """The message for a record or table without its text, with the option that fixes it."""
    if wanted:
        return f"no `{wanted}` {field} with article text (--{OPTION_NAMES['text']} {wanted})"
    tried = ", ".join(COLUMN_DEFAULTS["text"])
    return (
        f"no `text` {field} with article text (looked for {tried}); "
        f"name the one that holds it with --{OPTION_NAMES['text']}"
    )


def article_from_record(
    record: Mapping[str, object], *, columns: dict[str, str | None], origin: str, options: ReadOptions
) -> Article:
    """An Article from one record whose fields `columns` maps (see `Columns.resolve`)."""
    body = record.get(columns["text"]) if columns["text"] else None
    if not isinstance(body, str) or not body.strip():
        if columns["text"] is None:
            raise InputError(origin, no_text_problem(options.columns.text))
        raise InputError(origin, f"no `{columns['text']}` field with article text")
    raw_published = _value(record, columns["published"])
    published = parse_iso_date(raw_published)
    if raw_published and published is None:
        raise InputError(origin, f"`{columns['published']}` {raw_published!r} is not a date (use YYYY-MM-DD)")
    return article_from_text(
        body.replace("\r\n", "\n").replace("\r", "\n"),
        origin=origin,
        options=options,
        title=_value(record, columns["title"]),
        published=published,
        url=_value(record, columns["url"]),
        outlet=_value(record, columns["outlet"]),
        author=_author(record.get(columns["author"]) if columns["author"] else None),
        external_id=_value(record, columns["id"]),
    )
