"""The trained cue tagger: which words of a sentence introduce what someone said.

PolNeAR marks hundreds of cue words ("shows", "in", "believes", "referring to", "said in a
statement"), far more than a lexicon of reporting verbs can list with good precision. A CRF
(python-crfsuite) trained on the PolNeAR `train` compartment tags each sentence's tokens
BIO for CUE from features of the spaCy parse the pipeline already has; the rules of
attributions.py then find the source and content of each tagged cue from the parse.
The model file is `knowledge/attribution_cues.crfsuite`, written by
`scripts/train_attribution.py` (fixed settings, deterministic L-BFGS).

Features are plain strings read from the parse as integer columns (`Doc.to_array`), named
once per document and shared with the neighbours (window +-2): the tagger has to stay a small
share of the parse time (benchmarks/throughput.py).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc, Span

from conflictwire.knowledge import Knowledge

MODEL = Path(__file__).resolve().parents[1] / "knowledge" / "attribution_cues.crfsuite"
QUOTES = frozenset({'"', "\u201c", "\u201d", "''", "``"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


ATTRS = (LOWER, LEMMA, TAG, DEP, HEAD, ENT_TYPE, POS, SENT_START)


def doc_features(doc: Doc, lexicon: frozenset[str]) -> list[list[str]]:
    """One feature list per token of `doc` (crfsuite items), from one `to_array` call.

    Reading the parse as integer columns and naming each value once per document keeps the
    cost to a few list operations per token (a Token object per access is the slow part)."""
    n = len(doc)
    if n == 0:
        return []
    array = doc.to_array(list(ATTRS))
    lower, lemma_id, tag, dep, _, ent, pos, _ = array.T.tolist()
    head_off, sent_start = array[:, 4].astype("int64").tolist(), array[:, 7].astype("int64").tolist()
    name = doc.vocab.strings
    named: dict[int, str] = {}

    def text(key: int) -> str:
        value = named.get(key)
        if value is None:
            value = named[key] = name[key] if key else ""
        return value

    heads = [i + off for i, off in enumerate(head_off)]
    lemmas = [text(k).lower() for k in lemma_id]
    deps = [text(k) for k in dep]
    clause = [False] * n
    subject = ["-"] * n
    for i, h in enumerate(heads):
        if h != i:
            if deps[i] in CLAUSE_DEPS:
                clause[h] = True
            elif deps[i] in SUBJECTS:
                subject[h] = text(ent[i]) or text(pos[i])
    words = [text(k) for k in lower]
    own: list[list[str]] = []
    short: list[tuple[str, ...]] = []
    in_quote = False
    for i in range(n):
        word, lemma, d, h = words[i], lemmas[i], deps[i], heads[i]
        if word in QUOTES:
            in_quote = not in_quote if word in {'"', "''"} else word in {"\u201c", "``"}
        t = text(tag[i])
        lex = "1" if lemma in lexicon else "0"
        own.append([
            "b", "w=" + word, "l=" + lemma, "p=" + t, "d=" + d, "hl=" + lemmas[h], "hd=" + deps[h],
            "hp=" + text(pos[h]), "lex=" + lex, "cl=" + ("1" if clause[i] else "0"), "subj=" + subject[i],
            "q=" + ("1" if in_quote else "0"), "lp=" + lemma + "|" + d, "sx=" + word[-3:],
            "e=" + text(ent[i]), "ht=" + lemmas[h] + "|" + d, "st=" + ("1" if sent_start[i] == 1 else "0"),
        ])  # fmt: skip
        short.append((word, lemma, t, d, lex))
    for i, row in enumerate(own):
        for off, keys in NEIGHBOURS:
            j = i + off
            if 0 <= j < n:
                near = short[j]
                row.extend(key + near[k] for k, key in keys)
        if i + 1 < n and sent_start[i + 1] == 1:
            row.append("last")
    return own


NEIGHBOURS = (
    (-2, ((0, "-2w="), (2, "-2p="))),
    (-1, ((0, "-1w="), (1, "-1l="), (2, "-1p="), (3, "-1d="), (4, "-1x="))),
    (1, ((0, "+1w="), (1, "+1l="), (2, "+1p="), (3, "+1d="), (4, "+1x="))),
    (2, ((0, "+2w="), (2, "+2p="))),
)
"""Which of a neighbour's (word, lemma, tag, dep, in-lexicon) values a token sees, by offset."""


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


def cue_spans(sentences: list[Span], kb: Knowledge) -> list[tuple[int, int]]:
    """Token index ranges [start, end) of the cues the model tags in `sentences` (one document)."""
    model = tagger()
    if model is None or not sentences:
        return []
    rows = doc_features(sentences[0].doc, lexicon_of(kb))
    out: list[tuple[int, int]] = []
    for sent in sentences:
        out.extend(bio_ranges(model.tag(rows[sent.start : sent.end]), sent.start))
    return out


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
