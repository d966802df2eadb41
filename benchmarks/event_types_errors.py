"""Error analysis of the event-type stage on our own ACLED-notes snippets, through the CLI.

Runs ONE `conflictwire extract - --json --layers` over a gold JSONL (`{id, text, label}`) with
the project scorer's own functions (`run_cli`, `case_label`, `f1_scores` imported from
../shared/eval/score.py, so there is no second metric) and prints:

- accuracy, weighted and macro F1 for the whole set and for its two halves: `tune` (odd
  number in the id, `blind2-ATTACK-3`) and `report` (even number). Rules and cues are tuned on
  the `tune` half only; the `report` half is the figure to quote;
- per gold type: support, precision, recall, F1;
- the confusions (gold -> predicted), biggest first, with `--show N` example texts each.

    PYTHONPATH=src .venv/bin/python benchmarks/event_types_errors.py benchmarks/data/event_types_blind2.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/event_types_errors.py GOLD --half tune --show 3 --json OUT

Without ../shared the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
HALVES = ("tune", "report")


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def half_of(rec: dict[str, Any]) -> str:
    """`tune` for an odd trailing number in the id, `report` for an even one: a fixed split that
    keeps every type in both halves."""
    m = re.search(r"(\d+)$", str(rec.get("id", "")))
    return "tune" if m and int(m.group(1)) % 2 else "report"


def per_type(y_true: list[str], y_pred: list[str]) -> dict[str, dict[str, float]]:
    """Support, precision, recall and F1 per gold type (percentages)."""
    out = {}
    for lab in sorted(set(y_true)):
        tp = sum(t == lab == p for t, p in zip(y_true, y_pred, strict=True))
        npred, ngold = y_pred.count(lab), y_true.count(lab)
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = {"n": ngold, "p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}
    return out


def summary(score: Any, y_true: list[str], y_pred: list[str]) -> dict[str, float]:
    acc, w, m = score.f1_scores(y_true, y_pred)
    return {"n": len(y_true), "accuracy": round(100 * acc, 1), "weighted_f1": round(100 * w, 1),
            "macro_f1": round(100 * m, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--cli", default=shutil.which("conflictwire") or str(REPO / ".venv/bin/conflictwire"))
    parser.add_argument("--half", choices=HALVES, help="show types and confusions of this half only")
    parser.add_argument("--show", type=int, default=0, help="example texts per confusion")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"no scorer at {SCORER}; nothing to do")
        return 0
    score = _scorer()
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs, _secs = score.run_cli(args.cli, gold, 300 + 2 * len(gold))
    y_true = [rec["label"] for rec in gold]
    y_pred = [score.case_label(doc) for doc in docs]
    halves = [half_of(rec) for rec in gold]
    figures: dict[str, Any] = {"gold": str(args.gold), "all": summary(score, y_true, y_pred)}
    for h in HALVES:
        idx = [i for i, x in enumerate(halves) if x == h]
        figures[h] = summary(score, [y_true[i] for i in idx], [y_pred[i] for i in idx])
    keep = [i for i, x in enumerate(halves) if args.half in (None, x)]
    t, p = [y_true[i] for i in keep], [y_pred[i] for i in keep]
    figures["per_type"] = per_type(t, p)
    confusions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i in keep:
        if y_true[i] != y_pred[i]:
            confusions[(y_true[i], y_pred[i])].append(gold[i]["text"])
    figures["confusions"] = {
        f"{g} -> {q}": len(v) for (g, q), v in sorted(confusions.items(), key=lambda kv: -len(kv[1]))
    }
    for name in ("all", *HALVES):
        print(f"{name:7} " + "  ".join(f"{k}={v}" for k, v in figures[name].items()))
    print(f"\nper type ({args.half or 'both halves'}):")
    for lab, row in figures["per_type"].items():
        print(f"  {lab:30} n={row['n']:3}  P={row['p']:5}  R={row['r']:5}  F1={row['f1']:5}")
    print("\nconfusions (gold -> predicted):")
    for (g, q), texts in sorted(confusions.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(texts):3}  {g} -> {q}")
        for text in texts[: args.show]:
            print(f"         {text[:220]}")
    figures["predictions"] = {rec.get("id", str(i)): y_pred[i] for i, rec in enumerate(gold)}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    counts = Counter(y_pred)
    print(f"\nno event: {counts.get('NONE', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
