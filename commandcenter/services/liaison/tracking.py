"""`reply_tracking`: the tasks the department sent and where their replies stand, overdue ones (past
the deadline with no reply) first, then the soonest deadline.

Which tasks are "the department's": those whose TASK trail row was written by a person holding a
liaison grant (or a membership) in the department or a logical grid below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, literal_column, or_, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.status import Status, Step
from commandcenter.services.engine import utcnow
from commandcenter.services.liaison.common import _OPEN, AWAITING_REPLY, PersonRef
from commandcenter.services.liaison.departments import _department, _department_people


@dataclass(frozen=True)
class TrackedTask:
    id: int
    code: str
    title: str
    category: str
    category_en: str
    status: str
    target: str  # the responsible unit's name
    assignee: str | None
    sent_by: str | None
    sent_at: datetime
    deadline: datetime | None  # the handling deadline, else the running step's (a center's dispatch)
    replied_at: datetime | None
    reply: str | None  # the latest reply's text
    replied_by: str | None
    overdue: bool  # past the deadline with no reply
    version: int

    @property
    def reply_state(self) -> str:
        """awaiting (no reply yet: routed, assigned, accepted or rework), replied (awaiting the check),
        checked, closed, voided or parked."""
        status = Status(self.status)
        if status in AWAITING_REPLY:
            return "awaiting"
        return str(status)


def _task_rows(code: str) -> Select[Any]:
    t = m.TrailEntry
    # The step as a literal, not a parameter: it must match the partial index of migration 0008.
    task = literal_column(f"'{Step.TASK.value}'")
    return select(t.event_id, t.actor_name).where(t.step == task, t.actor_id.in_(_department_people(code)))


def reply_tracking(
    session: Session,
    person: PersonRef,
    code: str | None = None,
    now: datetime | None = None,
    closed_days: int = 30,
    limit: int = 500,
) -> list[TrackedTask]:
    """The department's tasks: open ones, and those closed or voided in the last `closed_days` days.
    Overdue first (past the deadline, no reply), then the soonest deadline, then the newest."""
    now = now or utcnow()
    _actor, dept = _department(session, person, code)
    e, c, g, lg, p = m.Event, m.Category, m.Grid, m.LogicalGrid, m.Person
    sent = _task_rows(dept.code).subquery()
    recent = now - timedelta(days=closed_days)
    rows = session.execute(
        select(
            e.id,
            e.code,
            e.title,
            c.name,
            c.name_en,
            e.status,
            g.name,
            lg.name,
            p.name,
            sent.c.actor_name,
            e.received_at,
            e.deadline,
            e.step_deadline,
            e.replied_at,
            e.version,
        )
        .join(sent, sent.c.event_id == e.id)
        .join(c, c.id == e.category_id)
        .outerjoin(g, g.id == e.responsible_grid_id)
        .outerjoin(lg, lg.id == e.responsible_logical_id)
        .outerjoin(p, p.id == e.assignee_id)
        .where(or_(e.status.in_(_OPEN), e.updated_at >= recent))
        .order_by(e.id.desc())
        .limit(limit)
    ).all()
    replies = _latest_replies(session, [r[0] for r in rows])
    out = []
    for (
        eid,
        ecode,
        title,
        cat,
        cat_en,
        status,
        gname,
        lname,
        assignee,
        sent_by,
        sent_at,
        deadline,
        step_deadline,
        replied_at,
        version,
    ) in rows:
        due = deadline or (step_deadline if Status(status) in AWAITING_REPLY else None)
        reply, replied_by = replies.get(eid, (None, None))
        out.append(
            TrackedTask(
                eid,
                ecode or "",
                title or "",
                cat,
                cat_en or cat,
                status,
                gname or lname or "",
                assignee,
                sent_by,
                sent_at,
                due,
                replied_at,
                reply,
                replied_by,
                Status(status) in AWAITING_REPLY and due is not None and due < now,
                version,
            )
        )
    out.sort(key=tracking_order)
    return out


def tracking_order(t: TrackedTask) -> tuple[int, int, float, int]:
    """Overdue first, then the soonest deadline (none last), then the newest."""
    due = t.deadline.timestamp() if t.deadline is not None else 0.0
    return (0 if t.overdue else 1, 1 if t.deadline is None else 0, due, -t.id)


def _latest_replies(session: Session, ids: Sequence[int]) -> dict[int, tuple[str | None, str | None]]:
    if not ids:
        return {}
    t = m.TrailEntry
    out: dict[int, tuple[str | None, str | None]] = {}
    for eid, note, who in session.execute(
        select(t.event_id, t.note, t.actor_name)
        .where(t.event_id.in_(ids), t.step.in_([Step.REPLY.value, Step.SELF_HANDLE.value]))
        .order_by(t.id)
    ):
        out[eid] = (note, who)  # the later row wins
    return out
