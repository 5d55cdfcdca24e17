"""What the liaison workspace asks the database (each runs on a worker thread, see gui/worker.py).

Plain functions of a Session returning plain values; the dock and its dialogs never hold a Session.
Where a service function already has that shape (li.centers, li.search_targets, ...), they submit it
directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid
from commandcenter.services import liaison as li
from commandcenter.services.units import CENTER_LEVELS


@dataclass(frozen=True)
class WorkspaceData:
    workspace: li.Workspace
    queue: li.DepartmentQueue | None  # None: the person is no liaison
    tracking: list[li.TrackedTask]


def load_workspace(session: Session, person_id: int, code: str | None, now: datetime) -> WorkspaceData:
    """Who the person is, their department's queue and measures, and the replies to its tasks."""
    ws = li.workspace(session, person_id)
    if not ws.is_liaison and code is None:
        return WorkspaceData(ws, None, [])
    queue = li.department_queue(session, person_id, code, now)
    return WorkspaceData(ws, queue, li.reply_tracking(session, person_id, queue.department.code, now))


@dataclass(frozen=True)
class TaskForm:
    """What the new-task dialog offers for one category."""

    category_id: int
    deadline: datetime | None
    templates: list[li.TemplateRow]


def load_task_form(session: Session, category_id: int, now: datetime) -> TaskForm:
    return TaskForm(
        category_id, li.default_deadline(session, category_id, now), li.templates(session, category_id)
    )


def pick(session: Session, kind: str, code: str) -> li.ResolvedTarget:
    """A place picked on the map or in the tree as a task target: a grid's worker, or a center."""
    if kind == "grid":
        level = session.scalar(select(Grid.level).where(Grid.code == code))
        kind = "center" if level in CENTER_LEVELS else "grid"
    return li.resolve_target(session, li.TaskTarget(kind, code))  # type: ignore[arg-type]


def send_task(session: Session, person_id: int, args: dict[str, Any]) -> li.TaskSent:
    return li.send_task(session, person_id, **args)


def bulk_assign(
    session: Session, person_id: int, cases: list[tuple[int, int]], target: li.TaskTarget, now: datetime
) -> list[li.BulkItem]:
    return li.bulk_assign(session, person_id, cases, to=target, now=now)


def all_templates(session: Session) -> list[li.TemplateRow]:
    return li.templates(session, include_inactive=True)


def save_template(session: Session, person_id: int, args: dict[str, Any]) -> li.TemplateRow:
    return li.save_template(session, person_id, **args)
