"""`ingest` and `watch` as a user meets them: the installed entry point in a subprocess,
over pages, feeds, archives, CSV and the folder of malformed inputs from the issue. Each
bad input gives one stderr line naming it and the problem, the rest is stored, the exit
code says whether anything failed, and there is never a traceback.

Each run loads the model, so the `runs` fixture starts them all at once.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conflictwire.store import Store
from sources.samples import (
    MALFORMED,
    PARA_1,
    SECOND_TEXT,
    malformed_folder,
    page,
    rss20,
    warc,
)

CLI = str(Path(sys.executable).parent / "conflictwire")
STARTUP_TIMEOUT = 240
"""Seconds a subprocess may take to load the model and read its first inputs."""


@dataclass(frozen=True)
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def summary(self) -> str:
        (line,) = [line for line in self.lines if line.startswith("read ")]
        return line


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "250", "CONFLICTWIRE_DB": str(root / "default.db")}


def run(args: list[str], *, cwd: Path) -> Run:
    done = subprocess.run(
        [CLI, *args], cwd=cwd, capture_output=True, text=True, env=_env(cwd), timeout=600, check=False
    )
    return Run(args, done.returncode, done.stdout, done.stderr)


def counts(db: Path) -> dict[str, int]:
    with Store.open(f"sqlite:///{db}", create=False) as store:
        return store.counts()


@dataclass(frozen=True)
class Workspace:
    root: Path
    runs: dict[str, Run]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("cli-ingest")
    malformed_folder(root)
    kinds = root / "kinds"
    kinds.mkdir()
    (kinds / "page.html").write_text(page(), encoding="utf-8")
    (kinds / "wire.xml").write_text(rss20(), encoding="utf-8")
    (kinds / "crawl.warc.gz").write_bytes(warc(gzipped=True))
    (root / "export.csv").write_text(
        f'story,when\n"{SECOND_TEXT}",2024-11-18\n"{PARA_1}",2024-11-19\n', encoding="utf-8"
    )
    (root / "good.txt").write_text(PARA_1 + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    jobs: dict[str, Callable[[], Run]] = {
        "malformed": lambda: run(["ingest", "inputs", "--db", "malformed.db"], cwd=root),
        "kinds": lambda: run(["ingest", "kinds", "--db", "kinds.db"], cwd=root),
        "csv": lambda: run(
            ["ingest", "export.csv", "--text-col", "story", "--date-col", "when", "--db", "csv.db"], cwd=root
        ),
        "csv_no_mapping": lambda: run(["ingest", "export.csv", "--db", "csv-bad.db"], cwd=root),
        "extract_csv": lambda: run(["extract", "export.csv", "--text-col", "story", "--json"], cwd=root),
        "all_good": lambda: run(["ingest", "good.txt", "--db", "good.db"], cwd=root),
        "all_bad": lambda: run(["ingest", "empty.txt", "missing.txt", "--db", "bad.db"], cwd=root),
    }
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        return Workspace(root=root, runs={name: f.result() for name, f in futures.items()})


# ----------------------------------------------------------------- the malformed folder


@pytest.mark.model
def test_each_malformed_input_is_one_line_naming_it_and_the_problem(workspace: Workspace) -> None:
    result = workspace.runs["malformed"]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.lines if line.startswith("error:")]
    for name, words in MALFORMED.items():
        # Named as the user gave it: `inputs` was the argument.
        naming = [line for line in errors if f"inputs/{name.split(':')[0]}" in line]
        assert len(naming) == 1, (name, errors)
        assert naming[0].startswith(f"error: inputs/{name}") and words in naming[0], naming[0]
    assert len(errors) == len(MALFORMED), errors


@pytest.mark.model
def test_the_rest_of_a_malformed_batch_is_stored_and_the_exit_code_says_some_failed(
    workspace: Workspace,
) -> None:
    result = workspace.runs["malformed"]
    assert result.returncode == 3, result.stderr
    stored = counts(workspace.root / "malformed.db")["articles"]
    # good.txt, wrong-charset.html, utf16.txt, two lines of bad-line.jsonl, the page before
    # the cut in cut.warc, and the lines of truncated.jsonl.gz before its break.
    assert stored >= 7
    summary = result.summary
    assert f"failed {len(MALFORMED)} (" in summary
    assert "and 6 more above" in summary  # the first three reasons, then a count


# ----------------------------------------------------------------- every kind


@pytest.mark.model
def test_pages_feeds_and_archives_are_ingested(workspace: Workspace) -> None:
    result = workspace.runs["kinds"]
    assert result.returncode == 0, result.stderr
    assert result.lines == [result.summary], result.stderr
    # One page, two feed entries, two archived pages; the page and the first archived page
    # are the same article, so it is stored once.
    assert result.summary.startswith("read 5, stored 4, skipped 1 already stored, failed 0;")
    assert "passed over 6 archive records that are not responses" in result.summary
    assert "1 archive responses that are not HTML pages" in result.summary
    assert counts(workspace.root / "kinds.db")["articles"] == 4


@pytest.mark.model
def test_csv_column_options(workspace: Workspace) -> None:
    result = workspace.runs["csv"]
    assert result.returncode == 0, result.stderr
    assert result.summary.startswith("read 2, stored 2,")
    with Store.open(f"sqlite:///{workspace.root / 'csv.db'}", create=False) as store:
        assert store.counts()["articles"] == 2


@pytest.mark.model
def test_a_csv_without_its_text_column_names_the_option(workspace: Workspace) -> None:
    result = workspace.runs["csv_no_mapping"]
    assert result.returncode == 1
    (error,) = [line for line in result.lines if "export.csv" in line and line.startswith("error:")]
    assert "--text-col" in error and "'story'" in error


@pytest.mark.model
def test_extract_takes_the_column_options(workspace: Workspace) -> None:
    result = workspace.runs["extract_csv"]
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [d["article"]["text"] for d in docs] == [SECOND_TEXT, PARA_1]


# ----------------------------------------------------------------- exit codes


@pytest.mark.model
def test_exit_code_zero_when_all_is_read(workspace: Workspace) -> None:
    result = workspace.runs["all_good"]
    assert result.returncode == 0, result.stderr
    assert result.summary.startswith("read 1, stored 1, skipped 0 already stored, failed 0;")


@pytest.mark.model
def test_exit_code_one_when_nothing_could_be_read(workspace: Workspace) -> None:
    result = workspace.runs["all_bad"]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.summary.startswith("read 0, stored 0, skipped 0 already stored, failed 2")
    assert result.lines[-1] == "error: nothing could be ingested"


def test_the_exit_codes_are_in_the_help(tmp_path: Path) -> None:
    result = run(["ingest", "--help"], cwd=tmp_path)
    text = " ".join(result.stdout.split())
    assert "Exit code: 0 when every input was read, 3 when some failed" in text
    assert "1 when nothing at all could be read" in text


# ----------------------------------------------------------------- watch


class Watch:
    """A `conflictwire watch` subprocess whose stderr lines arrive on a queue."""

    def __init__(self, folder: Path, db: Path) -> None:
        self.process = subprocess.Popen(
            [CLI, "watch", str(folder), "--interval", "0.2", "--db", str(db)],
            cwd=folder.parent,
            env=_env(folder.parent),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stderr is not None
        stderr = self.process.stderr
        threading.Thread(
            target=lambda: [self.lines.put(line.rstrip("\n")) for line in stderr], daemon=True
        ).start()

    def wait_for(self, words: str, timeout: float = STARTUP_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if words in line:
                return line
        raise AssertionError(f"no line with {words!r} from watch; saw {self.seen}")

    def stop(self) -> tuple[int, list[str]]:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=120)
        time.sleep(0.2)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, self.seen


@pytest.mark.model
def test_watch_ingests_new_files_as_they_appear_and_stops_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    db = tmp_path / "watch.db"
    watch = Watch(folder, db)
    try:
        watch.wait_for("watching")
        (folder / "first.html").write_text(page(), encoding="utf-8")
        first = watch.wait_for("new files:")
        assert "1 new files: read 1, stored 1," in first
        (folder / "wire.xml").write_text(rss20(), encoding="utf-8")
        (folder / "empty.txt").write_bytes(b"")
        (folder / "partial.part").write_text("not yet")
        error = watch.wait_for("error:")
        assert "empty.txt: empty input" in error
        second = watch.wait_for("new files:")
        assert "2 new files: read 2, stored 2," in second and "failed 1" in second
        (folder / "first-copy.html").write_text(page(), encoding="utf-8")
        third = watch.wait_for("new files:")
        assert "read 1, stored 0, skipped 1 already stored" in third
    finally:
        code, lines = watch.stop()
    assert code == 0, lines
    assert lines[-1] == f"stopped watching {folder}: 4 files read, 3 articles stored, 1 failed"
    assert not any("Traceback" in line or "interrupted" in line for line in lines), lines
    assert counts(db)["articles"] == 3


def test_watch_refuses_what_is_not_a_folder(tmp_path: Path) -> None:
    result = run(["watch", str(tmp_path / "nowhere")], cwd=tmp_path)
    assert result.returncode == 1
    assert result.lines == [f"error: {tmp_path / 'nowhere'}: not a folder; give the folder to watch"]
