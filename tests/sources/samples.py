"""Small inputs of every kind, written for these tests: pages, feeds (RSS 0.92, 1.0, 2.0,
Atom), web archives (WARC through warcio's own writer, ARC by hand), CSV, and a folder of
malformed inputs. The articles are fictional.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARA_1 = (
    "Drones struck a grain terminal in the port of Izmail overnight, starting a fire that burned "
    "for several hours, the regional governor said on Tuesday."
)
PARA_2 = (
    "Air defences shot down eleven of the fifteen drones launched at the region, the air force said "
    "in a statement, and two dock workers were injured by falling debris."
)
TITLE = "Drones hit grain terminal in Izmail"
SECOND_TEXT = (
    "Artillery shelling damaged a school and three houses in the town of Nikopol on Monday, "
    "the town's mayor said, adding that nobody was hurt."
)
SECOND_TITLE = "Shelling damages school in Nikopol"


def page(
    *,
    title: str = TITLE,
    paragraphs: tuple[str, ...] = (PARA_1, PARA_2),
    canonical: str | None = "https://news.example.org/world/izmail-terminal",
    site_name: str | None = "Example Daily",
    author: str | None = "Olena Marchenko",
    published: str | None = "2024-11-19T07:30:00+02:00",
    charset: str = "utf-8",
) -> str:
    """A news page with navigation, a cookie banner, a footer and the article in between."""
    meta = [f'<meta charset="{charset}">', f"<title>{title} | Example Daily</title>"]
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if site_name:
        meta.append(f'<meta property="og:site_name" content="{site_name}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{chr(10).join(meta)}
<script>var tracking = "Captured 2025-01-05";</script>
<style>body {{ font-family: serif; }}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>{title}</h1>
{body}
</article></main>
<footer><p>Copyright 2024 Example Daily. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


CONTENT = f"<content:encoded><![CDATA[<p>{PARA_1}</p><p>{PARA_2}</p>]]></content:encoded>"


def rss20(*, items: int = 2, with_content: bool = True) -> str:
    entries = [
        f"""<item><title>{TITLE}</title><link>https://news.example.org/a</link><guid>izmail-1</guid>
<pubDate>Tue, 19 Nov 2024 06:00:00 GMT</pubDate>
<description>Short summary of the attack.</description>
{CONTENT if with_content else ""}
</item>""",
        f"""<item><title>{SECOND_TITLE}</title><link>https://news.example.org/b</link><guid>nikopol-1</guid>
<pubDate>Mon, 18 Nov 2024 15:00:00 GMT</pubDate>
<description>&lt;p&gt;{SECOND_TEXT}&lt;/p&gt;</description></item>""",
    ][:items]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://news.example.org/</link>
<description>World news</description>
{"".join(entries)}
</channel></rss>
"""


def rss092() -> str:
    return f"""<?xml version="1.0"?>
<rss version="0.92"><channel><title>Example Wire 0.92</title><link>https://news.example.org/</link>
<description>Old-style feed</description>
<item><title>{SECOND_TITLE}</title><link>https://news.example.org/b</link>
<description>{SECOND_TEXT}</description></item>
</channel></rss>
"""


def rss10() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.org/"><title>Example Wire RDF</title>
<link>https://news.example.org/</link><description>RDF feed</description></channel>
<item rdf:about="https://news.example.org/b"><title>{SECOND_TITLE}</title>
<link>https://news.example.org/b</link><description>{SECOND_TEXT}</description>
<dc:date>2024-11-18T15:00:00Z</dc:date></item>
</rdf:RDF>
"""


def atom() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<id>urn:example:feed</id><updated>2024-11-20T00:00:00Z</updated>
<entry><title type="html">Drones hit &lt;em&gt;grain terminal&lt;/em&gt; in Izmail</title>
<id>urn:example:izmail</id><link href="https://news.example.org/a"/>
<published>2024-11-19T06:00:00Z</published><updated>2024-11-20T09:00:00Z</updated>
<author><name>Olena Marchenko</name></author>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;{PARA_1}&lt;/p&gt;&lt;p&gt;{PARA_2}&lt;/p&gt;</content></entry>
<entry><title>{SECOND_TITLE}</title><id>urn:example:nikopol</id>
<link href="https://news.example.org/b"/><updated>2024-11-18T15:00:00Z</updated>
<content type="text">{SECOND_TEXT}</content></entry>
</feed>
"""


@dataclass(frozen=True)
class Capture:
    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"


def captures() -> list[Capture]:
    """Two article pages, an image, a redirect and a page with no text."""
    return [
        Capture("https://news.example.org/world/izmail-terminal", page().encode()),
        Capture("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)), "image/png"),
        Capture("https://news.example.org/old", b"<html><body>Moved</body></html>", status="301 Moved"),
        Capture(
            "https://news.example.org/world/nikopol",
            page(
                title=SECOND_TITLE, paragraphs=(SECOND_TEXT,), canonical=None, published="2024-11-18"
            ).encode(),
        ),
        Capture("https://news.example.org/blank", b"<html><body><script>x()</script></body></html>"),
    ]


def warc(*, gzipped: bool, items: list[Capture] | None = None) -> bytes:
    """A WARC written by warcio: warcinfo, then a request and a response per capture."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "conflictwire tests"}))
    for capture in items if items is not None else captures():
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(capture.url, "request", payload=io.BytesIO(b""), http_headers=request)
        )
        headers = StatusAndHeaders(
            capture.status,
            [("Content-Type", capture.content_type), ("Content-Length", str(len(capture.body)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                capture.url, "response", payload=io.BytesIO(capture.body), http_headers=headers
            )
        )
    return buffer.getvalue()


def arc(*, gzipped: bool, items: list[Capture] | None = None) -> bytes:
    """An ARC (version 1) file: warcio reads these but does not write them."""
    description = b"1 0 conflictwire tests\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [b"filedesc://test.arc 0.0.0.0 20241120000000 text/plain %d\n" % len(description) + description]
    for capture in items if items is not None else captures():
        ctype = capture.content_type.split(";")[0].encode()
        http = (
            b"HTTP/1.1 " + capture.status.encode() + b"\r\nContent-Type: " + capture.content_type.encode()
            + b"\r\nContent-Length: %d\r\n\r\n" % len(capture.body) + capture.body
        )  # fmt: skip
        header = b"%s 93.184.216.34 20250105120000 %s %d\n" % (capture.url.encode(), ctype, len(http))
        records.append(header + http)
    if gzipped:
        return b"".join(gzip.compress(r + b"\n") for r in records)
    return b"\n".join(records) + b"\n"


def csv_text(delimiter: str = ",") -> str:
    rows = [
        ["id", "Headline", "Body", "Date", "Link", "Source"],
        ["r1", TITLE, f"{PARA_1}\n{PARA_2}", "2024-11-19", "https://news.example.org/a", "Example Daily"],
        ["r2", SECOND_TITLE, SECOND_TEXT, "2024-11-18", "https://news.example.org/b", "Example Wire"],
    ]
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


GOOD_LINE = json.dumps({"text": PARA_1, "title": TITLE, "published": "2024-11-19"})
SECOND_LINE = json.dumps({"text": SECOND_TEXT, "title": SECOND_TITLE, "published": "2024-11-18"})
BIG_TEXT_BYTES = 50 * 1000 * 1000

MALFORMED: dict[str, str] = {
    "truncated.jsonl.gz": "broken gzip stream",
    "cut.warc": "cut off",
    "broken-feed.xml": "broken feed XML",
    "empty.txt": "empty input",
    "binary.txt": "binary data",
    "huge.txt": "too big for one article",
    "bad-line.jsonl:2": "not JSON",
    "odd-utf16.txt": "broken UTF-16",
    "latin1.txt": "not UTF-8",
}
"""Each bad input (or `file:line`) and the words its one error line holds."""

READABLE: dict[str, int] = {
    "wrong-charset.html": 1,
    "utf16.txt": 1,
    "bad-line.jsonl": 2,
    "cut.warc": 1,
    "good.txt": 1,
}
"""How many articles each input still gives."""


def malformed_folder(root: Path) -> Path:
    """The folder of bad inputs the issue lists, plus one good file, under `root/inputs`."""
    folder = root / "inputs"
    folder.mkdir(parents=True)
    # A digest a line keeps the stream from compressing to nothing, so half of it holds lines.
    lines = "".join(
        json.dumps({"text": f"{PARA_1} Report {hashlib.sha256(bytes([n])).hexdigest()}."}) + "\n"
        for n in range(50)
    )
    packed = gzip.compress(lines.encode())
    (folder / "truncated.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    whole = warc(gzipped=False, items=captures()[:1] + captures()[3:4])
    cut = whole.index(SECOND_TEXT.encode()) - 200
    (folder / "cut.warc").write_bytes(whole[:cut])
    (folder / "broken-feed.xml").write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><title>T', "utf-8"
    )
    latin1_page = page(charset="utf-8", paragraphs=(PARA_1.replace("Izmail", "Izmaïl"),))
    (folder / "wrong-charset.html").write_bytes(latin1_page.encode("latin-1"))
    (folder / "latin1.txt").write_bytes(
        (SECOND_TEXT.replace("mayor", "maire") + " Café.\n").encode("latin-1")
    )
    (folder / "utf16.txt").write_bytes((SECOND_TEXT + "\n").encode("utf-16"))
    (folder / "odd-utf16.txt").write_bytes(b"\xff\xfeA\x00B")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    with (folder / "huge.txt").open("wb") as out:
        chunk = (PARA_1 + "\n").encode() * 1000
        for _ in range(BIG_TEXT_BYTES // len(chunk) + 1):
            out.write(chunk)
    (folder / "bad-line.jsonl").write_text(f"{GOOD_LINE}\n{{not json at all\n{SECOND_LINE}\n", "utf-8")
    (folder / "good.txt").write_text(PARA_1 + "\n", "utf-8")
    return folder
