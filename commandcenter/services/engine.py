"""How every workflow step runs: one transaction, permission, state machine, row, trail, result.

The public step functions (`workflow_ops`) only say what their step needs (a `Plan`: the step's
arguments, a few extra column values, photos, a rating); this module does the rest the same way for all:

1. Transaction (`unit_of_work`): if the caller began a transaction explicitly (`session.begin()`),
   the step joins it and the caller commits; otherwise the step opens its own and commits it at the
   end (or rolls it back on any error), after committing a transaction SQLAlchemy may have begun by
   itself for the caller's earlier reads. The Session's lifecycle stays with the caller
   (architecture.md); one user action = one step = one transaction.
2. Read the case fresh (never from a stale identity map); if the caller passed `expected_version` and
   the case has moved on, raise `Conflict` at once.
3. Ask `domain.permissions` whether the actor may take the step here, then `domain.workflow.advance`
   whether the state allows it (both raise with a message that says why).
4. Write the row with `UPDATE events ... WHERE id = :id AND version = :seen`, version + 1. If another
   transaction committed a step in between, no row matches (on PostgreSQL the UPDATE waits for the
   other's lock, then re-checks the version): raise `Conflict` with the current state. Nothing of this
   step has been written at that point, so the caller's transaction stays usable.
5. Append the trail row (the step's arguments as `data`, the form `workflow.replay` reads back), and
   any rating or media rows. The trail is only ever inserted into.

Refusals (PermissionDenied, StepNotAllowed, BadStepArgs, NotFound, Conflict) all happen before the
first write. Rows are written with Core statements rather than ORM flushes so that a lost race is a
clean `Conflict`, not a StaleDataError that leaves the caller's session needing a rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, SessionTransactionOrigin

from commandcenter.db.models import Event, Media, Rating
from commandcenter.db.models import TrailEntry as TrailRow
from commandcenter.domain import permissions
from commandcenter.domain.permissions import Actor, CaseContext
from commandcenter.domain.status import SlaStep, Status, Step
from commandcenter.domain.workflow import CaseState, UnitRef, advance
from commandcenter.services.actors import case_context, load_actor
from commandcenter.services.cases import jsonable, load_event, snapshot, state_of
from commandcenter.services.changes import Changed
from commandcenter.services.errors import Conflict
from commandcenter.services.sla_clock import Clock, stage_of
from commandcenter.services.tables import EVENTS
from commandcenter.services.units import unit_columns

E = EVENTS.c
_MAPPED = frozenset(Event.__table__.c.keys())

# The free-text argument shown as the trail row's note, in order of preference.
_NOTE_KEYS = ("note", "reason", "comment", "result")

# Event timestamps a step sets to "now".
_STAMPS: Mapping[Step, str] = {
    Step.VERIFY: "verified_at",
    Step.ASSIGN: "dispatched_at",
    Step.REPLY: "replied_at",
    Step.SELF_HANDLE: "replied_at",
    Step.CHECK_PASS: "checked_at",
    Step.CLOSE: "closed_at",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


@contextmanager
def unit_of_work(session: Session) -> Iterator[None]:
    """Run in the caller's explicit transaction, or in one of the step's own that commits here.

    - No transaction: begin one, commit at the end (roll back on any error).
    - A transaction the caller began explicitly (`session.begin()`, a savepoint): join it; the caller
      commits or rolls back, so several steps can form one unit of work.
    - A transaction SQLAlchemy began by itself for an earlier query ("autobegin"): nobody has
      declared a unit of work, so it is committed first (it holds reads, or writes the caller already
      made) and the step runs in its own transaction as in the first case. Joining it instead would
      leave the step uncommitted, to be lost at the caller's next rollback or close.
    """
    tx = session.get_transaction()
    if tx is not None and tx.origin is SessionTransactionOrigin.AUTOBEGIN:
        session.commit()
        tx = None
    if tx is not None:
        yield
        return
    with session.begin():
        yield


@dataclass
class Ctx:
    """What a step's planner may look at."""

    session: Session
    actor: Actor
    event: Event | None  # None while creating a case
    state: CaseState
    now: datetime
    clock: Clock


@dataclass
class Plan:
    """A step as its public function describes it."""

    args: dict[str, Any]  # the domain arguments, written to the trail as `data`
    values: dict[str, Any] = field(default_factory=dict)  # extra event columns to set
    media: Sequence[str] = ()  # photo/video URLs attached to this step
    stars: int | None = None  # a rating row to write (RATE)


Planner = Callable[[Ctx], Plan]


def without_none(args: Mapping[str, Any]) -> dict[str, Any]:
    """Optional arguments left out rather than passed as None (None means "clear" to some steps)."""
    return {k: v for k, v in args.items() if v is not None}


def _clock_values(
    ctx: Ctx, step: Step, old: CaseState, new: CaseState, event: Event | None
) -> dict[str, Any]:
    """The SLA columns after the step (rules in services.sla_clock)."""
    now, clock = ctx.now, ctx.clock
    if step is Step.PARK:
        return {"parked_at": now}
    if step is Step.RESUME:
        assert event is not None
        stage = stage_of(old.parked_from)
        parked = event.parked_at or now
        values: dict[str, Any] = {
            "parked_at": None,
            "parked_seconds": (event.parked_seconds or 0.0) + max(0.0, (now - parked).total_seconds()),
            "step_started_at": clock.push(event.step_started_at, stage, parked, now),
            "step_deadline": clock.push(event.step_deadline, stage, parked, now),
            "deadline": clock.push(new.deadline, SlaStep.HANDLE, parked, now),
        }
        if stage is SlaStep.VERIFY:
            values["verify_due_at"] = clock.push(_due(ctx, "verify_due_at"), stage, parked, now)
        elif stage is SlaStep.DISPATCH:
            values["dispatch_due_at"] = clock.push(_due(ctx, "dispatch_due_at"), stage, parked, now)
        return values
    old_stage, new_stage = stage_of(old.status, old.parked_from), stage_of(new.status, new.parked_from)
    # Escalation stays in the dispatch stage but hands the case to a new center: a fresh clock.
    restart = new_stage != old_stage or step is Step.ESCALATE
    if new_stage is None:
        return {"step_started_at": None, "step_deadline": None}
    if new_stage is SlaStep.HANDLE:
        values = {"step_deadline": new.deadline}
        if restart:
            values["step_started_at"] = now
        return values
    if not restart:
        return {}
    due = clock.due(new_stage, now)
    values = {"step_started_at": now, "step_deadline": due}
    if new_stage is SlaStep.VERIFY:
        values["verify_due_at"] = due
    elif new_stage is SlaStep.DISPATCH:
        values["dispatch_due_at"] = due
    return values


def _due(ctx: Ctx, column: str) -> datetime | None:
    assert ctx.event is not None
    return ctx.session.scalar(select(E[column]).where(E.id == ctx.event.id))


def _state_values(ctx: Ctx, step: Step, old: CaseState, new: CaseState) -> dict[str, Any]:
    """Event columns that mirror the workflow state, plus the step's timestamps and counters."""
    values: dict[str, Any] = {
        "status": new.status.value if new.status else None,
        "parked_from": new.parked_from.value if new.parked_from else None,
        "assignee_id": new.assignee_id,
        "reworks": new.reworks,
        "supervised": new.supervised,
        "rating": new.rating,
        "deadline": new.deadline,
        "extension_until": None if new.extension_pending is None else new.extension_pending.until,
        "updated_at": ctx.now,
    }
    if new.responsible != old.responsible or ctx.event is None:
        values.update(unit_columns(ctx.session, new.responsible).values())
    stamp = _STAMPS.get(step)
    if stamp is not None:
        values[stamp] = ctx.now
    if step is Step.TASK and new.assignee_id is not None:
        values["dispatched_at"] = ctx.now
    if step is Step.REOPEN:
        values["closed_at"] = None  # no longer closed; the trail keeps when it was
    if step is Step.SEND_BACK:
        values["sent_backs"] = E.sent_backs + 1
    return values


def _note(args: Mapping[str, Any]) -> str | None:
    for key in _NOTE_KEYS:
        value = args.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _write_trail(
    ctx: Ctx, event_id: int, step: Step, old: Status | None, new: Status, args: Mapping[str, Any]
) -> int:
    trail_id = ctx.session.scalar(
        insert(TrailRow.__table__)
        .values(
            event_id=event_id,
            step=step.value,
            actor_id=ctx.actor.person_id,
            actor_name=ctx.actor.name or None,
            at=ctx.now,
            from_status=old.value if old else None,
            to_status=new.value,
            note=_note(args),
            data=jsonable(dict(args)),
        )
        .returning(TrailRow.__table__.c.id)
    )
    assert trail_id is not None
    return int(trail_id)


def _write_extras(ctx: Ctx, event_id: int, trail_id: int, plan: Plan, args: Mapping[str, Any]) -> None:
    if plan.stars is not None:
        ctx.session.execute(
            insert(Rating.__table__).values(
                event_id=event_id,
                stars=plan.stars,
                comment=args.get("comment"),
                rater_id=ctx.actor.person_id,
                rated_at=ctx.now,
            )
        )
    if plan.media:
        ctx.session.execute(
            insert(Media.__table__),
            [
                {"event_id": event_id, "step_id": trail_id, "kind": _media_kind(u), "url": u}
                for u in plan.media
            ],
        )


def _media_kind(url: str) -> str:
    lower = url.lower()
    if lower.endswith((".mp4", ".mov", ".avi", ".mkv")):
        return "video"
    if lower.endswith((".mp3", ".m4a", ".amr", ".wav")):
        return "audio"
    return "photo"


def _changed(
    event_id: int,
    code: str,
    step: Step,
    old: CaseState,
    new: CaseState,
    version: int,
    trail_id: int,
    now: datetime,
    sla: bool,
) -> Changed:
    assert new.status is not None
    queues = {s for s in (old.status, new.status, old.parked_from, new.parked_from) if s is not None}
    people = {p for p in (old.assignee_id, new.assignee_id) if isinstance(p, int)}
    units = {u for u in (old.responsible, new.responsible) if isinstance(u, UnitRef)}
    return Changed(
        event_id=event_id,
        code=code,
        step=step,
        old_status=old.status,
        new_status=new.status,
        version=version,
        trail_id=trail_id,
        at=now,
        queues=frozenset(queues),
        people=frozenset(people),
        units=frozenset(units),
        sla=sla,
    )


def run_step(
    session: Session,
    actor_ref: int | str,
    case: int | str,
    expected_version: int | None,
    step: Step,
    planner: Planner,
    *,
    now: datetime | None = None,
) -> Changed:
    """Take `step` on an existing case (the numbered recipe of the module doc)."""
    with unit_of_work(session):
        actor = load_actor(session, actor_ref)
        event = load_event(session, case)
        seen = event.version
        if expected_version is not None and seen != expected_version:
            raise Conflict(snapshot(session, event.id), expected_version)
        old = state_of(session, event)
        permissions.check(actor, step, case_context(session, event))
        ctx = Ctx(session, actor, event, old, now or utcnow(), Clock.load(session, event.category_id))
        plan = planner(ctx)
        new, entry = advance(old, step, **plan.args)
        clock = _clock_values(ctx, step, old, new, event)
        values = {**_state_values(ctx, step, old, new), **clock, **plan.values, "version": seen + 1}
        result = session.execute(update(EVENTS).where(E.id == event.id, E.version == seen).values(**values))
        if result.rowcount != 1:
            raise Conflict(
                snapshot(session, event.id), seen if expected_version is None else expected_version
            )
        event_id, code = event.id, event.code or ""
        sla = old.deadline != new.deadline or any(
            getattr(event, name) != value for name, value in clock.items() if name in _MAPPED
        )
        session.expire(event)  # the row moved on; a caller holding this object must re-read it
        trail_id = _write_trail(ctx, event_id, step, entry.from_status, entry.to_status, entry.args)
        _write_extras(ctx, event_id, trail_id, plan, entry.args)
        return _changed(event_id, code, step, old, new, seen + 1, trail_id, ctx.now, sla)


def create_case(
    session: Session,
    actor_ref: int | str,
    step: Step,
    planner: Planner,
    context: Callable[[Actor], CaseContext],
    *,
    category_id: int,
    now: datetime,
) -> Changed:
    """Take a step that creates a case (report, self-handle, task): the row, then its first trail row."""
    with unit_of_work(session):
        actor = load_actor(session, actor_ref)
        permissions.check(actor, step, context(actor))
        ctx = Ctx(session, actor, None, CaseState(), now, Clock.load(session, category_id))
        plan = planner(ctx)
        old = CaseState()
        new, entry = advance(old, step, **plan.args)
        clock = _clock_values(ctx, step, old, new, None)
        values = {
            **_state_values(ctx, step, old, new),
            **clock,
            **plan.values,
            "category_id": category_id,
            "received_at": now,
            "version": 1,
        }
        event_id = session.scalar(insert(EVENTS).values(**values).returning(E.id))
        assert event_id is not None
        # The code comes from a database trigger (AFTER INSERT on SQLite, so not in RETURNING).
        code = session.scalar(select(E.code).where(E.id == event_id)) or ""
        trail_id = _write_trail(ctx, event_id, step, None, entry.to_status, entry.args)
        _write_extras(ctx, event_id, trail_id, plan, entry.args)
        return _changed(event_id, code, step, old, new, 1, trail_id, now, True)
