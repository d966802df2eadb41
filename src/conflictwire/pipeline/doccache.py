"""Per-document values the stages read often, computed once and kept in `Doc.user_data`.

spaCy builds `Doc.text` by joining every token, and `Doc.ents` by walking every token, on
each access: on a long article, each call costs a few milliseconds, and the stages made
hundreds of them (a profile of 100 articles put 14 s of 17 s of stage time there). The
document is not changed after the parse, so one copy serves every stage.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

TEXT_KEY = "conflictwire.text"
ENTS_KEY = "conflictwire.ents"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return ents
