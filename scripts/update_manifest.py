"""Write src/conflictwire/knowledge/MANIFEST.json: each knowledge file's sha256 and entry count.

    python scripts/update_manifest.py           # rewrite the manifest
    python scripts/update_manifest.py --check   # exit 1 when it no longer matches the files

`tests/test_knowledge.py` compares the manifest with the files, so a change to the data
shows up in review as a changed hash and count beside the changed lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from conflictwire.knowledge import read_tsv

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "src" / "conflictwire" / "knowledge"
MANIFEST = KNOWLEDGE / "MANIFEST.json"


def header_of(path: Path) -> tuple[str, ...]:
    """The column names: the first line that is neither blank nor a comment."""
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                return tuple(line.split("\t"))
    raise SystemExit(f"{path}: no header line")


def entries(path: Path) -> int:
    """Data rows, counted by the loader's own reader (comments, blanks and header skipped)."""
    return sum(1 for _ in read_tsv(path, header_of(path)))


def build(folder: Path = KNOWLEDGE) -> dict[str, Any]:
    files = {
        path.name: {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "entries": entries(path)}
        for path in sorted(folder.glob("*.tsv"))
    }
    return {"generated_by": "scripts/update_manifest.py", "files": files}


def render(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the manifest is stale")
    args = parser.parse_args()
    text = render(build())
    current = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else None
    if args.check:
        if current != text:
            stale = MANIFEST.relative_to(REPO)
            sys.stderr.write(f"{stale} is stale; run python scripts/update_manifest.py\n")
            return 1
        return 0
    if current != text:
        MANIFEST.write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {MANIFEST.relative_to(REPO)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
