"""Repository-wide pytest options. Options must be declared in the root conftest (or a
plugin) so that pytest knows them before it collects `tests/`.

`--update-golden` rewrites `tests/golden/*.json` from the current pipeline instead of
comparing against them; read the diff and commit it with the change that caused it.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current output instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files (`pytest --update-golden`)."""
    return bool(request.config.getoption("--update-golden"))
