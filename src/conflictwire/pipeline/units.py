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


def _table(rows: str) -> list[tuple[re.Pattern[str], str]]:
    """Units from `name: pattern` lines, in order; a name written `=name` matches case-sensitively
    ("=metre: m" is the metre, never the "M" of a million). A table, so that adding a unit is one line."""
    out = []
    for row in rows.strip().splitlines():
        name, pattern = row.split(": ", 1)
        out.append(_u(pattern, name.lstrip("="), case=name.startswith("=")))
    return out


_RATE = (
    r"(?:\s+(?:per|a|an|each)[-\s]+|/)(?P<per>year|month|week|day|hour|share|barrel|gram|ounce|tonne|ton|head|person|"
    r"century|sq\.?\s?m|square\s+met(?:re|er))\b"
)
"""A rate after the unit: "$52 a barrel", "5 percent a year", "800,000 barrels a day"."""

# Order matters: longer and more specific first.
UNITS = _table(
    r"""
percentage point: percentage\s+points?
percentage: %|per\s*cent|percent|pct
basis point: basis\s+points?|bps
year of age: [-\s]?years?[-\s]old|[-\s]year[-\s]olds|\s+years?\s+of\s+age
month of age: [-\s]?months?[-\s]old
week of age: [-\s]?weeks?[-\s]old
day of age: [-\s]?days?[-\s]old
celsius: degrees?\s+(?:C|Celsius|centigrade)|°\s?C|deg\s?C|degree\s+C
fahrenheit: degrees?\s+(?:F|Fahrenheit)|°\s?F|deg\s?F|degF
celsius: Celsius|centigrade
fahrenheit: Fahrenheit
degree: degrees?|°
mile per hour: miles?\s+(?:per|an|a)\s+hour|mph|m\.p\.h\.?
kilometre per hour: (?:kilomet(?:re|er)s?|km)\s*(?:per\s+hour|/\s?hr?|an\s+hour|ph\b)|kph|kmh
mile per gallon: miles?\s+per\s+gallon|mpg
square mile: square\s+miles?|sq\.?\s?mi(?:les?)?
square kilometre: square\s+kilomet(?:re|er)s?|sq\.?\s?km|km2|km²
square metre: square\s+met(?:re|er)s?|sq\.?\s?m|sqm|m2|m²
square foot: square\s+f(?:ee|oo)t|sq\.?\s?ft
cubic metre: cubic\s+met(?:re|er)s?|m3|m³
hectare: hectares?|ha
acre: acres?
barrel per day: barrels?\s+(?:a|per)\s+day|bpd
parts-per-billion: parts[-\s]per[-\s]billion|ppb
part per million: parts[-\s]per[-\s]million|ppm
foot pound-force: lb[-\s]?ft|pound[-\s]feet
=ampere per square centimetre: A/cm2
=kilovolt per centimetre: kV/cm
kilometre: kilomet(?:re|er)s?|kms?
millimetre: millimet(?:re|er)s?|mm
centimetre: centimet(?:re|er)s?|cm
micrometre: micromet(?:re|er)s?|μm|microns?
nanometre: nanomet(?:re|er)s?|nm
metre: met(?:re|er)s?
=metre: m
mile: miles?(?:[-\s](?:long|wide|high|away))?|mi
yard: yards?|yds?
foot: f(?:ee|oo)t(?:[-\s](?:long|wide|tall|high))?|ft(?:-long)?
inch: inch(?:es)?|ins?\.
nautical mile: nautical\s+miles?
knot: knots?|kts?|kt
kilogram: kilograms?|kilos?|kgs?
milligram: milligrams?|mg
=generation wireless: G
=gram: grams?|g
metric ton: metric\s+tons?|tonnes?
gigaton: gigatonnes?|gigatons?|Gt
megaton: megatonnes?|megatons?|Mt
ton: tons?
pound sterling: pounds?\s+sterling
pound-mass: lbs?\.?
ounce: ounces?|oz
litre: litres?|liters?|l
millilitre: millilit(?:re|er)s?|ml
gallon: gallons?
pint: pints?
quart: quarts?
dram: drams?
calorie: calories|kcal|Calories
horsepower: horsepower|hp
brake horsepower: bhp
gigawatt: gigawatts?|GW
megawatt: megawatts?|MW
kilowatt hour: kilowatt[-\s]hours?|kWh
kilowatt: kilowatts?|kW
=watt: watts?|W
milliampere-hour: milliamp(?:ere)?[-\s]hours?|mAh
=volt: volts?|V
gigahertz: gigahertz|GHz
megahertz: megahertz|MHz
kilohertz: kilohertz|kHz
hertz: hertz|Hz
gigapascal: gigapascals?|GPa
megapascal: megapascals?|MPa
kilopound per square inch: ksi
terabyte: terabytes?|TB
gigabyte: gigabytes?|GB
megabyte: megabytes?|MB
=win above replacement: WAR
point: points?|pts?|p
second: seconds?|secs?
minute: minutes?|mins?
hour: hours?|hrs?
day: days?
night: nights?
week: weeks?
fortnight: fortnights?
month: months?
year: years?|yrs?
decade: decades?
century: centur(?:y|ies)
inning: innings
"""
)

CURRENCY_WORDS = _table(
    r"""
hong kong dollar: Hong\s+Kong\s+dollars?
canadian dollar: Canadian\s+dollars?
australian dollar: Australian\s+dollars?
singaporean dollar: Singapore(?:an)?\s+dollars?
new zealand dollar: New\s+Zealand\s+dollars?
dollar: (?:US\s+|U\.S\.\s+)?dollars?|USD
euro: euros?|EUR
pound sterling: pounds?\s+sterling|sterling|GBP
chinese yuan: (?:Chinese\s+)?yuan|renminbi|RMB|CNY
japanese yen: (?:Japanese\s+)?yen|JPY
indian rupee: (?:Indian\s+)?rupees?|INR
australian dollar: AUD
shekel: (?:new\s+)?shekels?|NIS|ILS
russian ruble: roubles?|rubles?|RUB
ukrainian hryvnia: hryvnias?|hryvnia|UAH
malaysian ringgit: ringgit
croatian kuna: kuna
franc: francs?
"""
)

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
