"""`commandcenter bench gui`: the window on 1,000 grids and 10,000 open cases, offscreen."""

from __future__ import annotations

import argparse

from commandcenter.cli.common import add_db_arg


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    gui = bench.add_parser(
        "gui", help="the window: first screen, 100-case batch, full redraw vs folium, memory"
    )
    add_db_arg(gui)
    gui.add_argument("--grids", type=int, default=1000)
    gui.add_argument("--cases", type=int, default=10_000, help="open cases on the map")
    gui.add_argument("--reps", type=int, default=7, help="batches and redraws to take the median of")
    gui.add_argument("--naive-reps", type=int, default=3, help="folium regenerations (each takes seconds)")
    gui.add_argument(
        "--first-reps", type=int, default=3, help="cold starts of the window (each in a fresh process)"
    )
    gui.set_defaults(func=_bench)


def _bench(args: argparse.Namespace) -> int:
    # Qt is imported only here, so every other command runs without a display.
    from commandcenter.gui.bench import report, run_bench

    print(
        report(
            run_bench(
                args.db,
                args.grids,
                args.cases,
                reps=args.reps,
                naive_reps=args.naive_reps,
                first_reps=args.first_reps,
            )
        ),
        flush=True,
    )
    return 0
