"""The department liaison's workspace, headless (issue 6, point 3).

A liaison (职能部门联络员) works for a logical grid (a department) and those below it. What they need:

- `department_queue` (`work_queue`): the open cases their department is responsible for, most urgent
  first, with measures: open, overdue, replied awaiting the center's check, and the on-time reply rate
  of the last 30 days (see `DepartmentMeasures`).
- `send_task` (`tasks`): a new task (派发任务, `workflow_ops.task`) for the worker of any physical grid,
  a named person, or a township (or any) center, with a deadline (default: the category's handling
  limit) and a reply template that says what the reply must contain. Who it goes to: `targets`
  (`TaskTarget`, `resolve_target`) and `target_search` (the pickers).
- `bulk_assign` (`bulk`): several selected cases to one person (交办) or unit (分流), one transaction
  per case; every case gets its own result (ok / conflict / refused with the reason), and a refusal of
  one never undoes the others.
- `reply_tracking` (`tracking`): the tasks the department sent and where their replies stand, overdue
  ones (past the deadline with no reply) first, then the soonest deadline.
- Reply templates per category (`reply_templates`, migration 0008): read by everyone, written only by
  administrators (`save_template`, `set_template_active` check the actor; on PostgreSQL the grants of
  0008 check it again).

`departments` says who the liaison is (`workspace`); `common` holds what the modules share.

Which tasks are "the department's": those whose TASK trail row was written by a person holding a
liaison grant (or a membership) in the department or a logical grid below it. A task for a center has
no assignee yet, so the workflow keeps no handling deadline on it (the center's dispatch clock runs);
the deadline the liaison asked for is kept in the task's trail note.

Import the names from here (`from commandcenter.services import liaison as li; li.send_task(...)`).
"""

from __future__ import annotations

from commandcenter.services.liaison.bulk import BulkItem, bulk_assign
from commandcenter.services.liaison.common import AWAITING_REPLY, TITLE_MAX, Outcome, PersonRef, TargetKind
from commandcenter.services.liaison.departments import Department, Workspace, workspace
from commandcenter.services.liaison.reply_templates import (
    TemplateConflict,
    TemplateError,
    TemplateRow,
    save_template,
    set_template_active,
    templates,
)
from commandcenter.services.liaison.target_search import (
    TargetChoice,
    centers,
    department_people,
    search_targets,
)
from commandcenter.services.liaison.targets import ResolvedTarget, TaskTarget, resolve_target
from commandcenter.services.liaison.tasks import TaskSent, default_deadline, send_task
from commandcenter.services.liaison.tracking import TrackedTask, reply_tracking, tracking_order
from commandcenter.services.liaison.work_queue import (
    REPLY_WINDOW,
    DepartmentMeasures,
    DepartmentQueue,
    department_measures,
    department_queue,
)

__all__ = [
    "AWAITING_REPLY",
    "REPLY_WINDOW",
    "TITLE_MAX",
    "BulkItem",
    "Department",
    "DepartmentMeasures",
    "DepartmentQueue",
    "Outcome",
    "PersonRef",
    "ResolvedTarget",
    "TargetChoice",
    "TargetKind",
    "TaskSent",
    "TaskTarget",
    "TemplateConflict",
    "TemplateError",
    "TemplateRow",
    "TrackedTask",
    "Workspace",
    "bulk_assign",
    "centers",
    "default_deadline",
    "department_measures",
    "department_people",
    "department_queue",
    "reply_tracking",
    "resolve_target",
    "save_template",
    "search_targets",
    "send_task",
    "set_template_active",
    "templates",
    "tracking_order",
    "workspace",
]
