"""`commandcenter import events FILE`: CSV, GeoJSON points or Open311 requests into the events table.

All-or-nothing: every row is checked; on any problem `ImportRefused` lists them (file, line or feature,
field, value, what is wrong) and nothing is written. In the caller's transaction, events already
present (same source_system and external_id) are skipped, the new ones are placed in grids
(vectorised), flagged, and written in bulk with one 'report' trail row each.

On PostgreSQL the file is written as it is read: a reader thread checks and places chunks of rows
while the main thread writes the previous ones (COPY), so the client's work overlaps the server's.
The writes run in a savepoint, rolled back when any row turns out bad, so a refused file still leaves
nothing behind (and the caller's transaction usable). On SQLite the whole file is checked first.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from commandcenter.db.engine import backend
from commandcenter.db.models import Category, CategoryLimit, Event
from commandcenter.domain import sla
from commandcenter.domain.status import SlaStep, Source
from commandcenter.geo.assign import GridIndex
from commandcenter.interchange.detect import FORMATS, detect_format, load_json
from commandcenter.interchange.event_records import (
    REPORTED,
    CategoryLookup,
    CategoryRef,
    EventChecker,
    IncomingEvent,
)
from commandcenter.interchange.event_writer import EventRow, TrailInfo, write_events, write_method
from commandcenter.interchange.events_csv import read_events_csv
from commandcenter.interchange.events_geojson import read_events_geojson
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.open311 import read_open311
from commandcenter.interchange.problems import Problems
from commandcenter.interchange.read_ahead import ReadAhead
from commandcenter.services import placement, sla_clock

DEFAULT_SOURCE_SYSTEM = "import"
_LOOKUP_CHUNK = 5_000  # ids per IN (...) query; SQLite allows 32,766 parameters
# Events per write while streaming (PostgreSQL): small enough that the server starts early, large
# enough that the per-write round trips (ids, two COPYs) stay negligible.
CHUNK = 5_000
# Rows between GIL hand-overs of the reader thread: each round trip of the writer waits for the GIL
# after the server answers, and the server idles meanwhile.
_PAUSE_EVERY = 250


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
    fmt, checker = _start(path, options, lookup, problems)
    events = [e for row in _rows(path, fmt, options, problems) if (e := checker.check(row)) is not None]
    problems.raise_if_any()
    return fmt, events


def _start(
    path: Path, options: EventImportOptions, lookup: CategoryLookup, problems: Problems
) -> tuple[str, EventChecker]:
    """The file's format and the checker of its rows; a bad --default-category is refused at once."""
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
    return fmt, EventChecker(problems, lookup, default)


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


def _any_stored(session: Session, source_system: str) -> bool:
    t = Event.__table__
    return (
        session.execute(select(t.c.id).where(t.c.source_system == source_system).limit(1)).first() is not None
    )


def stored_events(
    session: Session, source_system: str, external_ids: Sequence[str], *, any_stored: bool | None = None
) -> dict[str, tuple[Any, ...]]:
    """external_id -> (lon, lat, reported_at) of the events of `source_system` already stored.
    `any_stored` False (known from `_any_stored`) skips the look-up."""
    t = Event.__table__
    cols = (t.c.external_id, t.c.lon, t.c.lat, t.c.reported_at)
    if not external_ids:
        return {}
    # A first import from a source (the usual case) needs no per-id look-up at all.
    if any_stored is None:
        any_stored = _any_stored(session, source_system)
    if not any_stored:
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


def _same(stored: tuple[Any, ...], e: IncomingEvent | EventRow) -> bool:
    lon, lat, reported = stored
    return (
        lon is not None
        and lat is not None
        and abs(lon - e.lon) < 1e-9
        and abs(lat - e.lat) < 1e-9
        and reported == e.reported_at
    )


def _verify_dues(session: Session, start: datetime) -> dict[int, datetime | None]:
    """The verification deadline of every category for cases received at `start` (one import, one
    start): looked up before the reader thread starts, as it must not use the session."""
    calendar = sla_clock.work_calendar(session)
    dues: dict[int, datetime | None] = {}
    for category_id, amount, unit in session.execute(
        select(CategoryLimit.category_id, CategoryLimit.amount, CategoryLimit.unit).where(
            CategoryLimit.step == SlaStep.VERIFY.value
        )
    ):
        try:
            limit = sla.TimeLimit(float(amount), unit)
        except ValueError:
            continue  # as sla_clock.category_limits: a mistyped limit leaves the step unlimited
        dues[category_id] = sla_clock.Clock(calendar, {SlaStep.VERIFY: limit}).due(SlaStep.VERIFY, start)
    return dues


@dataclass(frozen=True)
class _Shared:
    """What every row of one import shares."""

    source_system: str
    received_at: datetime
    verify_due: Mapping[int, datetime | None]  # per category (absent: no limit)


@dataclass
class _Prepared:
    """A chunk of checked events, placed in grids, as rows ready to write. Position flags are set by
    the writer (they may need the database, which the reader thread must not use)."""

    rows: list[EventRow]
    media_urls: list[str | None]
    lons: np.ndarray
    lats: np.ndarray
    grid_ids: np.ndarray  # -1: outside every grid
    claims: list[str | None]  # the grid each row claims to be in (from the file)


def _prepare(events: list[IncomingEvent], index: GridIndex, shared: _Shared) -> _Prepared:
    lons = np.fromiter((e.lon for e in events), dtype=np.float64, count=len(events))
    lats = np.fromiter((e.lat for e in events), dtype=np.float64, count=len(events))
    grid_ids = index.assign(lons, lats)
    received_at = shared.received_at
    source = Source.IMPORT.value
    source_system = shared.source_system
    dues = shared.verify_due
    flag_after = placement.TIME_FLAG_AFTER
    new_row = tuple.__new__  # EventRow(...) with 22 keywords costs several microseconds a row
    rows: list[EventRow] = []
    for e, gid in zip(events, grid_ids.tolist(), strict=True):
        # placement.time_flag, inline
        source_received = e.source_received_at
        tflag = source_received is not None and abs(source_received - e.reported_at) > flag_after
        # A reported case waits for verification: its clock starts when we receive it (as for a
        # report made in the app); a closed one has no running clock.
        if e.status == REPORTED:
            started = received_at
            due = dues.get(e.category_id)
        else:
            started = due = None
        rows.append(
            new_row(
                EventRow,
                (  # EventRow's fields, in order
                    source,
                    source_system,
                    e.external_id,
                    e.category_id,
                    e.original_category,
                    e.title,
                    e.description,
                    e.lat,
                    e.lon,
                    e.address,
                    e.reported_at,
                    received_at,
                    None if gid < 0 else gid,
                    e.claimed_grid_code,
                    False,  # position_flag: see _Prepared
                    tflag,
                    e.status,
                    e.closed_at,
                    started,
                    due,
                    due,
                    e.extra,
                ),
            )
        )
    return _Prepared(
        rows,
        [e.media_url for e in events],
        lons,
        lats,
        grid_ids,
        [e.claimed_grid_code for e in events],
    )


def _prepared_chunks(
    rows: Iterable[Any],
    checker: EventChecker,
    problems: Problems,
    index: GridIndex,
    shared: _Shared,
    size: int,
) -> Iterator[_Prepared]:
    """The file's events, checked, placed and made into rows, `size` at a time. After the first problem
    nothing more is yielded (the import will be refused), but every row is still checked, so the
    refusal lists all."""
    chunk: list[IncomingEvent] = []
    pause = _PAUSE_EVERY
    for n, row in enumerate(rows, 1):
        if pause and not n % pause:
            time.sleep(0)  # let a waiting writer thread have the GIL now, not after the 5 ms switch interval
        event = checker.check(row)
        if problems:
            chunk.clear()
        elif event is not None:
            chunk.append(event)
            if len(chunk) >= size:
                yield _prepare(chunk, index, shared)
                chunk = []
    if chunk and not problems:
        yield _prepare(chunk, index, shared)


@dataclass
class _Tally:
    rows: int = 0
    new: int = 0
    differing: int = 0
    unassigned: int = 0
    position_flagged: int = 0
    time_flagged: int = 0
    write_seconds: float = 0.0
    event_ids: list[int] = field(default_factory=list)


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
    t0 = time.perf_counter()
    problems = Problems(path.name)
    fmt, checker = _start(path, options, category_lookup(session), problems)
    method = write_method(session, options.write_method)
    received_at = now or datetime.now(UTC)
    # Everything the reader needs from the database, fetched before it starts: it must not use the session.
    shared = _Shared(options.source_system, received_at, _verify_dues(session, received_at))
    index = placement.load_grid_index(session)
    chunks: Iterable[_Prepared] = _prepared_chunks(
        _rows(path, fmt, options, problems), checker, problems, index, shared, CHUNK
    )
    # PostgreSQL: chunks are written while the reader thread reads the next ones, inside a savepoint
    # that is rolled back if any row turns out bad. Elsewhere the whole file is checked first.
    streaming = method == "copy"
    reader = ReadAhead(iter(chunks), name="event-import-reader") if streaming else None
    if reader is not None:
        chunks = reader
    else:
        chunks = list(chunks)
        problems.raise_if_any()
    t1 = time.perf_counter()
    tally = _Tally()
    writer = _Writer(session, path, options, received_at, method)
    savepoint = session.begin_nested() if streaming else None
    try:
        if streaming:
            for chunk in chunks:
                writer.write([chunk], tally)
        elif chunks:
            writer.write(list(chunks), tally)  # at once: SQLite's executemany takes it whole
    except BaseException:
        if savepoint is not None and savepoint.is_active:
            savepoint.rollback()
        raise
    if savepoint is not None:
        if problems:
            savepoint.rollback()
        else:
            savepoint.commit()
    problems.raise_if_any()
    seconds = {
        "read+check+place": reader.busy if reader is not None else t1 - t0,
        "write": tally.write_seconds,
        "total": time.perf_counter() - t0,
    }
    return EventImportResult(
        file=path.name,
        format=fmt,
        rows=tally.rows,
        new=tally.new,
        present=tally.rows - tally.new,
        present_differing=tally.differing,
        unassigned=tally.unassigned,
        position_flagged=tally.position_flagged,
        time_flagged=tally.time_flagged,
        event_ids=tally.event_ids,
        seconds=seconds,
    )


class _Writer:
    """Writes the prepared chunks of one import (in the main thread: it uses the session)."""

    def __init__(
        self, session: Session, path: Path, options: EventImportOptions, received_at: datetime, method: str
    ) -> None:
        self.session = session
        self.source_system = options.source_system
        self.received_at = received_at
        self.method = method
        self.trail = TrailInfo(note=f"imported from {path.name}", source_system=options.source_system)
        self.any_stored = _any_stored(session, options.source_system)
        self.catalog: dict[str, Any] = {}  # see write_events

    def write(self, chunks: list[_Prepared], tally: _Tally) -> None:
        """Skip the events already stored, flag and write the rest, count everything."""
        t0 = time.perf_counter()
        rows = [r for c in chunks for r in c.rows]
        urls = [u for c in chunks for u in c.media_urls]
        claims = [g for c in chunks for g in c.claims]
        lons = np.concatenate([c.lons for c in chunks])
        lats = np.concatenate([c.lats for c in chunks])
        grid_ids = np.concatenate([c.grid_ids for c in chunks])
        tally.rows += len(rows)
        if self.any_stored:
            rows, urls, claims, lons, lats, grid_ids = self._skip_stored(
                rows, urls, claims, lons, lats, grid_ids, tally
            )
        if rows:
            if any(claims):
                flags = placement.position_flags(self.session, claims, lons, lats)
                rows = [
                    r._replace(position_flag=True) if f else r
                    for r, f in zip(rows, flags.tolist(), strict=True)
                ]
                tally.position_flagged += int(flags.sum())
            media = [(i, url) for i, url in enumerate(urls) if url]
            tally.event_ids += write_events(
                self.session,
                rows,
                self.trail,
                self.received_at,
                media,
                method=self.method,
                catalog=self.catalog,
            )
            tally.new += len(rows)
            tally.unassigned += int((grid_ids < 0).sum())
            tally.time_flagged += sum(1 for r in rows if r.time_flag)
        tally.write_seconds += time.perf_counter() - t0

    def _skip_stored(
        self,
        rows: list[EventRow],
        urls: list[str | None],
        claims: list[str | None],
        lons: np.ndarray,
        lats: np.ndarray,
        grid_ids: np.ndarray,
        tally: _Tally,
    ) -> tuple[list[EventRow], list[str | None], list[str | None], np.ndarray, np.ndarray, np.ndarray]:
        stored = stored_events(
            self.session, self.source_system, [r.external_id for r in rows], any_stored=True
        )
        if not stored:
            return rows, urls, claims, lons, lats, grid_ids
        tally.differing += sum(
            1 for r in rows if r.external_id in stored and not _same(stored[r.external_id], r)
        )
        keep = [r.external_id not in stored for r in rows]
        mask = np.array(keep, dtype=bool)

        def kept(items: list[Any]) -> list[Any]:
            return [x for x, k in zip(items, keep, strict=True) if k]

        return kept(rows), kept(urls), kept(claims), lons[mask], lats[mask], grid_ids[mask]
