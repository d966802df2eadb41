"""Mention-level coreference (`link.mentions`) on hand-made mentions: blocking by document
cluster, word families, and sentence context splitting a repeated verb."""

from __future__ import annotations

import random

from conflictwire.link.features import text_vector
from conflictwire.link.mentions import Mention, cluster_mentions, related


def mention(id_: str, document: str, lemma: str, sentence: str, block: str = "quake") -> Mention:
    return Mention(id=id_, document=document, block=block, lemma=lemma, context=text_vector([sentence]))


def test_word_families_are_related_but_short_or_different_words_are_not() -> None:
    assert related("elect", "election") and related("shoot", "shooting")
    assert not related("arrest", "charge")
    assert not related("hit", "hits"), "too short to call a family by its first letters"


def test_mentions_of_one_happening_link_across_documents_and_other_blocks_stay_apart() -> None:
    mentions = [
        mention(
            "a/1", "a", "strike", "A magnitude 6.1 earthquake struck the coastal town of Velmora on Sunday"
        ),
        mention("b/1", "b", "strike", "The earthquake that struck Velmora on Sunday damaged the harbour"),
        mention(
            "c/1",
            "c",
            "strike",
            "The earthquake that struck Velmora on Sunday damaged the harbour",
            block="other",
        ),
    ]
    assert cluster_mentions(mentions) == [["a/1", "b/1"], ["c/1"]]


def test_a_word_family_links_only_mentions_whose_sentences_agree() -> None:
    mentions = [
        mention(
            "a/1", "a", "elect", "Voters in Marrowby elected Ada Kestrel mayor on Sunday by a wide margin"
        ),
        mention(
            "b/1", "b", "election", "The Marrowby election on Sunday made Ada Kestrel mayor by a wide margin"
        ),
        mention(
            "c/1", "c", "election", "Turnout at the regional assembly vote next spring is expected to be low"
        ),
    ]
    found = cluster_mentions(mentions)
    assert found == [["a/1", "b/1"], ["c/1"]]
    shuffled = mentions[:]
    random.Random(3).shuffle(shuffled)
    assert cluster_mentions(shuffled) == found, "the input order does not matter"
