"""Grid polygons: loading from GeoJSON, WGS84 checks, repair, WKB.

Functions are pure and know nothing about files or features: they raise `GeometryError` with the reason
and the caller adds "file X, feature 12" context. Non-fatal fixes are returned as a list of notes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

Polygonal = Polygon | MultiPolygon
ZERO_AREA_RATIO = 1e-9  # area / (bounding-box diagonal)² below this counts as zero


class GeometryError(ValueError):
    """A geometry that cannot be used as a grid polygon; the message says why."""


def _position(pos: Any, where: str) -> tuple[float, float]:
    if isinstance(pos, str | bytes) or not isinstance(pos, Sequence) or len(pos) < 2:
        raise GeometryError(f"{where}: position {pos!r} is not [lon, lat]")
    try:
        lon, lat = float(pos[0]), float(pos[1])
    except (TypeError, ValueError):
        raise GeometryError(f"{where}: position {pos!r} has a non-numeric coordinate") from None
    _check_lonlat(lon, lat, where)
    return lon, lat


def _check_lonlat(lon: float, lat: float, where: str) -> None:
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeometryError(f"{where}: coordinate ({lon}, {lat}) is not a finite number")
    if abs(lon) > 180 or abs(lat) > 90:
        raise GeometryError(
            f"{where}: coordinate ({lon}, {lat}) is outside WGS84 lon/lat (|lon| <= 180, |lat| <= 90); "
            "projected coordinates (e.g. EPSG:3857 metres) must be converted to WGS84 first"
        )


def _ring(raw: Any, where: str, notes: list[str]) -> list[tuple[float, float]]:
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise GeometryError(f"{where}: expected a list of positions, got {type(raw).__name__}")
    coords = [_position(p, f"{where} vertex {i}") for i, p in enumerate(raw)]
    if coords and coords[0] != coords[-1]:
        coords.append(coords[0])
        notes.append(f"{where} was not closed; closed it by repeating the first position")
    if len(coords) < 4:
        raise GeometryError(
            f"{where} has {len(coords)} positions; a ring needs at least 4 (3 distinct + the closing one)"
        )
    return coords


def _polygon(rings: Any, where: str, notes: list[str]) -> Polygon:
    if isinstance(rings, str | bytes) or not isinstance(rings, Sequence) or not rings:
        raise GeometryError(f"{where}: expected a non-empty list of rings")
    shell = _ring(rings[0], f"{where} exterior ring", notes)
    holes = [_ring(r, f"{where} hole {i}", notes) for i, r in enumerate(rings[1:], start=1)]
    return Polygon(shell, holes)


def load_polygon(obj: Mapping[str, Any], *, fix: bool = True) -> tuple[Polygonal, list[str]]:
    """Read a GeoJSON Polygon or MultiPolygon (or a Feature holding one) in WGS84 lon/lat.

    Unclosed rings are closed with a note. With `fix` (default) the result goes through `repair`, so it
    is valid and polygonal; its notes are appended. Returns (geometry, notes).
    """
    if not isinstance(obj, Mapping):
        raise GeometryError(f"expected a GeoJSON geometry object, got {type(obj).__name__}")
    if obj.get("type") == "Feature":
        geometry = obj.get("geometry")
        if geometry is None:
            raise GeometryError("feature has no geometry")
        return load_polygon(geometry, fix=fix)
    kind, coords = obj.get("type"), obj.get("coordinates")
    if coords is None:
        raise GeometryError(f"{kind} geometry has no 'coordinates'")
    notes: list[str] = []
    geom: Polygonal
    if kind == "Polygon":
        geom = _polygon(coords, "polygon", notes)
    elif kind == "MultiPolygon":
        if isinstance(coords, str | bytes) or not isinstance(coords, Sequence) or not coords:
            raise GeometryError("MultiPolygon: expected a non-empty list of polygons")
        geom = MultiPolygon([_polygon(p, f"polygon {i}", notes) for i, p in enumerate(coords)])
    else:
        raise GeometryError(f"geometry type {kind!r} is not a grid polygon (need Polygon or MultiPolygon)")
    if fix:
        geom, more = repair(geom)
        notes += more
    return geom, notes


def check_wgs84(geom: BaseGeometry) -> None:
    """Raise `GeometryError` naming the first coordinate that is not finite WGS84 lon/lat."""
    xy = shapely.get_coordinates(geom)
    bad = ~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)
    if bad.any():
        i = int(np.argmax(bad))
        _check_lonlat(float(xy[i, 0]), float(xy[i, 1]), f"vertex {i}")


def _split_parts(geom: BaseGeometry) -> tuple[list[Polygon], int]:
    """Non-empty polygons in `geom`, and how many non-polygonal parts (lines, points) were left out."""
    if isinstance(geom, Polygon):
        return ([] if geom.is_empty else [geom]), 0
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty], 0
    if hasattr(geom, "geoms"):  # GeometryCollection
        polygons: list[Polygon] = []
        others = 0
        for g in geom.geoms:
            p, o = _split_parts(g)
            polygons += p
            others += o
        return polygons, others
    return [], 0 if geom.is_empty else 1


def repair(geom: BaseGeometry) -> tuple[Polygonal, list[str]]:
    """Make `geom` a valid 2D (Multi)Polygon, keeping only polygonal parts. Returns (geometry, notes).

    Uses `shapely.make_valid(method="structure")`: overlapping parts are unioned and holes subtracted,
    which is what a person drawing a grid means (the "linework" method would punch overlaps out as holes).
    A self-intersecting bow-tie becomes its two triangles. Raises `GeometryError` if nothing polygonal
    with a positive area remains, or if a coordinate is not WGS84.
    """
    if geom is None or geom.is_empty:
        raise GeometryError("geometry is empty")
    check_wgs84(geom)
    notes: list[str] = []
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
        notes.append("dropped Z coordinates")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        notes.append(f"invalid geometry ({reason}) repaired with make_valid into a {geom.geom_type}")
    parts, others = _split_parts(geom)
    if not parts:
        got = f"{'an empty ' if geom.is_empty else 'a '}{geom.geom_type}"
        raise GeometryError(f"geometry has zero area: no polygonal part is left after repair (got {got})")
    if others:
        notes.append(f"dropped {others} non-polygonal part(s) (lines or points)")
    result: Polygonal = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    # Nearly collinear vertices leave float-noise area (~1e-17 deg²); compare with the extent's size.
    minx, miny, maxx, maxy = result.bounds
    if not result.area > ZERO_AREA_RATIO * ((maxx - minx) ** 2 + (maxy - miny) ** 2):
        raise GeometryError(
            f"geometry has zero area ({result.area:.3g} deg²): its vertices are collinear or repeated"
        )
    return result, notes


def to_wkb(geom: BaseGeometry) -> bytes:
    """2D little-endian WKB, the form stored in the database."""
    return shapely.to_wkb(geom, output_dimension=2, byte_order=1)


def from_wkb(data: bytes | bytearray | memoryview | str) -> BaseGeometry:
    """Geometry from WKB bytes (or hex WKB text, as some drivers return it)."""
    if isinstance(data, memoryview | bytearray):
        data = bytes(data)
    try:
        return shapely.from_wkb(data)
    except shapely.errors.GEOSException as exc:
        raise GeometryError(f"not a WKB geometry: {exc}") from None
