"""`conflictwire migrate` as a user runs it: an older database is refused by every command
with what to do, `migrate` brings it up to date, and the commands work again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conflictwire.store import SCHEMA_VERSION, versioning

from .conftest import other_analysis
from .test_migrations import make_legacy_database


def conflictwire(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONFLICTWIRE_")}
    return subprocess.run(
        [sys.executable, "-m", "conflictwire.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_migrate_upgrades_an_older_database_and_the_commands_work_again(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_legacy_database(f"sqlite:///{path}")

    refused = conflictwire("events", "--db", str(path), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1, refused.stderr  # one line, no traceback
    assert "made before migrations" in refused.stderr
    assert "run `conflictwire migrate` with the same --db" in refused.stderr

    migrated = conflictwire("migrate", "--db", str(path), cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert (
        "migrated from schema version 1 (made before migrations) to "
        f"schema version {SCHEMA_VERSION} (revision " in " ".join(migrated.stdout.split())
    )

    again = conflictwire("migrate", "--db", str(path), cwd=tmp_path)
    assert "nothing to do" in again.stdout
    assert versioning.head() in again.stdout

    listed = conflictwire("events", "--db", str(path), "--no-claims", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert other_analysis(1).events[0].id in listed.stdout


def test_migrate_reads_the_database_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    env = {**os.environ, "CONFLICTWIRE_DB": str(path)}

    done = subprocess.run(
        [sys.executable, "-m", "conflictwire.cli", "migrate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "migrated from an empty database" in " ".join(done.stdout.split())
    assert path.exists()
