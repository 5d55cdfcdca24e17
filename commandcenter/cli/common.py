"""Helpers shared by the subcommands: the --db option, opening the database, printing tables."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from commandcenter.db.engine import make_engine, resolve_url, session_factory
from commandcenter.db.setup import ensure_database
from commandcenter.interchange.timeparse import LOCAL_TZ


class CliError(Exception):
    """An error to print as one clear line (no traceback) with a non-zero exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (postgresql://user@host/db or sqlite:///file); "
        "default: $COMMANDCENTER_DB, else the embedded database with the demo district",
    )


def add_format_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format")


@dataclass
class Db:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]


def open_db(args: argparse.Namespace, *, migrate: bool = True) -> Db:
    """Open the chosen database; bring it up to date (and seed the embedded default on first use)."""
    url = resolve_url(getattr(args, "db", None))
    engine = make_engine(url)
    if migrate:
        ensure_database(engine, url, log=lambda msg: print(msg, file=sys.stderr))
    return Db(url, engine, session_factory(engine))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Every table shows China time, as the people reading it think of time (stored times are UTC).
        local = value.astimezone(LOCAL_TZ) if value.tzinfo is not None else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([_width(c), *(_width(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    print(line(columns), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print(line(r), file=out)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any, out: TextIO | None = None) -> None:
    json.dump(data, out or sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    print(file=out or sys.stdout)
