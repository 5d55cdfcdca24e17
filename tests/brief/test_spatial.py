"""Hotspots and recurring problems on made-up points (the rules in commandcenter.brief.spatial)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np

from commandcenter.brief.period import Window
from commandcenter.brief.scope import GridNode, Grids
from commandcenter.brief.spatial import Points, hotspots, recurring

TZ_DAY = date(2026, 11, 19)
NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
LAT0, LON0 = 28.75, 104.6
M_LAT = 110_574.0
M_LON = 111_320.0 * math.cos(math.radians(LAT0))


def window() -> Window:
    from zoneinfo import ZoneInfo

    return Window.for_day(TZ_DAY, ZoneInfo("Asia/Shanghai"), NOW)


def grids() -> Grids:
    return Grids({1: GridNode(1, "511503001001001", "一号网格", "grid", None, True)})


def points(
    xy_m: list[tuple[float, float]], cats: list[int], day_offsets_h: list[float] | None = None
) -> Points:
    """Points at (x, y) metres from a reference, received `day_offsets_h` hours after the day began."""
    n = len(xy_m)
    start = window().start.timestamp()
    offsets = day_offsets_h or [1.0] * n
    return Points(
        id=np.arange(n, dtype=np.int64),
        category=np.array(cats, dtype=np.int64),
        lon=np.array([LON0 + x / M_LON for x, _ in xy_m]),
        lat=np.array([LAT0 + y / M_LAT for _, y in xy_m]),
        received=np.array([start + h * 3600 for h in offsets]),
        closed=np.full(n, np.nan),
        grid_id=np.ones(n, dtype=np.int64),
    )


def labels(ids):  # type: ignore[no-untyped-def]
    return {i: (f"E{i:03d}", None) for i in ids}


def test_recurring_needs_three_of_a_category_within_100_m() -> None:
    xy = [(0, 0), (60, 0), (0, 80), (500, 500), (560, 500), (3000, 0), (3050, 0), (3000, 60)]
    cats = [1, 1, 1, 1, 1, 2, 2, 3]  # the group near (3000, 0) mixes categories: not a recurrence
    groups, total = recurring(
        points(xy, cats), window(), grids(), {1: "占道经营", 2: "乱堆乱放", 3: "井盖"}, labels
    )
    assert total == 1
    (g,) = groups
    assert g.category == "占道经营" and g.count == 3 and g.open_count == 3
    assert set(g.codes) == {"E000", "E001", "E002"}


def test_recurring_does_not_chain_beyond_the_radius() -> None:
    # Five in a row 90 m apart: each within 100 m of its neighbours only. One group of three around
    # the best-connected case; the remaining two are not enough for another.
    xy = [(90.0 * i, 0.0) for i in range(5)]
    groups, total = recurring(points(xy, [7] * 5), window(), grids(), {7: "路灯损坏"}, labels)
    assert total == 1 and groups[0].count == 3


def test_uniform_scatter_has_no_hotspot_and_a_cluster_has_one() -> None:
    rng = np.random.default_rng(1)
    scatter = [(float(a), float(b)) for a, b in rng.uniform(0, 5000, size=(200, 2))]
    pts = points(scatter, [1] * 200)
    assert hotspots(pts, window(), grids(), {1: "x"}) == ()
    cluster = [(2000 + float(a), 2000 + float(b)) for a, b in rng.normal(0, 40, size=(25, 2))]
    pts = points(scatter + cluster, [1] * 200 + [2] * 25, [1.0] * 200 + [-30.0] * 5 + [1.0] * 20)
    (spot,) = hotspots(pts, window(), grids(), {1: "甲", 2: "乙"})
    assert spot.rank == 1 and spot.count7 >= 25 and spot.category == "乙"
    assert spot.count_day == spot.count7 - 5  # five of them came the day before
    assert abs(spot.lon - (LON0 + 2000 / M_LON)) < 150 / M_LON


def test_no_points_no_trouble() -> None:
    pts = points([], [])
    assert hotspots(pts, window(), grids(), {}) == ()
    assert recurring(pts, window(), grids(), {}, labels) == ((), 0)
