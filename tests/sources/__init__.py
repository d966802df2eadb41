"""Tests of conflictwire.sources: page furniture, decoding and the readers, no model needed."""
