"""Mention-level event coreference inside document-level incidents.

The document linker decides which reports tell of one happening; inside such a group,
the event mentions (a trigger word with its sentence: "arrested", "the quake", "struck")
that name the same action are linked here. Two mentions are candidates only when their
documents are in one cluster (the blocking the document level gives) and their head
lemmas are equal: with no synonym resource, a different lemma is a different action
("arrest" and "charge" of one DUI case are two actions, as the annotation of ECB+ has it).
Average linkage over the similarity of the mentions' sentences and shared arguments
(names, dates, numbers) then decides: one lemma inside one incident is one action unless
the sentences share nothing at all (on ECB+ dev, splitting more cost more recall than it
won precision, in both halves of the topics); a word-family link ("elect", "election")
needs sentences that share words or arguments.

Deterministic, as the document linker is: mentions are sorted by id and the clustering is
`cluster.average_linkage`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from conflictwire.link.cluster import average_linkage
from conflictwire.link.features import Item, TextVector, cosine


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention, as the mention linker sees it."""

    id: str
    document: str
    """The document (article) it is in."""
    block: str
    """The document-level cluster (incident) of its document: mentions of two blocks are never linked."""
    lemma: str
    """Lower-cased lemma of the mention's head word."""
    context: TextVector = field(default_factory=dict)
    """The words of its sentence (`features.text_vector`)."""
    arguments: frozenset[str] = frozenset()
    """Names, numbers and dates in its sentence: who, where, when, how many."""


@dataclass(frozen=True, slots=True)
class MentionWeights:
    """Log-odds of the evidence for two same-lemma mentions of one block; set on the ECB+ dev
    half with a held-apart check (`benchmarks/linking.py ecb`)."""

    bias: float = 1.0
    other_lemma: float = -1.0
    """Lemmas of one family but not equal ("elect", "election"): weaker than one lemma."""
    same_document: float = 0.0
    context: float = 6.0
    context_pivot: float = 0.15
    shared_argument: float = 1.0
    max_arguments: float = 2.0


DEFAULT_MENTION_WEIGHTS: Final = MentionWeights()
MENTION_THRESHOLD: Final = 0.5


STEM_CHARS: Final = 5
"""Two lemmas that share their first five letters are one word's family ("elect", "election";
"shoot", "shooting"), which a lemmatiser keeps apart across parts of speech."""


def related(a: str, b: str) -> bool:
    """Whether two lemmas may name one action: equal, or one word family (`STEM_CHARS`)."""
    return a == b or (min(len(a), len(b)) >= STEM_CHARS and a[:STEM_CHARS] == b[:STEM_CHARS])


def mention_score(a: Mention, b: Mention, weights: MentionWeights = DEFAULT_MENTION_WEIGHTS) -> float:
    """Probability-like score that two mentions of one block are one action; 0 when their
    lemmas are not `related`."""
    if a.block != b.block or not related(a.lemma, b.lemma):
        return 0.0
    z = (
        weights.bias
        + (0.0 if a.lemma == b.lemma else weights.other_lemma)
        + (weights.same_document if a.document == b.document else 0.0)
        + weights.context * (cosine(a.context, b.context) - weights.context_pivot)
        + min(weights.max_arguments, weights.shared_argument * len(a.arguments & b.arguments))
    )
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def cluster_mentions(
    mentions: Sequence[Mention],
    *,
    threshold: float = MENTION_THRESHOLD,
    weights: MentionWeights = DEFAULT_MENTION_WEIGHTS,
) -> list[list[str]]:
    """Clusters of mention ids (each sorted, the list sorted by first id); every mention
    is in exactly one cluster, singletons included."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: m.id):
        groups[mention.block].append(mention)
    clusters: list[list[str]] = []
    for members in groups.values():
        scores = {
            (a.id, b.id): value
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if (value := mention_score(a, b, weights)) > 0.0
        }
        items = [Item(id=m.id, group=m.id) for m in members]
        clusters += average_linkage(items, scores, threshold=threshold)
    return sorted(clusters, key=lambda c: c[0])
