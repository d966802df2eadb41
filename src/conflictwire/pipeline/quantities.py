"""Numbers with their units, and for counts of people and munitions, the slot they fill.

"five of the six missiles" is a value 5 `of` 6 missiles; the verb that governs it says
which count it is ("intercepted five of the six missiles": intercepted 5, launched 6;
"killing 12 people": killed 12). Measures (km, days, years, percent, money) are
quantities with a unit and never a count; ordinals ("the war's 1,000th day"), dates,
clock times, years, and numbers inside names ("S-300", "Game 6", "S&P 500") are not
quantities at all. A range ("from 5 to 7 per cent", "four to five thousand people") is one
quantity with a `high` end; its `value` is the low end, so a count read from it is a floor
("12 to 15 people were killed": at least 12 killed, approximate).

Units are named as CQE names them (`units.py`): "percentage", "dollar", "kilometre per
hour"; a count takes its noun phrase with the head noun's lemma ("96 Liverpool fans":
"liverpool fan", "six missiles": "missile").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from conflictwire.knowledge import Knowledge
from conflictwire.models import Quantity, Span
from conflictwire.pipeline.context import verb_phrase
from conflictwire.pipeline.doccache import doc_text
from conflictwire.pipeline.units import CURRENCY_SIGNS, SCALES, currency_before, unit_after


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD_VALUES: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
MULTIPLIERS: dict[str, float] = {
    "hundred": 100,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
FOLDS = {f"{w}fold": v for w, v in WORD_VALUES.items() if v > 1}
APPROXIMATORS = _words(
    "about around some nearly almost approximately roughly over more least up dozens hundreds thousands "
    "estimated than"
)
PEOPLE = frozenset({
    "people", "person", "civilian", "soldier", "child", "children", "resident", "troop", "serviceman",
    "servicemen", "fighter", "militant", "man", "men", "woman", "women", "worker", "passenger", "officer",
    "policeman", "rescuer", "medic", "journalist", "student", "member", "casualty", "victim", "body",
    "hostage", "prisoner", "citizen", "baby", "infant", "teenager", "boy", "girl", "staff", "crew", "sailor",
    "other", "others", "terrorist", "gunman", "gunmen", "attacker", "assailant", "suspect", "insurgent",
    "rebel", "doctor", "nurse", "visitor", "individual", "guard", "servicemember", "personnel", "official",
    "police",
    "tourist", "protester", "demonstrator", "refugee", "patient", "pilgrim", "worshipper", "diner", "shopper",
    "policewoman", "commander", "recruit", "cadet", "volunteer", "bystander", "pedestrian", "villager",
    "national",
    "general", "employee", "driver", "firefighter", "paramedic", "diplomat", "contractor", "farmer", "guest",
})  # fmt: skip
"""Nouns that count people; a demonym ("60 Israelis") counts people too (`_kind`)."""
PEOPLE_SLOTS = frozenset({"killed", "injured"})
"""A count of people can only be killed or injured ("one soldier fired a pistol" launched nothing);
a count of munitions never is ("two roadside bombs killed three people" killed three, not two)."""
MUNITIONS = frozenset({
    "missile", "drone", "rocket", "shell", "bomb", "projectile", "uav", "munition", "aircraft", "warplane",
    "jet", "helicopter", "interceptor", "mortar", "round", "glide", "kamikaze", "shahed",
})  # fmt: skip
KILL_ADJ = {
    "dead": "killed",
    "killed": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
}
TIME_UNITS = frozenset({
    "second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "century",
    "year of age", "month of age", "week of age", "day of age",
})  # fmt: skip
NAME_WORDS = _words(
    "category game no number article chapter page room route flight level phase season vol version model "
    "resolution section"
)
"""Words before a bare number that make it a label ("Game 6", "Resolution 2334")."""
NAME_TAILS = _words(
    "road street avenue st ave lane boulevard drive highway pro max mini ultra plus series edition zip"
)
"""Words after a bare number that make it part of a name ("575 Wilbraham Road", "iPhone 14 Pro")."""
_FIGURE = re.compile(
    r"(?P<sign>[-−]|minus-)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<tail>[A-Za-zμ°²³/]+\d?)?"
)
_SIGNS = "|".join(re.escape(s) for s in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_CURRENCY_FIGURE = re.compile(
    rf"(?P<cur>{_SIGNS})(?P<num>-?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?P<tail>[A-Za-z]+)?"
)
_SCALE_TOKENS = frozenset({"m", "m.", "mn", "mil", "mln", "bn", "bln", "b", "k", "tn", "M", "K"})


_HAS_DIGIT = re.compile(r"\d").search
_FRACTION = re.compile(r"(\d{1,3})\s*[/⁄]\s*([1-9]\d{0,3})").fullmatch
_ORDINAL_FIGURE = re.compile(r"[\d,]+(?:st|nd|rd|th)").fullmatch


@dataclass
class _Run:
    """Tokens that write one number: "1,000", "1.5 million", "$13.6M", "twenty-eight thousand"."""

    start: int
    end: int  # token index past the run
    value: float
    start_char: int
    end_char: int
    digits: bool
    glued: str | None = None  # a unit written onto the figure: "15kHz", "5G", "2.14degF"
    currency: str | None = None
    fold: bool = False
    scale: float = (
        1.0  # the scale word that closes the run ("five thousand": 1000), shared by a range's low end
    )


def _word_value(token: Token) -> float | None:
    total = 0.0
    parts = token.lower_.replace("-", " ").split()
    if not parts:
        return None
    for part in parts:
        if part not in WORD_VALUES:
            return None
        total += WORD_VALUES[part]
    return total


def _scale_after(doc: Doc, j: int, *, currency: bool) -> tuple[float, int]:
    """A scale word or abbreviation after a figure ("1.5 million", "$13.6M", "2.7m"): (factor, next index)."""
    if j >= len(doc):
        return 1.0, j
    token = doc[j]
    if token.lower_ in MULTIPLIERS:
        factor = MULTIPLIERS[token.lower_]
        if j + 1 < len(doc) and doc[j + 1].lower_ in MULTIPLIERS and MULTIPLIERS[doc[j + 1].lower_] > factor:
            return factor * MULTIPLIERS[doc[j + 1].lower_], j + 2
        return factor, j + 1
    attached = doc[j - 1].whitespace_ == ""
    if token.text in _SCALE_TOKENS and (attached or currency or token.text in {"bn", "mn", "B"}):
        if token.text in {"m", "M", "m."} and not (attached or currency):
            return 1.0, j
        if token.text in {"m", "m."} and j + 1 < len(doc) and doc[j + 1].text in {"2", "²", "("}:
            return 1.0, j  # "32m2", "the 37m (121ft) skeleton": metres
        return SCALES[token.text.lower().rstrip(".")], j + 1
    if token.text == "B" and not attached:
        return 1e9, j + 1
    return 1.0, j


def _runs(doc: Doc, text: str) -> list[_Run]:
    """Every number written in `doc` (whose text is `text`: `Doc.text` is rebuilt at each call), in order."""
    runs: list[_Run] = []
    tokens = list(doc)
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        word = token.lower_
        if not (
            _HAS_DIGIT(word) or word in WORD_VALUES or token.like_num or word in FOLDS or word in {"a", "one"}
        ):
            i += 1
            continue  # most tokens: no number at all
        if token.ent_type_ == "WEAPON" or _ORDINAL_FIGURE(word):
            i += 1
            continue  # "S-300", "the 1,000th day"
        if (cur := _CURRENCY_FIGURE.fullmatch(token.text)) is not None:
            value = float(cur.group("num").replace(",", ""))
            tail = (cur.group("tail") or "").lower()
            j = i + 1
            if tail in SCALES:
                value *= SCALES[tail]
            else:
                factor, j = _scale_after(doc, j, currency=True)
                value *= factor
            runs.append(_run(doc, i, j, value, digits=True, currency=CURRENCY_SIGNS[cur.group("cur")]))
            i = j
            continue
        if (fig := _FIGURE.fullmatch(token.text)) is not None and not token.text.endswith("-"):
            value = float(fig.group("num").replace(",", ""))
            if fig.group("sign"):
                value = -value
            glued = fig.group("tail")
            j = i + 1
            if glued is not None and glued.lower() in SCALES and glued != "B":
                if glued.lower() == "m" and j < n and doc[j].text in {"2", "²"}:
                    glued = "m2"
                    j += 1
                else:
                    value *= SCALES[glued.lower()]
                    glued = None
            elif glued is None:
                if j + 1 < n and re.fullmatch(r"\d/\d{1,2}", doc[j].text):  # "5 1/2"
                    a, b = doc[j].text.split("/")
                    value += int(a) / int(b)
                    j += 1
                factor, j = _scale_after(doc, j, currency=currency_before(text, token.idx) is not None)
                value *= factor
            runs.append(_run(doc, i, j, value, digits=True, glued=glued))
            i = j
            continue
        if token.lower_ in FOLDS:
            runs.append(_run(doc, i, i + 1, FOLDS[token.lower_], digits=False, fold=True))
            i += 1
            continue
        if (frac := _FRACTION(token.text)) is not None and i + 1 < n and doc[i + 1].lower_ == "of":
            # "1/16 of a pint"; a bare "9/11" or "24/7" is no fraction
            runs.append(_run(doc, i, i + 1, int(frac.group(1)) / int(frac.group(2)), digits=True))
            i += 1
            continue
        if (
            token.lower_ in {"a", "one"}
            and i + 1 < n
            and doc[i + 1].lower_ in MULTIPLIERS
            and doc[i + 1].lower_ != "hundred"
        ):
            factor, j = _scale_after(doc, i + 1, currency=False)
            runs.append(_run(doc, i, j, factor, digits=False))
            i = j
            continue
        if _word_value(token) is not None and not (token.lower_ == "dozen" and not _counted_dozen(doc, i)):
            j, value = _word_run(doc, i)
            runs.append(_run(doc, i, j, value, digits=False))
            i = j
            continue
        i += 1
    return runs


def _counted_dozen(doc: Doc, i: int) -> bool:
    """ "a dozen", "half a dozen": a count of twelve; "a baker's dozen" is not."""
    return i > 0 and doc[i - 1].lower_ in {"a", "half", "one"}


def _word_run(doc: Doc, i: int) -> tuple[int, float]:
    """A number written in words from token i: "twenty-eight thousand six hundred forty-two"."""
    total, current = 0.0, 0.0
    j, n = i, len(doc)
    while j < n:
        t = doc[j]
        if t.lower_ in MULTIPLIERS:
            scale = MULTIPLIERS[t.lower_]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        elif (v := _word_value(t)) is not None and t.ent_type_ not in {"WEAPON", "ORDINAL"}:
            if t.lower_ == "dozen":
                current = (current or 1) * 12
            elif current == 0:
                current = v
            elif (
                (current % 100 == 0 and v < 100)
                or (current % 10 == 0 and 20 <= current < 100 and v < 10)
                or (current >= 100 and current % 100 >= 20 and current % 10 == 0 and v < 10)
            ):
                current += v
            else:
                break
        elif (
            t.text == "-"
            and j + 1 < n
            and t.whitespace_ == ""
            and doc[j - 1].whitespace_ == ""
            and (_word_value(doc[j + 1]) is not None)
        ):
            pass  # "twenty-eight" split by the tokenizer
        elif t.lower_ == "and" and current >= 100 and j + 1 < n and _word_value(doc[j + 1]) is not None:
            pass  # "one hundred and five"
        else:
            break
        j += 1
    return j, total + current


def _run(doc: Doc, i: int, j: int, value: float, **kw: object) -> _Run:
    last = doc[j - 1]
    scale = SCALES.get(last.lower_.rstrip("."), 1.0) if j - 1 > i else 1.0
    return _Run(i, j, value, doc[i].idx, last.idx + len(last.text), scale=scale, **kw)  # type: ignore[arg-type]


def _slot_of_word(token: Token, kb: Knowledge) -> str | None:
    phrase = verb_phrase(token)
    if phrase in kb.slots:
        return kb.slots[phrase]
    if token.lower_ in KILL_ADJ:
        return KILL_ADJ[token.lower_]
    return kb.slots.get(token.lemma_.lower())


def _governing_slot(noun: Token, kb: Knowledge) -> str | None:
    """The count slot a noun phrase fills: its own participle ("12 people killed") or the
    verb it is the subject or object of ("killed 12 people", "12 were shot down")."""
    for child in noun.children:
        if child.dep_ in {"acl", "amod", "relcl"} and (slot := _slot_of_word(child, kb)):
            return slot
    node = noun
    for _ in range(4):
        if node.dep_ in {"pobj"} and node.head.dep_ == "prep":
            node = node.head.head
            continue
        if node.dep_ == "conj":
            node = node.head
            continue
        break
    head = node.head if node.head is not node else None
    if head is None:
        return None
    if node.dep_ in {
        "nsubj",
        "nsubjpass",
        "dobj",
        "attr",
        "npadvmod",
        "appos",
        "acomp",
        "advcl",
        "xcomp",
    } or (head.pos_ in {"VERB", "AUX", "ADJ"}):
        slot = _slot_of_word(head, kb)
        if slot:
            return slot
        # "12 people were killed and 30 injured": the conjunct's participle
        for child in head.children:
            if child.dep_ in {"acomp", "xcomp", "oprd"} and (slot := _slot_of_word(child, kb)):
                return slot
    return None


def _head_noun(doc: Doc, run: _Run) -> Token | None:
    """The noun a number counts: 'six missiles' -> missiles; 'five of the six missiles' -> missiles."""
    for token in (doc[run.end - 1], doc[run.start]):
        if (
            token.dep_ in {"nummod", "quantmod", "compound", "amod"}
            and token.head.i >= run.end
            and token.head.pos_ in {"NOUN", "PROPN", "X", "SYM"}
        ):
            return token.head
    for child in doc[run.end - 1].children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                    return pobj
    nxt = doc[run.end] if run.end < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN" and _word_value(nxt) is None and nxt.lower_ not in MULTIPLIERS:
        return nxt
    return None


def _phrase_unit(doc: Doc, start: int, head: Token) -> str:
    """A count's unit: its noun phrase with the head's lemma ("different bosses" -> "different boss",
    "Two of Johnson's deputies" -> "johnson deputy", "300 recorded songs" -> "song")."""
    words: list[str] = []
    glue = False
    for t in doc[start : head.i + 1]:
        if t.text == "-" and words:
            glue = True
            continue
        keep = (
            t.i == head.i
            or glue
            or (
                t.pos_ in {"ADJ", "NOUN", "PROPN"}
                and not re.search(r"\d", t.text)
                and t.lower_ not in {"more", "additional"}
            )
        )
        if not keep:
            glue = False
            continue
        word = t.lemma_.lower() if t.i == head.i or (t.pos_ == "ADJ" and not glue) else t.lower_
        if glue and words:
            words[-1] += "-" + word
        else:
            words.append(word)
        glue = False
    return " ".join(words) if words else head.lemma_.lower()


def _kind(head: Token | None, kb: Knowledge | None = None) -> str:
    if head is None:
        return "bare"
    lemma = head.lemma_.lower()
    if head.ent_type_ == "WEAPON" or lemma in MUNITIONS or head.lower_.rstrip("s") in MUNITIONS:
        return "munition"
    if lemma in PEOPLE or head.lower_ in PEOPLE or _demonym(head, kb):
        return "people"
    return "other"


def _demonym(head: Token, kb: Knowledge | None) -> bool:
    """ "32 Palestinians", "three Americans": a plural demonym counts people (not "two Afghan generals",
    whose head is the noun)."""
    if head.ent_type_ == "NORP" and head.tag_ in {"NNS", "NNPS"}:
        return True
    if kb is None or not head.lower_.endswith("s"):
        return False
    entry = kb.country_names.get(head.lower_[:-1]) or kb.country_names.get(head.lower_)
    return entry is not None and entry[1] == "demonym"


def _label_number(doc: Doc, run: _Run) -> bool:
    """'Game 6', 'S&P 500', 'iPhone 14 Pro', '575 Wilbraham Road', 'S-300', '(4)': a label, no quantity."""
    prev = doc[run.start - 1] if run.start > 0 else None
    nxt = doc[run.end] if run.end < len(doc) else None
    if prev is not None and prev.text in {"-", "/"} and prev.whitespace_ == "" and run.start > 1:
        before = doc[run.start - 2]
        if before.ent_type_ == "WEAPON" or before.is_upper or before.pos_ == "PROPN":
            return True
    if prev is not None and prev.ent_type_ == "WEAPON":
        return True
    if (
        prev is not None
        and (
            prev.pos_ == "PROPN"
            or re.fullmatch(r"[A-Z][A-Z&.]+", prev.text)
            or (prev.is_title and not prev.is_sent_start)
        )
        and prev.ent_type_ not in {"MONEY", "PERCENT"}
        and prev.lower_
        not in APPROXIMATORS | {"minus", "plus", "only", "just", "the", "a", "and", "or", "in", "with"}
    ):
        return True
    if prev is not None and prev.lower_ in NAME_WORDS:
        return True
    for tail in doc[run.end : run.end + 3]:
        if not (tail.is_title or tail.is_upper):
            break
        if tail.lower_.rstrip(".") in NAME_TAILS:
            return True
    if prev is not None and nxt is not None and prev.text == "(" and nxt.text == ")":
        return True  # a jersey number, a footnote
    return bool(doc[run.start].text.startswith("0") and len(doc[run.start].text) == 4)  # "0401 GMT"


def _year_like(doc: Doc, run: _Run) -> bool:
    return (
        run.digits
        and run.end - run.start == 1
        and run.glued is None
        and re.fullmatch(r"(?:1[6-9]|2[01])\d\d", doc[run.start].text) is not None
    )


@dataclass
class _Found:
    run: _Run
    unit: str | None
    start: int  # span start (a currency sign before the figure included)
    end: int  # span end (the unit included)
    measure: bool  # a unit from the units table or a currency: never a count


def _measure(text: str, run: _Run) -> _Found | None:
    """The run with the unit written around it; None when letters glued to a figure name no unit ("9AB8")."""
    currency, start = run.currency, run.start_char
    if currency is None and (found := currency_before(text, run.start_char)) is not None:
        currency, start = found
    if run.fold:
        return _Found(run, "count", start, run.end_char, True)
    if run.glued is not None:
        unit = unit_after(text, run.end_char - len(run.glued))
        if unit is None or unit.end < run.end_char:
            return None
        return _Found(run, unit.name, start, unit.end, True)
    unit = unit_after(text, run.end_char, currency=currency)
    if unit is not None:
        return _Found(run, unit.name, start, unit.end, True)
    return _Found(run, None, start, run.end_char, False)


def _range_with_next(text: str, found: list[_Found], k: int) -> bool:
    """Whether found[k] opens a range closed by found[k + 1]: "5 to 7 per cent", "between 15kHz and 17kHz",
    "15-22 miles per hour", "$920 to $1730" (not "rose by $43.6 billion to $419.2 billion")."""
    if k + 1 >= len(found) or found[k].run.fold or found[k + 1].run.fold:
        return False
    a, b = found[k], found[k + 1]
    if a.unit is not None and a.unit.split(" per ")[0] != (b.unit or "").split(" per ")[0]:
        return False  # "rose 8.15% to 3.65": a change, then a level
    between = text[a.end : b.start]
    before = text[max(0, a.start - 12) : a.start].lower()
    if re.fullmatch(r"\s*(?:-|–)\s*", between):
        return True
    if re.fullmatch(r"\s+to\s+", between):  # not "rose by $43.6 billion to $419.2 billion"
        return a.unit is None or not re.search(r"\bby\s+(?:about\s+|nearly\s+|almost\s+)?$", before)
    return bool(re.fullmatch(r"\s+and\s+", between) and re.search(r"\bbetween\s+$", before))


def find_quantities(doc: Doc, kb: Knowledge, *, exclude: list[Span]) -> list[Quantity]:
    """Quantities in `doc`, skipping numbers inside the `exclude` spans (dates, times) unless
    a unit of time follows them ("for three days" is a measure of three days)."""
    text = doc_text(doc)
    measured = [m for run in _runs(doc, text) if (m := _measure(text, run)) is not None]
    out: list[Quantity] = []
    skip: set[int] = set()  # a range's high end; the "six" of "five of the six missiles"
    for k, found in enumerate(measured):
        if k in skip:
            continue
        quantity = _quantity(doc, kb, found, exclude)
        if _range_with_next(text, measured, k):
            skip.add(k + 1)  # "Sept. 20-24", "ISO 3888-2": a range with a rejected end gives nothing
            high_found = measured[k + 1]
            if found.unit is None and high_found.unit is not None and found.run.value <= high_found.run.value:
                # "2000 - 2500 Calories", "40 to 50 hours" (not "in 2008 to 29 mpg")
                quantity = _quantity(
                    doc, kb, replace(found, unit=high_found.unit, measure=high_found.measure), exclude
                )
            high = _quantity(doc, kb, high_found, exclude)
            quantity = (
                None if quantity is None or high is None else _join_range(quantity, high, found, high_found)
            )
        if quantity is None:
            continue
        out.append(quantity)
        whole = _whole(doc, kb, found, quantity)
        if whole is not None:
            out.append(whole)
            skip.update(j for j, other in enumerate(measured) if other.run.start_char == whole.span.start)
    return sorted(out, key=lambda q: q.span.start)


def _join_range(low: Quantity, high: Quantity, low_found: _Found, high_found: _Found) -> Quantity:
    """One quantity for "5 to 7 per cent" or "four to five thousand people": the low end takes the
    high end's scale word when it has none and stays below it, and the unit, slot and span of both
    ends ("12 to 15 people were killed": value 12, high 15, killed)."""
    value, scale = low.value, high_found.run.scale
    if low_found.run.scale == 1.0 and scale > 1.0 and value * scale <= high.value:
        value *= scale
    return Quantity(
        span=Span(low.span.start, high.span.end),
        value=value,
        high=high.value,
        unit=high.unit or low.unit,
        slot=high.slot or low.slot,
        approximate=True,
    )


def _quantity(doc: Doc, kb: Knowledge, found: _Found, exclude: list[Span]) -> Quantity | None:
    run = found.run
    first, last = doc[run.start], doc[run.end - 1]
    prev = doc[run.start - 1] if run.start > 0 else None
    nxt = doc[run.end] if run.end < len(doc) else None
    if (
        any(s.start <= run.start_char < s.end for s in exclude)
        and (found.unit or "").split(" per ")[0] not in TIME_UNITS
    ):
        return None  # a date or a clock time
    if nxt is not None and nxt.lower_ in {"th", "st", "nd", "rd"}:
        return None
    if (
        first.lower_ == "one"
        and prev is not None
        and (
            prev.lower_ in {"no", "any", "every", "each"}
            or (
                prev.lower_ in {"same", "the", "this", "that"}
                and (nxt is None or nxt.pos_ not in {"NOUN", "ADJ"})
            )
        )
    ):
        return None  # "no one was hurt", "the same one": a pronoun, not a count of one
    if found.unit is None:
        if _year_like(doc, run) or _label_number(doc, run):
            return None
        if (
            prev is not None
            and prev.lower_ in {"in", "since", "until", "by", "from", "during", "before", "after", "circa"}
            and re.fullmatch(r"\d{3,4}", first.text)
            and _head_noun(doc, run) is None
        ):
            return None  # "built in 1260": a year
        if first.lower_ == "one" and (
            first.pos_ == "PRON" or nxt is None or nxt.pos_ not in {"NOUN", "PROPN", "ADJ", "ADP"}
        ):
            return None
        if (
            nxt is not None
            and nxt.text == "-"
            and nxt.whitespace_ == ""
            and last.whitespace_ == ""
            and not (run.end + 1 < len(doc) and doc[run.end + 1].like_num)
        ):
            return None  # "a three-bed apartment", "a six-speed gearbox": part of an adjective (not "15-22")
        if (nxt is not None and nxt.text == ":") or (prev is not None and prev.text == ":" and run.digits):
            return None  # a rating or a list number
        if (
            prev is not None
            and prev.text == ","
            and nxt is not None
            and nxt.text == ","
            and run.start > 1
            and (doc[run.start - 2].pos_ == "PROPN")
        ):
            return None  # "Jamie Armstrong, 25, said": an age in apposition
        if prev is not None and prev.lower_ in {"top", "bottom"} and _head_noun(doc, run) is None:
            return None  # "slipped towards the bottom three"
        if nxt is not None and nxt.lower_ == "out" and first.lower_ == "one":
            return None  # "one out of three": a share
    if not run.digits and first.is_title and not first.is_sent_start and prev is not None and prev.is_title:
        return None  # "the Kick Six"
    head = _head_noun(doc, run) if found.unit is None else None
    if head is not None and head.lower_ in KILL_ADJ:
        head = None  # "10 hurt", "86 killed" read as a noun: the slot word itself
    kind = _kind(head, kb) if not found.measure else "measure"
    value = run.value
    start = found.start
    if prev is not None and prev.lower_ in {"minus", "negative"} and value > 0:
        value, start = -value, prev.idx
    unit, end = found.unit, found.end
    if head is not None:
        of = _of_phrase(last)
        phrase_start = of.left_edge.i if of is not None and of.i == head.i else run.end
        unit = _phrase_unit(doc, phrase_start, head) if head.ent_type_ != "WEAPON" else head.lower_
        if head.i - run.end <= 5:
            end = max(end, head.idx + len(head.text))
    slot = None
    if kind in {"people", "munition"} and head is not None:
        slot = _governing_slot(head, kb) if last.dep_ in {"nummod", "quantmod"} else _governing_slot(last, kb)
    elif kind == "bare":
        slot = _own_slot_word(doc, run, kb)
        if slot is None and last.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            slot = _governing_slot(last, kb)
    if slot is None and kind in {"people", "munition", "bare"}:
        slot = _slot_verb_before(doc, run, kb)
    if (kind == "people" and slot not in PEOPLE_SLOTS) or (kind == "munition" and slot in PEOPLE_SLOTS):
        slot = None
    if slot == "intercepted" and head is not None and _on_the_ground(head):
        slot = None  # "destroyed 3,000 rockets on the ground": stocks, not interceptions
    if kind == "bare" and slot in {"killed", "injured"}:
        unit = "people"
    of_value = _of_value(last)
    approx = prev is not None and prev.lower_ in APPROXIMATORS
    return Quantity(span=Span(start, end), value=value, unit=unit, of=of_value, slot=slot, approximate=approx)


def _on_the_ground(noun: Token) -> bool:
    """Whether the verb of a munition count places it "on the ground" (a stock destroyed, not intercepted)."""
    verb = noun.head
    return any(
        prep.dep_ == "prep" and prep.lower_ == "on" and any(p.lower_ == "ground" for p in prep.children)
        for prep in list(verb.children) + list(noun.children)
    )


TOLL_PREPS = frozenset({"at", "to"})


def _own_slot_word(doc: Doc, run: _Run, kb: Knowledge) -> str | None:
    """The slot a bare number names by itself: "leaving six dead" (a number whose head is a slot
    word: "12 wounded", "three injured"), "stood at 86 killed" (a slot participle hung on the
    number), "put the death toll at 10", "the toll rose to 14" (a figure of a death toll)."""
    last = doc[run.end - 1]
    head = last.head
    if (
        last.dep_ in {"nummod", "nsubj", "npadvmod", "quantmod"}
        and head.i > last.i
        and head.pos_ in {"ADJ", "VERB", "NOUN"}
        and head.lower_ in KILL_ADJ
    ):
        return KILL_ADJ[head.lower_]
    for child in last.children:
        if child.dep_ in {"acl", "amod", "relcl"} and child.lower_ in KILL_ADJ:
            return KILL_ADJ[child.lower_]
    if last.dep_ == "pobj" and head.lower_ in TOLL_PREPS:
        verb = head.head
        if any(
            c.lemma_.lower() == "toll" and c.dep_ in {"nsubj", "dobj", "nsubjpass"} for c in verb.children
        ):
            return "killed"
    return None


_BEFORE_FIGURE = APPROXIMATORS | _words("at no fewer less as many the an a to")
"""Words between a slot verb and its figure: "killed at least 18", "wounded no fewer than 30"."""


def _slot_verb_before(doc: Doc, run: _Run, kb: Knowledge) -> str | None:
    """The slot of the verb written right before a count ("killed at least 18 people"): the parse
    sometimes hangs the count elsewhere ("18" as an adverb of "killed", "people" as the subject of
    the "said" that follows), but a slot verb just before the figure names its slot."""
    i = run.start - 1
    while i >= 0 and run.start - i <= 4 and doc[i].lower_ in _BEFORE_FIGURE:
        i -= 1
    if i < 0 or doc[i].pos_ not in {"VERB", "AUX"} or run.start - i > 4:
        return None
    return _slot_of_word(doc[i], kb)


def _of_phrase(number: Token) -> Token | None:
    """The noun of "five of the six missiles" (missiles), or of "one of the best screens"."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                    return pobj
    return None


def _of_value(number: Token) -> float | None:
    """The whole of "five of the six missiles": 6."""
    pobj = _of_phrase(number)
    if pobj is None:
        return None
    for mod in pobj.children:
        if mod.dep_ == "nummod":
            figure = _FIGURE.fullmatch(mod.text)
            if figure is not None and not figure.group("tail"):
                return float(figure.group("num").replace(",", ""))
            if (v := _word_value(mod)) is not None:
                return v
    return None


def _whole(doc: Doc, kb: Knowledge, found: _Found, part: Quantity) -> Quantity | None:
    """ "five of the six missiles" also says six missiles were fired: the whole as its own quantity."""
    if part.of is None:
        return None
    pobj = _of_phrase(doc[found.run.end - 1])
    if pobj is None:
        return None
    mod = next(c for c in pobj.children if c.dep_ == "nummod")
    slot = _governing_slot(pobj, kb) if any(c.dep_ in {"acl", "amod"} for c in pobj.children) else None
    if part.slot in {"intercepted", "impacted"} and _kind(pobj, kb) == "munition":
        slot = slot if slot == "launched" else "launched"
    return Quantity(span=Span(mod.idx, pobj.idx + len(pobj.text)), value=part.of, unit=part.unit, slot=slot)
