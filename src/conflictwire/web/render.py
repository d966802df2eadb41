"""Shaping store results for the templates: the article text cut at evidence spans, claims
grouped by source, figures tied to the span that states them, colours by event type.

Nothing here builds HTML: templates get plain values and Jinja2 escapes them, so a span
boundary can never cut through markup of our own, and article text is always text.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from conflictwire.models import DENIED

PALETTE: Final = (
    "#d62728",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
)
"""Ten-plus distinguishable colours (d3's category palette), one per event type."""

SMALL_NUMBERS: Final = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
"""How reports spell small figures; a figure's span is the one stating it, as digits or words."""

SAFE_SCHEMES: Final = ("http://", "https://")


def type_color(event_type: str | None) -> str:
    """A stable colour for an event type, the same on the map, the timeline and the legend."""
    return PALETTE[zlib.crc32((event_type or "").encode()) % len(PALETTE)]


def safe_url(url: str | None) -> str | None:
    """The url when it is a web address; `javascript:` and other schemes are never links."""
    if url and url.strip().lower().startswith(SAFE_SCHEMES):
        return url.strip()
    return None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text and the evidence keys covering it (empty: plain text)."""

    text: str
    keys: tuple[str, ...]
    anchors: tuple[str, ...] = ()
    """Keys whose span starts here: the segment carries their anchor id."""


@dataclass(slots=True)
class Highlighter:
    """Collects evidence spans (each gets a key such as `s3`) and cuts the text at them."""

    text: str
    spans: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def add(self, start: int, end: int, kind: str) -> str:
        key = f"s{len(self.spans)}"
        start, end = max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        self.spans[key] = (start, end, kind)
        return key

    def segments(self) -> list[Segment]:
        cuts = sorted({0, len(self.text)} | {p for s, e, _ in self.spans.values() for p in (s, e)})
        out: list[Segment] = []
        for start, end in itertools.pairwise(cuts):
            keys = tuple(k for k, (s, e, _) in self.spans.items() if s <= start and end <= e and s < e)
            anchors = tuple(k for k in keys if self.spans[k][0] == start)
            out.append(Segment(self.text[start:end], keys, anchors))
        return out

    def kinds(self, keys: Iterable[str]) -> str:
        return " ".join(sorted({self.spans[key][2] for key in keys}))


def _states(span_text: str, value: Any) -> bool:
    words = re.findall(r"[\w,.]+", span_text.lower())
    if isinstance(value, int):
        spelled = {str(value), f"{value:,}"}
        if 0 <= value < len(SMALL_NUMBERS):
            spelled.add(SMALL_NUMBERS[value])
        return any(word.strip(",.") in spelled for word in words)
    return str(value).lower() in span_text.lower()


def figure_keys(value: Any, evidence: list[dict[str, Any]], keys: list[str]) -> list[str]:
    """The keys of the spans stating `value`; all the claim's spans when none does."""
    stating = [key for key, span in zip(keys, evidence, strict=True) if _states(span["text"], value)]
    return stating or keys


STANCE_BADGES: dict[str, str | None] = {"asserts": None, "denies": "denies", "not_confirmed": "not confirmed"}
"""The badge beside a claim's cue: what its source does with the content."""


def event_view(event: dict[str, Any]) -> dict[str, Any]:
    """The event page's data: claims in one column per source, figures with their spans,
    and the article text cut into segments."""
    article = event.get("article") or {}
    lighter = Highlighter(article.get("text") or "")
    event_keys = [lighter.add(span["start"], span["end"], "event") for span in event["evidence"]]
    columns: dict[str, list[dict[str, Any]]] = {}
    for claim in event["claims"]:
        keys = [lighter.add(span["start"], span["end"], "claim") for span in claim["evidence"]]
        figures = [
            {"slot": slot, "value": value, "keys": figure_keys(value, claim["evidence"], keys)}
            for slot, value in claim["counts"].items()
        ]
        for slot in ("damage", "target"):
            if claim.get(slot):
                figures.append(
                    {
                        "slot": slot,
                        "value": claim[slot],
                        "keys": figure_keys(claim[slot], claim["evidence"], keys),
                    }
                )
        figures += [{"slot": slot, "value": DENIED, "keys": keys} for slot in claim.get("denied") or ()]
        source = (claim.get("source") or {}).get("name") or "unattributed"
        badge = STANCE_BADGES.get(claim.get("stance") or "", "negated" if claim.get("negated") else None)
        columns.setdefault(source, []).append({**claim, "figures": figures, "keys": keys, "badge": badge})
    return {
        "columns": columns,
        "event_keys": event_keys,
        "segments": lighter.segments(),
        "kinds": lighter.kinds,
        "article": article,
        "article_url": safe_url(article.get("url")),
    }
