"""`commandcenter import events FILE`: CSV, GeoJSON points or Open311 requests into the events table.

All-or-nothing: every row is read and checked first; on any problem `ImportRefused` lists them (file,
line or feature, field, value, what is wrong) and nothing is written. Then, in the caller's
transaction: events already present (same source_system and external_id) are skipped, the new ones
are placed in grids (vectorised), flagged, and written in bulk with one 'report' trail row each.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from commandcenter.db.engine import backend
from commandcenter.db.models import Category, Event
from commandcenter.domain.status import SlaStep, Source
from commandcenter.interchange.detect import FORMATS, detect_format, load_json
from commandcenter.interchange.event_records import (
    REPORTED,
    CategoryLookup,
    CategoryRef,
    EventChecker,
    IncomingEvent,
)
from commandcenter.interchange.event_writer import EventRow, TrailInfo, write_events
from commandcenter.interchange.events_csv import read_events_csv
from commandcenter.interchange.events_geojson import read_events_geojson
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.open311 import read_open311
from commandcenter.interchange.problems import Problems
from commandcenter.services import placement, sla_clock

DEFAULT_SOURCE_SYSTEM = "import"
_LOOKUP_CHUNK = 5_000  # ids per IN (...) query; SQLite allows 32,766 parameters


@dataclass(frozen=True)
class EventImportOptions:
    fields: EventFields = field(default_factory=EventFields)
    source_system: str = DEFAULT_SOURCE_SYSTEM
    default_category: str | None = None  # a category code of ours
    format: str | None = None  # one of FORMATS; None = detect
    encoding: str | None = None  # CSV only; None = UTF-8, else GB18030
    write_method: str = "auto"  # "copy" (PostgreSQL) or "core"; see event_writer


@dataclass
class EventImportResult:
    file: str
    format: str
    rows: int  # events in the file
    new: int
    present: int  # already in the database (same source_system + external_id): skipped
    present_differing: int  # ... of which the stored event has another position or time
    unassigned: int  # new events outside every grid (kept, grid_id NULL)
    position_flagged: int
    time_flagged: int
    event_ids: list[int]
    seconds: dict[str, float]

    def summary(self) -> str:
        text = (
            f"{self.file}: {self.rows} event(s) read as {self.format}: {self.new} new, "
            f"{self.present} already present"
        )
        if self.new:
            text += f"; {self.unassigned} outside every grid (unassigned)"
            if self.position_flagged or self.time_flagged:
                text += f"; flagged: {self.position_flagged} position, {self.time_flagged} time"
        if self.present_differing:
            text += (
                f"\nwarning: {self.present_differing} of the events already present differ in position or "
                "time from this file: is this another system's file? give it its own --source NAME"
            )
        return text


def category_lookup(session: Session) -> CategoryLookup:
    rows = session.execute(select(Category.id, Category.code, Category.name, Category.name_en)).all()
    return CategoryLookup([CategoryRef(r.id, r.code, r.name) for r in rows], {r.id: r.name_en for r in rows})


def read_events(
    path: Path, options: EventImportOptions, lookup: CategoryLookup
) -> tuple[str, list[IncomingEvent]]:
    """(format, checked events) or `ImportRefused` naming every problem found (up to the limit)."""
    problems = Problems(path.name)
    default = None
    if options.default_category is not None:
        default = lookup.by_code.get(options.default_category.strip().upper())
        if default is None:
            problems.add(
                "option", "--default-category", f"{options.default_category!r} is not a category code"
            )
            problems.raise_if_any()
    fmt = options.format or detect_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    checker = EventChecker(problems, lookup, default)
    events = [e for row in _rows(path, fmt, options, problems) if (e := checker.check(row)) is not None]
    problems.raise_if_any()
    return fmt, events


def _rows(path: Path, fmt: str, options: EventImportOptions, problems: Problems) -> Iterator[Any]:
    if fmt == "csv":
        yield from read_events_csv(path, options.fields, problems, options.encoding)
        return
    try:
        doc = load_json(path)
    except json.JSONDecodeError as exc:
        problems.add(f"line {exc.lineno} column {exc.colno}", "", f"not valid JSON: {exc.msg}")
        return
    except UnicodeDecodeError as exc:
        problems.add("file", "", f"not UTF-8 text ({exc.reason}); JSON files must be UTF-8")
        return
    if fmt == "geojson":
        yield from read_events_geojson(doc, options.fields, problems)
    else:
        yield from read_open311(doc, problems)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stored_events(
    session: Session, source_system: str, external_ids: Sequence[str]
) -> dict[str, tuple[Any, ...]]:
    """external_id -> (lon, lat, reported_at) of the events of `source_system` already stored."""
    t = Event.__table__
    cols = (t.c.external_id, t.c.lon, t.c.lat, t.c.reported_at)
    if not external_ids:
        return {}
    # A first import from a source (the usual case) needs no per-id look-up at all.
    if session.execute(select(t.c.id).where(t.c.source_system == source_system).limit(1)).first() is None:
        return {}
    found: dict[str, tuple[Any, ...]] = {}
    if backend(session.get_bind().engine) == "postgresql":
        # One array parameter instead of thousands of IN (...) placeholders.
        ids = bindparam("ids", list(external_ids), type_=ARRAY(String))
        stmts = [select(*cols).where(t.c.source_system == source_system, t.c.external_id == any_(ids))]
    else:
        stmts = [
            select(*cols).where(t.c.source_system == source_system, t.c.external_id.in_(chunk))
            for chunk in _chunks(external_ids, _LOOKUP_CHUNK)
        ]
    for stmt in stmts:
        for ext, lon, lat, reported in session.execute(stmt):
            found[ext] = (lon, lat, reported)
    return found


def _same(stored: tuple[Any, ...], e: IncomingEvent) -> bool:
    lon, lat, reported = stored
    return (
        lon is not None
        and lat is not None
        and abs(lon - e.lon) < 1e-9
        and abs(lat - e.lat) < 1e-9
        and reported == e.reported_at
    )


def _verify_due(session: Session, category_ids: set[int], start: datetime) -> dict[int, datetime | None]:
    """The verification deadline per category for cases received at `start` (one import, one start)."""
    calendar = sla_clock.work_calendar(session)
    return {
        cid: sla_clock.Clock(calendar, sla_clock.category_limits(session, cid)).due(SlaStep.VERIFY, start)
        for cid in category_ids
    }


def import_events(
    session: Session,
    path: Path | str,
    options: EventImportOptions | None = None,
    *,
    now: datetime | None = None,
) -> EventImportResult:
    """Import one file into the session's transaction (the caller commits). See the module docstring."""
    path = Path(path)
    options = options or EventImportOptions()
    if not options.source_system or len(options.source_system) > 64:
        raise ValueError("source_system must be 1-64 characters")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    fmt, events = read_events(path, options, category_lookup(session))
    t1 = time.perf_counter()
    seconds["read+check"] = t1 - t0

    stored = stored_events(session, options.source_system, [e.external_id for e in events])
    new = [e for e in events if e.external_id not in stored]
    differing = sum(1 for e in events if e.external_id in stored and not _same(stored[e.external_id], e))
    t2 = time.perf_counter()
    seconds["lookup"] = t2 - t1

    received_at = now or datetime.now(UTC)
    lons = np.fromiter((e.lon for e in new), dtype=np.float64, count=len(new))
    lats = np.fromiter((e.lat for e in new), dtype=np.float64, count=len(new))
    grid_ids = placement.place_array(session, lons, lats) if new else np.zeros(0, dtype=np.int64)
    pos_flags = placement.position_flags(session, [e.claimed_grid_code for e in new], lons, lats)
    t3 = time.perf_counter()
    seconds["place"] = t3 - t2

    verify_due = _verify_due(session, {e.category_id for e in new if e.status == REPORTED}, received_at)
    source = Source.IMPORT.value
    rows: list[EventRow] = []
    media: list[tuple[int, str]] = []
    time_flagged = 0
    for i, (e, gid, pflag) in enumerate(zip(new, grid_ids.tolist(), pos_flags.tolist(), strict=True)):
        tflag = placement.time_flag(e.reported_at, e.source_received_at)
        time_flagged += tflag
        # A reported case waits for verification: its clock starts when we receive it (as for a
        # report made in the app); a closed one has no running clock.
        due = verify_due[e.category_id] if e.status == REPORTED else None
        started = received_at if e.status == REPORTED else None
        rows.append(
            EventRow(
                source=source,
                source_system=options.source_system,
                external_id=e.external_id,
                category_id=e.category_id,
                original_category=e.original_category,
                title=e.title,
                description=e.description,
                lat=e.lat,
                lon=e.lon,
                address=e.address,
                reported_at=e.reported_at,
                received_at=received_at,
                grid_id=None if gid < 0 else gid,
                claimed_grid_code=e.claimed_grid_code,
                position_flag=pflag,
                time_flag=tflag,
                status=e.status,
                closed_at=e.closed_at,
                step_started_at=started,
                step_deadline=due,
                verify_due_at=due,
                extra=e.extra,
            )
        )
        if e.media_url:
            media.append((i, e.media_url))
    ids = write_events(
        session,
        rows,
        TrailInfo(note=f"imported from {path.name}", source_system=options.source_system),
        received_at,
        media,
        method=options.write_method,
    )
    seconds["write"] = time.perf_counter() - t3
    return EventImportResult(
        file=path.name,
        format=fmt,
        rows=len(events),
        new=len(new),
        present=len(events) - len(new),
        present_differing=differing,
        unassigned=int((grid_ids < 0).sum()),
        position_flagged=int(pos_flags.sum()),
        time_flagged=time_flagged,
        event_ids=ids,
        seconds=seconds,
    )
