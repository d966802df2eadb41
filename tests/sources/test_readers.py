"""The readers: files, folders and JSON Lines in, `Article`s or one `InputError` per bad
input out, in input order, without ever stopping the batch.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import ReadOptions, read_inputs

REPORT = "Shelling hit the eastern town on Monday, the regional governor said in a statement."
RECORD = {
    "text": "Drones struck a fuel depot overnight, the governor said.",
    "title": "Depot hit",
    "published": "2024-11-19",
    "url": "https://example.org/news/depot",
    "outlet": "Example News",
    "id": "ext-7",
}


def read(*paths: Path | str, options: ReadOptions | None = None) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], options))


def only_error(items: list[Article | InputError]) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


# ----------------------------------------------------------------- text files


def test_text_file_is_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT + "\n", encoding="utf-8")
    (article,) = read(path, options=ReadOptions(published=dt.date(2024, 11, 20)))
    assert isinstance(article, Article)
    assert (article.text, article.origin, article.published) == (
        REPORT + "\n",
        str(path),
        dt.date(2024, 11, 20),
    )


def test_windows_newlines_are_unified(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"First line of the report.\r\nSecond line of the report.\r\n")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == "First line of the report.\nSecond line of the report.\n"


def test_folder_is_read_in_name_order_skipping_hidden_and_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report about shelling in the east.")
    (tmp_path / "a.txt").write_text("First report about drones over the capital.")
    (tmp_path / ".hidden.txt").write_text("Not a report.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    items = read(tmp_path)
    assert [Path(a.origin or "").name for a in items if isinstance(a, Article)] == ["a.txt", "b.txt"]
    assert len(items) == 2


# ----------------------------------------------------------------- JSON Lines


def test_jsonl_metadata_fills_the_article(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl(json.dumps(RECORD)))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == RECORD["text"]
    assert (article.title, article.published, article.url, article.outlet, article.external_id) == (
        "Depot hit",
        dt.date(2024, 11, 19),
        "https://example.org/news/depot",
        "Example News",
        "ext-7",
    )
    assert article.origin == f"{path}:1"


def test_a_bad_jsonl_line_is_one_error_naming_file_and_line_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl(json.dumps(RECORD), "{not json", "", json.dumps({"text": REPORT})))
    first, error, last = read(path)
    assert isinstance(first, Article) and first.text == RECORD["text"]
    assert isinstance(error, InputError)
    assert error.origin == f"{path}:2"
    assert str(error).startswith(f"{path}:2: not JSON")
    assert isinstance(last, Article) and (last.text, last.origin) == (REPORT, f"{path}:4")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('["a", "list"]', "must be an object"),
        ('{"title": "no text here"}', "no `text` field"),
        ('{"text": "   "}', "no `text` field"),
        ('{"text": "Drones hit a depot.", "published": "last Tuesday"}', "is not a date"),
    ],
)
def test_jsonl_records_without_usable_text_or_date_are_errors(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl(line))
    error = only_error(read(path))
    assert error.origin == f"{path}:1"
    assert problem in error.problem


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(json.dumps(RECORD), json.dumps({"text": REPORT}))))
    items = read(path)
    assert [a.text for a in items if isinstance(a, Article)] == [RECORD["text"], REPORT]
    assert [a.origin for a in items if isinstance(a, Article)] == [f"{path}:1", f"{path}:2"]


def test_truncated_gzip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(json.dumps(RECORD)) * 20)[:40])
    error = only_error(read(path))
    assert error.origin == str(path)
    assert "truncated" in error.problem


def test_corrupt_gzip_is_an_error(tmp_path: Path) -> None:
    packed = gzip.compress(jsonl(json.dumps(RECORD)))
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(packed[:10] + b"\xff" * 20 + packed[-8:])
    error = only_error(read(path))
    assert error.origin == str(path)


def test_deeply_nested_json_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl("[" * 100_000))
    error = only_error(read(path))
    assert error.origin == f"{path}:1"


def test_stdin_jsonl_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl(json.dumps({"text": REPORT})))))
    (article,) = read("-")
    assert isinstance(article, Article) and (article.text, article.origin) == (REPORT, "-:1")


# ----------------------------------------------------------------- bad inputs


def test_missing_file(tmp_path: Path) -> None:
    error = only_error(read(tmp_path / "nowhere.txt"))
    assert str(error) == f"{tmp_path / 'nowhere.txt'}: no such file or directory"


@pytest.mark.parametrize(
    ("name", "data"), [("empty.txt", b""), ("blank.txt", b"  \n\n\t\n"), ("empty.jsonl", b"")]
)
def test_empty_inputs(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    error = only_error(read(path))
    assert error.origin == str(path)
    assert "empty input" in error.problem


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\x00\x01\x02\x03 stream \x00\x00 endstream")
    error = only_error(read(path))
    assert "binary data" in error.problem


def test_cp1252_bytes_are_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"The caf\xe9 owner said shelling resumed on Monday.")
    error = only_error(read(path))
    assert "not UTF-8" in error.problem
    assert "0xe9" in error.problem
    assert "--encoding" in error.problem


def test_an_encoding_option_decodes_legacy_bytes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"The caf\xe9 owner said shelling resumed on Monday.")
    (article,) = read(path, options=ReadOptions(encoding="cp1252"))
    assert isinstance(article, Article)
    assert article.text == "The café owner said shelling resumed on Monday."


def test_an_unknown_encoding_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"The owner said shelling resumed.")
    error = only_error(read(path, options=ReadOptions(encoding="klingon-8")))
    assert "klingon-8" in error.problem


def test_one_bad_input_never_stops_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = read(tmp_path / "missing.txt", empty, good)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]


def test_broken_utf16_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfeA")
    only_error(read(path))


# ----------------------------------------------------------------- any bytes


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("any-bytes")


def _only_articles_or_errors(path: Path) -> None:
    items = read(path)
    assert items, "every input yields at least an Article or an InputError"
    assert all(isinstance(i, Article | InputError) for i in items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
@example(data=b"\x00\x00\x00")
@example(data=b"caf\xe9")
@example(data=b"\xef\xbb\xbf")  # a UTF-8 byte-order mark and nothing else
def test_any_bytes_in_a_text_file(scratch: Path, data: bytes) -> None:
    path = scratch / "any.txt"
    path.write_bytes(data)
    _only_articles_or_errors(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.one_of(
                st.dictionaries(
                    st.sampled_from(["text", "title", "published", "url", "outlet", "id"]),
                    st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans()),
                ).map(json.dumps),
                st.text(max_size=40),
            ),
            max_size=5,
        ).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
    )
)
@example(data=b'{"text": "Drones hit.", "published": 20241119}')
@example(data=b'{"text": "Drones hit.", "published": "2024-02-30"}')
@example(data=b'{"text": "\\ud800 lone surrogate"}')
def test_any_bytes_in_a_jsonl_file(scratch: Path, data: bytes) -> None:
    path = scratch / "any.jsonl"
    path.write_bytes(data)
    _only_articles_or_errors(path)
