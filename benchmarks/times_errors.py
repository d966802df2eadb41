"""Error analysis of the times stage on TempEval-3 TBAQ (../shared/eval/dates), in process.

Runs `find_times` on each gold text against its DCT (as `extract` does for the scorer), pairs
gold and predicted TIMEX3 with the scorer's own matching (`match_spans` imported from
../shared/eval/score.py, so there is no second metric), and prints:

- value F1 (and strict/relaxed span F1) for all documents and for two held-apart halves
  (`--split corpus`: TimeBank vs AQUAINT; `--split parity`: even vs odd documents), so a rule
  tuned on one half can be checked on the other;
- the value errors grouped by class (the shape of the gold value: day, week, quarter, duration,
  PRESENT_REF ...; misses and spurious predictions as their own classes), biggest first, with
  `--show N` examples of each (gold text, gold value, predicted value).

The figures match `accuracy.py times --full` up to the CLI's article handling, and take
seconds instead of minutes: use this to iterate, the CLI run to report.

    PYTHONPATH=src .venv/bin/python benchmarks/times_errors.py --show 5
    PYTHONPATH=src .venv/bin/python benchmarks/times_errors.py --split parity --only odd --class week
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
import signal
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from conflictwire.pipeline.times import find_times

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
GOLD = EVAL / "dates" / "timex.jsonl"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def value_class(value: str | None) -> str:
    """The shape of a TIMEX3 value, the unit of the error analysis."""
    if value is None:
        return "none"
    v = value.upper()
    shapes = [
        (r"(PRESENT|PAST|FUTURE)_REF", lambda m: m.group()),
        (r"P.*X.*", lambda m: "duration-vague"),
        (r"PT?\d.*", lambda m: "duration"),
        (r"\d{4}-\d\d-\d\dT.*", lambda m: "time"),
        (r"\d{4}-\d\d-\d\d", lambda m: "day"),
        (r"\d{4}-W\d\d(-WE)?", lambda m: "week"),
        (r"\d{4}-W.*", lambda m: "week-other"),
        (r"\d{4}-Q\d", lambda m: "quarter"),
        (r"\d{4}-H\d", lambda m: "half"),
        (r"\d{4}-(SP|SU|FA|WI)", lambda m: "season"),
        (r"\d{4}-\d\d", lambda m: "month"),
        (r"\d{4}", lambda m: "year"),
        (r"\d{1,3}X*", lambda m: "decade/century"),
        (r"XXXX.*", lambda m: "set/vague"),
    ]
    for pattern, name in shapes:
        if (m := re.fullmatch(pattern, v)) is not None:
            return name(m)
    return "other"


def _half(rec: dict[str, Any], index: int, split: str) -> str:
    if split == "corpus":
        return "TimeBank" if "TimeBank" in rec.get("source_file", "") else "AQUAINT"
    return "even" if index % 2 == 0 else "odd"


def analyse(args: argparse.Namespace) -> None:
    score = _scorer()
    records = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    for index, rec in enumerate(records):
        half = _half(rec, index, args.split)
        if args.only and half != args.only:
            continue
        text = rec["text"]
        preds = find_times(text, dt.date.fromisoformat(rec["dct"]))
        golds = rec["timex"]
        gs = [(t["start"], t["end"]) for t in golds]
        ps = [(p.span.start, p.span.end) for p in preds]
        for key in (half, "all"):
            c = counts[key]
            c["gold"] += len(gs)
            c["pred"] += len(ps)
            c["strict"] += len(score.match_spans(gs, ps, exact=True))
        pairs = score.match_spans(gs, ps)
        matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, j in pairs:
            same = score.tvalue(preds[j].value) == score.tvalue(golds[i]["value"])
            for key in (half, "all"):
                counts[key]["relaxed"] += 1
                counts[key]["value"] += same
            if not same:
                cls = value_class(golds[i]["value"])
                ptext = text[preds[j].span.start : preds[j].span.end]
                errors[cls].append(
                    f"{rec['doc_id']} dct={rec['dct']} | {golds[i]['text']!r} {golds[i]['value']} "
                    f"-> {ptext!r} {preds[j].value} | {_context(text, gs[i])}"
                )
        for i, g in enumerate(golds):
            if i not in matched_g:
                errors[f"missed:{value_class(g['value'])}"].append(
                    f"{rec['doc_id']} | {g['text']!r} {g['value']} | {_context(text, gs[i])}"
                )
        for j, p in enumerate(preds):
            if j not in matched_p:
                errors[f"spurious:{value_class(p.value)}"].append(
                    f"{rec['doc_id']} | {text[p.span.start : p.span.end]!r} {p.value} | "
                    f"{_context(text, ps[j])}"
                )
    for key in sorted(counts):
        c = counts[key]
        f = {k: _f1(c[k], c["pred"], c["gold"]) for k in ("strict", "relaxed", "value")}
        print(f"{key:9s} gold {c['gold']:5d} pred {c['pred']:5d}  value F1 {f['value']:.1f}  "
              f"strict {f['strict']:.1f}  relaxed {f['relaxed']:.1f}")  # fmt: skip
    print()
    for cls, items in sorted(errors.items(), key=lambda kv: -len(kv[1])):
        if args.cls and cls != args.cls:
            continue
        print(f"{cls}: {len(items)}")
        for line in items[: args.show]:
            print("   ", line)


def _context(text: str, s: tuple[int, int], width: int = 60) -> str:
    a, b = s
    return " ".join((text[max(0, a - width) : a] + "[" + text[a:b] + "]" + text[b : b + width // 2]).split())


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 100 * 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("corpus", "parity"), default="corpus")
    parser.add_argument("--only", help="one half only (TimeBank, AQUAINT, even, odd)")
    parser.add_argument("--show", type=int, default=3, help="examples per class")
    parser.add_argument("--class", dest="cls", help="print one class only")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    if not GOLD.exists():
        print(f"skipped: {GOLD} is absent")
        return 0
    analyse(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
