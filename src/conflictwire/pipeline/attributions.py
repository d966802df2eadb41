"""Who said what: source, cue and content spans from the dependency parse and the cue lexicon.

Covered: "X said (that) ...", "X claimed to have ...", "X verified the deployment of ..."
(the object is the content for verbs that take one), "..., X reported." (a trailing
cue), "according to X, ...", "X, speaking anonymously, stated ...", negated cues
("did not confirm", "denied"), and pronoun sources ("It reported ...") resolved to the
previous source. The source phrase is resolved to an Actor here so that later stages
never have to re-read the parse.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from conflictwire.knowledge import Knowledge
from conflictwire.models import Actor, Attribution
from conflictwire.models import Span as CharSpan
from conflictwire.pipeline import actors, attribution_model, attribution_spans
from conflictwire.pipeline.context import char_span, subtree_span
from conflictwire.pipeline.doccache import doc_text

# Cues that take a bare object as their content ("verified the deployment", "denied the
# strike"); the others need a clause, so "added five points" is no attribution.
OBJECT_CUES = frozenset(
    {"say", "claim", "state", "report", "verify", "confirm", "deny", "reject", "announce", "acknowledge",
     "admit", "allege", "dispute", "refute", "dismiss", "disclose", "reveal", "call", "cite", "want", "plan",
     "support", "describe", "mention", "criticize", "criticise", "demand", "offer", "refuse", "decline",
     "discuss", "blast", "urge", "endorse", "praise", "defend", "question", "propose", "promise", "pledge"}
)  # fmt: skip
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CONTENT_DEPS = ("ccomp", "xcomp")
PRONOUN_SOURCES = frozenset({"it", "he", "she", "they", "we", "i"})
OPEN_QUOTES = ('"', "\u201c")
ANY_QUOTE = ('"', "\u201c", "\u201d")
QUOTE_REACH = 1200
QUOTING_VERBS = frozenset({"quote", "cite"})
"""Verbs by which a medium passes on someone's words: "X quoted/cited Y as saying ..." is Y's report."""
_ANY_QUOTE_CHAR = re.compile("[" + "".join(ANY_QUOTE) + "]")
"""How far back (characters) a quotation may have opened before the sentence that attributes it."""


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        # With two subjects (a misparse of "... killed 18 people, the ministry said"), the one
        # right before the cue is the speaker.
        left = [s for s in subjects if s.i < verb.i]
        return left[-1] if left else subjects[0]
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subject(verb.head)
    if verb.dep_ in {"xcomp"}:
        return _subject(verb.head)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ in QUOTING_VERBS:
        # "Interfax quoted a regional official as saying ...": the one quoted is the speaker
        quoted = [c for c in verb.head.head.children if c.dep_ in {"dobj", "nsubjpass"}]
        if quoted:
            return quoted[0]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in {"VERB", "AUX"}:
        head = verb.head
        if head.dep_ == "ccomp" and head.head.pos_ in {"VERB", "AUX"}:
            # "X denied that its forces had hit homes, saying ...": the small model hangs the
            # participle on the reported clause; the one saying it is the speaker of that clause.
            head = head.head
        return _subject(head)  # "..., saying that ..." / "..., adding ..."
    # The small model sometimes hangs the subject on the previous clause ("..., a source
    # and an official verified ..." as an apposition): take the noun right before the verb.
    prev = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    while prev is not None and prev.pos_ in {"ADV", "AUX", "PART"} and prev.i > verb.sent.start:
        prev = verb.doc[prev.i - 1]
    if (
        prev is not None
        and prev.pos_ in {"NOUN", "PROPN"}
        and prev.dep_ in {"appos", "conj", "pobj", "dobj", "npadvmod"}
    ):
        return prev
    return None


def _conjuncts(subject: Token) -> list[Token]:
    """All heads of a conjoined subject, in order: 'a source and an official' -> [source, official]."""
    first = subject
    while first.dep_ == "conj" and first.head.pos_ in {"NOUN", "PROPN"}:
        first = first.head
    out = [first]
    stack = [first]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN"}:
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _source_span(subject: Token, cue: Token | None = None) -> Span:
    """The whole subject phrase, appositions included, as PolNeAR marks it: "Brian Fallon,
    the campaign's press secretary," (the comma before the cue too), "Sen. X (R-S.C.)".
    Participles that only say how the speaker spoke ("speaking anonymously") stay out."""
    doc = subject.doc
    drop: set[int] = set()
    for child in subject.rights:
        if child.dep_ in {"acl", "advcl"} and child.tag_ == "VBG":
            drop.update(t.i for t in child.subtree)
    ids = [
        t.i for t in subject.subtree if t.i not in drop and (cue is None or t.i < cue.i or subject.i > cue.i)
    ]
    start, end = min(ids), max(ids) + 1
    while start < end - 1 and (doc[start].is_space or (doc[start].is_punct and doc[start].text != "(")):
        start += 1
    while end - 1 > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    if (
        cue is not None
        and end < len(doc)
        and doc[end].text == ","
        and end + 1 == _cue_start(cue)
        and not drop
    ):
        end += 1
    return doc[start:end]


def _content(verb: Token, cue_stance_takes_object: bool, subject: Token | None) -> Span | None:
    for dep in CONTENT_DEPS:
        for child in verb.children:
            if child.dep_ == dep:
                clause = subtree_span(child)
                addressee = next((c for c in verb.children if c.dep_ in {"dobj", "pobj", "prep"}
                                  and verb.i < c.i < child.i and c.pos_ != "PRON"), None)  # fmt: skip
                if dep == "xcomp" and addressee is not None:
                    # "urged Republicans to join ...", "called on Trump to stop ...": who is
                    # urged belongs to the content (the preposition stays with the cue)
                    first = (
                        addressee
                        if addressee.dep_ != "prep"
                        else next((c for c in addressee.children if c.dep_ == "pobj"), None)
                    )
                    if first is not None:
                        return verb.doc[first.left_edge.i : clause.end]
                return clause
    if cue_stance_takes_object:
        for child in verb.children:
            if child.dep_ == "dobj":
                judged = [c for c in verb.children if c.i > child.i and (
                    c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))]  # fmt: skip
                if judged:
                    # "called the charges fabricated", "cited X as an example": the object and
                    # what it is called are one content
                    last = subtree_span(judged[-1])
                    return verb.doc[subtree_span(child).start : last.end]
            if child.dep_ in {"dobj", "attr"} and child.pos_ not in {"PRON"}:
                return subtree_span(child)
    # "..., Reuters reported." The cue hangs off the content's verb; when that verb is the
    # second of two joined clauses ("X, but Y, the source said"), the content is both.
    head = verb.head
    if verb.dep_ in {"ccomp", "parataxis", "advcl"} and head.i < verb.i and head.pos_ in {"VERB", "AUX"}:
        while head.dep_ == "conj" and head.head.i < head.i and head.head.pos_ in {"VERB", "AUX"}:
            head = head.head
        exclude = frozenset(t.i for t in verb.subtree)
        return subtree_span(head, exclude=exclude)
    # "But to prevent problems, he said, officials should be vigilant." A parenthetical cue.
    if (
        verb.dep_ in {"parataxis", "ccomp", "advcl"}
        and head.i > verb.i
        and head.pos_ in {"VERB", "AUX"}
        and any(t.text == "," for t in verb.doc[verb.i : head.i])
    ):
        exclude = frozenset(t.i for t in verb.subtree)
        return subtree_span(head, exclude=exclude)
    return None


QUOTE_BEFORE = re.compile(r'([\u201c"])[^\u201c\u201d"]{2,}?[\u201d"]\s*(?:[,:]\s*)?(?:[\w.\'-]+\s*){0,6}$')
QUOTE_AFTER = re.compile(r'^\s*[,:]?\s*([\u201c"])[^\u201c\u201d"]{2,}[\u201d"]')


def _adjacent_quote(verb: Token, cue: CharSpan) -> CharSpan | None:
    """A quotation right before or after a cue that has no clause of its own:
    '"You winning?" she said' (the quote is a sentence of its own) or 'Trump said, "When ..."'."""
    text = doc_text(verb.doc)
    window_start = max(0, cue.start - QUOTE_REACH)
    before = QUOTE_BEFORE.search(text, window_start, cue.start)
    if before is not None:
        opened = before.start(1)
        close = max(text.rfind("\u201d", opened + 1, cue.start), text.rfind('"', opened + 1, cue.start))
        return CharSpan(opened, close + 1) if close > opened else None
    after = QUOTE_AFTER.match(text[cue.end : cue.end + QUOTE_REACH])
    if after is not None:
        return CharSpan(cue.end + after.start(1), cue.end + after.end())
    return None


CUE_AUX = frozenset({"aux", "auxpass", "neg"})


def _cue_start(verb: Token) -> int:
    """Index of the cue's first token: auxiliaries, negation and adverbs right before it."""
    doc = verb.doc
    start = verb.i
    while (
        start > 0
        and doc[start - 1].head.i == verb.i
        and (
            doc[start - 1].dep_ in CUE_AUX
            or (doc[start - 1].dep_ == "advmod" and doc[start - 1].pos_ == "ADV")
        )
    ):
        start -= 1
    return start


def _cue_span(verb: Token) -> CharSpan:
    """The cue with the auxiliaries, negation and adverbs right before it ("has said", "did not
    confirm", "is expected", "also said", as PolNeAR marks them) and a colon right after it ("said:")."""
    doc = verb.doc
    start = _cue_start(verb)
    end = verb.i + 1
    if end < len(doc) and (
        doc[end].text == ":" or (doc[end].lower_ in {"for", "on"} and verb.lemma_ == "call")
    ):
        end += 1
    return CharSpan(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


QUOTE_OPENING = re.compile(r"(?:\u201c|\"|''|``)\s*$")
QUOTE_CLOSING = re.compile(r"[.,!?;:]?(?:\u201d|\"|'')")


def _close_quote(text: str, content: CharSpan) -> CharSpan:
    """Quotation marks belong to the content they enclose (as PolNeAR marks it):
    'said, "When ...' starts at the mark; a quotation runs to its closing mark with the
    punctuation before it ('pretenses,"'); NYT-style '' and `` count as marks too."""
    start, end = content.start, content.end
    opening = QUOTE_OPENING.search(text, max(0, start - 3), start)
    if opening is not None and text[start : start + 1] not in OPEN_QUOTES:
        start = opening.start()
    if text[start : start + 1] in OPEN_QUOTES or text[start : start + 2] in {"''", "``"}:
        closers = [text.find(mark, start + 2) for mark in ("\u201d", '"', "''")]
        found = [at for at in closers if at != -1 and at + 1 >= end and at - end < QUOTE_REACH]
        if found:
            at = min(found)
            end = at + (2 if text[at : at + 2] == "''" else 1)
    closing = QUOTE_CLOSING.match(text, end)
    if closing is not None and (opening is not None or _open_quote_inside(text[start:end])):
        end = closing.end()
    return CharSpan(start, end)


CONTINUATION = re.compile(r"[,.:]?[ \u00a0]?([\u201c\"])")
"""A quotation that resumes right after the attributing clause: '"A," she said. "B."'."""


def _continued_quote(text: str, content: CharSpan, cue: CharSpan, sent: Span) -> CharSpan:
    """'"A," Graham said. "B."' is one attribution whose content runs from A to the end of B
    (PolNeAR marks the covering span of both fragments): a quotation that ends before the cue
    goes on through a quotation that opens right after the cue's clause or sentence."""
    if content.end > cue.start or text[content.end - 1 : content.end] not in ANY_QUOTE:
        return content
    for at in (cue.end, sent.end_char):
        resumed = CONTINUATION.match(text, at)
        if resumed is None:
            continue
        opening = resumed.start(1)
        close_mark = "\u201d" if text[opening] == "\u201c" else '"'
        close = text.find(close_mark, opening + 1, opening + QUOTE_REACH)
        if close == -1 or "\n" in text[opening:close] or text[close - 1] == ",":
            continue  # ',"' hands the next quotation to a cue of its own
        return CharSpan(content.start, close + 1)
    return content


def _leading_fragment(
    text: str, content: CharSpan, source: CharSpan | None, cue: CharSpan, sent: Span
) -> CharSpan:
    """'"By locking in China," Mr. Obama said, "it now ...': a quotation split by its cue is one
    content from the first fragment to the last (PolNeAR's covering span)."""
    if content.start < cue.end or text[content.start : content.start + 1] not in OPEN_QUOTES:
        return content
    left = min(cue.start, source.start if source is not None else cue.start)
    end = left
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end < 2 or text[end - 1] not in '\u201d"' or text[end - 2] != ",":
        return content
    opener = "\u201c" if text[end - 1] == "\u201d" else '"'
    opened = text.rfind(opener, max(0, end - QUOTE_REACH), end - 1)
    if opened == -1 or any(mark in text[opened + 1 : end - 1] for mark in ANY_QUOTE):
        return content
    return CharSpan(opened, content.end)


def _open_quote_inside(part: str) -> bool:
    """A quotation opened inside the content and not closed in it: 'is "unhinged, even for
    him' ends where the parser stopped, but the quotation (and its '.”') is the content's."""
    if part.count("\u201c") > part.count("\u201d"):
        return True
    return part.count('"') % 2 == 1


def _trim(span: Span) -> Span:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and doc[start].text not in OPEN_QUOTES)
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text not in ANY_QUOTE)
    ):
        end -= 1
    return doc[start:end]


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _quote_start(text: str, content: CharSpan) -> int:
    """Where a multi-sentence quotation that ends in `content` opened, else content.start.

    '"Seven people were injured. All of them are receiving help," Kiper wrote.' The cue's
    clause holds only the last sentence; the quotation holds both."""
    if text[content.start : content.start + 1] in OPEN_QUOTES:
        return content.start  # the content opens its own quotation
    window_start = max(0, content.start - QUOTE_REACH)
    before = text[window_start : content.start]
    positions = [m.start() for m in _ANY_QUOTE_CHAR.finditer(before)]
    if not positions:
        return content.start
    last = positions[-1]
    if before[last] not in OPEN_QUOTES or (before[last] == '"' and len(positions) % 2 == 0):
        return content.start
    if before[last + 1 : last + 2].isspace():
        return content.start  # '"  Next paragraph': a mark followed by a space closed a quotation
    if not text[content.start : content.end].rstrip(" ,.").endswith((*ANY_QUOTE[1:], '"')) and (
        '"' not in text[content.start : content.end + 3]
        and "\u201d" not in text[content.start : content.end + 3]
    ):
        return content.start
    return window_start + last


def find_attributions(sentences: list[Span], kb: Knowledge) -> list[Attribution]:
    """Attributions of the given sentences in order, each with a resolved source actor."""
    out: list[Attribution] = []
    last_actor: Actor | None = None
    by_head: dict[str, Actor] = {}
    for sent in sentences:
        speaker = _colon_line(sent, kb)
        if speaker is not None:
            out.append(speaker)
        for token in sent:
            found = _according_to(token, sent, kb) if token.lower_ == "according" else None
            if found is None and token.pos_ in {"VERB", "AUX"} and _is_cue(token.lemma_.lower(), kb):
                found = _verb_attribution(token, sent, kb, last_actor)
            if found is None:
                continue
            found = _known_from_before(found, by_head)
            out.append(found)
            if found.actor is not None and not found.anaphoric:
                last_actor = found.actor
                by_head.setdefault(found.actor.name.split()[-1].lower(), found.actor)
    return out


COLON_LINE = re.compile(r"[\"\u201c]?([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}):[ \t]+(\S[^\n]*)")
"""'PENCE: Well, look ...' or '"PENCE: ...' (a transcript, quoted or not) or 'Poll: Wealthy
Voters ...' (a headline): the speaker, a colon as the cue, and the rest of the line as what
was said."""
NOT_SPEAKERS = frozenset({"note", "editor's note", "update", "updated", "related", "photo", "photos", "video",
                          "source", "sources", "read more", "watch", "see also", "correction", "listen",
                          "advertisement", "caption", "credit", "image", "warning", "breaking", "live",
                          "exclusive", "opinion", "analysis", "q", "a", "question", "answer"})  # fmt: skip


def _colon_line(sent: Span, kb: Knowledge) -> Attribution | None:
    """The speaker of a line that opens with 'Name:' (PolNeAR marks the colon as the cue)."""
    text = doc_text(sent.doc)
    start = sent.start_char
    if start > 0 and text[start - 1] != "\n":
        return None
    found = COLON_LINE.match(text, start)
    if found is None or found.group(1).lower() in NOT_SPEAKERS or found.group(1).startswith("The "):
        return None  # "The Latest: ..." is a rubric, not a speaker
    content_end = found.end(2)
    while content_end > found.start(2) and text[content_end - 1].isspace():
        content_end -= 1
    name = sent.doc.char_span(found.start(1), found.end(1))
    actor = actors.resolve(name.root, kb, sentence=sent) if name is not None and len(name) else None
    return Attribution(
        source=CharSpan(found.start(1), found.end(1)),
        cue=CharSpan(found.end(1), found.end(1) + 1),
        content=CharSpan(found.start(2), content_end),
        actor=actor,
        cue_lemma=":",
    )


def _is_cue(lemma: str, kb: Knowledge) -> bool:
    return lemma in kb.cues or lemma in kb.attitude_cues


def _known_from_before(found: Attribution, by_head: dict[str, Actor]) -> Attribution:
    """'The ministry said' after 'the health ministry in Gaza said': the same speaker, so it
    takes the country and sector the fuller mention gave."""
    actor = found.actor
    if actor is None or actor.country is not None or " " in actor.name.strip():
        return found
    earlier = by_head.get(actor.name.lower())
    if earlier is None or earlier.country is None:
        return found
    merged = Actor(
        name=actor.name,
        country=earlier.country,
        sector=earlier.sector or actor.sector,
        anonymous=actor.anonymous,
    )
    return replace(found, actor=merged)


QUOTE_CUES = frozenset({"say", "add", "tell", "write", "tweet", "ask", "reply", "respond", "continue",
                        "explain", "insist", "note", "state", "declare", "claim", "argue", "post", "announce",
                        "warn"})  # fmt: skip
FIRST_PERSON = frozenset({"i", "we", "you"})


def _verb_attribution(verb: Token, sent: Span, kb: Knowledge, last_actor: Actor | None) -> Attribution | None:
    lemma = verb.lemma_.lower()
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None  # "to say", "wants to know": an intention, not a report
    if lemma in QUOTING_VERBS and any(
        c.lower_ == "as" and any(g.dep_ == "pcomp" for g in c.children) for c in verb.children
    ):
        return None  # "State TV cited a source as saying ...": the source's "saying" is the report
    subject = _subject(verb)
    if subject is not None and subject.lower_ in FIRST_PERSON:
        return None  # "I think", "we know": a speaker's own words inside a quotation
    content = _content(verb, lemma in OBJECT_CUES or lemma in kb.attitude_cues, subject)
    if (content is None or len(content) == 0) and lemma in QUOTE_CUES:
        quoted = _adjacent_quote(verb, _cue_span(verb))
        if quoted is not None:
            content = verb.doc.char_span(quoted.start, quoted.end, alignment_mode="expand")
    if content is None or len(content) == 0:
        return None
    if subject is not None and subject.i < verb.i and content.end <= verb.i:
        # "..., the health ministry said." Everything before the speaker is what was said,
        # whatever the parser attached where.
        left_edge = min(t.i for t in _source_span(subject))
        if left_edge > sent.start:
            content = _trim(sent.doc[sent.start : left_edge])
    if subject is not None and subject.head.i != verb.i and content.start <= subject.i < content.end:
        return None  # the subject belongs to the content: not a reporting use
    # (A parenthetical cue's own subject sits inside the content's covering span: "The
    # museum, Mr. Obama said, would ..." is fine.)
    content_span = char_span(content)
    opened = _quote_start(doc_text(verb.doc), content_span)
    if opened < content_span.start and opened < sent.start_char:
        content_span = CharSpan(opened, content_span.end)
    content_span = _close_quote(doc_text(verb.doc), content_span)
    content_span = _continued_quote(doc_text(verb.doc), content_span, _cue_span(verb), sent)
    actor: Actor | None = None
    others: list[Actor] = []
    anaphoric = False
    source: CharSpan | None = None
    if subject is not None and not (subject.lower_ == "it" and subject.dep_ == "nsubjpass"):
        heads = _conjuncts(subject)
        spans = [_source_span(h, verb) for h in heads]
        source = CharSpan(min(s.start_char for s in spans), max(s.end_char for s in spans))
        if subject.lower_ in PRONOUN_SOURCES:
            actor, anaphoric = last_actor, True
        else:
            resolved = [a for a in (actors.resolve(h, kb, sentence=sent) for h in heads) if a is not None]
            actor, others = (resolved[0], resolved[1:]) if resolved else (None, [])
    content_span = _leading_fragment(doc_text(verb.doc), content_span, source, _cue_span(verb), sent)
    return Attribution(
        source=source,
        cue=_cue_span(verb),
        content=content_span,
        actor=actor,
        cue_lemma=lemma,
        negated=_negated(verb),
        anaphoric=anaphoric,
        co_sources=tuple(others),
    )


def _according_to(token: Token, sent: Span, kb: Knowledge) -> Attribution | None:
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase = subtree_span(pobj)
    drop = {t.i for t in token.subtree} | {t.i for t in nxt.subtree} | {token.i, nxt.i}
    rest = [t for t in sent if t.i not in drop and not t.is_space]
    while rest and rest[0].is_punct:
        rest.pop(0)
    while rest and rest[-1].is_punct:
        rest.pop()
    if not rest:
        return None
    doc = sent.doc
    content = doc[rest[0].i : rest[-1].i + 1]
    if content.start <= token.i < content.end:
        # "X happened, according to Y, and ..." keep the part before the cue as content
        content = doc[content.start : token.i]
        while len(content) and content[-1].is_punct:
            content = doc[content.start : content.end - 1]
    if not len(content):
        return None
    return Attribution(
        source=char_span(phrase),
        cue=CharSpan(token.idx, nxt.idx + len(nxt.text)),
        content=char_span(content),
        actor=actors.resolve(pobj, kb, sentence=sent),
        cue_lemma="according to",
    )


def tagged_attributions(sentences: list[Span], kb: Knowledge, rules: list[Attribution]) -> list[Attribution]:
    """The attribution layer: the cues the trained tagger finds (attribution_model.py), each
    with its source and content from the rules above.

    A tagged cue that a rule attribution already covers takes that attribution's source and
    content with the tagger's cue span ("said in a statement", "has said"); another tagged
    cue gets its spans from the same parse rules, forced past the cue lexicon. Rule
    attributions on words the tagger does not tag are left out of the layer: on PolNeAR's
    dev compartment most of them are not attributions ("I think", "to say"). The claims
    stage keeps reading the rule attributions (`rules`), whose cues it knows the stance of.
    Without the model file the layer is the rules' output."""
    if attribution_model.tagger() is None:
        return list(rules)
    out: list[Attribution] = []
    last_actor: Actor | None = None
    pending = sorted(rules, key=lambda a: a.cue.start)
    ranges = attribution_model.cue_spans(sentences, kb)
    # 'NAME: ...' lines, found by their layout
    text = doc_text(sentences[0].doc)
    out.extend(attribution_spans.refine(a, text, None) for a in pending if a.cue_lemma == ":")
    at = 0
    for start, end in ranges:
        while sentences[at].end <= start:
            at += 1
        sent = sentences[at]
        doc = sent.doc
        cue = CharSpan(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        if any(a.cue.start < cue.end and cue.start < a.cue.end for a in out if a.cue_lemma == ":"):
            continue
        found = next((a for a in pending if a.cue.start < cue.end and cue.start < a.cue.end), None)
        if found is None:
            found = _resolve_tagged(doc[start:end], sent, kb, last_actor)
        else:
            found = _object_tail(found, doc[start:end])
        if found is not None:
            found = replace(found, content=_continued_doubled(doc_text(doc), found.content, cue, sent))
        if found is None:
            continue
        found = attribution_spans.refine(replace(found, cue=cue), doc_text(doc), sent)
        out.append(found)
        if found.actor is not None and not found.anaphoric:
            last_actor = found.actor
    return sorted(out, key=lambda a: a.cue.start)


DOUBLED_CONTINUATION = re.compile(r"[,.:]? ?''")


def _continued_doubled(text: str, content: CharSpan, cue: CharSpan, sent: Span) -> CharSpan:
    """_continued_quote for the NYT's doubled marks: "''A,'' he said. ''B.''" is one content
    from A to the end of B."""
    if content.end > cue.start or text[content.end - 2 : content.end] != "''":
        return content
    for at in (cue.end, sent.end_char):
        resumed = DOUBLED_CONTINUATION.match(text, at)
        if resumed is None:
            continue
        close = text.find("''", resumed.end(), resumed.end() + QUOTE_REACH)
        if close == -1 or "\n" in text[resumed.end() : close] or text[close - 1] == ",":
            continue
        return CharSpan(content.start, close + 2)
    return content


def _resolve_tagged(cue: Span, sent: Span, kb: Knowledge, last_actor: Actor | None) -> Attribution | None:
    """Source and content of a tagged cue the rules did not take, from its head word."""
    heads = [t for t in cue if not cue.start <= t.head.i < cue.end or t.head.i == t.i]
    head = heads[0] if heads else cue.root
    if head.lower_ == "according":
        return _according_to(head, sent, kb)
    if head.pos_ not in {"VERB", "AUX"}:
        return None
    found = _verb_attribution(head, sent, kb, last_actor)
    return found if found is not None else _object_attribution(head, cue, sent, kb)


OBJECT_TAIL_DEPS = frozenset({"prep", "oprd", "acomp", "advmod", "npadvmod", "xcomp", "ccomp"})


def _with_tail(verb: Token, obj: Token) -> Span:
    """The object's phrase and what the verb says of it after it: 'show Clinton with a lead',
    'pounding Trump as a "con artist"', 'thanked Trump on Twitter for backing ...' (PolNeAR's
    content); a clause joined by 'but' or after a comma stays out."""
    doc = verb.doc
    content = subtree_span(obj)
    tail = [c for c in verb.children if c.i > obj.i and c.dep_ in OBJECT_TAIL_DEPS]
    if tail and not any(t.text == "," or t.dep_ == "cc" for t in doc[content.end : tail[0].i]):
        content = _trim(doc[content.start : tail[-1].right_edge.i + 1])
    return content


def _object_tail(found: Attribution, cue: Span) -> Attribution:
    """A rule attribution whose content is its verb's bare object gets the object's tail."""
    verb = cue.root
    doc = cue.doc
    for obj in verb.children:
        if obj.dep_ == "dobj" and char_span(subtree_span(obj)) == found.content:
            longer = char_span(_with_tail(verb, obj))
            return replace(found, content=_close_quote(doc_text(doc), longer))
    return found


def _object_attribution(verb: Token, cue: Span, sent: Span, kb: Knowledge) -> Attribution | None:
    """'X called for a ceasefire', 'Y attacked the plan': a tagged cue whose content is the
    object of its preposition (inside the cue) or of the verb itself."""
    last = cue[-1]
    holder = last if last.pos_ == "ADP" else verb
    obj = next((c for c in holder.children if c.dep_ in {"pobj", "dobj"} and c.i >= cue.end), None)
    if obj is None:
        return None
    subject = _subject(verb)
    source = None
    if subject is not None and subject.i < cue.start:
        spans = [_source_span(h, verb) for h in _conjuncts(subject)]
        source = CharSpan(min(x.start_char for x in spans), max(x.end_char for x in spans))
    actor = actors.resolve(subject, kb, sentence=sent) if source is not None and subject is not None else None
    content = _with_tail(verb, obj)
    text = doc_text(sent.doc)
    return Attribution(
        source=source,
        cue=char_span(cue),
        content=_close_quote(text, char_span(content)),
        actor=actor,
        cue_lemma=verb.lemma_.lower(),
        negated=_negated(verb),
    )
