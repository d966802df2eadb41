"""Content span boundaries of the attribution layer, as PolNeAR marks them.

The parse rules (attributions.py) find a content from the cue's clause; the cue itself may come
from the trained tagger (attribution_model.py), which marks longer cues than the rules ("appeared
to blame", "has repeatedly cited the audit as"). These checks run on every attribution of the
layer, on characters only (no parse), so they cost next to nothing:

- the content never overlaps its cue: "appeared to blame [low-level workers]";
- a quotation opened inside the content runs to its closing mark, with the punctuation before
  it ('her "sex tape."', NYT "''is a misguided approach,''");
- '"A," said X, an economist. "B."' is one content from A to the end of B (PolNeAR's covering
  span of the fragments), also with NYT-style '' marks.

Measured with benchmarks/attribution_errors.py on PolNeAR (train records held apart and dev).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from conflictwire.models import Attribution
from conflictwire.models import Span as CharSpan

REACH = 1200
"""How far (characters) a quotation may run past the end the parse gave."""
CLOSERS = {"\u201c": "\u201d", '"': '"', "''": "''", "``": "''"}
PUNCT_BEFORE_CLOSER = ".,!?;:"
ANY_QUOTE = ("\u201c", "\u201d", '"')


def refine(found: Attribution, text: str, sent: Span | None) -> Attribution:
    """The attribution with its content boundaries adjusted (the source and cue as they were);
    `sent` is the cue's sentence (None: a colon line, whose content is the rest of its line)."""
    content = found.content
    if content is None:
        return found
    new = content
    if sent is not None:
        new = _off_cue(text, new, found.cue)
        new = _close_open_quote(text, new)
        new = _resumed_quote(text, new, found, sent.end_char)
        new = _after_parenthetical_cue(text, new, found, sent)
        new = _without_trailing_participle(new, found.cue, sent)
    new = _no_final_period(text, new)
    if sent is not None:
        raised = _raising(found, new, sent)
        if raised is not None:
            return replace(found, source=None, actor=None, anaphoric=False, co_sources=(), content=raised)
    return found if new == content else replace(found, content=new)


def _off_cue(text: str, content: CharSpan, cue: CharSpan) -> CharSpan:
    """A content that starts inside its cue starts after it; one that ends inside it ends before."""
    start, end = content.start, content.end
    if cue.start <= start < cue.end < end:
        start = cue.end
        while start < end and text[start].isspace():
            start += 1
    elif start < cue.start < end <= cue.end:
        end = cue.start
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",:"):
            end -= 1
    return CharSpan(start, end) if end > start else content


def _unclosed(part: str) -> str | None:
    """The closing mark a quotation opened in `part` and not closed there waits for."""
    if part.count("\u201c") > part.count("\u201d"):
        return "\u201d"
    if part.count('"') % 2 == 1:
        return '"'
    doubled = part.count("''") + part.count("``")
    if doubled % 2 == 1:
        return "''"
    return None


def _close_open_quote(text: str, content: CharSpan) -> CharSpan:
    """'called her "disgusting" and her "sex tape' runs to '.”' when the paragraph closes it there."""
    closer = _unclosed(text[content.start : content.end])
    if closer is None:
        return content
    limit = min(len(text), content.end + REACH)
    at = text.find(closer, content.end, limit)
    if at == -1 or "\n" in text[content.end : at]:
        return content
    return CharSpan(content.start, at + len(closer))


RESUMED = re.compile(r"[,.:]?[ \u00a0]?(\u201c|\"|''|``)")


def _resumed_quote(text: str, content: CharSpan, found: Attribution, sent_end: int) -> CharSpan:
    """'"A," said X, who ... . "B."' (NYT '' marks too): the quotation before the cue goes on in
    the one that opens right after the cue's sentence, when the cue clause has nothing else."""
    cue = found.cue
    if content.end > cue.start or not text[content.start : content.start + 2].startswith(
        ("\u201c", '"', "''", "``")
    ):
        return content
    if not text[: content.end].endswith(("\u201d", '"', "''")):
        return content
    after = max(cue.end, found.source.end if found.source is not None else cue.end)
    for at in (after, sent_end):
        resumed = RESUMED.match(text, at)
        if resumed is None:
            continue
        opening = resumed.group(1)
        close = text.find(CLOSERS[opening], resumed.end(1), resumed.end(1) + REACH)
        if close == -1 or "\n" in text[resumed.end(1) : close] or text[close - 1] == ",":
            continue  # ',"' hands the next quotation to a cue of its own
        return CharSpan(content.start, close + len(CLOSERS[opening]))
    return content


MID_SENTENCE_END = re.compile(r"[.?!][\u201d\"]? +[A-Z\u201c\"]")


def _no_final_period(text: str, content: CharSpan) -> CharSpan:
    """PolNeAR leaves a sentence's period out of the content (inside a quotation it stays):
    'Poll: Wealthy Voters Abandon ...' ends before the '.'; 'U.S.' keeps its own."""
    end = content.end
    if end - content.start < 2 or text[end - 1] != "." or text[end - 2 : end - 1].isupper():
        return content
    if text[end - 2] == "." or text[end - 3 : end - 1].isspace():
        return content
    if MID_SENTENCE_END.search(text, content.start, end - 1):
        return content  # several sentences (a transcript line): PolNeAR keeps the last period
    return CharSpan(content.start, end - 1)


def _cue_head(sent: Span, cue: CharSpan) -> Token | None:
    """The cue's word that hangs outside the cue ('said' of 'has said', 'according' of 'according to')."""
    tokens = [t for t in sent if cue.start <= t.idx < cue.end]
    heads = [t for t in tokens if not cue.start <= t.head.idx < cue.end or t.head.i == t.i]
    return heads[0] if heads else (tokens[0] if tokens else None)


def _after_parenthetical_cue(text: str, content: CharSpan, found: Attribution, sent: Span) -> CharSpan:
    """'Though the transition was seamless, he said, replacing her would be harder': a content
    before its cue goes on after the cue's clause when the sentence does (PolNeAR's covering
    span); '..., she said, referring to X' (a participle of the cue's own) does not."""
    cue = found.cue
    if content.end > cue.start or text[content.end - 1 : content.end] in ANY_QUOTE:
        return content
    head = _cue_head(sent, cue)
    if head is None:
        return content
    after = max(
        cue.end, found.source.end if found.source is not None and found.source.start > cue.start else 0
    )
    rest = [t for t in sent if t.idx >= after]
    comma = next((k for k, t in enumerate(rest) if t.text == ","), None)
    if comma is None or comma > 6 or any(t.pos_ in {"VERB", "AUX"} for t in rest[:comma]):
        return content
    tail = [t for t in rest[comma + 1 :] if not t.is_space]
    while tail and tail[-1].is_punct and tail[-1].text not in ANY_QUOTE:
        tail.pop()
    words = [t for t in tail if not t.is_punct]
    own = tail and tail[0].head.i == head.i and tail[0].tag_ == "VBG" and tail[0].dep_ in {"advcl", "xcomp"}
    if len(words) < 3 or own or tail[0].lower_ in {"who", "which"}:
        return content
    if any(t.text in ANY_QUOTE for t in tail):
        return content  # a quotation after the cue is handled (or not) by the quote rules
    last = tail[-1]
    return CharSpan(content.start, last.idx + len(last.text))


def _without_trailing_participle(content: CharSpan, cue: CharSpan, sent: Span) -> CharSpan:
    """'said he expects X, arguing that Y': a participle clause after a comma at the end of a
    content that follows its cue says how the speaker spoke; PolNeAR leaves it out."""
    if content.start < cue.end:
        return content
    tokens = [t for t in sent if content.start <= t.idx < content.end]
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if tokens[k - 1].text == "," and t.tag_ == "VBG" and t.dep_ in {"advcl", "xcomp", "acl"}:
            edge = t.right_edge
            if edge.idx + len(edge.text) >= content.end - 1 and k > 2:
                before = tokens[k - 2]
                return CharSpan(content.start, before.idx + len(before.text))
    return content


RAISING = frozenset({"appear", "seem"})
"""Cues whose subject is what is said, not who says it ('the campaign appeared to acknowledge ...')."""


def _raising(found: Attribution, content: CharSpan, sent: Span) -> CharSpan | None:
    """'The losing side could be expected to appeal', 'the plan seems to work': PolNeAR marks no
    source and one content from the subject through the cue to the end of what follows it."""
    if content.start < found.cue.end:
        return None
    head = _cue_head(sent, found.cue)
    if head is None or head.pos_ not in {"VERB", "AUX"}:
        return None
    passive = any(c.dep_ == "auxpass" for c in head.children)
    if not (head.lemma_ in RAISING or (head.lemma_ == "expect" and passive)):
        return None
    subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < head.i), None)
    if subject is None or subject.lower_ in {"it", "there"}:
        return None
    return CharSpan(subject.left_edge.idx, content.end)
