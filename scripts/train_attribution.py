"""Train the attribution cue tagger (pipeline/attribution_model.py) on PolNeAR's train compartment.

    .venv/bin/python scripts/train_attribution.py                    # parse, train, write the model
    .venv/bin/python scripts/train_attribution.py --parsed all.spacy # reuse (or write) a DocBin of
                                                                     # every record of the gold file

Reads ../shared/eval/attribution/attributions.jsonl and uses only the records whose
`compartment` is `train` (840 articles); the `dev` compartment (84 articles) is what the model
is judged on, and the official test month is held out elsewhere. Each article is parsed with the
pipeline's own spaCy model (`load_nlp`), each non-blank sentence becomes one sequence, each token
is labelled B/I when it overlaps a gold cue span, O otherwise, and python-crfsuite fits a CRF by
L-BFGS with the settings below. L-BFGS from zero weights over features in file order is
deterministic: the same data and settings give the same model file (SEED is recorded for the
record; nothing here is random). Writes src/conflictwire/knowledge/attribution_cues.crfsuite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import pycrfsuite  # type: ignore[import-untyped]
from spacy.tokens import Doc, DocBin

from conflictwire import knowledge
from conflictwire.pipeline import attribution_model
from conflictwire.pipeline.nlp import load_nlp

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "eval" / "attribution" / "attributions.jsonl"
SEED = 0
"""Not used by L-BFGS (deterministic); kept so that the recipe names one."""
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def labels(doc: Doc, record: dict[str, Any]) -> list[str]:
    """B/I/O per token: B on the first token of each gold cue, I on the rest."""
    out = ["O"] * len(doc)
    for item in record["attributions"]:
        if not item["cue"]:
            continue
        start, end = item["cue"]
        tokens = [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start and not t.is_space]
        for k, i in enumerate(tokens):
            out[i] = "B" if k == 0 else ("I" if out[i] == "O" else out[i])
    return out


def parsed_docs(records: list[dict[str, Any]], cache: Path | None) -> list[Doc]:
    """Every record parsed by the pipeline's model, from `cache` when it holds them all."""
    nlp = load_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records) and all(d.text == r["text"] for d, r in zip(docs, records, strict=True)):
            return docs
        sys.stderr.write(f"{cache} does not match the gold file; parsing again\n")
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=32))
    if cache is not None:
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--parsed", type=Path, default=None, help="DocBin cache of every gold record")
    parser.add_argument("--out", type=Path, default=attribution_model.MODEL)
    args = parser.parse_args(argv)
    if not args.gold.exists():
        sys.stderr.write(f"{args.gold} is absent; nothing to train on\n")
        return 1
    with args.gold.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    kb = knowledge.load()
    lexicon = attribution_model.lexicon_of(kb)
    started = time.monotonic()
    docs = parsed_docs(records, args.parsed)
    trainer = pycrfsuite.Trainer(verbose=False)
    sequences = 0
    for doc, record in zip(docs, records, strict=True):
        if record["compartment"] != "train":
            continue
        gold = labels(doc, record)
        features = attribution_model.doc_features(doc, lexicon)
        for sent in doc.sents:
            if sent.text.strip():
                trainer.append(features[sent.start : sent.end], gold[sent.start : sent.end])
                sequences += 1
    trainer.set_params(PARAMS)
    trainer.train(str(args.out))
    size = args.out.stat().st_size / 1e6
    sys.stdout.write(
        f"{sequences} sentences, {time.monotonic() - started:.0f} s, wrote {args.out} ({size:.1f} MB)\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
