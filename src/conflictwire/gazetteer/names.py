"""How place names are compared: one lookup key per written form.

A key is lower case, without diacritics, full stops or hyphens, with single spaces:
"Al Ḩudaydah" and "Al Hudaydah" share one, so do "U.S." and "US", "W.Va." and "W. Va.".
One word with one final full stop keeps it: "Ga." is the AP's Georgia, "GA" may be anything.
"""

from __future__ import annotations

import unicodedata

REGION_WORDS = ("oblast", "region", "province", "governorate", "krai", "district", "state", "prefecture",
                "county", "republic", "territory", "voivodeship", "department", "canton", "parish",
                "municipality", "borough")  # fmt: skip
"""Words that, after a name, make it a region ("Bryansk region", "Laurel County")."""
ENGLISH_REGION_FORMS = ("region", "oblast", "province", "governorate")
"""The forms news uses for a foreign first-level region whatever its official type."""


LEADING_ABBREVIATIONS = {"st": "saint", "mt": "mount", "ft": "fort", "pt": "point"}


def key(name: str) -> str:
    """The lookup key of a written name."""
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u02bc", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    abbreviation = name.endswith(".") and name.count(".") == 1 and " " not in name.strip()
    text = text.lower().replace(".", " ").replace("-", " ").replace("\u2010", " ")
    # "w va" and "wva" are one abbreviation: letters split by full stops join up again.
    parts = text.split()
    out: list[str] = []
    for part in parts:
        if out and len(part) <= 2 and len(out[-1]) <= 2 and name.count(".") >= 2:
            out[-1] += part
        else:
            out.append(part)
    if len(out) > 1 and out[0] in LEADING_ABBREVIATIONS:
        out[0] = LEADING_ABBREVIATIONS[out[0]]  # "St. Petersburg" is "Saint Petersburg"
    return " ".join(out) + ("." if abbreviation else "")


def latin(name: str) -> bool:
    """Whether a name is written in Latin script (other scripts never occur in English news)."""
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def english_forms(name: str) -> set[str]:
    """'Bryanskaya oblast'' -> also 'bryanskaya region', 'bryanskaya province', ...; a name
    without a region word stays as it is."""
    forms = {name}
    low = key(name).rstrip("'")
    for word in REGION_WORDS:
        if low.endswith(" " + word):
            base = low[: -len(word) - 1].strip()
            forms |= {f"{base} {w}" for w in ENGLISH_REGION_FORMS}
    return forms
