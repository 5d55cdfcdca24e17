"""`commandcenter bench assign`: point-in-grid assignment, ours beside the naive loop."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from commandcenter.cli.common import add_db_arg, open_db
from commandcenter.db.models import Grid
from commandcenter.geo.bench import bench_assign, format_table
from commandcenter.geo.geometry import from_wkb


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    p = bench.add_parser(
        "assign", help="assign random points to the grids: ours vs a naive loop over polygons"
    )
    add_db_arg(p)
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--naive-sample", type=int, default=5_000, help="points the naive loop runs on")
    p.add_argument(
        "--generated",
        action="store_true",
        help="use a freshly generated demo district instead of the database",
    )
    p.set_defaults(func=_bench_assign)


def _leaf_grids_from_db(args: argparse.Namespace) -> list[tuple[int, str, object]]:
    db = open_db(args)
    with db.sessions() as s:
        parents = select(Grid.parent_id).where(Grid.parent_id.is_not(None))
        rows = s.execute(
            select(Grid.id, Grid.code, Grid.geom_wkb).where(
                Grid.geom_wkb.is_not(None), Grid.id.not_in(parents)
            )
        ).all()
    return [(gid, code, from_wkb(wkb)) for gid, code, wkb in rows]


def _bench_assign(args: argparse.Namespace) -> int:
    if args.generated:
        from commandcenter.geo.demo_district import build_demo_district, leaf_grids

        grids = list(leaf_grids(build_demo_district()))
        source = "generated demo district"
    else:
        grids = _leaf_grids_from_db(args)
        source = "the database's leaf grids"
    if not grids:
        from commandcenter.cli.common import CliError

        raise CliError("the database has no grids: run `commandcenter demo` or pass --generated")
    rows = bench_assign(grids, n_points=args.points, naive_sample=args.naive_sample)
    print(f"{len(grids)} grids ({source}), {args.points:,} uniform random points over their bounding box")
    print(format_table(rows))
    ours, naive = rows[0]["points_per_s"], rows[-1]["points_per_s"]
    print(f"ours / naive: {ours / naive:,.0f}x; index build {rows[0]['build_seconds']:.3f} s")
    return 0
