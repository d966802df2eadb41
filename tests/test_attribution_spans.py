"""The attribution layer's content spans on the real pipeline (spaCy parse, cue tagger, rules):
PolNeAR's conventions for quotations, continued quotes and sentence periods."""

from __future__ import annotations

import pytest

from conflictwire.models import Article, Attribution, Span
from conflictwire.pipeline import analyze_many
from conflictwire.pipeline.attribution_spans import refine
from conflictwire.pipeline.nlp import load_nlp


def contents(text: str) -> dict[str, str]:
    """Cue text -> content text of every attribution in the layer."""
    (analysis,) = analyze_many([Article(text=text)])
    return {
        text[a.cue.start : a.cue.end]: text[a.content.start : a.content.end]
        for a in analysis.layers.attributions
    }


def test_nyt_style_quotation_continues_after_the_speaker() -> None:
    text = (
        "The mayor defended the budget on Monday. ''We cannot keep borrowing,'' said Ann Weller, "
        "the city treasurer. ''The interest alone costs more than the parks.''\n"
    )
    found = contents(text)
    said = next(v for k, v in found.items() if "said" in k)
    assert said == (
        "''We cannot keep borrowing,'' said Ann Weller, the city treasurer. "
        "''The interest alone costs more than the parks.''"
    )


def test_quotation_opened_in_the_content_runs_to_its_closing_mark() -> None:
    text = 'The senator said the governor\'s plan was "a gift to landlords." He gave no figures.\n'
    found = contents(text)
    said = next(v for k, v in found.items() if "said" in k)
    assert said == 'the governor\'s plan was "a gift to landlords."'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said the bridge would reopen in March.\n", "the bridge would reopen in March"),
        ("Analysts said the plant moved to the U.S.\n", "the plant moved to the U.S."),
    ],
)
def test_sentence_period_is_left_out_of_the_content(text: str, expected: str) -> None:
    found = contents(text)
    assert expected in found.values()


def spans_of(text: str, cue: str, content: str) -> Attribution:
    at, of = text.index(cue), text.index(content)
    return Attribution(source=None, cue=Span(at, at + len(cue)), content=Span(of, of + len(content)))


def test_a_content_does_not_reach_into_its_cue_or_keep_the_sentence_period() -> None:
    text = "Poll: Small farmers expect a poor harvest. The minister was quick to blame the weather.\n"
    headline = refine(spans_of(text, ":", "Small farmers expect a poor harvest."), text, None)
    assert text[headline.content.start : headline.content.end] == "Small farmers expect a poor harvest"
    sent = list(load_nlp()(text).sents)[-1]
    blamed = refine(spans_of(text, "was quick to blame", "to blame the weather"), text, sent)
    assert text[blamed.content.start : blamed.content.end] == "the weather"


def test_a_raising_cue_has_no_source_and_its_subject_opens_the_content() -> None:
    text = "The council seemed to accept the new tax plan after the vote.\n"
    sent = next(iter(load_nlp()(text).sents))
    found = Attribution(source=Span(0, 11), cue=Span(12, 18), content=Span(19, len(text) - 2))
    raised = refine(found, text, sent)
    assert raised.source is None
    assert text[raised.content.start : raised.content.end] == (
        "The council seemed to accept the new tax plan after the vote"
    )
