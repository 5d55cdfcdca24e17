"""What a workflow step changed, as a plain frozen value (in the spirit of Anki's OpChanges).

A view refreshes only if the change touches what it shows: a status queue checks `queues`, a person's
"my cases" list checks `people`, a department's list checks `units`, the overdue list and the lights
check `sla`. Everything is plain data, safe to send across threads after the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commandcenter.domain.status import Status, Step
from commandcenter.domain.workflow import UnitRef


@dataclass(frozen=True)
class Changed:
    event_id: int
    code: str
    step: Step
    old_status: Status | None  # None: the step created the case
    new_status: Status
    version: int  # the case's version after the step (pass it as expected_version next time)
    trail_id: int  # the trail row written
    at: datetime
    # Status queues that show this case before or after the step (membership or content changed).
    queues: frozenset[Status]
    # Assignees before and after: their own lists changed.
    people: frozenset[int]
    # Responsible units before and after: their lists changed.
    units: frozenset[UnitRef]
    # The running clock, the deadline or the parking changed: lights and overdue lists need a look.
    sla: bool

    @property
    def created(self) -> bool:
        return self.old_status is None

    @property
    def moved(self) -> bool:
        """The case changed queue (its status changed)."""
        return self.old_status != self.new_status
