"""Reading a case: the event row as a domain `CaseState`, its trail, a snapshot, and an audit.

The event row holds the current state; the trail (event_steps) holds every step. Each trail row's
`data` is exactly the arguments the step was applied with (units as {"kind", "code"}, datetimes as ISO
text), so `workflow.replay` rebuilds the state from the trail alone. `audit` checks that row and trail
agree; the one difference it expects is the parking shift: resuming a parked case moves the deadline
later (see sla_clock) without a step argument saying so, so the audit re-applies those shifts from the
PARK and RESUME rows' times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Event, Person
from commandcenter.db.models import TrailEntry as TrailRow
from commandcenter.domain import workflow
from commandcenter.domain.status import SlaStep, Status, Step
from commandcenter.domain.workflow import CaseState, Extension, TrailEntry, UnitRef
from commandcenter.services.errors import CaseSnapshot, NotFound
from commandcenter.services.sla_clock import Clock
from commandcenter.services.units import unit_from_columns


def load_event(session: Session, ref: int | str) -> Event:
    """The case by id or code, freshly read (never a stale copy from the session's identity map)."""
    query = select(Event).execution_options(populate_existing=True)
    if isinstance(ref, int):
        event = session.scalars(query.where(Event.id == ref)).first()
    else:
        event = session.scalars(query.where(Event.code == ref)).first()
        if event is None and ref.isdigit():
            event = session.scalars(query.where(Event.id == int(ref))).first()
    if event is None:
        raise NotFound(f"no case with code or id {ref!r}")
    return event


def state_of(session: Session, event: Event) -> CaseState:
    """The workflow state the row holds (its `deadline` is the effective one, parking included)."""
    unit, _ = unit_from_columns(
        session, event.responsible_kind, event.responsible_grid_id, event.responsible_logical_id
    )
    pending = Extension(until=event.extension_until) if event.extension_until is not None else None
    return CaseState(
        status=Status(event.status),
        parked_from=Status(event.parked_from) if event.parked_from else None,
        assignee_id=event.assignee_id,
        responsible=unit,
        reworks=event.reworks,
        supervised=event.supervised,
        extension_pending=pending,
        rating=event.rating,
        deadline=event.deadline,
        code=event.code or "",
    )


def trail_rows(session: Session, event_id: int) -> list[TrailRow]:
    return list(session.scalars(select(TrailRow).where(TrailRow.event_id == event_id).order_by(TrailRow.id)))


def as_entry(row: TrailRow) -> TrailEntry:
    return TrailEntry(Step(row.step), row.from_status, row.to_status, dict(row.data or {}))


def replayed_state(session: Session, event: Event) -> CaseState:
    """The state the stored trail replays to (raises TrailInconsistent where it does not)."""
    return workflow.replay([as_entry(r) for r in trail_rows(session, event.id)], code=event.code or "")


def snapshot(session: Session, event_id: int) -> CaseSnapshot:
    """The case as it stands in the database now, with its last step."""
    row = session.execute(
        select(Event.code, Event.status, Event.version, Event.assignee_id, Person.name)
        .outerjoin(Person, Person.id == Event.assignee_id)
        .where(Event.id == event_id)
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        raise NotFound(f"case {event_id} no longer exists")
    last = session.execute(
        select(TrailRow.step, TrailRow.actor_name, TrailRow.at)
        .where(TrailRow.event_id == event_id)
        .order_by(TrailRow.id.desc())
        .limit(1)
    ).first()
    return CaseSnapshot(
        event_id=event_id,
        code=row.code or "",
        status=Status(row.status),
        version=row.version,
        assignee_id=row.assignee_id,
        assignee_name=row.name,
        last_step=Step(last.step) if last else None,
        last_actor_name=last.actor_name if last else None,
        last_at=last.at if last else None,
    )


def expected_state(rows: Sequence[TrailRow], clock: Clock, code: str = "") -> CaseState:
    """The state the row should hold given its trail: replay, plus the parking shifts of the deadline."""
    state = CaseState(code=code)
    deadline: datetime | None = None
    parked_at: datetime | None = None
    for index, row in enumerate(rows):
        entry = as_entry(row)
        if entry.from_status != state.status:
            raise workflow.TrailInconsistent(
                code, index, f"starts from {entry.from_status}, was {state.status}"
            )
        state = workflow.apply(state, entry.step, **entry.args)
        if state.deadline is None:
            deadline = None
        elif "deadline" in entry.args or entry.step is Step.APPROVE_EXTENSION or deadline is None:
            deadline = state.deadline  # set outright: earlier parking shifts no longer apply
        if entry.step is Step.PARK:
            parked_at = row.at
        elif entry.step is Step.RESUME and parked_at is not None:
            deadline = clock.push(deadline, SlaStep.HANDLE, parked_at, row.at)
            parked_at = None
    return replace(state, deadline=deadline)


def audit(session: Session, event: Event) -> list[str]:
    """Where the event row and its trail disagree (empty when they agree)."""
    rows = trail_rows(session, event.id)
    problems: list[str] = []
    if event.version != len(rows):
        problems.append(f"version {event.version} but {len(rows)} trail rows")
    try:
        expected = expected_state(rows, Clock.load(session, event.category_id), event.code or "")
    except workflow.WorkflowError as exc:
        return [*problems, str(exc)]
    try:
        actual = state_of(session, event)
    except workflow.InvalidState as exc:  # a row edited by hand, or by a writer that skipped the workflow
        return [*problems, str(exc)]
    for name in CaseState.__dataclass_fields__:
        want, got = getattr(expected, name), getattr(actual, name)
        if name == "extension_pending":
            want, got = _until(want, expected.deadline), _until(got, actual.deadline)
        if want != got:
            problems.append(f"{name}: the row holds {got!r}, the trail gives {want!r}")
    return problems


def _until(ext: Extension | None, deadline: datetime | None) -> datetime | None:
    """A pending request as the deadline it asks for (hours are relative to the current deadline)."""
    if ext is None:
        return None
    return ext.until if ext.until is not None else ext.new_deadline(deadline)


def jsonable(args: dict[str, Any]) -> dict[str, Any]:
    """Step arguments as stored in a trail row's `data` (the form `replay` reads back)."""
    out: dict[str, Any] = {}
    for key, value in args.items():
        if isinstance(value, UnitRef):
            value = {"kind": value.kind.value, "code": value.code}
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


@dataclass(frozen=True)
class Totals:
    events: int
    trail_rows: int


def totals(session: Session) -> Totals:
    """Rows in events and event_steps (tests compare them before and after a refused step)."""
    return Totals(
        session.scalar(select(func.count()).select_from(Event)) or 0,
        session.scalar(select(func.count()).select_from(TrailRow)) or 0,
    )
