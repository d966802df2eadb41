"""Numbers with their units, and for counts of people and munitions, the slot they fill.

"five of the six missiles" is a value 5 `of` 6 missiles; the verb that governs it says
which count it is ("intercepted five of the six missiles": intercepted 5, launched 6;
"killing 12 people": killed 12). Measures (km, days, years, percent, money) are
quantities with a unit and never a count; ordinals ("the war's 1,000th day"), dates,
clock times and numbers inside weapon names ("S-300") are not quantities at all.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from conflictwire.knowledge import Knowledge
from conflictwire.models import Quantity, Span
from conflictwire.pipeline.context import verb_phrase

WORD_VALUES: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
MULTIPLIERS: dict[str, float] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
}
APPROXIMATORS = frozenset(
    {
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "approximately",
        "roughly",
        "over",
        "more",
        "least",
        "up",
        "dozens",
        "hundreds",
        "thousands",
        "estimated",
        "than",
    }
)
# Units that make a number a measure, never a count of people or munitions.
MEASURES: dict[str, str] = {
    "km": "km", "kilometre": "km", "kilometer": "km", "kms": "km", "mile": "mile", "metre": "m", "meter": "m",
    "m": "m", "cm": "cm", "mm": "mm", "percent": "percent", "per": "percent", "%": "percent",
    "dollar": "dollar", "$": "dollar", "usd": "dollar", "euro": "euro", "€": "euro", "pound": "pound", "£": "pound",
    "hryvnia": "hryvnia", "rouble": "rouble", "ruble": "rouble", "shekel": "shekel",
    "day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour", "minute": "minute",
    "second": "second", "decade": "decade", "century": "century", "night": "night",
    "ton": "ton", "tonne": "ton", "kg": "kg", "kilogram": "kg", "pound-force": "pound", "knot": "knot",
    "degree": "degree", "mph": "mph", "kph": "kph", "hectare": "hectare", "acre": "acre", "barrel": "barrel",
    "megawatt": "megawatt", "mw": "megawatt", "kilowatt": "kilowatt", "point": "point",
}  # fmt: skip
PEOPLE = frozenset({
    "people", "person", "civilian", "soldier", "child", "children", "resident", "troop", "serviceman",
    "servicemen", "fighter", "militant", "man", "men", "woman", "women", "worker", "passenger", "officer",
    "policeman", "rescuer", "medic", "journalist", "student", "member", "casualty", "victim", "body",
    "hostage", "prisoner", "citizen", "baby", "infant", "teenager", "boy", "girl", "staff", "crew", "sailor",
})  # fmt: skip
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


def parse_number(tokens: list[Token]) -> float | None:
    """Value of a run of number tokens: '1,000', '1.5 million', 'two hundred', 'a dozen'."""
    total, current = 0.0, None
    for token in tokens:
        word = token.lower_.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current = (current or 0) + float(word)
        elif word in WORD_VALUES:
            current = (current or 0) + WORD_VALUES[word]
        elif word in MULTIPLIERS:
            current = (current or 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = total + current, None
        elif word in {"a", "and", "-"}:
            continue
        else:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)


def _is_number(token: Token) -> bool:
    word = token.lower_.replace(",", "")
    if token.ent_type_ in {"WEAPON", "DATE", "TIME", "ORDINAL"} and token.ent_type_ != "":
        return False
    return (
        bool(re.fullmatch(r"\d+(?:\.\d+)?", word))
        or word in WORD_VALUES
        or (word in MULTIPLIERS and word not in {"m", "k"} and token.pos_ == "NUM")
    )


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
    } or head.pos_ in {
        "VERB",
        "AUX",
        "ADJ",
    }:
        slot = _slot_of_word(head, kb)
        if slot:
            return slot
        # "12 people were killed and 30 injured": the conjunct's participle
        for child in head.children:
            if child.dep_ in {"acomp", "xcomp", "oprd"} and (slot := _slot_of_word(child, kb)):
                return slot
    return None


def _unit_noun(num: Token) -> Token | None:
    """The noun a number counts: 'six missiles' -> missiles; 'five of the six missiles' -> missiles."""
    if num.dep_ in {"nummod", "quantmod"} and num.head.pos_ in {"NOUN", "PROPN", "X", "SYM"}:
        return num.head
    for child in num.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                    return pobj
    nxt = num.doc[num.i + 1] if num.i + 1 < len(num.doc) else None
    if nxt is not None and nxt.pos_ in {"NOUN", "SYM"} and nxt.lower_ not in WORD_VALUES:
        return nxt
    return None


def _unit_name(noun: Token | None) -> str | None:
    if noun is None:
        return None
    lemma = noun.lemma_.lower()
    if noun.ent_type_ == "WEAPON":
        return noun.lower_
    return MEASURES.get(lemma) or MEASURES.get(noun.lower_) or lemma


def _kind(unit: str | None, noun: Token | None) -> str:
    if unit is None:
        return "bare"
    if unit in MEASURES.values():
        return "measure"
    if noun is not None and noun.ent_type_ == "WEAPON":
        return "munition"
    if unit in PEOPLE or unit.rstrip("s") in PEOPLE:
        return "people"
    if unit in MUNITIONS or unit.rstrip("s") in MUNITIONS:
        return "munition"
    return "other"


def find_quantities(doc: Doc, kb: Knowledge, *, exclude: list[Span]) -> list[Quantity]:
    """Quantities in `doc`, skipping numbers inside the `exclude` spans (dates, times)."""
    out: list[Quantity] = []
    consumed: set[int] = set()  # the "six" of "five of the six missiles", already read as `of`
    i = 0
    doc_len = len(doc)
    while i < doc_len:
        token = doc[i]
        if i in consumed or not _is_number(token) or any(s.start <= token.idx < s.end for s in exclude):
            i += 1
            continue
        run = [token]
        while i + len(run) < doc_len and (
            _is_number(doc[i + len(run)]) or doc[i + len(run)].lower_ in MULTIPLIERS
        ):
            run.append(doc[i + len(run)])
        i += len(run)
        value = parse_number(run)
        head = run[-1]
        prev = doc[run[0].i - 1] if run[0].i > 0 else None
        if prev is not None and prev.lower_ in {"no", "any", "every", "each"} and head.lower_ == "one":
            continue  # "no one was hurt" is a pronoun, not a count of one
        nxt = doc[head.i + 1] if head.i + 1 < doc_len else None
        if value is None or (nxt is not None and nxt.lower_ in {"th", "st", "nd", "rd"}):
            continue
        if (
            nxt is not None
            and nxt.text in {"-", "–"}
            and head.i + 2 < doc_len
            and doc[head.i + 2].lower_ in MEASURES
        ):
            nxt = doc[head.i + 2]
        if (
            prev is not None
            and prev.text in {"-", "/"}
            and prev.i > 0
            and doc[prev.i - 1].ent_type_ == "WEAPON"
        ):
            continue
        noun = _unit_noun(head)
        if prev is not None and prev.text in {"$", "€", "£"}:
            unit: str | None = MEASURES[prev.text]
        elif nxt is not None and (nxt.text == "%" or nxt.lower_ in {"percent", "per"}):
            unit = "percent"
        else:
            unit = _unit_name(noun)
        kind = _kind(unit, noun)
        approx = prev is not None and prev.lower_ in APPROXIMATORS
        of_value: float | None = None
        of_token: Token | None = None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    for mod in pobj.children:
                        if mod.dep_ == "nummod" and _is_number(mod):
                            of_value, of_token = parse_number([mod]), pobj
        slot = None
        if kind in {"people", "munition"}:
            if head.dep_ in {"nummod", "quantmod"} and noun is not None:
                slot = _governing_slot(noun, kb)
            else:
                slot = _governing_slot(head, kb)
        elif kind == "bare" and head.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            slot = _governing_slot(head, kb)
            if slot in {"killed", "injured"}:
                unit = "people"
        start = run[0].idx
        end_token = noun if noun is not None and noun.i > head.i and noun.i - head.i <= 5 else head
        span = Span(start, end_token.idx + len(end_token.text))
        out.append(Quantity(span=span, value=value, unit=unit, of=of_value, slot=slot, approximate=approx))
        if of_value is not None and of_token is not None:
            total_slot = (
                _governing_slot(of_token, kb)
                if any(c.dep_ in {"acl", "amod"} for c in of_token.children)
                else None
            )
            if slot in {"intercepted", "impacted"} and kind == "munition":
                total_slot = total_slot if total_slot == "launched" else "launched"
            mod = next(c for c in of_token.children if c.dep_ == "nummod")
            consumed.add(mod.i)
            out.append(
                Quantity(
                    span=Span(mod.idx, of_token.idx + len(of_token.text)),
                    value=of_value,
                    unit=unit,
                    slot=total_slot,
                    approximate=False,
                )
            )
    return sorted(out, key=lambda q: q.span.start)
