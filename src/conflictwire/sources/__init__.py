"""Readers that turn inputs into `Article`s: plain text, saved web pages (trafilatura),
RSS and Atom feeds (feedparser), WARC and ARC archives (warcio), JSON Lines and CSV, each
as a file, inside a folder, gzipped, or on stdin (`-`).

`read_inputs` walks the paths a user gave and yields, in input order, either an
`Article` or the `InputError` that stopped one input (or one record of it), so that one
bad file never stops a batch. Plain text is kept exactly as given (only decoding and
newline normalisation), so evidence offsets point into the user's own file; for a page
or a feed entry they point into the extracted text, which is what is stored.
"""

from conflictwire.sources.base import Kind, detect_kind, read_inputs
from conflictwire.sources.options import Columns, ReadOptions, ReadStats

__all__ = ["Columns", "Kind", "ReadOptions", "ReadStats", "detect_kind", "read_inputs"]
