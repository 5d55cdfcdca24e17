"""Counts over time: the headline figures, the 7-day trend, cases by hour and by category.

Each is one aggregate query (conditional sums over an index range), whatever the number of cases.

Snapshot rules at an instant T (the end of a day, or the cut-off):
- open: received before T, not voided, and not closed before T;
- overdue: open at T, not parked now, and the deadline that was running had passed at T. For a case
  open now that is its current step's deadline (the live overdue queue's rule, so today's brief agrees
  with the queue); for a case closed since, its handling deadline, unless it had replied before T.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import fmean

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from commandcenter.brief import text as t
from commandcenter.brief.model import CategoryCount, DayCount, Figure
from commandcenter.brief.period import Window
from commandcenter.brief.scope import Scope
from commandcenter.brief.sqlx import bucket_counts, count_if
from commandcenter.db import models as m
from commandcenter.domain.status import OPEN_STATUSES, Status

OPEN: tuple[str, ...] = tuple(sorted(str(s) for s in OPEN_STATUSES))
DAYS_BEFORE = 7  # the figures compare with the day before and the mean of the 7 days before


def open_at(at: datetime) -> ColumnElement[bool]:
    e = m.Event
    return and_(e.received_at < at, e.status != Status.VOIDED, or_(e.closed_at.is_(None), e.closed_at >= at))


def running_deadline() -> ColumnElement[datetime]:
    """The deadline a case is measured against: its step's while open, its handling deadline after."""
    e = m.Event
    return case((e.status.in_(OPEN), e.step_deadline), else_=e.deadline)


def overdue_at(at: datetime) -> ColumnElement[bool]:
    e = m.Event
    still_open = and_(e.status.in_(OPEN), e.step_deadline < at)
    done_later = and_(e.status.not_in(OPEN), e.deadline < at, or_(e.replied_at.is_(None), e.replied_at >= at))
    return and_(open_at(at), e.status != Status.PARKED, or_(still_open, done_later))


def daily_counts(session: Session, scope: Scope, window: Window) -> list[DayCount]:
    """New, closed, open and overdue for the 7 days before the day and the day itself (8 rows)."""
    e = m.Event
    where = scope.conditions()
    edges = window.day_edges(DAYS_BEFORE)
    first, cutoff = edges[0], edges[-1]
    new = session.execute(
        select(*bucket_counts(e.received_at, edges)).where(
            e.received_at >= first, e.received_at < cutoff, *where
        )
    ).one()
    closed = session.execute(
        select(*bucket_counts(e.closed_at, edges)).where(e.closed_at >= first, e.closed_at < cutoff, *where)
    ).one()
    ends = edges[1:]
    snapshot_cols = [count_if(open_at(at)) for at in ends] + [count_if(overdue_at(at)) for at in ends]
    snap = session.execute(
        select(*snapshot_cols).where(
            e.received_at < cutoff,
            e.status != Status.VOIDED,
            or_(e.closed_at.is_(None), e.closed_at >= ends[0]),
            *where,
        )
    ).one()
    n = len(ends)
    days = [window.day - timedelta(days=DAYS_BEFORE - i) for i in range(n)]
    return [
        DayCount(day=d, new=int(new[i]), closed=int(closed[i]), open=int(snap[i]), overdue=int(snap[n + i]))
        for i, d in enumerate(days)
    ]


def figures(days: list[DayCount]) -> tuple[Figure, ...]:
    today, yesterday, before = days[-1], days[-2], days[:-1]
    out = []
    for key in ("new", "closed", "open", "overdue"):
        out.append(
            Figure(
                key=key,
                label=t.FIGURE_LABELS[key],
                value=getattr(today, key),
                previous=getattr(yesterday, key),
                average7=fmean(getattr(d, key) for d in before),
            )
        )
    return tuple(out)


def by_hour(session: Session, scope: Scope, window: Window) -> tuple[int, ...]:
    e = m.Event
    edges = window.hour_edges()
    row = session.execute(
        select(*bucket_counts(e.received_at, edges)).where(
            e.received_at >= window.start, e.received_at < window.cutoff, *scope.conditions()
        )
    ).one()
    return tuple(int(v) for v in row)


def by_category(session: Session, scope: Scope, window: Window) -> tuple[CategoryCount, ...]:
    e = m.Event
    c = m.Category
    n = func.count().label("n")
    rows = session.execute(
        select(c.code, c.name, n)
        .join(e, e.category_id == c.id)
        .where(e.received_at >= window.start, e.received_at < window.cutoff, *scope.conditions())
        .group_by(c.code, c.name)
        .order_by(n.desc(), c.code)
    ).all()
    return tuple(CategoryCount(code, name, int(count)) for code, name, count in rows)


def trend_days(days: list[DayCount], span: int = 7) -> tuple[DayCount, ...]:
    return tuple(days[-span:])
