"""`commandcenter brief` (the daily brief as a PDF, offscreen) and `commandcenter bench brief`.

Qt is imported inside the commands only: the CLI's other commands and the core run without it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from commandcenter.cli.common import CliError, add_db_arg, open_db
from commandcenter.domain.calendar import DEFAULT_TZ


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "brief",
        help="write the daily brief (日报) as an A4 PDF, without a window",
        description="Write the daily brief of a day for the district, a grid (any code or prefix) "
        "or a logical grid, as an A4 PDF. Runs offscreen when there is no display.",
    )
    add_db_arg(p)
    p.add_argument("--date", type=_day, help="the day, YYYY-MM-DD (default: yesterday in Asia/Shanghai)")
    p.add_argument(
        "--unit", metavar="CODE", help="grid code or prefix, or logical grid code (default: the district)"
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")
    p.set_defaults(func=_brief)

    b = bench.add_parser(
        "brief",
        help="the district's brief over 1,000,000 events on PostgreSQL: time in queries and in rendering",
        description="Creates a temporary database on the server's cluster, fills it with the demo "
        "district and synthetic events, times the brief (queries, rendering), and drops the database. "
        "With --db, runs on that (already filled) database instead and creates nothing.",
    )
    b.add_argument("--db", metavar="URL", help="run on this existing PostgreSQL database instead")
    b.add_argument(
        "--server",
        default="postgresql://postgres@127.0.0.1:5432/test",
        help="a database URL on the cluster to create the temporary database in",
    )
    b.add_argument("--events", type=int, default=1_000_000)
    b.add_argument("--runs", type=int, default=3, help="briefs to time (the median is reported)")
    b.add_argument("--out", type=Path, help="keep the last run's PDF here")
    b.add_argument("--timeout", type=int, default=600, help="statement timeout while filling, seconds")
    b.set_defaults(func=_bench_brief)


def _yesterday() -> date:
    return datetime.now(UTC).astimezone(DEFAULT_TZ).date() - timedelta(days=1)


def _brief(args: argparse.Namespace) -> int:
    from commandcenter.brief import UnknownUnit, build_brief

    day = args.date or _yesterday()
    db = open_db(args)
    start = time.perf_counter()
    try:
        with db.sessions() as session:
            brief = build_brief(session, day, args.unit)
    except UnknownUnit as exc:
        raise CliError(str(exc)) from exc
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.engine.dispose()
    queries = time.perf_counter() - start

    from commandcenter.gui.brief.render import ensure_app, render_pdf

    ensure_app()
    start = time.perf_counter()
    try:
        times = render_pdf(brief, args.out)
    except OSError as exc:
        raise CliError(f"cannot write {args.out}: {exc}") from exc
    rendering = time.perf_counter() - start
    print(
        f"{args.out}: {brief.unit.name} {day.isoformat()}, {times.pages} pages "
        f"(queries {queries:.2f} s, rendering {rendering:.2f} s)"
    )
    return 0


def _split(parts: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in parts.items())


def _bench_brief(args: argparse.Namespace) -> int:
    from commandcenter.brief import bench
    from commandcenter.db.engine import backend

    created = None
    if args.db:
        if backend(args.db) != "postgresql":
            raise CliError("bench brief runs on PostgreSQL")
        url, label = args.db, "the given database"
    else:
        try:
            created = bench.create(
                args.events,
                BENCH_NOW,
                args.server,
                log=lambda m: print(f"  {m}", file=sys.stderr),
                statement_timeout_s=args.timeout,
            )
        except Exception as exc:  # the server is down, or the fill ran out of time
            raise CliError(f"cannot prepare the bench database on {args.server}: {exc}") from exc
        url = created.url
        label = (
            f"{created.events:,} synthetic events in the demo district ({created.grids} grids), "
            f"filled in {created.fill_seconds:.1f} s (not timed below)"
        )
    try:
        rows = _timed_runs(url, max(1, args.runs), args.out)
    finally:
        if created is not None:
            bench.drop(created)
    _report(rows, label, args.out)
    return 0


BENCH_NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
BENCH_DAY = date(2026, 11, 19)


def _timed_runs(url: str, runs: int, out: Path | None) -> list[tuple[float, float, dict, dict, int]]:
    """(queries s, rendering s, query parts, rendering parts, pages) of each run."""
    from commandcenter.brief import build_brief
    from commandcenter.db.engine import make_engine, session_factory
    from commandcenter.gui.brief.render import ensure_app, render_pdf

    ensure_app()
    engine = make_engine(url)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(runs):
                start = time.perf_counter()
                with session_factory(engine)() as session:
                    brief = build_brief(session, BENCH_DAY, None, now=BENCH_NOW)
                queries = time.perf_counter() - start
                target = out if (out is not None and run == runs - 1) else Path(tmp) / f"brief-{run}.pdf"
                start = time.perf_counter()
                times = render_pdf(brief, target)
                rendering = time.perf_counter() - start
                rows.append((queries, rendering, brief.timings, times.seconds, times.pages))
    finally:
        engine.dispose()
    return rows


def _report(rows: list[tuple[float, float, dict, dict, int]], label: str, out: Path | None) -> None:
    print(f"bench brief: the district's brief of {BENCH_DAY.isoformat()} on PostgreSQL; {label}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} while running")
    print(f"{'run':>3}  {'queries s':>9}  {'rendering s':>11}  {'total s':>7}  pages")
    for i, (q, r, _qt, _rt, pages) in enumerate(rows, start=1):
        print(f"{i:>3}  {q:>9.3f}  {r:>11.3f}  {q + r:>7.3f}  {pages}")
    median = statistics.median(q + r for q, r, *_ in rows)
    q, r, qt, rt, _pages = min(rows, key=lambda row: abs(row[0] + row[1] - median))
    print(f"median run: queries {q:.3f} s ({_split(qt)})")
    print(f"            rendering {r:.3f} s ({_split(rt)})")
    print(f"target: under 5 s -> {'met' if median < 5.0 else 'MISSED'} (median {median:.3f} s)")
    if out is not None:
        print(f"PDF of the last run: {out}")
