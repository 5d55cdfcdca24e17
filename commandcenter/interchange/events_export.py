"""`commandcenter export events`: events as GeoJSON points, CSV or Open311 requests.

The exported `id` is our event code: unique within this center, so the file can be imported elsewhere
(or back here under another --source) without id clashes. `external_id` and `source_system` say where
an imported event first came from. Times are RFC 3339 with the +08:00 offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Event, Grid, LogicalGrid, Media
from commandcenter.interchange.events_csv import write_events_csv
from commandcenter.interchange.events_geojson import write_events_geojson
from commandcenter.interchange.open311 import write_open311
from commandcenter.interchange.timeparse import LOCAL_TZ, format_time

EVENT_FORMATS = ("geojson", "csv", "open311")


def local_day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ)


def event_rows(
    session: Session,
    statuses: Sequence[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[dict[str, Any]]:
    """Events (filtered by status and by local receipt day, both ends inclusive), oldest first."""
    grid = Grid.__table__.alias("grid")
    unit_grid = Grid.__table__.alias("unit_grid")
    first_media = (
        select(Media.event_id, func.min(Media.id).label("media_id")).group_by(Media.event_id).subquery()
    )
    media = Media.__table__.alias("first_media_row")
    e = Event.__table__
    stmt = (
        select(
            e,
            Category.code.label("category_code"),
            Category.name.label("category_name"),
            grid.c.code.label("grid_code"),
            grid.c.name.label("grid_name"),
            func.coalesce(LogicalGrid.name, unit_grid.c.name).label("agency_responsible"),
            media.c.url.label("media_url"),
        )
        .join(Category, Category.id == e.c.category_id)
        .outerjoin(grid, grid.c.id == e.c.grid_id)
        .outerjoin(unit_grid, unit_grid.c.id == e.c.responsible_grid_id)
        .outerjoin(LogicalGrid, LogicalGrid.id == e.c.responsible_logical_id)
        .outerjoin(first_media, first_media.c.event_id == e.c.id)
        .outerjoin(media, media.c.id == first_media.c.media_id)
        .order_by(e.c.received_at, e.c.id)
    )
    if statuses:
        stmt = stmt.where(e.c.status.in_(list(statuses)))
    if date_from:
        stmt = stmt.where(e.c.received_at >= local_day_start(date_from))
    if date_to:
        stmt = stmt.where(e.c.received_at < local_day_start(date_to + timedelta(days=1)))
    return [_row(r._mapping) for r in session.execute(stmt)]


def _row(m: Any) -> dict[str, Any]:
    return {
        "id": m["code"],
        "external_id": m["external_id"],
        "source_system": m["source_system"],
        "status": m["status"],
        "category": m["category_code"],
        "category_name": m["category_name"],
        "original_category": m["original_category"],
        "title": m["title"],
        "description": m["description"],
        "address": m["address"],
        "lat": m["lat"],
        "lon": m["lon"],
        # Device time when known, else when we received it: the time the report was made.
        "time": format_time(m["reported_at"] or m["received_at"]),
        "received_at": format_time(m["received_at"]),
        "closed_at": format_time(m["closed_at"]),
        "updated_at": format_time(m["updated_at"]),
        "deadline": format_time(m["deadline"]),
        "grid_code": m["grid_code"],
        "grid_name": m["grid_name"],
        "priority": m["priority"],
        "agency_responsible": m["agency_responsible"],
        "media_url": m["media_url"],
    }


def write_events(rows: Sequence[dict[str, Any]], fmt: str, out: Any) -> None:
    if fmt == "geojson":
        write_events_geojson(rows, out)
    elif fmt == "csv":
        write_events_csv(rows, out)
    elif fmt == "open311":
        write_open311(rows, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(EVENT_FORMATS)}")
