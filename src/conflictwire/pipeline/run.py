"""Run the stages over one parsed article and assemble the Analysis."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import tee
from typing import Any

from spacy.tokens import Doc

from conflictwire import gazetteer, knowledge
from conflictwire.config import DEFAULT_MODEL
from conflictwire.models import COUNT_SLOTS, Actor, Analysis, Article, Claim, Event, Layers, Place, Quantity
from conflictwire.models import Span as CharSpan
from conflictwire.pipeline import (
    attributions,
    claims,
    disputes,
    event_types,
    events,
    places,
    quantities,
    times,
)
from conflictwire.pipeline.context import Context
from conflictwire.pipeline.nlp import load_nlp

log = logging.getLogger(__name__)

STAGES: dict[str, Callable[..., Any]] = {
    "conflictwire.times.v1": times.find_times,
    "conflictwire.quantities.v1": quantities.find_quantities,
    "conflictwire.places.v1": places.find_places,
    "conflictwire.attributions.v1": attributions.find_attributions,
    "conflictwire.attributions.v2": attributions.tagged_attributions,
    "conflictwire.claims.v1": claims.build,
    "conflictwire.events.v1": events.find_mentions,
    "conflictwire.event_types.v1": event_types.classify,
    "conflictwire.disputes.v1": disputes.find_disputes,
}

# The relevance filter: an article with none of these words holds no conflict event and
# is not parsed for events (its layers are still computed when asked for).
RELEVANCE = re.compile(
    r"\b(?:attack|strike|struck|missile|drone|rocket|shell|bomb|kill|wound|injur|militar|army|troops|war|"
    r"fight|clash|explosi|intercept|artillery|airstrike|air raid|ceasefire|protest|arrest|sanction|weapon|"
    r"forces|soldier|militant|insurgent|rebel|invasion|offensive|casualt|dead|killed)",
    re.IGNORECASE,
)


def _short_id(article: Article) -> str:
    return article.id.split(":", 1)[1][:16]


def _claim_id(article_key: str, event_no: int, claim_no: int, draft: claims.Draft) -> str:
    digest = hashlib.sha1(f"{article_key}:{event_no}:{draft.content.start}".encode()).hexdigest()[:6]
    return f"c-{article_key[:12]}-{event_no}-{claim_no}-{digest}"


def _paragraph(text: str, offset: int) -> int:
    """Paragraph number of an offset: copied news puts each paragraph on a line of its own."""
    return text.count("\n", 0, offset) - text.count("\n\n", 0, offset)


def _assign(
    drafts: list[claims.Draft], drafts_events: list[events.EventDraft], text: str
) -> dict[int, list[claims.Draft]]:
    """Each claim goes to the violent event (attack, battle, violence against civilians) whose
    sentences hold it, else to the attack its paragraph names, else to the article's main attack."""
    out: dict[int, list[claims.Draft]] = {}
    attack_events = [i for i, e in enumerate(drafts_events) if e.family == "attack"]
    for draft in drafts:
        home = None
        for i, event in enumerate(drafts_events):
            if event.family not in VIOLENT_FAMILIES:
                continue
            if any(
                m.sentence.start_char <= draft.content.start < m.sentence.end_char for m in event.mentions
            ):
                home = i
                break
        if home is None and attack_events:
            # A claim in a paragraph that names an event belongs to it; elsewhere it is about
            # the article's main event (the one told most), not whatever came last.
            para = _paragraph(text, draft.content.start)
            same = [
                i
                for i in attack_events
                if any(_paragraph(text, m.sentence.start_char) == para for m in drafts_events[i].mentions)
            ]
            home = same[0] if same else max(attack_events, key=lambda i: (len(drafts_events[i].mentions), -i))
        if home is not None:
            out.setdefault(home, []).append(draft)
    return out


def _populations(claims: tuple[Claim, ...], quantities: list[Quantity]) -> disputes.Populations:
    """Per claim and count slot, the noun its figure counted: the unit of the quantity of that
    slot and value inside the claim's evidence (see disputes.py)."""
    out: disputes.Populations = {}
    for claim in claims:
        for slot, value in claim.counts:
            found = next(
                (
                    q
                    for q in quantities
                    if q.slot == slot
                    and q.value == value
                    and any(e.start <= q.span.start < e.end for e in claim.evidence)
                ),
                None,
            )
            out.setdefault(claim.id, {})[slot] = found.unit if found is not None else None
    return out


def analyze_doc(
    article: Article, doc: Doc, *, with_events: bool = True, with_layers: bool = True
) -> Analysis:
    """All stages over one parsed article. Without `with_layers`, the attribution layer is left
    empty: only `extract --layers` shows it, events and claims read the rule attributions,
    and its cue tagger costs about 8% of parse time (ingest and watch skip it)."""
    kb = knowledge.load()
    body = article.body or (CharSpan(0, len(article.text)),)
    ctx = Context(article=article, doc=doc, kb=kb, body=body)
    time_layer = times.find_times(article.text, article.published)
    quantity_layer = quantities.find_quantities(doc, kb, exclude=[t.span for t in time_layer])
    place_layer = places.find_places(doc, gazetteer.load())
    all_sentences = [s for s in doc.sents if s.text.strip()]
    rule_attributions = attributions.find_attributions(all_sentences, kb)
    attribution_layer = (
        attributions.tagged_attributions(all_sentences, kb, rule_attributions) if with_layers else []
    )
    layers = Layers(
        places=tuple(place_layer),
        times=tuple(time_layer),
        quantities=tuple(quantity_layer),
        attributions=tuple(attribution_layer),
    )
    if not with_events:
        return Analysis(article=article, layers=layers, relevant=False)

    sentences = ctx.body_sentences()
    body_attributions = [a for a in rule_attributions if ctx.in_body(a.cue.start)]
    weapon_mentions = claims.weapon_mentions(doc, kb)
    drafts = claims.build(
        doc,
        body_attributions,
        quantity_layer,
        weapon_mentions,
        kb,
        own_agency=article.agency,
        published=article.published,
    )
    covered = [a.content for a in body_attributions]
    drafts += claims.narrator_drafts(sentences, covered, quantity_layer, article.published)
    drafts.sort(key=lambda d: d.content.start)
    mentions = events.find_mentions(
        sentences,
        kb,
        times=[t for t in time_layer if ctx.in_body(t.span.start)],
        places=[p for p in place_layer if ctx.in_body(p.span.start)],
        weapons=weapon_mentions,
        published=article.published.isoformat() if article.published else None,
    )
    event_drafts = events.merge(mentions)
    # Typing (pipeline/event_types.py): the context refines each trigger's type.
    event_drafts = event_types.type_events(event_drafts, sentences, kb)
    assigned = _assign(drafts, event_drafts, article.text)
    # An attack mention with no actor, place, date or claim of its own is an echo of another
    # report ("the attack" in a background paragraph), not an event worth a row.
    keep = [
        i
        for i, e in enumerate(event_drafts)
        if assigned.get(i) or e.actor or e.place or e.family not in VIOLENT_FAMILIES
    ]
    event_drafts = [event_drafts[i] for i in keep]
    assigned = {new: assigned[old] for new, old in enumerate(keep) if old in assigned}
    if not event_drafts:
        # A snippet whose trigger words made no event still reports one (event_types.py).
        fallback = event_types.snippet_event(
            sentences,
            kb,
            times=[t for t in time_layer if ctx.in_body(t.span.start)],
            places=[p for p in place_layer if ctx.in_body(p.span.start)],
        )
        if fallback is not None:
            event_drafts = [fallback]
            assigned = _assign(drafts, event_drafts, article.text)
    key = _short_id(article)
    out_events: list[Event] = []
    for n, draft in enumerate(event_drafts, 1):
        for c in assigned.get(n - 1, []):
            _local_country(c, draft.place, kb)
        claim_objs = tuple(
            Claim(
                id=_claim_id(key, n, m, c),
                source=c.source,
                cue=c.cue,
                counts=tuple(sorted(c.counts.items(), key=lambda kv: _SLOT_ORDER[kv[0]])),
                damage=c.damage,
                target=c.target,
                weapons=tuple(c.weapons),
                evidence=tuple(c.evidence),
                negated=c.negated,
                stance=c.stance,
                denied=tuple(c.denied),
            )
            for m, c in enumerate(assigned.get(n - 1, []), 1)
        )
        event_type = kb.event_types[draft.type]
        out_events.append(
            Event(
                id=f"e-{key[:12]}-{n}",
                type=event_type,
                date=events.parse_date(draft.date),
                date_precision=draft.date_precision if draft.date else None,
                location=_with_place(draft.place),
                actor=_local_group(draft.actor, draft.place, kb),
                target=draft.target,
                weapons=tuple(draft.weapons),
                claims=claim_objs,
                disputes=disputes.find_disputes(claim_objs, _populations(claim_objs, quantity_layer)),
                evidence=_event_evidence(draft.mentions),
                trigger=draft.mentions[0].trigger.text,
            )
        )
    return Analysis(article=article, events=tuple(out_events), layers=layers, relevant=True)


EVENT_EVIDENCE_SENTENCES = 3


def _event_evidence(mentions: list[events.Mention]) -> tuple[CharSpan, ...]:
    """The first few distinct sentences that report the event: one sentence often holds
    several of its mentions ("fired missiles ... in an attack"), and repeating it says nothing."""
    spans = dict.fromkeys(CharSpan(m.sentence.start_char, m.sentence.end_char) for m in mentions)
    return tuple(spans)[:EVENT_EVIDENCE_SENTENCES]


VIOLENT_FAMILIES = frozenset({"attack", "battle", "violence"})
LOCAL_ROLES = re.compile(
    r"\b(?:governor|mayor|regional|city|local|municipal|health ministry|ministry of health|emergency|"
    r"rescuers?|police|hospital|medics?|doctors?|residents?|witness(?:es)?|civil defen[cs]e|"
    r"administration)\b",
    re.IGNORECASE,
)


def _local_group(actor: Actor | None, place: Place | None, kb: knowledge.Knowledge) -> Actor | None:
    """An armed group of no named nationality ("gunmen", "pro-Russian insurgents") is coded
    with the country it fights in, as ACLED codes "Islamic State (Syria)"."""
    if actor is None or actor.country is not None or actor.sector != "armed_group":
        return actor
    if place is None or not place.country:
        return actor
    iso3 = next((c.iso3 for c in kb.countries if c.iso2 == place.country), None)
    if iso3 is None:
        return actor
    for sided in SIDED.findall(actor.name):
        entry = kb.country_names.get(sided.lower())
        if entry is not None and entry[0].iso3 == iso3:
            return actor  # "pro-Russian separatists" placed in Russia: the place is doubtful, keep none
    return Actor(name=actor.name, country=iso3, sector=actor.sector, anonymous=actor.anonymous)


SIDED = re.compile(r"\b(?:pro|anti)[-–](\w+)", re.IGNORECASE)


def _local_country(claim: claims.Draft, place: Place | None, kb: knowledge.Knowledge) -> None:
    """A governor, a health ministry or a rescuer with no country named speaks for the place
    where the event happened (an analyst's convention: the Gaza health ministry is Palestinian)."""
    source = claim.source
    if source is None or source.country is not None or place is None or not place.country:
        return
    if LOCAL_ROLES.search(source.name):
        iso3 = next((c.iso3 for c in kb.countries if c.iso2 == place.country), None)
        if iso3 is not None:
            claim.source = Actor(
                name=source.name, country=iso3, sector=source.sector, anonymous=source.anonymous
            )


_SLOT_ORDER = {slot: i for i, slot in enumerate(COUNT_SLOTS)}


def _with_place(place: Place | None) -> Place | None:
    if place is None or place.lat is not None:
        return place
    # A country named by demonym ("Russian territory") takes the gazetteer's country point.
    entry = places.resolve(place.name, gazetteer.load())
    return places.to_place(entry) if entry is not None and entry.kind == "country" else place


def is_relevant(article: Article) -> bool:
    # A short snippet with a cue of any event type (a sit-in, a kidnapping) is relevant too.
    return RELEVANCE.search(article.text) is not None or event_types.has_cue(article.text, knowledge.load())


def analyze_many(
    articles: Iterable[Article], *, model: str = DEFAULT_MODEL, batch_size: int = 16, layers: bool = True
) -> Iterator[Analysis]:
    """Analyses in input order; spaCy parses in batches. `layers=False` skips what only the
    layers show (see `analyze_doc`)."""
    nlp = load_nlp(model)
    first, second = tee(articles)
    texts = (a.text for a in first)
    for article, doc in zip(second, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield analyze_doc(article, doc, with_events=is_relevant(article), with_layers=layers)
