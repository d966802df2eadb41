"""The database: `schema.py` defines the tables, `rows.py` maps an `Analysis` to rows and
rows back to the contract's dicts, `db.py` holds `Store`, the only code that runs SQL."""

from conflictwire.store.db import Store
from conflictwire.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store"]
