"""The database: `schema.py` defines the tables, `rows.py` maps an `Analysis` to rows and
rows back to the contract's dicts, `db.py` holds `Store`, the only code that runs SQL, and
`versioning.py` with `migrations/` takes a database from one schema revision to the next."""

from conflictwire.store.db import Migration, Outcome, Saved, SaveSummary, Store
from conflictwire.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Migration", "Outcome", "SaveSummary", "Saved", "Store"]
