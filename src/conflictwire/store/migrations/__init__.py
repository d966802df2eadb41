"""Alembic migrations of the conflictwire database: `env.py` and one module per revision in
`versions/`. They run through `conflictwire.store.versioning`, never through an alembic.ini."""
