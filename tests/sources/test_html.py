"""Saved web pages: the main text without page furniture, the metadata of the page, and
offsets into the text that is stored."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.sources.htmltext import decode_html, html_to_text

from .samples import PARA_1, PARA_2, TITLE, page


def read_one(path: Path, options: ReadOptions | None = None) -> Article | InputError:
    (item,) = list(read_inputs([str(path)], options))
    return item


def read_page(tmp_path: Path, markup: str | bytes, name: str = "page.html") -> Article:
    path = tmp_path / name
    path.write_bytes(markup.encode() if isinstance(markup, str) else markup)
    article = read_one(path)
    assert isinstance(article, Article), article
    return article


def test_main_text_and_metadata(tmp_path: Path) -> None:
    article = read_page(tmp_path, page())
    assert article.title == TITLE
    assert article.url == "https://news.example.org/world/izmail-terminal"
    assert article.outlet == "Example Daily"
    assert article.published == dt.date(2024, 11, 19)
    assert PARA_1 in article.text and PARA_2 in article.text
    for furniture in ("Home", "cookies", "Copyright", "tracking", "font-family"):
        assert furniture not in article.text, furniture


def test_offsets_point_into_the_stored_text(tmp_path: Path) -> None:
    article = read_page(tmp_path, page())
    body = [article.text[s.start : s.end] for s in article.body]
    assert "\n".join(body) == f"{PARA_1}\n{PARA_2}"  # the repeated headline is furniture
    start = article.text.index("eleven of the fifteen drones")
    assert any(s.start <= start < s.end for s in article.body)


def test_the_url_stays_unknown_without_a_canonical_link(tmp_path: Path) -> None:
    assert read_page(tmp_path, page(canonical=None)).url is None


def test_a_wire_agency_as_author_becomes_the_agency(tmp_path: Path) -> None:
    assert read_page(tmp_path, page(author="Associated Press")).agency == "Associated Press"
    assert read_page(tmp_path, page(author="Olena Marchenko")).agency is None


def test_the_author_comes_from_the_page_metadata(tmp_path: Path) -> None:
    assert read_page(tmp_path, page(author="Olena Marchenko")).author == "Olena Marchenko"
    assert read_page(tmp_path, page(author=None)).author is None


def test_the_published_date_never_comes_from_a_capture_line(tmp_path: Path) -> None:
    captured = "This page was captured on January 5, 2025."
    article = read_page(tmp_path, page(published=None, paragraphs=(PARA_1, PARA_2, captured)))
    assert article.published != dt.date(2025, 1, 5)
    assert article.published is None


def test_a_short_page_the_extractor_gives_up_on_is_read_whole(tmp_path: Path) -> None:
    article = read_page(tmp_path, "<p>Shelling hit the town <b>overnight</b>, officials said.</p>")
    assert article.text == "Shelling hit the town overnight, officials said."


def test_a_page_without_text_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title></head><body><script>go()</script></body></html>")
    error = read_one(path)
    assert isinstance(error, InputError)
    assert error.origin == str(path)
    assert "no article text" in error.problem


def test_html_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    article = read_page(tmp_path, page(), name="saved-page.txt")
    assert article.title == TITLE and "<p>" not in article.text


def test_a_gzipped_page_is_read(tmp_path: Path) -> None:
    article = read_page(tmp_path, gzip.compress(page().encode()), name="page.html.gz")
    assert article.title == TITLE


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [("utf-8", "latin-1"), ("iso-8859-1", "utf-8"), ("klingon-8", "latin-1"), ("windows-1251", "utf-8")],
)
def test_a_wrong_declared_charset_still_decodes(tmp_path: Path, declared: str, encoding: str) -> None:
    markup = page(charset=declared, paragraphs=(PARA_1.replace("Izmail", "Izmaïl"),))
    article = read_page(tmp_path, markup.encode(encoding))
    assert "Izmaïl" in article.text


def test_the_declared_charset_is_used_when_the_bytes_are_not_utf8(tmp_path: Path) -> None:
    markup = page(charset="windows-1251", paragraphs=("Обстріл пошкодив школу в Нікополі, повідомив мер.",))
    article = read_page(tmp_path, markup.encode("windows-1251"))
    assert "Обстріл пошкодив школу" in article.text


def test_an_encoding_option_wins(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page(paragraphs=("Le maire a dit: café détruit.",)).encode("latin-1"))
    article = read_one(path, ReadOptions(encoding="latin-1"))
    assert isinstance(article, Article) and "café détruit" in article.text


def test_binary_data_named_html_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200)))
    error = read_one(path)
    assert isinstance(error, InputError) and "binary data" in error.problem


def test_html_to_text_keeps_blocks_and_drops_scripts() -> None:
    markup = (
        "<div>First&nbsp;line<br>second   line</div><script>alert(1)</script>"
        "<!-- a comment --><ul><li>one</li><li>two &amp; three</li></ul>tail"
    )
    assert html_to_text(markup) == "First line\nsecond line\none\ntwo & three\ntail"
    assert html_to_text("") == ""
    assert html_to_text("<?xml version='1.0' encoding='utf-8'?><p>x</p>") == "x"


def test_decode_html_refuses_an_empty_page() -> None:
    with pytest.raises(InputError, match="empty input"):
        decode_html(b"  \n", origin="x.html")
