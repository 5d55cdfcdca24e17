"""Which reader a file needs: by extension, else by its first non-blank character."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FORMATS = ("csv", "geojson", "open311")


def load_json(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def detect_format(path: Path) -> str:
    """'csv', 'geojson' or 'open311'. JSON files are told apart by content (array -> Open311)."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix == ".geojson":
        return "geojson"
    with path.open("rb") as f:
        head = f.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("["):
        return "open311"
    if head.startswith("{"):
        return "geojson"
    return "csv"
