"""`commandcenter db upgrade|current` and `commandcenter demo`."""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from commandcenter.cli.common import CliError, add_db_arg, open_db, print_table
from commandcenter.db.migrate import current_revision, head_revision, upgrade
from commandcenter.demo.seed import SMALL, DatabaseNotEmpty, DemoOptions, seed_demo


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="database schema: upgrade to the newest, show the current revision")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_sub.add_parser("upgrade", help="apply every pending migration")
    add_db_arg(up)
    up.set_defaults(func=_upgrade)
    cur = db_sub.add_parser("current", help="print the schema revision of the database")
    add_db_arg(cur)
    cur.set_defaults(func=_current)

    demo = commands.add_parser(
        "demo", help="fill an empty database with the demo district, its people and 30 days of cases"
    )
    add_db_arg(demo)
    demo.add_argument("--seed", type=int, default=1, help="random seed (same seed, same district)")
    demo.add_argument("--lon", type=float, default=104.62, help="district centre longitude (WGS84)")
    demo.add_argument("--lat", type=float, default=28.77, help="district centre latitude (WGS84)")
    demo.add_argument("--townships", type=int, default=10)
    demo.add_argument("--communities", type=int, default=100)
    demo.add_argument("--grids", type=int, default=800)
    demo.add_argument("--days", type=int, default=30, help="days of history")
    demo.add_argument("--events", type=int, default=20_000, help="cases over those days")
    demo.add_argument("--small", action="store_true", help="a tiny district (for trying things quickly)")
    demo.set_defaults(func=_demo)


def _upgrade(args: argparse.Namespace) -> int:
    db = open_db(args, migrate=False)
    before = current_revision(db.engine)
    upgrade(db.engine)
    print(f"{db.engine.url.render_as_string(hide_password=True)}: {before or '(empty)'} -> {head_revision()}")
    return 0


def _current(args: argparse.Namespace) -> int:
    db = open_db(args, migrate=False)
    current, head = current_revision(db.engine), head_revision()
    state = "up to date" if current == head else f"behind (newest is {head}): run `commandcenter db upgrade`"
    print(f"{current or '(no schema)'} - {state}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    if args.small:
        options = replace(SMALL, seed=args.seed, center=(args.lon, args.lat))
    else:
        options = DemoOptions(
            seed=args.seed,
            center=(args.lon, args.lat),
            townships=args.townships,
            communities=args.communities,
            grids=args.grids,
            days=args.days,
            events=args.events,
        )
    if not (-180 <= args.lon <= 180 and -90 <= args.lat <= 90):
        raise CliError(f"--lon/--lat ({args.lon}, {args.lat}) is not a WGS84 position")
    db = open_db(args)
    started = time.perf_counter()
    try:
        summary = seed_demo(db.engine, options, log=lambda msg: print(f"  {msg}"))
    except DatabaseNotEmpty as exc:
        raise CliError(f"{exc} ({db.engine.url.render_as_string(hide_password=True)})") from None
    print(f"demo district written in {time.perf_counter() - started:.1f} s:")
    rows = [
        {"what": "grids (all levels)", "count": summary.grids},
        {"what": "logical grids", "count": summary.logical_grids},
        {"what": "people", "count": summary.people},
        {"what": "events", "count": summary.events},
        {"what": "trail rows", "count": summary.trail_rows},
        *({"what": f"  status {k}", "count": v} for k, v in sorted(summary.by_status.items())),
    ]
    print_table(rows, ["what", "count"])
    return 0
