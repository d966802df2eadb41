"""Time expressions: find them and resolve each against the publication date.

Extents and values follow TimeML's TIMEX3, the annotation of TimeBank and TempEval-3:
the expression without its preposition ("on Tuesday" marks "Tuesday"; "for three days"
marks "three days"), with its determiner and modifiers ("the past three years", "early
next week"). Values: days 2024-11-19, months 2024-11, years 2024, ISO weeks 2024-W47,
quarters 2024-Q3, halves 2024-H1, seasons 2024-SU, decades 199X, centuries 19, times of day
2024-11-19T14:30 or 2024-11-19TMO, durations P3D / PT24H / PXY, sets P1D or XXXX-WXX-2,
and PRESENT_REF, PAST_REF, FUTURE_REF for "now", "recently", "the future".

Relative expressions are resolved against the publication date: a weekday, a month or a
day of the year without a year is the one before publication when the sentence speaks of
the past ("was hit on Thursday"), the one after when it speaks of the future ("will meet
on Thursday"), and the nearest otherwise. Anaphoric ones ("the same day", "the following
day", "that year") take the last day or year named before them. Durations are never event
dates. Works on the raw text with regular expressions, so it needs no parse; the result is
a list of `TimeMention`s in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from conflictwire.models import Precision, Span, TimeMention
from conflictwire.pipeline.timewords import (
    HOLIDAYS,
    NUMBER,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SETS,
    UNIT,
    duration,
    holiday,
    month_number,
    spelled_year,
    weekday_number,
    word_number,
)

DAY, WEEK, MONTH, YEAR = (
    Precision.DAY.value,
    Precision.WEEK.value,
    Precision.MONTH.value,
    Precision.YEAR.value,
)

# ---------------------------------------------------------------- pattern pieces
_MONTHS_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def _month(name: str = "mon", *, bare_abbreviation: bool = False) -> str:
    """A month name, capitalised (lower-case "may" and "march" are verbs), or its abbreviation with
    a full stop or a day number after it ("Nov. 19", "Nov 19"; after a day, "19 Nov")."""
    tail = r"\b\.?" if bare_abbreviation else r"(?:\.|\b(?=\s+\d))"
    return (
        rf"(?-i:(?P<{name}>(?:{_MONTHS_FULL}|{_MONTHS_FULL.upper()})\b|(?:{_MONTHS_ABBR}|{_MONTHS_ABBR.upper()})"
        rf"{tail}))"
    )


def _weekday(name: str = "wd") -> str:
    return rf"(?-i:(?P<{name}>(?:{_WEEKDAYS}|{_WEEKDAYS.upper()}))(?:'s)?)\b"


def _year(name: str = "year") -> str:
    return rf"(?P<{name}>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|\.\d)"


_ORD_WORDS = "|".join(sorted((w for w in ORDINALS if w != "zeroth"), key=len, reverse=True))
_DAY = rf"(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)|(?:{_ORD_WORDS})\b)"
_SPELLED_YEAR = (
    r"(?P<syear>(?:nineteen|eighteen)[-\s](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten))?)\b"
)
_APPROX = (
    r"(?:(?:about|around|approximately|roughly|nearly|almost|some|over|under|more\s+than|less\s+than|fewer\s+than|"
    r"at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|well\s+over|just\s+over|just\s+under|"
    r"close\s+to|only|just|barely|a\s+full|the\s+better\s+part\s+of)\s+)"
)
_PART = r"(?P<part>morning|afternoon|evening|night)"
_EDGE = (
    r"(?:(?P<edge>early|mid|late|the\s+(?:middle|end|beginning|start|first\s+half|second\s+half|last\s+half)"
    r"\s+of)[-\s]*)"
)
_CLOCK = (
    r"(?P<clock>(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?"
    r"|(?P<hh2>1[0-2]|0?[1-9])(?:[.:](?P<mm2>[0-5]\d))?\s*(?P<ap2>[ap]\.\s?m\b\.?|[ap]m\b|o'clock)"
    r"|(?P<noon>noon|midnight|midday))"
    r"(?:\s+(?-i:(?P<zone>[ECMP][SD]T|GMT|UTC|Z))\b|\s+local\s+time)?"
    r"(?:\s+in\s+the\s+(?P<clockpart>morning|afternoon|evening))?"
)

_LAST_VERB_BEFORE = (
    "would", "will", "could", "may", "might", "can", "should", "must", "to", "not", "did", "does",
)  # fmt: skip
_LAST_ADJECTIVE = "last" + "".join(rf"(?<!\b{w}\slast)" for w in _LAST_VERB_BEFORE) + r"(?<!'ll\slast)"
""""last" unless a word before makes it the verb ("would last several weeks"): the span starts after
it. The look-behinds follow the word, so they cost nothing where there is no "last"."""

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")),
    (
        "clock",
        re.compile(
            rf"(?<![\w.:/-])(?:(?:around|about|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
            rf"{_CLOCK}"
            rf"(?:,?\s+(?:on\s+)?(?:{_weekday()}(?:,?\s+{_month('cmon')}\s+(?P<cday>\d{{1,2}})(?:st|nd|rd|th)?)?|"
            rf"(?P<cdeictic>today|yesterday|tomorrow)|{_month('cmon2')}\s+(?P<cday2>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<cyear>(?:19|20)\d\d))?)\b)?",
            re.I,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?:{_weekday()},?\s+)?{_month()}\s+{_DAY},?\s+(?:(?:of\s+)?{_year()}|'(?P<yy>\d\d)\b)",
            re.I,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:{_weekday()},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_month(bare_abbreviation=True)},?\s+{_year()}",
            re.I,
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d/.-])(?P<mnum>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])/(?P<year>(?:19|20)\d\d|\d\d)(?![\d/])"
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b(?P<weekof>the\s+week\s+(?:of|beginning|starting)\s+)?"
            rf"(?:(?P<wdmod>this\s+coming|this\s+past|next|last|this)\s+)?(?:{_weekday()},?\s+)?{_month()}\s+{_DAY}(?!\d|:\d|,?\s*(?:19|20)\d\d)",
            re.I,
        ),
    ),
    (
        "and_day",
        re.compile(
            rf"\b{_month()}\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*(?:and|or|&)\s+"
            rf"(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?:,?\s+{_year()})?(?![\d%]|[.:]\d|\s*(?:percent|per\s+cent)\b)",
            re.I,
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?:{_weekday()},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_month(bare_abbreviation=True)}(?!,?\s+(?:19|20)\d\d)",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b{_EDGE}?{_month()},?\s+(?:of\s+)?(?:{_year()}|{_SPELLED_YEAR}|'(?P<yy>\d\d)\b)",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:{_EDGE}|(?P<rel>last|this|next|this\s+past|this\s+coming|past|coming)\s+)?{_month()}"
            rf"(?:\s+(?P<rely>last|this|next)\s+year)?(?![\w-]|\s+\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?<![$£€#\w.,/-])(?:{_EDGE}|(?P<fiscal>fiscal|calendar|post-|pre-|mid-)\s*)?(?:the\s+year\s+)?{_year()}"
            rf"(?:\s+(?P<tail>and\s+beyond|or\s+later|or\s+earlier))?(?!\s*-\s*\d|\s*(?:percent|per\s+cent)\b)",
            re.I,
        ),
    ),
    (
        "spelled_year",
        re.compile(rf"\b(?:{_EDGE}|the\s+year\s+)?{_SPELLED_YEAR}", re.I),
    ),
    (
        "decade",
        re.compile(
            r"(?<![\w$])(?:(?P<the>the)\s+)?(?:(?:early|mid|late)[-\s]*)?"
            r"(?:(?P<cent>1[5-9]|20)(?P<dec>\d)0'?s|'(?P<dec2>\d)0s|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
            re.I,
        ),
    ),
    (
        "century",
        re.compile(
            rf"\b(?:(?P<the>the)\s+)?(?:(?:early|mid|late)[-\s]*)?(?P<cord>\d{{1,2}}(?:st|nd|rd|th)|{_ORD_WORDS}|twenty-first|this|last|next|the\s+past|the\s+last)\s+century\b",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:(?P<qdet>the|its|their|a|an|this\s+year's|last\s+year's|next\s+year's|that)\s+)?"
            r"(?:(?P<qyear>(?:19|20)\d\d)\s+|(?P<qmod>(?:year-ago|year-earlier|comparable|corresponding|latest|current|flat|fiscal|same|prior|previous|"
            r"comparable\s+year-ago)\s+)+)?(?:fiscal[-\s])?"
            r"(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th|final)[-\s]+quarter(?P<qpl>s)?\b"
            r"(?:\s+(?:of\s+(?:fiscal\s+)?(?P<qyear2>(?:19|20)\d\d)|(?P<qy2rel>of\s+(?:this|last|next)\s+year|a\s+year\s+(?:ago|earlier))))?"
            r"|\b(?-i:Q(?P<qd>[1-4]))(?:\s+(?P<qyear3>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?:the\s+)?(?P<hn>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of\s+(?:(?P<hyear>(?:19|20)\d\d)|(?P<hrel>the|this|last|next)\s+(?:fiscal\s+)?year)\b",
            re.I,
        ),
    ),
    (
        "fin_period",
        re.compile(
            r"\b(?:(?P<fdet>the|this|that|its|last\s+year's)\s+)(?:(?P<fyear>(?:19|20)\d\d)\s+|(?P<fmod>(?:latest|current|recent|year-ago|year-earlier|comparable|corresponding|"
            r"same|prior|previous|year-before|comparable\s+year-ago)\s+)+)?(?P<fword>quarter|period)\b(?!-)(?P<fago>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?",
            re.I,
        ),
    ),
    (
        "year_ago_fin",
        re.compile(r"\b(?:year-ago|year-earlier)\b(?!\s+(?:quarter|period))", re.I),
    ),
    (
        "season",
        re.compile(
            r"\b(?:(?P<smod>last|this|next|this\s+past|this\s+coming|the|early|late|mid|the\s+early|the\s+late|the\s+past|the\s+coming|that)[-\s]+)?"
            r"(?P<season>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<syear2>(?:19|20)\d\d|(?:nineteen|eighteen)[-\s][a-z]+(?:[-\s][a-z]+)?)|\s+(?P<syear>(?:19|20)\d\d)|\s+of\s+(?P<srel>last|this|next)\s+year)?\b",
            re.I,
        ),
    ),
    (
        "holiday",
        re.compile(
            rf"\b(?:(?P<hmod>last|this|next)\s+)?(?-i:(?P<hol>{HOLIDAYS}))(?:\s+(?P<holyear>(?:19|20)\d\d))?"
            rf"(?:\s+(?P<holweek>week))?\b",
            re.I,
        ),
    ),
    (
        "deictic_day",
        re.compile(
            rf"\b(?:(?P<dmod>early|late|earlier|later|mid-?)\s*)?(?:(?P<dpart_pre>morning|afternoon|evening)\s+)?"
            rf"(?P<dword>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
            rf"(?:\s+{_PART})?\b",
            re.I,
        ),
    ),
    (
        "this_part",
        re.compile(
            r"\b(?:(?P<dmod>early|late|earlier|later)\s+)?(?P<which>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night)\b"
            r"|\b(?P<overnight>overnight)\b(?![-\s](?:stay|train|flight|bag))|\b(?P<midday>mid-?\s*(?:morning|afternoon|day))\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?:the\s+)?day\s+(?P<wshift>before|after)\s+)?"
            rf"(?:(?P<wmod>last|this|next|this\s+past|this\s+coming|coming|past|early|late|earlier|later|the\s+previous|the\s+following|the\s+next|that|the\s+same)\s+)?"
            rf"{_weekday()}(?:\s+{_PART}(?!s))?",
            re.I,
        ),
    ),
    (
        "weekday_set",
        re.compile(
            rf"\b(?:(?:every|each)\s+{_weekday('swd')}(?:\s+(?P<spart>morning|afternoon|evening|night))?|(?-i:(?P<pwd>{_WEEKDAYS})s)\b|(?-i:(?P<pwd2>{_WEEKDAYS}))\s+(?P<ppart>mornings|afternoons|evenings|nights))",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b{_APPROX}?(?:(?P<num>{NUMBER})[-\s]+{UNIT}(?:\s+or\s+so)?|(?P<bare>years|months|weeks|days|decades))\s+(?P<dir>ago|earlier|hence|from\s+now)\b",
            re.I,
        ),
    ),
    (
        "rel_unit",
        re.compile(
            r"\b(?:(?P<rmod>early|late|mid|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of)[-\s]+)?"
            r"(?P<rel>last|this|next|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+following|the\s+previous|the\s+preceding|that|the\s+same|"
            r"the\s+current|the\s+latest|this\s+past|the\s+prior|past|coming|the\s+current\s+fiscal|this\s+fiscal|last\s+fiscal|next\s+fiscal|the\s+latest\s+fiscal|the\s+fiscal|the\s+full|the|a)\s+"
            r"(?P<ru>week|weekend|month|year|decade|day|night|morning)(?![-\w]|\s+(?:ago|earlier|later|old)\b)",
            re.I,
        ),
    ),
    (
        "in_the",
        re.compile(
            r"\b(?P<rmod>earlier|later|early|late)\s+(?:in|on)\s+the\s+(?P<ru>week|month|year|day|decade)\b",
            re.I,
        ),
    ),
    (
        "year_end",
        re.compile(
            r"\b(?:around\s+)?(?:(?:the\s+)?year[-\s]end|(?:the\s+)?year's\s+end|the\s+end\s+of\s+the\s+year)\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\b(?:each\s+of\s+)?{_APPROX}?(?:(?P<det>the|its|their|his|her|this|these|those|that|a|an)\s+)?"
            rf"(?:(?P<rel>past|{_LAST_ADJECTIVE}|next|coming|first|final|previous|following|preceding|latest|remaining|same|initial|ensuing|subsequent|succeeding|early|other|additional|further|entire|whole|full|better\s+part\s+of\s+the)\s+)?"
            rf"(?P<num>{NUMBER})(?:\s+(?:to|or)\s+(?P<num2>{NUMBER})|-(?P<num3>\d+))?"
            rf"(?:[-\s]+(?P<extra>more|additional|extra|straight|consecutive|full|trading|business|working|calendar|long|short))*"
            rf"[-\s]+{UNIT}(?:\s+and\s+a\s+half)?(?P<old>-long)?\b(?!-|\s+old\b)",
            re.I,
        ),
    ),
    (
        "half_unit",
        re.compile(r"\b(?:a\s+)?half[-\s](?:an?\s+)?(?P<unit>hour|day|year|month|century|decade)\b", re.I),
    ),
    (
        "unit_long",
        re.compile(r"\b(?P<unit>hour|day|week|month|year)-long\b", re.I),
    ),
    (
        "vague_plural",
        re.compile(
            rf"\b(?:(?P<vdet>the|these)\s+)?(?:(?P<vmod>past|{_LAST_ADJECTIVE}|next|coming|recent|few|several|(?<!\bas\s)many|ensuing|following|early|first|intervening|subsequent)\s+)?"
            r"(?P<vunit>years|months|weeks|days|decades|centuries|hours|minutes|quarters)(?:\s+(?:or|and)\s+(?:months|weeks|years|days))?(?P<vtail>\s+ahead|\s+to\s+come)?(?P<vlong>-long)?\b"
            r"(?!\s+(?:of|ago|earlier|before|later|old)\b)",
            re.I,
        ),
    ),
    (
        "set",
        re.compile(
            r"\b(?P<sword>hourly|daily|nightly|weekly|biweekly|monthly|yearly)\b"
            r"|\b(?P<sdet>every|each|per)\s+(?P<sunit>hour|day|night|week|month|quarter|year|morning|evening|weekend)\b",
            re.I,
        ),
    ),
    (
        "ref",
        re.compile(
            r"\b(?:(?P<present>right\s+now|now|currently|these\s+days|nowadays|at\s+present|presently|this\s+crucial\s+moment|at\s+the\s+moment|current(?=\s+(?:[a-z]+\s+)?(?:level|levels|situation|conditions|crisis|weakness|account|market|rate|rates|prices?|share|number|year|system|position|wife|realities|difficulties|term|session|round|negotiations|talks|offensive|war|fighting|conflict|government|administration|leadership|president|minister)\b))"
            r"|(?P<past>recently|more\s+recently|most\s+recently|the\s+past(?!\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|quarters?|hours?|century|summers?|winters?|springs?|autumns?|seasons?)\b)|in\s+the\s+past|formerly|once\s+again\b(?!)|recent(?=\s+(?:[a-z]+\s+)?(?:sale|declines?|advances|rulings?|closing|filing|events|attacks?|fighting|clashes|strikes?|weeks?|months?|years?|days?|quarters?)\b))"
            r"|(?P<future>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future(?!\s+(?:of|generations))|the\s+near\s+term|the\s+short\s+term|a\s+later\s+date|as\s+soon\s+as\s+possible|(?P<soon>(?<!as\s)soon(?!\s+(?:as|after|afterwards|thereafter|before)\b))|future(?=\s+(?:quarters|years|months))))\b",
            re.I,
        ),
    ),
]

_MONTH_WORDS = tuple(f"{m}" for m in _MONTHS_FULL.split("|")) + tuple(_MONTHS_ABBR.split("|"))
_MONTH_TRIGGER = ("case", _MONTH_WORDS + tuple(m.upper() for m in _MONTH_WORDS))
_WEEKDAY_TRIGGER = ("case", tuple(_WEEKDAYS.split("|")) + tuple(_WEEKDAYS.upper().split("|")))
_UNIT_TRIGGER = (
    "lower",
    ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year", "decade",
     "centur", "millenni"),
)  # fmt: skip
Trigger = tuple[str, tuple[str, ...]]
TRIGGERS: dict[str, Trigger] = {
    "iso": ("regex", (r"\d{4}-\d\d-\d\d",)),
    "clock": ("regex", (r"\d[:.]\d\d|\d\s*[APap]\.?\s?[Mm]\b|[Nn]oon|[Mm]idnight|[Mm]idday|o'clock",)),
    "mdy": _MONTH_TRIGGER, "dmy": _MONTH_TRIGGER, "md": _MONTH_TRIGGER, "dm": _MONTH_TRIGGER,
    "month_year": _MONTH_TRIGGER, "month": _MONTH_TRIGGER,
    "numeric": ("regex", (r"\d/\d",)),
    "and_day": _MONTH_TRIGGER,
    "unit_long": ("lower", ("-long",)),
    "year": ("regex", (r"\d{4}",)),
    "spelled_year": ("lower", ("nineteen", "eighteen", "thousand")),
    "decade": ("lower", ("0s", "0's", "ties")),
    "century": ("lower", ("century",)),
    "quarter": ("lower", ("quarter", "q1", "q2", "q3", "q4")),
    "half": ("lower", ("half", "quarters")),
    "fin_period": ("lower", ("quarter", "period")),
    "year_ago_fin": ("lower", ("year-ago", "year-earlier")),
    "season": ("lower", ("spring", "summer", "fall", "autumn", "winter")),
    "holiday": ("case", ("Christmas", "New Year", "Independence", "Halloween", "Valentine", "Veterans",
                         "Thanksgiving", "Election", "Easter", "Labor", "Memorial")),
    "deictic_day": ("lower", ("today", "tonight", "yesterday", "tomorrow")),
    "this_part": ("lower", ("morning", "afternoon", "evening", "night", "mid")),
    "weekday": _WEEKDAY_TRIGGER, "weekday_set": _WEEKDAY_TRIGGER,
    "ago": ("lower", ("ago", "earlier", "hence", "from now")),
    "rel_unit": ("lower", ("week", "month", "year", "decade", "day", "night", "morning")),
    "in_the": ("lower", (" the week", " the month", " the year", " the day", " the decade")),
    "year_end": ("lower", ("year",)),
    "duration": _UNIT_TRIGGER, "half_unit": ("lower", ("half",)), "vague_plural": _UNIT_TRIGGER,
    "set": ("lower", ("hourly", "daily", "nightly", "weekly", "monthly", "yearly", "every", "each", "per ")),
    "ref": ("lower", ("now", "current", "present", "recent", "past", "formerly", "future", "term",
                      "later date", "soon", "these days", "moment", "crucial")),
}  # fmt: skip
"""Words (or, for figures, patterns) each pattern needs: it runs only in windows around them,
found with `str.find` on the text or its lower-case copy, which keeps the stage fast."""
_BEFORE, _AFTER = 90, 45
"""How far a pattern's match may reach before and after its trigger word (characters)."""


def _trigger_positions(text: str, lowered: str, trigger: Trigger) -> list[tuple[int, int]]:
    how, words = trigger
    found: list[tuple[int, int]] = []
    if how == "regex":
        for pattern in words:
            found += [m.span() for m in re.finditer(pattern, text)]
        return found
    haystack = text if how == "case" else lowered
    for word in words:
        at = haystack.find(word)
        while at != -1:
            found.append((at, at + len(word)))
            at = haystack.find(word, at + 1)
    return found


def _windows(text: str, positions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged [start, end) windows around trigger positions, each ending at a space."""
    out: list[tuple[int, int]] = []
    for t_start, t_end in sorted(positions):
        start = max(0, t_start - _BEFORE)
        end = min(len(text), t_end + _AFTER)
        while end < len(text) and not text[end].isspace():
            end += 1
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


PRIORITY = {kind: i for i, (kind, _) in enumerate(PATTERNS)}
PRIORITY.update(half=-2, quarter=-1)  # "the last half of 1989" is a half, not the year 1989

_FUTURE = re.compile(
    r"\b(?:will|won't|'ll|shall|should|must|might|(?:is|are|am)\s+(?:going|expected|scheduled|due|set|slated|likely|"
    r"planning|about)\s+to|(?:is|are)\s+(?:scheduled|due|to)|set\s+(?:to|for)|slated\s+for|plans?\s+to|planned\s+(?:to|for)|planning|scheduled|intends?\s+to|"
    r"expects?|hopes?\s+to|aims?\s+to|wants?\s+to|as\s+soon\s+as|would|payable|expires?|effective|deadline|"
    r"of\s+record|record\s+date|takes\s+effect|upcoming|reconvenes?|"
    r"(?:extended|postponed|delayed|moved|pushed\s+back|adjourned|deferred)\s+(?:\w+\s+)?(?:to|until|till)|"
    r"(?-i:begins|starts|opens|reopens|ends|resumes|meets?|convenes|arrives|visits|kicks\s+off|takes\s+office|"
    r"(?:leaves|returns|travels|heads)\s+(?:for|to|home)))\b",
    re.I,
)
_FUTURE_IN_PAST = re.compile(
    r"\b(?:had\s+been|was|were)\s+(?:\w+\s+){0,2}?(?:due|scheduled|set|expected|planned|slated)\s+to\s+\w+",
    re.I,
)
"""'had been due to expire Friday': a plan already past, the Friday before publication."""
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|last|yesterday|earlier|"
    r"said|told|came|went|took|made|saw|gave|fell|rose|struck|fought|held|won|lost|met|left|sent|built|brought|"
    r"bought|sold|thought|found|led|ran|shot|spoke|wrote|broke|chose|drove|flew|grew|knew|threw|became|began|"
    r"stood|sat|paid|kept|felt|hit|shed|tore|\w{3,}ed)\b",
    re.I,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_PAST = _words(
    "expected scheduled planned proposed need needed indeed speed seed feed breed bleed embed united limited "
    "red bed hundred based concerned supposed interested related advanced armed alleged detailed ed sacred "
    "wicked naked kindred tired extended postponed delayed moved adjourned deferred pushed unspecified "
    "increased reduced"
)
"""Words ending in -ed that do not put a clause in the past (adjectives, plans, nouns)."""
_ABBREVIATIONS = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st gen col lt sgt capt gov sen rep "
    "inc corp co ltd no vs jr sr prof rev ft mt u.s a.m p.m e.g i.e etc"
)
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds: a full stop ends one unless it closes an abbreviation ("Jan. 2", "Mr.")."""
    bounds, start = [], 0
    for m in _SENTENCE.finditer(text):
        if text[m.start() - 1] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(0, m.start() - 12) : m.start()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am|to|will|would|'ll)\s+(?:\w+ly\s+|not\s+)?$", re.I)


def _past_marker(text: str, m: re.Match[str]) -> bool:
    """A past-tense word that says the clause is about the past: not an adjective ("preferred
    shares"), not a participle after "will be" or "to be" ("will be paid")."""
    word = m.group().lower()
    if word in _NOT_PAST:
        return False
    if (word.endswith("ed") or word in _PARTICIPLES) and _PASSIVE.search(text[: m.start()]):
        return False
    return not (
        word.endswith("ed")
        and word not in _PAST_VERBS_ED
        and re.match(
            r"\s+(?:shares?|stock|price|rate|"
            r"dividend|notes?|debentures?|bonds?)\b",
            text[m.end() :],
            re.I,
        )
    )


_GENERIC_DAY = re.compile(
    r"'s\s+(?:world|youth|society|generations?|young|children|kids|families|economy|culture|standards|"
    r"personal\s+computers|technology|consumers?)\b",
    re.I,
)
"""After "today's"/"tomorrow's", nouns that make it the age we live in rather than a day."""
_PARTICIPLES = _words(
    "paid held made sold built sent brought bought found led kept hit shed shot struck fought won lost met "
    "left given taken seen done known thrown torn chosen driven flown grown spoken written broken begun stood"
)
"""Irregular past participles: after "will be" or "to be" ("will be paid") they do not speak of the past."""
_PAST_VERBS_ED = frozenset({"killed", "attacked", "launched", "reported", "announced", "claimed", "added"})


@dataclass
class _Ctx:
    text: str
    dct: dt.date | None
    sentences: list[tuple[int, int]]
    last_day: dt.date | None = None
    last_year: int | None = None
    last_month: tuple[int, int] | None = None
    named_year: int | None = None
    """The year the text last named in digits ("in 2010"), which "later in the year" speaks of;
    a year counted from publication ("next year") clears it."""
    """(year, month) of the last day or month named: "the following month" counts from it."""
    financial: bool = False
    """An earnings report (it names a quarter): "a year ago" is the same quarter a year before."""
    quarters: tuple[tuple[int, int], ...] = ()
    """(offset, number 1-4) of each quarter an earnings report names ("third-quarter", "its fiscal
    first quarter"): "the latest period", "the quarter" and "a year earlier" speak of the first one
    named, even a fiscal quarter, rather than of the last calendar quarter."""

    def named_quarter(self) -> int | None:
        return self.quarters[0][1] if self.quarters else None

    def sentence(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e or pos < s:
                return s, e
        return self.sentences[-1]

    def direction(self, start: int, end: int) -> int:
        """-1 when the sentence around [start, end) speaks of the past, 1 of the future, 0 unknown."""
        return self.tense(start, end)[0]

    def tense(self, start: int, end: int) -> tuple[int, bool]:
        """(direction, near): `near` when the word that gives the tense stands within a few words
        of the expression ("left on 28 Dec"), not at the head of a long sentence ("said ...")."""
        s, e = self.sentence(start)
        before = self.text[s:start]
        after = self.text[end:e]
        if (lead := _LEAD.search(before)) is not None:
            if lead.group(1).lower() == "since":
                return -1, True  # "since March": the last March before publication
            if not re.search(r"\bhad\b", before.split(",")[-1] + after, re.I):
                return 1, True  # "a deadline of mid-November", "to pay down the loan by February"
        clause = re.split(r"[;:]|,\s*(?:but|while|and)\s|\bwhen\b|\bafter\b|\bbecause\b", before)[-1]
        best: tuple[int, int] | None = None  # (position, direction) of the closest marker before
        for m in _FUTURE.finditer(clause):
            best = max(best or (-1, 0), (m.start(), 1))
        for m in _FUTURE_IN_PAST.finditer(clause):
            best = max(best or (-1, 0), (m.end(), -1))
        for m in _PAST.finditer(clause):
            if not _past_marker(clause, m):
                continue
            best = max(best or (-1, 0), (m.start(), -1))
        if best is not None:
            return best[1], len(clause) - best[0] <= _NEAR
        tail = re.split(r"[;:]|,\s*(?:but|while|and)\s", after)[0]
        first: tuple[int, int] | None = None
        for m in _FUTURE.finditer(tail):
            first = min(first or (10**9, 0), (m.start(), 1))
        for m in _PAST.finditer(tail):
            if _past_marker(tail, m):
                first = min(first or (10**9, 0), (m.start(), -1))
        if first is not None:
            return first[1], first[0] <= _NEAR
        if clause != before:  # "are expected to resume after the holiday in October": the main clause
            return self.tense_of(before)
        return 0, False

    def tense_of(self, text: str) -> tuple[int, bool]:
        """The direction of the last tense marker in `text`, never near (it stands a clause away)."""
        best: tuple[int, int] | None = None
        for m in _FUTURE.finditer(text):
            best = max(best or (-1, 0), (m.start(), 1))
        for m in _PAST.finditer(text):
            if _past_marker(text, m):
                best = max(best or (-1, 0), (m.start(), -1))
        return (best[1], False) if best is not None else (0, False)


_NEAR = 30
"""Characters between a tense marker and a time expression for the marker to count as near."""
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|can|shall|should|must|'ll)\s+$", re.I)
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 14)}
"""First and last month of each season (winter runs into the next year's February)."""
_HOLIDAY_NEAR = 10
"""Days from publication within which a holiday is this year's whatever the tense says."""
_LEAD = re.compile(r"\b(since|until|till|by)\s+$", re.I)
"""A preposition right before the expression that says which way it points: "since" to the past,
"until" and "by" (a deadline) to the future unless the clause is in the past perfect."""


# ---------------------------------------------------------------- resolution helpers
def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _closest_day(
    month: int, day: int, anchor: dt.date, direction: int, *, near: bool = True
) -> dt.date | None:
    """Month and day without a year: the one before the anchor (past), after it (future), or nearest."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    nearest = min(options, key=lambda d: (abs((d - anchor).days), d > anchor))
    if direction <= 0:
        past = [d for d in options if d <= anchor]
        chosen = max(past) if past else nearest
    else:
        future = [d for d in options if d >= anchor]
        chosen = min(future) if future else nearest
    # Tense only chooses between two near dates: almost a year away is the other year, and a
    # tense read far from the date ("said ... payable Dec. 14") does not outweigh a date weeks away.
    if abs((chosen - anchor).days) > 345 or (
        not near and abs((chosen - anchor).days) > 180 and abs((nearest - anchor).days) <= 90
    ):
        return nearest
    return chosen


def _weekday_date(target: int, anchor: dt.date, direction: int) -> dt.date:
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if direction > 0:
        return anchor + dt.timedelta(days=ahead)
    if direction <= 0 or back <= ahead:
        return anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=ahead)


def _closest_month(month: int, anchor: dt.date, direction: int, *, near: bool = True) -> int:
    """The year of a bare month name."""
    if month == anchor.month:
        return anchor.year
    ahead = (month - anchor.month) % 12
    back = 12 - ahead
    later = anchor.year if month > anchor.month else anchor.year + 1
    earlier = anchor.year if month < anchor.month else anchor.year - 1
    if not near and direction and min(ahead, back) <= 3 and max(ahead, back) >= 8:
        return later if ahead < back else earlier  # a far tense word does not move a month by most of a year
    if direction < 0:
        return earlier
    if direction > 0:
        return earlier if ahead >= 9 and back <= 3 else later
    return later if ahead <= 4 else earlier


_Result = tuple[str, str | None, str | None]  # (type, value, precision)


def _clock_value(m: re.Match[str], day: dt.date | None) -> str | None:
    if m.group("noon"):
        word = m.group("noon").lower()
        hhmm = "24:00" if word == "midnight" else "12:00"
    else:
        hh = int(m.group("hh") or m.group("hh2"))
        mm = int(m.group("mm") or m.group("mm2") or 0)
        ap = (m.group("ap") or m.group("ap2") or "").lower().replace(".", "").replace(" ", "")
        part = (m.group("clockpart") or "").lower()
        if (ap == "pm" or part in {"afternoon", "evening"}) and hh < 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
        hhmm = f"{hh:02d}:{mm:02d}"
    return None if day is None else f"{day.isoformat()}T{hhmm}"


def _year_of(m: re.Match[str], group: str = "year") -> int:
    return int(m.group(group))


def _two_digit_year(yy: str) -> int:
    n = int(yy)
    return 1900 + n if n >= 30 else 2000 + n


def _day_number(word: str) -> int:
    w = word.lower()
    return ORDINALS[w] if w in ORDINALS else int(re.sub(r"\D", "", w))


class _Resolver:
    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx

    def resolve(self, kind: str, m: re.Match[str], start: int, end: int) -> _Result | None:
        handler: Callable[[re.Match[str], int, int], _Result | None] = getattr(self, "_" + kind)
        return handler(m, start, end)

    # -- helpers
    @property
    def dct(self) -> dt.date | None:
        return self.ctx.dct

    def _day(self, day: dt.date | None, part: str | None = None) -> _Result:
        """A calendar day. "Friday evening" and "Friday afternoon" are the day's part (2024-11-22TEV);
        "Friday night" and "Friday morning" are the day itself, as TimeBank most often writes them."""
        if day is None:
            return "DATE", None, DAY
        self.ctx.last_day = day
        self.ctx.last_year = day.year
        self.ctx.last_month = (day.year, day.month)
        if part is not None and part.lower() in {"evening", "afternoon"}:
            return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part.lower()]}", DAY
        return "DATE", day.isoformat(), DAY

    def _iso(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        try:
            return self._day(dt.date(int(m.group("year")), int(m.group("mnum")), int(m.group("day"))))
        except ValueError:
            return None

    def _numeric(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        year = m.group("year")
        y = _two_digit_year(year) if len(year) == 2 else int(year)
        try:
            return self._day(dt.date(y, int(m.group("mnum")), int(m.group("day"))))
        except ValueError:
            return None

    def _mdy(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        year = int(m.group("year")) if m.group("year") else _two_digit_year(m.group("yy"))
        try:
            result = self._day(dt.date(year, month_number(m.group("mon")), _day_number(m.group("day"))))
        except (ValueError, KeyError):
            return None
        self.ctx.named_year = year
        return result

    _dmy = _mdy

    def _md(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        day = _day_number(m.group("day"))
        if not 1 <= day <= 31:
            return None
        if self.dct is None:
            return "DATE", None, DAY
        wdmod = (m.groupdict().get("wdmod") or "").lower()
        direction = 1 if "coming" in wdmod or wdmod == "next" else -1 if wdmod in {"last", "this past"} else 0
        near = True
        if not direction:
            direction, near = self.ctx.tense(s, e)
        result = self._day(_closest_day(month_number(m.group("mon")), day, self.dct, direction, near=near))
        if m.groupdict().get("weekof") and self.ctx.last_day is not None:
            return "DATE", _iso_week(self.ctx.last_day), WEEK  # "the week of March 6"
        return result

    _dm = _md

    def _month_year(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("syear"):
            found = spelled_year(m.group("syear"))
            if found is None:
                return None
            year = found
        else:
            year = _two_digit_year(m.group("yy"))
        self.ctx.last_year = self.ctx.named_year = year
        self.ctx.last_month = (year, month_number(m.group("mon")))
        return "DATE", f"{year}-{month_number(m.group('mon')):02d}", MONTH

    def _month(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        mon = m.group("mon")
        month = month_number(mon)
        rel = (m.group("rel") or "").lower()
        rely = (m.group("rely") or "").lower()
        before = self.ctx.text[max(0, s - 12) : s].lower()
        if (
            mon in {"May", "March"}
            and not (rel or rely or m.group("edge"))
            and not re.search(
                r"\b(?:in|since|until|till|by|from|through|to|of|during|before|after|early|late|mid|and|or|between)[-\s]+$",
                before,
            )
            and not (
                re.search(r"\b(?:the|this|last|next)\s+$", before)
                and re.match(
                    r"\s+(?!(?:for|of|to|on|in|and|or|at|from|by|with)\b)[a-z]{3,}\b",
                    self.ctx.text[e : e + 20],
                )
            )
        ):
            return None  # "May" the verb or a name, "March" the noun ("the March accession" is a month)
        if self.dct is None:
            return "DATE", None, MONTH
        if rely:
            year = self.dct.year + {"last": -1, "this": 0, "next": 1}[rely]
        elif rel in {"last", "this past", "past"}:
            year = self.dct.year if month < self.dct.month else self.dct.year - 1
        elif rel in {"next", "this coming", "coming"}:
            year = self.dct.year if month > self.dct.month else self.dct.year + 1
        elif rel == "this":
            year = self.dct.year
        else:
            direction, near = self.ctx.tense(s, e)
            year = _closest_month(month, self.dct, direction, near=near)
        self.ctx.last_year = year
        self.ctx.last_month = (year, month)
        return "DATE", f"{year}-{month:02d}", MONTH

    def _year(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        year = int(m.group("year"))
        after = self.ctx.text[e : e + 25]
        before = self.ctx.text[max(0, s - 12) : s]
        if not (m.group("edge") or m.group("fiscal") or m.group("tail")):
            # A bare four-digit number: a year unless it counts something or is an amount.
            if re.match(
                r"\s+(?!(?:levels?|prices|figures|results|terms|elections?|standards|rates|sales|earnings|"
                r"census|budget|season|dollars|olympics|games)\b)[a-z]+s\b",
                after,
            ):
                return None
            if re.search(
                r"(?:No\.|number|route|flight|room|page|article|resolution|model|code|[\d,]|\bat)\s*$",
                before,
                re.I,
            ):
                return None
            if re.match(r"\s*(?:-|to|and)\s*\d", after) and not re.match(
                r"\s*(?:-\s*\d\d\b|(?:-|to|and)\s*(?:1[6-9]|20)\d\d\b)", after
            ):
                return None
        self.ctx.last_year = self.ctx.named_year = year
        return "DATE", str(year), YEAR

    def _spelled_year(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        year = spelled_year(m.group("syear"))
        if year is None:
            return None
        words = m.group("syear").lower()
        if (
            words.startswith("two thousand")
            and not m.group().lower().startswith("the year")
            and not re.search(r"\b(?:in|since|until|by|of|from)\s+$", self.ctx.text[max(0, s - 8) : s], re.I)
        ):
            return None  # "two thousand" alone is a number
        self.ctx.last_year = year
        return "DATE", str(year), YEAR

    def _decade(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if m.group("decw"):
            words = [
                "twenties",
                "thirties",
                "forties",
                "fifties",
                "sixties",
                "seventies",
                "eighties",
                "nineties",
            ]
            digits = f"19{words.index(m.group('decw').lower()) + 2}"
        elif m.group("dec2"):
            digits = f"19{m.group('dec2')}"
        else:
            digits = f"{m.group('cent')}{m.group('dec')}"
        return "DATE", digits if m.group("the") else digits + "X", None

    def _century(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        word = m.group("cord").lower()
        if word in {"this", "last", "next", "the past", "the last"}:
            if word in {"the past", "the last"}:
                return "DURATION", "P100Y", None
            if self.dct is None:
                return "DATE", None, None
            if word == "this":
                return "DURATION", "P100Y", None
            n = self.dct.year // 100 + (1 if word == "next" else -1)
            return "DATE", f"{n:02d}", None
        n = ORDINALS.get(word, 21) if not re.search(r"\d", word) else int(re.sub(r"\D", "", word))
        if n is None or not 1 <= n <= 22:
            return None
        return "DATE", f"{n - 1:02d}", None

    def _quarter(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if m.group("qd"):
            q = int(m.group("qd"))
            year = int(m.group("qyear3")) if m.group("qyear3") else None
        else:
            word = m.group("qn").lower()
            q = {
                "first": 1,
                "1st": 1,
                "second": 2,
                "2nd": 2,
                "third": 3,
                "3rd": 3,
                "fourth": 4,
                "4th": 4,
                "final": 4,
            }[word]
            year = int(m.group("qyear") or m.group("qyear2") or 0) or None
        det = (m.groupdict().get("qdet") or "").lower()
        mods = (m.groupdict().get("qmod") or "").lower()
        rel = (m.groupdict().get("qy2rel") or "").lower()
        if m.groupdict().get("qpl"):
            return "SET", f"XXXX-Q{q}", None
        if year is None:
            if self.dct is None:
                return "DATE", None, None
            year = self.dct.year
            if (
                "last year" in det
                or "year-ago" in mods
                or "year-earlier" in mods
                or "ago" in rel
                or "earlier" in rel
                or "last" in rel
            ):
                year -= 1
            elif "next year" in det or "next" in rel:
                year += 1
            elif "this" in det or "this" in rel:
                pass
            else:
                current = _quarter_of(self.dct)
                if q > current and (q - current) >= 2:
                    year -= 1
        return "DATE", f"{year}-Q{q}", None

    def _half(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        h = 1 if m.group("hn").lower() == "first" else 2
        if m.group("hyear"):
            year = int(m.group("hyear"))
        elif self.dct is None:
            return "DATE", None, None
        else:
            year = self.dct.year + {"last": -1, "next": 1}.get((m.group("hrel") or "").lower(), 0)
        return "DATE", f"{year}-H{h}", None

    def _quarterly(self, at: int) -> bool:
        """An earnings report compares quarters, unless the sentence at `at` speaks of a longer
        period ("in the first nine months ... a year earlier" is the year before)."""
        if not self.ctx.financial:
            return False
        s, e = self.ctx.sentence(at)
        return not _LONGER_PERIOD.search(self.ctx.text, s, e)

    def _reference_quarter(self) -> tuple[int, int] | None:
        """The quarter a financial report speaks of: the first one it names (a report's lead names
        the quarter reported), in the year before publication when it lies after the publication's
        quarter; else the last quarter completed before publication."""
        if self.dct is None:
            return None
        named = self.ctx.named_quarter()
        if named is not None:
            return (self.dct.year, named) if named <= _quarter_of(self.dct) else (self.dct.year - 1, named)
        q = _quarter_of(self.dct) - 1
        return (self.dct.year, q) if q else (self.dct.year - 1, 4)

    def _fin_period(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        word = m.group("fword").lower()
        mods = (m.group("fmod") or "").lower()
        det = (m.group("fdet") or "").lower()
        if word == "period" and not (mods or m.group("fyear")):
            return None
        if word == "quarter" and det in {"that"} and not mods:
            ref = self._reference_quarter()
            return ("DATE", f"{ref[0]}-Q{ref[1]}", None) if ref else None
        ref = self._reference_quarter()
        if ref is None:
            return "DATE", None, None
        year, q = ref
        if self.dct is not None and ("current" in mods or (det == "this" and not self.ctx.financial)):
            year, q = self.dct.year, _quarter_of(self.dct)  # "this quarter" outside an earnings report
        if m.group("fyear"):
            year = int(m.group("fyear"))
        if (
            any(w in mods for w in ("year-ago", "year-earlier", "comparable", "corresponding", "year-before"))
            or m.group("fago")
            or det == "last year's"
        ):
            year -= 1
        return "DATE", f"{year}-Q{q}", None

    def _year_ago_fin(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        ref = self._reference_quarter()
        if ref is None:
            return None
        if self._quarterly(s):
            return "DATE", f"{ref[0] - 1}-Q{ref[1]}", None
        return ("DATE", str(self.dct.year - 1), YEAR) if self.dct else None

    def _season(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        season = m.group("season").lower()
        mod = " ".join((m.group("smod") or "").lower().split())
        year_text = m.group("syear") or m.group("syear2")
        if season in {"fall", "spring"} and not (mod or year_text):
            return None  # "prices fall", "a spring"
        if not (mod or year_text):
            before = self.ctx.text[max(0, s - 10) : s].lower()
            if not re.search(r"\b(?:in|during|over|by|since|until|this|last|next|through)\s+$", before):
                return None
        code = SEASONS[season]
        if year_text:
            year = int(year_text) if year_text.isdigit() else spelled_year(year_text)
            if year is None:
                return None
        elif self.dct is None:
            return "DATE", None, None
        elif m.group("srel"):
            year = self.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("srel").lower()]
        else:
            year = self.dct.year
            if mod in {"last", "the past"}:
                year -= 1
            elif mod in {"next", "the coming"}:
                year += 1
            elif season == "winter" and self.dct.month <= 3 and mod in {"this past", ""}:
                year -= 1
            elif mod in {"", "the", "early", "late", "mid", "the early", "the late"}:
                year += self._season_shift(season, s, e)
        return "DATE", f"{year}-{code}", None

    def _season_shift(self, season: str, s: int, e: int) -> int:
        """A season named beside a past-tense verb that has not begun by publication is last year's
        ("the offensive stalled in the summer", written in March); beside a future-tense verb, one
        that is over is next year's."""
        assert self.dct is not None
        first, last = _SEASON_MONTHS[season]
        direction, near = self.ctx.tense(s, e)
        if not near:
            return 0
        if direction < 0 and first > self.dct.month:
            return -1
        if direction > 0 and last < self.dct.month:
            return 1
        return 0

    def _holiday(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        name = m.group("hol")
        if m.group("holyear"):
            return self._holiday_result(holiday(name, int(m.group("holyear"))), m)
        if self.dct is None:
            return "DATE", None, DAY
        mod = (m.group("hmod") or "").lower()
        this_year = holiday(name, self.dct.year)
        if this_year is None:
            return None
        direction = -1 if mod == "last" else 1 if mod == "next" else self.ctx.direction(s, e)
        other = None
        if direction < 0 and this_year > self.dct:
            other = holiday(name, self.dct.year - 1)
        elif direction > 0 and this_year < self.dct:
            other = holiday(name, self.dct.year + 1)
        # Tense picks the year unless the holiday is days away: "as Easter week began" six days
        # before Easter Sunday is this Easter, not last year's.
        if other is not None and (mod or abs((this_year - self.dct).days) > _HOLIDAY_NEAR):
            this_year = other
        return self._holiday_result(this_year, m)

    def _holiday_result(self, day: dt.date | None, m: re.Match[str]) -> _Result:
        """The holiday's day, or with "week" ("Easter week") the ISO week that holds it."""
        if day is None or not m.group("holweek"):
            return self._day(day)
        self._day(day)
        return "DATE", _iso_week(day), WEEK

    def _deictic_day(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        word = " ".join(m.group("dword").lower().split())
        part = m.group("part") or m.group("dpart_pre")
        if self.dct is None:
            return ("TIME" if part else "DATE"), None, DAY
        if word in {"today", "tomorrow"} and not part and self._generic_day(s, e):
            return None  # "today's youth", "the people of tomorrow": the present or future age, no date
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                 "the day after tomorrow": 2}[word]  # fmt: skip
        day = self.dct + dt.timedelta(days=shift)
        if word == "tonight":
            self.ctx.last_day = day
            return "TIME", day.isoformat(), DAY
        return self._day(day, part)

    def _generic_day(self, s: int, e: int) -> bool:
        return bool(
            _GENERIC_DAY.match(self.ctx.text, e)
            or re.search(
                r"\b(?:people|world|leaders|society)\s+of\s+$", self.ctx.text[max(0, s - 20) : s], re.I
            )
        )

    def _this_part(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if self.dct is None:
            return "TIME", None, DAY
        if m.group("overnight"):
            return "TIME", self.dct.isoformat(), DAY
        if m.group("midday"):
            word = m.group("midday").lower()
            if "day" in word:
                return "TIME", f"{self.dct.isoformat()}T12:00", DAY
            return (
                "TIME",
                f"{self.dct.isoformat()}T{PARTS_OF_DAY['afternoon' if 'after' in word else 'morning']}",
                DAY,
            )
        which = m.group("which").lower()
        part = m.group("part").lower()
        shift = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[which]
        if which == "last" and part != "night":
            shift = -1
        day = self.dct + dt.timedelta(days=shift)
        self.ctx.last_day = day
        return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", DAY

    def _weekday(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        result = self._weekday_itself(m, s, e)
        shift = {"before": -1, "after": 1}.get((m.group("wshift") or "").lower())
        if shift is None or result is None or self.ctx.last_day is None or result[1] is None:
            return result
        return self._day(self.ctx.last_day + dt.timedelta(days=shift))  # "the day before last Tuesday"

    def _weekday_itself(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        target = weekday_number(m.group("wd"))
        mod = " ".join((m.group("wmod") or "").lower().split())
        part = m.group("part")
        if mod in {"the previous", "the following", "the next", "that", "the same"}:
            anchor = self.ctx.last_day
            if anchor is None:
                return ("TIME" if part else "DATE"), None, DAY
            direction = -1 if mod == "the previous" else 1 if mod in {"the following", "the next"} else 0
            if direction < 0:
                day = anchor - dt.timedelta(days=(anchor.weekday() - target) % 7 or 7)
            elif direction > 0:
                day = anchor + dt.timedelta(days=(target - anchor.weekday()) % 7 or 7)
            else:
                day = _weekday_date(target, anchor, 0)
            return self._day(day, part)
        if self.dct is None:
            return ("TIME" if part else "DATE"), None, DAY
        if mod in {"next", "this coming", "coming"}:
            ahead = (target - self.dct.weekday()) % 7 or 7
            return self._day(self.dct + dt.timedelta(days=ahead), part)
        if mod in {"last", "this past", "past"}:
            back = (self.dct.weekday() - target) % 7 or 7
            return self._day(self.dct - dt.timedelta(days=back), part)
        direction = self.ctx.direction(s, e)
        return self._day(_weekday_date(target, self.dct, direction), part)

    def _weekday_set(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        name = m.group("swd") or m.group("pwd") or m.group("pwd2")
        part = m.group("spart") or (m.group("ppart") or "").rstrip("s")
        value = f"XXXX-WXX-{weekday_number(name) + 1}"
        if part:
            value += "T" + PARTS_OF_DAY[part.lower()]
        return "SET", value, None

    def _ago(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        direction = m.group("dir").lower()
        sign = -1 if direction in {"ago", "earlier", "before"} else 1
        if m.group("bare"):
            return ("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
        n = word_number(m.group("num"))
        unit = m.group("unit").lower().rstrip("s")
        anchor = self.dct if direction in {"ago", "hence", "from now"} else (self.ctx.last_day or self.dct)
        if direction in {"earlier", "ago"} and unit == "year" and n == 1 and self._quarterly(s):
            ref = self._reference_quarter()
            if ref is not None:
                return "DATE", f"{ref[0] - 1}-Q{ref[1]}", None
        if anchor is None:
            return "DATE", None, None
        if n is None:
            if unit in {"year", "decade"} and sign < 0:
                return "DATE", "PAST_REF", None
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
        n = int(n) if float(n).is_integer() else n
        if unit in {"day", "night"}:
            return self._day(anchor + dt.timedelta(days=sign * int(n)))
        if unit == "week":
            day = anchor + dt.timedelta(days=sign * 7 * int(n))
            if n <= 2:
                return self._day(day)
            return "DATE", _iso_week(day), WEEK
        if unit == "month":
            year, month = _shift_month(anchor.year, anchor.month, sign * int(n))
            return "DATE", f"{year}-{month:02d}", MONTH
        if unit == "quarter":
            year, month = _shift_month(anchor.year, anchor.month, sign * 3 * int(n))
            return "DATE", f"{year}-Q{(month - 1) // 3 + 1}", None
        if unit in {"year", "decade", "century"}:
            years = int(n * {"year": 1, "decade": 10, "century": 100}[unit])
            year = anchor.year + sign * years
            self.ctx.last_year = year
            return "DATE", str(year), YEAR
        if unit in {"hour", "minute", "second"}:
            return "TIME", None, None
        return None

    def _rel_unit(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        rel = " ".join(m.group("rel").lower().split())
        unit = m.group("ru").lower()
        rmod = " ".join((m.group("rmod") or "").lower().split())
        if rel in {"the", "a"}:
            if unit == "weekend" and rel == "the" and self.dct is not None:
                return (
                    "DATE",
                    _iso_week(self.dct - dt.timedelta(days=(self.dct.weekday() + 2) % 7 or 7)) + "-WE",
                    WEEK,
                )
            if (
                unit == "year"
                and rel == "the"
                and rmod
                in {
                    "the end of",
                    "the beginning of",
                    "the start of",
                    "the middle of",
                    "the rest of",
                    "the remainder of",
                }
                and self.dct
            ):
                return "DATE", str(self._salient_year()), YEAR
            if unit == "year" and rel == "the" and not rmod:
                # "for the year ended Sept. 30" is a fiscal year's length; "for the year" is this one
                if re.match(r"\s+(?:ended|ending)\b", self.ctx.text[e : e + 10]) or self.dct is None:
                    return "DURATION", "P1Y", None
                return "DATE", str(self._salient_year()), YEAR
            return None
        if unit in {"day", "night", "morning"}:
            return self._anaphoric_day(rel, unit)
        if rel in {
            "the full",
            "the fiscal",
            "the current fiscal",
            "this fiscal",
            "the latest fiscal",
            "last fiscal",
            "next fiscal",
        }:
            if unit != "year" or self.dct is None:
                return None
            year = (
                self.dct.year
                - (1 if rel in {"last fiscal", "the latest fiscal"} else 0)
                + (1 if rel == "next fiscal" else 0)
            )
            if rel == "the fiscal" and re.match(r"\s+(?:ended|ending)\b", self.ctx.text[e : e + 10]):
                return "DURATION", "P1Y", None
            return "DATE", str(year), YEAR
        if rel in {"that", "the same", "the following", "the previous", "the preceding", "the prior"}:
            return self._anaphoric_unit(rel, unit)
        if self.dct is None:
            return "DATE", None, None
        shift = _REL_SHIFT.get(rel, 0)
        if rel in {"the past", "the last", "the next", "the coming"} and unit in {"week", "month"}:
            shift = 0 if rel in {"the past", "the last"} else shift
        if unit in {"week", "weekend"}:
            week = _iso_week(self.dct + dt.timedelta(days=7 * shift))
            return "DATE", week + "-WE" if unit == "weekend" else week, WEEK
        if unit == "month":
            year, month = _shift_month(self.dct.year, self.dct.month, shift)
            return "DATE", f"{year}-{month:02d}", MONTH
        if unit == "year":
            year = self.dct.year + shift
            self.ctx.last_year = year
            self.ctx.named_year = None
            return "DATE", str(year), YEAR
        if unit == "decade":
            if rel in {"the past", "the last", "past"}:
                return "DURATION", "P10Y", None
            decade = self.dct.year // 10 + shift
            return "DATE", f"{decade}", None
        return None

    def _anaphoric_day(self, rel: str, unit: str) -> _Result | None:
        anchor = self.ctx.last_day
        shift = {"the same": 0, "that": 0, "the following": 1, "the next": 1, "the previous": -1,
                 "the preceding": -1, "the prior": -1}.get(rel)  # fmt: skip
        if shift is None:
            return None
        if anchor is None:
            return "DATE", None, DAY
        day = anchor + dt.timedelta(days=shift)
        if unit == "morning":
            self.ctx.last_day = day
            return "TIME", f"{day.isoformat()}TMO", DAY
        return self._day(day)

    def _anaphoric_unit(self, rel: str, unit: str) -> _Result | None:
        shift = {"the same": 0, "that": 0, "the following": 1, "the previous": -1, "the preceding": -1,
                 "the prior": -1}[rel]  # fmt: skip
        if unit == "year":
            year = self.ctx.last_year
            if year is None and shift and self.dct is not None:
                year = self.dct.year  # "the prior year" with no year named before: the publication's
            if year is None:
                return "DATE", None, YEAR
            return "DATE", str(year + shift), YEAR
        if unit in {"week", "weekend"}:
            anchor = self.ctx.last_day
            if anchor is None:
                return "DATE", None, WEEK
            week = _iso_week(anchor + dt.timedelta(days=7 * shift))
            return "DATE", week + "-WE" if unit == "weekend" else week, WEEK
        if unit == "month":
            if self.ctx.last_month is None:
                return "DATE", None, MONTH
            year, month = _shift_month(*self.ctx.last_month, shift)
            self.ctx.last_month = (year, month)
            return "DATE", f"{year}-{month:02d}", MONTH
        return None

    def _in_the(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        unit = m.group("ru").lower()
        if self.dct is None:
            return "DATE", None, None
        if unit == "day":
            anchor = self.ctx.last_day or self.dct
            return "DATE", anchor.isoformat(), DAY
        if unit == "week":
            return "DATE", _iso_week(self.dct), WEEK
        if unit == "month":
            return "DATE", f"{self.dct.year}-{self.dct.month:02d}", MONTH
        if unit == "year":
            return "DATE", str(self._salient_year()), YEAR
        return None

    def _salient_year(self) -> int:
        """The year "the year" speaks of: the last one the text named ("in 2010 ... later in the
        year"), else the publication's."""
        assert self.dct is not None
        return self.ctx.named_year if self.ctx.named_year is not None else self.dct.year

    def _year_end(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if self.dct is None:
            return "DATE", None, None
        return "DATE", str(self.dct.year), YEAR

    def _duration(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        num = m.group("num")
        if (
            num.lower() in {"a", "an"}
            and not (m.group("det") or m.group("rel"))
            and re.search(
                r"(?:\d|[a-z]{3,}s|million|billion|thousand|hundred|percent|%)\s+$",
                self.ctx.text[max(0, s - 20) : s],
            )
        ):
            return None  # a rate: "$500 million a year", "24 hours a day", "four flights a week"
        unit = m.group("unit")
        if m.group().lower() in {"one day", "some day"} and _MODAL_BEFORE.search(self.ctx.text, 0, s):
            return "DATE", "FUTURE_REF", None  # "Islam will one day be ...": an unnamed day ahead
        n = word_number(num)
        if m.group("num2") and (word_number(m.group("num2")) or 0) > 10:
            n = None  # "the next 12 to 18 months": TimeBank writes PXM; "two to three weeks" keeps P2W
        if re.fullmatch(r"\d+\.\d+", num.replace(",", "")) is None and n is not None and n > 10000:
            return None
        if unit.lower().startswith("quarter") and re.match(r"\s+of\b", self.ctx.text[e : e + 5]):
            return None  # a fraction: "three-quarters of its food"
        if unit.lower() == "second" and num.lower() in {"a", "an"}:
            return None  # "a second group"
        if "and a half" in m.group().lower() and n is not None and not num.lower().endswith("half"):
            n += 0.5 if float(n).is_integer() else 0
        value = duration(n, unit)
        return "DURATION", value, None

    def _unit_long(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        return "DURATION", duration(1, m.group("unit")), None

    def _and_day(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        """The second day of "April 24 and 25": the first is found as a date of its own."""
        month, day = month_number(m.group("mon")), int(m.group("day2"))
        if m.group("year"):
            try:
                return self._day(dt.date(int(m.group("year")), month, day))
            except ValueError:
                return None
        if self.dct is None:
            return "DATE", None, DAY
        direction, near = self.ctx.tense(s, e)
        return self._day(_closest_day(month, day, self.dct, direction, near=near))

    def _half_unit(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        return "DURATION", duration(0.5, m.group("unit")), None

    def _vague_plural(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        unit = m.group("vunit").lower()
        mod = (m.group("vmod") or "").lower()
        det = (m.group("vdet") or "").lower()
        before = self.ctx.text[max(0, s - 12) : s].lower()
        if not (mod or det or m.group("vtail") or m.group("vlong")) and not re.search(
            r"\b(?:for|over|in|within|after|take|takes|took|taken|last|lasted|spend|spent|wait|waited)\s+$",
            before,
        ):
            return None
        if det == "these" and unit == "days":
            return "DATE", "PRESENT_REF", None
        if mod == "recent" and unit == "years":
            return "DATE", "PAST_REF", None
        if mod == "coming" and unit == "months" and not det:
            return "DATE", "FUTURE_REF", None
        if unit == "decades" and m.group("vlong"):
            return "DURATION", "PXY", None
        return "DURATION", duration(None, unit), None

    def _set(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if m.group("sword"):
            word = m.group("sword").lower()
            return "SET", SETS[word], None
        unit = m.group("sunit").lower()
        value = _SET_UNITS[unit]
        return "SET", value, None

    def _ref(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        if m.group("present"):
            return "DATE", "PRESENT_REF", None
        if m.group("past"):
            return "DATE", "PAST_REF", None
        if m.group("soon") and self.ctx.direction(s, e) <= 0:
            return None  # "was soon released": soon after a past event, no reference to the future
        return "DATE", "FUTURE_REF", None

    def _clock(self, m: re.Match[str], s: int, e: int) -> _Result | None:
        day: dt.date | None = None
        if m.group("wd") and self.dct is not None:
            if m.group("cday") and m.group("cmon"):
                day = _closest_day(month_number(m.group("cmon")), int(m.group("cday")), self.dct, 0)
            else:
                day = _weekday_date(weekday_number(m.group("wd")), self.dct, self.ctx.direction(s, e))
        elif m.group("cdeictic") and self.dct is not None:
            day = self.dct + dt.timedelta(
                days={"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("cdeictic").lower()]
            )
        elif m.group("cmon2"):
            if m.group("cyear"):
                try:
                    day = dt.date(
                        int(m.group("cyear")), month_number(m.group("cmon2")), int(m.group("cday2"))
                    )
                except ValueError:
                    day = None
            elif self.dct is not None:
                day = _closest_day(
                    month_number(m.group("cmon2")), int(m.group("cday2")), self.dct, self.ctx.direction(s, e)
                )
        else:
            day = self.ctx.last_day or self.dct
        if day is not None and (m.group("wd") or m.group("cdeictic") or m.group("cmon2")):
            self.ctx.last_day = day
        return "TIME", _clock_value(m, day), DAY


_LEADING = re.compile(
    r"^(?:(?:on|in|at(?!\s+(?:least|most)\b)|for|since|from|until|till|by|during|through|of|to|about|only|just"
    r"|over(?=\s+the\b))\s+)",
    re.I,
)
_DETERMINER = re.compile(r"^(?:(?:its|their|his|her|our|your|under\s+its|under\s+their)\s+)", re.I)
_ADJECTIVE_DET = re.compile(
    r"^(?:(?:a|an|the|that|this|its|their)\s+)(?=[\w ]+-(?:quarter|year|month|week|day|hour|minute)\b|"
    r"\S+\s+(?:year|month|week|day|hour|minute)$|\w+-long$)",
    re.I,
)


_REL_SHIFT = {
    "last": -1, "past": -1, "the past": -1, "the last": -1, "this past": -1, "the latest": -1,
    "next": 1, "coming": 1, "the next": 1, "the coming": 1, "this": 0, "the current": 0,
}  # fmt: skip
_SET_UNITS = {
    "hour": "PT1H", "day": "P1D", "night": "P1D", "week": "P1W", "month": "P1M", "quarter": "P1Q",
    "year": "P1Y", "morning": "XXXX-XX-XXTMO", "evening": "XXXX-XX-XXTEV", "weekend": "XXXX-WXX-WE",
}  # fmt: skip
_FINANCIAL = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[-\s]quarter\b", re.I)
_LONGER_PERIOD = re.compile(r"\b(?:nine|six)\s+months\b|\b(?:first|second)\s+half\b|\bfiscal\s+year\b", re.I)
_QUARTER_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _named_quarters(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), _QUARTER_NUMBER[m.group(1).lower()]) for m in _FINANCIAL.finditer(text))


_TITLE_NOUNS = _words(
    "second seconds minute minutes hour hours day days night week weekend month year years noon midnight "
    "today tonight tomorrow now"
)
"""Time words written in lower case in running text: capitalised inside a sentence they belong to
a name ("This Week", "60 Minutes", "High Noon", "VOA Today")."""


def _in_title(text: str, start: int, end: int) -> bool:
    """The expression is (part of) a title: a time noun capitalised after the first word of a
    sentence, or a lone one right after another capitalised word ("VOA Today")."""
    words = text[start:end].split()
    if any(w in _TITLE_NOUNS for w in (x.lower() for x in words[1:])) and any(
        x[:1].isupper() and x[1:].islower() and x.lower() in _TITLE_NOUNS for x in words[1:]
    ):
        return not words[0].isupper()
    head = words[0]
    if not (head[:1].isupper() and head[1:].islower() and head.lower() in _TITLE_NOUNS):
        return False
    if text[end : end + 1] == ",":
        return False  # "... Astounding Today, people mock": a headline run into the text
    before = text[max(0, start - 30) : start].split()
    word = before[-1].lstrip("\"'`(“‘") if before else ""
    return word[:1].isupper() and not re.search(r"[.!?:\"'`”’]$", word)


def _trim(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    """TIMEX3 extents: no preposition ("on Tuesday"), no possessive ("its third quarter", "Friday's"),
    no article before a duration used as an adjective ("a two-year contract": "two-year")."""
    for _ in range(2):
        piece = text[start:end]
        lead = _LEADING.match(piece) or _DETERMINER.match(piece)
        if lead is None and kind in {"duration", "quarter", "fin_period"}:
            lead = _ADJECTIVE_DET.match(piece)
        if lead is None and kind == "weekday":
            lead = re.match(r"^(?:earlier|later)\s+", piece, re.I)
        if lead is None:
            break
        start += lead.end()
    while end > start and text[end - 1] in " ,;:\n\t":
        end -= 1
    if text[start:end].lower().endswith("'s") and not text[start:end].lower().endswith("year's"):
        end -= 2
    return start, end


def find_times(
    text: str, published: dt.date | None, *, skip: Callable[[int], bool] | None = None
) -> list[TimeMention]:
    """Time expressions of `text`, resolved against `published`, in text order.

    `skip(offset)` may veto a match start (page furniture, for example)."""
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    windows: dict[Trigger, list[tuple[int, int]]] = {}
    seen: set[tuple[int, int, str]] = set()
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ"): search as written
        lowered = text
    for kind, pattern in PATTERNS:
        trigger = TRIGGERS[kind]
        if trigger not in windows:
            windows[trigger] = _windows(text, _trigger_positions(text, lowered, trigger))
        for w_start, w_end in windows[trigger]:
            for m in pattern.finditer(text, w_start, w_end):
                if (m.start(), m.end(), kind) in seen:
                    continue
                seen.add((m.start(), m.end(), kind))
                start, end = _trim(text, *(m.span("day2") if kind == "and_day" else m.span()), kind)
                if end <= start or (skip is not None and skip(start)):
                    continue
                if kind != "holiday" and _in_title(text, start, end):
                    continue
                candidates.append((start, end, PRIORITY[kind], kind, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))

    # Longest first; a candidate its resolver turns down ("May" the verb) leaves room for the others.
    rejected: set[tuple[int, int, str]] = set()
    quarters = _named_quarters(text)
    for _ in range(8):
        chosen: list[tuple[int, int, str, re.Match[str]]] = []
        for start, end, _, kind, m in candidates:
            if (start, end, kind) in rejected or any(start < e and s < end for s, e, _, _ in chosen):
                continue
            chosen.append((start, end, kind, m))
        chosen.sort(key=lambda c: c[0])
        ctx = _Ctx(
            text=text,
            dct=published,
            sentences=_sentences(text),
            financial=bool(quarters),
            quarters=quarters,
        )
        resolver = _Resolver(ctx)
        out: list[TimeMention] = []
        newly = False
        for start, end, kind, m in chosen:
            result = resolver.resolve(kind, m, start, end)
            if result is None:
                rejected.add((start, end, kind))
                newly = True
                continue
            type_, value, precision = result
            out.append(TimeMention(span=Span(start, end), value=value, type=type_, precision=precision))
        if not newly:
            break
    return out
