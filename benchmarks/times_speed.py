"""Speed of the times stage against an earlier revision of it, in one process.

`find_times` runs on raw text (no parse), so its cost can be measured apart from spaCy: this
loads `src/conflictwire/pipeline/times.py` as it was at `--against` (a git revision) next to the
current one, runs both over the first `--n` articles of the corpus in alternating rounds (so
load on the shared machine hits both alike) and prints, per round and as the best of the rounds,
the seconds each took and the ratio current / earlier. A ratio near 1 means the change did not
make the stage slower; the whole pipeline's ratio to bare spaCy is `throughput.py`'s business.

    PYTHONPATH=src .venv/bin/python benchmarks/times_speed.py --against 638cb5a --n 500

Writes the printed lines to `results/times-speed-latest.txt`. Without the corpus it prints
`skipped: ...` and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from conflictwire.pipeline import times as current

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "allsides-conflict.jsonl.gz"
OUT = REPO / "benchmarks" / "results" / "times-speed-latest.txt"
PUBLISHED = dt.date(2024, 5, 1)


def _earlier(revision: str) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:src/conflictwire/pipeline/times.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "times_earlier.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("times_earlier", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _texts(n: int) -> list[str]:
    out: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(out) >= n:
                break
            out.append(json.loads(line)["text"])
    return out


def _run(find: Callable[..., list[object]], texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = sum(len(find(text, PUBLISHED)) for text in texts)
    return time.perf_counter() - start, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", required=True, help="git revision of the earlier times.py")
    parser.add_argument("--n", type=int, default=500, help="articles from the start of the corpus")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    earlier = _earlier(args.against)
    texts = _texts(args.n)
    lines = [
        f"times stage, {len(texts)} articles ({sum(map(len, texts)):,} characters), current vs {args.against}"
    ]
    best = {"earlier": float("inf"), "current": float("inf")}
    for round_ in range(1, args.rounds + 1):
        for name, module in (("earlier", earlier), ("current", current)):
            seconds, found = _run(module.find_times, texts)
            best[name] = min(best[name], seconds)
            lines.append(f"round {round_} {name:8s} {seconds:6.2f} s  {found} mentions")
    lines.append(
        f"best of {args.rounds}: earlier {best['earlier']:.2f} s, current {best['current']:.2f} s, "
        f"ratio current/earlier {best['current'] / best['earlier']:.2f}"
    )
    print("\n".join(lines))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
