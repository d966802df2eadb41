"""Golden files: the whole `extract --json` document (without layers) of every example
article, compared with `tests/golden/<name>.json`.

A change in what the pipeline reads out of a real article shows up here as a diff. When
the change is intended, rewrite the files with `pytest tests/test_golden.py
--update-golden`, read the diff and commit it with the code that caused it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from conflictwire import contract
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
FIXTURES = REPO / "tests" / "fixtures" / "articles"
INPUTS = sorted((REPO / "examples").glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
UPDATE = "pytest tests/test_golden.py --update-golden"
MAX_DIFF_LINES = 80

PUBLISHED = {
    "09_sudan_rsf_clash": dt.date(2025, 5, 20),
    "11_traps": dt.date(2025, 5, 20),
}
"""Inputs whose text carries no publication date get the one `extract --published` would
give; without it their relative dates ("on Tuesday") would stay unresolved and a dateline
would be read against the current year, so the output would depend on the day of the run."""


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def extract(path: Path) -> dict[str, Any]:
    """What `conflictwire extract PATH --json [--published DATE]` prints, as a dict."""
    from conflictwire.pipeline import analyze_many

    items = list(read_inputs([str(path)], ReadOptions(published=PUBLISHED.get(path.stem))))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(items) == len(articles) == 1, f"{path} did not read as one article: {items}"
    [analysis] = analyze_many(articles)
    return contract.analysis(analysis, layers=False)


def golden_diff(expected: str, actual: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"tests/golden/{name}", "current output", lineterm=""
        )
    )
    shown = lines[:MAX_DIFF_LINES]
    if len(lines) > MAX_DIFF_LINES:
        shown.append(f"... {len(lines) - MAX_DIFF_LINES} more diff lines")
    return "\n".join(shown)


@pytest.mark.model
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_article_matches_golden(path: Path, update_golden: bool) -> None:
    doc = extract(path)
    assert doc["article"]["published"] is not None, (
        f"{path.name} comes out with no publication date; add it to PUBLISHED in {Path(__file__).name}"
    )
    actual = render(doc)
    golden = GOLDEN / f"{path.stem}.json"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        if not golden.exists() or golden.read_text(encoding="utf-8") != actual:
            golden.write_text(actual, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"no golden file {golden.relative_to(REPO)} for {path.name}; run {UPDATE}", pytrace=False)
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        pytest.fail(
            f"{path.relative_to(REPO)} no longer gives tests/golden/{golden.name}; if that is intended, "
            f"run {UPDATE} and commit the diff:\n{golden_diff(expected, actual, golden.name)}",
            pytrace=False,
        )


def test_inputs_have_distinct_names() -> None:
    stems = [p.stem for p in INPUTS]
    assert INPUTS, "no example articles found"
    assert len(stems) == len(set(stems)), f"two inputs would share one golden file: {sorted(stems)}"


def test_every_golden_file_has_an_input(update_golden: bool) -> None:
    inputs = {p.stem for p in INPUTS}
    stale = sorted(p for p in GOLDEN.glob("*.json") if p.stem not in inputs)
    if update_golden:
        for path in stale:
            path.unlink()
        return
    assert not stale, (
        f"golden files without an input (delete them or run {UPDATE}): {[p.name for p in stale]}"
    )


def test_every_published_override_names_an_input() -> None:
    missing = sorted(set(PUBLISHED) - {p.stem for p in INPUTS})
    assert not missing, f"PUBLISHED names inputs that do not exist: {missing}"
