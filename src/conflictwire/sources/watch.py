"""Which files in a watched folder are ready to ingest: new or changed files (any kind the
readers take) whose size and modification time held still between two looks, so a file
still being written or downloaded is left for a later look. It remembers what it handed
out; the store's content-hash ids make a repeat harmless anyway. Polling, no OS hooks:
it works the same on every system and on network folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conflictwire.sources.base import is_readable_name

Signature = tuple[int, int]
"""A file's size and modification time in nanoseconds."""


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # gone between listing and looking
    return stat.st_size, stat.st_mtime_ns


@dataclass(slots=True)
class FolderWatch:
    """Call `poll()` every few seconds; it returns the files to ingest now, in name order."""

    root: Path
    handed_out: dict[Path, Signature] = field(default_factory=dict)
    """Each file returned so far, with the signature it had then."""
    last_seen: dict[Path, Signature] = field(default_factory=dict)
    """Each candidate's signature at the previous look."""

    def _candidates(self) -> list[Path]:
        try:
            files = [p for p in self.root.rglob("*") if p.is_file()]
        except OSError:
            return []

        def hidden(path: Path) -> bool:
            return any(part.startswith(".") for part in path.relative_to(self.root).parts)

        return sorted(p for p in files if is_readable_name(p.name) and not hidden(p))

    def poll(self) -> list[Path]:
        ready: list[Path] = []
        seen_now: dict[Path, Signature] = {}
        for path in self._candidates():
            signature = _signature(path)
            if signature is None or self.handed_out.get(path) == signature:
                continue
            seen_now[path] = signature
            if self.last_seen.get(path) == signature:
                ready.append(path)
                self.handed_out[path] = signature
        self.last_seen = {p: s for p, s in seen_now.items() if p not in ready}
        return ready
