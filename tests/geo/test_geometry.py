from __future__ import annotations

import math

import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Polygon, box

from commandcenter.geo.geometry import GeometryError, check_wgs84, from_wkb, load_polygon, repair, to_wkb

SQUARE = [[104.0, 28.0], [104.01, 28.0], [104.01, 28.01], [104.0, 28.01], [104.0, 28.0]]


def test_loads_closed_polygon_without_notes() -> None:
    geom, notes = load_polygon({"type": "Polygon", "coordinates": [SQUARE]})
    assert isinstance(geom, Polygon)
    assert geom.bounds == (104.0, 28.0, 104.01, 28.01)
    assert notes == []


def test_unclosed_ring_is_closed_with_a_note() -> None:
    geom, notes = load_polygon({"type": "Polygon", "coordinates": [SQUARE[:-1]]})
    assert geom.is_valid and geom.area == pytest.approx(1e-4)
    assert any("not closed" in n for n in notes)


def test_polygon_with_hole_and_feature_wrapper() -> None:
    hole = [[104.004, 28.004], [104.006, 28.004], [104.006, 28.006], [104.004, 28.006]]  # unclosed
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [SQUARE, hole]},
    }
    geom, notes = load_polygon(feature)
    assert isinstance(geom, Polygon) and len(geom.interiors) == 1
    assert any("hole 1 was not closed" in n for n in notes)


def test_multipolygon() -> None:
    other = [[x + 0.02, y] for x, y in SQUARE]
    geom, _ = load_polygon({"type": "MultiPolygon", "coordinates": [[SQUARE], [other]]})
    assert isinstance(geom, MultiPolygon) and len(geom.geoms) == 2


def test_bow_tie_becomes_two_triangles() -> None:
    bow_tie = [[104.0, 28.0], [104.01, 28.01], [104.01, 28.0], [104.0, 28.01], [104.0, 28.0]]
    geom, notes = load_polygon({"type": "Polygon", "coordinates": [bow_tie]})
    assert isinstance(geom, MultiPolygon) and len(geom.geoms) == 2
    assert all(len(p.exterior.coords) == 4 for p in geom.geoms)  # triangles
    assert geom.is_valid and geom.area == pytest.approx(0.5e-4)
    assert any("Self-intersection" in n and "make_valid" in n for n in notes)


def test_without_fix_the_raw_polygon_is_returned() -> None:
    bow_tie = [[104.0, 28.0], [104.01, 28.01], [104.01, 28.0], [104.0, 28.01]]
    geom, _ = load_polygon({"type": "Polygon", "coordinates": [bow_tie]}, fix=False)
    assert not geom.is_valid


def test_overlapping_parts_are_unioned() -> None:
    geom, notes = repair(MultiPolygon([box(0, 0, 2, 2), box(1, 1, 3, 3)]))
    assert geom.area == pytest.approx(7.0)  # not 6: the overlap stays inside
    assert notes


def test_zero_area_polygon_is_refused() -> None:
    flat = [[104.0, 28.0], [104.01, 28.01], [104.02, 28.02], [104.0, 28.0]]
    with pytest.raises(GeometryError, match="zero area"):
        load_polygon({"type": "Polygon", "coordinates": [flat]})


def test_too_few_positions() -> None:
    with pytest.raises(GeometryError, match="at least 4"):
        load_polygon({"type": "Polygon", "coordinates": [[[104.0, 28.0], [104.01, 28.0]]]})


@pytest.mark.parametrize(
    ("position", "reason"),
    [
        ([11_646_000.0, 3_343_000.0], "(11646000.0, 3343000.0) is outside WGS84"),  # EPSG:3857 metres
        ([104.0, 95.0], "(104.0, 95.0) is outside WGS84"),
        ([-181.0, 28.0], "(-181.0, 28.0) is outside WGS84"),
        ([math.nan, 28.0], "not a finite number"),
        ([math.inf, 28.0], "not a finite number"),
        (["x", 28.0], "non-numeric"),
        ([104.0], "is not [lon, lat]"),
    ],
)
def test_bad_coordinates_are_named(position: list[object], reason: str) -> None:
    ring = [list(p) for p in SQUARE]
    ring[2] = position  # type: ignore[call-overload]
    with pytest.raises(GeometryError) as info:
        load_polygon({"type": "Polygon", "coordinates": [ring]})
    assert reason in str(info.value)
    assert "vertex 2" in str(info.value)


def test_projected_shapely_geometry_is_refused_by_repair() -> None:
    with pytest.raises(GeometryError, match="EPSG:3857"):
        repair(box(11_646_000, 3_343_000, 11_647_000, 3_344_000))
    with pytest.raises(GeometryError, match="outside WGS84"):
        check_wgs84(box(0, 0, 200, 1))


@pytest.mark.parametrize(
    "obj",
    [
        {"type": "Point", "coordinates": [104.0, 28.0]},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "Feature", "geometry": None},
        "POLYGON ((0 0, 1 0, 1 1, 0 0))",
    ],
)
def test_not_a_polygon(obj: object) -> None:
    with pytest.raises(GeometryError):
        load_polygon(obj)  # type: ignore[arg-type]


def test_repair_keeps_only_polygonal_parts() -> None:
    mixed = GeometryCollection([box(104.0, 28.0, 104.01, 28.01), LineString([(104.1, 28.1), (104.2, 28.2)])])
    geom, notes = repair(mixed)
    assert isinstance(geom, Polygon)
    assert any("non-polygonal" in n for n in notes)
    with pytest.raises(GeometryError, match="zero area"):
        repair(LineString([(104.1, 28.1), (104.2, 28.2)]))
    with pytest.raises(GeometryError, match="empty"):
        repair(Polygon())


def test_repair_drops_z() -> None:
    geom, notes = repair(shapely.force_3d(box(104.0, 28.0, 104.01, 28.01)))
    assert not shapely.has_z(geom)
    assert "dropped Z coordinates" in notes


def test_wkb_round_trip() -> None:
    geom, _ = load_polygon({"type": "Polygon", "coordinates": [SQUARE]})
    data = to_wkb(geom)
    assert isinstance(data, bytes)
    assert from_wkb(data).equals_exact(geom, 0)
    assert from_wkb(memoryview(data)).equals_exact(geom, 0)
    assert from_wkb(data.hex()).equals_exact(geom, 0)
    with pytest.raises(GeometryError, match="not a WKB"):
        from_wkb(b"not wkb")
