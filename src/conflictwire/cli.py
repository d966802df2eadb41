"""The command line: parse options, call the library, print. Nothing else lives here.

Errors from `errors.py` become one line on stderr and a non-zero exit; results go to
stdout so that `conflictwire extract FILE --json | jq` works.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from conflictwire import contract
from conflictwire.config import Settings
from conflictwire.errors import ConflictwireError, InputError
from conflictwire.export import Format as ExportFormat
from conflictwire.models import Analysis, Article
from conflictwire.sources import Columns, ReadOptions, ReadStats, read_inputs
from conflictwire.sources.options import COLUMN_DEFAULTS, OPTION_NAMES

if TYPE_CHECKING:
    from conflictwire.store import Store

app = typer.Typer(
    help="Turn news reports about armed conflict into a source-attributed, cross-checked event database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite path or postgresql:// URL (default: $CONFLICTWIRE_DB or conflictwire.db)."
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="YYYY-MM-DD: publication date for inputs that carry none (relative dates resolve against it).",
    ),
]
GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        help="A GeoNames dump (allCountries.txt, cities500.txt or its .zip) to add to the packaged "
        "place index; indexed once into the cache dir (default: $CONFLICTWIRE_GAZETTEER).",
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Decode text inputs with this codec (e.g. cp1252) instead of UTF-8."),
]


def _column_help(what: str, field: str) -> str:
    names = ", ".join(COLUMN_DEFAULTS[field])
    return f"CSV column or JSON key that holds {what} (default: the first of {names}, any case)."


TextColOption = Annotated[
    str | None, typer.Option("--text-col", help=_column_help("the article text", "text"))
]
TitleColOption = Annotated[str | None, typer.Option("--title-col", help=_column_help("the title", "title"))]
DateColOption = Annotated[
    str | None, typer.Option("--date-col", help=_column_help("the publication date", "published"))
]
UrlColOption = Annotated[str | None, typer.Option("--url-col", help=_column_help("the URL", "url"))]
OutletColOption = Annotated[
    str | None, typer.Option("--outlet-col", help=_column_help("the outlet's name", "outlet"))
]
AuthorColOption = Annotated[
    str | None, typer.Option("--author-col", help=_column_help("the author (byline)", "author"))
]
IdColOption = Annotated[str | None, typer.Option("--id-col", help=_column_help("your own article id", "id"))]


class CommandError(Exception):
    """Stop the command with one line on stderr and exit code 1."""


def _settings(db: str | None) -> Settings:
    settings = Settings.from_env()
    if db:
        from dataclasses import replace  # noqa: PLC0415

        settings = replace(settings, db=db)
    return settings


def _read_options(params: dict[str, Any]) -> ReadOptions:
    """The reading options of a command that reads articles, from its parameters
    (`ctx.params`): --published, --encoding and the column options (`--text-col` ...)."""
    published = params.get("published")
    date = None
    if published:
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            raise CommandError(f"--published {published!r} is not a date; use YYYY-MM-DD") from None
    columns = Columns(**{name: params.get(option.replace("-", "_")) for name, option in OPTION_NAMES.items()})
    return ReadOptions(published=date, encoding=params.get("encoding"), columns=columns)


def _report(exc: Exception) -> None:
    # Not markup: a file name such as `notes[draft].txt` must print as it is.
    err.print(Text.assemble(("error:", "red"), f" {exc}"), soft_wrap=True)


def _articles(
    paths: list[str], options: ReadOptions, failures: list[InputError], stats: ReadStats | None = None
) -> Iterator[Article]:
    for item in read_inputs(paths, options, stats=stats):
        if isinstance(item, InputError):
            failures.append(item)
            _report(item)
        else:
            yield item


def _analyses(articles: Iterator[Article], settings: Settings, *, layers: bool = False) -> Iterator[Analysis]:
    from conflictwire.pipeline import analyze_many  # noqa: PLC0415 - spaCy loads only when needed

    yield from analyze_many(articles, model=settings.model, batch_size=settings.batch_size, layers=layers)


def _use_gazetteer(dump: Path | None) -> None:
    """--gazetteer: index the dump now, so that a bad file fails before any article is read."""
    if dump is not None:
        from conflictwire import gazetteer  # noqa: PLC0415 - only this option needs it here

        gazetteer.configure(dump)


@app.command()
def extract(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            help="Files (text, HTML, feeds, WARC/ARC, JSONL, CSV; .gz too), folders, or - for stdin."
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON contract (JSON Lines for several articles).")
    ] = False,
    layers: Annotated[
        bool,
        typer.Option(
            "--layers", help="Add each stage's own findings (places, times, quantities, attributions)."
        ),
    ] = False,
    published: PublishedOption = None,
    encoding: EncodingOption = None,
    gazetteer: GazetteerOption = None,
    text_col: TextColOption = None,
    title_col: TitleColOption = None,
    date_col: DateColOption = None,
    url_col: UrlColOption = None,
    outlet_col: OutletColOption = None,
    author_col: AuthorColOption = None,
    id_col: IdColOption = None,
) -> None:
    """Read articles and print their events, claims and disputes (nothing is stored)."""
    _use_gazetteer(gazetteer)
    options = _read_options(ctx.params)
    failures: list[InputError] = []
    settings = Settings.from_env()
    done = 0
    results = []
    for result in _analyses(_articles(files, options, failures), settings, layers=layers):
        done += 1
        if as_json:
            results.append(contract.analysis(result, layers=layers))
        else:
            _print_analysis(result)
    if as_json:
        if len(results) == 1 and not failures and len(files) == 1 and files[0] != "-":
            sys.stdout.write(json.dumps(results[0], ensure_ascii=False, indent=2) + "\n")
        else:
            for doc in results:
                sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    if done == 0:
        failed = f" ({len(failures)} inputs failed)" if failures else ""
        raise CommandError("no article could be read" + failed)


@dataclass(slots=True)
class _Tally:
    """What one ingest run (or one look of `watch`) did, for the summary line and exit code."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    events: int = 0
    claims: int = 0
    unread: list[InputError] = field(default_factory=list)
    """Inputs, or records of one, that could not be read."""
    not_stored: list[ConflictwireError] = field(default_factory=list)
    """Articles the store refused; each was rolled back alone."""
    stats: ReadStats = field(default_factory=ReadStats)

    @property
    def failures(self) -> list[ConflictwireError]:
        return [*self.unread, *self.not_stored]

    def add(self, other: _Tally) -> None:
        self.read += other.read
        self.stored += other.stored
        self.skipped += other.skipped
        self.events += other.events
        self.claims += other.claims
        self.unread += other.unread
        self.not_stored += other.not_stored
        self.stats.skipped.update(other.stats.skipped)

    def summary(self, db: str) -> str:
        failures = self.failures
        reasons = ""
        if failures:
            shown = "; ".join(str(f) for f in failures[:MAX_REASONS])
            more = f"; and {len(failures) - MAX_REASONS} more above" if len(failures) > MAX_REASONS else ""
            reasons = f" ({shown}{more})"
        passed_over = ""
        if self.stats.skipped:
            passed_over = "; passed over " + ", ".join(f"{n} {why}" for why, n in self.stats.skipped.items())
        return (
            f"read {self.read}, stored {self.stored}, skipped {self.skipped} already stored, "
            f"failed {len(failures)}{reasons}; {self.events} events, {self.claims} claims in {db}"
            + passed_over
        )

    @property
    def exit_code(self) -> int:
        if self.read == 0:
            return EXIT_NOTHING_READ
        return EXIT_SOME_FAILED if self.failures else 0


MAX_REASONS = 3
"""Failures the summary line repeats; each has had its own error line already."""
EXIT_NOTHING_READ = 1
EXIT_SOME_FAILED = 3


class _RateColumn(ProgressColumn):
    """Articles a second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        return Text(f"{task.completed / elapsed:.1f} articles/s" if elapsed > 0 else "")


def _store_inputs(
    store: Store,
    paths: list[str],
    *,
    options: ReadOptions,
    settings: Settings,
    tally: _Tally,
    progress: Progress | None = None,
) -> None:
    """Read, analyse and store every article of `paths`, counting into `tally`; articles
    already stored are skipped before the model sees them."""
    from conflictwire.store import Outcome  # noqa: PLC0415

    def fresh() -> Iterator[Article]:
        for article in _articles(paths, options, tally.unread, tally.stats):
            tally.read += 1
            if store.has_article(article.id):
                tally.skipped += 1
                continue
            yield article

    task = progress.add_task("ingest", total=None, events=0, claims=0) if progress is not None else None
    # Batched: one transaction per batch, a savepoint per article (Store.save_iter).
    for saved in store.save_iter(_analyses(fresh(), settings)):
        if saved.outcome is Outcome.STORED:
            tally.stored += 1
            tally.events += saved.events
            tally.claims += saved.claims
        elif saved.outcome is Outcome.SKIPPED:
            tally.skipped += 1
        elif saved.error is not None:
            tally.not_stored.append(saved.error)
            _report(saved.error)
        if progress is not None and task is not None:
            progress.update(task, advance=1, events=tally.events, claims=tally.claims)


def _link(store: Store, tally: _Tally) -> str:
    """Link the new events into incidents; the summary line's addition ("" when none)."""
    if not tally.stored:
        return ""
    from conflictwire.link.run import link_pending  # noqa: PLC0415

    done = link_pending(store)
    return f"; linked {done.events} events into {done.incidents} incidents"


INPUTS_HELP = "Files (text, HTML, feeds, WARC/ARC, JSONL, CSV; .gz too), folders, or - for stdin."


@app.command()
def ingest(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help=INPUTS_HELP)],
    db: DbOption = None,
    published: PublishedOption = None,
    encoding: EncodingOption = None,
    gazetteer: GazetteerOption = None,
    text_col: TextColOption = None,
    title_col: TitleColOption = None,
    date_col: DateColOption = None,
    url_col: UrlColOption = None,
    outlet_col: OutletColOption = None,
    author_col: AuthorColOption = None,
    id_col: IdColOption = None,
) -> None:
    """Extract articles and store them; already stored articles are skipped.

    The kind of each input is told from its content, then its name. An input that cannot
    be read gets one error line on stderr and the rest go on; a summary line ends the run.
    Exit code: 0 when every input was read, 3 when some failed but others were read
    (and stored, unless already stored), 1 when nothing at all could be read.
    """
    _use_gazetteer(gazetteer)
    from conflictwire.store import Store  # noqa: PLC0415

    settings = _settings(db)
    options = _read_options(ctx.params)
    tally = _Tally()
    with Store.open(settings.db_url) as store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn(
                "[bold]ingest[/bold] {task.completed:.0f} articles, "
                "{task.fields[events]} events, {task.fields[claims]} claims"
            ),
            _RateColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,  # a log file gets the summary line, not the frames
        )
        with progress:
            _store_inputs(store, paths, options=options, settings=settings, tally=tally, progress=progress)
        linked = _link(store, tally)
    err.print(tally.summary(settings.db) + linked, soft_wrap=True, markup=False)
    if tally.exit_code == EXIT_NOTHING_READ:
        raise CommandError("nothing could be ingested")
    if tally.exit_code:
        raise typer.Exit(tally.exit_code)


@app.command()
def watch(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(help="Folder to watch, subfolders too; the files already in it are ingested first."),
    ],
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            min=0.1,
            help="Seconds between two looks at the folder; a file is read once its size held still "
            "between two looks.",
        ),
    ] = 5.0,
    db: DbOption = None,
    published: PublishedOption = None,
    encoding: EncodingOption = None,
    text_col: TextColOption = None,
    title_col: TitleColOption = None,
    date_col: DateColOption = None,
    url_col: UrlColOption = None,
    outlet_col: OutletColOption = None,
    author_col: AuthorColOption = None,
    id_col: IdColOption = None,
) -> None:
    """Ingest new files (pages, feeds, archives, text, JSONL, CSV) as they appear in a folder.

    Prints a summary line for each look that found new files and an error line for each
    input that cannot be read. Ctrl-C (or SIGTERM) stops after the file at hand, with exit
    code 0; a second Ctrl-C stops at once.
    """
    from conflictwire.sources.watch import FolderWatch  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415

    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder; give the folder to watch")
    settings = _settings(db)
    options = _read_options(ctx.params)
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C: stop at once
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    watcher = FolderWatch(folder)
    total = _Tally()
    files = 0
    err.print(f"watching {folder} every {interval:g}s; Ctrl-C stops", markup=False, soft_wrap=True)
    try:
        with Store.open(settings.db_url) as store:
            while not stop.is_set():
                ready = watcher.poll()
                if ready:
                    tally = _Tally()
                    _store_inputs(
                        store, [str(p) for p in ready], options=options, settings=settings, tally=tally
                    )
                    linked = _link(store, tally)
                    files += len(ready)
                    total.add(tally)
                    line = (
                        f"{dt.datetime.now():%H:%M:%S} {len(ready)} new files: "
                        f"{tally.summary(settings.db)}{linked}"
                    )
                    err.print(line, markup=False, soft_wrap=True)
                stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    err.print(
        f"stopped watching {folder}: {files} files read, {total.stored} articles stored, "
        f"{len(total.failures)} failed",
        markup=False,
        soft_wrap=True,
    )


def _fmt_counts(claim: Mapping[str, Any]) -> str:
    """'launched 12, intercepted 9'; a denial's slots read 'killed denied'."""
    counts = claim.get("counts") or {}
    return ", ".join(
        [f"{k} {v}" for k, v in counts.items()] + [f"{k} denied" for k in claim.get("denied") or ()]
    )


def _cue_cell(claim: Mapping[str, Any]) -> str:
    """The cue as the source used it: 'deny' for a denial, 'not confirm' for a claim the
    source did not confirm (a negated claim stored before stances were kept reads 'not ...')."""
    cue = str(claim.get("cue") or "")
    if claim.get("negated") and claim.get("stance") != "denies":
        return f"not {cue}"
    return cue


def _claims_table(claims: list[dict[str, object]]) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False)
    for col in ("source", "cue", "counts", "damage", "target", "evidence"):
        table.add_column(col, overflow="fold", max_width=60 if col == "evidence" else 28)
    for c in claims:
        src = c.get("source") or {}
        assert isinstance(src, dict)
        name = str(src.get("name") or "(unattributed)")
        if src.get("country"):
            name += f" [{src['country']}{', anon' if src.get('anonymous') else ''}]"
        evidence = c.get("evidence") or []
        assert isinstance(evidence, list)
        table.add_row(
            name,
            _cue_cell(c),
            _fmt_counts(c),
            str(c.get("damage") or ""),
            str(c.get("target") or ""),
            str(evidence[0]["text"]) if evidence else "",
        )
    return table


def _event_line(e: dict[str, object]) -> str:
    loc = e.get("location") or {}
    actor = e.get("actor") or {}
    target = e.get("target") or {}
    assert isinstance(loc, dict) and isinstance(actor, dict) and isinstance(target, dict)
    weapons = e.get("weapons") or []
    assert isinstance(weapons, list)
    parts = [
        f"[bold]{e['type']}[/bold]",
        str(e.get("date") or "date unknown"),
        f"in {loc.get('name')} ({loc.get('country')})" if loc else "place unknown",
        f"by {actor.get('name')} [{actor.get('country')}]" if actor else "",
        f"on {target.get('name')}" if target else "",
        ("with " + ", ".join(str(w["name"]) for w in weapons)) if weapons else "",
    ]
    return " ".join(p for p in parts if p)


def _disputes_table(disputes: list[dict[str, object]]) -> Table:
    table = Table(show_header=True, header_style="bold")
    table.add_column("slot")
    table.add_column("values (sources)", overflow="fold")
    for d in disputes:
        values = d.get("values") or []
        assert isinstance(values, list)
        table.add_row(str(d["slot"]), " | ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in values))
    return table


def _print_event(e: dict[str, object], *, incident: str = "") -> None:
    out.print(f"{e['id']}{incident}  {_event_line(e)}", markup=True)
    claims = e.get("claims") or []
    assert isinstance(claims, list)
    if claims:
        out.print(_claims_table(claims))
    disputes = e.get("disputes") or []
    assert isinstance(disputes, list)
    if disputes:
        out.print("[bold red]disputes[/bold red]", markup=True)
        out.print(_disputes_table(disputes))


def _print_analysis(result: Analysis) -> None:
    doc = contract.analysis(result)
    article = doc["article"]
    out.print(
        f"[bold]{article['title'] or article['id']}[/bold]  published {article['published'] or 'unknown'}"
        + (f"  ({article['agency']})" if article["agency"] else ""),
        markup=True,
    )
    if not doc["events"]:
        out.print("  no events")
    for e in doc["events"]:
        _print_event(e)
    out.print()


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


@app.command()
def events(
    *,
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country of the event location.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type (missile_strike, drone_strike, ...).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="How many events to show.")] = 50,
    claims: Annotated[
        bool, typer.Option("--claims/--no-claims", help="Show each event's claims and disputes.")
    ] = True,
) -> None:
    """List stored events, newest first, with their incident id, claims and disputes."""
    from conflictwire.link.read import incident_of  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415

    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        rows = store.events(
            country=country,
            type=type_,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            limit=limit,
        )
        if not rows:
            out.print(
                "no events stored" + (" matching the filters" if any((country, type_, since, until)) else "")
            )
            return
        linked = incident_of(store, [row["id"] for row in rows])
    for row in rows:
        incident = f"  [dim]{linked[row['id']]}[/dim]" if row["id"] in linked else ""
        if claims:
            _print_event(row, incident=incident)
            out.print()
        else:
            out.print(f"{row['id']}{incident}  {_event_line(row)}", markup=True)


@app.command()
def show(
    event_id: Annotated[
        str,
        typer.Argument(
            help="An event id as listed by `conflictwire events`, or an incident id (inc-...) as "
            "listed by `conflictwire incidents`.",
            metavar="ID",
        ),
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the event or incident as JSON.")] = False,
) -> None:
    """Show one stored event with its claims, evidence and disputes, or one incident.

    An incident (id starting with inc-) shows its events with their outlets, the claims of
    all its articles grouped by source, each with its outlet and evidence, and the disputes
    across outlets: each value with the sources that hold it and the outlets that carry it.
    """
    from conflictwire.link.read import is_incident_id  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415

    if is_incident_id(event_id):
        _show_incident(event_id, db=db, as_json=as_json)
        return
    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        row = store.event(event_id)
    if row is None:
        raise CommandError(f"no event {event_id!r} in {settings.db}; list them with `conflictwire events`")
    if as_json:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    _print_event(row)
    evidence = row.get("evidence") or []
    for ev in evidence:
        out.print(f"  evidence [{ev['start']}:{ev['end']}] {ev['text']}", markup=False)


def _incident_line(i: dict[str, Any]) -> str:
    place = ", ".join(str(p) for p in (i.get("admin1"), i.get("country")) if p) or "place unknown"
    return (
        f"[bold]{i.get('type') or 'event'}[/bold] {i.get('date') or 'date unknown'} in {place}: "
        f"{i['n_articles']} articles ({', '.join(i['outlets']) or 'no outlet'})"
    )


def _incident_disputes_table(disputes: list[dict[str, Any]]) -> Table:
    table = Table(show_header=True, header_style="bold")
    for col in ("slot", "value", "sources", "outlets"):
        table.add_column(col, overflow="fold")
    for d in disputes:
        for n, v in enumerate(d["values"]):
            table.add_row(
                str(d["slot"]) if n == 0 else "",
                str(v["value"]),
                ", ".join(v["sources"]),
                ", ".join(v["outlets"]),
            )
    return table


def _show_incident(incident_id: str, *, db: str | None, as_json: bool) -> None:
    from conflictwire.link.read import incident  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415

    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        found = incident(store, incident_id)
    if found is None:
        raise CommandError(
            f"no incident {incident_id!r} in {settings.db}; list them with `conflictwire incidents`"
        )
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    out.print(f"{found['id']}  {_incident_line(found)}", markup=True)
    events_table = Table(show_header=True, header_style="bold", title="events")
    for col in ("event", "outlet", "published", "title", "score"):
        events_table.add_column(col, overflow="fold")
    for e in found["events"]:
        score = e.get("link_score")
        events_table.add_row(
            str(e["id"]),
            str(e["outlet"]),
            str(e.get("published") or ""),
            str(e.get("article_title") or ""),
            "" if score is None else f"{score:.2f}",
        )
    out.print(events_table)
    for group in found["claims_by_source"]:
        table = Table(show_header=True, header_style="bold", title=f"claims by {group['source']}")
        for col in ("outlet", "cue", "counts", "damage", "target", "evidence"):
            table.add_column(col, overflow="fold", max_width=60 if col == "evidence" else 28)
        for c in group["claims"]:
            evidence = c.get("evidence") or []
            table.add_row(
                str(c["outlet"]),
                _cue_cell(c),
                _fmt_counts(c),
                str(c.get("damage") or ""),
                str(c.get("target") or ""),
                str(evidence[0]["text"]) if evidence else "",
            )
        out.print(table)
    if found["disputes"]:
        out.print("[bold red]disputes across outlets[/bold red]", markup=True)
        out.print(_incident_disputes_table(found["disputes"]))
    else:
        out.print("no disputes across outlets")


@app.command()
def incidents(  # noqa: PLR0917 - typer maps each option to a parameter
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country of the incident.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type (missile_strike, drone_strike, ...).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest incident date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest incident date, YYYY-MM-DD.")] = None,
    min_articles: Annotated[
        int,
        typer.Option("--min-articles", min=1, help="Only incidents reported by at least this many articles."),
    ] = 1,
    disputed: Annotated[
        bool, typer.Option("--disputed", help="Only incidents whose outlets or parties disagree.")
    ] = False,
    limit: Annotated[int, typer.Option(min=0, help="How many incidents to show.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one incident per line.")] = False,
) -> None:
    """List incidents, newest first: events of different articles linked as one real-world event.

    Ingest and watch link new events as they store them; `conflictwire relink` rebuilds all.
    """
    from conflictwire.link.read import incidents as read_incidents  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415
    from conflictwire.store.incidents import IncidentFilter  # noqa: PLC0415

    wanted = IncidentFilter(
        country=country,
        type=type_,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        min_articles=min_articles,
        disputed=disputed,
    )
    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        rows = read_incidents(store, wanted, limit=limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print(
            "no incidents" + (" matching the filters" if wanted.narrows() else "; run `conflictwire relink`")
        )
        return
    for row in rows:
        disputed_slots = ", ".join(d["slot"] for d in row["disputes"])
        line = f"{row['id']}  {_incident_line(row)}"
        out.print(line + (f"  [red]disputed: {disputed_slots}[/red]" if disputed_slots else ""), markup=True)


@app.command()
def relink(db: DbOption = None) -> None:
    """Delete every incident and link all stored events again, from scratch.

    The result is the same as linking article by article as they were ingested; use it
    after changing the linker or to repair a database.
    """
    from conflictwire.link.run import relink as relink_all  # noqa: PLC0415
    from conflictwire.store import Store  # noqa: PLC0415

    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        done = relink_all(store)
    out.print(
        f"{settings.db}: linked {done.events} events into {done.incidents} incidents "
        f"(replacing {done.removed})",
        markup=False,
    )


@app.command()
def disputes(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many disputes to show.")] = 100,
) -> None:
    """List stored disputes: where sources give different values for one event."""
    from conflictwire.store import Store  # noqa: PLC0415

    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        rows = store.disputes(limit=limit)
    if not rows:
        out.print("no disputes stored")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("event", "type", "date", "slot", "values (sources)"):
        table.add_column(col, overflow="fold")
    for d in rows:
        table.add_row(
            str(d["event_id"]),
            str(d.get("type") or ""),
            str(d.get("date") or ""),
            str(d["slot"]),
            " | ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in d["values"]),
        )
    out.print(table)


@app.command("export")
def export_(  # noqa: PLR0917 - typer maps each option to a parameter
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv or parquet: events, claims and disputes tables in a folder; jsonl: one event "
            "per line, claims nested; geojson: events as points; acled: ACLED-style CSV.",
        ),
    ],
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for csv and parquet (required); file for jsonl, geojson and acled "
            "(default: stdout).",
        ),
    ] = None,
    db: DbOption = None,
    country: Annotated[
        str | None, typer.Option(help="Only events in this country: ISO code (RU, RUS) or name.")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Only events of this type (missile_strike, ...).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    source: Annotated[
        str | None,
        typer.Option(help="Only events from articles of this outlet or wire agency (any case)."),
    ] = None,
) -> None:
    """Export stored events, claims and disputes as CSV, JSON Lines, Parquet, GeoJSON or ACLED CSV."""
    from conflictwire.export.run import Filters, check_out, export  # noqa: PLC0415 - loads pyarrow
    from conflictwire.store import Store  # noqa: PLC0415

    filters = Filters.parse(country=country, type=type_, since=since, until=until, source=source)
    check_out(format_, out_path)
    settings = _settings(db)
    with Store.open(settings.db_url, create=False) as store:
        result = export(store, format_, filters=filters, out=out_path, stream=sys.stdout)
    sys.stdout.flush()
    labels = {"disputes": "dispute values"}  # the disputes table has a row per value
    line = "exported " + ", ".join(f"{n} {labels.get(what, what)}" for what, n in result.written.items())
    if result.skipped:
        line += "; skipped " + ", ".join(f"{n} events {why}" for why, n in result.skipped.items())
    if result.files:
        line += " to " + (str(out_path) if format_.tables else str(result.files[0]))
    err.print(line, markup=False, soft_wrap=True)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Bring the database to this conflictwire's schema (back it up first); create it if empty."""
    from conflictwire.store import Store  # noqa: PLC0415

    done = Store.migrate(_settings(db).db_url)
    now = f"schema version {done.after_version} (revision {done.after_revision})"
    if not done.changed:
        out.print(f"{done.database}: already at {now}; nothing to do", markup=False)
        return
    if done.before_version is None:
        before = "an empty database"
    else:
        history = f"revision {done.before_revision}" if done.before_revision else "made before migrations"
        before = f"schema version {done.before_version} ({history})"
    out.print(f"{done.database}: migrated from {before} to {now}", markup=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 8000,
) -> None:
    """Browse the store in a web browser and query it over the JSON API (read-only)."""
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from conflictwire.web import create_app  # noqa: PLC0415

    settings = _settings(db)
    web_app = create_app(settings.db_url)
    err.print(
        f"serving {settings.db_url} at http://{host}:{port}/ (API: /api/, spec: /openapi.json); Ctrl+C stops",
        markup=False,
        soft_wrap=True,
    )
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.callback()
def _main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v info, -vv debug logging to stderr.")
    ] = 0,
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # The HTML extractor and its helpers log their own complaints about every odd page; the
    # reader reports a page it cannot read once, as an error line. -vv shows them too.
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


def main() -> None:
    """Entry point: run the app, turning known errors into one line and an exit code."""
    try:
        # Without standalone mode, click returns the code of a `typer.Exit` instead of exiting.
        code = app(standalone_mode=False)
    except (ConflictwireError, CommandError) as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # never a traceback for a user; -vv logs it
        # typer bundles its own click, so usage errors are recognised by shape, not class.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            if type(exc).__name__ != "NoArgsIsHelpError":
                show()
            sys.exit(code if type(exc).__name__ != "NoArgsIsHelpError" else 0)
        if type(exc).__name__ == "Abort":
            sys.exit(1)
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        err.print(
            f"error: internal error {type(exc).__name__}: {exc} (run with -vv for details)",
            markup=False,
            soft_wrap=True,
        )
        sys.exit(1)
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
