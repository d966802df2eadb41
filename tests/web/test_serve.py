"""`conflictwire serve` as a user runs it: a real process on a loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .conftest import free_port

START_S = 30


def serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "conflictwire.cli", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )


def test_serve_answers_pages_and_api_until_stopped(fixture_url: str) -> None:
    port = free_port()
    process = serve("--db", fixture_url, "--port", str(port))
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert response.json()["incidents"] == 1
        assert "Events" in httpx.get(f"http://127.0.0.1:{port}/events", timeout=5).text
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert f"at http://127.0.0.1:{port}/" in stderr


def test_serve_without_a_database_says_so_in_one_line(tmp_path: Path) -> None:
    process = serve("--db", str(tmp_path / "none.db"), "--port", str(free_port()))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.strip().count("\n") == 0
    assert "no such database file" in stderr
