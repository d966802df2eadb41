"""The command line as a user meets it: the installed `conflictwire` entry point run in a
subprocess (so its error handling runs too), on real files in a temporary folder, with a
temporary SQLite database.

Every command that loads the model costs seconds, so the `runs` fixture starts them all
at once, each in its own process, and the tests read the results.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main

CLI = str(Path(sys.executable).parent / "conflictwire")
REPO = Path(__file__).resolve().parent.parent
EVENT_ID = re.compile(r"\be-[0-9a-f]{12}-\d+\b")

FIRST = "Russian drones struck a fuel depot in Odesa on Monday, the governor said.\n"
SECOND = "Israeli jets struck a building in southern Lebanon on Tuesday, killing four people, medics said.\n"
DISPUTED = (
    "Russia launched drones at Odesa on Monday. Ukraine's air force said Russia launched 30 drones. "
    "A Russian source said 50 drones were launched.\n"
)
STDIN_LINES = [
    {"text": "Shelling hit the town of Kupiansk on Monday, officials said.", "published": "2024-11-20"},
    {"text": "Drones struck a port in Odesa on Tuesday, the governor said.", "title": "Port hit"},
]


@dataclass(frozen=True)
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run(args: list[str], *, cwd: Path, stdin: str | None = None) -> Run:
    env = {**os.environ, "COLUMNS": "200", "CONFLICTWIRE_DB": str(cwd / "default.db")}
    done = subprocess.run(
        [CLI, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    return Run(args, done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Workspace:
    root: Path
    runs: dict[str, Run]
    chain: dict[str, Run]
    """ingest twice, then events, disputes and show on the same database, in that order."""


def _ingest_chain(root: Path) -> dict[str, Run]:
    db = str(root / "events.db")
    out = {
        "ingest_1": run(["ingest", "news", "--db", db, "--published", "2024-11-20"], cwd=root),
        "ingest_2": run(["ingest", "news", "--db", db, "--published", "2024-11-20"], cwd=root),
        "events": run(["events", "--db", db], cwd=root),
        "disputes": run(["disputes", "--db", db], cwd=root),
    }
    for event_id in EVENT_ID.findall(out["events"].stdout):
        out[f"show {event_id}"] = run(["show", event_id, "--db", db], cwd=root)
    out["show missing"] = run(["show", "e-000000000000-1", "--db", db], cwd=root)
    return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("cli")
    (root / "first.txt").write_text(FIRST, encoding="utf-8")
    (root / "second.txt").write_text(SECOND, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (root / "legacy.txt").write_bytes(b"The caf\xe9 owner said shelling resumed on Monday.\n")
    (root / "feed.jsonl").write_text(json.dumps({"text": SECOND.strip()}) + "\n{broken\n", encoding="utf-8")
    (root / "news").mkdir()
    (root / "news" / "a.txt").write_text(DISPUTED, encoding="utf-8")
    (root / "news" / "b.txt").write_text(SECOND, encoding="utf-8")
    stdin = "\n".join(json.dumps(line) for line in STDIN_LINES) + "\n"
    bad = ["missing.txt", "empty.txt", "binary.txt", "legacy.txt"]
    jobs: dict[str, Callable[[], Run]] = {
        "single": lambda: run(["extract", "first.txt", "--json"], cwd=root),
        "pair": lambda: run(["extract", "first.txt", "second.txt", "--json", "--layers"], cwd=root),
        "stdin": lambda: run(["extract", "-", "--json"], cwd=root, stdin=stdin),
        "mixed": lambda: run(["extract", "first.txt", *bad, "feed.jsonl", "second.txt", "--json"], cwd=root),
        "all_bad": lambda: run(["extract", *bad, "notes[draft].txt", "--json"], cwd=root),
    }
    with ThreadPoolExecutor(max_workers=len(jobs) + 1) as pool:
        chain = pool.submit(_ingest_chain, root)
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        runs = {name: f.result() for name, f in futures.items()}
        return Workspace(root=root, runs=runs, chain=chain.result())


def json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def article_text(doc: dict[str, object]) -> str:
    article = doc["article"]
    assert isinstance(article, dict)
    return str(article["text"])


# ----------------------------------------------------------------- extract


@pytest.mark.model
def test_extract_one_file_prints_one_json_document(workspace: Workspace) -> None:
    result = workspace.runs["single"]
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert article_text(doc) == FIRST
    assert set(doc) == {"article", "events"}
    assert [e["type"] for e in doc["events"]] == ["drone_strike"]


@pytest.mark.model
def test_extract_two_files_prints_json_lines_in_input_order(workspace: Workspace) -> None:
    result = workspace.runs["pair"]
    assert result.returncode == 0, result.stderr
    docs = json_lines(result.stdout)
    assert [article_text(d) for d in docs] == [FIRST, SECOND]


@pytest.mark.model
def test_extract_layers_adds_each_stage(workspace: Workspace) -> None:
    for doc in json_lines(workspace.runs["pair"].stdout):
        layers = doc["layers"]
        assert isinstance(layers, dict)
        assert set(layers) == {"places", "times", "quantities", "attributions"}
    first = json_lines(workspace.runs["pair"].stdout)[0]["layers"]
    assert isinstance(first, dict)
    assert [t["text"] for t in first["times"]] == ["Monday"]  # a TIMEX3 extent leaves out "on"
    assert [a["cue"]["text"] for a in first["attributions"]] == ["said"]


@pytest.mark.model
def test_extract_stdin_reads_json_lines(workspace: Workspace) -> None:
    result = workspace.runs["stdin"]
    assert result.returncode == 0, result.stderr
    docs = json_lines(result.stdout)
    assert [article_text(d) for d in docs] == [line["text"] for line in STDIN_LINES]
    articles = [d["article"] for d in docs]
    assert [a["published"] for a in articles if isinstance(a, dict)] == ["2024-11-20", None]
    assert [a["title"] for a in articles if isinstance(a, dict)] == [None, "Port hit"]


# ----------------------------------------------------------------- bad inputs

BAD_INPUTS = {
    "missing.txt": "no such file",
    "empty.txt": "empty input",
    "binary.txt": "binary data",
    "legacy.txt": "not UTF-8",
}


def _assert_one_line_per_bad_input(result: Run) -> None:
    assert "Traceback" not in result.stderr
    for name, problem in BAD_INPUTS.items():
        naming = [line for line in result.error_lines if name in line]
        assert len(naming) == 1, (name, result.error_lines)
        assert problem in naming[0]


@pytest.mark.model
def test_bad_inputs_are_reported_and_the_good_ones_still_printed(workspace: Workspace) -> None:
    result = workspace.runs["mixed"]
    _assert_one_line_per_bad_input(result)
    (bad_line,) = [line for line in result.error_lines if "feed.jsonl" in line]
    assert "feed.jsonl:2" in bad_line and "not JSON" in bad_line
    assert result.returncode == 0
    docs = json_lines(result.stdout)
    assert [article_text(d) for d in docs] == [FIRST, SECOND.strip(), SECOND]


@pytest.mark.model
def test_nothing_readable_is_a_failure(workspace: Workspace) -> None:
    result = workspace.runs["all_bad"]
    _assert_one_line_per_bad_input(result)
    assert result.returncode != 0
    assert result.stdout.strip() == ""
    assert "no article could be read" in result.stderr


@pytest.mark.model
def test_an_error_line_names_the_input_exactly_as_given(workspace: Workspace) -> None:
    result = workspace.runs["all_bad"]
    assert any("notes[draft].txt" in line for line in result.error_lines), result.error_lines


@pytest.mark.model
def test_no_command_prints_a_traceback(workspace: Workspace) -> None:
    for name, result in {**workspace.runs, **workspace.chain}.items():
        assert "Traceback" not in result.stderr, (name, result.stderr)


# ----------------------------------------------------------------- ingest and the store


def summary(result: Run) -> str:
    (line,) = [line for line in result.error_lines if line.startswith("read ")]
    return line


@pytest.mark.model
def test_ingest_stores_then_skips_what_is_stored(workspace: Workspace) -> None:
    first, second = workspace.chain["ingest_1"], workspace.chain["ingest_2"]
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "Traceback" not in first.stderr + second.stderr
    assert "read 2, stored 2, skipped 0" in summary(first)
    assert "read 2, stored 0, skipped 2" in summary(second)
    assert (workspace.root / "events.db").is_file()
    assert not (workspace.root / "default.db").exists()


@pytest.mark.model
def test_events_lists_the_stored_events(workspace: Workspace) -> None:
    result = workspace.chain["events"]
    assert result.returncode == 0, result.stderr
    assert len(set(EVENT_ID.findall(result.stdout))) == 2
    assert "drone_strike" in result.stdout and "air_strike" in result.stdout


@pytest.mark.model
def test_show_prints_the_event_with_its_claims(workspace: Workspace) -> None:
    shown = {k: v for k, v in workspace.chain.items() if k.startswith("show e-") and k != "show missing"}
    assert len(shown) == 2
    drone = next(r for r in shown.values() if "drone_strike" in r.stdout)
    assert drone.returncode == 0, drone.stderr
    assert "launched 30" in drone.stdout and "launched 50" in drone.stdout
    assert "A Russian source said 50 drones were launched" in drone.stdout  # evidence


@pytest.mark.model
def test_show_an_unknown_event_is_one_error_line(workspace: Workspace) -> None:
    result = workspace.chain["show missing"]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = result.error_lines
    assert "e-000000000000-1" in line and "conflictwire events" in line


@pytest.mark.model
def test_disputes_lists_the_disputed_slot_and_values(workspace: Workspace) -> None:
    result = workspace.chain["disputes"]
    assert result.returncode == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "launched" in line]
    assert "30 (Ukraine's air force)" in row and "50 (Russian source)" in row


def test_reading_a_missing_database_is_one_error_line(tmp_path: Path) -> None:
    result = run(["events", "--db", str(tmp_path / "none.db")], cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = result.error_lines
    assert "none.db" in line and "conflictwire ingest" in line


# ----------------------------------------------------------------- help

COMMANDS = [
    "extract",
    "ingest",
    "watch",
    "events",
    "show",
    "incidents",
    "relink",
    "disputes",
    "export",
    "migrate",
    "serve",
]


def click_commands() -> dict[str, typer.core.TyperCommand]:
    """The commands as the command line parser sees them (what `--help` renders)."""
    from conflictwire.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return {
        name: command
        for name, command in group.commands.items()
        if isinstance(command, typer.core.TyperCommand)
    }


def test_every_registered_command_is_covered_here() -> None:
    assert set(click_commands()) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_for_every_command(tmp_path: Path, command: str) -> None:
    first_doc_line = (click_commands()[command].help or "").strip().split("\n")[0]
    assert first_doc_line, f"{command} has no help text"
    result = run([command, "--help"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Usage: conflictwire {command}" in result.stdout
    assert " ".join(first_doc_line.split()) in " ".join(result.stdout.split())
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_and_argument_has_help_text(command: str) -> None:
    params = click_commands()[command].params
    assert params
    missing = [p.name for p in params if not (getattr(p, "help", None) or "").strip()]
    assert missing == [], f"{command}: no help for {missing}"


def test_top_level_help_lists_every_command(tmp_path: Path) -> None:
    result = run(["--help"], cwd=tmp_path)
    assert result.returncode == 0
    for command in COMMANDS:
        assert re.search(rf"\b{command}\b", result.stdout), command


@pytest.mark.model
def test_extract_tables_show_a_denial_and_a_claim_not_confirmed(tmp_path: Path) -> None:
    denial = REPO / "tests" / "fixtures" / "articles" / "21_denied_figures.txt"
    unconfirmed = REPO / "examples" / "07_iran_israel_missiles.txt"
    result = run(["extract", str(denial), str(unconfirmed)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert any("│ reject │ killed denied │" in row for row in rows), result.stdout
    assert any("│ not confirm │" in row for row in rows), result.stdout
    assert not any("not deny" in row or "not reject" in row for row in rows)
