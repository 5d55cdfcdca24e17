"""`department_queue`: the open cases the liaison's department is responsible for, most urgent
first, with measures: open, overdue, replied awaiting the center's check, and the on-time reply rate
of the last 30 days (see `DepartmentMeasures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.kpi import percent
from commandcenter.domain.status import Status, UnitKind
from commandcenter.services import queues as q
from commandcenter.services.engine import utcnow
from commandcenter.services.liaison.common import _OPEN, PersonRef, _subtree
from commandcenter.services.liaison.departments import Department, _department

REPLY_WINDOW: Final = timedelta(days=30)


@dataclass(frozen=True)
class DepartmentMeasures:
    open: int
    overdue: int
    replied_awaiting_check: int
    # Of the cases that were due, or replied, in the last 30 days: how many were replied by their
    # deadline (a case with no deadline counts as on time once replied).
    reply_considered_30d: int
    replied_on_time_30d: int

    @property
    def on_time_reply_rate(self) -> float | None:
        """Percent, None when nothing was due or replied in the window."""
        return percent(self.replied_on_time_30d, self.reply_considered_30d)


@dataclass(frozen=True)
class DepartmentQueue:
    department: Department
    rows: list[q.CaseRow]  # open cases, overdue first, then the soonest step deadline
    measures: DepartmentMeasures


def _of_department(code: str) -> Any:
    e = m.Event
    return and_(e.responsible_kind == UnitKind.LOGICAL.value, e.responsible_logical_id.in_(_subtree(code)))


def department_measures(session: Session, code: str, now: datetime) -> DepartmentMeasures:
    e = m.Event
    since = now - REPLY_WINDOW
    overdue = q.overdue_condition(now)  # the overdue queue's rule
    replied_in = and_(e.replied_at.is_not(None), e.replied_at >= since, e.replied_at <= now)
    due_in = and_(e.deadline.is_not(None), e.deadline >= since, e.deadline <= now)
    on_time = and_(e.replied_at.is_not(None), or_(e.deadline.is_(None), e.replied_at <= e.deadline))
    considered = or_(replied_in, due_in)

    def count(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    row = session.execute(
        select(
            count(e.status.in_(_OPEN)),
            count(overdue),
            count(e.status == Status.REPLIED.value),
            count(considered),
            count(and_(considered, on_time)),
        ).where(_of_department(code))
    ).one()
    return DepartmentMeasures(*(int(v) for v in row))


def department_queue(
    session: Session,
    person: PersonRef,
    code: str | None = None,
    now: datetime | None = None,
    limit: int = 1000,
) -> DepartmentQueue:
    """The open cases of the person's department (or `code`, theirs or below) and its measures."""
    now = now or utcnow()
    _actor, dept = _department(session, person, code)
    e = m.Event
    ids = session.scalars(
        select(e.id)
        .where(_of_department(dept.code), e.status.in_(_OPEN))
        .order_by(e.step_deadline.is_(None), e.step_deadline, e.id)
        .limit(limit)
    ).all()
    rows = q.case_rows(session, ids, now=now)
    rows.sort(
        key=lambda r: (
            0 if "overdue" in q.row_queues(r, now) else 1,
            r.step_deadline is None,
            r.step_deadline or now,
            r.id,
        )
    )
    return DepartmentQueue(dept, rows, department_measures(session, dept.code, now))
