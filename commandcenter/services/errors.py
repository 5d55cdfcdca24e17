"""The refusals a service can raise, each with a message fit to show the person as it is.

- `StepNotAllowed` (the case's state does not allow the step), `BadStepArgs` (the step is allowed but
  its arguments are wrong) and `PermissionDenied` (the person may not) come from the domain and are
  re-exported here, so callers catch everything from one module.
- `Conflict`: someone else changed the case since the caller looked at it (optimistic locking). It
  carries the case's current state as a plain `CaseSnapshot`, so the loser can be shown where the case
  stands now without another query.
- `NotFound`: no such case, person, unit or category.

Every one of them is raised before anything is written: a refused step leaves the database unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.domain.errors import DomainError
from commandcenter.domain.labels import status_label, step_label
from commandcenter.domain.permissions import PermissionDenied
from commandcenter.domain.status import Status, Step
from commandcenter.domain.workflow import BadStepArgs, StepNotAllowed

__all__ = [
    "BadStepArgs",
    "CaseSnapshot",
    "Conflict",
    "DomainError",
    "NotFound",
    "PermissionDenied",
    "StepNotAllowed",
]


@dataclass(frozen=True)
class CaseSnapshot:
    """Where a case stands, as plain values (safe to hand to another thread)."""

    event_id: int
    code: str
    status: Status
    version: int
    assignee_id: int | None = None
    assignee_name: str | None = None
    last_step: Step | None = None
    last_actor_name: str | None = None
    last_at: datetime | None = None

    def describe(self) -> str:
        """'now 处置中 in_progress (version 7), assigned to 张三; last step 签收 accept by 张三 at ...'."""
        text = f"now {status_label(self.status)} (version {self.version})"
        if self.assignee_id is not None:
            text += f", assigned to {self.assignee_name or f'person {self.assignee_id}'}"
        if self.last_step is not None:
            who = self.last_actor_name or "someone"
            # China time: this is read by people at the center.
            when = f" at {self.last_at.astimezone(DEFAULT_TZ):%Y-%m-%d %H:%M:%S}" if self.last_at else ""
            text += f"; last step {step_label(self.last_step)} by {who}{when}"
        return text


class Conflict(DomainError):
    """The case moved on since the caller read it; nothing was written."""

    def __init__(self, current: CaseSnapshot, expected_version: int | None) -> None:
        self.current = current
        self.expected_version = expected_version
        seen = f" (you saw version {expected_version})" if expected_version is not None else ""
        super().__init__(
            f"case {current.code} was changed by someone else{seen}: it is {current.describe()}. "
            "Nothing was saved; look at the case again and retry if the step still makes sense."
        )


class NotFound(DomainError, LookupError):
    """No such case, person, unit or category."""
