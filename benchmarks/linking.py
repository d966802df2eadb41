"""Incident linking, measured: ECB+ document clustering, the threshold sweep, and scale.

    python benchmarks/linking.py ecb      # ECB+ dev: linker vs TF-IDF baseline (B3, CoNLL F1)
    python benchmarks/linking.py sweep    # thresholds on the conflict set and ECB+ dev
    python benchmarks/linking.py scale    # 1k, 10k, 100k synthetic events in SQLite
    python benchmarks/linking.py all

`ecb`: all 496 documents of the ECB+ dev half (`../shared/eval/event_coref`, odd topics)
are clustered into real-world events with the linker of `conflictwire.link` (items from
generic document features, see `ecb.py`; the same `score`, the same average-linkage
clustering and threshold as for stored events). Gold: topic + ecb/ecbplus. Baseline:
TF-IDF cosine (idf fitted on the 496 documents), average linkage, its threshold tuned on
the same documents in the same run, best B3 F1 reported.

Mention level (in `ecb`): the gold action mentions of the complete sentences
(`ECBplus_coreference_sentences.csv`) are linked by `link.mentions` inside the linker's
document clusters; the same-lemma baseline puts one head lemma of one document cluster in
one cluster. MUC, B3, CEAF-e and CoNLL F1 against the gold chains, singletons included.
Both levels also print each half of the dev topics on its own (held apart).

`sweep`: the conflict test set (tests/link/data, run through the pipeline) must link
exactly; the thresholds that do are printed beside ECB+ B3 F1 at each threshold, which is
how `link.cluster.THRESHOLD` was chosen.

`scale`: N synthetic events (incidents of one to four reports from different outlets, ten
countries, dates spread so that a day holds about the same number of events at every N, as
a growing database does) are stored in a new SQLite file, then `link.run.relink` links them
all; time per event (wall and this process's CPU: the machine may be shared, and CPU time
is what the code costs) is printed for each N, and the ratio of the largest total to the
smallest (100k to 1k must stay under 150x: close to linear).

Results go to `results/linking-<date>.json` and `results/linking-latest.txt`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import ecb  # noqa: E402 - the benchmark's own helper module, beside this file

from conflictwire.link.cluster import THRESHOLD, cluster_items  # noqa: E402
from conflictwire.link.mentions import cluster_mentions  # noqa: E402
from conflictwire.link.run import link_pending, relink  # noqa: E402
from conflictwire.models import Actor, Analysis, Article, Claim, Event, EventType, Place, Span, Weapon  # noqa: E402
from conflictwire.pipeline import analyze_many  # noqa: E402
from conflictwire.sources import ReadOptions, read_inputs  # noqa: E402
from conflictwire.store import Store  # noqa: E402
from conflictwire.store import incidents as sql  # noqa: E402

ECB_DIR: Final = REPO.parent / "shared" / "eval" / "event_coref" / "ECB+"
SIZES: Final = (1_000, 10_000, 100_000)
EVENTS_PER_DAY: Final = 40
"""Synthetic events per day: a busy conflict news day; the days grow with N."""
SWEEP: Final = (0.4, 0.5, 0.6)
BASELINE_SWEEP: Final = tuple(round(0.05 * k, 2) for k in range(1, 13))


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip()


# ------------------------------------------------------------------- ECB+


def _halves(docs: list[ecb.Document]) -> dict[str, set[str]]:
    """The dev topics split in two by rank (1st, 3rd, ... and 2nd, 4th, ...): the threshold
    chosen on one half must hold on the other."""
    topics = sorted({doc.topic for doc in docs}, key=int)
    return {"half A": set(topics[0::2]), "half B": set(topics[1::2])}


def _doc_scores(docs: list[ecb.Document], items: list[Any], topics: set[str], th: float) -> dict[str, float]:
    chosen = [i for i, doc in enumerate(docs) if doc.topic in topics]
    found = cluster_items([items[i] for i in chosen], threshold=th)
    return ecb.scores(ecb.gold_clusters([docs[i] for i in chosen]), found)


def run_ecb(lines: list[str]) -> dict[str, Any]:
    docs = ecb.read_documents(ECB_DIR)
    gold = ecb.gold_clusters(docs)
    started = time.perf_counter()
    parsed = ecb.parse(docs)
    items = ecb.document_items(docs, parsed)
    featurised = time.perf_counter() - started
    started = time.perf_counter()
    every = {doc.topic for doc in docs}
    ours = {th: _doc_scores(docs, items, every, th) for th in SWEEP}
    linking = time.perf_counter() - started
    halves = {
        name: {th: _doc_scores(docs, items, topics, th)["b3_f1"] for th in SWEEP}
        for name, topics in _halves(docs).items()
    }
    names = [doc.name for doc in docs]
    matrix = ecb.tfidf_matrix([doc.text for doc in docs])
    sims = matrix @ matrix.T
    base = {th: ecb.scores(gold, ecb.baseline_clusters(names, sims, th)) for th in BASELINE_SWEEP}
    best_base = max(base, key=lambda th: base[th]["b3_f1"])
    lines.append(f"ECB+ dev: {len(docs)} documents, {len(gold)} real-world events")
    lines.append(
        f"  {'system':34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'MUC':>6} {'CEAF-e':>6} {'CoNLL':>6} clusters"
    )
    rows = [(f"TF-IDF baseline, best t={best_base}", base[best_base])]
    rows += [(f"linker t={th}" + (" (THRESHOLD)" if th == THRESHOLD else ""), ours[th]) for th in SWEEP]
    for label, s in rows:
        lines.append(_row(label, s))
    for name, by_threshold in halves.items():
        figures = ", ".join(f"t={th}: {value:.2f}" for th, value in by_threshold.items())
        lines.append(f"  held apart, {name} of the dev topics, linker B3 F1: {figures}")
    lines.append(f"  features {featurised:.0f}s (spaCy), linking {linking / len(SWEEP):.1f}s per threshold")
    mentions = run_mentions(lines, docs, parsed, items)
    return {
        "documents": len(docs),
        "gold_events": len(gold),
        "linker": {str(th): s for th, s in ours.items()},
        "halves_b3_f1": {name: {str(th): v for th, v in h.items()} for name, h in halves.items()},
        "threshold": THRESHOLD,
        "baseline": {str(th): s for th, s in base.items()},
        "baseline_best_threshold": best_base,
        "features_s": round(featurised, 1),
        "mentions": mentions,
    }


def _row(label: str, s: dict[str, float]) -> str:
    return (
        f"  {label:34} {s['b3_p']:6.2f} {s['b3_r']:6.2f} {s['b3_f1']:6.2f} {s['muc_f1']:6.2f} "
        f"{s['ceafe_f1']:6.2f} {s['conll_f1']:6.2f} {s['clusters']}"
    )


def run_mentions(
    lines: list[str], docs: list[ecb.Document], parsed: list[Any], items: list[Any]
) -> dict[str, Any]:
    """Mention-level cross-document action coreference on the complete sentences: gold
    action mentions, blocked by the linker's document clusters (at THRESHOLD), clustered by
    `link.mentions`; baseline: one cluster per head lemma within the same document clusters."""
    folder = ECB_DIR.parent
    complete = ecb.complete_sentences(folder / "ECBplus_coreference_sentences.csv")
    gold = ecb.gold_mentions(ECB_DIR, docs, complete)
    key = ecb.gold_mention_clusters(gold)
    blocks = {member: found[0] for found in cluster_items(items) for member in found}
    by_name = {doc.name: p for doc, p in zip(docs, parsed, strict=True)}
    mentions = ecb.mentions_for_linking(gold, by_name, blocks)
    base = ecb.scores(key, ecb.lemma_clusters(mentions, blocked=True))
    ours = ecb.scores(key, cluster_mentions(mentions))
    halves = {}
    for name, topics in _halves(docs).items():
        chosen = {m.id for m in gold if m.document.split("_")[0] in topics}
        part = [m for m in mentions if m.id in chosen]
        part_key = [c for c in key if c[0] in chosen]
        halves[name] = {
            "lemma_conll_f1": ecb.scores(part_key, ecb.lemma_clusters(part, blocked=True))["conll_f1"],
            "linker_conll_f1": ecb.scores(part_key, cluster_mentions(part))["conll_f1"],
        }
    lines.append(
        f"ECB+ dev mention level: {len(gold)} gold action mentions in the complete sentences, "
        f"{len(key)} gold chains (singletons included)"
    )
    lines.append(_row("same lemma in linker doc clusters", base))
    lines.append(_row("link.mentions in linker doc clusters", ours))
    for name, h in halves.items():
        lines.append(
            f"  held apart, {name}: CoNLL F1 same lemma {h['lemma_conll_f1']:.2f}, "
            f"link.mentions {h['linker_conll_f1']:.2f}"
        )
    return {
        "mentions": len(gold),
        "chains": len(key),
        "lemma_baseline": base,
        "linker": ours,
        "halves": halves,
    }


# ------------------------------------------------------------------- threshold sweep


def conflict_partition(threshold: float) -> tuple[bool, list[list[str]]]:
    """Link the conflict test set at `threshold` in a temporary SQLite; exact or not."""
    articles = list(read_inputs([str(REPO / "tests/link/data/articles.jsonl")], ReadOptions()))
    analyses = _cached_analyses(articles, analyze_many)
    label = {e.id: str(a.article.external_id) for a in analyses for e in a.events}
    with tempfile.TemporaryDirectory() as folder, Store.open(f"sqlite:///{folder}/c.db") as store:
        store.save_many(analyses)
        link_pending(store, threshold=threshold)
        with sql.reading(store) as conn:
            found = sorted(sorted(label[e] for e in members) for members in sql.memberships(conn).values())
    exact = all(len({m[0] for m in members}) == 1 for members in found) and len(found) == len(
        {label[e][0] for e in label}
    )
    return exact, found


_ANALYSES: list[Analysis] = []


def _cached_analyses(articles: list[Any], analyze: Any) -> list[Analysis]:
    if not _ANALYSES:
        _ANALYSES.extend(analyze([a for a in articles if isinstance(a, Article)]))
    return _ANALYSES


def run_sweep(lines: list[str], ecb_result: dict[str, Any] | None) -> dict[str, Any]:
    exact = {}
    for th in SWEEP:
        exact[str(th)] = conflict_partition(th)[0]
    lines.append("threshold sweep: conflict test set exact? / ECB+ dev B3 F1")
    for th in SWEEP:
        b3 = ecb_result["linker"][str(th)]["b3_f1"] if ecb_result else None
        lines.append(f"  t={th}: conflict {'exact' if exact[str(th)] else 'WRONG'}; ECB+ B3 F1 {b3}")
    return {"conflict_exact": exact}


# ------------------------------------------------------------------- scale

ATTACK = EventType(
    "missile_strike",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
    "ASSAULT",
    "195",
    "attack",
)
DRONES = EventType(
    "drone_strike", "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195", "attack"
)
SHELLING = EventType(
    "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", "194", "attack"
)
WEAPONS = (
    (ATTACK, Weapon("Iskander-M", "ballistic missile", "RUS", 500, "missile")),
    (DRONES, Weapon("Shahed-136", "loitering munition", "IRN", 2500, "drone")),
    (SHELLING, Weapon("howitzer", "artillery", None, 30, "artillery")),
)
COUNTRIES = ("UA", "RU", "SY", "IL", "SD", "YE", "MM", "ML", "SO", "IQ")
OUTLETS = (
    "Northern Ledger",
    "Danube Wire",
    "Coastline Post",
    "Meridian Daily",
    "Harbor Times",
    "Plains Gazette",
)
PARTIES = (("Russia", "RUS"), ("Ukraine", "UKR"), ("the army", None), ("rebels", None))


def synthetic(n: int, seed: int = 7) -> list[Analysis]:
    """About `n` single-event articles: incidents of 1-4 reports, `EVENTS_PER_DAY` a day."""
    rng = random.Random(seed)
    days = max(1, n // EVENTS_PER_DAY)
    start = dt.date(2020, 1, 1)
    out: list[Analysis] = []
    incident = 0
    while len(out) < n:
        incident += 1
        event_type, weapon = rng.choice(WEAPONS)
        country = rng.choice(COUNTRIES)
        city = rng.randrange(40)
        lat, lon = 10 + COUNTRIES.index(country) * 4 + city * 0.05, 20 + city * 0.07
        day = start + dt.timedelta(days=rng.randrange(days))
        party, iso3 = rng.choice(PARTIES)
        killed = rng.randrange(12)
        for report in range(min(rng.randint(1, 4), n - len(out))):
            text = (
                f"{party} struck Town{city} in {country} with {weapon.name} on day {day}, "
                f"incident {incident}. "
                f"Officials said {killed + rng.randrange(2)} people were killed."
            )
            article = Article(
                text=text,
                title=f"Attack on Town{city}",
                published=day,
                outlet=OUTLETS[report % len(OUTLETS)],
            )
            aid = article.id[7:19]
            claim = Claim(
                id=f"c-{aid}",
                source=Actor("officials"),
                cue="say",
                counts=(("killed", killed + rng.randrange(2)),),
                evidence=(Span(text.index("Officials"), len(text)),),
            )
            event = Event(
                id=f"e-{aid}",
                type=event_type,
                date=day + dt.timedelta(days=rng.choice((0, 0, 0, 1))),
                date_precision="day",
                location=Place(f"Town{city}", country, f"Region{city // 10}", None, lat, lon, "city"),
                actor=Actor(party, iso3),
                weapons=(weapon,),
                claims=(claim,),
                evidence=(Span(0, text.index(".") + 1),),
            )
            out.append(Analysis(article=article, events=(event,)))
    return out


def run_scale(lines: list[str], sizes: tuple[int, ...]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    lines.append("scale: relink N synthetic events in a new SQLite file")
    for n in sizes:
        analyses = synthetic(n)
        with tempfile.TemporaryDirectory() as folder, Store.open(f"sqlite:///{folder}/s.db") as store:
            store.save_many(analyses, batch_size=1000)
            started, cpu = time.perf_counter(), time.process_time()
            done = relink(store)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        figures[str(n)] = {
            "events": n,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "ms_per_event": round(1000 * seconds / n, 3),
            "cpu_ms_per_event": round(1000 * cpu / n, 3),
            "incidents": done.incidents,
        }
        lines.append(
            f"  N={n:>7}: {seconds:8.1f} s wall, {1000 * seconds / n:6.2f} ms/event; "
            f"{cpu:8.1f} s CPU, {1000 * cpu / n:6.2f} ms/event; {done.incidents} incidents"
        )
    low, high = str(min(sizes)), str(max(sizes))
    if low != high:
        for key in ("seconds", "cpu_seconds"):
            ratio = figures[high][key] / figures[low][key]
            figures[f"ratio_{key}"] = round(ratio, 1)
            lines.append(
                f"  {high} events cost {ratio:.1f}x of {low} in {key.replace('_', ' ')} "
                f"(linear: {int(high) / int(low):.0f}x)"
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("ecb", "sweep", "scale", "all"))
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    lines: list[str] = []
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "commit": _commit(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "threshold": THRESHOLD,
    }
    ecb_result = None
    if args.what in ("ecb", "sweep", "all"):
        if ECB_DIR.is_dir():
            ecb_result = result["ecb"] = run_ecb(lines)
        else:
            lines.append(f"skipped ECB+: {ECB_DIR} is absent")
    if args.what in ("sweep", "all"):
        result["sweep"] = run_sweep(lines, ecb_result)
    if args.what in ("scale", "all"):
        result["scale"] = run_scale(lines, tuple(int(n) for n in args.sizes.split(",")))
    text = "\n".join(lines) + "\n"
    print(text, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"linking-{args.what}-latest.txt").write_text(text, encoding="utf-8")
    (args.out / f"linking-{args.what}-{result['date']}.json").write_text(
        json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
