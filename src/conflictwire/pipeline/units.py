"""Units for the quantities stage: what a number measures, named as CQE (and NewsQuant)
name it: "%" and "per cent" are "percentage", "$" and "US$" "dollar", "km/h" "kilometre per
hour", "years old" "year of age". Pure patterns over the raw text, no spaCy.

`unit_after(text, pos)` reads the unit written right after a number, `currency_before(text,
pos)` the currency sign or code right before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "mil": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12,
}  # fmt: skip
"""Words (and abbreviations after a figure: "2.7m", "$5bn") that multiply the number before them."""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    """CQE's normalised unit ("percentage", "kilometre per hour", "year of age")."""
    end: int
    """Offset just past the unit in the text."""
    measure: bool = True
    """A measure (distance, money, share, time) is never a count of people or munitions."""


def _u(pattern: str, name: str, *, case: bool = False) -> tuple[re.Pattern[str], str]:
    """A unit right after a figure, with a space or a hyphen between ("5 km", "a 185-hp engine")."""
    return re.compile(r"(?:-|\s*)(?:" + pattern + r")(?![\w/])", 0 if case else re.I), name


_RATE = (
    r"(?:\s+(?:per|a|an|each)[-\s]+|/)(?P<per>year|month|week|day|hour|share|barrel|gram|ounce|tonne|ton|head|person|"
    r"century|sq\.?\s?m|square\s+met(?:re|er))\b"
)
"""A rate after the unit: "$52 a barrel", "5 percent a year", "800,000 barrels a day"."""

# Order matters: longer and more specific first.
UNITS: list[tuple[re.Pattern[str], str]] = [
    _u(r"percentage\s+points?", "percentage point"),
    _u(r"%|per\s*cent|percent|pct", "percentage"),
    _u(r"basis\s+points?|bps", "basis point"),
    _u(r"[-\s]?years?[-\s]old|[-\s]year[-\s]olds|\s+years?\s+of\s+age", "year of age"),
    _u(r"[-\s]?months?[-\s]old", "month of age"),
    _u(r"[-\s]?weeks?[-\s]old", "week of age"),
    _u(r"[-\s]?days?[-\s]old", "day of age"),
    _u(r"degrees?\s+(?:C|Celsius|centigrade)|°\s?C|deg\s?C|degree\s+C", "celsius"),
    _u(r"degrees?\s+(?:F|Fahrenheit)|°\s?F|deg\s?F|degF", "fahrenheit"),
    _u(r"Celsius|centigrade", "celsius"),
    _u(r"Fahrenheit", "fahrenheit"),
    _u(r"degrees?|°", "degree"),
    _u(r"miles?\s+(?:per|an|a)\s+hour|mph|m\.p\.h\.?", "mile per hour"),
    _u(r"(?:kilomet(?:re|er)s?|km)\s*(?:per\s+hour|/\s?hr?|an\s+hour|ph\b)|kph|kmh", "kilometre per hour"),
    _u(r"miles?\s+per\s+gallon|mpg", "mile per gallon"),
    _u(r"square\s+miles?|sq\.?\s?mi(?:les?)?", "square mile"),
    _u(r"square\s+kilomet(?:re|er)s?|sq\.?\s?km|km2|km²", "square kilometre"),
    _u(r"square\s+met(?:re|er)s?|sq\.?\s?m|sqm|m2|m²", "square metre"),
    _u(r"square\s+f(?:ee|oo)t|sq\.?\s?ft", "square foot"),
    _u(r"cubic\s+met(?:re|er)s?|m3|m³", "cubic metre"),
    _u(r"hectares?|ha", "hectare"),
    _u(r"acres?", "acre"),
    _u(r"barrels?\s+(?:a|per)\s+day|bpd", "barrel per day"),
    _u(r"parts[-\s]per[-\s]billion|ppb", "parts-per-billion"),
    _u(r"parts[-\s]per[-\s]million|ppm", "part per million"),
    _u(r"lb[-\s]?ft|pound[-\s]feet", "foot pound-force"),
    _u(r"A/cm2", "ampere per square centimetre", case=True),
    _u(r"kV/cm", "kilovolt per centimetre", case=True),
    _u(r"kilomet(?:re|er)s?|kms?", "kilometre"),
    _u(r"millimet(?:re|er)s?|mm", "millimetre"),
    _u(r"centimet(?:re|er)s?|cm", "centimetre"),
    _u(r"micromet(?:re|er)s?|μm|microns?", "micrometre"),
    _u(r"nanomet(?:re|er)s?|nm", "nanometre"),
    _u(r"met(?:re|er)s?", "metre"),
    _u(r"m", "metre", case=True),
    _u(r"miles?(?:[-\s](?:long|wide|high|away))?|mi", "mile"),
    _u(r"yards?|yds?", "yard"),
    _u(r"f(?:ee|oo)t(?:[-\s](?:long|wide|tall|high))?|ft(?:-long)?", "foot"),
    _u(r"inch(?:es)?|ins?\.", "inch"),
    _u(r"nautical\s+miles?", "nautical mile"),
    _u(r"knots?|kts?|kt", "knot"),
    _u(r"kilograms?|kilos?|kgs?", "kilogram"),
    _u(r"milligrams?|mg", "milligram"),
    _u(r"G", "generation wireless", case=True),
    _u(r"grams?|g", "gram", case=True),
    _u(r"metric\s+tons?|tonnes?", "metric ton"),
    _u(r"gigatonnes?|gigatons?|Gt", "gigaton"),
    _u(r"megatonnes?|megatons?|Mt", "megaton"),
    _u(r"tons?", "ton"),
    _u(r"pounds?\s+sterling", "pound sterling"),
    _u(r"lbs?\.?", "pound-mass"),
    _u(r"ounces?|oz", "ounce"),
    _u(r"litres?|liters?|l", "litre"),
    _u(r"millilit(?:re|er)s?|ml", "millilitre"),
    _u(r"gallons?", "gallon"),
    _u(r"pints?", "pint"),
    _u(r"quarts?", "quart"),
    _u(r"drams?", "dram"),
    _u(r"calories|kcal|Calories", "calorie"),
    _u(r"horsepower|hp", "horsepower"),
    _u(r"bhp", "brake horsepower"),
    _u(r"gigawatts?|GW", "gigawatt"),
    _u(r"megawatts?|MW", "megawatt"),
    _u(r"kilowatt[-\s]hours?|kWh", "kilowatt hour"),
    _u(r"kilowatts?|kW", "kilowatt"),
    _u(r"watts?|W", "watt", case=True),
    _u(r"milliamp(?:ere)?[-\s]hours?|mAh", "milliampere-hour"),
    _u(r"volts?|V", "volt", case=True),
    _u(r"gigahertz|GHz", "gigahertz"),
    _u(r"megahertz|MHz", "megahertz"),
    _u(r"kilohertz|kHz", "kilohertz"),
    _u(r"hertz|Hz", "hertz"),
    _u(r"gigapascals?|GPa", "gigapascal"),
    _u(r"megapascals?|MPa", "megapascal"),
    _u(r"ksi", "kilopound per square inch"),
    _u(r"terabytes?|TB", "terabyte"),
    _u(r"gigabytes?|GB", "gigabyte"),
    _u(r"megabytes?|MB", "megabyte"),
    _u(r"WAR", "win above replacement", case=True),
    _u(r"points?|pts?|p", "point"),
    _u(r"seconds?|secs?", "second"),
    _u(r"minutes?|mins?", "minute"),
    _u(r"hours?|hrs?", "hour"),
    _u(r"days?", "day"),
    _u(r"nights?", "night"),
    _u(r"weeks?", "week"),
    _u(r"fortnights?", "fortnight"),
    _u(r"months?", "month"),
    _u(r"years?|yrs?", "year"),
    _u(r"decades?", "decade"),
    _u(r"centur(?:y|ies)", "century"),
    _u(r"innings", "inning"),
]

CURRENCY_WORDS: list[tuple[re.Pattern[str], str]] = [
    _u(r"Hong\s+Kong\s+dollars?", "hong kong dollar"),
    _u(r"Canadian\s+dollars?", "canadian dollar"),
    _u(r"Australian\s+dollars?", "australian dollar"),
    _u(r"Singapore(?:an)?\s+dollars?", "singaporean dollar"),
    _u(r"New\s+Zealand\s+dollars?", "new zealand dollar"),
    _u(r"(?:US\s+|U\.S\.\s+)?dollars?|USD", "dollar"),
    _u(r"euros?|EUR", "euro"),
    _u(r"pounds?\s+sterling|sterling|GBP", "pound sterling"),
    _u(r"(?:Chinese\s+)?yuan|renminbi|RMB|CNY", "chinese yuan"),
    _u(r"(?:Japanese\s+)?yen|JPY", "japanese yen"),
    _u(r"(?:Indian\s+)?rupees?|INR", "indian rupee"),
    _u(r"AUD", "australian dollar"),
    _u(r"(?:new\s+)?shekels?|NIS|ILS", "shekel"),
    _u(r"roubles?|rubles?|RUB", "russian ruble"),
    _u(r"hryvnias?|hryvnia|UAH", "ukrainian hryvnia"),
    _u(r"ringgit", "malaysian ringgit"),
    _u(r"kuna", "croatian kuna"),
    _u(r"francs?", "franc"),
]

CURRENCY_SIGNS = {
    "US$": "dollar", "$": "dollar", "USD": "dollar", "HK$": "hong kong dollar", "C$": "canadian dollar",
    "A$": "australian dollar", "AU$": "australian dollar", "AUD": "australian dollar",
    "S$": "singaporean dollar",
    "NZ$": "new zealand dollar", "£": "pound sterling", "PS": "pound sterling", "GBP": "pound sterling",
    "€": "euro", "EUR": "euro", "¥": "japanese yen", "Y=": "japanese yen", "JPY": "japanese yen",
    "₹": "indian rupee", "INR": "indian rupee", "Rs": "indian rupee", "Rs.": "indian rupee", "₪": "shekel",
    "NIS": "shekel", "RM": "malaysian ringgit", "₴": "ukrainian hryvnia", "₽": "russian ruble",
}  # fmt: skip
"""Currency signs and codes written onto a figure ("$5", "PS2.7m", "AUD1.5m")."""

_CURRENCY_BEFORE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"HK\s?\$\s*$"), "hong kong dollar"),
    (re.compile(r"(?<![A-Za-z])C\s?\$\s*$"), "canadian dollar"),
    (re.compile(r"(?<![A-Za-z])(?:A|AU)\s?\$\s*$"), "australian dollar"),
    (re.compile(r"(?<![A-Za-z])S\s?\$\s*$"), "singaporean dollar"),
    (re.compile(r"NZ\s?\$\s*$"), "new zealand dollar"),
    (re.compile(r"\$\s*-?\s*$"), "dollar"),
    (re.compile(r"(?:US|USD)\s*$"), "dollar"),
    (re.compile(r"€\s*$|(?<![A-Za-z])EUR\s*$"), "euro"),
    (re.compile(r"£\s*$|(?<![A-Za-z])PS\s*$|GBP\s*$"), "pound sterling"),
    (re.compile(r"¥\s*$|(?<![A-Za-z])Y=\s*$|JPY\s*$"), "japanese yen"),
    (re.compile(r"₹\s*$|(?<![A-Za-z])Rs\.?\s*$|INR\s*$"), "indian rupee"),
    (re.compile(r"₪\s*$|(?<![A-Za-z])NIS\s*$"), "shekel"),
    (re.compile(r"(?<![A-Za-z])RM\s*$"), "malaysian ringgit"),
    (re.compile(r"(?<![A-Za-z])AUD\s*$"), "australian dollar"),
    (re.compile(r"₴\s*$"), "ukrainian hryvnia"),
    (re.compile(r"₽\s*$"), "russian ruble"),
]


def currency_before(text: str, pos: int) -> tuple[str, int] | None:
    """The currency written just before offset `pos` and where it starts: "$", "US$", "HK $", "£"."""
    window = text[max(0, pos - 6) : pos]
    for pattern, name in _CURRENCY_BEFORE:
        m = pattern.search(window)
        if m:
            return name, pos - (len(window) - m.start())
    return None


def _rate(text: str, pos: int, name: str) -> Unit:
    m = re.match(_RATE, text[pos:], re.I)
    if not m:
        return Unit(name, pos)
    per = " ".join(m.group("per").lower().replace(".", "").split())
    per = {"sq m": "square metre", "sqm": "square metre", "square meter": "square metre"}.get(per, per)
    per = "metric ton" if per == "tonne" else per
    return Unit(f"{name} per {per}", pos + m.end())


_RATED = frozenset({"percentage", "hour", "foot", "metric ton", "kilogram", "litre", "mile"})


def unit_after(text: str, pos: int, *, currency: str | None = None) -> Unit | None:
    """The unit written right after the number ending at `pos` ("%", " km/h", " barrels a day").

    With a currency before the number only a rate can follow ("$52 a barrel")."""
    if currency is not None:
        return _rate(text, pos, currency)
    for pattern, name in CURRENCY_WORDS:
        m = pattern.match(text, pos)
        if m:
            return _rate(text, m.end(), name)
    for pattern, name in UNITS:
        m = pattern.match(text, pos)
        if m and m.end() > pos:
            return _rate(text, m.end(), name) if name in _RATED else Unit(name, m.end())
    return None
