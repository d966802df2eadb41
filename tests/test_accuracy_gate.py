"""The accuracy gate: the CI sample of each dev set, scored by ../shared/eval/score.py through
the installed CLI, must not fall under the floors in benchmarks/floors.json.

The floor rules themselves (raise freely, lower only with a reason) are checked offline.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load_accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "conflictwire_bench_accuracy", REPO / "benchmarks" / "accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()
FLOORS: dict[str, Any] = accuracy.load_floors()


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize("task", sorted(FLOORS["floors"]))
def test_sample_figures_stay_at_or_above_their_floors(task: str, shared: Path) -> None:
    gold = accuracy.GOLD[task]
    if not accuracy.SCORER.is_file() or not gold.is_file():
        pytest.skip(f"{accuracy.SCORER} or {gold} is absent")
    if not accuracy.CLI.is_file():
        pytest.skip(f"{accuracy.CLI} is not installed (make install)")
    limit = FLOORS["sample"].get(task, accuracy.DEFAULT_SAMPLE)
    run = accuracy.run_task(task, gold, limit)
    assert accuracy.below_floors({task: run}, FLOORS) == [], run["summary"]


def test_every_gated_metric_has_a_floor_and_a_figure_reader() -> None:
    assert set(FLOORS["gated"]) <= set(accuracy.GOLD)
    assert set(FLOORS["sample"]) <= set(accuracy.GOLD)
    for task, metrics in FLOORS["gated"].items():
        assert set(metrics) <= set(FLOORS["floors"].get(task, {})), task
        assert set(metrics) <= set(accuracy.FIGURES[accuracy.SCORER_TASK.get(task, task)]({})), task


def _runs(**figures: float) -> dict[str, Any]:
    return {"times": {"figures": figures}}


BASE = {"margin": 1.0, "gated": {"times": ["value_f1"]}, "floors": {"times": {"value_f1": 70.0}}}


def test_a_figure_under_its_floor_is_reported_and_one_on_it_is_not() -> None:
    assert accuracy.below_floors(_runs(value_f1=68.9), BASE) == ["times value_f1 = 68.9 < floor 70.0"]
    assert accuracy.below_floors(_runs(value_f1=70.0), BASE) == []
    assert accuracy.below_floors(_runs(), BASE) == ["times value_f1 = None < floor 70.0"]


def test_updating_raises_a_floor_to_the_figure_less_the_margin() -> None:
    new, changes = accuracy.update_floors(_runs(value_f1=80.0), BASE, allow_regression=None)
    assert new["floors"]["times"]["value_f1"] == 79.0
    assert changes == ["times value_f1: 70.0 -> 79.0"]
    assert BASE["floors"]["times"]["value_f1"] == 70.0  # the input is not changed


def test_a_figure_within_the_margin_leaves_the_floor_alone() -> None:
    new, changes = accuracy.update_floors(_runs(value_f1=70.5), BASE, allow_regression=None)
    assert (new["floors"]["times"]["value_f1"], changes) == (70.0, [])


def test_lowering_a_floor_needs_a_reason_which_is_kept() -> None:
    with pytest.raises(ValueError, match="--allow-regression"):
        accuracy.update_floors(_runs(value_f1=60.0), BASE, allow_regression=None)
    new, _ = accuracy.update_floors(_runs(value_f1=60.0), BASE, allow_regression="new scorer rule")
    assert new["floors"]["times"]["value_f1"] == 59.0
    assert new["history"][-1]["reason"] == "new scorer rule"
