"""Attribution span errors: where our source and content spans differ from PolNeAR's, by class.

For every gold attribution whose cue we found (our cue overlaps the gold cue: the scorer's
anchoring), this compares our source and content spans with the gold ones and names the
difference at each boundary: extra/missing leading words ("that", a conjunction, a quote mark,
punctuation), the clause end (a trailing ", he said", the period inside or outside), a
discontinuous gold content (PolNeAR `content_spans` fragments; the scorer uses the covering
span), a missing source ("according to"), ... It also scores the same output with the
project's scorer (../shared/eval/score.py, imported, not re-implemented), so that a rule can be
tried in seconds on parses cached once:

    .venv/bin/python benchmarks/attribution_errors.py --compartment dev --cache /tmp/dev.spacy
    .venv/bin/python benchmarks/attribution_errors.py --compartment train --limit 300 --examples 5

The parse is the pipeline's own (`load_nlp`); only the attribution stage runs here.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from conflictwire import knowledge
from conflictwire.contract import attribution_item
from conflictwire.pipeline import attributions
from conflictwire.pipeline.nlp import load_nlp

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
GOLD = EVAL / "attribution" / "attributions.jsonl"
SCORER = EVAL / "score.py"


def load_scorer() -> Any:
    """The project's scorer module (its score_attributions is the metric)."""
    spec = importlib.util.spec_from_file_location("cw_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Layers:
    """What score.py's `Aligned` gives score_attributions: the layer of each output document."""

    def check(self, doc: dict[str, Any], text: str, doc_id: str | None) -> bool:
        return True

    def layer(self, doc: dict[str, Any], name: str) -> list[Any]:
        items: list[Any] = doc["layers"][name]
        return items


def records(compartment: str, limit: int | None, skip: int) -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as f:
        out = [r for r in map(json.loads, f) if r["compartment"] == compartment]
    out = out[skip:]
    return out[:limit] if limit else out


def parsed(recs: list[dict[str, Any]], cache: Path | None) -> list[Doc]:
    nlp = load_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        docs = docs[: len(recs)]
        if all(d.text == r["text"] for d, r in zip(docs, recs, strict=True)):
            return docs
        sys.stderr.write(f"{cache} does not match; parsing again\n")
    docs = list(nlp.pipe([r["text"] for r in recs], batch_size=16))
    if cache is not None:
        bin_ = DocBin()
        for d in docs:
            bin_.add(d)
        bin_.to_disk(cache)
    return docs


def layer(doc: Doc, text: str) -> list[dict[str, Any]]:
    kb = knowledge.load()
    sents = [s for s in doc.sents if s.text.strip()]
    rules = attributions.find_attributions(sents, kb)
    return [attribution_item(a, text) for a in attributions.tagged_attributions(sents, kb, rules)]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+|[^\w\s]", text))[:40]


def boundary(text: str, ours: tuple[int, int], gold: tuple[int, int], side: str) -> str:
    """A short class name for the difference at one boundary."""
    a, b = (ours[0], gold[0]) if side == "L" else (ours[1], gold[1])
    if a == b:
        return ""
    extra = (a < b) if side == "L" else (a > b)
    piece = text[min(a, b) : max(a, b)].strip()
    words = re.findall(r"\w+|[^\w\s]", piece)
    kind = "extra" if extra else "missing"
    if not words:
        return f"{side} {kind} space"
    if len(words) == 1:
        return f"{side} {kind} '{words[0].lower()}'"
    return f"{side} {kind} '{words[0].lower()}'+{min(len(words) - 1, 5)}"


def _shown(text: str, span: tuple[int, int] | None) -> str:
    return repr(text[span[0] : span[1]][:160]) if span else "-"


def families(counter: Counter[str]) -> Counter[str]:
    """Classes summed by boundary and direction ('R missing', '[frag] L extra', ...)."""
    out: Counter[str] = Counter()
    for name, n in counter.items():
        if name == "ok":
            continue
        frag = "[frag] " if name.startswith("[frag] ") else ""
        for part in name.removeprefix("[frag] ").split(" & "):
            out[frag + " ".join(part.split()[:2])] += n
    return out


def analyse(recs: list[dict[str, Any]], outs: list[list[dict[str, Any]]], examples: int) -> None:
    classes: dict[str, Counter[str]] = {"source": Counter(), "content": Counter()}
    samples: dict[str, list[str]] = defaultdict(list)
    found = total = 0
    for rec, items in zip(recs, outs, strict=True):
        text = rec["text"]
        for g in rec["attributions"]:
            if not g["cue"]:
                continue
            total += 1
            gc = tuple(g["cue"])
            p = next(
                (it for it in items if it["cue"] and it["cue"]["start"] < gc[1] and gc[0] < it["cue"]["end"]),
                None,
            )
            if p is None:
                continue
            found += 1
            for role in ("source", "content"):
                gs = tuple(g[role]) if g[role] else None
                ps = (p[role]["start"], p[role]["end"]) if p[role] else None
                if gs == ps:
                    classes[role]["ok"] += 1
                    continue
                if gs is None or ps is None:
                    name = "gold none" if gs is None else "ours none"
                    if ps is None and role == "source":
                        name += (
                            " (cue '" + text[gc[0] : gc[1]].lower() + "')"
                            if len(text[gc[0] : gc[1]]) < 14
                            else ""
                        )
                elif ps[1] <= gs[0] or gs[1] <= ps[0]:
                    name = "disjoint"
                else:
                    parts = [boundary(text, ps, gs, "L"), boundary(text, ps, gs, "R")]
                    name = " & ".join(x for x in parts if x)
                    if role == "content" and len(g.get("content_spans") or []) > 1:
                        name = "[frag] " + name
                classes[role][name] += 1
                if len(samples[role + name]) < examples:
                    samples[role + name].append(
                        f"      cue {text[gc[0] : gc[1]]!r}\n      gold {_shown(text, gs)}\n"
                        f"      ours {_shown(text, ps)}"
                    )
    print(f"gold attributions with a cue: {total}; cue found: {found}")
    for role, counter in classes.items():
        wrong = sum(v for k, v in counter.items() if k != "ok")
        print(f"\n== {role}: ok {counter['ok']}, wrong {wrong}")
        print("  by family: " + ", ".join(f"{k} {v}" for k, v in families(counter).most_common()))
        for name, n in counter.most_common(40):
            if name == "ok":
                continue
            print(f"  {n:4d}  {name}")
            for s in samples[role + name]:
                print(s)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compartment", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--skip", type=int, default=0, help="records of the compartment to skip first")
    ap.add_argument("--cache", type=Path, help="a DocBin of the parses (written when absent)")
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--no-classes", action="store_true", help="only the scorer's figures")
    args = ap.parse_args(argv)
    if not GOLD.is_file():
        print(f"{GOLD} is absent; nothing to analyse")
        return 0
    recs = records(args.compartment, args.limit, args.skip)
    docs = parsed(recs, args.cache)
    outs = [layer(d, r["text"]) for d, r in zip(docs, recs, strict=True)]
    if not args.no_classes:
        analyse(recs, outs, args.examples)
    scorer = load_scorer()
    print()
    _, line = scorer.score_attributions(recs, [{"layers": {"attributions": o}} for o in outs], Layers(), None)
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
