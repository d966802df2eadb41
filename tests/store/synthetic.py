"""Short invented conflict reports for the store's ingest and crash tests.

Each report is two or three sentences in the style of a wire story: an attack on a
named place with a weapon, figures for launched, intercepted, killed or injured, and a
party that says so, so the pipeline finds an event with claims in nearly every one. The
places, parties and numbers vary with a seeded random generator; every text is distinct,
so every report is its own article. None of them describes a real event.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Final

PUBLISHED: Final = "2024-11-20"
"""A Wednesday: "on Tuesday" in a report resolves to 2024-11-19."""

_FRONTS: Final = (
    # (places attacked, attacker, defender's military, defender's official, weapons)
    (
        ("Kharkiv", "Odesa", "Kherson", "Zaporizhzhia", "Dnipro", "Sumy", "Mykolaiv", "Kyiv"),
        "Russia",
        "Ukraine's air force",
        "the regional governor",
        ("drones", "Shahed drones", "missiles", "cruise missiles", "ballistic missiles"),
    ),
    (
        ("Belgorod", "Kursk", "Bryansk", "Voronezh"),
        "Ukraine",
        "Russia's defence ministry",
        "the local governor",
        ("drones", "missiles", "ATACMS missiles", "rockets"),
    ),
    (
        ("Haifa", "Ashkelon", "Sderot", "Tel Aviv"),
        "Hamas",
        "the Israeli military",
        "a hospital official",
        ("rockets", "missiles", "drones"),
    ),
    (
        ("El Fasher", "Omdurman", "Khartoum"),
        "the Rapid Support Forces",
        "the Sudanese army",
        "a local medic",
        ("drones", "artillery shells"),
    ),
)

_DAYS: Final = ("Monday", "Tuesday", "Sunday", "Saturday")

_TEMPLATES: Final = (
    "{Attacker} launched {launched} {weapon} at {place} overnight, {military} said on {day}. "
    "It said {intercepted} of them were shot down. {Official} said {killed} people were killed.",
    "{Attacker} attacked {place} with {launched} {weapon} on {day}, killing {killed} people and "
    "injuring {injured}, {official} said. {Military} said it intercepted {intercepted} of them.",
    "{Military} said it intercepted {intercepted} of {launched} {weapon} fired by {attacker} at "
    "{place} on {day}. {Official} said {injured} people were injured.",
)


def _capital(name: str) -> str:
    return name[0].upper() + name[1:]


def synthetic_reports(count: int, *, seed: int = 20241120) -> list[dict[str, str]]:
    """`count` distinct reports as JSONL records: `id`, `title`, `published`, `text`."""
    rng = random.Random(seed)
    seen: set[str] = set()
    records: list[dict[str, str]] = []
    while len(records) < count:
        places, attacker, military, official, weapons = rng.choice(_FRONTS)
        launched = rng.randint(3, 120)
        text = rng.choice(_TEMPLATES).format(
            attacker=attacker,
            Attacker=_capital(attacker),
            place=rng.choice(places),
            military=military,
            Military=_capital(military),
            official=official,
            Official=_capital(official),
            weapon=rng.choice(weapons),
            day=rng.choice(_DAYS),
            launched=launched,
            intercepted=rng.randint(0, launched),
            killed=rng.randint(2, 40),
            injured=rng.randint(1, 90),
        )
        if text in seen:
            continue
        seen.add(text)
        records.append(
            {
                "id": f"synthetic-{len(records)}",
                "title": re.split(r"[,.]", text, maxsplit=1)[0],
                "published": PUBLISHED,
                "text": text,
            }
        )
    return records


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
