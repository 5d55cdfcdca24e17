"""Grids as CSV for spreadsheets: attributes, centroid, and optionally the polygon as WKT."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any

from commandcenter.geo.geometry import from_wkb

COLUMNS = (
    "code",
    "name",
    "level",
    "parent_code",
    "households",
    "residents",
    "area_km2",
    "centroid_lon",
    "centroid_lat",
)


def write_grids_csv(rows: Sequence[dict[str, Any]], out: Any, *, wkt: bool = False) -> None:
    """UTF-8 with BOM (Excel shows Chinese names); `wkt` adds a `wkt` column with the polygon."""
    columns = [*COLUMNS, "wkt"] if wkt else list(COLUMNS)
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        row = dict(r)
        if wkt:
            row["wkt"] = from_wkb(r["geom_wkb"]).wkt if r["geom_wkb"] is not None else ""
        writer.writerow(row)
