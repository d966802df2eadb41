"""`conflictwire export` as a user runs it: the installed script, a real database file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from conflictwire.export.acled import COLUMNS

SCRIPT = Path(sys.executable).with_name("conflictwire")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "conflictwire.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, check=False)


def test_acled_goes_to_stdout_as_csv(db_path: Path) -> None:
    done = run("export", "--format", "acled", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == list(COLUMNS)
    assert sorted(row["event_id_cnty"] for row in rows) == [
        "RUS-strike-e1",
        "SDN-civilians-e1",
        "UKR-debris-e1",
        "UKR-drones-e1",
    ]
    assert "exported 4 events; skipped 1 events without a date" in done.stderr
    assert "exported" not in done.stdout


def test_filters_on_the_command_line(db_path: Path) -> None:
    done = run("export", "-f", "jsonl", "--db", str(db_path), "--country", "UA", "--source", "afp")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["drones-e1"]


def test_parquet_to_a_folder(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    done = run("export", "--format", "parquet", "--out", str(out), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"exported 5 events, 9 claims, 2 dispute values to {out}" in done.stderr
    assert len(pd.read_parquet(out / "claims.parquet")) == 9


def test_geojson_to_a_file(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.geojson"
    done = run("export", "--format", "geojson", "-o", str(target), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(target.read_text(encoding="utf-8"))["features"]) == 3
    assert "skipped 2 events without coordinates" in done.stderr


def test_csv_without_out_is_one_clear_error(db_path: Path) -> None:
    done = run("export", "--format", "csv", "--db", str(db_path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "error: --format csv writes three files (events, claims, disputes); give --out DIR"
    )


def test_bad_filter_and_missing_database_are_one_line_each(db_path: Path, tmp_path: Path) -> None:
    done = run("export", "--format", "acled", "--db", str(db_path), "--since", "last week")
    assert (done.returncode, done.stderr.strip()) == (
        1,
        "error: --since 'last week' is not a date; use YYYY-MM-DD",
    )
    done = run("export", "--format", "acled", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_unknown_format_is_a_usage_error(db_path: Path) -> None:
    done = run("export", "--format", "xlsx", "--db", str(db_path))
    assert done.returncode == 2
    assert "xlsx" in done.stderr and "acled" in done.stderr


def test_help_lists_every_format_and_option() -> None:
    done = run("export", "--help")
    assert done.returncode == 0
    for word in (
        "csv",
        "jsonl",
        "parquet",
        "geojson",
        "acled",
        "--out",
        "--country",
        "--type",
        "--since",
        "--until",
        "--source",
        "--db",
    ):
        assert word in done.stdout, word
