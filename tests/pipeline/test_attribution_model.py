"""The trained cue tagger and the attribution layer built on it (pipeline/attribution_model.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from conflictwire import knowledge
from conflictwire.models import Attribution
from conflictwire.pipeline import attribution_model
from conflictwire.pipeline.attributions import find_attributions, tagged_attributions

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[2]


def layer(nlp: Language, text: str) -> list[tuple[str | None, str, str]]:
    """(source, cue, content) of each attribution of the layer, as the text shows them."""
    doc = nlp(text)
    sents = [s for s in doc.sents if s.text.strip()]
    kb = knowledge.load()
    found = tagged_attributions(sents, kb, find_attributions(sents, kb))
    return [parts(text, a) for a in found]


def parts(text: str, a: Attribution) -> tuple[str | None, str, str]:
    source = text[a.source.start : a.source.end] if a.source else None
    return source, text[a.cue.start : a.cue.end], text[a.content.start : a.content.end]


def test_shipped_model_loads_without_shared() -> None:
    assert attribution_model.MODEL.is_file()
    assert attribution_model.MODEL.stat().st_size < 40_000_000
    assert attribution_model.tagger() is not None


def test_said_is_tagged(nlp: Language) -> None:
    text = "The mayor said that the bridge would reopen in May."
    assert layer(nlp, text) == [("The mayor", "said", "that the bridge would reopen in May")]


def test_cue_outside_the_lexicon(nlp: Language) -> None:
    """'believes' is in no cue list: the tagger finds it, the parse rules give its spans."""
    text = "The senator believes that the tax plan will fail."
    assert ("The senator", "believes", "that the tax plan will fail") in layer(nlp, text)


def test_trailing_cue(nlp: Language) -> None:
    text = "Prices rose again in March, the agency reported."
    found = layer(nlp, text)
    assert [(s, c) for s, c, _ in found] == [("the agency", "reported")]


def test_bio_ranges() -> None:
    assert attribution_model.bio_ranges(["O", "B", "I", "O", "I", "B"], 10) == [(11, 13), (14, 15), (15, 16)]


@pytest.mark.shared
def test_training_labels_mark_gold_cues(nlp: Language, shared: Path) -> None:
    """The training script labels a gold cue's tokens B, I, ... and nothing else."""
    sys.path.insert(0, str(REPO / "scripts"))
    import train_attribution

    gold = shared / "eval" / "attribution" / "attributions.jsonl"
    with gold.open(encoding="utf-8") as fh:
        record = next(r for r in map(json.loads, fh) if r["compartment"] == "train" and r["attributions"])
    doc = nlp(record["text"])
    labels = train_attribution.labels(doc, record)
    cue = next(a["cue"] for a in record["attributions"] if a["cue"])
    inside = [t.i for t in doc if t.idx < cue[1] and t.idx + len(t.text) > cue[0]]
    assert labels[inside[0]] == "B"
    assert all(labels[i] in {"B", "I"} for i in inside)
    cue_tokens = sum(1 for label in labels if label != "O")
    assert 0 < cue_tokens < len(doc) // 2


def test_quoted_transcript_line(nlp: Language) -> None:
    """'"SMITH: ...' in a transcript: the speaker before the colon, the line after it (a
    one-sentence line without its final full stop, as PolNeAR marks contents)."""
    text = 'The interview went on.\n\n"SMITH: We will hold the vote next week.\n\n"JONES: Thank you.'
    found = layer(nlp, text)
    assert ("SMITH", ":", "We will hold the vote next week") in found
    assert ("JONES", ":", "Thank you") in found


def test_doubled_quotation_marks_continue(nlp: Language) -> None:
    """The NYT's doubled marks: "''A,'' she said. ''B.''" is one content from A to the end of B."""
    text = "''We will rebuild the bridge,'' the mayor said. ''It will open in May.''"
    assert layer(nlp, text) == [("the mayor", "said", text)]


def test_object_and_what_is_said_of_it(nlp: Language) -> None:
    """A tagged cue with no clause: its object and the verb's words about it after the object."""
    text = "The new poll shows Smith with a lead of four points."
    assert layer(nlp, text) == [("The new poll", "shows", "Smith with a lead of four points")]
