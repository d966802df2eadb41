"""Items into incidents: connected components of strong links, then average linkage inside each.

Two items are linked when their score reaches the threshold; a connected component of such
links is cut into clusters by average-linkage agglomeration (merge the two clusters with
the highest mean score while that mean reaches the threshold; two items of one article
never end up together). Average linkage, unlike single linkage, does not chain two
different strikes on one city through one report that resembles both.

Everything here depends only on the set of items, never on their order: members are sorted
by id before the matrix is built and ties go to the lowest index. A component is closed
under links, so clustering it alone gives what clustering everything would; that is what
lets `link.run` link new events incrementally and still match a full relink.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import numpy as np

from conflictwire.link.features import Item
from conflictwire.link.score import score as pair_score

THRESHOLD: Final = 0.5
"""Score at which two reports are linked, and mean score at which two clusters merge.
Chosen on ECB+ dev (`benchmarks/linking.py ecb`, results/linking-ecb-*.json): B3 F1 by
threshold 0.2..0.8 was 88.4, 88.0, 89.3, 93.6, 92.4, 89.6, 85.7 when the weights were set,
best at 0.5 (before `attach_small`; with it, 95.3 at 0.5); the conflict test set links
exactly there with a wide margin (its weakest true pair scores 1.00, its strongest false
pair 0.25)."""

ATTACH: Final = 0.2
"""Mean score at which a small cluster left after average linkage joins the larger cluster
it resembles most (`attach_small`). Chosen on ECB+ dev with its topics split in two halves,
each scored on its own (`benchmarks/linking.py ecb`): B3 F1 96.17 -> 96.82 and 89.64 ->
93.17, the same at 0.15 and 0.2 and at most 3, 4 or 5 members."""
ATTACH_MAX: Final = 3
"""A cluster of at most this many items is small: a report or two whose wording strayed
(a feature story, a short wire brief) rather than an incident of its own."""

Scorer = Callable[[Item, Item], float]
FORBIDDEN: Final = -1e9
"""Mean score of a pair that may never merge (same article): stays hugely negative through
any average, so no cluster ever holds two events of one article."""


def components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (each sorted, the list sorted by first id) of an undirected graph."""
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return sorted((sorted(members) for members in groups.values()), key=lambda m: m[0])


def average_linkage(
    items: Sequence[Item],
    scores: Mapping[tuple[str, str], float],
    *,
    threshold: float = THRESHOLD,
) -> list[list[str]]:
    """Clusters (sorted lists of ids) of `items` by average linkage over `scores`.

    `scores` holds the pairs (a.id < b.id) that passed blocking; a pair not in it scores 0.
    """
    ordered = sorted(items, key=lambda item: item.id)
    n = len(ordered)
    if n == 1:
        return [[ordered[0].id]]
    index = {item.id: i for i, item in enumerate(ordered)}
    sim = np.zeros((n, n), dtype=np.float64)
    for (a, b), value in scores.items():
        if a in index and b in index:
            sim[index[a], index[b]] = sim[index[b], index[a]] = value
    groups = np.array([item.group for item in ordered])
    sim[groups[:, None] == groups[None, :]] = FORBIDDEN
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    members: list[list[int]] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while True:
        masked = np.where(alive[:, None] & alive[None, :], sim, -np.inf)
        best = int(np.argmax(masked))  # first maximum: ties go to the lowest index
        i, j = divmod(best, n)
        if masked[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sizes[i] += sizes[j]
        members[i] += members[j]
        alive[j] = False
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
    clusters = [sorted(ordered[k].id for k in members[i]) for i in range(n) if alive[i]]
    return sorted(clusters, key=lambda c: c[0])


def cluster_items(
    items: Sequence[Item],
    *,
    threshold: float = THRESHOLD,
    scorer: Scorer = pair_score,
) -> list[list[str]]:
    """All-pairs clustering of items held in memory (benchmarks, tests): score every pair,
    link pairs at or above `threshold`, cluster each component by average linkage."""
    ordered = sorted(items, key=lambda item: item.id)
    scores: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            value = scorer(a, b)
            if value > 0.0:
                scores[(a.id, b.id)] = value
    return cluster_scored(ordered, scores, threshold=threshold)


def cluster_scored(
    items: Sequence[Item],
    scores: Mapping[tuple[str, str], float],
    *,
    threshold: float = THRESHOLD,
) -> list[list[str]]:
    """Clusters of `items` given the scores of their candidate pairs (a.id < b.id): average
    linkage at `threshold`, then `attach_small`. Components are taken over the links that
    reach `reach(threshold)`, so each is closed under everything clustering may join."""
    by_id = {item.id: item for item in items}
    strong = [pair for pair, value in scores.items() if value >= reach(threshold)]
    found = components(by_id, strong)
    where = {member: k for k, component in enumerate(found) for member in component}
    local: list[dict[tuple[str, str], float]] = [{} for _ in found]
    for (a, b), value in scores.items():
        if a in where and b in where and where[a] == where[b]:
            local[where[a]][(a, b)] = value
    clusters: list[list[str]] = []
    for component, component_scores in zip(found, local, strict=True):
        members = [by_id[i] for i in component]
        found_here = average_linkage(members, component_scores, threshold=threshold)
        clusters += attach_small(found_here, by_id, component_scores)
    return sorted(clusters, key=lambda c: c[0])


def reach(threshold: float) -> float:
    """The lowest score clustering at `threshold` may act on: the links that make components."""
    return min(threshold, ATTACH)


def attach_small(
    clusters: list[list[str]],
    by_id: Mapping[str, Item],
    scores: Mapping[tuple[str, str], float],
) -> list[list[str]]:
    """Each cluster of at most `ATTACH_MAX` items joins the larger cluster (more than
    `ATTACH_MAX`) with the highest mean score to it, when that mean reaches `ATTACH` and the
    two share no article; ties go to the cluster with the lowest first id. The larger
    clusters are fixed before any joins, so the result does not depend on order."""
    large = [list(c) for c in clusters if len(c) > ATTACH_MAX]
    if not large:
        return clusters
    groups = [{by_id[i].group for i in c} for c in large]
    joined: list[list[str]] = []
    additions: list[list[str]] = [[] for _ in large]
    for small in (c for c in clusters if len(c) <= ATTACH_MAX):
        best, best_value = -1, ATTACH
        small_groups = {by_id[i].group for i in small}
        for k, target in enumerate(large):
            if small_groups & groups[k]:
                continue
            total = sum(scores.get((a, b) if a < b else (b, a), 0.0) for a in small for b in target)
            value = total / (len(small) * len(target))
            if value > best_value or (value == best_value and best < 0):
                best, best_value = k, value
        if best < 0:
            joined.append(small)
        else:
            additions[best] += small
    joined += [sorted(target + extra) for target, extra in zip(large, additions, strict=True)]
    return sorted(joined, key=lambda c: c[0])
