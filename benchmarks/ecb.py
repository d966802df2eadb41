"""ECB+ documents as linker items, clustering metrics, and the TF-IDF baseline.

Used by `benchmarks/linking.py ecb` (and the small `shared` gate test). Each ECB+ document
becomes one `link.features.Item` from generic features only: the text vector, the years it
names, the months, the proper names, the people and organisations, and the places (spaCy's
entities, read with the project's model). Plain numbers are left out: with no role
("killed", "magnitude") attached, "two" or "10" match across any two documents. Gold:
one real-world event per topic and half (`ecb` or `ecbplus`).

Metrics (Pradhan et al. 2014 definitions): MUC, B-cubed, CEAF-e (entity-based, phi4
similarity, optimal one-to-one alignment by the Hungarian method), CoNLL F1 = their mean.
"""

from __future__ import annotations

import csv
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from spacy.tokens import Doc as SpacyDoc

from conflictwire.link.cluster import average_linkage
from conflictwire.link.features import Item, months, proper_names, text_vector, words
from conflictwire.link.mentions import Mention
from conflictwire.pipeline.nlp import load_nlp

YEAR = re.compile(r"^(19[5-9]\d|20[0-3]\d)$")
PARTICIPANT_LABELS: Final = frozenset({"PERSON", "ORG", "NORP"})
PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    topic: str
    half: str
    """"ecb" or "ecbplus": with the topic, the real-world event (gold)."""
    text: str
    tokens: tuple[str, ...] = ()
    """The XML's tokens, in order (sentence 0 of an ecbplus document left out)."""
    token_ids: tuple[str, ...] = ()
    """Each token's `t_id`: mentions point at these."""
    sentences: tuple[int, ...] = ()
    """Each token's sentence number."""

    @property
    def gold(self) -> str:
        return f"{self.topic}/{self.half}"


def read_documents(folder: Path) -> list[Document]:
    """Every `<topic>/<name>.xml` of the ECB+ folder, text rebuilt from its tokens; sentence
    0 of an ecbplus document is the page's URL and is left out."""
    docs = []
    for path in sorted(folder.glob("*/*.xml")):
        half = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
        kept = [
            (token.text or "_", token.get("t_id") or "", int(token.get("sentence") or 0))
            for token in ET.parse(path).getroot().iter("token")
        ]
        kept = [k for k in kept if not (half == "ecbplus" and k[2] == 0)]
        sentences: dict[int, list[str]] = {}
        for word, _, sentence in kept:
            sentences.setdefault(sentence, []).append(word)
        text = "\n".join(" ".join(tokens) for _, tokens in sorted(sentences.items()))
        docs.append(
            Document(
                path.stem,
                path.parent.name,
                half,
                text,
                tuple(k[0] for k in kept),
                tuple(k[1] for k in kept),
                tuple(k[2] for k in kept),
            )
        )
    return docs


def parse(docs: Sequence[Document]) -> list[SpacyDoc]:
    """The documents through the project's spaCy model, on the XML's own tokens and
    sentences, so that token i of the parse is token i of the document (mentions align)."""
    nlp = load_nlp()
    words = []
    for doc in docs:
        starts = [i == 0 or doc.sentences[i] != doc.sentences[i - 1] for i in range(len(doc.tokens))]
        words.append(SpacyDoc(nlp.vocab, words=list(doc.tokens), sent_starts=starts))
    return list(nlp.pipe(words, batch_size=16))


def document_item(doc: Document, parsed: SpacyDoc) -> Item:
    """One document as a linker item (module docstring)."""
    people = frozenset(e.text.lower() for e in parsed.ents if e.label_ in PARTICIPANT_LABELS)
    places = frozenset(e.text.lower() for e in parsed.ents if e.label_ in PLACE_LABELS)
    years = frozenset(int(t.text) for t in parsed if YEAR.match(t.text))
    return Item(
        id=doc.name,
        group=doc.name,
        years=years,
        places=places,
        participants=people,
        months=months(doc.text),
        vector=text_vector([doc.text]),
        names=text_vector([proper_names(doc.text)]),
        entities=text_vector([" ".join(sorted(people | places))]),
    )


def document_items(docs: Sequence[Document], parsed: Sequence[SpacyDoc] | None = None) -> list[Item]:
    """One item per document (module docstring), through the project's spaCy model."""
    parsed = parse(docs) if parsed is None else parsed
    return [document_item(doc, p) for doc, p in zip(docs, parsed, strict=True)]


# ------------------------------------------------------------------- the baseline


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Rows: L2-normalised TF-IDF vectors (sublinear tf, smoothed idf fitted on `texts`)."""
    counts = [Counter(w for w in words(text) if len(w) > 1) for text in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for c in counts for w in c}))}
    df = np.zeros(len(vocab))
    for c in counts:
        for w in c:
            df[vocab[w]] += 1
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    matrix = np.zeros((len(texts), len(vocab)))
    for row, c in enumerate(counts):
        for w, n in c.items():
            matrix[row, vocab[w]] = (1 + math.log(n)) * idf[vocab[w]]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def baseline_clusters(names: Sequence[str], sims: np.ndarray, threshold: float) -> list[list[str]]:
    """Average-linkage agglomeration over a cosine matrix, merging while the mean >= threshold."""
    items = [Item(id=name, group=name) for name in names]
    order = sorted(range(len(names)), key=lambda i: names[i])
    scores = {
        (names[a], names[b]): float(sims[a, b])
        for x, a in enumerate(order)
        for b in order[x + 1 :]
        if sims[a, b] > 0
    }
    return average_linkage(items, scores, threshold=threshold)


# ------------------------------------------------------------------- metrics


def _as_sets(clusters: Iterable[Iterable[str]]) -> list[frozenset[str]]:
    return [frozenset(c) for c in clusters]


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def muc(key: list[frozenset[str]], response: list[frozenset[str]]) -> tuple[float, float, float]:
    def recall(k: list[frozenset[str]], r: list[frozenset[str]]) -> float:
        where = {m: i for i, c in enumerate(r) for m in c}
        num = den = 0
        for c in k:
            parts = {where.get(m, ("single", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num / den if den else 0.0

    r, p = recall(key, response), recall(response, key)
    return p, r, _f1(p, r)


def b_cubed(key: list[frozenset[str]], response: list[frozenset[str]]) -> tuple[float, float, float]:
    k_of = {m: c for c in key for m in c}
    r_of = {m: c for c in response for m in c}
    mentions = sorted(k_of)
    r = sum(len(k_of[m] & r_of[m]) / len(k_of[m]) for m in mentions) / len(mentions)
    p = sum(len(k_of[m] & r_of[m]) / len(r_of[m]) for m in mentions) / len(mentions)
    return p, r, _f1(p, r)


def _hungarian_max(weights: np.ndarray) -> float:
    """Maximum total weight of a one-to-one assignment (Kuhn-Munkres on a padded square)."""
    n = max(weights.shape)
    cost = np.zeros((n, n))
    cost[: weights.shape[0], : weights.shape[1]] = -weights
    u, v = np.zeros(n + 1), np.zeros(n + 1)
    p, way = np.zeros(n + 1, dtype=int), np.zeros(n + 1, dtype=int)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = np.full(n + 1, np.inf), np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], np.inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    return float(sum(-cost[p[j] - 1, j - 1] for j in range(1, n + 1) if p[j] > 0))


def ceaf_e(key: list[frozenset[str]], response: list[frozenset[str]]) -> tuple[float, float, float]:
    """CEAF-e; the optimal alignment is found per connected part of the key/response
    overlap graph (an alignment never gains from pairing clusters that share nothing),
    so thousands of mention clusters cost a few small assignments, not one huge one."""
    in_response = {m: j for j, c in enumerate(response) for m in c}
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, c in enumerate(key):
        for m in c:
            if m in in_response:
                parent[find(len(key) + in_response[m])] = find(i)
    parts: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(key)):
        parts.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(response)):
        parts.setdefault(find(len(key) + j), ([], []))[1].append(j)
    best = 0.0
    for keys, responses in parts.values():
        if keys and responses:
            phi = np.array(
                [
                    [2 * len(key[k] & response[r]) / (len(key[k]) + len(response[r])) for r in responses]
                    for k in keys
                ]
            )
            best += _hungarian_max(phi)
    r, p = best / len(key), best / len(response)
    return p, r, _f1(p, r)


def scores(
    key_clusters: Iterable[Iterable[str]], response_clusters: Iterable[Iterable[str]]
) -> dict[str, float]:
    """MUC, B3 and CEAF-e F1 (with B3 precision and recall) and CoNLL F1, in percent."""
    key, response = _as_sets(key_clusters), _as_sets(response_clusters)
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    return {
        "muc_f1": round(100 * m[2], 2),
        "b3_p": round(100 * b[0], 2),
        "b3_r": round(100 * b[1], 2),
        "b3_f1": round(100 * b[2], 2),
        "ceafe_f1": round(100 * c[2], 2),
        "conll_f1": round(100 * (m[2] + b[2] + c[2]) / 3, 2),
        "clusters": len(response),
    }


# ------------------------------------------------------------------- mentions

ACTION_TAGS: Final = ("ACTION_", "NEG_ACTION_")


@dataclass(frozen=True, slots=True)
class GoldMention:
    id: str
    """document name + "/" + m_id."""
    document: str
    tokens: tuple[int, ...]
    """Indexes into the document's tokens."""
    chain: str
    """Gold chain: the cross-document instance id, the intra-document chain, or the mention itself."""


def complete_sentences(path: Path) -> set[tuple[str, int]]:
    """(document name, sentence number) of the sentences whose annotation is complete."""
    with path.open(encoding="utf-8") as handle:
        return {
            (f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])) for row in csv.DictReader(handle)
        }


def gold_mentions(
    folder: Path, docs: Sequence[Document], complete: set[tuple[str, int]]
) -> list[GoldMention]:
    """The action mentions (ACTION_*, NEG_ACTION_*) of the complete sentences, with their gold
    chains (README of the eval folder: CROSS_DOC_COREF by instance, INTRA_DOC_COREF chains)."""
    found = []
    for doc in docs:
        root = ET.parse(folder / doc.topic / f"{doc.name}.xml").getroot()
        index = {t_id: i for i, t_id in enumerate(doc.token_ids)}
        chains: dict[str, str] = {}
        for relation in root.iter("CROSS_DOC_COREF"):
            for source in relation.iter("source"):
                chains[source.get("m_id", "")] = f"x:{relation.get('note')}"
        intra = [
            (r.find("target").get("m_id", ""), [s.get("m_id", "") for s in r.iter("source")])  # type: ignore[union-attr]
            for r in root.iter("INTRA_DOC_COREF")
        ]
        for target, sources in intra:
            for m_id in sources:
                chains.setdefault(m_id, f"i:{doc.name}/{target}")
        markables = root.find("Markables")
        for mark in markables if markables is not None else ():
            anchors = [index[a.get("t_id", "")] for a in mark.iter("token_anchor") if a.get("t_id") in index]
            if not mark.tag.startswith(ACTION_TAGS) or not anchors:
                continue
            if (doc.name, doc.sentences[anchors[0]]) not in complete:
                continue
            m_id = mark.get("m_id", "")
            chain = chains.get(m_id, f"s:{doc.name}/{m_id}")
            found.append(GoldMention(f"{doc.name}/{m_id}", doc.name, tuple(sorted(anchors)), chain))
    return found


def head_lemma(parsed: SpacyDoc, tokens: Sequence[int]) -> str:
    """Lemma of the mention's head: its token whose syntactic head lies outside it."""
    inside = set(tokens)
    heads = [i for i in tokens if parsed[i].head.i not in inside or parsed[i].head.i == i]
    return parsed[(heads or list(tokens))[0]].lemma_.lower()


ARGUMENT_LABELS: Final = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL"})


def mentions_for_linking(
    gold: Sequence[GoldMention], parsed: Mapping[str, SpacyDoc], blocks: Mapping[str, str]
) -> list[Mention]:
    """The gold mentions as `link.mentions.Mention`s: head lemma, sentence words, the names,
    dates and numbers of the sentence; block = the document's cluster."""
    out = []
    for mention in gold:
        doc = parsed[mention.document]
        sentence = doc[mention.tokens[0]].sent
        arguments = frozenset(e.text.lower() for e in sentence.ents if e.label_ in ARGUMENT_LABELS)
        out.append(
            Mention(
                id=mention.id,
                document=mention.document,
                block=blocks[mention.document],
                lemma=head_lemma(doc, mention.tokens),
                context=text_vector([sentence.text]),
                arguments=arguments,
            )
        )
    return out


def lemma_clusters(mentions: Sequence[Mention], *, blocked: bool) -> list[list[str]]:
    """The same-lemma baseline: mentions with one head lemma form one cluster (within one
    block when `blocked`, else across all documents)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m in mentions:
        groups.setdefault((m.block if blocked else "", m.lemma), []).append(m.id)
    return list(groups.values())


def gold_mention_clusters(gold: Sequence[GoldMention]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for mention in gold:
        groups.setdefault(mention.chain, []).append(mention.id)
    return list(groups.values())


def gold_clusters(docs: Sequence[Document]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for doc in docs:
        groups.setdefault(doc.gold, []).append(doc.name)
    return list(groups.values())
