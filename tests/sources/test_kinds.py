"""Kind detection: the content decides when it can (an archive header, a page or feed
root, gzip magic looked inside), the file name when it cannot."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from conflictwire.models import Article
from conflictwire.sources import read_inputs
from conflictwire.sources.base import Kind, detect_kind, is_readable_name

from .samples import SECOND_TEXT, atom, page, rss10, rss20, warc


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.txt", b"Shelling hit the town.", Kind.TEXT),
        ("a", b"Shelling hit the town.", Kind.TEXT),
        ("a", b'  {"text": "x"}', Kind.JSONL),
        ("a.txt", b'{"text": "x"}', Kind.TEXT),  # the name says text, and text it is
        ("a.jsonl", b"{", Kind.JSONL),
        ("a.ndjson", b"", Kind.JSONL),
        ("a.csv", b"text,title", Kind.CSV),
        ("a.TSV", b"text\ttitle", Kind.CSV),
        ("a.warc", b"", Kind.WARC),
        ("a.arc", b"", Kind.WARC),
        ("a.bin", b"WARC/1.0\r\nWARC-Type: warcinfo", Kind.WARC),
        ("a.txt", b"WARC/1.1\r\n", Kind.WARC),
        ("a", b"filedesc://crawl.arc 0.0.0.0 2024 text/plain 70\n", Kind.WARC),
        ("a.xml", b"", Kind.FEED),
        ("a.htm", b"", Kind.HTML),
        ("a.txt", b"\xef\xbb\xbf\n<!DOCTYPE html>\n<html>", Kind.HTML),
        ("a", b"<HTML><body>", Kind.HTML),
        ("a.html", b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">', Kind.FEED),
        ("a", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', Kind.FEED),
        ("a", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', Kind.FEED),
        ("a.xml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', Kind.HTML),
        ("a.xml", b"<urlset>", Kind.FEED),  # by name: the feed reader says it is not a feed
    ],
)
def test_detect_kind(name: str, head: bytes, kind: Kind) -> None:
    assert detect_kind(name, head) is kind


@pytest.mark.parametrize(
    ("name", "readable"),
    [
        ("a.txt", True), ("notes", True), ("a.html", True), ("a.xml.gz", True), ("a.warc.gz", True),
        ("a.csv", True), ("a.jsonl.gz", True), ("a.md", False), ("a.png", False), ("a.pdf", False),
    ],
)  # fmt: skip
def test_which_files_a_folder_walk_reads(name: str, readable: bool) -> None:
    assert is_readable_name(name) is readable


def test_gzip_is_looked_inside_whatever_the_name(tmp_path: Path) -> None:
    inputs = {
        "page.gz": page(),
        "feed.gz": rss20(),
        "rdf.gz": rss10(),
        "atom.dat.gz": atom(),
        "text.gz": SECOND_TEXT,
        "lines.gz": json.dumps({"text": SECOND_TEXT}) + "\n",
    }
    counts = {}
    for name, text in inputs.items():
        (tmp_path / name).write_bytes(gzip.compress(text.encode()))
        items = list(read_inputs([str(tmp_path / name)]))
        assert all(isinstance(i, Article) for i in items), items
        counts[name] = len(items)
    (tmp_path / "crawl.gz").write_bytes(warc(gzipped=True))
    counts["crawl.gz"] = sum(isinstance(i, Article) for i in read_inputs([str(tmp_path / "crawl.gz")]))
    assert counts == {
        "page.gz": 1, "feed.gz": 2, "rdf.gz": 1, "atom.dat.gz": 2, "text.gz": 1, "lines.gz": 1, "crawl.gz": 2
    }  # fmt: skip


def test_a_folder_reads_every_kind_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "b.xml").write_text(rss20(), encoding="utf-8")
    (tmp_path / "c.warc.gz").write_bytes(warc(gzipped=True))
    (tmp_path / "d.csv").write_text(f"text\n{SECOND_TEXT.replace(',', '')}\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text(SECOND_TEXT, encoding="utf-8")
    (tmp_path / "f.md").write_text("# notes, not an article", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items), items
    names = [Path(str(i.origin).split(" ")[0].split(":")[0]).name for i in items if isinstance(i, Article)]
    assert names == ["a.html", "b.xml", "b.xml", "c.warc.gz", "c.warc.gz", "d.csv", "e.txt"]


@pytest.mark.parametrize(("data", "count"), [(page(), 1), (rss20(), 2), (atom(), 2)])
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: str, count: int) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    items = list(read_inputs(["-"]))
    assert len(items) == count and all(isinstance(i, Article) for i in items), items


def test_stdin_gzip(monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress((json.dumps({"text": SECOND_TEXT}) + "\n").encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = read_inputs(["-"])
    assert isinstance(article, Article) and article.origin == "-:1"
