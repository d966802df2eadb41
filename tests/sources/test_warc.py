"""Web archives: WARC (written by warcio) and ARC, gzip or plain, streamed record by
record; HTML responses become articles, every other record is skipped and counted."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.sources.options import ReadStats
from conflictwire.sources.warc import SKIP_EMPTY, SKIP_NOT_HTML, SKIP_NOT_OK, SKIP_NOT_RESPONSE

from .samples import PARA_1, SECOND_TEXT, SECOND_TITLE, TITLE, arc, captures, warc


def read(path: Path, stats: ReadStats | None = None) -> list[Article | InputError]:
    return list(read_inputs([str(path)], ReadOptions(), stats=stats))


ARCHIVES = {
    "crawl.warc.gz": lambda: warc(gzipped=True),
    "crawl.warc": lambda: warc(gzipped=False),
    "crawl.arc.gz": lambda: arc(gzipped=True),
    "crawl.arc": lambda: arc(gzipped=False),
    "whole-file-gzip.warc.gz": lambda: gzip.compress(warc(gzipped=False)),
    "no-suffix": lambda: warc(gzipped=True),
}


@pytest.mark.parametrize("name", list(ARCHIVES))
def test_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARCHIVES[name]())
    stats = ReadStats()
    items = read(path, stats)
    assert all(isinstance(i, Article) for i in items), items
    first, second = (i for i in items if isinstance(i, Article))
    assert (first.title, second.title) == (TITLE, SECOND_TITLE)
    assert PARA_1 in first.text and SECOND_TEXT in second.text
    # The canonical link wins; a page without one keeps the archived URL.
    assert first.url == "https://news.example.org/world/izmail-terminal"
    assert second.url == "https://news.example.org/world/nikopol"
    # The page's own date, never the capture date (2025-01-05 in the ARC, today in the WARC).
    assert (first.published, second.published) == (dt.date(2024, 11, 19), dt.date(2024, 11, 18))
    assert first.origin is not None and first.origin.startswith(f"{path} record ")
    assert stats.skipped[SKIP_NOT_HTML] == 1
    assert stats.skipped[SKIP_NOT_OK] == 1
    assert stats.skipped[SKIP_EMPTY] == 1
    assert stats.skipped[SKIP_NOT_RESPONSE] == (1 if "arc" in name and "warc" not in name else 6)


def test_an_archive_cut_mid_record_gives_what_came_before(tmp_path: Path) -> None:
    data = warc(gzipped=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: data.index(SECOND_TEXT.encode()) + 10])
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError"]
    error = items[1]
    assert isinstance(error, InputError) and "cut off in the middle of this record" in error.problem
    assert str(path) in str(error)


def test_a_gzipped_archive_cut_mid_record(tmp_path: Path) -> None:
    data = warc(gzipped=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-200])
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError"]
    assert isinstance(items[-1], InputError) and "broken gzip stream" in items[-1].problem
    assert items[-1].origin == str(path)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n", "no HTML pages"),
        (b"WARC/1.0\r\n\r\n\r\n", "no HTML pages"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\nHTTP/1.1 200", "damaged archive"),
        (b"filedesc://x.arc 0.0.0.0 2024 text/plain zz\n", "no HTML pages"),
        (b"", "empty"),
    ],
)
def test_a_broken_archive_is_one_error(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(data)
    (error,) = read(path)
    assert isinstance(error, InputError) and problem in error.problem
    assert error.origin == str(path)


def test_an_archive_without_pages_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "images.warc.gz"
    path.write_bytes(warc(gzipped=True, items=[captures()[1]]))
    (error,) = read(path)
    assert isinstance(error, InputError) and "no HTML pages among its" in error.problem
