"""`send_task`: a new task (派发任务, `workflow_ops.task`) for the worker of any physical grid, a named
person, or a township (or any) center, with a deadline (default: the category's handling limit) and a
reply template that says what the reply must contain.

A task for a center has no assignee yet, so the workflow keeps no handling deadline on it (the
center's dispatch clock runs); the deadline the liaison asked for is kept in the task's trail note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.domain.status import SlaStep, Step
from commandcenter.services import workflow_ops as ops
from commandcenter.services.changes import Changed
from commandcenter.services.engine import unit_of_work, utcnow
from commandcenter.services.errors import BadStepArgs, NotFound
from commandcenter.services.liaison.common import TITLE_MAX, PersonRef
from commandcenter.services.liaison.targets import ResolvedTarget, TaskTarget, resolve_target
from commandcenter.services.sla_clock import Clock


def default_deadline(session: Session, category: int | str, now: datetime | None = None) -> datetime | None:
    """The handling deadline a task of this category gets when none is given (its handle limit)."""
    cat = ops.find_category(session, category)
    return Clock.load(session, cat.id).due(SlaStep.HANDLE, now or utcnow())


@dataclass(frozen=True)
class TaskSent:
    changed: Changed
    target: ResolvedTarget
    deadline: datetime | None


def send_task(
    session: Session,
    actor: PersonRef,
    *,
    category: int | str,
    title: str,
    target: TaskTarget,
    deadline: datetime | None = None,
    text: str | None = None,
    template_id: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    now: datetime | None = None,
) -> TaskSent:
    """派发任务 to a grid's worker, a person or a center (one transaction, see workflow_ops.task).

    `text` is the task's description; with a `template_id` and no text, the template's body is the
    text, and the trail note names the template either way.
    """
    now = now or utcnow()
    title = (title or "").strip()
    if not title:
        raise BadStepArgs("", Step.TASK, "the task needs a title")
    if len(title) > TITLE_MAX:
        raise BadStepArgs("", Step.TASK, f"the title is {len(title)} characters long; at most {TITLE_MAX}")
    if deadline is not None:
        if deadline.tzinfo is None:
            raise BadStepArgs("", Step.TASK, "the deadline must carry its time zone")
        if deadline <= now:
            raise BadStepArgs("", Step.TASK, f"the deadline {deadline.isoformat()} has already passed")
    with unit_of_work(session):
        resolved = resolve_target(session, target)
        notes = []
        if template_id is not None:
            tpl = session.get(m.ReplyTemplate, template_id)
            if tpl is None:
                raise NotFound(f"no reply template {template_id}")
            notes.append(f"回复模板：{tpl.title}")
            if not (text or "").strip():
                text = tpl.body
        if resolved.assignee_id is None and deadline is not None:
            # The workflow keeps no handling deadline before someone holds the task: say it in words.
            notes.append(f"要求完成期限：{deadline.astimezone(DEFAULT_TZ):%Y-%m-%d %H:%M}")
        changed = ops.task(
            session,
            actor,
            category=category,
            title=title,
            to=resolved.unit,
            assignee=resolved.assignee_id,
            deadline=deadline,
            lat=lat,
            lon=lon,
            description=(text or "").strip() or None,
            note="；".join(notes) or None,
            now=now,
        )
        stored = session.scalar(select(m.Event.deadline).where(m.Event.id == changed.event_id))
    return TaskSent(changed, resolved, stored)
