"""Readers that turn inputs into `Article`s: plain text (file, folder, `-`) and JSONL.

`read_inputs` walks the paths a user gave and yields, in input order, either an
`Article` or the `InputError` that stopped one input, so that one bad file never stops
a batch. Every reader keeps the text exactly as given (only decoding and newline
normalisation), so evidence offsets point into the user's own file.
"""

from conflictwire.sources.base import ReadOptions, read_inputs

__all__ = ["ReadOptions", "read_inputs"]
