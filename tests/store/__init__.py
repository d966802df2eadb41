"""Tests of conflictwire.store: real SQLite files in tmp_path, written, reopened, read."""
