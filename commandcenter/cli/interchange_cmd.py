"""`commandcenter import grids|events FILE`, `export events|grids`, `bench import`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import DBAPIError

from commandcenter.cli.common import CliError, add_db_arg, open_db, print_table
from commandcenter.db.engine import backend
from commandcenter.domain.status import GridLevel, Status
from commandcenter.interchange.bench_import import TARGET_EVENTS_PER_S, run_import_bench
from commandcenter.interchange.detect import FORMATS
from commandcenter.interchange.events_export import EVENT_FORMATS, event_rows, write_events
from commandcenter.interchange.events_import import DEFAULT_SOURCE_SYSTEM, EventImportOptions, import_events
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.grids_csv import write_grids_csv
from commandcenter.interchange.grids_geojson import (
    GridImportOptions,
    grid_rows,
    import_grids,
    write_grids_geojson,
)
from commandcenter.interchange.problems import ImportRefused

TIME_HELP = (
    "Times: ISO 8601 with or without an offset (2024-05-03T08:15:00+08:00, 2024-05-03T00:15:00Z), "
    "'YYYY-MM-DD HH:MM[:SS]' or 'YYYY/MM/DD HH:MM'. A time without an offset is Asia/Shanghai local "
    "time (UTC+8)."
)


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    imp = commands.add_parser("import", help="import grids (GeoJSON) or events (CSV, GeoJSON, Open311)")
    imp_sub = imp.add_subparsers(dest="import_what", required=True, metavar="WHAT")
    _register_import_grids(imp_sub)
    _register_import_events(imp_sub)

    exp = commands.add_parser("export", help="export events or grids (GeoJSON, CSV, Open311)")
    exp_sub = exp.add_subparsers(dest="export_what", required=True, metavar="WHAT")
    ev = exp_sub.add_parser("events", help="events as GeoJSON points, CSV or Open311 GeoReport v2 JSON")
    add_db_arg(ev)
    ev.add_argument("--format", choices=EVENT_FORMATS, required=True)
    ev.add_argument("--out", required=True, metavar="FILE", help="output file ('-' for standard output)")
    ev.add_argument(
        "--status", action="append", choices=[s.value for s in Status], help="only this status (repeatable)"
    )
    ev.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="received on or after")
    ev.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="received on or before")
    ev.set_defaults(func=_export_events)
    gr = exp_sub.add_parser("grids", help="grids as GeoJSON polygons, or CSV (optionally with a WKT column)")
    add_db_arg(gr)
    gr.add_argument("--format", choices=("geojson", "csv"), required=True)
    gr.add_argument("--out", required=True, metavar="FILE", help="output file ('-' for standard output)")
    gr.add_argument("--level", choices=[v.value for v in GridLevel], help="only grids of this level")
    gr.add_argument("--wkt", action="store_true", help="CSV: add the polygon as a WKT column")
    gr.set_defaults(func=_export_grids)

    bi = bench.add_parser(
        "import",
        help="bulk event import vs row-by-row ORM insert (in a temporary database on the same server)",
    )
    add_db_arg(bi)
    bi.add_argument("--n", type=int, default=100_000, help="events to import (default 100000)")
    bi.add_argument(
        "--naive-sample", type=int, default=2_000, help="events for the naive path (extrapolated)"
    )
    bi.add_argument(
        "--runs", type=int, default=3, help="times our import runs; the median counts (default 3)"
    )
    bi.add_argument("--also-core", action="store_true", help="also time SQLAlchemy Core executemany (slow)")
    bi.add_argument(
        "--also-without-feed",
        action="store_true",
        help="also time our import with the change-feed triggers dropped (in the temporary database)",
    )
    bi.set_defaults(func=_bench_import)


def _register_import_grids(sub: argparse._SubParsersAction) -> None:
    d = GridImportOptions()
    p = sub.add_parser(
        "grids",
        help="grids from a GeoJSON FeatureCollection",
        description="Import physical grids from a GeoJSON FeatureCollection (WGS84). A code that is a "
        "hierarchical grid code gives the level and, without a parent property, the parent (its nearest "
        "ancestor present). Re-importing a code updates that grid. All-or-nothing.",
    )
    add_db_arg(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--code-field",
        metavar="NAME",
        default=d.code_field,
        help=f"property holding the code (default {d.code_field})",
    )
    p.add_argument(
        "--name-field",
        metavar="NAME",
        default=d.name_field,
        help=f"property holding the name (default {d.name_field})",
    )
    p.add_argument(
        "--parent-field",
        metavar="NAME",
        default=d.parent_field,
        help=f"property holding the parent code (default {d.parent_field})",
    )
    p.add_argument(
        "--level",
        help="level for codes that do not tell it: district, township, community, grid, micro (or 区/镇/街道/村/社区/网格)",
    )
    p.add_argument(
        "--level-field",
        metavar="NAME",
        default=d.level_field,
        help=f"property holding a level (default {d.level_field})",
    )
    p.add_argument("--households-field", metavar="NAME", default=d.households_field)
    p.add_argument("--residents-field", metavar="NAME", default=d.residents_field)
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.set_defaults(func=_import_grids)


def _register_import_events(sub: argparse._SubParsersAction) -> None:
    d = EventFields()
    p = sub.add_parser(
        "events",
        help="events from CSV, GeoJSON points or Open311 GeoReport v2 JSON",
        description="Import events. The format is detected from the extension (.csv, .geojson) or the "
        "content (a JSON array is Open311). Positions must be WGS84 lon/lat. Each event keeps every source "
        "column it does not map in `extra`. (source, id) identifies an event: re-importing adds nothing. "
        "Events are placed in grids; those outside every grid are kept, unassigned. All-or-nothing. "
        + TIME_HELP,
    )
    add_db_arg(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=FORMATS, help="override format detection")
    p.add_argument("--id-field", metavar="NAME", default=d.id, help=f"id column (default {d.id})")
    p.add_argument(
        "--lat-field", metavar="NAME", default=d.lat, help=f"latitude column, WGS84 (default {d.lat})"
    )
    p.add_argument(
        "--lon-field", metavar="NAME", default=d.lon, help=f"longitude column, WGS84 (default {d.lon})"
    )
    p.add_argument(
        "--time-field",
        metavar="NAME",
        default=d.time,
        help=f"report time column (default {d.time}). " + TIME_HELP,
    )
    p.add_argument(
        "--category-field",
        metavar="NAME",
        default=d.category,
        help=f"category column: our code or name (default {d.category})",
    )
    p.add_argument("--title-field", metavar="NAME", default=d.title)
    p.add_argument("--description-field", metavar="NAME", default=d.description)
    p.add_argument("--address-field", metavar="NAME", default=d.address)
    p.add_argument(
        "--grid-field",
        metavar="NAME",
        default=d.grid_code,
        help="column with the grid the source claims (optional)",
    )
    p.add_argument(
        "--default-category",
        metavar="CODE",
        help="category for rows whose category is not ours; the original is kept in original_category",
    )
    p.add_argument(
        "--source",
        default=DEFAULT_SOURCE_SYSTEM,
        metavar="NAME",
        help=f"the system the file comes from; (source, id) identifies an event (default {DEFAULT_SOURCE_SYSTEM!r})",
    )
    p.add_argument("--encoding", help="CSV encoding (default: UTF-8, else GB18030)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.set_defaults(func=_import_events)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise CliError(f"{path}: no such file")


def _run_import(args: argparse.Namespace, work: Any) -> Any:
    """Run `work(session)` in one transaction: refused -> nothing written; --dry-run -> rolled back."""
    db = open_db(args)
    with db.sessions() as session:
        try:
            result = work(session)
        except ImportRefused as exc:
            session.rollback()
            raise CliError(exc.summary(), exit_code=1) from None
        except DBAPIError as exc:
            # E.g. another import of the same source committed the same ids meanwhile.
            session.rollback()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise CliError(f"the database refused the import ({reason}); nothing was written", 1) from None
        if args.dry_run:
            session.rollback()
        else:
            session.commit()
    return result


def _import_grids(args: argparse.Namespace) -> int:
    _check_file(args.file)
    options = GridImportOptions(
        code_field=args.code_field,
        name_field=args.name_field,
        parent_field=args.parent_field,
        level_field=args.level_field,
        level=args.level,
        households_field=args.households_field,
        residents_field=args.residents_field,
    )
    result = _run_import(args, lambda s: import_grids(s, args.file, options))
    print(result.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


def _import_events(args: argparse.Namespace) -> int:
    _check_file(args.file)
    fields = EventFields(
        id=args.id_field,
        lat=args.lat_field,
        lon=args.lon_field,
        time=args.time_field,
        category=args.category_field,
        title=args.title_field,
        description=args.description_field,
        address=args.address_field,
        grid_code=args.grid_field,
    )
    options = EventImportOptions(
        fields=fields,
        source_system=args.source,
        default_category=args.default_category,
        format=args.format,
        encoding=args.encoding,
    )
    if not 1 <= len(args.source) <= 64:
        raise CliError("--source must be 1-64 characters")
    result = _run_import(args, lambda s: import_events(s, args.file, options))
    print(result.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


@contextlib.contextmanager
def _output(name: str) -> Iterator[TextIO]:
    if name == "-":
        yield sys.stdout
        return
    path = Path(name)
    if not path.parent.is_dir():
        raise CliError(f"{path.parent}: no such directory")
    # Write to a temporary name first, so a failed export never leaves half a file under the real name.
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            yield out
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def _export_events(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from is after --to")
    db = open_db(args)
    with db.sessions() as session:
        rows = event_rows(session, args.status, args.date_from, args.date_to)
    with _output(args.out) as out:
        write_events(rows, args.format, out)
    if args.out != "-":
        print(f"{args.out}: {len(rows)} event(s) written as {args.format}")
    return 0


def _export_grids(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.sessions() as session:
        rows = grid_rows(session, args.level)
    with _output(args.out) as out:
        if args.format == "geojson":
            write_grids_geojson(rows, out)
        else:
            write_grids_csv(rows, out, wkt=args.wkt)
    if args.out != "-":
        print(f"{args.out}: {len(rows)} grid(s) written as {args.format}")
    return 0


def _bench_import(args: argparse.Namespace) -> int:
    if args.n < 1 or args.naive_sample < 1 or args.runs < 1:
        raise CliError("--n, --naive-sample and --runs must be >= 1")
    # The configured database is only used to find the server: the bench runs in a temporary one.
    db = open_db(args, migrate=False)
    url = db.url
    db.engine.dispose()
    try:
        rows = run_import_bench(
            url,
            args.n,
            min(args.naive_sample, args.n),
            log=lambda m: print(m, file=sys.stderr),
            also_core=args.also_core,
            also_without_feed=args.also_without_feed,
            runs=args.runs,
        )
    except Exception as exc:  # e.g. no CREATEDB privilege on the server
        raise CliError(f"bench import failed: {exc}") from exc
    naive = rows[-1]
    on_postgres = backend(url) == "postgresql"
    table = [
        {
            "path": r.path,
            "events": r.events,
            "seconds": round(r.seconds, 3),
            "events/s": round(r.rate),
            f"seconds for {args.n}": round(args.n / r.rate, 1),
            "x naive": f"{r.rate / naive.rate:.1f}",
            "x target": f"{r.rate / TARGET_EVENTS_PER_S:.2f}" if on_postgres else "-",
            "note": r.note,
        }
        for r in rows
    ]
    print_table(table, list(table[0]))
    ours = rows[0]
    print(f"ours is {ours.rate / naive.rate:.1f}x the naive row-by-row insert")
    if on_postgres:
        verdict = "met" if ours.rate >= TARGET_EVENTS_PER_S else "NOT met"
        print(
            f"target (issue #2): at least {TARGET_EVENTS_PER_S:,} events/s on PostgreSQL; ours "
            f"{ours.rate:,.0f} events/s = {ours.rate / TARGET_EVENTS_PER_S:.2f}x the target: {verdict}"
        )
    else:
        print(f"target (issue #2): {TARGET_EVENTS_PER_S:,} events/s is for PostgreSQL; this run used SQLite")
    return 0
