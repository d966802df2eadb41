"""The code stays lint-clean, formatted and type-checked: ruff and mypy run as part of the
suite (the configuration is in pyproject.toml), so CI fails on a new warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CODE = ["src", "tests", "benchmarks", "scripts"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    tool = BIN / command[0]
    if not tool.exists():
        pytest.skip(f"{command[0]} is not installed in {BIN} (pip install -e '.[test]')")
    return subprocess.run([str(tool), *command[1:]], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    done = run("ruff", "check", "--no-cache", *CODE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted() -> None:
    done = run("ruff", "format", "--check", "--no-cache", *CODE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing() -> None:
    done = run("mypy", "src")
    assert done.returncode == 0, done.stdout + done.stderr
