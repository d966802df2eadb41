"""`--gazetteer PATH`: a GeoNames dump laid over the packaged index, and the errors a bad
file or a broken cache give. The dumps are written here, in GeoNames' 19-field format."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwire import gazetteer
from conflictwire.errors import InputError

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, country, cc2, admin1,
# admin2, admin3, admin4, population, elevation, dem, timezone, modified
ROWS = [
    [
        "6254925",
        "Kentucky",
        "Kentucky",
        "KY,Commonwealth of Kentucky",
        "37.49",
        "-85.76",
        "A",
        "ADM1",
        "US",
        "",
        "KY",
        "",
        "",
        "",
        "4500000",
        "",
        "250",
        "America/New_York",
        "2024-01-01",
    ],
    [
        "99000001",
        "Zyxville",
        "Zyxville",
        "Zyx Town,Zyxburg",
        "37.1",
        "-84.1",
        "P",
        "PPL",
        "US",
        "",
        "KY",
        "125",
        "",
        "",
        "20000",
        "",
        "300",
        "America/New_York",
        "2024-01-01",
    ],
    [
        "99000002",
        "Qorvath Sea",
        "Qorvath Sea",
        "",
        "40.0",
        "10.0",
        "H",
        "SEA",
        "",
        "",
        "",
        "",
        "",
        "",
        "0",
        "",
        "0",
        "",
        "2024-01-01",
    ],
    [
        "99000003",
        "Brookhollow",
        "Brookhollow",
        "",
        "37.0",
        "-84.0",
        "T",
        "HLL",
        "US",
        "",
        "KY",
        "",
        "",
        "",
        "0",
        "",
        "0",
        "",
        "2024-01-01",
    ],
]


def write_dump(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # The packaged index stays in the user's cache (built once); each dump gets an index file of
    # its own there, named by the dump's path, size and date, removed after the test (only
    # those: another process may be building in the same folder).
    monkeypatch.delenv(gazetteer.ENV_DUMP, raising=False)
    yield tmp_path
    for dump in tmp_path.iterdir():
        if dump.is_file():
            gazetteer.index_path(dump).unlink(missing_ok=True)


def test_a_dump_adds_places_and_moves_points(cache: Path) -> None:
    dump = write_dump(cache / "allCountries.txt", ROWS)
    index = gazetteer.load(dump)
    (town,) = [c.entry for c in index.lookup("Zyxville")]
    assert (town.kind, town.country, town.admin1, town.population) == ("city", "US", "Kentucky", 20000)
    assert [e.name for e in index.candidates("Zyxburg")] == ["Zyxville"]
    (state,) = [e for e in index.candidates("Kentucky") if e.country == "US"]
    assert (state.lat, state.lon) == (37.49, -85.76)  # GeoNames' own point replaces the packaged one
    assert index.candidates("Qorvath Sea")[0].kind == "feature"
    assert index.candidates("Brookhollow") == []  # hills and the like would match ordinary words
    assert index.candidates("Kyiv")  # the packaged data is still there
    assert index.meta()["dump_records"] == "3"


def test_a_zipped_dump_reads_like_the_text(cache: Path) -> None:
    text = write_dump(cache / "cities500.txt", ROWS[1:2])
    archive = cache / "cities500.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(text, "cities500.txt")
    assert gazetteer.load(archive).candidates("Zyxville")


def test_a_truncated_dump_names_the_file_and_line(cache: Path) -> None:
    dump = cache / "broken.txt"
    dump.write_text("\t".join(ROWS[1]) + "\n" + "\t".join(ROWS[2][:7]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.txt:2.*19 tab-separated fields"):
        gazetteer.load(dump)


def test_a_missing_dump_is_one_clear_error(cache: Path) -> None:
    with pytest.raises(InputError, match="no such GeoNames dump"):
        gazetteer.load(cache / "nowhere.txt")


def test_a_corrupt_cache_file_is_rebuilt(cache: Path) -> None:
    dump = write_dump(cache / "one.txt", ROWS[1:2])
    path = gazetteer.index_path(dump)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 100)
    gazetteer._load.cache_clear()
    assert gazetteer.load(dump).candidates("Zyxville")


CLI = Path(sys.executable).parent / "conflictwire"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=600, check=False)


def test_the_cli_reports_a_bad_dump_in_one_line(cache: Path) -> None:
    article = cache / "article.txt"
    article.write_text("Shelling hit Zyxville on Monday.", encoding="utf-8")
    dump = cache / "broken.txt"
    dump.write_text("1\tZyxville\n", encoding="utf-8")
    done = run_cli("extract", str(article), "--json", "--gazetteer", str(dump))
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "broken.txt:1" in line and "19 tab-separated fields" in line
    assert done.stdout == ""


@pytest.mark.model
def test_the_cli_finds_a_town_only_the_dump_knows(cache: Path) -> None:
    article = cache / "article.txt"
    article.write_text("Artillery shelled Zyxville, Kentucky, on Monday, officials said.", encoding="utf-8")
    dump = write_dump(cache / "cities.txt", ROWS[:2])
    done = run_cli("extract", str(article), "--json", "--layers", "--gazetteer", str(dump))
    assert done.returncode == 0, done.stderr
    places = json.loads(done.stdout)["layers"]["places"]
    town = next(p for p in places if p["text"] == "Zyxville")
    assert (town["geonames_id"], town["country"], town["admin1"]) == (99000001, "US", "Kentucky")


def test_index_files_of_older_versions_are_removed(tmp_path: Path) -> None:
    current = f"gazetteer-v{gazetteer.INDEX_VERSION}-x.sqlite"
    for name in ("gazetteer-v1.pkl", "gazetteer-v2-abc123.pkl", current):
        (tmp_path / name).write_bytes(b"")
    gazetteer._remove_stale(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [current]
