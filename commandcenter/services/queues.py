"""Headless read models of the command-center window: queues, map payloads, the grid tree, profiles.

Everything here takes a Session and returns plain objects (dataclasses, lists, dicts), so the GUI can
run it on a worker thread and hand the result to the GUI thread, and tests can run it without a display.

Queues (a case may be in several: "overdue" and "unassigned" cut across the status queues). Every
open status is in exactly one status queue, so no open case is out of every queue:

| key          | which cases                                                                 |
| ------------ | --------------------------------------------------------------------------- |
| verify       | reported                                                                    |
| dispatch     | verified or routed                                                          |
| in_progress  | assigned, in progress or rework                                             |
| overdue      | open, not parked, and the current step's deadline has passed                |
| check        | replied                                                                     |
| to_close     | checked: the check passed, waiting for evaluation and closing (no clock)    |
| parked       | parked (挂账): the clock is stopped until the case resumes                  |
| unassigned   | open and outside every grid (grid_id IS NULL)                               |
| closed_today | closed since midnight of the center's day (Asia/Shanghai)                   |

Traffic lights are computed vectorised (numpy) with the same rule as `domain.sla.light`: the map needs
the light of 10,000 open cases in a few milliseconds, and `sla.light` with a working-day calendar costs
about 0.1 ms a call. Past parked intervals of a resumed case are not subtracted (only parked_seconds is
stored, not the intervals); the deadline itself already carries them, so "red" is exact and only the
green/yellow boundary of such a case can be slightly early.
"""

from __future__ import annotations

import base64
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import numpy as np
import shapely
from sqlalchemy import Float, Select, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from commandcenter.db import models as m
from commandcenter.domain import kpi
from commandcenter.domain.calendar import DEFAULT_CALENDAR, WorkCalendar
from commandcenter.domain.status import OPEN_STATUSES, Light, SlaStep, Status

# ------------------------------------------------------------------------------------------ queues


@dataclass(frozen=True)
class QueueDef:
    key: str
    label_zh: str
    label_en: str


QUEUES: Final[tuple[QueueDef, ...]] = (
    QueueDef("verify", "待核实", "To verify"),
    QueueDef("dispatch", "待分派", "To route & dispatch"),
    QueueDef("in_progress", "处置中", "In progress"),
    QueueDef("overdue", "已超时", "Overdue"),
    QueueDef("check", "待核查", "To check"),
    QueueDef("to_close", "待结案", "To close"),
    QueueDef("parked", "挂账", "Parked"),
    QueueDef("unassigned", "网格外", "Unassigned"),
    QueueDef("closed_today", "今日结案", "Closed today"),
)
QUEUE_KEYS: Final[tuple[str, ...]] = tuple(q.key for q in QUEUES)

_STATUS_QUEUES: Final[dict[str, frozenset[str]]] = {
    "verify": frozenset({Status.REPORTED}),
    "dispatch": frozenset({Status.VERIFIED, Status.ROUTED}),
    "in_progress": frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.REWORK}),
    "check": frozenset({Status.REPLIED}),
    "to_close": frozenset({Status.CHECKED}),
    "parked": frozenset({Status.PARKED}),
}
_OPEN: Final[tuple[str, ...]] = tuple(sorted(str(s) for s in OPEN_STATUSES))

# Which time limit runs in each status (the rest have no running clock).
SLA_STEP_OF: Final[dict[str, SlaStep]] = {
    Status.REPORTED: SlaStep.VERIFY,
    Status.VERIFIED: SlaStep.DISPATCH,
    Status.ROUTED: SlaStep.DISPATCH,
    Status.ASSIGNED: SlaStep.HANDLE,
    Status.IN_PROGRESS: SlaStep.HANDLE,
    Status.REWORK: SlaStep.HANDLE,
    Status.REPLIED: SlaStep.CHECK,
}

# Compact codes for the map: light and status as small integers.
LIGHT_CODES: Final[dict[Light | None, int]] = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2, None: 3}
LIGHT_OF_CODE: Final[dict[int, Light | None]] = {v: k for k, v in LIGHT_CODES.items()}
STATUS_CODES: Final[dict[str, int]] = {str(s): i for i, s in enumerate(Status)}

# An empty prefix or one of the district's length (or shorter) covers the whole district, including
# cases outside every grid.
DISTRICT_CODE_LENGTH: Final = 6


@dataclass(frozen=True)
class CaseFilter:
    """What the toolbar and the drill-down narrow the queues and the map to. Empty = everything."""

    grid_prefix: str | None = None  # a physical grid node's code: that node and everything below
    logical_code: str | None = None  # a logical grid's code: cases it (or a child) is responsible for
    category_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    since: datetime | None = None  # received_at >= since
    until: datetime | None = None  # received_at < until
    search: str | None = None  # case code, title, address, grid code or grid name

    def with_unit(self, kind: str | None, code: str | None) -> CaseFilter:
        if kind == "logical":
            return replace(self, logical_code=code, grid_prefix=None)
        return replace(self, grid_prefix=code, logical_code=None)


def day_start(now: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> datetime:
    """Midnight of `now`'s day in the center's time zone, in UTC."""
    local = now.astimezone(calendar.tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def _filter_conditions(flt: CaseFilter, grid: Any) -> list[ColumnElement[bool]]:
    e = m.Event
    conds: list[ColumnElement[bool]] = []
    if flt.grid_prefix and len(flt.grid_prefix) > DISTRICT_CODE_LENGTH:
        conds.append(grid.code.startswith(flt.grid_prefix, autoescape=True))
    if flt.logical_code:
        lg = select(m.LogicalGrid.id).where(m.LogicalGrid.code.startswith(flt.logical_code, autoescape=True))
        conds.append(e.responsible_logical_id.in_(lg.scalar_subquery()))
    if flt.category_ids:
        conds.append(e.category_id.in_(flt.category_ids))
    if flt.statuses:
        conds.append(e.status.in_(flt.statuses))
    if flt.since is not None:
        conds.append(e.received_at >= flt.since)
    if flt.until is not None:
        conds.append(e.received_at < flt.until)
    if flt.search and flt.search.strip():
        q = flt.search.strip()
        like = f"%{q.lower()}%"
        conds.append(
            or_(
                func.lower(e.code).like(like),
                func.lower(e.title).like(like),
                func.lower(e.address).like(like),
                grid.code.startswith(q, autoescape=True),
                func.lower(grid.name).like(like),
            )
        )
    return conds


def _queue_condition(key: str, now: datetime, today: datetime) -> ColumnElement[bool]:
    e = m.Event
    if key in _STATUS_QUEUES:
        return e.status.in_(sorted(_STATUS_QUEUES[key]))
    if key == "overdue":
        return and_(
            e.status.in_(_OPEN),
            e.status != Status.PARKED,
            e.step_deadline.is_not(None),
            e.step_deadline < now,
        )
    if key == "unassigned":
        return and_(e.status.in_(_OPEN), e.grid_id.is_(None))
    if key == "closed_today":
        return and_(e.status == Status.CLOSED, e.closed_at >= today, e.closed_at < today + timedelta(days=1))
    raise KeyError(f"no queue {key!r}; queues are {', '.join(QUEUE_KEYS)}")


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """SQL: the case is in the overdue queue at `now` (for other services' counts)."""
    return _queue_condition("overdue", now, day_start(now))


def row_queues(row: CaseRow, now: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> frozenset[str]:
    """The queues a case row belongs in: the same rules as the SQL, for updating views in place."""
    out = {key for key, statuses in _STATUS_QUEUES.items() if row.status in statuses}
    is_open = row.status in _OPEN
    if is_open and row.status != Status.PARKED and row.step_deadline is not None and row.step_deadline < now:
        out.add("overdue")
    if is_open and row.grid_code is None:
        out.add("unassigned")
    if row.status == Status.CLOSED and row.closed_at is not None:
        today = day_start(now, calendar)
        if today <= row.closed_at < today + timedelta(days=1):
            out.add("closed_today")
    return frozenset(out)


def queue_counts(
    session: Session, flt: CaseFilter = CaseFilter(), now: datetime | None = None
) -> dict[str, int]:
    """How many cases each queue holds under the filter, in one query."""
    now = now or datetime.now(UTC)
    today = day_start(now)
    g = aliased(m.Grid)
    columns = [
        func.coalesce(func.sum(case((_queue_condition(key, now, today), 1), else_=0)), 0).label(key)
        for key in QUEUE_KEYS
    ]
    stmt = select(*columns).select_from(m.Event).outerjoin(g, g.id == m.Event.grid_id)
    for cond in _filter_conditions(flt, g):
        stmt = stmt.where(cond)
    row = session.execute(stmt).one()
    return {key: int(row._mapping[key]) for key in QUEUE_KEYS}


# ------------------------------------------------------------------------------------------ lights


class LightClock:
    """Traffic lights and time left for many cases at once (see the module doc for the rule).

    Working-day limits use a cumulative table of working seconds per local day, so the working time
    between two instants is a subtraction: W(b) - W(a), the same as WorkCalendar.working_time
    without parked intervals.
    """

    def __init__(self, calendar: WorkCalendar = DEFAULT_CALENDAR) -> None:
        self.calendar = calendar

    def _working_seconds(self, t: np.ndarray) -> np.ndarray:
        """W(t): working seconds from a fixed origin to each instant (epoch seconds, NaN allowed)."""
        finite = t[np.isfinite(t)]
        if finite.size == 0:
            return np.full_like(t, np.nan)
        # China has no daylight saving time; take the zone's offset once, at the middle of the span
        # (not np.median: its first call imports numpy.ma, ~20 ms of a cold start).
        lo, hi = float(finite.min()), float(finite.max())
        mid = datetime.fromtimestamp((lo + hi) / 2, UTC)
        offset = mid.astimezone(self.calendar.tz).utcoffset() or timedelta(0)
        local = t + offset.total_seconds()
        days = np.floor(local / 86400.0)
        d0 = int(np.floor((lo + offset.total_seconds()) / 86400.0))
        d1 = int(np.floor((hi + offset.total_seconds()) / 86400.0))
        epoch = date(1970, 1, 1)
        flags = np.array(
            [self.calendar.is_workday(epoch + timedelta(days=d)) for d in range(d0, d1 + 1)], dtype=float
        )
        cum = np.concatenate(([0.0], np.cumsum(flags) * 86400.0))
        idx = np.where(np.isfinite(days), days - d0, 0).astype(np.int64)
        into = local - days * 86400.0
        return np.where(np.isfinite(t), cum[idx] + flags[idx] * into, np.nan)

    def read(
        self,
        start: np.ndarray,
        deadline: np.ndarray,
        workdays: np.ndarray,
        now: datetime,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(light codes, seconds left) for epoch-second arrays; NaN start/deadline -> code 3, NaN."""
        now_s = now.timestamp()
        n = len(start)
        codes = np.full(n, LIGHT_CODES[None], dtype=np.int8)
        left = np.full(n, np.nan)
        if n == 0:
            return codes, left
        has = np.isfinite(start) & np.isfinite(deadline)
        allowed = deadline - start
        used = now_s - start
        left = np.where(has, deadline - now_s, np.nan)
        if workdays.any():
            wd = has & workdays
            both = np.concatenate((start[wd], deadline[wd], np.full(int(wd.sum()), now_s)))
            w = self._working_seconds(both)
            k = int(wd.sum())
            ws, wdl, wnow = w[:k], w[k : 2 * k], w[2 * k :]
            allowed[wd] = wdl - ws
            used[wd] = wnow - ws
            left[wd] = wdl - wnow
        red = (used > allowed) | ((now_s > deadline) & (used >= allowed))
        yellow = used * 5 > allowed * 4
        codes[has] = np.where(red, 2, np.where(yellow, 1, 0))[has]
        return codes, left


def _epoch(values: Iterable[datetime | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v.timestamp() for v in values], dtype=float)


def limit_units(session: Session) -> dict[tuple[int, str], str]:
    """(category id, step) -> the unit of its time limit ("hours", "workdays")."""
    rows = session.execute(select(m.CategoryLimit.category_id, m.CategoryLimit.step, m.CategoryLimit.unit))
    return {(cid, step): unit for cid, step, unit in rows}


def _lights_for(
    session: Session,
    statuses: Sequence[str],
    category_ids: Sequence[int],
    starts: Sequence[datetime | None],
    deadlines: Sequence[datetime | None],
    now: datetime,
    units: Mapping[tuple[int, str], str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    return _lights_for_epochs(session, statuses, category_ids, _epoch(starts), _epoch(deadlines), now, units)


def _lights_for_epochs(
    session: Session,
    statuses: Sequence[str],
    category_ids: Sequence[int],
    start: np.ndarray,
    deadline: np.ndarray,
    now: datetime,
    units: Mapping[tuple[int, str], str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The same as _lights_for, for start/deadline already in epoch seconds (NaN = none)."""
    units = limit_units(session) if units is None else units
    clocked = np.array([s in SLA_STEP_OF for s in statuses], dtype=bool)
    workdays = np.array(
        [
            units.get((cid, str(SLA_STEP_OF[s]))) == "workdays" if s in SLA_STEP_OF else False
            for s, cid in zip(statuses, category_ids, strict=True)
        ],
        dtype=bool,
    )
    start = np.array(start, dtype=float)
    start[~clocked] = np.nan
    return LightClock().read(start, np.asarray(deadline, dtype=float), workdays, now)


def _epoch_sql(session: Session, column: Any) -> ColumnElement[Any]:
    """A timestamp column as epoch seconds computed by the database.

    The map reads 10,000 rows at a time: converting two datetimes per row in Python (SQLAlchemy's
    type processing, then .timestamp()) cost three quarters of the query's time on SQLite.
    SQLite stores naive UTC text, which julianday() reads as UTC. PostgreSQL's extract() is numeric:
    as float8 it arrives as a float, not a Decimal to convert again (~10 ms of 10,000 rows).
    """
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return cast(func.extract("epoch", column), Float)


# ------------------------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case as a queue shows it."""

    id: int
    code: str
    title: str
    category_id: int
    category: str
    category_en: str
    status: str
    priority: int
    supervised: bool
    grid_code: str | None
    grid_name: str | None
    address: str | None
    assignee: str | None
    received_at: datetime
    step_deadline: datetime | None
    closed_at: datetime | None
    lat: float | None
    lon: float | None
    version: int
    light: Light | None
    time_left_s: float | None  # negative when overdue; working seconds for working-day limits


def _row_select(flt: CaseFilter) -> tuple[Select[Any], Any]:
    e = m.Event
    g = aliased(m.Grid)
    p = aliased(m.Person)
    c = m.Category
    stmt = (
        select(
            e.id,
            e.code,
            e.title,
            e.category_id,
            c.name,
            c.name_en,
            e.status,
            e.priority,
            e.supervised,
            g.code,
            g.name,
            e.address,
            p.name,
            e.received_at,
            e.step_started_at,
            e.step_deadline,
            e.closed_at,
            e.lat,
            e.lon,
            e.version,
        )
        .select_from(e)
        .join(c, c.id == e.category_id)
        .outerjoin(g, g.id == e.grid_id)
        .outerjoin(p, p.id == e.assignee_id)
    )
    for cond in _filter_conditions(flt, g):
        stmt = stmt.where(cond)
    return stmt, g


def _rows(session: Session, stmt: Select[Any], now: datetime) -> list[CaseRow]:
    raw = session.execute(stmt).all()
    if not raw:
        return []
    codes, left = _lights_for(
        session, [r[6] for r in raw], [r[3] for r in raw], [r[14] for r in raw], [r[15] for r in raw], now
    )
    out = []
    for r, code, secs in zip(raw, codes.tolist(), left.tolist(), strict=True):
        out.append(
            CaseRow(
                id=r[0],
                code=r[1] or "",
                title=r[2] or "",
                category_id=r[3],
                category=r[4],
                category_en=r[5] or r[4],
                status=r[6],
                priority=r[7],
                supervised=bool(r[8]),
                grid_code=r[9],
                grid_name=r[10],
                address=r[11],
                assignee=r[12],
                received_at=r[13],
                step_deadline=r[15],
                closed_at=r[16],
                lat=r[17],
                lon=r[18],
                version=r[19],
                light=LIGHT_OF_CODE[code],
                time_left_s=None if secs != secs else secs,  # NaN -> None
            )
        )
    return out


def queue_rows(
    session: Session,
    key: str,
    flt: CaseFilter = CaseFilter(),
    now: datetime | None = None,
    limit: int | None = None,
) -> list[CaseRow]:
    """The cases of one queue, most urgent first (earliest step deadline; closed: latest closed)."""
    now = now or datetime.now(UTC)
    stmt, _g = _row_select(flt)
    stmt = stmt.where(_queue_condition(key, now, day_start(now)))
    e = m.Event
    if key == "closed_today":
        stmt = stmt.order_by(e.closed_at.desc(), e.id)
    else:
        stmt = stmt.order_by(e.step_deadline.is_(None), e.step_deadline, e.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return _rows(session, stmt, now)


def case_rows(
    session: Session, ids: Iterable[int], flt: CaseFilter = CaseFilter(), now: datetime | None = None
) -> list[CaseRow]:
    """The rows of these cases that pass the filter (a case left out no longer belongs in any view)."""
    ids = sorted(set(ids))
    if not ids:
        return []
    now = now or datetime.now(UTC)
    stmt, _g = _row_select(flt)
    return _rows(session, stmt.where(m.Event.id.in_(ids)).order_by(m.Event.id), now)


# -------------------------------------------------------------------------------------------- map


@dataclass(frozen=True)
class MapCases:
    """Open cases as parallel arrays (what the map's canvas layer draws)."""

    ids: list[int]
    lat: list[float]
    lon: list[float]
    light: list[int]  # LIGHT_CODES
    priority: list[int]
    status: list[int]  # STATUS_CODES

    def __len__(self) -> int:
        return len(self.ids)

    def as_dict(self) -> dict[str, list[Any]]:
        return {
            "ids": self.ids,
            "lat": self.lat,
            "lon": self.lon,
            "light": self.light,
            "priority": self.priority,
            "status": self.status,
        }

    def encode(self) -> str:
        """The arrays as the page's JSON: little-endian typed arrays in base64 (see _b64).

        A JSON list of 10,000 floats is ~10x larger and is parsed number by number on both sides of
        the web channel; base64 typed arrays cross it as one string and become views in the page.
        Positions are integers of 1e-7 degree (1 cm, as OpenStreetMap stores them).
        """
        return json.dumps(
            {
                "n": len(self.ids),
                "ids": _b64(np.asarray(self.ids, dtype="<i4")),
                "lon": _b64(np.round(np.asarray(self.lon, dtype=float) * COORD_SCALE).astype("<i4")),
                "lat": _b64(np.round(np.asarray(self.lat, dtype=float) * COORD_SCALE).astype("<i4")),
                "light": _b64(np.asarray(self.light, dtype=np.uint8)),
                "priority": _b64(np.clip(np.asarray(self.priority, dtype=np.int64), 0, 255).astype(np.uint8)),
                "status": _b64(np.asarray(self.status, dtype=np.int8)),
            },
            separators=(",", ":"),
        )


COORD_SCALE: Final = 1e7  # degrees -> int32 units sent to the map page


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def _map_select(
    session: Session, flt: CaseFilter, ids: Iterable[int] | None, placed_only: bool
) -> Select[Any]:
    e = m.Event
    g = aliased(m.Grid)
    stmt = (
        select(
            e.id,
            e.lat,
            e.lon,
            e.status,
            e.priority,
            e.category_id,
            _epoch_sql(session, e.step_started_at),
            _epoch_sql(session, e.step_deadline),
            e.grid_id,
        )
        .select_from(e)
        .outerjoin(g, g.id == e.grid_id)
        .where(e.status.in_(_OPEN))
    )
    if placed_only:
        stmt = stmt.where(e.lat.is_not(None), e.lon.is_not(None))
    if ids is not None:
        stmt = stmt.where(e.id.in_(sorted(set(ids))))
    for cond in _filter_conditions(flt, g):
        stmt = stmt.where(cond)
    return stmt.order_by(e.id)


def _map_cases_from(
    session: Session,
    cols: Sequence[Sequence[Any]],
    keep: np.ndarray | None,
    now: datetime,
    units: Mapping[tuple[int, str], str] | None,
) -> MapCases:
    """MapCases of the rows read by _map_select (as columns), only those where `keep` if given."""
    if keep is not None:
        index = np.flatnonzero(keep).tolist()
        cols = [[col[i] for i in index] for col in cols[:8]]
    if not cols or not len(cols[0]):
        return MapCases([], [], [], [], [], [])
    # numpy reads None as NaN in a float array: no per-row Python here (10,000 rows on a cold start).
    start = np.array(cols[6], dtype=float)
    deadline = np.array(cols[7], dtype=float)
    codes, _left = _lights_for_epochs(session, cols[3], cols[5], start, deadline, now, units)
    status_code = STATUS_CODES.get
    return MapCases(
        ids=list(cols[0]),
        lat=list(cols[1]),
        lon=list(cols[2]),
        light=codes.tolist(),
        priority=np.asarray(cols[4], dtype=np.int64).tolist(),
        status=[status_code(st, -1) for st in cols[3]],
    )


def map_cases(
    session: Session,
    flt: CaseFilter = CaseFilter(),
    now: datetime | None = None,
    ids: Iterable[int] | None = None,
    units: Mapping[tuple[int, str], str] | None = None,
) -> MapCases:
    """Open cases with a position, under the filter (only `ids` if given: for a diff).

    units: the categories' limit units (limit_units()) if the caller keeps them, else read here."""
    now = now or datetime.now(UTC)
    # On the session's connection (Core): plain columns need none of the ORM's row handling, which
    # costs ~half the read for 10,000 rows.
    raw = session.connection().execute(_map_select(session, flt, ids, placed_only=True)).all()
    return _map_cases_from(session, list(zip(*raw, strict=True)), None, now, units)


def map_view(
    session: Session, flt: CaseFilter = CaseFilter(), now: datetime | None = None
) -> tuple[MapCases, dict[str, tuple[int, int]]]:
    """What map_cases and grid_counts return, from one read of the open cases.

    The window's full reads of the map (its first drawing, a new filter) need both; the counts are
    then summed here from the same rows instead of by a second aggregate query (~25 ms of 10,000).
    """
    now = now or datetime.now(UTC)
    raw = session.connection().execute(_map_select(session, flt, None, placed_only=False)).all()
    if not raw:
        return MapCases([], [], [], [], [], []), {}
    cols = list(zip(*raw, strict=True))
    lat = np.array(cols[1], dtype=float)
    lon = np.array(cols[2], dtype=float)
    placed = np.isfinite(lat) & np.isfinite(lon)
    cases = _map_cases_from(session, cols, None if placed.all() else placed, now, None)
    # Overdue as _queue_condition("overdue") says: open (all are), not parked, deadline passed.
    gid = np.array(cols[8], dtype=float)
    deadline = np.array(cols[7], dtype=float)
    status = np.array(cols[3], dtype=object)
    late = (status != str(Status.PARKED)) & np.isfinite(deadline) & (deadline < now.timestamp())
    in_grid = np.isfinite(gid)
    leaf_ids, where = np.unique(gid[in_grid].astype(np.int64), return_inverse=True)
    n_open = np.bincount(where, minlength=len(leaf_ids))
    n_late = np.bincount(where, weights=late[in_grid], minlength=len(leaf_ids))
    grid = m.Grid
    nodes = {
        gid_: (code, parent)
        for gid_, code, parent in session.execute(select(grid.id, grid.code, grid.parent_id))
    }
    return cases, _roll_up(
        {
            nodes[i][0]: (int(n), int(o))
            for i, n, o in zip(leaf_ids.tolist(), n_open, n_late, strict=True)
            if i in nodes
        },
        {code: nodes[parent][0] if parent in nodes else None for code, parent in nodes.values()},
    )


def map_cases_of(rows: Iterable[CaseRow]) -> MapCases:
    """The map's arrays for these case rows (read under the same filter): what map_cases(ids=...)
    returns for them, without reading them again."""
    on_map = [r for r in rows if r.status in _OPEN and r.lat is not None and r.lon is not None]
    return MapCases(
        ids=[r.id for r in on_map],
        lat=[float(r.lat) for r in on_map],  # type: ignore[arg-type]
        lon=[float(r.lon) for r in on_map],  # type: ignore[arg-type]
        light=[LIGHT_CODES[r.light] for r in on_map],
        priority=[int(r.priority) for r in on_map],
        status=[STATUS_CODES.get(r.status, -1) for r in on_map],
    )


@dataclass(frozen=True)
class GridFeature:
    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    geometry: dict[str, Any] | None  # GeoJSON geometry (WGS84)
    bbox: tuple[float, float, float, float] | None  # min_lon, min_lat, max_lon, max_lat


def map_grids(session: Session, precision: int = 6, geometry: bool = True) -> list[GridFeature]:
    """Every physical grid with its boundary as GeoJSON, top down in code order.

    geometry=False leaves the boundaries out (the window needs codes and boxes; the map page gets its
    boundaries from map_grid_payload, which is far cheaper than GeoJSON).
    """
    parent = aliased(m.Grid)
    g = m.Grid
    rows = session.execute(
        select(
            g.id,
            g.code,
            g.name,
            g.level,
            parent.code,
            g.geom_wkb if geometry else literal(None),
            g.min_lon,
            g.min_lat,
            g.max_lon,
            g.max_lat,
        )
        .outerjoin(parent, parent.id == g.parent_id)
        .order_by(g.code)
    ).all()
    wkbs = [r[5] for r in rows]
    present = [i for i, w in enumerate(wkbs) if w]
    geoms: list[dict[str, Any] | None] = [None] * len(rows)
    if present:
        shapes = shapely.from_wkb([wkbs[i] for i in present])
        texts = shapely.to_geojson(shapely.set_precision(shapes, 10.0**-precision))
        for i, text in zip(present, texts, strict=True):
            geoms[i] = json.loads(text)
    return [
        GridFeature(
            id=r[0],
            code=r[1],
            name=r[2],
            level=r[3],
            parent_code=r[4],
            geometry=geoms[i],
            bbox=None if r[6] is None else (r[6], r[7], r[8], r[9]),
        )
        for i, r in enumerate(rows)
    ]


GRID_LEVELS: Final[tuple[str, ...]] = ("district", "township", "community", "grid", "micro")


def map_grid_payload(session: Session) -> str:
    """Every physical grid's boundary for the map page, as compact JSON (sent once, after it loaded).

    {"codes", "names", "levels" (index into "levelNames"), "ringGrid" (grid index of each ring),
    "ringLen" (vertices of each ring), "xy" (lon, lat pairs)}; the last three are base64 little-endian
    int32, positions in 1e-7 degree. Rings of one grid are consecutive, holes included (the page fills
    with the even-odd rule). No simplification: the whole district is ~7,000 vertices, which the page
    projects in well under a millisecond; the page skips what is off screen.
    """
    g = m.Grid
    rows = session.execute(select(g.code, g.name, g.level, g.geom_wkb).order_by(g.code)).all()
    level_index = {lv: i for i, lv in enumerate(GRID_LEVELS)}
    codes = [r[0] for r in rows]
    present = [i for i, r in enumerate(rows) if r[3]]
    ring_grid = np.zeros(0, dtype=np.int64)
    ring_len = np.zeros(0, dtype=np.int64)
    xy = np.zeros((0, 2))
    if present:
        shapes = shapely.from_wkb([rows[i][3] for i in present])
        parts, part_of = shapely.get_parts(shapes, return_index=True)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        xy, vertex_of = shapely.get_coordinates(rings, return_index=True)
        ring_grid = np.asarray(present, dtype=np.int64)[part_of[ring_of]]
        ring_len = np.bincount(vertex_of, minlength=len(rings))
    return json.dumps(
        {
            "levelNames": list(GRID_LEVELS),
            "codes": codes,
            "names": [r[1] for r in rows],
            "levels": [level_index.get(r[2], level_index["grid"]) for r in rows],
            "ringGrid": _b64(ring_grid.astype("<i4")),
            "ringLen": _b64(ring_len.astype("<i4")),
            "xy": _b64(np.round(xy * COORD_SCALE).astype("<i4")),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def grid_counts(
    session: Session, flt: CaseFilter = CaseFilter(), now: datetime | None = None
) -> dict[str, tuple[int, int]]:
    """code -> (open, overdue) for every grid node that has any, summed up the hierarchy."""
    now = now or datetime.now(UTC)
    e = m.Event
    g = aliased(m.Grid)
    overdue = _queue_condition("overdue", now, day_start(now))
    stmt = (
        select(g.code, func.count(), func.coalesce(func.sum(case((overdue, 1), else_=0)), 0))
        .select_from(e)
        .join(g, g.id == e.grid_id)
        .where(e.status.in_(_OPEN))
        .group_by(g.code)
    )
    for cond in _filter_conditions(flt, g):
        stmt = stmt.where(cond)
    leaf = {code: (int(n), int(o)) for code, n, o in session.connection().execute(stmt)}
    pg = aliased(m.Grid)
    parents: dict[str, str | None] = {
        c: p
        for c, p in session.execute(select(m.Grid.code, pg.code).outerjoin(pg, pg.id == m.Grid.parent_id))
    }
    return _roll_up(leaf, parents)


def _roll_up(
    leaf: Mapping[str, tuple[int, int]], parents: Mapping[str, str | None]
) -> dict[str, tuple[int, int]]:
    """Counts of the grids that hold cases, added to every grid above them."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, (n, o) in leaf.items():
        node: str | None = code
        seen = 0
        while node is not None and seen < 16:  # 16: deeper than any real hierarchy, guards a cycle
            totals[node][0] += n
            totals[node][1] += o
            node = parents.get(node)
            seen += 1
    return {code: (v[0], v[1]) for code, v in totals.items()}


# ------------------------------------------------------------------------------------------- tree


@dataclass(frozen=True, slots=True)
class TreeNode:
    kind: str  # "grid" or "logical"
    id: int
    code: str
    name: str
    level: str  # grid level, or the logical grid's kind
    parent_id: int | None


def grid_tree(session: Session) -> list[TreeNode]:
    """Physical grids (district > township > community > grid) then logical grids, parents first."""
    g = m.Grid
    lg = m.LogicalGrid
    out = [
        TreeNode("grid", i, code, name, level, pid)
        for i, code, name, level, pid in session.execute(
            select(g.id, g.code, g.name, g.level, g.parent_id).order_by(func.length(g.code), g.code)
        )
    ]
    out += [
        TreeNode("logical", i, code, name, kind, pid)
        for i, code, name, kind, pid in session.execute(
            select(lg.id, lg.code, lg.name, lg.kind, lg.parent_id).order_by(func.length(lg.code), lg.code)
        )
    ]
    return out


# ---------------------------------------------------------------------------------------- profile


@dataclass(frozen=True, slots=True)
class Worker:
    name: str
    phone: str | None
    role: str


@dataclass(frozen=True)
class UnitProfile:
    kind: str  # "grid" or "logical"
    code: str
    name: str
    level: str
    workers: list[Worker]
    households: int
    residents: int
    grids: int  # leaf grids under the node (physical) or covered (logical; 0 = all)
    open: int
    overdue: int
    measures: kpi.Measures
    counts: kpi.Counts
    days: list[date]
    per_day: list[int]
    by_category: list[tuple[str, str, int]]  # (name, name_en, count), largest first
    bbox: tuple[float, float, float, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _counts_last_days(session: Session, where: list[ColumnElement[bool]], since: datetime) -> kpi.Counts:
    """The measures' counts over cases received since `since` (a fallback for services.kpi)."""
    e = m.Event

    def n(cond: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    closed = e.status == Status.CLOSED
    due = or_(closed, and_(e.deadline.is_not(None), e.deadline < func.current_timestamp()))
    on_time = and_(closed, or_(e.deadline.is_(None), e.closed_at <= e.deadline))
    stmt = select(
        n(and_(e.status != Status.VOIDED, due)),
        n(closed),
        n(on_time),
        n(e.dispatched_at.is_not(None)),
        n(e.reworks > 0),
        n(e.sent_backs > 0),
        n(e.verified_at.is_not(None)),
        n(e.rating.is_not(None)),
        n(e.rating >= 4),
    ).where(e.received_at >= since, *where)
    r = session.execute(stmt).one()
    return kpi.Counts(
        should_close=int(r[0]),
        closed=min(int(r[1]), int(r[0])),
        closed_on_time=min(int(r[2]), int(r[0])),
        dispatched=int(r[3]),
        reworked=min(int(r[4]), int(r[3])),
        sent_back=min(int(r[5]), int(r[3])),
        to_verify=int(r[6]),
        verified_on_time=int(r[6]),
        ratings=int(r[7]),
        satisfied=int(r[8]),
    )


def _service_counts(
    session: Session, kind: str, code: str, since: datetime, now: datetime
) -> kpi.Counts | None:
    """The services engineer's KPI counts for a unit, when that module exists (None otherwise)."""
    try:
        from commandcenter.services import kpi as service_kpi  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(service_kpi, "unit_counts", None)
    if fn is None:
        return None
    try:
        result = fn(session, kind=kind, code=code, since=since, until=now, now=now)
    except TypeError:  # a different signature than expected: fall back rather than guess
        return None
    return result if isinstance(result, kpi.Counts) else None


def unit_profile(
    session: Session, kind: str, code: str, now: datetime | None = None, days: int = 30
) -> UnitProfile:
    """The drill-down profile of a physical grid node or a logical grid."""
    now = now or datetime.now(UTC)
    e = m.Event
    since = day_start(now) - timedelta(days=days - 1)
    if kind == "logical":
        unit = session.execute(select(m.LogicalGrid).where(m.LogicalGrid.code == code)).scalar_one()
        lg_ids = select(m.LogicalGrid.id).where(m.LogicalGrid.code.startswith(code, autoescape=True))
        where: list[ColumnElement[bool]] = [e.responsible_logical_id.in_(lg_ids.scalar_subquery())]
        people = session.execute(
            select(m.Person.name, m.Person.phone, m.LogicalMembership.role)
            .join(m.LogicalMembership, m.LogicalMembership.person_id == m.Person.id)
            .where(m.LogicalMembership.logical_grid_id == unit.id)
            .order_by(m.LogicalMembership.role, m.Person.name)
        ).all()
        covered = (
            session.scalar(select(func.count()).where(m.LogicalGridCoverage.logical_grid_id == unit.id)) or 0
        )
        households = residents = 0
        name, level, bbox = unit.name, unit.kind, None
        grids = 0 if unit.covers_all else int(covered)
    else:
        node = session.execute(select(m.Grid).where(m.Grid.code == code)).scalar_one()
        sub = select(m.Grid.id).where(m.Grid.code.startswith(code, autoescape=True))
        where = [] if len(code) <= DISTRICT_CODE_LENGTH else [e.grid_id.in_(sub.scalar_subquery())]
        people = session.execute(
            select(m.Person.name, m.Person.phone, m.GridMembership.role)
            .join(m.GridMembership, m.GridMembership.person_id == m.Person.id)
            .where(m.GridMembership.grid_id == node.id)
            .order_by(m.GridMembership.role, m.Person.name)
        ).all()
        if not people:  # a center: its operators
            people = session.execute(
                select(m.Person.name, m.Person.phone, m.RoleGrant.role)
                .join(m.RoleGrant, m.RoleGrant.person_id == m.Person.id)
                .where(m.RoleGrant.grid_id == node.id)
                .order_by(m.RoleGrant.role, m.Person.name)
            ).all()
        has_children = session.scalar(select(func.count()).where(m.Grid.parent_id == node.id)) or 0
        if has_children:
            leaves = select(
                func.count(),
                func.coalesce(func.sum(m.Grid.households), 0),
                func.coalesce(func.sum(m.Grid.residents), 0),
            ).where(m.Grid.code.startswith(code, autoescape=True), m.Grid.level == "grid")
            grids, households, residents = (int(x) for x in session.execute(leaves).one())
            if not households and node.households:
                households, residents = node.households, node.residents
        else:
            grids, households, residents = 1, node.households, node.residents
        name, level = node.name, node.level
        bbox = None if node.min_lon is None else (node.min_lon, node.min_lat, node.max_lon, node.max_lat)

    today = day_start(now)
    overdue = _queue_condition("overdue", now, today)
    open_n, overdue_n = session.execute(
        select(func.count(), func.coalesce(func.sum(case((overdue, 1), else_=0)), 0)).where(
            e.status.in_(_OPEN), *where
        )
    ).one()
    counts = _service_counts(session, kind, code, since, now) or _counts_last_days(session, where, since)
    day_col = e.received_at
    stamps = session.execute(select(day_col).where(day_col >= since, *where)).scalars().all()
    tz = DEFAULT_CALENDAR.tz
    per = Counter(s.astimezone(tz).date() for s in stamps)
    first = since.astimezone(tz).date()
    day_list = [first + timedelta(days=i) for i in range(days)]
    by_cat = session.execute(
        select(m.Category.name, m.Category.name_en, func.count())
        .join(e, e.category_id == m.Category.id)
        .where(e.received_at >= since, *where)
        .group_by(m.Category.name, m.Category.name_en)
        .order_by(func.count().desc(), m.Category.name)
    ).all()
    return UnitProfile(
        kind=kind,
        code=code,
        name=name,
        level=level,
        workers=[Worker(n, p, r) for n, p, r in people],
        households=int(households or 0),
        residents=int(residents or 0),
        grids=grids,
        open=int(open_n),
        overdue=int(overdue_n),
        measures=kpi.measures(counts),
        counts=counts,
        days=day_list,
        per_day=[per.get(d, 0) for d in day_list],
        by_category=[(n, en or n, int(c)) for n, en, c in by_cat],
        bbox=bbox,
    )


# ------------------------------------------------------------------------------------------- case


@dataclass(frozen=True, slots=True)
class TrailItem:
    at: datetime
    step: str
    actor: str | None
    from_status: str | None
    to_status: str
    note: str | None
    data: dict[str, Any]
    target: str = ""  # whom the step handed the case to: the unit's or the assignee's name


@dataclass(frozen=True, slots=True)
class MediaItem:
    kind: str
    url: str
    taken_at: datetime | None
    step: str | None = None  # the step it came with: report (before handling), reply (after) ...


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case view shows, and the steps the acting person may take now."""

    row: CaseRow
    fields: dict[str, Any]  # every column of the case, by column name
    responsible: tuple[str, str, str] | None  # (kind, code, name)
    reporter: str | None
    trail: list[TrailItem]
    media: list[MediaItem]
    allowed_steps: list[str]
    refused: dict[str, str]  # steps the state allows but the person may not take -> why
    ahead: list[Any] = field(default_factory=list)  # permissions.Blocked: the loop's next steps not theirs


def _unit_of(session: Session, ev: m.Event) -> tuple[str, str, str] | None:
    if ev.responsible_kind == "logical" and ev.responsible_logical_id is not None:
        lg = session.get(m.LogicalGrid, ev.responsible_logical_id)
        return None if lg is None else ("logical", lg.code, lg.name)
    if ev.responsible_grid_id is not None:
        g = session.get(m.Grid, ev.responsible_grid_id)
        return None if g is None else (ev.responsible_kind or "grid", g.code, g.name)
    return None


def actor_of(session: Session, person_id: int) -> Any:
    """The person as `domain.permissions.Actor`, with their role grants and scopes."""
    from commandcenter.domain.permissions import Actor, RoleGrant

    person = session.get(m.Person, person_id)
    g = aliased(m.Grid)
    lg = aliased(m.LogicalGrid)
    grants = []
    for role, gcode, gname, lcode, lname in session.execute(
        select(m.RoleGrant.role, g.code, g.name, lg.code, lg.name)
        .outerjoin(g, g.id == m.RoleGrant.grid_id)
        .outerjoin(lg, lg.id == m.RoleGrant.logical_grid_id)
        .where(m.RoleGrant.person_id == person_id)
    ):
        try:
            if lcode is not None:
                grants.append(RoleGrant(role, "logical", lcode, lname or ""))
            elif gcode is not None:
                grants.append(RoleGrant(role, "grid", gcode, gname or ""))
            else:
                grants.append(RoleGrant(role))
        except ValueError:  # a grant without the scope its role needs grants nothing
            continue
    return Actor(person_id, frozenset(grants), person.name if person else "")


def _case_state(ev: m.Event, responsible: tuple[str, str, str] | None) -> Any:
    from commandcenter.domain.workflow import CaseState, Extension

    return CaseState(
        status=ev.status,
        parked_from=ev.parked_from,
        assignee_id=ev.assignee_id,
        responsible=None if responsible is None else (responsible[0], responsible[1]),
        reworks=ev.reworks or 0,
        supervised=bool(ev.supervised),
        extension_pending=None if ev.extension_until is None else Extension(until=ev.extension_until),
        rating=ev.rating,
        deadline=ev.deadline,
        code=ev.code or "",
    )


def _with_targets(session: Session, trail: list[TrailItem]) -> list[TrailItem]:
    """Name whom each step handed the case to (a route's unit, an assignment's person): the
    trail's data keeps codes and ids. At most three reads, however long the trail."""
    people = {int(t.data["assignee_id"]) for t in trail if isinstance(t.data.get("assignee_id"), int)}
    units = [t.data["responsible"] for t in trail if isinstance(t.data.get("responsible"), dict)]
    grid_codes = {u.get("code") for u in units if u.get("kind") != "logical"}
    logical_codes = {u.get("code") for u in units if u.get("kind") == "logical"}
    person_names: dict[int, str] = {}
    grid_names: dict[str, str] = {}
    logical_names: dict[str, str] = {}
    if people:
        person_names = dict(
            session.execute(select(m.Person.id, m.Person.name).where(m.Person.id.in_(people))).all()
        )
    if grid_codes:
        grid_names = dict(
            session.execute(select(m.Grid.code, m.Grid.name).where(m.Grid.code.in_(grid_codes))).all()
        )
    if logical_codes:
        logical_names = dict(
            session.execute(
                select(m.LogicalGrid.code, m.LogicalGrid.name).where(m.LogicalGrid.code.in_(logical_codes))
            ).all()
        )
    out = []
    for t in trail:
        unit, person = t.data.get("responsible"), t.data.get("assignee_id")
        name = ""
        if isinstance(unit, dict):
            names = logical_names if unit.get("kind") == "logical" else grid_names
            name = names.get(unit.get("code"), str(unit.get("code") or ""))
        elif isinstance(person, int):
            name = person_names.get(person, str(person))
        out.append(replace(t, target=name) if name else t)
    return out


def case_detail(
    session: Session, case_id: int, person_id: int | None = None, now: datetime | None = None
) -> CaseDetail | None:
    """The case with its trail and media; None if it does not exist."""
    from commandcenter.domain import permissions, workflow
    from commandcenter.domain.status import Step

    now = now or datetime.now(UTC)
    ev = session.get(m.Event, case_id)
    if ev is None:
        return None
    rows = case_rows(session, [case_id], now=now)
    if not rows:
        return None
    responsible = _unit_of(session, ev)
    fields_ = {c.key: getattr(ev, c.key) for c in m.Event.__table__.columns}
    reporter = ev.reporter_name
    if ev.reporter_id is not None and not reporter:
        rp = session.get(m.Person, ev.reporter_id)
        reporter = rp.name if rp else None
    trail = _with_targets(
        session,
        [
            TrailItem(t.at, t.step, t.actor_name, t.from_status, t.to_status, t.note, dict(t.data or {}))
            for t in session.execute(
                select(m.TrailEntry).where(m.TrailEntry.event_id == case_id).order_by(m.TrailEntry.id)
            ).scalars()
        ],
    )
    media = [
        MediaItem(x.kind, x.url, x.taken_at, step)
        for x, step in session.execute(
            select(m.Media, m.TrailEntry.step)
            .outerjoin(m.TrailEntry, m.TrailEntry.id == m.Media.step_id)
            .where(m.Media.event_id == case_id)
            .order_by(m.Media.id)
        ).all()
    ]
    allowed: list[str] = []
    refused: dict[str, str] = {}
    ahead: list[Any] = []
    try:
        state = _case_state(ev, responsible)
        by_state = [s for s in workflow.allowed_steps(state) if s is not Step.RATE]  # citizens rate
    except (workflow.WorkflowError, ValueError):
        by_state = []
    if person_id is not None and by_state:
        actor = actor_of(session, person_id)
        grid = session.get(m.Grid, ev.grid_id) if ev.grid_id is not None else None
        ctx = permissions.CaseContext.of(
            state,
            grid_code=grid.code if grid else None,
            reporter_id=ev.reporter_id,
            grid_name=grid.name if grid else "",
            responsible_name=responsible[2] if responsible else "",
        )
        for step in by_state:
            reason = permissions.why_not(actor, step, ctx)
            if reason is None:
                allowed.append(str(step))
            else:
                refused[str(step)] = reason
        ahead = permissions.blocked_ahead(actor, ctx)
    return CaseDetail(rows[0], fields_, responsible, reporter, trail, media, allowed, refused, ahead)


# ------------------------------------------------------------------------------- people and units


@dataclass(frozen=True, slots=True)
class PersonChoice:
    id: int
    name: str
    phone: str | None
    detail: str  # role and where, e.g. "grid_worker 511503001001001"


def acting_people(session: Session) -> list[PersonChoice]:
    """People the app may act as until sign-in exists: administrators, operators (the district's
    center first), leaders, liaisons. The first is who a new window acts as: an administrator, who
    may take every step, so that the single-user demo can carry a case from report to closed (the
    grid workers who accept and reply are not in this list; their phones are their window)."""
    g = aliased(m.Grid)
    lg = aliased(m.LogicalGrid)
    rows = session.execute(
        select(m.Person.id, m.Person.name, m.Person.phone, m.RoleGrant.role, g.name, lg.name)
        .join(m.RoleGrant, m.RoleGrant.person_id == m.Person.id)
        .outerjoin(g, g.id == m.RoleGrant.grid_id)
        .outerjoin(lg, lg.id == m.RoleGrant.logical_grid_id)
        .where(m.RoleGrant.role.in_(("admin", "operator", "leader", "liaison")), m.Person.active.is_(True))
        .order_by(
            case({"admin": 0, "operator": 1, "leader": 2, "liaison": 3}, value=m.RoleGrant.role),
            func.length(func.coalesce(g.code, "")),
            m.Person.id,
        )
    ).all()
    seen: dict[int, PersonChoice] = {}
    for pid, name, phone, role, gname, lname in rows:
        if pid not in seen:
            seen[pid] = PersonChoice(pid, name, phone, " ".join(x for x in (role, gname or lname) if x))
    return list(seen.values())


@dataclass(frozen=True, slots=True)
class UnitChoice:
    kind: str  # grid, center, logical
    code: str
    name: str
    suggested: bool = False


def route_targets(session: Session, case_id: int) -> list[UnitChoice]:
    """Units a case can be routed to: the category's department first, its grid, its centers, the rest."""
    ev = session.get(m.Event, case_id)
    if ev is None:
        return []
    out: list[UnitChoice] = []
    cat = session.get(m.Category, ev.category_id)
    default_lg = cat.default_logical_grid_id if cat else None
    if ev.grid_id is not None:
        grid = session.get(m.Grid, ev.grid_id)
        chain = []
        node = grid
        while node is not None:
            chain.append(node)
            node = session.get(m.Grid, node.parent_id) if node.parent_id else None
        for i, node in enumerate(chain):
            out.append(
                UnitChoice("grid" if i == 0 else "center", node.code, node.name, i == 0 and not default_lg)
            )
    else:
        district = session.execute(
            select(m.Grid).where(m.Grid.parent_id.is_(None)).order_by(m.Grid.code)
        ).scalars()
        out += [UnitChoice("center", d.code, d.name) for d in district]
    for lid, code, name in session.execute(
        select(m.LogicalGrid.id, m.LogicalGrid.code, m.LogicalGrid.name).order_by(m.LogicalGrid.code)
    ):
        choice = UnitChoice("logical", code, name, lid == default_lg)
        if lid == default_lg:
            out.insert(0, choice)
        else:
            out.append(choice)
    return out


def logical_coverage(session: Session, code: str) -> list[str] | str:
    """The grid codes a logical grid covers, or "all" when it covers the whole district."""
    lg = session.execute(select(m.LogicalGrid).where(m.LogicalGrid.code == code)).scalar_one_or_none()
    if lg is None:
        return []
    if lg.covers_all:
        return "all"
    return list(
        session.execute(
            select(m.Grid.code)
            .join(m.LogicalGridCoverage, m.LogicalGridCoverage.grid_id == m.Grid.id)
            .where(m.LogicalGridCoverage.logical_grid_id == lg.id)
            .order_by(m.Grid.code)
        ).scalars()
    )


def grid_bbox(session: Session, code: str) -> tuple[float, float, float, float] | None:
    g = session.execute(
        select(m.Grid.min_lon, m.Grid.min_lat, m.Grid.max_lon, m.Grid.max_lat).where(m.Grid.code == code)
    ).first()
    return None if g is None or g[0] is None else (g[0], g[1], g[2], g[3])


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # case, grid, logical
    id: int
    code: str
    label: str


def search(session: Session, text: str, limit: int = 30) -> list[SearchHit]:
    """Cases by code, grids by code prefix or name, logical grids by code or name."""
    q = text.strip()
    if not q:
        return []
    like = f"%{q.lower()}%"
    hits = [
        SearchHit("case", i, code or "", f"{code} {title}")
        for i, code, title in session.execute(
            select(m.Event.id, m.Event.code, m.Event.title)
            .where(or_(func.lower(m.Event.code).like(like), func.lower(m.Event.address).like(like)))
            .order_by(m.Event.id.desc())
            .limit(limit)
        )
    ]
    hits += [
        SearchHit("grid", i, code, f"{code} {name}")
        for i, code, name in session.execute(
            select(m.Grid.id, m.Grid.code, m.Grid.name)
            .where(or_(m.Grid.code.startswith(q, autoescape=True), func.lower(m.Grid.name).like(like)))
            .order_by(func.length(m.Grid.code), m.Grid.code)
            .limit(limit)
        )
    ]
    hits += [
        SearchHit("logical", i, code, f"{code} {name}")
        for i, code, name in session.execute(
            select(m.LogicalGrid.id, m.LogicalGrid.code, m.LogicalGrid.name)
            .where(or_(func.lower(m.LogicalGrid.code).like(like), func.lower(m.LogicalGrid.name).like(like)))
            .limit(limit)
        )
    ]
    return hits[:limit]


def categories(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, name_en) of active categories, for the toolbar's filter."""
    return [
        (i, n, en or n)
        for i, n, en in session.execute(
            select(m.Category.id, m.Category.name, m.Category.name_en)
            .where(m.Category.active.is_(True))
            .order_by(m.Category.code)
        )
    ]


def center_name(session: Session) -> tuple[str, str]:
    """The center's name (zh, en) from the settings table; either is "" when not set (an English
    interface then shows no name rather than the Chinese one)."""
    value = session.get(m.Setting, "center")
    doc = value.value if value is not None else {}
    return str(doc.get("name") or ""), str(doc.get("name_en") or "")


def setting(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(m.Setting, key)
    return None if row is None else dict(row.value)


__all__ = [
    "DISTRICT_CODE_LENGTH",
    "LIGHT_CODES",
    "QUEUES",
    "QUEUE_KEYS",
    "STATUS_CODES",
    "CaseDetail",
    "CaseFilter",
    "CaseRow",
    "GridFeature",
    "LightClock",
    "MapCases",
    "MediaItem",
    "PersonChoice",
    "QueueDef",
    "SearchHit",
    "TrailItem",
    "TreeNode",
    "UnitChoice",
    "UnitProfile",
    "Worker",
    "acting_people",
    "actor_of",
    "case_detail",
    "case_rows",
    "categories",
    "center_name",
    "day_start",
    "grid_bbox",
    "grid_counts",
    "grid_tree",
    "logical_coverage",
    "map_cases",
    "map_grids",
    "overdue_codes",
    "overdue_condition",
    "queue_counts",
    "queue_rows",
    "route_targets",
    "row_queues",
    "search",
    "setting",
    "unit_profile",
]


def overdue_codes(
    session: Session, flt: CaseFilter = CaseFilter(), now: datetime | None = None
) -> dict[int, str]:
    """Id -> code of the overdue cases passing the filter: the alerts' record of what is already known
    (ids only, so the window can read it with every refresh and tell cases that turned overdue)."""
    now = now or datetime.now(UTC)
    stmt, _g = _row_select(flt)
    stmt = stmt.with_only_columns(m.Event.id, m.Event.code).where(
        _queue_condition("overdue", now, day_start(now))
    )
    return {i: c or "" for i, c in session.execute(stmt)}
