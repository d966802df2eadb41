"""CSV, TSV and JSON Lines through the column mapping: sensible default names, any case,
`--text-col` and friends, and one clear error for a file whose columns do not fit."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.sources.options import Columns

from .samples import PARA_1, PARA_2, SECOND_TEXT, SECOND_TITLE, TITLE, csv_text


def read(path: Path, columns: Columns | None = None) -> list[Article | InputError]:
    return list(read_inputs([str(path)], ReadOptions(columns=columns or Columns())))


def articles(path: Path, columns: Columns | None = None) -> list[Article]:
    items = read(path, columns)
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def only_error(items: list[Article | InputError]) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


@pytest.mark.parametrize(("name", "delimiter"), [("a.csv", ","), ("a.tsv", "\t"), ("semi.csv", ";")])
def test_default_columns_in_any_case(tmp_path: Path, name: str, delimiter: str) -> None:
    path = tmp_path / name
    path.write_text(csv_text(delimiter), encoding="utf-8")
    first, second = articles(path)
    assert first.text == f"{PARA_1}\n{PARA_2}"
    assert (first.title, first.published, first.url, first.outlet, first.external_id) == (
        TITLE,
        dt.date(2024, 11, 19),
        "https://news.example.org/a",
        "Example Daily",
        "r1",
    )
    assert (second.text, second.title) == (SECOND_TEXT, SECOND_TITLE)
    # A row's origin is its first line; the first row's text spans two lines.
    assert (first.origin, second.origin) == (f"{path}:2", f"{path}:4")


def test_a_gzipped_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.csv.gz"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + csv_text().encode()))
    assert len(articles(path)) == 2


def test_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "story,head,when,where_from,paper,key\n"
        f'"{SECOND_TEXT}",{SECOND_TITLE},18 November 2024,https://x.org/b,The Paper,k-9\n',
        encoding="utf-8",
    )
    columns = Columns(
        text="story", title="head", published="WHEN", url="where_from", outlet="paper", id="key"
    )
    (article,) = articles(path, columns)
    assert (
        article.text,
        article.title,
        article.published,
        article.url,
        article.outlet,
        article.external_id,
    ) == (
        SECOND_TEXT,
        SECOND_TITLE,
        dt.date(2024, 11, 18),
        "https://x.org/b",
        "The Paper",
        "k-9",
    )


def test_a_named_column_that_is_missing_is_one_error_listing_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(csv_text(), encoding="utf-8")
    error = only_error(read(path, Columns(published="pubdate")))
    assert error.origin == str(path)
    assert "--date-col 'pubdate'" in error.problem
    assert "'Headline'" in error.problem and "'Body'" in error.problem


def test_no_text_column_is_one_error_saying_which_option_fixes_it(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("story,head\nShelling hit the town.,Shelling\n", encoding="utf-8")
    error = only_error(read(path))
    assert (
        "no `text` column" in error.problem and "--text-col" in error.problem and "'story'" in error.problem
    )


def test_bad_rows_are_errors_naming_the_line_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        f"text,date\n{PARA_1.replace(',', '')},2024-11-19\n,2024-11-19\n\nShelling hit the town.,next week\n"
        f"{SECOND_TEXT.replace(',', '')},\n",
        encoding="utf-8",
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert isinstance(items[1], InputError) and items[1].origin == f"{path}:3"
    assert "no `text` field" in items[1].problem
    assert isinstance(items[2], InputError) and items[2].origin == f"{path}:5"
    assert "'next week' is not a date" in items[2].problem


def test_a_field_past_the_article_limit_is_an_error_for_its_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'text\n"{"x" * 1_000_002}"\n"{SECOND_TEXT}"\n', encoding="utf-8")
    items = read(path)
    assert isinstance(items[0], InputError) and items[0].origin == f"{path}:2"
    assert isinstance(items[-1], Article) and items[-1].text == SECOND_TEXT


def test_a_csv_that_is_not_utf8_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("text\nLe café a brûlé.\n".encode("latin-1"))
    error = only_error(read(path))
    assert "--encoding" in error.problem
    (article,) = list(read_inputs([str(path)], ReadOptions(encoding="latin-1")))
    assert isinstance(article, Article) and article.text == "Le café a brûlé."


@pytest.mark.parametrize(("data", "problem"), [(b"", "empty input"), (b"\n\n", "empty input")])
def test_an_empty_csv(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    assert problem in only_error(read(path)).problem


# ----------------------------------------------------------------- JSON Lines, same mapping


def test_jsonl_default_names_beyond_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"Body": SECOND_TEXT, "headline": SECOND_TITLE, "date": "2024-11-18", "link": "https://x.org/b"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = articles(path)
    assert (article.text, article.title, article.published, article.url) == (
        SECOND_TEXT,
        SECOND_TITLE,
        dt.date(2024, 11, 18),
        "https://x.org/b",
    )


def test_jsonl_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"story": SECOND_TEXT, "text": "not this one", "source_name": "The Paper"}
    path.write_text(
        json.dumps(record) + "\n" + json.dumps({"text": "no story here"}) + "\n", encoding="utf-8"
    )
    items = read(path, Columns(text="story", outlet="source_name"))
    assert isinstance(items[0], Article) and (items[0].text, items[0].outlet) == (SECOND_TEXT, "The Paper")
    assert isinstance(items[1], InputError) and "no `story` field" in items[1].problem
    assert "--text-col story" in items[1].problem


def test_jsonl_authors_as_text_or_a_list_and_a_named_author_column(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        {"text": SECOND_TEXT, "author": "Olena Marchenko"},
        {"text": PARA_1, "authors": ["Ana Ruiz", "Tom Bell"]},
        {"text": PARA_2, "byline": {"name": "not text"}},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert [a.author for a in articles(path)] == ["Olena Marchenko", "Ana Ruiz, Tom Bell", None]

    named = tmp_path / "b.jsonl"
    named.write_text(json.dumps({"text": SECOND_TEXT, "writer": "Ana Ruiz"}) + "\n", encoding="utf-8")
    assert [a.author for a in articles(named, Columns(author="writer"))] == ["Ana Ruiz"]


def test_jsonl_that_is_not_jsonl_at_all_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(f"line {n} of plain notes" for n in range(40)) + "\n", encoding="utf-8")
    error = only_error(read(path))
    assert error.origin == str(path)
    assert "not usable JSON Lines" in error.problem


def test_jsonl_text_with_a_lone_surrogate_or_nul_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "\\ud800 broken"}\n{"text": "a\\u0000b"}\n', encoding="utf-8")
    first, second = read(path)
    assert isinstance(first, InputError) and "surrogate" in first.problem
    assert isinstance(second, InputError) and "NUL" in second.problem


def test_columns_resolve() -> None:
    assert Columns().resolve(["TEXT", "Date", "other"]) == {
        "text": "TEXT",
        "title": None,
        "published": "Date",
        "url": None,
        "outlet": None,
        "author": None,
        "id": None,
    }
    assert Columns(text="Story").resolve(["story"])["text"] == "story"
    assert Columns(text="story", id="key").missing(["story"]) == ["--id-col 'key'"]
