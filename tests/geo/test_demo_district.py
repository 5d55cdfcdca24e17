from __future__ import annotations

import re

import numpy as np
import pytest
import shapely

from commandcenter.domain import gridcode
from commandcenter.domain.status import GridLevel
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.demo_district import KM_PER_DEG_LAT, DemoDistrict, build_demo_district, leaf_grids


@pytest.fixture(scope="module")
def district() -> DemoDistrict:
    return build_demo_district()


@pytest.fixture(scope="module")
def micro_district() -> DemoDistrict:
    return build_demo_district(seed=5, townships=4, communities=12, grids=60, micro=True)


def assert_tiles(parent: shapely.Geometry, children: list[shapely.Geometry]) -> None:
    """Children cover the parent exactly and do not overlap each other."""
    union = shapely.union_all(children)
    assert abs(union.area - parent.area) <= 1e-9 * parent.area
    assert shapely.symmetric_difference(union, parent).area <= 1e-9 * parent.area
    geoms = np.array(children, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert overlap.sum() <= 1e-9 * parent.area


def check_tiling(d: DemoDistrict) -> None:
    for node in d.nodes:
        assert node.geometry.is_valid, node.code
        assert node.geometry.geom_type in ("Polygon", "MultiPolygon")
        kids = d.children(node.code)
        if kids:
            assert_tiles(node.geometry, [k.geometry for k in kids])
    # And the leaves tile the whole district.
    assert_tiles(d.root.geometry, [n.geometry for n in d.leaves()])


def check_codes_and_counts(d: DemoDistrict) -> None:
    codes = [n.code for n in d.nodes]
    assert len(set(codes)) == len(codes)
    assert codes == [str(c) for c in sorted(gridcode.parse(c) for c in codes)]
    for n in d.nodes:
        assert gridcode.normalize(n.code) == n.code
        assert gridcode.level_of(n.code) == n.level
        assert n.parent_code == gridcode.parent_code(n.code)
        assert n.code.startswith(d.county_code)
        if n.parent_code is not None:
            assert d.node(n.parent_code).level != n.level
        kids = d.children(n.code)
        if kids:
            assert n.households == sum(k.households for k in kids)
            assert n.residents == sum(k.residents for k in kids)
        assert n.households > 0 and 2.5 * n.households <= n.residents <= 3.3 * n.households


def test_tiling_at_every_level(district: DemoDistrict) -> None:
    check_tiling(district)


def test_codes_links_and_sums(district: DemoDistrict) -> None:
    check_codes_and_counts(district)
    assert district.root.code == "511503" and district.root.parent_code is None


def test_counts(district: DemoDistrict) -> None:
    assert len(district.of_level(GridLevel.DISTRICT)) == 1
    assert len(district.of_level(GridLevel.TOWNSHIP)) == 10
    assert len(district.of_level(GridLevel.COMMUNITY)) == 100
    grids = district.of_level(GridLevel.GRID)
    assert len(grids) == 800
    assert district.leaves() == grids
    multi = sum(n.geometry.geom_type == "MultiPolygon" for n in district.nodes)
    assert multi <= 0.05 * len(district.nodes)


def test_households(district: DemoDistrict) -> None:
    for grid in district.of_level(GridLevel.GRID):
        urban = district.node(grid.parent_code or "").name.endswith("社区")
        low, high = (300, 500) if urban else (200, 420)
        assert low <= grid.households <= high
        assert 2.6 * grid.households - 1 <= grid.residents <= 3.2 * grid.households + 1


def test_names(district: DemoDistrict) -> None:
    townships = district.of_level(GridLevel.TOWNSHIP)
    assert {t.name[-2:] == "街道" or t.name[-1] == "镇" for t in townships} == {True}
    assert any(t.name.endswith("街道") for t in townships) and any(t.name.endswith("镇") for t in townships)
    communities = district.of_level(GridLevel.COMMUNITY)
    assert len({c.name for c in communities}) == len(communities)
    assert all(c.name.endswith(("社区", "村")) for c in communities)
    for grid in district.of_level(GridLevel.GRID):
        parent = district.node(grid.parent_code or "")
        seq = int(grid.code[-3:])
        assert grid.name == f"{parent.name}第{seq}网格"
    # GB/T 10114 style numbering: streets 001-099, towns 101+; 社区 below 200, 村 from 201.
    for t in townships:
        assert (int(t.code[-3:]) < 100) == t.name.endswith("街道")
    for c in communities:
        assert (int(c.code[-3:]) < 200) == c.name.endswith("社区")


def test_shape_and_urban_core(district: DemoDistrict) -> None:
    minx, miny, maxx, maxy = district.root.geometry.bounds
    lon0, lat0 = district.center
    width_km = (maxx - minx) * 111.32 * np.cos(np.radians(lat0))
    height_km = (maxy - miny) * KM_PER_DEG_LAT
    assert 28 <= width_km <= 45 and 28 <= height_km <= 45
    assert district.root.geometry.contains(shapely.Point(lon0, lat0))
    # Grids near the center are much smaller than the median: the urban core is dense.
    index = GridIndex(leaf_grids(district))
    core_id = index.assign_one(lon0, lat0)
    assert core_id is not None
    areas = [n.geometry.area for n in district.leaves()]
    assert areas[core_id - 1] < np.median(areas) / 3


def test_deterministic() -> None:
    kwargs = {"seed": 7, "townships": 5, "communities": 20, "grids": 90}
    a, b = build_demo_district(**kwargs), build_demo_district(**kwargs)
    assert len(a.nodes) == len(b.nodes)
    for x, y in zip(a.nodes, b.nodes, strict=True):
        assert (x.code, x.name, x.level, x.parent_code, x.households, x.residents) == (
            y.code, y.name, y.level, y.parent_code, y.households, y.residents
        )  # fmt: skip
        assert shapely.to_wkb(x.geometry) == shapely.to_wkb(y.geometry)
    c = build_demo_district(seed=8, townships=5, communities=20, grids=90)
    assert [n.name for n in c.nodes] != [n.name for n in a.nodes]


@pytest.mark.parametrize(("townships", "communities", "grids"), [(1, 1, 1), (3, 9, 40), (12, 130, 1000)])
def test_other_sizes(townships: int, communities: int, grids: int) -> None:
    d = build_demo_district(seed=3, townships=townships, communities=communities, grids=grids)
    assert len(d.of_level(GridLevel.TOWNSHIP)) == townships
    assert len(d.of_level(GridLevel.COMMUNITY)) == communities
    assert len(d.of_level(GridLevel.GRID)) == grids
    check_codes_and_counts(d)


def test_micro_grids(micro_district: DemoDistrict) -> None:
    d = micro_district
    micro = d.of_level(GridLevel.MICRO)
    assert micro and d.leaves() == micro
    assert all(len(m.code) == 18 for m in micro)
    assert all(re.fullmatch(r".+第\d+网格第\d+微网格", m.name) for m in micro)
    check_tiling(d)
    check_codes_and_counts(d)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        build_demo_district(townships=10, communities=5)
    with pytest.raises(ValueError):
        build_demo_district(communities=100, grids=50)
    with pytest.raises(gridcode.GridCodeError):
        build_demo_district(county_code="990000")
