"""The SLA clock of a case as the services keep it in the event's columns.

Which limit runs depends on the stage the case is in (its status, or while parked the status it
resumes into): reported -> verify; verified/routed -> dispatch; assigned/in progress/rework -> handle;
replied -> check; checked, closed and voided have no running limit.

Columns (all UTC):
- `step_started_at`, `step_deadline`: the clock of the current stage. The clock restarts when the case
  enters a stage from another one (and on escalation, assignment, rework and reopening, which hand the
  case to someone new); it keeps running while the case moves within a stage (routing and forwarding,
  accepting, an extension request). In the handle stage `step_deadline` is the case's `deadline`.
- `deadline`: the assignee's handling deadline (set on assign/task/rework/reopen, moved by an approved
  extension, cleared when the assignee is removed).
- `verify_due_at`, `dispatch_due_at`: the verify and dispatch stages' deadlines, left in place when the
  stage ends so the measures can tell whether the step was done on time.
- Parking stops the clock: `parked_at` is set; on resume the parked time is added to `parked_seconds`
  and every running time above - including `step_started_at` - moves later by the time the parking
  took from that clock (clock time for limits in hours, working time for limits in working days).
  Moving the start too keeps [step_started_at, step_deadline] exactly one limit of unparked time
  long, so the traffic light can be read from the columns alone, with no parked history to load.

The working calendar is the weekend (Saturday, Sunday) plus the `calendar_days` rows: holidays
(is_workday false) and 调休 working weekends (is_workday true), in China time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import CalendarDay, CategoryLimit
from commandcenter.domain import sla
from commandcenter.domain.calendar import DEFAULT_TZ, WorkCalendar
from commandcenter.domain.status import SlaStep, Status

S = Status
STAGE_OF: Final[Mapping[Status, SlaStep]] = {
    S.REPORTED: SlaStep.VERIFY,
    S.VERIFIED: SlaStep.DISPATCH,
    S.ROUTED: SlaStep.DISPATCH,
    S.ASSIGNED: SlaStep.HANDLE,
    S.IN_PROGRESS: SlaStep.HANDLE,
    S.REWORK: SlaStep.HANDLE,
    S.REPLIED: SlaStep.CHECK,
}
WEEKEND: Final = (5, 6)


def stage_of(status: Status | str | None, parked_from: Status | str | None = None) -> SlaStep | None:
    """The limited step a case in `status` is in (for a parked case, the one it resumes into)."""
    if status is None:
        return None
    status = Status(status)
    if status is S.PARKED:
        return None if parked_from is None else STAGE_OF.get(Status(parked_from))
    return STAGE_OF.get(status)


def work_calendar(session: Session) -> WorkCalendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
    holidays = {day for day, worked in rows if not worked}
    extra = {day for day, worked in rows if worked}
    return WorkCalendar(WEEKEND, frozenset(holidays), frozenset(extra), DEFAULT_TZ)


def category_limits(session: Session, category_id: int) -> dict[SlaStep, sla.TimeLimit]:
    rows = session.execute(
        select(CategoryLimit.step, CategoryLimit.amount, CategoryLimit.unit).where(
            CategoryLimit.category_id == category_id
        )
    ).all()
    out: dict[SlaStep, sla.TimeLimit] = {}
    for step, amount, unit in rows:
        try:
            out[SlaStep(step)] = sla.TimeLimit(float(amount), unit)
        except ValueError:
            continue  # a limit an administrator mistyped must not stop the case: that step is unlimited
    return out


@dataclass(frozen=True)
class Clock:
    """A category's limits with the working calendar: due times and how parking moves them."""

    calendar: WorkCalendar
    limits: Mapping[SlaStep, sla.TimeLimit]

    @classmethod
    def load(cls, session: Session, category_id: int) -> Clock:
        return cls(work_calendar(session), category_limits(session, category_id))

    def due(self, stage: SlaStep | None, start: datetime) -> datetime | None:
        """When `stage`'s limit runs out for a clock started at `start`; None if it has no limit."""
        limit = self.limits.get(stage) if stage is not None else None
        return None if limit is None else sla.deadline(start, limit, self.calendar)

    def working_calendar(self, stage: SlaStep | None) -> WorkCalendar | None:
        """The calendar when `stage` is limited in working days; None for clock hours (or no limit)."""
        limit = self.limits.get(stage) if stage is not None else None
        return self.calendar if limit is not None and limit.unit == "workdays" else None

    def push(
        self, t: datetime | None, stage: SlaStep | None, parked: datetime, resumed: datetime
    ) -> datetime | None:
        """`t` moved later by the time [parked, resumed) took from `stage`'s clock."""
        if t is None:
            return None
        calendar = self.working_calendar(stage)
        if calendar is None:
            return t + (resumed - parked)
        taken = calendar.working_time(parked, resumed)
        # Adding nothing must not move t: add_working_time would carry a weekend instant to Monday.
        return t if taken <= timedelta(0) else calendar.add_working_time(t, taken)

    def reading(
        self,
        *,
        status: Status | str,
        parked_from: Status | str | None,
        started: datetime | None,
        due: datetime | None,
        parked_at: datetime | None,
        now: datetime,
    ) -> sla.SlaReading | None:
        """Deadline, light and time left of the running stage; None when no limited step runs."""
        stage = stage_of(status, parked_from)
        if stage is None or started is None or due is None:
            return None
        calendar = self.working_calendar(stage)
        if Status(status) is S.PARKED and parked_at is not None and parked_at < now:
            # Parked right now: the clock has stood still since parked_at, so the deadline is (for the
            # moment) pushed out by the parking so far - exactly what resuming now would store - and
            # the time left is what was left when the clock stopped.
            moved = self.push(due, stage, parked_at, now)
            assert moved is not None
            return sla.SlaReading(
                moved,
                sla.light(started, moved, now, [(parked_at, now)], calendar=calendar),
                sla.time_left(due, parked_at, calendar=calendar),
            )
        return sla.SlaReading(
            due, sla.light(started, due, now, calendar=calendar), sla.time_left(due, now, calendar=calendar)
        )
