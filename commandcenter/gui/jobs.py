"""What the window asks the database, bundled per purpose (each runs on a worker thread).

Each function takes a Session and returns plain objects; bundling keeps one refresh = one session
and a handful of queries, instead of many round trips.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from commandcenter.services import queues as q


@dataclass(frozen=True)
class StaticData:
    grids: list[q.GridFeature]  # without boundaries (the map page gets grid_shapes)
    grid_shapes: str | None  # q.map_grid_payload: the map page's JSON, encoded here, off the GUI thread
    tree: list[q.TreeNode]
    categories: list[tuple[int, str, str]]
    people: list[q.PersonChoice]
    center: tuple[str, str]
    basemap: dict[str, Any] | None
    media_base: str | None = None  # where the media store serves the cases' relative media URLs


@dataclass(frozen=True)
class MapStatic:
    """What the map needs before its cases: the grids' boundaries and the center's basemap."""

    grid_shapes: str  # q.map_grid_payload
    basemap: dict[str, Any] | None


def load_map_static(session: Session) -> MapStatic:
    return MapStatic(q.map_grid_payload(session), q.setting(session, "basemap"))


def load_static(session: Session, shapes: bool = True) -> StaticData:
    """shapes=False: the grid boundaries were read by load_map_static (the window's start)."""
    return StaticData(
        grids=q.map_grids(session, geometry=False),
        grid_shapes=q.map_grid_payload(session) if shapes else None,
        tree=q.grid_tree(session),
        categories=q.categories(session),
        people=q.acting_people(session),
        center=q.center_name(session),
        basemap=q.setting(session, "basemap"),
        media_base=str((q.setting(session, "media") or {}).get("base_url") or "") or None,
    )


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    rows: list[q.CaseRow]
    queue: str
    cases: str | None  # q.MapCases.encode(): the map page's JSON
    n_cases: int
    grid_counts: dict[str, tuple[int, int]] | None


def load_overview(
    session: Session, flt: q.CaseFilter, map_flt: q.CaseFilter | None, queue: str, now: datetime
) -> Overview:
    """Counts, one queue's rows and (when map_flt is given) the map's cases and grid counts."""
    cases = None if map_flt is None else q.map_cases(session, map_flt, now)
    return Overview(
        counts=q.queue_counts(session, flt, now),
        rows=q.queue_rows(session, queue, flt, now),
        queue=queue,
        cases=None if cases is None else cases.encode(),
        n_cases=0 if cases is None else len(cases),
        grid_counts=None if map_flt is None else q.grid_counts(session, map_flt, now),
    )


@dataclass(frozen=True)
class MapData:
    cases: str  # q.MapCases.encode(): the map page's JSON
    n_cases: int
    grid_counts: dict[str, tuple[int, int]]


def load_map(session: Session, map_flt: q.CaseFilter, now: datetime) -> MapData:
    """The map's cases and grid counts: a job of its own, so the map does not wait for the queues."""
    cases, counts = q.map_view(session, map_flt, now)
    return MapData(cases.encode(), len(cases), counts)


@dataclass(frozen=True)
class Delta:
    """Changed cases, as the queues and the map need them (counts come after, see load_counts)."""

    ids: frozenset[int]
    rows: list[q.CaseRow]  # those still passing the queues' filter
    membership: dict[int, frozenset[str]]
    on_map: frozenset[int]  # those still on the map (open, placed, passing the map's filter)
    map_upsert: str | None  # their MapCases.encode(), None when none is
    read_ms: float = 0.0  # time spent in the database and encoding (worker thread)


def load_delta(
    session: Session, ids: Iterable[int], flt: q.CaseFilter, map_flt: q.CaseFilter | None, now: datetime
) -> Delta:
    """Only the changed cases: a few milliseconds, so the map and the queues show them at once.

    The queue counts and grid counts need aggregates over every open case (~50-100 ms on 10,000
    cases); they are a separate job (load_counts), so they do not hold the changes back.
    `map_flt` None: the map's part was read already (read_map_delta), so on_map stays empty.
    """
    t0 = time.perf_counter()
    ids = frozenset(ids)
    rows = q.case_rows(session, ids, flt, now)
    # Without a place selected the map's filter is the queues' filter: the rows already say which
    # cases are on the map (open and placed), with their light; no second query.
    if map_flt is None:
        cases = q.map_cases_of([])
    elif flt == map_flt:
        cases = q.map_cases_of(rows)
    else:
        cases = q.map_cases(session, map_flt, now, ids=ids)
    return Delta(
        ids=ids,
        rows=rows,
        membership={r.id: q.row_queues(r, now) for r in rows},
        on_map=frozenset(cases.ids),
        map_upsert=cases.encode() if len(cases) else None,
        read_ms=(time.perf_counter() - t0) * 1000,
    )


@dataclass(frozen=True)
class MapDelta:
    """The map's part of a batch of changes, read on the live hub's thread (gui/live.py) as soon as
    the feed delivers it, so the window sends it to the page without a trip through the pool."""

    ids: frozenset[int]
    on_map: frozenset[int]  # those still on the map (open, placed, passing the map's filter)
    upsert: str | None  # their MapCases.encode(), None when none is
    read_ms: float = 0.0


# The categories' limit units for read_map_delta: (when read, units). Limits change by an
# administrator's hand; a batch may use units up to UNITS_TTL seconds old (the periodic refresh
# re-reads them with everything else).
UNITS_TTL = 30.0
_units: tuple[float, dict[tuple[int, str], str]] | None = None


def read_map_delta(
    factory: Callable[[], Session], ids: Iterable[int], map_flt: q.CaseFilter, now: datetime
) -> MapDelta:
    """One query in autocommit: no BEGIN/ROLLBACK round trips, which on a busy server cost more
    than the read of 100 rows."""
    global _units
    t0 = time.perf_counter()
    ids = frozenset(ids)
    bind = getattr(factory, "kw", {}).get("bind")
    session = Session(bind=bind.execution_options(isolation_level="AUTOCOMMIT")) if bind else factory()
    with session:
        if _units is None or time.monotonic() - _units[0] > UNITS_TTL:
            _units = (time.monotonic(), q.limit_units(session))
        cases = q.map_cases(session, map_flt, now, ids=ids, units=_units[1])
    return MapDelta(
        ids=ids,
        on_map=frozenset(cases.ids),
        upsert=cases.encode() if len(cases) else None,
        read_ms=(time.perf_counter() - t0) * 1000,
    )


@dataclass(frozen=True)
class Counts:
    counts: dict[str, int]
    grid_counts: dict[str, tuple[int, int]]


def load_counts(session: Session, flt: q.CaseFilter, map_flt: q.CaseFilter, now: datetime) -> Counts:
    """The queues' counts and the grids' open/overdue counts, two aggregate queries."""
    return Counts(counts=q.queue_counts(session, flt, now), grid_counts=q.grid_counts(session, map_flt, now))


@dataclass(frozen=True)
class UnitData:
    profile: q.UnitProfile
    coverage: list[str] | str | None


def load_unit(session: Session, kind: str, code: str, now: datetime) -> UnitData:
    profile = q.unit_profile(session, kind, code, now)
    coverage = q.logical_coverage(session, code) if kind == "logical" else None
    return UnitData(profile, coverage)
