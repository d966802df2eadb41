"""Accuracy: score the stages on the dev halves in ../shared/eval with the project's scorer.

For each task this runs `python ../shared/eval/score.py TASK GOLD --cli .venv/bin/conflictwire
--json OUT` (one CLI run per task, the scorer is the only metric implementation), prints a
table of the headline figures and writes `benchmarks/results/accuracy-<date>.json` (full dev
runs), `accuracy-<date>-sample.json` (the CI sample) or `accuracy-<date>-limit<N>.json` (the
first N documents of each set): commit, Python,
spaCy and model versions, each gold file's sha256, documents and gold items, the figures and
the scorer's whole metrics object. A second run on the same day updates the tasks it ran.

    .venv/bin/python benchmarks/accuracy.py                      # CI sample (floors.json "sample")
    .venv/bin/python benchmarks/accuracy.py times quantities --limit 60
    .venv/bin/python benchmarks/accuracy.py --full               # whole dev halves (make accuracy)
    .venv/bin/python benchmarks/accuracy.py --check              # CI sample, exit 1 below a floor
    .venv/bin/python benchmarks/accuracy.py --update-floors      # CI sample, raise floors
    .venv/bin/python benchmarks/accuracy.py --update-floors --allow-regression "why"

The CI sample is fixed in `benchmarks/floors.json` ("sample": the first N documents per task,
null for a whole set that is small anyway). The file holds, per task and gated metric, the
floor measured on that sample minus a noise margin. `--update-floors` only raises floors; lowering one needs
`--allow-regression REASON`, and the reason is kept in the file's history (the rule of
trafilatura's tests/eval_gate.py). `tests/test_accuracy_gate.py` runs the sample and fails
when a figure drops below its floor. Without ../shared the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"
SCORER = EVAL / "score.py"
RESULTS = REPO / "benchmarks" / "results"
FLOORS = REPO / "benchmarks" / "floors.json"
CLI = REPO / ".venv" / "bin" / "conflictwire"

GOLD: dict[str, Path] = {
    "times": EVAL / "dates" / "timex.jsonl",
    "quantities": EVAL / "quantities" / "quantities.jsonl",
    "attributions": EVAL / "attribution" / "attributions.jsonl",
    "places": EVAL / "geoparsing" / "toponyms.jsonl",
    "event_types": EVAL / "event_types" / "events.jsonl",
    "event_types_own": REPO / "benchmarks" / "data" / "event_types_test.jsonl",
    "event_types_dev": REPO / "benchmarks" / "data" / "event_types_dev.jsonl",
    "event_types_blind2": REPO / "benchmarks" / "data" / "event_types_blind2.jsonl",
}
"""Default gold per task; `--gold TASK=PATH` replaces one (a TEST half, another set). A task whose
gold file is absent is skipped with a note."""
SCORER_TASK = {
    "event_types_own": "event_types",
    "event_types_dev": "event_types",
    "event_types_blind2": "event_types",
}
"""The score.py task of a harness task named differently (our own event-type snippets:
`event_types_own` the held-apart test snippets, never trained or tuned on, which the gate scores;
`event_types_dev` the snippets the rules were tuned on and the fallback model trained on;
`event_types_blind2` a second batch in ACLED-notes style written blind, before any prediction
was seen; rules were then tuned on its odd-numbered half only, and
`benchmarks/event_types_errors.py` reports the even half apart)."""
DEFAULT_SAMPLE = 40
"""Documents per task in the CI sample when floors.json does not say."""

GOLD_ITEMS = {"times": "timex", "quantities": "quantities", "attributions": "attributions",
              "places": "toponyms", "event_types": None, "event_types_own": None,
              "event_types_dev": None, "event_types_blind2": None}  # fmt: skip
"""The list field of a gold record that holds the items scored (None: one label per record)."""


def _get(metrics: dict[str, Any], *path: str) -> float | None:
    node: Any = metrics
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def _times(m: dict[str, Any]) -> dict[str, float | None]:
    return {
        "value_f1": _get(m, "value", "f1"),
        "value_p": _get(m, "value", "p"),
        "value_r": _get(m, "value", "r"),
        "strict_f1": _get(m, "strict", "f1"),
        "relaxed_f1": _get(m, "relaxed", "f1"),
        "type_f1": _get(m, "type", "f1"),
        "type_acc": _get(m, "type", "accuracy"),
    }


def _quantities(m: dict[str, Any]) -> dict[str, float | None]:
    return {
        "value_f1": _get(m, "value", "f1"),
        "value_p": _get(m, "value", "p"),
        "value_r": _get(m, "value", "r"),
        "value_unit_f1": _get(m, "value_unit", "f1"),
    }


def _attributions(m: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for comp in ("source", "cue", "content"):
        out[f"{comp}_f1"] = _get(m, comp, "exact", "f1")
        out[f"{comp}_partial_f1"] = _get(m, comp, "partial", "f1")
    return out


def _places(m: dict[str, Any]) -> dict[str, float | None]:
    top = m["all"] if "all" in m else next((v for v in m.values() if isinstance(v, dict)), {})
    out = {
        "f1": _get(top, "f1"),
        "p": _get(top, "p"),
        "r": _get(top, "r"),
        "acc161": _pct(_get(top, "geo_recognised", "acc161")),
        "acc161_all": _pct(_get(top, "geo_all", "acc161")),
        "auc": _get(top, "geo_recognised", "auc"),
    }
    for corpus in ("GWN", "LGL"):
        if corpus in m:
            out[f"{corpus}_f1"] = _get(m, corpus, "f1")
    return out


def _event_types(m: dict[str, Any]) -> dict[str, float | None]:
    return {
        "weighted_f1": _get(m, "all", "weighted_f1"),
        "macro_f1": _get(m, "all", "macro_f1"),
        "accuracy": _get(m, "all", "accuracy"),
    }


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100.0 * x, 1)


FIGURES: dict[str, Callable[[dict[str, Any]], dict[str, float | None]]] = {
    "times": _times,
    "quantities": _quantities,
    "attributions": _attributions,
    "places": _places,
    "event_types": _event_types,
}
"""The headline figures of each task, read from the scorer's --json metrics (percent)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def gold_counts(task: str, path: Path, limit: int | None) -> dict[str, int]:
    """Documents and gold items of the first `limit` records (all when None), as score.py reads them."""
    docs = items = 0
    field = GOLD_ITEMS.get(task)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            docs += 1
            items += len(record.get(field) or []) if field else 1
            if limit and docs >= limit:
                break
    return {"documents": docs, "items": items}


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return (
        f"../{resolved.relative_to(REPO.parent)}" if resolved.is_relative_to(REPO.parent) else str(resolved)
    )


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True, timeout=10
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "src"],
            cwd=REPO, capture_output=True, text=True, check=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip() or None
    return f"{commit}+dirty" if commit and dirty.stdout.strip() else commit


def versions() -> dict[str, Any]:
    """Python, spaCy and model versions of the venv the CLI runs in."""
    code = (
        "import json, platform, spacy; from conflictwire.config import DEFAULT_MODEL\n"
        "try:\n    import importlib.metadata as md; mv = md.version(DEFAULT_MODEL.replace('_', '-'))\n"
        "except Exception:\n    mv = None\n"
        "print(json.dumps({'python': platform.python_version(), 'spacy': spacy.__version__,"
        " 'model': {'name': DEFAULT_MODEL, 'version': mv}}))"
    )
    python = CLI.parent / "python"
    try:
        done = subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        return dict(json.loads(done.stdout))
    except (OSError, subprocess.SubprocessError, ValueError):
        return {"python": None, "spacy": None, "model": None}


def run_task(task: str, gold: Path, limit: int | None, *, verbose: bool = False) -> dict[str, Any]:
    """One score.py run: its metrics, summary line and figures (raises RuntimeError on failure)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{task}.json"
        scorer_task = SCORER_TASK.get(task, task)
        argv = [sys.executable, str(SCORER), scorer_task, str(gold), "--cli", str(CLI), "--json", str(out)]
        if limit:
            argv += ["--limit", str(limit)]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, check=False)
        if verbose:
            print(done.stdout, end="")
        if done.returncode != 0 or not out.is_file():
            last = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
            raise RuntimeError(f"{task}: score.py failed (status {done.returncode}): {last}")
        scored = json.loads(out.read_text(encoding="utf-8"))
    metrics = scored["metrics"]
    return {
        "gold": {"path": _shown(gold), "sha256": sha256_of(gold), **gold_counts(task, gold, limit)},
        "limit": limit,
        "cli_seconds": metrics.get("cli_seconds"),
        "summary": scored.get("summary"),
        "figures": FIGURES[SCORER_TASK.get(task, task)](metrics),
        "metrics": metrics,
    }


def results_name(mode: str, today: str) -> str:
    """accuracy-<date>.json for a full run, -sample for the CI sample, -limit<N> otherwise."""
    return f"accuracy-{today}.json" if mode == "full" else f"accuracy-{today}-{mode}.json"


def write_results(runs: dict[str, dict[str, Any]], mode: str, out: Path) -> Path:
    today = dt.date.today().isoformat()
    path = out / results_name(mode, today)
    previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    commit = git_commit()
    env = versions()
    tasks = dict(previous.get("tasks") or {})
    for task, run in runs.items():
        tasks[task] = {**run, "commit": commit}
    result = {
        "benchmark": "accuracy",
        "date": today,
        "commit": commit,
        **env,
        "mode": mode,
        "scorer": {"path": _shown(SCORER), "sha256": sha256_of(SCORER)},
        "tasks": tasks,
        "machine": {"platform": platform.platform(), "cpu_count": os.cpu_count()},
    }
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_floors(path: Path = FLOORS) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def below_floors(runs: dict[str, dict[str, Any]], floors: dict[str, Any]) -> list[str]:
    """One line per gated figure under its floor (a missing figure counts as under)."""
    bad = []
    for task, gated in floors["floors"].items():
        if task not in runs:
            continue
        for metric, floor in gated.items():
            got = runs[task]["figures"].get(metric)
            if got is None or got < floor:
                bad.append(f"{task} {metric} = {got} < floor {floor}")
    return bad


def update_floors(
    runs: dict[str, dict[str, Any]], floors: dict[str, Any], *, allow_regression: str | None
) -> tuple[dict[str, Any], list[str]]:
    """Floors raised to figure - margin; a lower one only with a reason. Returns (floors, changes)."""
    margin = float(floors["margin"])
    changes: list[str] = []
    refused: list[str] = []
    new = json.loads(json.dumps(floors))
    for task, run in runs.items():
        gated = new["floors"].setdefault(task, {})
        for metric in floors.get("gated", {}).get(task, []):
            got = run["figures"].get(metric)
            if got is None:
                continue
            want = round(max(0.0, got - margin), 1)
            old = gated.get(metric)
            if old is None or want > old:
                gated[metric] = want
                changes.append(f"{task} {metric}: {old} -> {want}")
            elif want < old - 1e-9 and got < old:
                if allow_regression:
                    gated[metric] = want
                    changes.append(f"{task} {metric}: {old} -> {want} (lowered: {allow_regression})")
                else:
                    refused.append(f"{task} {metric}: measured {got} is under the floor {old}")
    if refused:
        raise ValueError(
            "floors are only raised; to lower one pass --allow-regression REASON:\n  " + "\n  ".join(refused)
        )
    if changes:
        new.setdefault("history", []).append(
            {"date": dt.date.today().isoformat(), "commit": git_commit(), "changes": changes,
             **({"reason": allow_regression} if allow_regression else {})}
        )  # fmt: skip
    return new, changes


def table(runs: dict[str, dict[str, Any]], floors: dict[str, Any] | None, *, sampled: bool) -> str:
    """The headline figures, with each gated figure's floor when the run is the CI sample."""
    rows = [("task", "docs", "gold", "metric", "value", "floor")]
    for task, run in runs.items():
        gated = (floors or {}).get("floors", {}).get(task, {}) if floors else {}
        first = True
        for metric, value in run["figures"].items():
            floor = gated.get(metric)
            rows.append(
                (
                    task if first else "",
                    str(run["gold"]["documents"]) if first else "",
                    str(run["gold"]["items"]) if first else "",
                    metric,
                    "-" if value is None else f"{value:.3f}" if metric.startswith("auc") else f"{value:.1f}",
                    "" if floor is None or not sampled else f"{floor:.1f}",
                )
            )
            first = False
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        lines.append(
            "  ".join(c.ljust(widths[i]) if i in (0, 3) else c.rjust(widths[i]) for i, c in enumerate(row))
        )
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def parse_gold_overrides(items: Sequence[str]) -> dict[str, Path]:
    out = {}
    for item in items:
        task, sep, path = item.partition("=")
        if not sep or task not in GOLD:
            raise SystemExit(f"--gold takes TASK=PATH with TASK one of {', '.join(GOLD)}: {item!r}")
        out[task] = Path(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "tasks", nargs="*", metavar="TASK", help=f"tasks to score (default: all of {', '.join(GOLD)})"
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--limit", type=int, help="score the first N documents of each gold set")
    size.add_argument("--full", action="store_true", help="score the whole dev halves")
    parser.add_argument("--gold", action="append", default=[], metavar="TASK=PATH", help="another gold file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is under its floor")
    parser.add_argument("--update-floors", action="store_true", help="raise floors to the measured figures")
    parser.add_argument("--allow-regression", metavar="REASON", help="with --update-floors: allow lowering")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for accuracy-<date>.json")
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--verbose", action="store_true", help="print the scorer's own tables")
    args = parser.parse_args(argv)

    unknown = [t for t in args.tasks if t not in GOLD]
    if unknown:
        parser.error(f"unknown task {unknown[0]!r} (one of {', '.join(GOLD)})")
    if not SCORER.is_file():
        print(f"skipped: {_shown(SCORER)} not found (the eval sets live in ../shared beside the repository)")
        return 0
    if not CLI.is_file():
        parser.error(f"{CLI} not found: run `make install` first")
    floors = load_floors(args.floors) if args.floors.is_file() else None
    sample: dict[str, int | None] = (floors or {}).get("sample") or {}
    if args.full:
        mode, limits = "full", dict.fromkeys(GOLD, None)
    elif args.limit:
        mode, limits = f"limit{args.limit}", dict.fromkeys(GOLD, args.limit)
    else:
        mode, limits = "sample", {t: sample.get(t, DEFAULT_SAMPLE) for t in GOLD}
    if (args.update_floors or args.check) and (floors is None or mode != "sample"):
        parser.error("--check and --update-floors run on the CI sample (floors.json), not --full/--limit")
    gold = {**GOLD, **parse_gold_overrides(args.gold)}
    tasks = args.tasks or list(GOLD)

    runs: dict[str, dict[str, Any]] = {}
    for task in tasks:
        if not gold[task].is_file():
            print(f"skipped {task}: {_shown(gold[task])} not found")
            continue
        runs[task] = run_task(task, gold[task], limits[task], verbose=args.verbose)
        print(runs[task]["summary"], f"({runs[task]['cli_seconds']} s)", flush=True)
    print()
    print(table(runs, floors, sampled=mode == "sample"), end="")
    path = write_results(runs, mode, args.out)
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")

    if args.update_floors and floors is not None:
        try:
            new, changes = update_floors(runs, floors, allow_regression=args.allow_regression)
        except ValueError as exc:
            print(exc)
            return 1
        args.floors.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print("\n".join(changes) if changes else "floors unchanged")
    if args.check and floors is not None:
        bad = below_floors(runs, floors)
        if bad:
            print("UNDER THE FLOOR:\n  " + "\n  ".join(bad))
            return 1
        print("all gated figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
