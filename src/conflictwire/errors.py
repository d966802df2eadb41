"""Domain exceptions. Each carries a message a user can act on: the input, the problem,
and what to do next. `cli.py` turns them into one line on stderr and a non-zero exit.

An exception means a stage or a reader could not run at all (unreadable input, missing
model, broken store); a stage that simply found nothing returns an empty result instead.
"""

from __future__ import annotations


class ConflictwireError(Exception):
    """Base class: `str(exc)` is the one line shown to the user."""


class InputError(ConflictwireError):
    """An input could not be read or holds no article.

    `origin` names the input (path, `path:line`, `-` for stdin)."""

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(f"{origin}: {problem}")


class KnowledgeError(ConflictwireError):
    """A knowledge data file has a bad entry (named by file and line)."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {problem}")


class ModelError(ConflictwireError):
    """The spaCy model is missing or broken."""


class StoreError(ConflictwireError):
    """The database cannot be opened, or its schema is not the one this version expects."""


class ExportError(ConflictwireError):
    """An export cannot be written: a bad filter, a missing or unusable `--out`."""


class QueryError(ConflictwireError):
    """A read request the store cannot answer as asked: a page cursor it did not make."""
