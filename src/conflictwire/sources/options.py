"""What a caller can tell the readers (`ReadOptions`, with the `Columns` mapping for JSONL
and CSV) and what the readers report back besides articles and errors (`ReadStats`: the
records they skipped on purpose, by reason). Plain data, no I/O, so that every reader and
the command line can share it without importing one another.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields

COLUMN_DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publication_date"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source"),
    "author": ("author", "authors", "byline"),
    "id": ("id",),
}
"""The column (or JSON key) names tried, in order, for each field when no name is given."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column of a CSV file, or key of a JSON line, holds each field.

    A field left as None is looked up under the names in `COLUMN_DEFAULTS`, first match
    wins, ignoring case. A name that is given must exist: a typo is an error, not an
    empty field."""

    text: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    id: str | None = None

    def given(self) -> dict[str, str]:
        """The fields the user named, by field."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}

    def resolve(self, available: list[str]) -> dict[str, str | None]:
        """Each field's column among `available` (a header or a record's keys), or None.

        A named column matches exactly first, then ignoring case; a default name only
        ignoring case. Missing named columns are the caller's to report (see `missing`)."""
        by_lower: dict[str, str] = {}
        for name in available:
            by_lower.setdefault(name.strip().lower(), name)
        out: dict[str, str | None] = {}
        for f in fields(self):
            wanted: str | None = getattr(self, f.name)
            if wanted:
                out[f.name] = wanted if wanted in available else by_lower.get(wanted.strip().lower())
            else:
                out[f.name] = next((by_lower[c] for c in COLUMN_DEFAULTS[f.name] if c in by_lower), None)
        return out

    def missing(self, available: list[str]) -> list[str]:
        """The named columns that `available` lacks, as `--option name` for messages."""
        resolved = self.resolve(available)
        return [
            f"--{OPTION_NAMES[key]} {name!r}" for key, name in self.given().items() if resolved[key] is None
        ]


OPTION_NAMES: dict[str, str] = {
    "text": "text-col",
    "title": "title-col",
    "published": "date-col",
    "url": "url-col",
    "outlet": "outlet-col",
    "author": "author-col",
    "id": "id-col",
}
"""The command-line option that names each field's column (for error messages)."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    published: dt.date | None = None
    """Publication date for inputs that carry none (relative dates resolve against it)."""
    encoding: str | None = None
    """Decode with this codec instead of refusing non-UTF-8 input."""
    columns: Columns = field(default_factory=Columns)
    """Where JSONL and CSV inputs keep the text and the metadata."""


@dataclass(slots=True)
class ReadStats:
    """What the readers passed over on purpose (not errors): archive records that are not
    HTML pages, feed entries without text. Counted by reason, for the summary line."""

    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count
