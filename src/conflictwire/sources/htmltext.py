"""HTML helpers shared by the page, feed and archive readers: decoding the bytes of a page
whose declared charset may be wrong, and a plain HTML-to-text conversion that keeps every
word (block elements become line breaks; scripts, styles and comments go). Feed entries
are fragments too small for a main-text extractor, and a page the extractor gives up on
still has its text read this way.
"""

from __future__ import annotations

import logging
import re

from lxml import etree
from lxml import html as lxml_html

from conflictwire.errors import InputError
from conflictwire.sources.base import READABLE_SUFFIXES, SNIFF_BYTES, UTF8_BOM, UTF16_BOMS, looks_binary

log = logging.getLogger(__name__)

FALLBACK_CHARSET = "cp1252"
"""What a page that is not UTF-8 and lies about its charset is most often written in; it
decodes every byte (the five it leaves undefined become U+FFFD)."""

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "math")

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")


def declared_charset(data: bytes) -> str | None:
    """The charset a page's `<meta>` declares, if any."""
    m = _META_CHARSET.search(data[:SNIFF_BYTES])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(data: bytes, *, origin: str, encoding: str | None = None) -> str:
    """A page's bytes as text: the user's `--encoding`, a byte-order mark, UTF-8 when the
    bytes are valid UTF-8 (whatever the page declares), the declared charset, then cp1252."""
    if not data.strip():
        raise InputError(origin, "empty input, no page to read")
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(origin, f"cannot decode as {encoding}: {exc}") from None
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8", errors="replace")
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"broken UTF-16 page ({exc.reason} at offset {exc.start})") from None
    if looks_binary(data):
        raise InputError(origin, f"binary data, not a web page (conflictwire reads {READABLE_SUFFIXES})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared.replace("-", "") not in {"utf8", "utf16"}:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode it", origin, declared)
    log.debug("%s: not UTF-8 (declared %s); decoding as %s", origin, declared, FALLBACK_CHARSET)
    return data.decode(FALLBACK_CHARSET, errors="replace")


def strip_xml_declaration(markup: str) -> str:
    """lxml refuses text that still declares a byte encoding (`<?xml ... encoding=...?>`)."""
    return _XML_DECLARATION.sub("", markup, count=1)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document or fragment, one line per block, whitespace
    collapsed within lines; "" when there is none or the markup cannot be parsed."""
    markup = strip_xml_declaration(markup).replace("\x00", "")
    if not markup.strip():
        return ""
    try:
        document = lxml_html.document_fromstring(markup)
    except (etree.LxmlError, ValueError):
        return ""
    etree.strip_elements(document, *DROPPED_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    root = document.find("body")
    if root is None:
        root = document
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
