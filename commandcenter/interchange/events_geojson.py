"""Reading point events from a GeoJSON FeatureCollection (RFC 7946) and writing them.

Position comes from the Point geometry ([lon, lat], WGS84); the id from the feature's `id` member or
the id property; every other field from `properties`, named as for CSV (--time-field etc.).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from commandcenter.interchange.event_records import SourceRow
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.problems import Problems

_ATTR = {"id": "external_id", "grid_code": "claimed_grid", "received_at": "source_received_at"}
_WGS84_CRS = ("CRS84", "EPSG::4326", "EPSG:4326", "WGS84")


def check_crs(doc: dict[str, Any], problems: Problems) -> None:
    """Old GeoJSON (2008) could name another CRS; RFC 7946 data is always WGS84 lon/lat."""
    crs = doc.get("crs")
    if not crs:
        return
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else str(crs)
    if not name.upper().endswith(tuple(c.upper() for c in _WGS84_CRS)):
        problems.add(
            "file", "crs", f"{name!r}: coordinates must be WGS84 lon/lat (RFC 7946); reproject the file first"
        )


def features(doc: Any, problems: Problems) -> list[Any]:
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        problems.add("file", "type", f"{kind!r}: expected a GeoJSON FeatureCollection")
        return []
    check_crs(doc, problems)
    items = doc.get("features")
    if not isinstance(items, list):
        problems.add("file", "features", "missing or not a list")
        return []
    return items


def read_events_geojson(doc: Any, fields: EventFields, problems: Problems) -> Iterator[SourceRow]:
    names = {k: f"properties.{v}" for k, v in fields.names().items()}
    names["lon"] = names["lat"] = "geometry"
    names["id"] = f"id/properties.{fields.id}"
    own = {v: k for k, v in fields.names().items()}
    for number, feature in enumerate(features(doc, problems), start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.add(where, "type", "not a GeoJSON Feature")
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            problems.add(where, "properties", "is not an object")
            continue
        row = SourceRow(where, names, feature.get("id"), None, None, None, None)
        row.extra = {}
        for key, value in props.items():
            ours = own.get(key)
            if ours is None or ours in {"lat", "lon"}:
                if value is not None and value != "":
                    row.extra[key] = value
            elif ours == "id":
                if row.external_id is None:
                    row.external_id = value
            else:
                setattr(row, _ATTR.get(ours, ours), value)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            got = geometry.get("type") if isinstance(geometry, dict) else geometry
            problems.add(where, "geometry", f"{got!r}: expected a Point with [lon, lat]")
            continue
        coords = geometry.get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            problems.add(where, "geometry", f"{coords!r}: Point coordinates must be [lon, lat]")
            continue
        row.lon, row.lat = coords[0], coords[1]
        yield row


def write_events_geojson(rows: Sequence[dict[str, Any]], out: Any) -> None:
    """A FeatureCollection of Points; properties as the CSV columns. No `crs` member (RFC 7946)."""
    feats = []
    for row in rows:
        props = {k: v for k, v in row.items() if k not in {"lat", "lon", "id"}}
        lon, lat = row.get("lon"), row.get("lat")
        geometry = None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
        feats.append({"type": "Feature", "id": row["id"], "geometry": geometry, "properties": props})
    json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    out.write("\n")
