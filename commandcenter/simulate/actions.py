"""One phone action = one small transaction, written the way the phone apps' backend would.

Every status change goes through the state machine (`domain.workflow.advance`), writes one trail row
(step, from/to status, actor, time, note, and the step's arguments as `data`, so the trail replays)
and bumps the event's `version` (the ORM's optimistic lock: a case changed meanwhile by someone else
raises StaleDataError and the action is dropped, as a phone would show "the case has changed").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain import sla
from commandcenter.domain.status import SlaStep, Source, Status, Step, UnitKind
from commandcenter.domain.workflow import CaseState, Extension, UnitRef, advance
from commandcenter.domain.workflow import TrailEntry as TrailStep
from commandcenter.geo import names
from commandcenter.services import placement
from commandcenter.simulate import profile
from commandcenter.simulate.world import CategoryRef, LeafGrid, Who, World, offset, random_point_in


@dataclass
class Ctx:
    session: Session
    world: World
    rng: random.Random
    now: datetime

    @property
    def hour(self) -> int:
        return self.now.astimezone(profile.LOCAL).hour


@dataclass(frozen=True)
class Outcome:
    action: str
    event_id: int
    code: str | None
    status: str
    detail: str = ""


Action = Callable[[Ctx], Outcome | None]


# ---------------------------------------------------------------------------------------- helpers


def _jsonable(args: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in args.items():
        if isinstance(value, UnitRef):
            value = {"kind": value.kind.value, "code": value.code}
        elif isinstance(value, datetime):
            value = value.isoformat()
        out[key] = value
    return out


def _trail_row(ctx: Ctx, event_id: int, entry: TrailStep, actor: Who | None) -> m.TrailEntry:
    row = m.TrailEntry(
        event_id=event_id,
        step=entry.step.value,
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else None,
        at=ctx.now,
        from_status=entry.from_status.value if entry.from_status else None,
        to_status=entry.to_status.value,
        note=entry.args.get("note"),
        data=_jsonable(dict(entry.args)),
    )
    ctx.session.add(row)
    return row


def _step(
    ctx: Ctx, event: m.Event, state: CaseState, step: Step, actor: Who | None, **args: Any
) -> tuple[CaseState, m.TrailEntry]:
    """Apply `step` to a stored case: its trail row and status, flushed as one UPDATE, so each step
    bumps the version exactly once. Set any other column of the event before calling this."""
    new, entry = advance(state, step, **args)
    assert new.status is not None
    event.status = new.status.value
    event.updated_at = ctx.now
    row = _trail_row(ctx, event.id, entry, actor)
    ctx.session.flush()
    return new, row


def _deadline(cat: CategoryRef, step: SlaStep, start: datetime) -> datetime | None:
    limit = cat.limits.get(step.value)
    if limit is None:
        return None
    return sla.deadline(start, sla.TimeLimit(limit[0], limit[1]))  # type: ignore[arg-type]


def _photos(
    ctx: Ctx, event_id: int, step_id: int | None, lon: float, lat: float, count: int, before: datetime
) -> list[str]:
    """Media rows for `count` photos taken shortly before `before`; returns their references."""
    urls = []
    local = before.astimezone(profile.LOCAL)
    for _ in range(count):
        url = f"media/{local:%Y/%m/%d}/{event_id:07d}-{ctx.rng.getrandbits(32):08x}.jpg"
        plon, plat = offset(lon, lat, ctx.rng.uniform(0, 8), ctx.rng)
        ctx.session.add(
            m.Media(
                event_id=event_id,
                step_id=step_id,
                kind="photo",
                url=url,
                taken_at=before - timedelta(seconds=ctx.rng.uniform(3, 60)),
                lat=plat,
                lon=plon,
            )
        )
        urls.append(url)
    return urls


def _choose(rng: random.Random, codes: Sequence[str], weights: Sequence[float]) -> str:
    return rng.choices(list(codes), weights=list(weights))[0]


def _category(ctx: Ctx, mix: dict[str, tuple[float, tuple[float, ...]]], affinity: Any = None) -> CategoryRef:
    available = set(ctx.world.categories)
    codes, weights = profile.weighted_codes(mix, ctx.hour, available, affinity)
    if not codes or sum(weights) <= 0:
        return ctx.rng.choice(list(ctx.world.categories.values()))
    return ctx.world.categories[_choose(ctx.rng, codes, weights)]


def _title(ctx: Ctx, cat: CategoryRef) -> str:
    return ctx.rng.choice(profile.TITLES.get(cat.code, (cat.name,)))


def _new_event(
    ctx: Ctx,
    step: Step,
    actor: Who,
    args: dict[str, Any],
    *,
    source: Source,
    cat: CategoryRef,
    lon: float,
    lat: float,
    place_label: str,
    clock_skew: bool = False,
    **columns: Any,
) -> tuple[m.Event, m.TrailEntry, datetime]:
    """A fresh report by `actor` (the first step of its case), inserted in one go with its trail row:
    place, device time and position, grid, trust flags. Returns the event, the row and device time."""
    rng, now = ctx.rng, ctx.now
    state, entry = advance(CaseState(), step, **args)
    assert state.status is not None
    # The device is near the event (across the street), and its clock a little behind receipt:
    # the upload took a few seconds; now and then a phone's clock is far off (time_flag).
    dev_lon, dev_lat = offset(lon, lat, rng.uniform(3, 45), rng)
    delay = rng.uniform(2, 40) if not clock_skew else rng.uniform(15 * 60, 3 * 3600)
    reported_at = now - timedelta(seconds=delay)
    grid_id, claimed_id = placement.place(ctx.session, [lon, dev_lon], [lat, dev_lat])
    by_id = {g.id: g for g in ctx.world.leaves}
    grid = by_id.get(grid_id) if grid_id is not None else None
    claimed = by_id.get(claimed_id) if claimed_id is not None else None
    title = _title(ctx, cat)
    address = f"{grid.name if grid else '辖区边界'}{place_label}附近"
    event = m.Event(
        source=source.value,
        category_id=cat.id,
        title=title,
        description=f"{title}，位于{address}，请尽快处理。",
        lat=lat,
        lon=lon,
        device_lat=dev_lat,
        device_lon=dev_lon,
        address=address,
        reported_at=reported_at,
        received_at=now,
        reporter_id=actor.id,
        reporter_name=actor.name,
        reporter_phone=actor.phone,
        grid_id=grid.id if grid else None,
        claimed_grid_code=claimed.code if claimed else None,
        position_flag=bool(claimed and placement.position_flag(ctx.session, claimed.code, lon, lat)),
        time_flag=placement.time_flag(reported_at, now),
        priority=cat.priority,
        status=state.status.value,
        step_started_at=now,
        updated_at=now,
        extra={"app": "citizen" if source is Source.CITIZEN_APP else "worker", "simulated": True},
        **columns,
    )
    ctx.session.add(event)
    ctx.session.flush()
    if event.code is None:  # SQLite fills it in an AFTER INSERT trigger, after RETURNING
        ctx.session.refresh(event, ["code"])
    row = _trail_row(ctx, event.id, entry, actor)
    ctx.session.flush()
    return event, row, reported_at


def _place(ctx: Ctx, grid: LeafGrid | None = None) -> tuple[float, float, str, Any]:
    """Where a report is: a recurring hotspot (within ~40 m), else anywhere people live."""
    rng, world = ctx.rng, ctx.world
    spots = [h for h in world.hotspots if grid is None or h.grid.id == grid.id]
    if spots and rng.random() < (0.65 if grid is None else 0.5):
        spot = rng.choices(spots, weights=[h.popularity for h in spots])[0]
        lon, lat = offset(spot.lon, spot.lat, abs(rng.gauss(0, 20)), rng)
        return lon, lat, spot.kind.label, spot.kind.affinity
    if grid is None:
        grid = rng.choices(world.leaves, weights=[max(1, g.residents) for g in world.leaves])[0]
    lon, lat = random_point_in(grid.geometry, rng)
    return lon, lat, "", None


def _citizen(ctx: Ctx) -> Who:
    if ctx.world.citizens and ctx.rng.random() < 0.7:
        return ctx.rng.choice(ctx.world.citizens)
    return Who(None, names.person_name(ctx.rng), names.phone(ctx.rng))  # not registered


def _outcome(action: str, event: m.Event, detail: str = "") -> Outcome:
    return Outcome(action, event.id, event.code, event.status, detail)


# ---------------------------------------------------------------------------------------- actions


def citizen_report(ctx: Ctx) -> Outcome:
    """A citizen photographs a problem and reports it (status reported)."""
    lon, lat, label, affinity = _place(ctx)
    cat = _category(ctx, profile.CITIZEN_MIX, affinity)
    who = _citizen(ctx)
    event, row, reported_at = _new_event(
        ctx, Step.REPORT, who, {}, source=Source.CITIZEN_APP, cat=cat, lon=lon, lat=lat, place_label=label,
        clock_skew=ctx.rng.random() < 0.01, step_deadline=_deadline(cat, SlaStep.VERIFY, ctx.now),
    )  # fmt: skip
    assert event.device_lon is not None and event.device_lat is not None
    _photos(ctx, event.id, row.id, event.device_lon, event.device_lat, ctx.rng.randint(1, 3), reported_at)
    return _outcome("citizen_report", event, cat.name)


def patrol_report(ctx: Ctx) -> Outcome | None:
    """A grid worker on patrol reports something in one of their grids."""
    workers = ctx.world.workers
    if not workers:
        return None
    who, grid = ctx.rng.choice(workers)
    lon, lat, label, affinity = _place(ctx, grid)
    cat = _category(ctx, profile.PATROL_MIX, affinity)
    event, row, reported_at = _new_event(
        ctx, Step.REPORT, who, {}, source=Source.PATROL, cat=cat, lon=lon, lat=lat, place_label=label,
        step_deadline=_deadline(cat, SlaStep.VERIFY, ctx.now),
    )  # fmt: skip
    _photos(ctx, event.id, row.id, lon, lat, ctx.rng.randint(1, 2), reported_at)
    return _outcome("patrol_report", event, cat.name)


def self_handle(ctx: Ctx) -> Outcome | None:
    """自办: a worker fixes a small matter on the spot and reports it done (status replied)."""
    workers = ctx.world.workers
    if not workers:
        return None
    who, grid = ctx.rng.choice(workers)
    lon, lat, label, affinity = _place(ctx, grid)
    cat = _category(ctx, profile.SELF_HANDLE_MIX, affinity)
    result = ctx.rng.choice(profile.SELF_HANDLE_RESULTS.get(cat.code, profile.SELF_HANDLE_DEFAULT))
    args = {"assignee_id": who.id, "responsible": UnitRef(UnitKind.GRID, grid.code), "result": result,
            "note": "现场处置"}  # fmt: skip
    event, row, reported_at = _new_event(
        ctx, Step.SELF_HANDLE, who, args, source=Source.PATROL, cat=cat, lon=lon, lat=lat, place_label=label,
        assignee_id=who.id, responsible_kind=UnitKind.GRID.value, responsible_grid_id=grid.id,
        replied_at=ctx.now, step_deadline=_deadline(cat, SlaStep.CHECK, ctx.now),
    )  # fmt: skip
    _photos(ctx, event.id, row.id, lon, lat, 2, reported_at)  # before and after
    return _outcome("self_handle", event, f"{cat.name}：{result}")


def _pick(ctx: Ctx, *where: Any) -> m.Event | None:
    """A random case among the 200 newest that match: people act on recent cases, the primary key
    makes it cheap on a large table, and the choice follows the simulator's seed."""
    ids = ctx.session.scalars(select(m.Event.id).where(*where).order_by(m.Event.id.desc()).limit(200)).all()
    return ctx.session.get(m.Event, ctx.rng.choice(ids)) if ids else None


def case_state(session: Session, event: m.Event) -> CaseState:
    """The workflow state of a stored event (raises InvalidState if its columns contradict)."""
    responsible = None
    if event.responsible_kind == UnitKind.LOGICAL.value and event.responsible_logical_id is not None:
        code = session.scalar(
            select(m.LogicalGrid.code).where(m.LogicalGrid.id == event.responsible_logical_id)
        )
        responsible = UnitRef(UnitKind.LOGICAL, code) if code else None
    elif event.responsible_kind and event.responsible_grid_id is not None:
        code = session.scalar(select(m.Grid.code).where(m.Grid.id == event.responsible_grid_id))
        responsible = UnitRef(UnitKind(event.responsible_kind), code) if code else None
    return CaseState(
        status=Status(event.status),
        parked_from=Status(event.parked_from) if event.parked_from else None,
        assignee_id=event.assignee_id,
        responsible=responsible,
        reworks=event.reworks,
        supervised=event.supervised,
        extension_pending=Extension(until=event.extension_until) if event.extension_until else None,
        rating=event.rating,
        deadline=event.deadline,
        code=event.code or "",
    )


def _person(ctx: Ctx, person_id: int | None) -> Who | None:
    if person_id is None:
        return None
    row = ctx.session.execute(select(m.Person.name, m.Person.phone).where(m.Person.id == person_id)).first()
    return Who(person_id, row[0], row[1]) if row else Who(person_id, "")


def accept(ctx: Ctx) -> Outcome | None:
    """The assignee accepts a case on the phone (接单: assigned -> in_progress)."""
    event = _pick(ctx, m.Event.status == Status.ASSIGNED.value, m.Event.assignee_id.is_not(None))
    if event is None:
        return None
    _step(ctx, event, case_state(ctx.session, event), Step.ACCEPT, _person(ctx, event.assignee_id))
    return _outcome("accept", event)


def reply(ctx: Ctx) -> Outcome | None:
    """The assignee reports the result with photos (-> replied); an assigned case is accepted first."""
    statuses = [Status.ASSIGNED.value, Status.IN_PROGRESS.value, Status.REWORK.value]
    event = _pick(ctx, m.Event.status.in_(statuses), m.Event.assignee_id.is_not(None))
    if event is None:
        return None
    who = _person(ctx, event.assignee_id)
    state = case_state(ctx.session, event)
    if state.status is Status.ASSIGNED:
        state, _ = _step(ctx, event, state, Step.ACCEPT, who)
    result = ctx.rng.choice(profile.REPLY_RESULTS)
    local = ctx.now.astimezone(profile.LOCAL)
    urls = [f"media/{local:%Y/%m/%d}/{event.id:07d}-{ctx.rng.getrandbits(32):08x}.jpg"]
    cat = ctx.world.categories.get(event.category.code)
    event.replied_at = ctx.now
    event.step_started_at = ctx.now
    event.step_deadline = _deadline(cat, SlaStep.CHECK, ctx.now) if cat else None
    event.extension_until = None  # a request still pending no longer matters
    _, row = _step(ctx, event, state, Step.REPLY, who, result=result, media=urls)
    lon, lat = event.lon, event.lat
    for url in urls:
        ctx.session.add(
            m.Media(event_id=event.id, step_id=row.id, url=url, taken_at=ctx.now, lat=lat, lon=lon)
        )
    return _outcome("reply", event, result)


def rate(ctx: Ctx) -> Outcome | None:
    """The reporting citizen rates a handled case (stars; the status stays)."""
    recent = ctx.now - timedelta(days=7)
    event = _pick(
        ctx,
        m.Event.status.in_([Status.CHECKED.value, Status.CLOSED.value]),
        m.Event.rating.is_(None),
        m.Event.source == Source.CITIZEN_APP.value,
        or_(m.Event.closed_at.is_(None), m.Event.closed_at >= recent),
    )
    if event is None:
        return None
    stars = ctx.rng.choices(profile.RATING_STARS, weights=profile.RATING_WEIGHTS)[0]
    comment = ctx.rng.choice(profile.RATING_COMMENTS[stars])
    rater = _person(ctx, event.reporter_id) or Who(None, event.reporter_name or "群众")
    state = case_state(ctx.session, event)
    event.rating = stars
    _step(ctx, event, state, Step.RATE, rater, stars=stars, comment=comment)
    ctx.session.add(
        m.Rating(event_id=event.id, stars=stars, comment=comment, rater_id=rater.id, rated_at=ctx.now)
    )
    return _outcome("rate", event, f"{stars}★ {comment}")


ACTIONS: dict[str, Action] = {
    "citizen_report": citizen_report,
    "patrol_report": patrol_report,
    "self_handle": self_handle,
    "accept": accept,
    "reply": reply,
    "rate": rate,
}
