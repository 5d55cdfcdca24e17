"""Which cases: the oldest overdue ones with who holds them, and the supervised (督办) ones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from commandcenter.brief import text as t
from commandcenter.brief.model import CaseLine
from commandcenter.brief.period import Window
from commandcenter.brief.scope import Grids, Scope
from commandcenter.brief.series import open_at, overdue_at, running_deadline
from commandcenter.brief.sqlx import count_if
from commandcenter.db import models as m
from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.status import Status, Step

OLDEST_OVERDUE = 10
MAX_SUPERVISED = 15


def _status_label(status: str) -> str:
    try:
        return STATUS_LABELS[Status(status)][0]
    except ValueError:
        return status


def _case_select(extra: list[Any]) -> Any:
    e = m.Event
    person = aliased(m.Person)
    unit_grid = aliased(m.Grid)
    lg = aliased(m.LogicalGrid)
    deadline = running_deadline().label("running_deadline")
    return (
        select(
            e.id,
            e.code,
            e.title,
            m.Category.name,
            e.grid_id,
            e.address,
            e.status,
            person.name,
            func.coalesce(lg.name, unit_grid.name),
            e.received_at,
            deadline,
            e.closed_at,
            *extra,
        )
        .select_from(e)
        .join(m.Category, m.Category.id == e.category_id)
        .outerjoin(person, person.id == e.assignee_id)
        .outerjoin(unit_grid, unit_grid.id == e.responsible_grid_id)
        .outerjoin(lg, lg.id == e.responsible_logical_id)
    ), deadline


def _line(r: Any, grids: Grids, cutoff: datetime, **extra: Any) -> CaseLine:
    deadline = r[10]
    done = r[11] is not None and r[11] < cutoff
    hours = None if deadline is None or done else (cutoff - deadline).total_seconds() / 3600.0
    return CaseLine(
        code=r[1] or "",
        title=r[2] or "",
        category=r[3],
        place=r[5] or grids.place(r[4]) or "网格外",
        status=_status_label(r[6]),
        holder=r[7] or "",
        unit=r[8] or "",
        received_at=r[9],
        deadline=deadline,
        overdue_hours=hours,
        closed_at=r[11],
        **extra,
    )


def oldest_overdue(session: Session, scope: Scope, window: Window, grids: Grids) -> tuple[CaseLine, ...]:
    """The cases overdue at the cut-off whose deadline passed longest ago (ties: by code)."""
    stmt, deadline = _case_select([])
    rows = session.execute(
        stmt.where(overdue_at(window.cutoff), *scope.conditions())
        .order_by(deadline, m.Event.code)
        .limit(OLDEST_OVERDUE)
    ).all()
    return tuple(_line(r, grids, window.cutoff) for r in rows)


def supervised(
    session: Session, scope: Scope, window: Window, grids: Grids
) -> tuple[tuple[CaseLine, ...], int, int]:
    """Supervised cases open at the cut-off or closed on the day: (first ones, total, open).

    Open ones first, the most pressing (earliest running deadline) first, those without a running
    deadline last (explicitly: the databases disagree on where NULLs sort). A case flagged supervised
    without a supervise step on its trail (imported) counts as supervised all along.
    """
    e = m.Event
    st = aliased(m.TrailEntry)
    step_of = and_(st.event_id == e.id, st.step == Step.SUPERVISE)
    before_cutoff = or_(exists().where(step_of, st.at < window.cutoff), ~exists().where(step_of))
    is_open = open_at(window.cutoff)
    closed_on_day = and_(e.closed_at >= window.start, e.closed_at < window.cutoff)
    where = [
        e.supervised.is_(True),
        e.status != Status.VOIDED,
        before_cutoff,
        or_(is_open, closed_on_day),
        *scope.conditions(),
    ]
    total, open_n = (
        int(v) for v in session.execute(select(func.count(), count_if(is_open)).where(*where)).one()
    )
    if total == 0:
        return (), 0, 0
    stmt, deadline = _case_select([e.supervision_note])
    rows = session.execute(
        stmt.where(*where)
        .order_by(case((is_open, 0), else_=1), deadline.is_(None), deadline, e.code)
        .limit(MAX_SUPERVISED)
    ).all()
    ids = [r[0] for r in rows]
    steps: dict[int, tuple[datetime, str | None]] = {}
    for event_id, at, note in session.execute(
        select(m.TrailEntry.event_id, m.TrailEntry.at, m.TrailEntry.note)
        .where(
            m.TrailEntry.event_id.in_(ids),
            m.TrailEntry.step == Step.SUPERVISE,
            m.TrailEntry.at < window.cutoff,
        )
        .order_by(m.TrailEntry.at)
    ):
        steps.setdefault(event_id, (at, note))
    lines = []
    for r in rows:
        at, note = steps.get(r[0], (None, None))
        lines.append(_line(r, grids, window.cutoff, supervised_at=at, note=r[12] or note or ""))
    return tuple(lines), total, open_n


def holder_text(line: CaseLine) -> str:
    """'城管执法一中队 / 张三', or the unit alone, or '未指派'."""
    parts = [p for p in (line.unit, line.holder) if p]
    return " / ".join(parts) if parts else t.UNHELD
