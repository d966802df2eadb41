"""Throughput: how much slower the full conflictwire pipeline is than bare spaCy.

Reads the first N articles of a JSONL.gz corpus, then in one process times (a) the
baseline, the bare spaCy model's `nlp.pipe`, and (b) `analyze_many`, the whole pipeline
(spaCy plus the ruler, every stage and event assembly) as `ingest` runs it, and (c) the same
with the layers (`extract --layers`, which adds the attribution cue tagger), for a line of
its own. All are warmed up first on a few articles so that model loading, the knowledge
files and the gazetteer cache do not count.

They alternate over `--rounds` slices of the articles (baseline on a slice, then the
pipeline on it, then the next slice), and each is timed by the wall clock and by the
process's CPU time. On a machine others share, load that comes and goes falls on both
alike, and the CPU-time ratio leaves out the time the process waited for a core: it is the
figure to read there; on an idle machine the two agree.

Prints a table and writes `benchmarks/results/throughput-<date>.json` (commit, versions,
corpus sha256 and size, figures, machine) and `throughput-latest.txt` (the printed table).

    .venv/bin/python benchmarks/throughput.py [--corpus PATH] [--n 500]

When the corpus is absent the benchmark says so and exits 0, so `make bench` works on a
machine without ../shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy import about as spacy_about

from conflictwire.config import DEFAULT_MODEL
from conflictwire.models import Article
from conflictwire.pipeline.run import analyze_many
from conflictwire.sources.base import ReadOptions, article_from_text
from conflictwire.timeparse import parse_iso_date

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides-conflict.jsonl.gz"
RESULTS = REPO / "benchmarks" / "results"
BATCH_SIZE = 16
"""The CLI's default (`CONFLICTWIRE_BATCH_SIZE`), so the figure is what a user gets."""
WARMUP = 8
"""Articles run before timing: loads the model, knowledge and gazetteer, fills caches."""


@dataclass(frozen=True, slots=True)
class Run:
    """One timed pass over the articles."""

    seconds: float
    articles_per_s: float
    tokens_per_s: float
    peak_rss_mb: float
    """Process peak resident set size once this run had finished (it never goes down)."""


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


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


def read_articles(corpus: Path, n: int) -> list[Article]:
    """The first `n` records of a JSONL.gz corpus as Articles, built as the JSONL reader does."""
    articles: list[Article] = []
    options = ReadOptions()
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if len(articles) >= n:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            articles.append(
                article_from_text(
                    record["text"],
                    origin=f"{corpus.name}:{number}",
                    options=options,
                    title=record.get("title") or None,
                    published=parse_iso_date(record.get("published")),
                    url=record.get("url") or None,
                    outlet=record.get("outlet") or None,
                    external_id=record.get("id") or None,
                )
            )
    return articles


def timed(work: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) that `work` took."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - start, time.process_time() - cpu


def make_run(seconds: float, *, n_articles: int, n_tokens: int, rss_mb: float) -> Run:
    return Run(
        seconds=round(seconds, 3),
        articles_per_s=round(n_articles / seconds, 2),
        tokens_per_s=round(n_tokens / seconds, 1),
        peak_rss_mb=round(rss_mb, 1),
    )


def report(
    *,
    corpus: str,
    n: int,
    tokens: int,
    chars: int,
    baseline: Run,
    full: Run,
    ratio: float,
    cpu_ratio: float,
    cpu_seconds: tuple[float, float],
    rounds: int,
    found: dict[str, int],
    layers_cpu: tuple[float, float],
) -> str:
    rows = [
        ("", "seconds", "articles/s", "tokens/s", "peak RSS MB"),
        *(
            (
                name,
                f"{r.seconds:.1f}",
                f"{r.articles_per_s:.2f}",
                f"{r.tokens_per_s:,.0f}",
                f"{r.peak_rss_mb:,.0f}",
            )
            for name, r in (("baseline (bare spaCy)", baseline), ("full pipeline", full))
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"conflictwire throughput, {dt.date.today().isoformat()}",
        f"corpus: {corpus} ({n} articles, {tokens:,} tokens, {chars:,} characters)",
        f"model: {DEFAULT_MODEL}, batch size {BATCH_SIZE}, python {platform.python_version()}, "
        f"spacy {spacy_about.__version__}, {os.cpu_count()} CPUs",
        "",
    ]
    for i, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(widths[0]) if j == 0 else cell.rjust(widths[j]) for j, cell in enumerate(row)
            )
        )
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"full / baseline rate, wall clock: {ratio:.3f} (the full pipeline runs at {ratio:.0%} of bare "
        f"spaCy's speed; {rounds} alternating rounds)",
        f"full / baseline rate, process CPU time: {cpu_ratio:.3f} ({cpu_seconds[0]:.1f} s against "
        f"{cpu_seconds[1]:.1f} s; the figure to read on a shared machine)",
        f"with the layers (`extract --layers`, which adds the attribution cue tagger), process CPU "
        f"time: {layers_cpu[0]:.3f} ({layers_cpu[1]:.1f} s)",
        f"full pipeline found {found['events']} events with {found['claims']} claims "
        f"in {found['relevant']} of {n} articles that passed the relevance filter",
    ]
    return "\n".join(lines) + "\n"


def consume(items: Iterable[Any]) -> int:
    return sum(1 for _ in items)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="JSONL.gz corpus (id, outlet, url, published, title, text)",
    )
    parser.add_argument("--n", type=int, default=500, help="how many articles from the start of the corpus")
    parser.add_argument(
        "--rounds", type=int, default=4, help="slices the baseline and the pipeline alternate over"
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="folder for the results JSON and throughput-latest.txt"
    )
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not corpus.is_file():
        print(f"skipped: corpus {corpus} not found (pass --corpus PATH to a JSONL.gz corpus)")
        return 0

    articles = read_articles(corpus, args.n)
    texts = [a.text for a in articles]
    warm = articles[:WARMUP]

    baseline_nlp = spacy.load(DEFAULT_MODEL)
    consume(baseline_nlp.pipe([a.text for a in warm], batch_size=BATCH_SIZE))
    consume(analyze_many(warm, batch_size=BATCH_SIZE))
    n_tokens = 0
    found = {"events": 0, "claims": 0, "relevant": 0}

    def run_baseline(chunk: list[Article]) -> None:
        nonlocal n_tokens
        n_tokens += sum(len(doc) for doc in baseline_nlp.pipe([a.text for a in chunk], batch_size=BATCH_SIZE))

    def run_layers(chunk: list[Article]) -> None:
        consume(analyze_many(chunk, batch_size=BATCH_SIZE, layers=True))

    def run_full(chunk: list[Article]) -> None:
        for analysis in analyze_many(chunk, batch_size=BATCH_SIZE, layers=False):
            found["relevant"] += analysis.relevant
            found["events"] += len(analysis.events)
            found["claims"] += sum(len(e.claims) for e in analysis.events)

    rounds = max(1, min(args.rounds, len(articles)))
    size = -(-len(articles) // rounds)
    base_wall = base_cpu = full_wall = full_cpu = layers_cpu = 0.0
    baseline_rss = 0.0
    for start in range(0, len(articles), size):
        chunk = articles[start : start + size]
        wall, cpu = timed(lambda chunk=chunk: run_baseline(chunk))
        base_wall, base_cpu = base_wall + wall, base_cpu + cpu
        baseline_rss = baseline_rss or peak_rss_mb()
        wall, cpu = timed(lambda chunk=chunk: run_full(chunk))
        full_wall, full_cpu = full_wall + wall, full_cpu + cpu
        layers_cpu += timed(lambda chunk=chunk: run_layers(chunk))[1]
    baseline = make_run(base_wall, n_articles=len(texts), n_tokens=n_tokens, rss_mb=baseline_rss)
    full = make_run(full_wall, n_articles=len(texts), n_tokens=n_tokens, rss_mb=peak_rss_mb())
    ratio = round(full.articles_per_s / baseline.articles_per_s, 4)
    cpu_ratio = round(base_cpu / full_cpu, 4)
    layers_ratio = round(base_cpu / layers_cpu, 4)

    # Relative to the repository when the corpus sits beside it, so results compare across machines.
    resolved = corpus.resolve()
    shown = (
        f"../{resolved.relative_to(REPO.parent)}" if resolved.is_relative_to(REPO.parent) else str(resolved)
    )
    chars = sum(len(t) for t in texts)
    text = report(
        corpus=shown,
        n=len(texts),
        tokens=n_tokens,
        chars=chars,
        baseline=baseline,
        full=full,
        ratio=ratio,
        cpu_ratio=cpu_ratio,
        cpu_seconds=(base_cpu, full_cpu),
        rounds=rounds,
        found=found,
        layers_cpu=(layers_ratio, layers_cpu),
    )
    print(text, end="")

    today = dt.date.today().isoformat()
    result = {
        "benchmark": "throughput",
        "date": today,
        "commit": git_commit(),
        "python": platform.python_version(),
        "spacy": spacy_about.__version__,
        "model": {"name": DEFAULT_MODEL, "version": baseline_nlp.meta.get("version")},
        "corpus": {
            "path": shown,
            "sha256": sha256_of(corpus),
            "articles": len(texts),
            "tokens": n_tokens,
            "chars": chars,
        },
        "settings": {"batch_size": BATCH_SIZE, "warmup_articles": len(warm), "rounds": rounds},
        "figures": {
            "baseline": asdict(baseline),
            "full": asdict(full),
            "full_over_baseline_rate": ratio,
            "full_over_baseline_rate_cpu": cpu_ratio,
            "cpu_seconds": {
                "baseline": round(base_cpu, 3),
                "full": round(full_cpu, 3),
                "full_with_layers": round(layers_cpu, 3),
            },
            "full_with_layers_over_baseline_rate_cpu": layers_ratio,
            **found,
        },
        "machine": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "processor": platform.processor() or None,
            "cpu_count": os.cpu_count(),
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"throughput-{today}.json"
    path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (args.out / "throughput-latest.txt").write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
