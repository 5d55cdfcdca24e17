from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from commandcenter.domain import gridcode
from commandcenter.geo.assign import GridIndex

X0, Y0 = 104.60, 28.70
A, B, C = "511503101001001", "511503101001002", "511503101001003"


def sq(i: int, j: int, size: float = 0.01) -> Polygon:
    return box(X0 + i * size, Y0 + j * size, X0 + (i + 1) * size, Y0 + (j + 1) * size)


def both_orders(grids: list[tuple[int, str, Polygon | MultiPolygon]], lon: float, lat: float) -> int | None:
    """Assignment of one point, checked to be the same whatever order the grids come in."""
    forward = GridIndex(grids).assign_one(lon, lat)
    assert GridIndex(grids[::-1]).assign_one(lon, lat) == forward
    assert GridIndex(grids, cells=4).assign_one(lon, lat) == forward  # coarse lattice, same answer
    return forward


def test_interior_points() -> None:
    grids = [(1, A, sq(0, 0)), (2, B, sq(1, 0))]
    assert both_orders(grids, X0 + 0.005, Y0 + 0.005) == 1
    assert both_orders(grids, X0 + 0.015, Y0 + 0.005) == 2
    assert both_orders(grids, X0 + 0.025, Y0 + 0.005) is None
    assert both_orders(grids, X0 - 0.001, Y0 + 0.005) is None


def test_shared_edge_goes_to_smaller_grid() -> None:
    small = sq(0, 0)
    big = box(X0 + 0.01, Y0, X0 + 0.03, Y0 + 0.01)
    on_edge = (X0 + 0.01, Y0 + 0.005)
    assert small.covers(Point(on_edge)) and big.covers(Point(on_edge))
    # Small has the higher code: area decides before code.
    assert both_orders([(1, B, small), (2, A, big)], *on_edge) == 1
    assert both_orders([(2, A, big), (1, B, small)], *on_edge) == 1


def test_shared_edge_between_equal_grids_goes_to_lower_code() -> None:
    left, right = sq(0, 0), sq(1, 0)
    on_edge = (X0 + 0.01, Y0 + 0.005)
    # Float areas differ in the last bits (0.01 wide at lon 104.6); they still count as equal.
    assert shapely.area(left) != shapely.area(right)
    assert both_orders([(7, B, left), (9, A, right)], *on_edge) == 9
    assert both_orders([(7, A, left), (9, B, right)], *on_edge) == 7


def test_corner_shared_by_four_grids() -> None:
    grids = [
        (10 + k, f"5115031010010{k:02d}", sq(i, j))
        for k, (i, j) in enumerate([(0, 0), (1, 0), (0, 1), (1, 1)])
    ]
    corner = (X0 + 0.01, Y0 + 0.01)
    assert both_orders(grids, *corner) == 10  # lowest code
    # The outer boundary belongs to the grid too.
    assert both_orders(grids, X0, Y0) == 10
    assert both_orders(grids, X0 + 0.02, Y0 + 0.02) == 13


def test_overlapping_grids_smallest_wins() -> None:
    big = box(X0, Y0, X0 + 0.04, Y0 + 0.04)
    small = box(X0 + 0.01, Y0 + 0.01, X0 + 0.02, Y0 + 0.02)
    grids = [(1, A, big), (2, B, small)]
    assert both_orders(grids, X0 + 0.015, Y0 + 0.015) == 2
    assert both_orders(grids, X0 + 0.03, Y0 + 0.03) == 1
    assert both_orders(grids, X0 + 0.01, Y0 + 0.015) == 2  # on small's edge, inside big


def test_hole() -> None:
    donut = Polygon(
        [(X0, Y0), (X0 + 0.03, Y0), (X0 + 0.03, Y0 + 0.03), (X0, Y0 + 0.03)],
        [[(X0 + 0.01, Y0 + 0.01), (X0 + 0.02, Y0 + 0.01), (X0 + 0.02, Y0 + 0.02), (X0 + 0.01, Y0 + 0.02)]],
    )
    in_hole = (X0 + 0.015, Y0 + 0.015)
    on_hole_edge = (X0 + 0.01, Y0 + 0.015)
    assert both_orders([(1, A, donut)], *in_hole) is None
    assert both_orders([(1, A, donut)], *on_hole_edge) == 1  # the hole's edge is the donut's boundary
    filler = box(X0 + 0.01, Y0 + 0.01, X0 + 0.02, Y0 + 0.02)
    grids = [(1, A, donut), (2, B, filler)]
    assert both_orders(grids, *in_hole) == 2
    assert both_orders(grids, *on_hole_edge) == 2  # covered by both: the filler is smaller
    assert both_orders(grids, X0 + 0.005, Y0 + 0.005) == 1


def test_multipolygon_is_one_grid() -> None:
    multi = MultiPolygon([sq(0, 0), sq(3, 0)])
    grids = [(5, A, multi), (6, B, sq(1, 0))]
    assert both_orders(grids, X0 + 0.005, Y0 + 0.005) == 5
    assert both_orders(grids, X0 + 0.035, Y0 + 0.005) == 5
    assert both_orders(grids, X0 + 0.025, Y0 + 0.005) is None
    # Multi has twice the area, so the shared edge goes to the single square.
    assert both_orders(grids, X0 + 0.01, Y0 + 0.005) == 6


def test_nan_and_inf_points() -> None:
    index = GridIndex([(1, A, sq(0, 0))])
    lons = np.array([math.nan, X0 + 0.005, math.inf, X0 + 0.005, -math.inf])
    lats = np.array([Y0 + 0.005, math.nan, Y0 + 0.005, Y0 + 0.005, math.nan])
    result = index.assign(lons, lats)
    assert result.dtype == np.int64
    assert result.tolist() == [-1, -1, -1, 1, -1]
    assert index.assign_strtree(lons, lats).tolist() == [-1, -1, -1, 1, -1]
    assert index.assign_one(math.nan, math.nan) is None


def test_shapes_lists_and_empty() -> None:
    index = GridIndex([(1, A, sq(0, 0))])
    lons = np.full((2, 3), X0 + 0.005)
    assert index.assign(lons, np.full((2, 3), Y0 + 0.005)).shape == (2, 3)
    assert index.assign([X0 + 0.005], [Y0 + 0.005]).tolist() == [1]
    assert index.assign(np.array([]), np.array([])).tolist() == []
    assert GridIndex([]).assign([X0], [Y0]).tolist() == [-1]
    with pytest.raises(ValueError, match="differ in shape"):
        index.assign([1.0, 2.0], [1.0])


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        GridIndex([(1, A, sq(0, 0)), (1, B, sq(1, 0))])
    with pytest.raises(ValueError, match="unique"):
        GridIndex([(1, A, sq(0, 0)), (2, A, sq(1, 0))])
    with pytest.raises(gridcode.GridCodeError):
        GridIndex([(1, "12345", sq(0, 0))])
    with pytest.raises(ValueError, match="Polygon"):
        GridIndex([(1, A, Point(X0, Y0))])  # type: ignore[list-item]


def test_callers_geometries_are_not_prepared() -> None:
    geom = sq(0, 0)
    GridIndex([(1, A, geom)])
    assert not shapely.is_prepared(geom)


def tiling(seed: int) -> list[tuple[int, str, Polygon | MultiPolygon]]:
    """A Voronoi tiling with an overlapping extra grid, a hole filled by another grid, and a multipolygon."""
    rng = np.random.default_rng(seed)
    frame = box(X0, Y0, X0 + 0.1, Y0 + 0.08)
    seeds = shapely.multipoints(rng.uniform([X0, Y0], [X0 + 0.1, Y0 + 0.08], (60, 2)))
    cells = [shapely.intersection(c, frame) for c in shapely.voronoi_polygons(seeds, extend_to=frame).geoms]
    geoms: list[Polygon | MultiPolygon] = [c for c in cells if isinstance(c, Polygon | MultiPolygon)]
    geoms.append(MultiPolygon([geoms.pop(), geoms.pop()]))
    hole = box(X0 + 0.11, Y0, X0 + 0.12, Y0 + 0.01)
    geoms.append(box(X0 + 0.10, Y0 - 0.01, X0 + 0.13, Y0 + 0.02).difference(hole))
    geoms.append(hole)
    geoms.append(box(X0 + 0.03, Y0 + 0.03, X0 + 0.05, Y0 + 0.045))  # overlaps several cells
    order = rng.permutation(len(geoms))  # ids and codes unrelated to position
    return [
        (int(100 + k), str(gridcode.build("511503", 101, 1, int(k) + 1)), geoms[i])
        for k, i in enumerate(order)
    ]


def naive(
    grids: list[tuple[int, str, Polygon | MultiPolygon]], lons: np.ndarray, lats: np.ndarray
) -> list[int]:
    """The rule written out directly: all covering grids, then smallest area, then lowest code."""
    out = []
    for lon, lat in zip(lons, lats, strict=True):
        hits = [
            (float(f"{g.area:.9g}"), gridcode.parse(c), i) for i, c, g in grids if g.covers(Point(lon, lat))
        ]
        out.append(min(hits)[2] if hits else -1)
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_matches_naive_loop_on_random_points(seed: int) -> None:
    grids = tiling(seed)
    rng = np.random.default_rng(seed + 10)
    lons = rng.uniform(X0 - 0.01, X0 + 0.14, 2000)
    lats = rng.uniform(Y0 - 0.02, Y0 + 0.1, 2000)
    # Exact boundary points: every 7th point is a polygon vertex, so borders are really exercised.
    vertices = shapely.get_coordinates(np.array([g for _, _, g in grids], dtype=object))
    pick = rng.integers(len(vertices), size=len(lons[::7]))
    lons[::7], lats[::7] = vertices[pick, 0], vertices[pick, 1]
    lons[5::97] = math.nan
    expected = naive(grids, lons, lats)
    index = GridIndex(grids)
    assert index.assign(lons, lats).tolist() == expected
    assert index.assign_strtree(lons, lats).tolist() == expected
    assert GridIndex(grids[::-1], cells=50).assign(lons, lats).tolist() == expected
    assert [index.assign_one(x, y) or -1 for x, y in zip(lons[:50], lats[:50], strict=True)] == expected[:50]
