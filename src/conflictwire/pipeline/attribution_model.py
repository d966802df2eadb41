"""The trained cue tagger: which words of a sentence introduce what someone said.

PolNeAR marks hundreds of cue words ("shows", "in", "believes", "referring to", "said in a
statement"), far more than a lexicon of reporting verbs can list with good precision. A CRF
(python-crfsuite) trained on the PolNeAR `train` compartment tags each sentence's tokens
BIO for CUE from features of the spaCy parse the pipeline already has; the rules of
attributions.py then find the source and content of each tagged cue from the parse.
The model file is `knowledge/attribution_cues.crfsuite`, written by
`scripts/train_attribution.py` (fixed settings, deterministic L-BFGS).

Features are plain strings built once per token and shared with its neighbours (the
window is +-2), so tagging costs a few string joins per token and one C call per sentence.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]
from spacy.tokens import Span, Token

from conflictwire.knowledge import Knowledge

MODEL = Path(__file__).resolve().parents[1] / "knowledge" / "attribution_cues.crfsuite"
QUOTES = frozenset({'"', "\u201c", "\u201d", "''", "``"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _own(token: Token, lexicon: frozenset[str], in_quote: bool) -> list[str]:
    """The features a token contributes to its own position and its neighbours'."""
    lemma = token.lemma_.lower()
    head = token.head
    children = list(token.children)
    kids = {c.dep_ for c in children}
    subject = next((c for c in children if c.dep_ in SUBJECTS), None)
    return [
        "w=" + token.lower_,
        "l=" + lemma,
        "p=" + token.tag_,
        "d=" + token.dep_,
        "hl=" + head.lemma_.lower(),
        "hd=" + head.dep_,
        "hp=" + head.pos_,
        "lex=" + ("1" if lemma in lexicon else "0"),
        "cl=" + ("1" if kids & CLAUSE_DEPS else "0"),
        "subj=" + ("1" if "nsubj" in kids or "nsubjpass" in kids else "0"),
        "q=" + ("1" if in_quote else "0"),
        "dp=" + token.dep_ + "|" + token.pos_,
        "lp=" + lemma + "|" + token.dep_,
        "sx=" + token.lower_[-3:],
        "e=" + token.ent_type_,
        "se=" + ("-" if subject is None else subject.ent_type_ or subject.pos_),
        "ht=" + head.lemma_.lower() + "|" + token.dep_,
    ]


NEIGHBOUR_KEYS = ("w=", "l=", "p=", "d=", "lex=")


def sentence_features(sent: Span, lexicon: frozenset[str]) -> list[list[str]]:
    """One feature list per token of `sent` (crfsuite's item sequence)."""
    own: list[list[str]] = []
    in_quote = False
    for token in sent:
        text = token.text
        if text in QUOTES:
            in_quote = not in_quote if text in {'"', "''"} else text in {"\u201c", "``"}
        own.append(_own(token, lexicon, in_quote))
    short = [[f for f in feats if f.startswith(NEIGHBOUR_KEYS)] for feats in own]
    n = len(own)
    out: list[list[str]] = []
    for i, feats in enumerate(own):
        row = ["b", *feats]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                tag = f"{off}:"
                row.extend(tag + f for f in short[j])
            elif off in (-1, 1):
                row.append(f"{off}:edge")
        if i == 0:
            row.append("first")
        elif i == n - 1:
            row.append("last")
        out.append(row)
    return out


def lexicon_of(kb: Knowledge) -> frozenset[str]:
    return frozenset(kb.cues) | kb.attitude_cues


@functools.cache
def tagger() -> pycrfsuite.Tagger | None:
    """The shipped cue model, opened once per process; None when the file is absent."""
    if not MODEL.exists():
        return None
    tag = pycrfsuite.Tagger()
    tag.open(str(MODEL))
    return tag


def cue_spans(sent: Span, kb: Knowledge) -> list[tuple[int, int]]:
    """Token index ranges [start, end) of the cues the model tags in `sent`."""
    model = tagger()
    if model is None or len(sent) == 0:
        return []
    labels = model.tag(sentence_features(sent, lexicon_of(kb)))
    return bio_ranges(labels, sent.start)


def bio_ranges(labels: list[str], offset: int) -> list[tuple[int, int]]:
    """The [start, end) ranges of B/I runs, shifted by `offset` (an I without a B opens one)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, label in enumerate(labels):
        if label == "B" or (label == "I" and start is None):
            if start is not None:
                out.append((start + offset, i + offset))
            start = i
        elif label == "O" and start is not None:
            out.append((start + offset, i + offset))
            start = None
    if start is not None:
        out.append((start + offset, len(labels) + offset))
    return out
