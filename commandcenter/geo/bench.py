"""Throughput of point-in-grid assignment: ours vs the STRtree bulk query vs a naive Python loop.

Run on the demo district with ``python -m commandcenter.geo.bench``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from commandcenter.geo.assign import GridIndex

Grid = tuple[int, str, Polygon | MultiPolygon]


def _naive(grids: Sequence[Grid], index: GridIndex, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """For each point, for each polygon, `polygon.covers(Point)`; the rule picks among the hits."""
    polygons = [shapely.from_wkb(shapely.to_wkb(g)) for _, _, g in grids]  # unprepared copies
    rank = index.rank.tolist()
    out = np.full(len(lons), -1, dtype=np.int64)
    for i, (lon, lat) in enumerate(zip(lons.tolist(), lats.tolist(), strict=True)):
        point = Point(lon, lat)
        best = -1
        for j, polygon in enumerate(polygons):
            if polygon.covers(point) and (best == -1 or rank[j] < rank[best]):
                best = j
        out[i] = grids[best][0] if best != -1 else -1
    return out


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def bench_assign(
    grids: Sequence[Grid], n_points: int = 1_000_000, naive_sample: int = 5_000, seed: int = 0
) -> list[dict[str, Any]]:
    """Time assignment of `n_points` uniform points over the grids' bounding box.

    Fast methods run 3 times (median reported); the naive loop runs on the first `naive_sample`
    points and its rate is extrapolated. "agree" compares each method with the naive loop on that sample.
    """
    build_s, index = _timed(GridIndex, grids)
    minx, miny, maxx, maxy = shapely.total_bounds(index.geoms)
    rng = np.random.default_rng(seed)
    lons = rng.uniform(minx, maxx, n_points)
    lats = rng.uniform(miny, maxy, n_points)
    sample = min(naive_sample, n_points)
    naive_s, naive = _timed(_naive, grids, index, lons[:sample], lats[:sample])

    rows: list[dict[str, Any]] = []
    for method, fn in (
        ("cell lattice + intersects_xy (ours)", index.assign),
        ("STRtree bulk query", index.assign_strtree),
    ):
        runs = [_timed(fn, lons, lats) for _ in range(3)]
        seconds = statistics.median(s for s, _ in runs)
        result = runs[0][1]
        rows.append({
            "method": method,
            "points": n_points,
            "seconds": seconds,
            "points_per_s": n_points / seconds,
            "agree": bool(np.array_equal(result[:sample], naive)),
        })  # fmt: skip
    rows[0]["build_seconds"] = build_s
    rows.append({
        "method": "naive loop over polygons (sample)",
        "points": sample,
        "seconds": naive_s,
        "points_per_s": sample / naive_s,
        "agree": True,
    })  # fmt: skip
    return rows


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """A plain-text table of `bench_assign` rows."""
    header = f"{'method':<38} {'points':>10} {'seconds':>9} {'points/s':>12} agree"
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r['method']:<38} {r['points']:>10,} {r['seconds']:>9.3f} {r['points_per_s']:>12,.0f} "
            f"{'yes' if r['agree'] else 'NO'}"
        )
    return "\n".join(lines)


def main() -> None:
    from commandcenter.geo.demo_district import build_demo_district, leaf_grids

    grids = leaf_grids(build_demo_district())
    print(f"{len(grids)} grids")
    print(format_table(bench_assign(grids)))


if __name__ == "__main__":
    main()
