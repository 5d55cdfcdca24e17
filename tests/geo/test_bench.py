from __future__ import annotations

from commandcenter.geo.bench import bench_assign, format_table
from commandcenter.geo.demo_district import build_demo_district, leaf_grids


def test_bench_small() -> None:
    grids = leaf_grids(build_demo_district(seed=2, townships=3, communities=8, grids=40))
    rows = bench_assign(grids, n_points=20_000, naive_sample=200, seed=1)
    assert [r["method"] for r in rows] == [
        "cell lattice + intersects_xy (ours)",
        "STRtree bulk query",
        "naive loop over polygons (sample)",
    ]
    for row in rows:
        assert row["agree"] is True
        assert row["seconds"] > 0 and row["points_per_s"] > 0
    assert rows[2]["points"] == 200
    table = format_table(rows)
    assert "naive loop" in table and "20,000" in table
