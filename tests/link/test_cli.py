"""The incident commands as a user runs them: ingest links, `incidents` lists, `show` takes an
incident id, `events` rows carry their incident id, `relink` rebuilds the same incidents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ARTICLES

pytestmark = pytest.mark.model

CLI = str(Path(sys.executable).parent / "conflictwire")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "CONFLICTWIRE_DB": str(cwd / "cw.db")}
    return subprocess.run(
        [CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("link-cli")
    done = run("ingest", str(ARTICLES), cwd=root)
    assert done.returncode == 0, done.stderr
    assert "; linked 17 events into 6 incidents" in done.stderr
    return root


def test_incidents_lists_each_incident_with_its_outlets_and_disputed_slots(workspace: Path) -> None:
    done = run("incidents", "--min-articles", "4", cwd=workspace)
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert "missile_strike 2025-03-04 in Kharkiv Oblast, UA: 4 articles" in line
    assert "(Coastline Post, Danube Wire, Meridian Daily, Northern Ledger)" in line
    assert line.endswith("disputed: killed, injured, target")
    rows = [json.loads(row) for row in run("incidents", "--json", cwd=workspace).stdout.splitlines()]
    assert sorted(row["n_articles"] for row in rows) == [2, 2, 3, 3, 3, 4]
    disputed = run("incidents", "--disputed", "--country", "ua", "--since", "2025-03-05", cwd=workspace)
    assert disputed.stdout.count("inc-") == 1 and "shelling 2025-03-05 in Kherson Oblast" in disputed.stdout


def test_show_takes_an_incident_id_and_events_carry_it(workspace: Path) -> None:
    rows = [
        json.loads(row)
        for row in run("incidents", "--json", "--type", "drone_strike", cwd=workspace).stdout.splitlines()
    ]
    [odesa] = [row for row in rows if row["admin1"] == "Odesa Oblast"]
    shown = run("show", odesa["id"], cwd=workspace)
    assert shown.returncode == 0, shown.stderr
    assert "claims by Ukraine's air force" in shown.stdout
    assert "disputes across outlets" in shown.stdout
    assert "Danube Wire, Northern Ledger" in shown.stdout  # 15 of 18 shot down, in both papers
    full = json.loads(run("show", odesa["id"], "--json", cwd=workspace).stdout)
    assert sorted(event["outlet"] for event in full["events"]) == [
        "Danube Wire",
        "Harbor Times",
        "Northern Ledger",
    ]
    assert [d["slot"] for d in full["disputes"]] == ["intercepted"]
    listed = run("events", "--no-claims", "--type", "drone_strike", "--limit", "100", cwd=workspace).stdout
    assert listed.count(odesa["id"]) == 3
    missing = run("show", "inc-0000000000000000", cwd=workspace)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: no incident 'inc-0000000000000000'")


def test_relink_rebuilds_the_same_incidents(workspace: Path) -> None:
    before = run("incidents", "--json", cwd=workspace).stdout
    done = run("relink", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "linked 17 events into 6 incidents (replacing 6)" in done.stdout
    after = run("incidents", "--json", cwd=workspace).stdout
    assert json.loads("[" + ",".join(after.splitlines()) + "]") == json.loads(
        "[" + ",".join(before.splitlines()) + "]"
    )
