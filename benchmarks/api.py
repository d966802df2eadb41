"""API latency on a big store: p50/p95 of the list, filter, event, incident and search endpoints.

Fills a SQLite store (or, with `--db postgresql://...`, a PostgreSQL database) with synthetic
data of the real shape: `--claims` claims (default 1,000,000) in events of four claims
(about 250,000 events), two events per article, one dispute per four events, incidents of
two events from different articles, and one evidence span per event and claim; rows go in
through the store's own tables and migrations (so the FTS triggers index every article).
Then it starts the real server (`conflictwire serve`) and times, on loopback with one
keep-alive client, `--requests` requests per endpoint, each with varied parameters:

- list: /api/events pages, following next_cursor ten pages deep, then starting over;
- filter: /api/events with country, type, weapon, source, disputed or a date range;
- event: /api/events/{id} of random events (claims, evidence, article text);
- incident: /api/incidents/{id} of random incidents (member events with their claims);
- search: /api/search?q= one or two words (articles with snippets);
- events?q=: /api/events?q= the same words (the events list under the full-text filter).

The words are drawn from 15, three per article: one word matches a fifth of all articles,
the hardest case for the full-text filter, which must still give the newest 50 events.

and, as the baseline, /api/events/<absent id> (a 404 after one indexed lookup: what HTTP,
the framework and a connection cost), so each endpoint's p50 is also given as a ratio to
it, a figure that moves less with the load of a shared machine than milliseconds do.
The server is warmed up with the same mix first. The target is p95 < 100 ms on each.
Prints a table and writes `benchmarks/results/api-<date>.json` and `api-latest.txt`.

    .venv/bin/python benchmarks/api.py [--claims 1000000] [--requests 300] [--db PATH|URL]

The store is kept between runs (`--db`, default /tmp/conflictwire-bench-api.db) and
refilled only when it holds a different number of claims.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import httpx
import sqlalchemy as sa

from conflictwire.store import Store
from conflictwire.store.schema import (
    articles,
    claims,
    disputes,
    events,
    evidence,
    incident_events,
    incidents,
)

REPO: Final = Path(__file__).resolve().parents[1]
RESULTS: Final = REPO / "benchmarks" / "results"
DEFAULT_DB: Final = "/tmp/conflictwire-bench-api.db"
CLAIMS_PER_EVENT: Final = 4
EVENTS_PER_ARTICLE: Final = 2
CHUNK: Final = 5000
"""Articles per insert transaction while filling."""
TARGET_P95_MS: Final = 100.0
PAGES_DEEP: Final = 10

COUNTRIES: Final = ("UA", "RU", "SD", "IL", "PS", "SY", "YE", "LB", "MM", "ML", "SO", "CD")
TYPES: Final = ("missile_strike", "drone_strike", "shelling", "airstrike", "armed_clash", "interception")
WEAPONS: Final = (
    ("Shahed-136", "loitering munition", "drone"),
    ("Kh-101", "cruise missile", "missile"),
    ("Iskander-M", "ballistic missile", "missile"),
    ("Grad", "rocket launcher", "rocket"),
    ("howitzer", "artillery", "artillery"),
    ("Su-34", "aircraft", "aircraft"),
)
SOURCES: Final = (
    "Ukraine's air force", "Russia's defence ministry", "the regional governor", "a local medic",
    "the army", "the militia", "a hospital official", "the police", "residents", "a UN monitor",
)  # fmt: skip
OUTLETS: Final = ("Wire One", "Wire Two", "Desert Dispatch", "Harbour Times", "Plains Post")
PLACES: Final = tuple(f"Town{n}" for n in range(400))
WORDS: Final = (
    "depot", "bridge", "market", "hospital", "school", "convoy", "refinery", "airfield",
    "station", "harbour", "checkpoint", "substation", "warehouse", "barracks", "village",
)  # fmt: skip
FIRST_DAY: Final = dt.date(2022, 1, 1)
DAYS: Final = 1000


# ------------------------------------------------------------------- filling


def article_rows(n: int, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """The rows of article `n`: two events of four claims each, evidence, disputes."""
    place = rng.choice(PLACES)
    words = rng.sample(WORDS, 3)
    text = (
        f"Report {n}\nAttack near {place}: a {words[0]} and a {words[1]} were hit overnight. "
        f"Officials said {rng.randint(1, 90)} drones were launched and {rng.randint(0, 40)} were shot down. "
        f"Residents described damage to the {words[2]}. Medics said {rng.randint(0, 30)} people were killed."
    )
    article_id = f"sha256:{n:064x}"
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                "id": article_id, "url": f"https://example.org/{n}", "outlet": rng.choice(OUTLETS),
                "agency": None, "title": f"Report {n} from {place}", "published": day, "language": "en",
                "text": text, "body": [[0, len(text)]], "origin": "bench", "external_id": None,
                "ingested_at": dt.datetime.now(dt.UTC), "relevant": True,
            }
        ],
        "events": [], "claims": [], "evidence": [], "disputes": [],
    }  # fmt: skip
    country = rng.choice(COUNTRIES)
    lat, lon = rng.uniform(-30, 60), rng.uniform(-20, 100)
    for position in range(EVENTS_PER_ARTICLE):
        event_id = f"e{n}-{position}"
        name, kind, family = rng.choice(WEAPONS)
        weapon = [{"name": name, "kind": kind, "origin": None, "range_km": None, "family": family}]
        rows["events"].append(
            {
                "id": event_id, "article_id": article_id, "position": position, "type": rng.choice(TYPES),
                "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike",
                "plover": "ASSAULT", "cameo": "195", "date": day if rng.random() > 0.02 else None,
                "date_precision": "day", "location_name": place, "geonames_id": None, "admin1": None,
                "country": country, "lat": round(lat, 2), "lon": round(lon, 2), "geo_precision": "city",
                "actor_name": None, "actor_country": None, "actor_sector": None, "actor_anonymous": None,
                "target_name": None, "target_country": None, "target_sector": None, "target_anonymous": None,
                "weapons": weapon, "trigger": "hit",
            }
        )  # fmt: skip
        rows["evidence"].append(
            {"owner_kind": "event", "owner_id": event_id, "start_char": 0, "end_char": 40, "text": text[:40]}
        )
        for claim_position in range(CLAIMS_PER_EVENT):
            claim_id = f"c{n}-{position}-{claim_position}"
            rows["claims"].append(
                {
                    "id": claim_id, "event_id": event_id, "position": claim_position,
                    "source_name": rng.choice(SOURCES), "source_country": None, "source_sector": None,
                    "source_anonymous": False, "cue": "said", "launched": rng.randint(1, 90),
                    "intercepted": rng.randint(0, 40), "impacted": None, "killed": rng.randint(0, 30),
                    "injured": None, "damage": None, "target": None, "weapons": weapon, "negated": False,
                }
            )  # fmt: skip
            rows["evidence"].append(
                {"owner_kind": "claim", "owner_id": claim_id, "start_char": 40, "end_char": 90,
                 "text": text[40:90]}
            )  # fmt: skip
        if rng.random() < 0.25:
            rows["disputes"].append(
                {
                    "event_id": event_id,
                    "slot": "killed",
                    "values": [
                        {"value": 3, "sources": [SOURCES[0]], "claim_ids": [f"c{n}-{position}-0"]},
                        {"value": 7, "sources": [SOURCES[1]], "claim_ids": [f"c{n}-{position}-1"]},
                    ],
                }
            )
    return rows


def fill(url: str, n_claims: int) -> dict[str, int]:
    """Create the store at `url` and fill it; returns the row counts."""
    n_articles = n_claims // (CLAIMS_PER_EVENT * EVENTS_PER_ARTICLE)
    rng = random.Random(20241120)
    started = time.perf_counter()
    with Store.open(url) as store:
        order = ("articles", "events", "claims", "evidence", "disputes")
        tables = dict(zip(order, (articles, events, claims, evidence, disputes), strict=True))
        for start in range(0, n_articles, CHUNK):
            batch: dict[str, list[dict[str, Any]]] = {name: [] for name in order}
            for n in range(start, min(start + CHUNK, n_articles)):
                for name, rows in article_rows(n, rng).items():
                    batch[name] += rows
            with store.engine.begin() as conn:
                for name in order:
                    if batch[name]:
                        conn.execute(sa.insert(tables[name]), batch[name])
            done = min(start + CHUNK, n_articles)
            print(f"\r  filled {done:,}/{n_articles:,} articles", end="", flush=True)
        print()
        with store.engine.begin() as conn:
            # One incident per pair of articles n, n+1 (their first events), as link/ would.
            pairs = n_articles // 2
            for start in range(0, pairs, CHUNK * 4):
                stop = min(start + CHUNK * 4, pairs)
                conn.execute(
                    sa.insert(incidents),
                    [
                        {
                            "id": f"inc{p}", "type": "drone_strike",
                            "date": FIRST_DAY + dt.timedelta(days=p % DAYS), "date_precision": "day",
                            "country": COUNTRIES[p % len(COUNTRIES)], "admin1": None,
                            "lat": 10.0, "lon": 20.0,
                            "disputes": [{"slot": "killed", "values": [
                                {"value": 3, "sources": ["a"], "outlets": ["Wire One"], "claim_ids": []},
                                {"value": 5, "sources": ["b"], "outlets": ["Wire Two"], "claim_ids": []},
                            ]}],
                        }
                        for p in range(start, stop)
                    ],
                )  # fmt: skip
                conn.execute(
                    sa.insert(incident_events),
                    [
                        {"incident_id": f"inc{p}", "event_id": f"e{2 * p + k}-0", "score": 0.9}
                        for p in range(start, stop)
                        for k in (0, 1)
                    ],
                )
        if url.startswith("sqlite"):
            with store.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        counts = store.counts()
    print(f"  filled in {time.perf_counter() - started:.0f} s: {counts}")
    return counts


def stored_claims(url: str) -> int | None:
    try:
        with Store.open(url, create=False) as store:
            return store.counts()["claims"]
    except Exception:  # absent, empty or another schema: fill anew
        return None


# ------------------------------------------------------------------- timing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "conflictwire.cli", "serve", "--db", url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=60)
            return process
        except httpx.TransportError:
            if process.poll() is not None:
                said = process.stderr.read().decode() if process.stderr else ""
                raise SystemExit(f"the server stopped: {said}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start within 60 s")


def scenarios(
    n_articles: int, n_incidents: int, rng: random.Random
) -> tuple[dict[str, Callable[[], str]], dict[str, Any]]:
    """Each endpoint's request maker: a new URL per call, parameters drawn from the data."""
    cursor: dict[str, Any] = {"next": None, "depth": 0}

    def listing() -> str:
        if cursor["next"] is None or cursor["depth"] >= PAGES_DEEP:
            cursor["depth"] = 0
            return "/api/events?limit=50"
        cursor["depth"] += 1
        return f"/api/events?limit=50&cursor={cursor['next']}"

    def filtering() -> str:
        choice = rng.randrange(6)
        if choice == 0:
            return f"/api/events?country={rng.choice(COUNTRIES)}"
        if choice == 1:
            return f"/api/events?type={rng.choice(TYPES)}&country={rng.choice(COUNTRIES)}"
        if choice == 2:
            return f"/api/events?weapon={rng.choice(WEAPONS)[0][:5]}"
        if choice == 3:
            return f"/api/events?source={rng.choice(SOURCES).split()[-1]}"
        if choice == 4:
            return "/api/events?disputed=true"
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
        return f"/api/events?since={day}&until={day + dt.timedelta(days=30)}"

    def event() -> str:
        return f"/api/events/e{rng.randrange(n_articles)}-{rng.randrange(EVENTS_PER_ARTICLE)}"

    def incident() -> str:
        return f"/api/incidents/inc{rng.randrange(n_incidents)}"

    def search() -> str:
        return f"/api/search?q={'+'.join(rng.sample(WORDS, rng.choice((1, 2))))}"

    def text_filter() -> str:
        return f"/api/events?q={'+'.join(rng.sample(WORDS, rng.choice((1, 2))))}&limit=50"

    def floor() -> str:
        return f"/api/events/absent-{rng.randrange(10**6)}"  # a 404: HTTP and framework only

    makers = {
        "baseline": floor,
        "list": listing,
        "filter": filtering,
        "event": event,
        "incident": incident,
        "search": search,
        "events?q=": text_filter,
    }
    return makers, cursor


def measure(
    base: str, makers: dict[str, Callable[[], str]], cursor: dict[str, Any], n: int
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for make in makers.values():  # warm-up, same mix
            for _ in range(max(5, n // 10)):
                client.get(make())
        for name, make in makers.items():
            times: list[float] = []
            statuses: dict[int, int] = {}
            for _ in range(n):
                path = make()
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if name == "list":
                    cursor["next"] = response.json().get("next_cursor")
            quantiles = statistics.quantiles(times, n=100)
            figures[name] = {
                "requests": n,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(quantiles[94], 1),
                "max_ms": round(max(times), 1),
                "statuses": statuses,
                "meets_target": quantiles[94] < TARGET_P95_MS,
            }
    base_p50 = max(figures["baseline"]["p50_ms"], 0.1)
    for f in figures.values():
        f["p50_vs_baseline"] = round(f["p50_ms"] / base_p50, 1)
    return figures


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint")
    parser.add_argument("--db", default=DEFAULT_DB, help="SQLite path or postgresql:// URL")
    args = parser.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    if stored_claims(url) != args.claims:
        if url.startswith("sqlite:///"):
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        print(f"filling {url} with {args.claims:,} claims")
        fill(url, args.claims)
    with Store.open(url, create=False) as store:
        counts = store.counts()
        with store.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
            counts["incidents"] = int(total)
    n_articles = counts["articles"]
    port = free_port()
    server = start_server(url, port)
    try:
        makers, cursor = scenarios(n_articles, counts["incidents"], random.Random(7))
        figures = measure(f"http://127.0.0.1:{port}", makers, cursor, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
    backend = sa.make_url(url).get_backend_name()
    lines = [
        f"API latency, {backend}, {counts['claims']:,} claims, {counts['events']:,} events, "
        f"{counts['articles']:,} articles, {counts['incidents']:,} incidents; {args.requests} requests each, "
        "one keep-alive client on loopback",
        f"{'endpoint':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p50/base':>9}  p95<100ms  statuses",
    ]
    for name, f in figures.items():
        lines.append(
            f"{name:<10}{f['p50_ms']:>9}{f['p95_ms']:>9}{f['max_ms']:>9}{f['p50_vs_baseline']:>9}  "
            f"{'yes' if f['meets_target'] else 'NO':<9}  {f['statuses']}"
        )
    table = "\n".join(lines)
    print(table)
    today = dt.date.today().isoformat()
    result = {
        "date": today,
        "commit": git_commit(),
        "python": platform.python_version(),
        "backend": backend,
        "counts": counts,
        "requests_per_endpoint": args.requests,
        "target_p95_ms": TARGET_P95_MS,
        "figures": figures,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1_5_15": [round(x, 1) for x in os.getloadavg()],
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if backend == "sqlite" else f"-{backend}"
    (RESULTS / f"api{suffix}-{today}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"api{suffix}-latest.txt").write_text(table + "\n")


if __name__ == "__main__":
    main()
