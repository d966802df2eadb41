"""Any bytes in, Articles or a clean InputError out, for every reader: random bytes, and
valid inputs of each kind cut short, with bytes overwritten, or gzipped and then damaged.
Another exception escaping `read_inputs` would stop a whole batch."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.sources.options import Columns

from .samples import arc, atom, csv_text, page, rss092, rss10, rss20, warc

VALID: dict[str, Callable[[], bytes]] = {
    "page.html": lambda: page().encode(),
    "rss20.xml": lambda: rss20().encode(),
    "rss092.xml": lambda: rss092().encode(),
    "rss10.rdf": lambda: rss10().encode(),
    "feed.atom": lambda: atom().encode(),
    "crawl.warc": lambda: warc(gzipped=False),
    "crawl.warc.gz": lambda: warc(gzipped=True),
    "crawl.arc": lambda: arc(gzipped=False),
    "crawl.arc.gz": lambda: arc(gzipped=True),
    "table.csv": lambda: csv_text().encode(),
    "table.tsv": lambda: csv_text("\t").encode(),
    "lines.jsonl": lambda: b'{"text": "Drones hit a depot.", "published": "2024-11-19"}\n{"text": "x"}\n',
    "report.txt": lambda: b"KYIV, Nov 19 (Reuters) - Drones hit a depot, the governor said.\n",
}
SAMPLES = {name: make() for name, make in VALID.items()}
NAMES = sorted(SAMPLES)

OPTIONS = [ReadOptions(), ReadOptions(encoding="latin-1"), ReadOptions(columns=Columns(text="Headline"))]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("any-input")


def check(path: Path, data: bytes, options: ReadOptions) -> None:
    path.write_bytes(data)
    items = list(read_inputs([str(path)], options))
    assert items, "every input yields at least an Article or an InputError"
    assert all(isinstance(i, Article | InputError) for i in items), items
    for item in items:
        if isinstance(item, InputError):
            assert str(item).startswith(str(path)), item
        else:
            assert item.text.strip() and all(0 <= s.start < s.end <= len(item.text) for s in item.body)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid input of some kind, maybe gzipped, then cut and/or overwritten."""
    name = draw(st.sampled_from(NAMES))
    data = SAMPLES[name]
    if draw(st.booleans()) and not name.endswith(".gz"):
        data, name = gzip.compress(data), name + ".gz"
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    data = data[:cut] if draw(st.booleans()) else data
    patches = draw(
        st.lists(
            st.tuples(st.integers(0, max(len(data) - 1, 0)), st.binary(min_size=1, max_size=8)), max_size=4
        )
    )
    buffer = bytearray(data)
    for at, replacement in patches:
        buffer[at : at + len(replacement)] = replacement
    return name, bytes(buffer)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=damaged(), options=st.sampled_from(OPTIONS))
def test_any_damage_to_any_kind(scratch: Path, case: tuple[str, bytes], options: ReadOptions) -> None:
    name, data = case
    check(scratch / name, data, options)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), name=st.sampled_from([*NAMES, "no-suffix", "x.gz"]))
def test_any_bytes_under_any_name(scratch: Path, data: bytes, name: str) -> None:
    check(scratch / name, data, ReadOptions())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(
        [b"WARC/1.0\r\n", b"filedesc://", b"<rss>", b"<feed>", b"<html>", b"\x1f\x8b", b"{"]
    ),
    data=st.binary(max_size=400),
)
def test_any_bytes_after_a_kind_signature(scratch: Path, prefix: bytes, data: bytes) -> None:
    check(scratch / "sniffed", prefix + data, ReadOptions())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), name=st.sampled_from(["a.html", "a.xml", "a.csv", "a.jsonl", "a.txt"]))
def test_any_text(scratch: Path, text: str, name: str) -> None:
    check(scratch / name, text.encode("utf-8", "surrogatepass"), ReadOptions())
