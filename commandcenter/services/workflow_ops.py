"""One function per workflow step: what the GUI, the CLI and scripts call.

Every function takes the Session, the acting person (id or code), the case (id or code) and the
version the caller last saw (`expected_version`, None to skip that check), then the step's own
arguments, all keyword-only; `now` (tests, imports) defaults to the current time. It runs the step as
described in `services.engine` (one transaction: joins one the caller began with `session.begin()`,
else opens and commits its own) and returns a `Changed`. Refusals raise `PermissionDenied`, `StepNotAllowed`, `BadStepArgs`, `NotFound` or
`Conflict` (all in `services.errors`), with nothing written.

Defaults the services fill in, so the trail holds explicit values that replay exactly:
- assign / task / failed check / reopen: the handling deadline defaults to the category's handle limit
  counted from now on the working calendar;
- an extension asked "in hours" is stored as the deadline it asks for (current deadline + hours);
- escalation names the center one level up (`routing.escalation_target`);
- a routed case sent back goes to the center that routed it (the last center it was verified with).

Arguments refused before anything is written (on PostgreSQL migration 0007 refuses the same for a
personal login, so the app's message comes first and a psql session gets no further):
- route / reopen to a unit: a department, or a physical unit inside one of the actor's operator
  scopes, or the case's own grid or a center above it; administrators anywhere; a routed case not
  again to the unit it is routed to (migration 0010 refuses that for a personal login);
- assign / task / reopen to a person: active, and a member of the unit (of its grid or a grid below
  the center, of the department or one below it) or within the actor's reach as the person picker
  (services.people_picker) offers them;
- an explicit handling deadline: after now and no later than the category's handling limit from now
  (more time is an extension, which needs approval); a new task's: after now, within a year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Grid, GridMembership, LogicalGrid, LogicalMembership, Person
from commandcenter.domain import workflow
from commandcenter.domain.permissions import Actor, CaseContext, PermissionDenied
from commandcenter.domain.status import Role, SlaStep, Source, Status, Step, UnitKind
from commandcenter.domain.workflow import BadStepArgs, CaseState, UnitRef
from commandcenter.services import people_picker, placement
from commandcenter.services.actors import load_actor, new_case_context
from commandcenter.services.cases import as_entry, trail_rows
from commandcenter.services.changes import Changed
from commandcenter.services.engine import Ctx, Plan, create_case, run_step, unit_of_work, utcnow, without_none
from commandcenter.services.errors import NotFound
from commandcenter.services.routing import escalation_target, place_point
from commandcenter.services.units import find_person, parse_unit, resolve_unit

Case = int | str  # an event id or code
PersonRef = int | str  # a person id or code
UnitArg = UnitRef | str  # a UnitRef or "grid:CODE" / "center:CODE" / "logical:CODE"


class _Keep:
    """Marker: keep the current value (reopen without naming an assignee)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


# ---------------------------------------------------------------------------------------------- helpers


def find_category(session: Session, ref: int | str) -> Category:
    query = select(Category)
    cat = session.scalars(
        query.where(Category.id == ref) if isinstance(ref, int) else query.where(Category.code == ref)
    ).first()
    if cat is None:
        raise NotFound(f"no category {ref!r} (see `commandcenter categories list`)")
    return cat


def _unit(session: Session, to: UnitArg) -> UnitRef:
    try:
        unit = to if isinstance(to, UnitRef) else parse_unit(to)
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    return resolve_unit(session, unit)[0]


def _active_person(session: Session, ref: PersonRef, step: Step, code: str) -> Person:
    person = find_person(session, ref)
    if not person.active:
        raise BadStepArgs(code, step, f"{person.name} ({person.code}) is no longer active")
    return person


# A department's new task may carry its own deadline up to this far ahead (migration 0007 too).
TASK_DEADLINE_DAYS: Final = 366


def _handle_deadline(ctx: Ctx, given: datetime | None, step: Step) -> datetime | None:
    latest = ctx.clock.due(SlaStep.HANDLE, ctx.now)
    if given is None:
        return latest
    if given.utcoffset() is None:
        raise BadStepArgs(_code(ctx), step, "the deadline must carry its time zone")
    if given <= ctx.now:
        raise BadStepArgs(_code(ctx), step, f"the deadline {given.isoformat()} is not after now")
    if step is Step.TASK:
        if given > ctx.now + timedelta(days=TASK_DEADLINE_DAYS):
            raise BadStepArgs(
                "", step, f"the deadline {given.isoformat()} lies more than {TASK_DEADLINE_DAYS} days ahead"
            )
        return given
    if latest is not None and given > latest:
        raise BadStepArgs(
            _code(ctx),
            step,
            f"the deadline {given.isoformat()} is later than the category's handling limit allows "
            f"({latest.isoformat()}); more time is an extension, which needs approval",
        )
    return given


def _may_hold(session: Session, actor: Actor, person: Person, unit: UnitRef | None) -> bool:
    """May the actor hand a case of `unit` to the person? A member of the unit or of one below it, or
    one within the actor's reach (services.people_picker: an operator's staff, a liaison's department
    and any grid's worker, for an administrator anyone with a grid or a department)."""
    grid_terms, logical_terms = people_picker.reach_terms(actor.roles)
    if unit is not None and unit.kind is UnitKind.LOGICAL:
        logical_terms.append(LogicalGrid.code.startswith(unit.code, autoescape=True))
    elif unit is not None:
        grid_terms.append(Grid.code.startswith(unit.code, autoescape=True))
    in_grid = (
        select(GridMembership.id)
        .join(Grid, Grid.id == GridMembership.grid_id)
        .where(GridMembership.person_id == person.id, or_(false(), *grid_terms))
    )
    in_logical = (
        select(LogicalMembership.id)
        .join(LogicalGrid, LogicalGrid.id == LogicalMembership.logical_grid_id)
        .where(LogicalMembership.person_id == person.id, or_(false(), *logical_terms))
    )
    return any(session.scalar(q.limit(1)) is not None for q in (in_grid, in_logical))


def _holder(
    session: Session, actor: Actor, ref: PersonRef, unit: UnitRef | None, step: Step, code: str
) -> Person:
    person = _active_person(session, ref, step, code)
    if not _may_hold(session, actor, person, unit):
        where = f"{unit.kind} {unit.code}" if unit is not None else "no unit"
        raise BadStepArgs(
            code,
            step,
            f"{person.name} ({person.code}) is neither a member of {where} nor one of the people "
            f"{actor.label} may hand cases to",
        )
    return person


def _check_target(ctx: Ctx, unit: UnitRef) -> UnitRef:
    """A unit the actor may route this case to (see the module doc)."""
    if unit.kind is UnitKind.LOGICAL or any(g.role is Role.ADMIN for g in ctx.actor.roles):
        return unit
    if any(
        g.role is Role.OPERATOR and g.scope_path and unit.code.startswith(g.scope_path)
        for g in ctx.actor.roles
    ):
        return unit
    assert ctx.event is not None
    grid = ctx.session.execute(select(Grid.code).where(Grid.id == ctx.event.grid_id)).scalar()
    if grid is not None and grid.startswith(unit.code):
        return unit  # the case's own grid or a center above it
    if grid is None and ctx.session.scalar(
        select(Grid.id).where(Grid.code == unit.code, Grid.parent_id.is_(None))
    ):
        return unit  # an unplaced case: the district center
    raise PermissionDenied(
        f"{ctx.actor.label} may not give case {_code(ctx)} to {unit.kind} {unit.code}: it is outside "
        "their center's area and not a center above the case"
    )


def _code(ctx: Ctx) -> str:
    return ctx.state.code


def _simple(**text: str | None) -> Callable[[Ctx], Plan]:
    return lambda ctx: Plan(without_none(text))


# Steps whose text is the record itself: what was done, or why the case is refused, sent back,
# failed, parked or kept to its deadline. A blank one would leave the trail unable to say.
TEXT_REQUIRED: Final = {
    Step.REPLY: "result",
    Step.CHECK_FAIL: "note",
    Step.VOID: "reason",
    Step.SEND_BACK: "reason",
    Step.PARK: "reason",
    Step.REQUEST_EXTENSION: "reason",
    Step.REJECT_EXTENSION: "reason",
    Step.SUPERVISE: "note",
}


def _need_text(ctx: Ctx, step: Step, text: str | None) -> str:
    if text is None or not text.strip():
        raise BadStepArgs(_code(ctx), step, f"{TEXT_REQUIRED[step]} is required (and not blank)")
    return text.strip()


def _simple_required(step: Step, text: str | None) -> Callable[[Ctx], Plan]:
    return lambda ctx: Plan({TEXT_REQUIRED[step]: _need_text(ctx, step, text)})


_SOURCE_BY_ROLE: Final = (
    (Role.CITIZEN, Source.CITIZEN_APP),
    (Role.GRID_WORKER, Source.PATROL),
    (Role.LIAISON, Source.DEPARTMENT),
)


def _source_for(actor: Actor) -> Source:
    roles = {g.role for g in actor.roles}
    for role, source in _SOURCE_BY_ROLE:
        if role in roles:
            return source
    return Source.HOTLINE  # operators, leaders, administrators type in what a caller reports


def _grid_worker(session: Session, grid_code: str) -> int | None:
    return session.scalar(
        select(GridMembership.person_id)
        .join(Grid, Grid.id == GridMembership.grid_id)
        .join(Person, Person.id == GridMembership.person_id)
        .where(Grid.code == grid_code, GridMembership.role == Role.GRID_WORKER.value, Person.active)
        .order_by(GridMembership.id)
        .limit(1)
    )


# ---------------------------------------------------------------------------------------------- new cases


def _report(
    session: Session,
    actor: PersonRef,
    *,
    category: int | str,
    lat: float,
    lon: float,
    title: str,
    description: str | None = None,
    address: str | None = None,
    source: Source | str | None = None,
    priority: int | None = None,
    reported_at: datetime | None = None,
    device_lat: float | None = None,
    device_lon: float | None = None,
    claimed_grid: str | None = None,
    reporter_name: str | None = None,
    reporter_phone: str | None = None,
    media: Sequence[str] = (),
    note: str | None = None,
    now: datetime | None = None,
) -> Changed:
    """发现/上报: a new case at (lat, lon), placed in the grid that covers it (unplaced outside all)."""
    now = now or utcnow()
    cat = find_category(session, category)
    grid_id = place_point(session, lon, lat)

    def reporter(a: Actor) -> tuple[Source, int | None]:
        chosen = Source(source) if source is not None else _source_for(a)
        # A hotline caller is not a person in the system; the operator who typed it in is the actor.
        return chosen, (None if chosen is Source.HOTLINE else int(a.person_id))

    def context(a: Actor) -> CaseContext:
        return new_case_context(session, grid_id, reporter_id=reporter(a)[1])

    def plan(ctx: Ctx) -> Plan:
        chosen, reporter_id = reporter(ctx.actor)
        values = {
            "source": chosen.value,
            "reporter_id": reporter_id,
            "reporter_name": reporter_name or (ctx.actor.name if reporter_id is not None else None),
            "reporter_phone": reporter_phone,
            "title": title,
            "description": description,
            "address": address,
            "lat": lat,
            "lon": lon,
            "device_lat": device_lat,
            "device_lon": device_lon,
            "reported_at": reported_at,
            "grid_id": grid_id,
            "claimed_grid_code": claimed_grid,
            "priority": cat.default_priority if priority is None else priority,
            "time_flag": placement.time_flag(reported_at, now),
            "position_flag": bool(claimed_grid) and placement.position_flag(session, claimed_grid, lon, lat),
        }
        return Plan(without_none({"note": note, "media": list(media) or None}), values=values, media=media)

    return create_case(session, actor, Step.REPORT, plan, context, category_id=cat.id, now=now)


def _self_handle(
    session: Session,
    actor: PersonRef,
    *,
    category: int | str,
    lat: float,
    lon: float,
    title: str,
    result: str,
    description: str | None = None,
    media: Sequence[str] = (),
    now: datetime | None = None,
) -> Changed:
    """自办: a grid worker fixed a small matter on the spot; the case starts as replied, to be checked."""
    now = now or utcnow()
    cat = find_category(session, category)
    grid_id = place_point(session, lon, lat)
    grid_code = session.scalar(select(Grid.code).where(Grid.id == grid_id)) if grid_id else None
    unit = UnitRef(UnitKind.GRID, grid_code) if grid_code else None

    def context(a: Actor) -> CaseContext:
        return new_case_context(
            session, grid_id, responsible=unit, assignee_id=a.person_id, reporter_id=a.person_id
        )

    def plan(ctx: Ctx) -> Plan:
        if unit is None:
            raise BadStepArgs("", Step.SELF_HANDLE, f"({lat}, {lon}) lies outside every grid")
        values = {
            "source": Source.PATROL.value,
            "reporter_id": ctx.actor.person_id,
            "reporter_name": ctx.actor.name,
            "title": title,
            "description": description,
            "lat": lat,
            "lon": lon,
            "grid_id": grid_id,
            "priority": cat.default_priority,
        }
        args = {"assignee_id": ctx.actor.person_id, "responsible": unit, "result": result}
        return Plan(without_none({**args, "media": list(media) or None}), values=values, media=media)

    return create_case(session, actor, Step.SELF_HANDLE, plan, context, category_id=cat.id, now=now)


def _task(
    session: Session,
    actor: PersonRef,
    *,
    category: int | str,
    title: str,
    to: UnitArg,
    assignee: PersonRef | None = None,
    deadline: datetime | None = None,
    lat: float | None = None,
    lon: float | None = None,
    description: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Changed:
    """派发任务: a department sends a new task to a unit; to a grid it goes to that grid's worker."""
    now = now or utcnow()
    cat = find_category(session, category)
    unit = _unit(session, to)
    if lat is not None and lon is not None:
        grid_id = place_point(session, lon, lat)
    elif unit.kind is UnitKind.GRID:
        grid_id = session.scalar(select(Grid.id).where(Grid.code == unit.code))
    else:
        grid_id = None
    person_id = None
    if assignee is not None:
        person_id = _holder(session, load_actor(session, actor), assignee, unit, Step.TASK, "").id
    elif unit.kind is UnitKind.GRID:
        person_id = _grid_worker(session, unit.code)

    def context(a: Actor) -> CaseContext:
        return new_case_context(
            session, grid_id, responsible=unit, assignee_id=person_id, reporter_id=a.person_id
        )

    def plan(ctx: Ctx) -> Plan:
        values = {
            "source": Source.DEPARTMENT.value,
            "reporter_id": ctx.actor.person_id,
            "reporter_name": ctx.actor.name,
            "title": title,
            "description": description,
            "lat": lat,
            "lon": lon,
            "grid_id": grid_id,
            "priority": cat.default_priority,
        }
        due = _handle_deadline(ctx, deadline, Step.TASK) if person_id is not None else None
        args = {"responsible": unit, "assignee_id": person_id, "deadline": due, "note": note}
        return Plan(without_none(args), values=values)

    return create_case(session, actor, Step.TASK, plan, context, category_id=cat.id, now=now)


def report(session: Session, actor: PersonRef, **kwargs: Any) -> Changed:
    """发现/上报: a new case at (lat, lon), placed in the grid that covers it (unplaced outside all).

    Keyword arguments: category, lat, lon, title (required); description, address, source, priority,
    reported_at (device time), device_lat/device_lon, claimed_grid, reporter_name/reporter_phone (a
    hotline caller), media (URLs), note, now.
    """
    with unit_of_work(session):  # the look-ups below must not leave a transaction nobody commits
        return _report(session, actor, **kwargs)


def self_handle(session: Session, actor: PersonRef, **kwargs: Any) -> Changed:
    """自办: a grid worker fixed a small matter on the spot; the case starts as replied, to be checked.

    Keyword arguments: category, lat, lon, title, result (required); description, media, now.
    """
    with unit_of_work(session):
        return _self_handle(session, actor, **kwargs)


def task(session: Session, actor: PersonRef, **kwargs: Any) -> Changed:
    """派发任务: a department sends a new task to a unit (`to`); to a grid, it goes to that grid's worker.

    Keyword arguments: category, title, to (required); assignee, deadline, lat/lon, description, note, now.
    """
    with unit_of_work(session):
        return _task(session, actor, **kwargs)


# ---------------------------------------------------------------------------------------------- the loop


def verify(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """核实: the report is real and in scope; it waits to be routed."""
    return run_step(session, actor, case, expected_version, Step.VERIFY, _simple(note=note), now=now)


def void(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """作废: rejected at verification (duplicate, untrue, out of scope)."""
    planner = _simple_required(Step.VOID, reason)
    return run_step(session, actor, case, expected_version, Step.VOID, planner, now=now)


def route(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    to: UnitArg, note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """分流: make a grid's worker, a center or a department responsible (see `suggest_route`).
    A routed case goes elsewhere, never again to the unit it is routed to (workflow.no_op)."""

    def plan(ctx: Ctx) -> Plan:
        unit = _check_target(ctx, _unit(ctx.session, to))
        if ctx.state.status is Status.ROUTED and unit == ctx.state.responsible:
            name = resolve_unit(ctx.session, unit)[2]
            raise BadStepArgs(
                _code(ctx),
                Step.ROUTE,
                f"the case is already routed to {name} ({unit.kind} {unit.code}); route it to another "
                "unit, or assign it",
            )
        return Plan(without_none({"responsible": unit, "note": note}))

    return run_step(session, actor, case, expected_version, Step.ROUTE, plan, now=now)


def assign(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    to: PersonRef, deadline: datetime | None = None, note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """交办: give the case to a person, with a handling deadline (default: the category's limit)."""

    def plan(ctx: Ctx) -> Plan:
        person = _holder(ctx.session, ctx.actor, to, ctx.state.responsible, Step.ASSIGN, _code(ctx))
        due = _handle_deadline(ctx, deadline, Step.ASSIGN)
        args = {"assignee_id": person.id, "deadline": due, "note": note}
        return Plan(without_none(args))

    return run_step(session, actor, case, expected_version, Step.ASSIGN, plan, now=now)


def accept(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """签收: the assignee takes the case on."""
    return run_step(session, actor, case, expected_version, Step.ACCEPT, _simple(note=note), now=now)


def reply(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    result: str, media: Sequence[str] = (), note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """回复: the assignee reports the result (with photos); the case waits for the check."""

    def plan(ctx: Ctx) -> Plan:
        text = _need_text(ctx, Step.REPLY, result)
        return Plan(without_none({"result": text, "media": list(media) or None, "note": note}), media=media)

    return run_step(session, actor, case, expected_version, Step.REPLY, plan, now=now)


def check(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    passed: bool, deadline: datetime | None = None, note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """验证/核查: pass (the case waits to be rated and closed) or fail (back to the assignee: rework,
    with a new handling deadline, default the category's limit from now)."""
    step = Step.CHECK_PASS if passed else Step.CHECK_FAIL

    def plan(ctx: Ctx) -> Plan:
        if passed:
            if deadline is not None:
                raise BadStepArgs(_code(ctx), step, "a deadline is only given when the check fails")
            return Plan(without_none({"note": note}))
        reason = _need_text(ctx, Step.CHECK_FAIL, note)
        due = _handle_deadline(ctx, deadline, Step.CHECK_FAIL)
        return Plan(without_none({"deadline": due, "reason": reason}))

    return run_step(session, actor, case, expected_version, step, plan, now=now)


def rate(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    stars: int, comment: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """评价: 1-5 stars with a comment; once per closing. The status does not change."""

    def plan(ctx: Ctx) -> Plan:
        return Plan(without_none({"stars": stars, "comment": comment}), stars=stars)

    return run_step(session, actor, case, expected_version, Step.RATE, plan, now=now)


def close(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """结案."""
    return run_step(session, actor, case, expected_version, Step.CLOSE, _simple(note=note), now=now)


def routing_center(session: Session, event_id: int, code: str = "") -> UnitRef | None:
    """The center a routed case was last verified with (None: its grid's own center)."""
    state, center = CaseState(code=code), None
    try:
        for row in trail_rows(session, event_id):
            entry = as_entry(row)
            state = workflow.apply(state, entry.step, **entry.args)
            if state.status is Status.VERIFIED:
                center = state.responsible
    except workflow.WorkflowError:
        return None  # a trail written by another system: fall back to the grid's center
    return center


def send_back(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """回退: not ours. An assignee's case goes back to the unit that assigned it; a routed case goes
    back to the center that routed it, to be routed again."""

    def plan(ctx: Ctx) -> Plan:
        args: dict[str, Any] = {"reason": _need_text(ctx, Step.SEND_BACK, reason)}
        if ctx.state.status is Status.ROUTED:
            assert ctx.event is not None
            args["responsible"] = routing_center(ctx.session, ctx.event.id, _code(ctx))
        return Plan(without_none(args))

    return run_step(session, actor, case, expected_version, Step.SEND_BACK, plan, now=now)


def request_extension(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    hours: float | None = None, until: datetime | None = None, reason: str | None = None,
    now: datetime | None = None,
) -> Changed:  # fmt: skip
    """申请延期: ask for `hours` more or a new deadline `until`; nothing moves until it is approved."""

    def plan(ctx: Ctx) -> Plan:
        why = _need_text(ctx, Step.REQUEST_EXTENSION, reason)
        current = ctx.state.deadline
        if hours is not None and until is None and current is not None and isinstance(hours, int | float):
            # Stored as the deadline asked for, so approval and replay need no arithmetic. The
            # hours count from now for a case already overdue: else the "new" deadline is past too.
            if hours <= 0:
                raise BadStepArgs(_code(ctx), Step.REQUEST_EXTENSION, f"hours must be positive, not {hours}")
            return Plan({"until": max(current, ctx.now) + timedelta(hours=hours), "reason": why})
        if until is not None and until <= ctx.now:
            raise BadStepArgs(_code(ctx), Step.REQUEST_EXTENSION, f"the deadline asked for ({until}) is past")
        return Plan(without_none({"hours": hours, "until": until, "reason": why}))

    return run_step(session, actor, case, expected_version, Step.REQUEST_EXTENSION, plan, now=now)


def approve_extension(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    until: datetime | None = None, note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """批准延期: the deadline moves to the one asked for (or to `until`, if the approver says so)."""

    def plan(ctx: Ctx) -> Plan:
        return Plan(without_none({"until": until, "note": note}))

    return run_step(session, actor, case, expected_version, Step.APPROVE_EXTENSION, plan, now=now)


def reject_extension(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """驳回延期: the deadline stays."""
    planner = _simple_required(Step.REJECT_EXTENSION, reason)
    return run_step(session, actor, case, expected_version, Step.REJECT_EXTENSION, planner, now=now)


def park(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """挂账: stop the clock (waiting for something outside anyone's control)."""
    planner = _simple_required(Step.PARK, reason)
    return run_step(session, actor, case, expected_version, Step.PARK, planner, now=now)


def resume(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    note: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """恢复: back to where it was parked from; the deadlines move out by the parked time."""
    return run_step(session, actor, case, expected_version, Step.RESUME, _simple(note=note), now=now)


def escalate(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """上报上级: hand the case to the center one level up, to be routed again from there."""

    def plan(ctx: Ctx) -> Plan:
        assert ctx.event is not None
        target = escalation_target(ctx.session, ctx.event, ctx.state.responsible)
        if target is None:
            raise BadStepArgs(
                _code(ctx),
                Step.ESCALATE,
                "the case is already with the district center; there is no level above",
            )
        return Plan(without_none({"responsible": target, "reason": reason}))

    return run_step(session, actor, case, expected_version, Step.ESCALATE, plan, now=now)


def supervise(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    note: str, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """督办: a leader flags the case with a note; it shows as supervised until closed."""

    def plan(ctx: Ctx) -> Plan:
        text = _need_text(ctx, Step.SUPERVISE, note)
        return Plan({"note": text}, values={"supervision_note": text})

    return run_step(session, actor, case, expected_version, Step.SUPERVISE, plan, now=now)


def reopen(
    session: Session, actor: PersonRef, case: Case, expected_version: int | None = None, *,
    assignee: PersonRef | _Keep = KEEP, to_verification: bool = False, to: UnitArg | None = None,
    deadline: datetime | None = None, reason: str | None = None, now: datetime | None = None,
) -> Changed:  # fmt: skip
    """重新打开: back to the last assignee (or `assignee`) with a new handling deadline, or with
    `to_verification` back to verification (optionally with the unit `to` responsible)."""

    def plan(ctx: Ctx) -> Plan:
        unit = _check_target(ctx, _unit(ctx.session, to)) if to is not None else None
        if to_verification:
            if deadline is not None:
                raise BadStepArgs(_code(ctx), Step.REOPEN, "a case reopened to verification has no deadline")
            # assignee_id None (not left out) is what sends a reopened case back to verification.
            return Plan({"assignee_id": None, **without_none({"responsible": unit, "reason": reason})})
        person_id = ctx.state.assignee_id
        if not isinstance(assignee, _Keep):
            unit_now = unit or ctx.state.responsible
            holder = _holder(ctx.session, ctx.actor, assignee, unit_now, Step.REOPEN, _code(ctx))
            person_id = holder.id
        due = _handle_deadline(ctx, deadline, Step.REOPEN)
        args = {"assignee_id": person_id, "deadline": due, "responsible": unit}
        return Plan(without_none({**args, "reason": reason}))

    return run_step(session, actor, case, expected_version, Step.REOPEN, plan, now=now)


def take(
    session: Session,
    actor: PersonRef,
    case: Case,
    expected_version: int | None,
    step: Step | str,
    **kwargs: Any,
) -> Changed:
    """Any step on an existing case, chosen at run time (a menu, a script): the step's function with
    its keyword arguments, e.g. take(s, "O0011", code, 3, "route", to="logical:LG02")."""
    return STEP_FUNCTIONS[Step(step)](session, actor, case, expected_version, **kwargs)


# Every step on an existing case, for callers that pick the step at run time (menus, tests).
STEP_FUNCTIONS: Final[dict[Step, Callable[..., Changed]]] = {
    Step.VERIFY: verify,
    Step.VOID: void,
    Step.ROUTE: route,
    Step.ASSIGN: assign,
    Step.ACCEPT: accept,
    Step.REPLY: reply,
    Step.CHECK_PASS: partial(check, passed=True),
    Step.CHECK_FAIL: partial(check, passed=False),
    Step.RATE: rate,
    Step.CLOSE: close,
    Step.SEND_BACK: send_back,
    Step.REQUEST_EXTENSION: request_extension,
    Step.APPROVE_EXTENSION: approve_extension,
    Step.REJECT_EXTENSION: reject_extension,
    Step.PARK: park,
    Step.RESUME: resume,
    Step.ESCALATE: escalate,
    Step.SUPERVISE: supervise,
    Step.REOPEN: reopen,
}
