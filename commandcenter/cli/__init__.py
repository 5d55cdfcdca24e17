"""The `commandcenter` command line: run the app, migrate, seed, import, export, act on cases, bench.

Each area registers its own subcommands (and `bench` entries) from a module of this package, so the
areas stay independent. With no arguments, the window opens on the default database.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from commandcenter.cli.common import CliError

# Modules with `register(commands, bench)`; the order is the order of --help.
COMMAND_MODULES = (
    "commandcenter.cli.app_cmd",
    "commandcenter.cli.gui_bench_cmd",
    "commandcenter.cli.db_cmd",
    "commandcenter.cli.geo_cmd",
    "commandcenter.cli.listing_cmd",
    "commandcenter.cli.interchange_cmd",
    "commandcenter.cli.case_cmd",
    "commandcenter.cli.live_cmd",
    "commandcenter.cli.brief_cmd",
    "commandcenter.cli.users_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commandcenter",
        description="Grid-governance command center (网格治理指挥中心). Without a command, opens the window.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench_parser = commands.add_parser("bench", help="benchmarks: print our way beside the naive way")
    bench = bench_parser.add_subparsers(dest="bench", metavar="WHAT", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui", *(argv or [])])
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"commandcenter: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OperationalError as exc:  # a server down, a database missing, a login refused
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(f"commandcenter: error: cannot use the database: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
