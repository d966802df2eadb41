"""Fixtures shared by every test folder: the spaCy pipeline, a one-call article analyser,
and the path of the sibling `../shared` folder (corpora, eval sets, seed).

`nlp` loads the model once per session; tests that use it (or `analyze_text`) are marked
`@pytest.mark.model` so that `-m "not model"` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conflictwire.models import Analysis
from conflictwire.pipeline.nlp import load_nlp
from conflictwire.pipeline.run import analyze_doc
from conflictwire.sources.base import ReadOptions, article_from_text

SHARED = Path(__file__).parents[1].parent / "shared"
"""`../shared` beside the repository: corpora and eval sets, absent in a bare checkout."""

DEFAULT_PUBLISHED = dt.date(2024, 11, 20)
"""A Wednesday: "on Tuesday" in a test article is 2024-11-19, "on Monday" 2024-11-18."""

Analyze = Callable[..., Analysis]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def analyze_text(nlp: Language) -> Analyze:
    """`analyze_text(text, published=date)`: read `text` as an article and run every stage."""

    def analyze(text: str, published: dt.date | None = DEFAULT_PUBLISHED) -> Analysis:
        article = article_from_text(text, origin="test", options=ReadOptions(published=published))
        return analyze_doc(article, nlp(article.text))

    return analyze


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (corpora and eval sets live beside the repository)")
    return SHARED
