"""Ingest: peak memory over corpus size, and what storing costs next to analysing.

Ingests the first 500 articles, then all of them, of a JSONL.gz corpus into a fresh SQLite
database, each run in a child process of its own, the way `conflictwire ingest` does it:
`read_inputs` -> a stored-already check per article -> `analyze_many` -> `Store.save_iter`
(batched transactions). Two figures:

- peak memory: the child's peak resident set size (`ru_maxrss` from `os.wait4`). Ingest
  streams, so the run over all articles should peak within `FLAT_MARGIN` of the 500 run.
- store overhead: in the child, the time spent pulling analyses out of the pipeline
  (reading and analysing) and the rest of the loop (the stored-already checks and
  `save_iter`, i.e. everything the store does), as a share of the analysing time.

The spaCy model is loaded before the clock starts. Prints a table and writes
`benchmarks/results/ingest-<date>.json` (commit, versions, corpus sha256 and size,
figures, machine) and `ingest-latest.txt` (the printed table).

    .venv/bin/python benchmarks/ingest.py [--corpus PATH] [--sizes 500,all]

The run over all 4,690 articles of the default corpus takes about half an hour on two
cores. When the corpus is absent the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Final, TypeVar

import sqlalchemy
from spacy import about as spacy_about

from conflictwire.config import DEFAULT_MODEL, Settings
from conflictwire.models import Article
from conflictwire.pipeline import analyze_many
from conflictwire.pipeline.nlp import load_nlp
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.store import Outcome, Store
from conflictwire.store.db import SAVE_BATCH_SIZE, SAVE_MAX_WAIT_S

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides-conflict.jsonl.gz"
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_SIZES: Final = "500,all"
FLAT_MARGIN: Final = 0.10
"""Peak memory over the whole corpus may exceed the 500-article run's by this share."""
PROGRESS_EVERY: Final = 250
"""A run writes its peak memory and store share so far every this many articles."""
OVERHEAD_CEILING: Final = 0.10
"""Store time may be at most this share of pipeline time (issue 5)."""

T = TypeVar("T")


# ------------------------------------------------------------------- the child: one run


def child(corpus: Path, n: int | None, db: Path, report: Path) -> None:
    """Ingest the first `n` articles (all when None) into `db`; write the timings to `report`."""
    settings = Settings.from_env()
    load_nlp(settings.model)  # cached: the pipeline below reuses it, unclocked
    pulling = checking = 0.0
    counts = {"read": 0, "failed_inputs": 0, "stored": 0, "skipped": 0, "failed": 0, "events": 0, "claims": 0}

    with Store.open(f"sqlite:///{db}") as store:

        def fresh() -> Iterator[Article]:
            nonlocal checking
            for item in read_inputs([str(corpus)], ReadOptions()):
                if not isinstance(item, Article):
                    counts["failed_inputs"] += 1
                    continue
                counts["read"] += 1
                started = time.perf_counter()
                stored = store.has_article(item.id)
                checking += time.perf_counter() - started
                if not stored:
                    yield item

        def clocked(items: Iterable[T]) -> Iterator[T]:
            nonlocal pulling
            iterator = iter(items)
            while True:
                started = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    pulling += time.perf_counter() - started
                    return
                pulling += time.perf_counter() - started
                yield item

        analyses = clocked(
            analyze_many(islice(fresh(), n), model=settings.model, batch_size=settings.batch_size)
        )
        started = time.perf_counter()
        with report.with_suffix(".progress.jsonl").open("w", encoding="utf-8") as progress:
            for saved in store.save_iter(analyses):
                counts[saved.outcome.value] += 1
                if saved.outcome is Outcome.STORED:
                    counts["events"] += saved.events
                    counts["claims"] += saved.claims
                done = counts["stored"] + counts["skipped"] + counts["failed"]
                if done % PROGRESS_EVERY == 0:
                    elapsed = time.perf_counter() - started
                    line = {
                        "done": done,
                        "seconds": round(elapsed, 1),
                        "peak_rss_mb": round(own_peak_mb(), 1),
                    }
                    line["store_share"] = round((elapsed - pulling + checking) / (pulling - checking), 4)
                    progress.write(json.dumps(line) + "\n")
                    progress.flush()
        total = time.perf_counter() - started

    analysing = pulling - checking  # the stored-already checks ran inside the pulls
    storing = total - analysing
    report.write_text(
        json.dumps(
            {
                "articles": n,
                "seconds_total": round(total, 3),
                "seconds_analysing": round(analysing, 3),
                "seconds_storing": round(storing, 3),
                "seconds_checking": round(checking, 3),
                "db_bytes": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")),
                **counts,
            }
        ),
        encoding="utf-8",
    )


# ------------------------------------------------------------------- the parent


def own_peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # macOS: bytes; Linux: KiB


def start_child(corpus: Path, n: int | None, folder: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start one run in a fresh process."""
    label = "all" if n is None else str(n)
    db, report = folder / f"ingest-{label}.db", folder / f"ingest-{label}.json"
    command = [
        sys.executable,
        __file__,
        "--child",
        "--corpus",
        str(corpus),
        "--db",
        str(db),
        "--report",
        str(report),
    ]
    if n is not None:
        command += ["--n", str(n)]
    return subprocess.Popen(command), label, report


def finish_child(process: subprocess.Popen[bytes], label: str, report: Path) -> dict[str, Any]:
    """Wait for a run; its report plus the process's peak RSS."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"the {label}-article run failed with exit code {process.returncode}")
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    # Linux reports kilobytes, macOS bytes.
    result["peak_rss_mb"] = round(usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    result["store_share"] = round(result["seconds_storing"] / result["seconds_analysing"], 4)
    result["articles_per_s"] = round(result["stored"] / result["seconds_total"], 2)
    return result


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def table(runs: list[dict[str, Any]], *, corpus: str, flat: float, worst_share: float) -> str:
    rows = [
        (
            "articles",
            "stored",
            "events",
            "claims",
            "seconds",
            "art/s",
            "analysing s",
            "storing s",
            "store share",
            "peak RSS MB",
        ),
        *(
            (
                f"{r['read']:,}",
                f"{r['stored']:,}",
                f"{r['events']:,}",
                f"{r['claims']:,}",
                f"{r['seconds_total']:.1f}",
                f"{r['articles_per_s']:.2f}",
                f"{r['seconds_analysing']:.1f}",
                f"{r['seconds_storing']:.2f}",
                f"{r['store_share']:.2%}",
                f"{r['peak_rss_mb']:,.0f}",
            )
            for r in runs
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"conflictwire ingest, {dt.date.today().isoformat()}",
        f"corpus: {corpus}; fresh SQLite database per run, one child process per run",
        f"store batches: {SAVE_BATCH_SIZE} articles or {SAVE_MAX_WAIT_S:g} s; "
        f"python {platform.python_version()}, spacy {spacy_about.__version__}, {os.cpu_count()} CPUs",
        "",
    ]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.rjust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"peak memory, largest run over smallest: {flat:+.1%} (flat means within {FLAT_MARGIN:.0%}: "
        f"{'yes' if flat <= FLAT_MARGIN else 'NO'})",
        f"store overhead, worst run: {worst_share:.2%} of pipeline time (ceiling {OVERHEAD_CEILING:.0%}: "
        f"{'met' if worst_share <= OVERHEAD_CEILING else 'NOT met'})",
    ]
    return "\n".join(lines) + "\n"


def summarise(folder: Path, *, corpus: str) -> tuple[str, dict[str, Any]]:
    """Table and figures from the progress files of runs that may not have finished (a long
    run cut short): each run's peak memory and store share every `PROGRESS_EVERY` articles."""
    progress: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("ingest-*.progress.jsonl")):
        label = path.name.removeprefix("ingest-").removesuffix(".progress.jsonl")
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if lines:
            progress[label] = lines
    if not progress:
        raise SystemExit(f"{folder}: no progress lines to summarise")
    finished = {label: (folder / f"ingest-{label}.json").exists() for label in progress}
    by_size = sorted(progress, key=lambda label: progress[label][-1]["done"])
    smallest, largest = progress[by_size[0]][-1], progress[by_size[-1]][-1]
    flat = round(largest["peak_rss_mb"] / smallest["peak_rss_mb"] - 1, 4)
    worst_share = max(lines[-1]["store_share"] for lines in progress.values())
    text = [
        f"conflictwire ingest (from progress files), {dt.date.today().isoformat()}",
        f"corpus: {corpus}; fresh SQLite database per run, one child process per run",
        "",
        "run   finished  articles  seconds  store share  peak RSS MB at each step",
    ]
    for label in by_size:
        last = progress[label][-1]
        steps = ", ".join(f"{line['done']}: {line['peak_rss_mb']:.0f}" for line in progress[label])
        text.append(
            f"{label:<5} {'yes' if finished[label] else 'no':<9} {last['done']:>8,} {last['seconds']:>8.0f} "
            f"{last['store_share']:>12.2%}  {steps}"
        )
    text += [
        "",
        f"peak memory after {largest['done']:,} articles over the run of {smallest['done']:,}: {flat:+.1%} "
        f"(flat means within {FLAT_MARGIN:.0%})",
        f"store overhead, worst run so far: {worst_share:.2%} of pipeline time "
        f"(ceiling {OVERHEAD_CEILING:.0%})",
    ]
    figures = {
        "partial": not all(finished.values()),
        "progress": progress,
        "finished": finished,
        "peak_rss_growth": flat,
        "peak_rss_flat": flat <= FLAT_MARGIN,
        "store_share_worst": worst_share,
        "store_share_met": worst_share <= OVERHEAD_CEILING,
    }
    return "\n".join(text) + "\n", figures


def parse_sizes(text: str) -> list[int | None]:
    return [None if part.strip() == "all" else int(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL.gz corpus")
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="comma-separated article counts; `all` for the corpus"
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="folder for the results JSON and ingest-latest.txt"
    )
    parser.add_argument(
        "--parallel", action="store_true", help="run the sizes at once, one process each (two CPUs or more)"
    )
    parser.add_argument("--progress", type=Path, help="folder to keep the runs' progress files in")
    parser.add_argument(
        "--summarise",
        type=Path,
        metavar="FOLDER",
        help="write results from the progress files in FOLDER (a --progress folder of a run cut short)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if args.child:
        child(corpus, args.n, args.db, args.report)
        return 0
    if not corpus.is_file():
        print(f"skipped: corpus {corpus} not found (pass --corpus PATH to a JSONL.gz corpus)")
        return 0

    resolved = corpus.resolve()
    shown = (
        f"../{resolved.relative_to(REPO.parent)}" if resolved.is_relative_to(REPO.parent) else str(resolved)
    )
    if args.summarise:
        text, figures = summarise(args.summarise, corpus=shown)
        print(text, end="")
        write_results(
            args.out, text, runs=[], figures=figures, corpus=corpus, shown=shown, commit=git_commit()
        )
        return 0

    commit = git_commit()  # now: the code the runs import, not what HEAD is half an hour later
    runs = []
    with tempfile.TemporaryDirectory(prefix="cw-ingest-bench-") as scratch:
        folder = args.progress or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("ingest-*"):  # every run starts from a fresh database
            old.unlink()
        sizes = parse_sizes(args.sizes)
        if args.parallel:  # one process per size at once: peaks are per process, shares ratios
            started = [start_child(corpus, n, folder) for n in sizes]
            runs = [finish_child(*child) for child in started]
        else:
            runs = [finish_child(*start_child(corpus, n, folder)) for n in sizes]
        for run in runs:
            print(f"ingested {run['read']} articles: {json.dumps(run)}", flush=True)

    peaks = [r["peak_rss_mb"] for r in runs]
    flat = round(peaks[-1] / peaks[0] - 1, 4)
    worst_share = max(r["store_share"] for r in runs)
    text = table(runs, corpus=shown, flat=flat, worst_share=worst_share)
    print(text, end="")
    figures = {
        "peak_rss_growth": flat,
        "peak_rss_flat": flat <= FLAT_MARGIN,
        "store_share_worst": worst_share,
        "store_share_met": worst_share <= OVERHEAD_CEILING,
    }
    write_results(args.out, text, runs=runs, figures=figures, corpus=corpus, shown=shown, commit=commit)
    return 0


def write_results(
    out: Path,
    text: str,
    *,
    runs: list[dict[str, Any]],
    figures: dict[str, Any],
    corpus: Path,
    shown: str,
    commit: str | None,
) -> None:
    today = dt.date.today().isoformat()
    result = {
        "benchmark": "ingest",
        "date": today,
        "commit": commit,
        "python": platform.python_version(),
        "spacy": spacy_about.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "model": DEFAULT_MODEL,
        "corpus": {"path": shown, "sha256": sha256_of(corpus), "bytes": corpus.stat().st_size},
        "runs": runs,
        "figures": figures,
        "machine": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ingest-{today}.json"
    path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "ingest-latest.txt").write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    sys.exit(main())
