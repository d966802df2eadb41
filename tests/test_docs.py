"""The documentation and the registries agree with the code.

docs/cli.md holds every command's `--help` and must match a fresh rendering; every command
and option has help text; every registered stage and spaCy factory name resolves.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer

from conflictwire.cli import app

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "cli.md"
FIX = "run python scripts/gen_cli_docs.py"

# typer >= 0.29 vendors click, so commands are typer's own classes, not `click.Command`s.
ROOT = typer.main.get_command(app)
assert isinstance(ROOT, typer.core.TyperGroup)
COMMANDS: dict[str, Any] = {"": ROOT, **ROOT.commands}
"""The top level ("") and each registered command."""


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_docs_are_current() -> None:
    assert DOC.exists(), f"{DOC.relative_to(REPO)} is missing; {FIX}"
    fresh = load_script("gen_cli_docs").render()
    assert DOC.read_text(encoding="utf-8") == fresh, f"{DOC.relative_to(REPO)} is stale; {FIX}"


@pytest.mark.parametrize("name", list(COMMANDS), ids=lambda n: n or "conflictwire")
def test_command_has_help_and_a_docs_section(name: str) -> None:
    command = COMMANDS[name]
    assert (command.help or "").strip(), (
        f"command {name or 'conflictwire'!r} has no help text (its docstring)"
    )
    heading = f"## conflictwire {name}".rstrip()
    assert heading + "\n" in DOC.read_text(encoding="utf-8"), f"no `{heading}` in docs/cli.md; {FIX}"


@pytest.mark.parametrize("name", list(COMMANDS), ids=lambda n: n or "conflictwire")
def test_every_option_and_argument_has_help(name: str) -> None:
    missing = [
        param.name for param in COMMANDS[name].params if not (getattr(param, "help", None) or "").strip()
    ]
    assert not missing, f"`conflictwire {name}` has parameters without help text: {missing}"


def test_every_command_is_documented_and_nothing_else() -> None:
    text = DOC.read_text(encoding="utf-8")
    headings = {line[3:] for line in text.splitlines() if line.startswith("## ")}
    expected = {f"conflictwire {name}".rstrip() for name in COMMANDS}
    assert headings == expected, f"docs/cli.md sections differ from the commands; {FIX}"


def test_every_stage_name_resolves() -> None:
    from conflictwire.pipeline import STAGES

    assert STAGES, "no stages registered"
    for name, stage in STAGES.items():
        parts = name.split(".")
        assert (
            len(parts) == 3 and parts[0] == "conflictwire" and parts[2][:1] == "v" and parts[2][1:].isdigit()
        ), f"stage {name!r} is not named conflictwire.<stage>.v<N>"
        assert callable(stage), f"stage {name!r} is registered as {stage!r}, not a function"


@pytest.mark.parametrize("factory", ["conflictwire_entity_ruler_v1", "conflictwire_paragraphs_v1"])
def test_spacy_factory_is_registered_and_builds(factory: str) -> None:
    import spacy
    from spacy.language import Language

    import conflictwire.pipeline.nlp  # noqa: F401 - importing registers the factories

    assert Language.has_factory(factory), f"spaCy has no factory {factory!r}"
    blank = spacy.blank("en")
    component = blank.add_pipe(factory)
    assert callable(component)
