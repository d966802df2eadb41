"""The folder of malformed inputs from the issue, read by the library: each input gives its
articles or exactly one error naming it and the problem, and nothing else escapes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conflictwire.errors import InputError
from conflictwire.models import Article
from conflictwire.sources import read_inputs

from .samples import MALFORMED, READABLE, malformed_folder


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article | InputError]]:
    folder = malformed_folder(tmp_path_factory.mktemp("malformed"))
    return folder, list(read_inputs([str(folder)]))


def _file(origin: str | None, folder: Path) -> str:
    """`inputs/cut.warc record 5` or `inputs/bad.jsonl:2` -> the file name."""
    rest = str(origin).removeprefix(str(folder) + "/")
    return rest.split(" record ")[0].split(" entry ")[0].split(":")[0]


def test_each_bad_input_is_one_error_naming_it_and_the_problem(
    items: tuple[Path, list[Article | InputError]],
) -> None:
    folder, found = items
    errors = [i for i in found if isinstance(i, InputError)]
    by_file = Counter(_file(e.origin, folder) for e in errors)
    assert by_file == Counter(name.split(":")[0] for name in MALFORMED), [str(e) for e in errors]
    for name, words in MALFORMED.items():
        (error,) = [e for e in errors if _file(e.origin, folder) == name.split(":")[0]]
        assert str(error).startswith(str(folder / name)), error
        assert words in error.problem, error


def test_the_readable_inputs_still_give_their_articles(
    items: tuple[Path, list[Article | InputError]],
) -> None:
    folder, found = items
    counts = Counter(_file(a.origin, folder) for a in found if isinstance(a, Article))
    assert {name: counts[name] for name in READABLE} == READABLE
    assert counts["truncated.jsonl.gz"] >= 1  # the lines before the break
