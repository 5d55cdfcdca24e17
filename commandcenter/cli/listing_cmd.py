"""`commandcenter grids list`, `categories list`, `events list`: tables, or JSON with --format json."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commandcenter.cli.common import CliError, add_db_arg, add_format_arg, open_db, print_json, print_table
from commandcenter.db.models import Category, Event, Grid
from commandcenter.domain import gridcode
from commandcenter.domain.status import GridLevel, Status
from commandcenter.interchange.grids_geojson import grid_rows
from commandcenter.interchange.timeparse import LOCAL_TZ

GRID_COLUMNS = ("code", "name", "level", "parent_code", "households", "residents", "area_km2")
CATEGORY_COLUMNS = ("code", "name", "duty", "event_class", "verify", "dispatch", "handle", "check")
EVENT_COLUMNS = ("id", "code", "status", "category", "grid_code", "lat", "lon", "received_at", "title")
LIMIT_STEPS = ("verify", "dispatch", "handle", "check")


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    grids = commands.add_parser("grids", help="physical grids")
    grids_sub = grids.add_subparsers(dest="grids_command", required=True, metavar="ACTION")
    gl = grids_sub.add_parser("list", help="list grids in hierarchical code order")
    add_db_arg(gl)
    add_format_arg(gl)
    gl.add_argument("--level", choices=[v.value for v in GridLevel], help="only grids of this level")
    gl.add_argument("--parent", metavar="CODE", help="only the direct children of this grid")
    gl.set_defaults(func=_grids)

    cats = commands.add_parser("categories", help="event categories and their time limits")
    cats_sub = cats.add_subparsers(dest="categories_command", required=True, metavar="ACTION")
    cl = cats_sub.add_parser("list", help="list categories with their time limits per step")
    add_db_arg(cl)
    add_format_arg(cl)
    cl.set_defaults(func=_categories)

    events = commands.add_parser("events", help="events (cases)")
    events_sub = events.add_subparsers(dest="events_command", required=True, metavar="ACTION")
    el = events_sub.add_parser("list", help="list events, newest first")
    add_db_arg(el)
    add_format_arg(el)
    el.add_argument(
        "--status", action="append", choices=[s.value for s in Status], help="only this status (repeatable)"
    )
    where = el.add_mutually_exclusive_group()
    where.add_argument("--grid", metavar="CODE", help="only events in this grid or any grid below it")
    where.add_argument("--unassigned", action="store_true", help="only events outside every grid")
    el.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N events (default 50; 0 = all)"
    )
    el.set_defaults(func=_events)


# ---------------------------------------------------------------------------------------------- grids


def list_grids(session: Session, level: str | None = None, parent: str | None = None) -> list[dict[str, Any]]:
    rows = grid_rows(session, level)
    if parent is not None:
        code = _grid_code(session, parent)
        rows = [r for r in rows if r["parent_code"] == code]
    return [{c: r[c] for c in GRID_COLUMNS} for r in rows]


def _grid_code(session: Session, code: str) -> str:
    """The stored code for what the user typed (canonical form of a padded code), or CliError."""
    candidates = [code, gridcode.normalize(code)] if gridcode.is_valid(code) else [code]
    for c in candidates:
        if session.scalar(select(Grid.id).where(Grid.code == c)) is not None:
            return c
    raise CliError(f"no grid with code {code!r} (see `commandcenter grids list`)")


def _grids(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.sessions() as session:
        rows = list_grids(session, args.level, args.parent)
    _show(args, rows, GRID_COLUMNS)
    return 0


# ----------------------------------------------------------------------------------------- categories


def _limit_text(amount: float, unit: str) -> str:
    n = int(amount) if float(amount).is_integer() else amount
    return f"{n}h" if unit == "hours" else f"{n}wd"


def list_categories(session: Session) -> list[dict[str, Any]]:
    cats = session.scalars(select(Category).options(selectinload(Category.limits)).order_by(Category.code))
    out = []
    for c in cats:
        limits = {lim.step: {"amount": lim.amount, "unit": lim.unit} for lim in c.limits}
        out.append(
            {
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "duty": c.duty,
                "event_class": c.event_class,
                "department_kind": c.department_kind,
                "default_priority": c.default_priority,
                "active": c.active,
                "limits": limits,
            }
        )
    return out


def _categories(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.sessions() as session:
        rows = list_categories(session)
    if args.format == "json":
        print_json(rows)
    else:
        table = [
            {**r, **{s: _limit_text(**r["limits"][s]) for s in LIMIT_STEPS if s in r["limits"]}} for r in rows
        ]
        print_table(table, CATEGORY_COLUMNS)
    return 0


# --------------------------------------------------------------------------------------------- events


def _descendants(session: Session, root_id: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for gid, parent_id in session.execute(select(Grid.id, Grid.parent_id)):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(gid)
    out, todo = [], [root_id]
    while todo:
        gid = todo.pop()
        out.append(gid)
        todo.extend(children.get(gid, ()))
    return out


def list_events(
    session: Session,
    statuses: Sequence[str] | None = None,
    grid: str | None = None,
    unassigned: bool = False,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    e = Event.__table__
    grid_table = Grid.__table__.alias("grid")
    stmt = (
        select(
            e.c.id,
            e.c.external_id,
            e.c.source_system,
            e.c.code,
            e.c.status,
            grid_table.c.code.label("grid_code"),
            e.c.lat,
            e.c.lon,
            Category.code.label("category"),
            Category.name.label("category_name"),
            e.c.title,
            e.c.received_at,
            e.c.reported_at,
            e.c.position_flag,
            e.c.time_flag,
        )
        .join(Category, Category.id == e.c.category_id)
        .outerjoin(grid_table, grid_table.c.id == e.c.grid_id)
        .order_by(e.c.received_at.desc(), e.c.id.desc())
    )
    if statuses:
        stmt = stmt.where(e.c.status.in_(list(statuses)))
    if unassigned:
        stmt = stmt.where(e.c.grid_id.is_(None))
    if grid is not None:
        code = _grid_code(session, grid)
        root = session.scalar(select(Grid.id).where(Grid.code == code))
        assert root is not None
        stmt = stmt.where(e.c.grid_id.in_(_descendants(session, root)))
    if limit:
        stmt = stmt.limit(limit)
    rows = [dict(r._mapping) for r in session.execute(stmt)]
    return rows


def _events(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CliError("--limit must be >= 0")
    db = open_db(args)
    with db.sessions() as session:
        rows = list_events(session, args.status, args.grid, args.unassigned, args.limit or None)
    _show(args, rows, EVENT_COLUMNS)
    return 0


def _local(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Times in China time (+08:00), as the people reading them think of them."""
    return [{k: v.astimezone(LOCAL_TZ) if isinstance(v, datetime) else v for k, v in r.items()} for r in rows]


def _show(args: argparse.Namespace, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    rows = _local(rows)
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, columns)
