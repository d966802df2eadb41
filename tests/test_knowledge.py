"""The packaged knowledge files: they load, hold the facts the pipeline relies on, refuse a
bad entry naming the file and line, and match the hashes pinned in MANIFEST.json.

No spaCy model is needed.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from conflictwire.errors import KnowledgeError
from conflictwire.knowledge import HERE, Knowledge, load_from

REPO = Path(__file__).resolve().parents[1]
FIX = "run python scripts/update_manifest.py"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_from(HERE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of the packaged knowledge files."""
    copy = tmp_path / "knowledge"
    copy.mkdir()
    for path in HERE.glob("*.tsv"):
        shutil.copy(path, copy / path.name)
    return copy


def append(path: Path, line: str) -> int:
    """Add one line to a knowledge file; returns its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_packaged_knowledge_loads(kb: Knowledge) -> None:
    assert len(kb.weapons) > 100
    assert len(kb.countries) > 190
    assert kb.actors and kb.cues and kb.triggers and kb.slots
    assert {"missile_strike", "shelling"} <= set(kb.event_types)


def test_atacms_is_a_us_ballistic_missile(kb: Knowledge) -> None:
    atacms = kb.weapon_aliases["atacms"]
    assert (atacms.name, atacms.kind, atacms.family) == ("ATACMS", "ballistic missile", "missile")
    assert atacms.origin == "USA"
    assert atacms.range_km == 300
    assert kb.weapon_aliases["mgm-140"] is atacms


def test_storm_shadow_and_scalp_are_one_weapon(kb: Knowledge) -> None:
    storm_shadow = kb.weapon_aliases["storm shadow"]
    assert kb.weapon_aliases["scalp"] is storm_shadow
    assert storm_shadow.name == "Storm Shadow"


def test_unchanged_copy_loads(folder: Path, kb: Knowledge) -> None:
    copy = load_from(folder)
    assert copy.weapons == kb.weapons
    assert copy.countries == kb.countries


def atacms_line() -> str:
    return next(
        line
        for line in (HERE / "weapons.tsv").read_text(encoding="utf-8").splitlines()
        if line.startswith("ATACMS\t")
    )


BAD_ENTRIES = [
    pytest.param("weapons.tsv", None, "duplicate alias 'ATACMS' (first on line", id="duplicate-alias"),
    pytest.param(
        "weapons.tsv", "Foo\t\tlaser\tlaser\tUSA\t10", "family 'laser' is not one of", id="unknown-family"
    ),
    pytest.param(
        "weapons.tsv",
        "Foo\t\tcruise missile\tmissile\tUS\t10",
        "'US' is not an ISO 3166-1 alpha-3",
        id="bad-origin",
    ),
    pytest.param(
        "countries.tsv", "XX\tXY\tNowhere\t\t\t", "iso3 must have 3 letters and iso2 2", id="bad-country-code"
    ),
    pytest.param(
        "weapons.tsv",
        "Foo\t\tcruise missile\tmissile\tUSA",
        "expected 6 tab-separated fields, got 5",
        id="fields",
    ),
    pytest.param(
        "actors.tsv", "Foo Brigade\tFoo Brigade\tUKR\tnavy\tmilitary", "sector 'navy'", id="bad-sector"
    ),
]


@pytest.mark.parametrize(("name", "line", "problem"), BAD_ENTRIES)
def test_bad_entry_is_refused_with_file_and_line(
    folder: Path, name: str, line: str | None, problem: str
) -> None:
    number = append(folder / name, line if line is not None else atacms_line())
    with pytest.raises(KnowledgeError) as caught:
        load_from(folder)
    assert caught.value.path == str(folder / name)
    assert caught.value.line == number
    assert str(caught.value).startswith(f"{folder / name}:{number}: ")
    assert problem in str(caught.value)


def test_manifest_matches_the_files(kb: Knowledge) -> None:
    manifest_path = HERE / "MANIFEST.json"
    assert manifest_path.exists(), f"{manifest_path.relative_to(REPO)} is missing; {FIX}"
    pinned = json.loads(manifest_path.read_text(encoding="utf-8"))
    current = load_script("update_manifest").build(HERE)
    changed = sorted(
        name
        for name in set(pinned["files"]) | set(current["files"])
        if pinned["files"].get(name) != current["files"].get(name)
    )
    assert not changed, f"MANIFEST.json does not match {changed}; review the data change and {FIX}"


def test_manifest_counts_the_loaded_entries(kb: Knowledge) -> None:
    files = load_script("update_manifest").build(HERE)["files"]
    assert set(files) == {p.name for p in HERE.glob("*.tsv")}
    assert files["weapons.tsv"]["entries"] == len(kb.weapons)
    assert files["countries.tsv"]["entries"] == len(kb.countries)
    assert files["event_types.tsv"]["entries"] == len(kb.event_types)
    assert files["triggers.tsv"]["entries"] == len(kb.triggers)
    assert files["cues.tsv"]["entries"] == len(kb.cues)
