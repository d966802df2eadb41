"""Tests of conflictwire.pipeline: each stage on short sentences written for the purpose."""
