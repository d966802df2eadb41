"""A small gate on ECB+ (`../shared/eval/event_coref`): two topics, four real-world events,
clustered by the document-level linker as `benchmarks/linking.py ecb` does for all 496
documents. The full run is the benchmark; this catches a linker that no longer tells two
earthquakes (or two rehab check-ins) apart."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.conftest import SHARED

from conflictwire.link.cluster import cluster_items

pytestmark = [pytest.mark.shared, pytest.mark.model]

ECB = SHARED / "eval" / "event_coref" / "ECB+"
TOPICS = ("1", "3")
B3_FLOOR = 90.0
"""B3 F1 (%) on these two topics; the benchmark's run gave the figure in results."""


def test_linker_separates_same_kind_events_of_two_topics(tmp_path: Path) -> None:
    if not ECB.is_dir():
        pytest.skip(f"{ECB} is absent")
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    import ecb

    docs = [doc for doc in ecb.read_documents(ECB) if doc.topic in TOPICS]
    clusters = cluster_items(ecb.document_items(docs))
    scores = ecb.scores(ecb.gold_clusters(docs), clusters)
    assert scores["b3_f1"] >= B3_FLOOR, scores
