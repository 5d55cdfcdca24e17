"""The same counts as `services.kpi`, computed in Python from loaded rows.

This is the naive way `commandcenter bench kpi` times against the SQL, and an independent statement of
the definitions (see the `services.kpi` docstring) that the tests hold the SQL to on both backends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, func, or_, select
from sqlalchemy.orm import Session

from commandcenter.db.models import CategoryLimit, Grid, Rating
from commandcenter.domain.kpi import Counts
from commandcenter.domain.status import Status
from commandcenter.services.kpi import COUNT_NAMES, TOWNSHIP_CODE_LENGTH, Period
from commandcenter.services.tables import EVENTS

E = EVENTS.c


@dataclass(frozen=True)
class Row:
    status: str
    category_id: int
    received_at: datetime
    verified_at: datetime | None
    dispatched_at: datetime | None
    replied_at: datetime | None
    closed_at: datetime | None
    deadline: datetime | None
    reworks: int
    sent_backs: int
    verify_due_at: datetime | None
    dispatch_due_at: datetime | None
    grid_code: str | None
    logical_id: int | None
    assignee_id: int | None
    ratings: int = 0
    satisfied: int = 0


def load_rows(session: Session, period: Period) -> list[Row]:
    """Every case that may count in the period, with its ratings in the period, as plain rows."""
    s, t = period.start, period.end
    r = Rating.__table__.c
    rated = dict(
        (row[0], (int(row[1]), int(row[2] or 0)))
        for row in session.execute(
            select(r.event_id, func.count(), func.sum((r.stars >= 4).cast(Integer())))
            .where(r.rated_at >= s, r.rated_at < t)
            .group_by(r.event_id)
        )
    )
    codes = {r[0]: r[1] for r in session.execute(select(Grid.id, Grid.code))}
    columns = select(
        E.id,
        E.status,
        E.category_id,
        E.received_at,
        E.verified_at,
        E.dispatched_at,
        E.replied_at,
        E.closed_at,
        E.deadline,
        E.reworks,
        E.sent_backs,
        E.verify_due_at,
        E.dispatch_due_at,
        E.grid_id,
        E.responsible_logical_id,
        E.assignee_id,
    )
    stmt = columns.where(
        or_(
            and_(E.received_at >= s, E.received_at < t),
            and_(E.verified_at >= s, E.verified_at < t),
            and_(E.dispatched_at >= s, E.dispatched_at < t),
            and_(E.closed_at >= s, E.closed_at < t),
            and_(E.deadline >= s, E.deadline < t),
        )
    )  # fmt: skip
    out = []
    seen: set[int] = set()
    for row in session.execute(stmt):
        seen.add(row.id)
        n, good = rated.get(row.id, (0, 0))
        out.append(_row(row, codes, n, good))
    missing = [event_id for event_id in rated if event_id not in seen]
    for i in range(0, len(missing), 500):
        for row in session.execute(columns.where(E.id.in_(missing[i : i + 500]))):
            n, good = rated[row.id]
            out.append(_row(row, codes, n, good))
    return out


def _row(row: Any, codes: Mapping[int, str], n: int, good: int) -> Row:
    return Row(
        row.status, row.category_id, row.received_at, row.verified_at, row.dispatched_at, row.replied_at,
        row.closed_at, row.deadline, row.reworks or 0, row.sent_backs or 0, row.verify_due_at,
        row.dispatch_due_at, codes.get(row.grid_id) if row.grid_id is not None else None,
        row.responsible_logical_id, row.assignee_id, n, good,
    )  # fmt: skip


def limit_hours(session: Session) -> dict[tuple[int, str], float]:
    """(category id, step) -> limit in clock hours, a working day taken as 24 h (the SQL fallback)."""
    out = {}
    for cid, step, amount, unit in session.execute(
        select(CategoryLimit.category_id, CategoryLimit.step, CategoryLimit.amount, CategoryLimit.unit)
    ):
        out[(cid, step)] = float(amount) * (24 if unit == "workdays" else 1)
    return out


def case_counts(
    row: Row, period: Period, cutoff: datetime, limits: Mapping[tuple[int, str], float]
) -> tuple[int, ...]:
    """One case's contribution to each count, in COUNT_NAMES order (0 or 1, ratings as many)."""
    start, end = period.start, period.end

    def within(t: datetime | None) -> bool:
        return t is not None and start <= t < end

    def due(explicit: datetime | None, base: datetime | None, step: str) -> datetime | None:
        if explicit is not None:
            return explicit
        hours = limits.get((row.category_id, step))
        return None if base is None or hours is None else base + timedelta(hours=hours)

    not_void = row.status != Status.VOIDED
    closed = row.status == Status.CLOSED and within(row.closed_at)
    due_now = row.deadline is not None and start <= row.deadline < cutoff
    should_close = not_void and (closed or (due_now and (row.closed_at is None or row.closed_at >= start)))
    on_time = closed and (
        row.deadline is None or (row.replied_at is not None and row.replied_at <= row.deadline)
    )
    dispatched = within(row.dispatched_at)
    v_due = due(row.verify_due_at, row.received_at, "verify")
    to_verify = (
        within(row.received_at)
        and not_void
        and (
            row.verified_at is not None
            or (row.status == Status.REPORTED and v_due is not None and v_due < cutoff)
        )
    )
    verified_on_time = (
        to_verify and row.verified_at is not None and (v_due is None or row.verified_at <= v_due)
    )
    d_due = due(row.dispatch_due_at, row.verified_at, "dispatch")
    waiting = row.status in (Status.VERIFIED, Status.ROUTED)
    to_dispatch = (
        within(row.verified_at)
        and not_void
        and (row.dispatched_at is not None or (waiting and d_due is not None and d_due < cutoff))
    )
    dispatched_on_time = (
        to_dispatch and row.dispatched_at is not None and (d_due is None or row.dispatched_at <= d_due)
    )
    flags = (
        should_close, closed, on_time, dispatched, dispatched and row.reworks > 0,
        dispatched and row.sent_backs > 0, to_verify, verified_on_time, to_dispatch, dispatched_on_time,
    )  # fmt: skip
    return (*(int(bool(f)) for f in flags), row.ratings, row.satisfied)


def township_of(row: Row) -> str | None:
    return row.grid_code[:TOWNSHIP_CODE_LENGTH] if row.grid_code else None


def counts_by(
    rows: list[Row],
    period: Period,
    key: Callable[[Row], Any],
    limits: Mapping[tuple[int, str], float],
    *,
    now: datetime | None = None,
) -> dict[Any, Counts]:
    """Counts per key(row); rows whose key is None are left out."""
    cutoff = period.cutoff(now)
    sums: dict[Any, list[int]] = defaultdict(lambda: [0] * len(COUNT_NAMES))
    for row in rows:
        k = key(row)
        if k is None:
            continue
        acc = sums[k]
        for i, v in enumerate(case_counts(row, period, cutoff, limits)):
            acc[i] += v
    return {k: Counts(*v) for k, v in sums.items()}
