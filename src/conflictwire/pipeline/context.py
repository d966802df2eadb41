"""What every stage reads: the article, its parsed Doc, the knowledge and the body spans."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from conflictwire.knowledge import Knowledge
from conflictwire.models import Article
from conflictwire.models import Span as CharSpan


@dataclass(slots=True)
class Context:
    article: Article
    doc: Doc
    kb: Knowledge
    body: tuple[CharSpan, ...]
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.body]

    def in_body(self, char: int) -> bool:
        """True when the character offset lies in article body (not page furniture)."""
        i = bisect.bisect_right(self._starts, char) - 1
        return i >= 0 and self.body[i].start <= char < self.body[i].end

    def body_sentences(self) -> list[Span]:
        return [s for s in self.doc.sents if s.text.strip() and self.in_body(_first_char(s))]


def _first_char(sent: Span) -> int:
    for token in sent:
        if not token.is_space:
            return token.idx
    return sent.start_char


def char_span(tokens: Span | Token) -> CharSpan:
    if isinstance(tokens, Token):
        return CharSpan(tokens.idx, tokens.idx + len(tokens.text))
    return CharSpan(tokens.start_char, tokens.end_char)


def subtree_span(token: Token, *, exclude: frozenset[int] = frozenset()) -> Span:
    """The contiguous span of `token`'s subtree, trimmed of edge punctuation and spaces."""
    ids = [t.i for t in token.subtree if t.i not in exclude]
    doc = token.doc
    start, end = min(ids), max(ids) + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space) and doc[start].text not in "\"“'":
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


PARTICLES = frozenset({"down", "off", "out", "up", "back", "away"})


def verb_phrase(token: Token) -> str:
    """A verb's lemma with its particle: 'shot down' -> 'shoot down' (the small model often
    tags the particle as an adverb)."""
    parts = [token.lemma_.lower()]
    parts += [
        c.lower_ for c in token.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES)
    ]
    return " ".join(parts)
