"""The hand-annotated seed article in ../shared/seed: the real command line's output must
pass every check of the shared scorer (`score.py`), as an outside user would run it.

Skipped when ../shared is absent (a checkout without the shared folder).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed"
CLI = Path(sys.executable).parent / "conflictwire"
SCORE_LINE = re.compile(r"^score: (\d+)/(\d+) checks")

pytestmark = [pytest.mark.shared, pytest.mark.model]


def test_seed_article_passes_every_check(tmp_path: Path) -> None:
    if not SEED.is_dir():
        pytest.skip(f"{SEED} not found: the shared seed annotation sits beside the repository")
    articles = sorted(SEED.glob("*.txt"))
    assert len(articles) == 1, f"expected one seed article in {SEED}, found {[p.name for p in articles]}"
    assert CLI.exists(), f"{CLI} not found; install the package with `pip install -e .`"
    env = {**os.environ, "NO_COLOR": "1"}
    extracted = subprocess.run(
        [str(CLI), "extract", str(articles[0]), "--json"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert extracted.returncode == 0, f"extract failed:\n{extracted.stderr}"
    out = tmp_path / "out.json"
    out.write_text(extracted.stdout, encoding="utf-8")

    scored = subprocess.run(
        [sys.executable, str(SEED / "score.py"), str(SEED / "expected.json"), str(out), "--verbose"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = scored.stdout + scored.stderr
    lines = scored.stdout.strip().splitlines()
    match = SCORE_LINE.match(lines[-1]) if lines else None
    assert match, f"score.py printed no score line:\n{report}"
    passed, total = int(match[1]), int(match[2])
    assert passed == total, f"{total - passed} of {total} seed checks failed:\n{report}"
    assert scored.returncode == 0, f"score.py exited {scored.returncode}:\n{report}"
