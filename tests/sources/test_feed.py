"""Feeds: one article per entry, full content before summary, HTML turned into text, and
the entry's title, link, id and date kept, for every feed flavour feedparser reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.sources.feed import SKIPPED_NO_TEXT
from conflictwire.sources.options import ReadStats

from .samples import PARA_1, PARA_2, SECOND_TEXT, SECOND_TITLE, TITLE, atom, rss092, rss10, rss20


def read(path: Path, stats: ReadStats | None = None) -> list[Article | InputError]:
    return list(read_inputs([str(path)], ReadOptions(), stats=stats))


def articles(path: Path) -> list[Article]:
    items = read(path)
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss20_full_content_wins_over_the_summary(tmp_path: Path) -> None:
    first, second = articles(write(tmp_path, "wire.xml", rss20()))
    assert first.text == f"{PARA_1}\n{PARA_2}"
    assert (first.title, first.url, first.external_id, first.outlet, first.published) == (
        TITLE,
        "https://news.example.org/a",
        "izmail-1",
        "Example Wire",
        dt.date(2024, 11, 19),
    )
    assert first.origin == f"{tmp_path / 'wire.xml'} entry 1"
    assert second.text == SECOND_TEXT  # an escaped-HTML description, as text
    assert second.published == dt.date(2024, 11, 18)


def test_rss092(tmp_path: Path) -> None:
    (entry,) = articles(write(tmp_path, "old.rss", rss092()))
    assert (entry.text, entry.title, entry.url) == (SECOND_TEXT, SECOND_TITLE, "https://news.example.org/b")


def test_rss10_rdf_with_a_dublin_core_date(tmp_path: Path) -> None:
    (entry,) = articles(write(tmp_path, "rdf.rdf", rss10()))
    assert (entry.text, entry.published, entry.outlet) == (
        SECOND_TEXT,
        dt.date(2024, 11, 18),
        "Example Wire RDF",
    )


def test_atom_published_before_updated_and_html_titles_as_text(tmp_path: Path) -> None:
    first, second = articles(write(tmp_path, "feed.atom", atom()))
    assert first.title == TITLE
    assert first.published == dt.date(2024, 11, 19)  # <published>, not the later <updated>
    assert first.text == f"{PARA_1}\n{PARA_2}"
    assert first.external_id == "urn:example:izmail"
    assert (first.author, second.author) == ("Olena Marchenko", None)
    assert second.published == dt.date(2024, 11, 18)  # only <updated>
    assert second.text == SECOND_TEXT


def test_feeds_are_recognised_by_their_root_whatever_the_name(tmp_path: Path) -> None:
    assert len(articles(write(tmp_path, "download", rss20()))) == 2
    assert len(articles(write(tmp_path, "feed.txt", atom()))) == 2


def test_a_folder_of_feeds(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    write(folder, "a.xml", rss20())
    write(folder, "b.atom", atom())
    write(folder, "c.rdf", rss10())
    assert len(articles(folder)) == 5


def test_entries_without_text_are_skipped_and_counted(tmp_path: Path) -> None:
    headlines = rss20().replace(f"&lt;p&gt;{SECOND_TEXT}&lt;/p&gt;", "")
    stats = ReadStats()
    items = read(write(tmp_path, "wire.xml", headlines), stats)
    assert [type(i).__name__ for i in items] == ["Article"]
    assert stats.skipped == {SKIPPED_NO_TEXT: 1}


def test_a_feed_of_headlines_only_is_one_error(tmp_path: Path) -> None:
    headlines = rss20(items=2, with_content=False)
    headlines = headlines.replace("<description>Short summary of the attack.</description>", "")
    headlines = headlines.replace(f"<description>&lt;p&gt;{SECOND_TEXT}&lt;/p&gt;</description>", "")
    (error,) = read(write(tmp_path, "wire.xml", headlines))
    assert isinstance(error, InputError)
    assert "none of its 2 entries carries text" in error.problem


def test_broken_xml_gives_the_entries_the_parser_recovers(tmp_path: Path) -> None:
    text = rss20()
    cut = text[: text.index("</item>", text.index(SECOND_TITLE)) - 20]
    items = read(write(tmp_path, "cut.xml", cut))
    assert isinstance(items[0], Article) and items[0].title == TITLE


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>T', "broken feed XML (line 1"),
        ('<?xml version="1.0"?><urlset><url><loc>https://x.org/</loc></url></urlset>', "not an RSS or Atom"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', "no entries"),
    ],
)
def test_feeds_that_give_nothing_are_one_error(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, "bad.xml", text)
    (error,) = read(path)
    assert isinstance(error, InputError)
    assert error.origin == str(path)
    assert problem in error.problem
