"""One case with its whole trail, as plain values: what `commandcenter case show` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Grid, Person
from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.domain.labels import status_label, step_label
from commandcenter.domain.status import Status, Step
from commandcenter.domain.workflow import allowed_steps
from commandcenter.services.cases import load_event, state_of, trail_rows
from commandcenter.services.engine import utcnow
from commandcenter.services.routing import suggest_route
from commandcenter.services.sla_clock import Clock, stage_of
from commandcenter.services.tables import EVENTS
from commandcenter.services.units import unit_from_columns


@dataclass(frozen=True)
class TrailLine:
    id: int
    at: datetime
    step: Step
    actor: str
    from_status: Status | None
    to_status: Status
    note: str | None
    data: dict[str, Any]

    @property
    def step_label(self) -> str:
        return step_label(self.step)


@dataclass(frozen=True)
class CaseView:
    fields: dict[str, Any]  # label -> value, in display order
    trail: list[TrailLine]
    next_steps: list[Step]  # what the state allows next (permissions not applied)


def _person(session: Session, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    row = session.execute(select(Person.code, Person.name).where(Person.id == person_id)).first()
    return f"{row.name} ({row.code})" if row else f"person {person_id}"


def case_view(session: Session, ref: int | str, now: datetime | None = None) -> CaseView:
    now = now or utcnow()
    event = load_event(session, ref)
    state = state_of(session, event)
    cat = session.get(Category, event.category_id)
    grid = session.execute(select(Grid.code, Grid.name).where(Grid.id == event.grid_id)).first()
    unit, unit_name = unit_from_columns(
        session, event.responsible_kind, event.responsible_grid_id, event.responsible_logical_id
    )
    due = session.execute(
        select(EVENTS.c.verify_due_at, EVENTS.c.dispatch_due_at).where(EVENTS.c.id == event.id)
    ).one()
    clock = Clock.load(session, event.category_id)
    reading = clock.reading(
        status=event.status,
        parked_from=event.parked_from,
        started=event.step_started_at,
        due=event.step_deadline,
        parked_at=event.parked_at,
        now=now,
    )
    stage = stage_of(event.status, event.parked_from)
    fields: dict[str, Any] = {
        "code 编号": event.code,
        "status 状态": status_label(state.status)
        + (f" (from {status_label(state.parked_from)})" if state.parked_from else ""),
        "version 版本": event.version,
        "title 标题": event.title,
        "category 类别": f"{cat.code} {cat.name}" if cat else event.category_id,
        "grid 网格": f"{grid.name} ({grid.code})" if grid else "(unplaced 未落格)",
        "place 位置": _place(event.lat, event.lon),
        "source 来源": event.source,
        "reporter 上报人": _person(session, event.reporter_id) or event.reporter_name,
        "received 接收": event.received_at,
        "responsible 责任单位": f"{unit_name} ({unit.kind} {unit.code})" if unit else None,
        "assignee 处置人": _person(session, event.assignee_id),
        "deadline 处置时限": event.deadline,
        "extension asked 申请延期至": event.extension_until,
        "clock 当前时限": f"{stage} due {_local(reading.deadline)}" if reading else None,
        "light 信号灯": reading.light.value if reading else None,
        "time left 剩余": _span(reading.time_left) if reading else None,
        "parked since 挂账于": event.parked_at,
        "parked total 累计挂账": _span_seconds(event.parked_seconds) if event.parked_seconds >= 60 else None,
        "verify due 核实时限": due.verify_due_at,
        "dispatch due 派遣时限": due.dispatch_due_at,
        "supervised 督办": event.supervision_note if event.supervised else None,
        "reworks 返工": event.reworks or None,
        "sent back 回退": event.sent_backs or None,
        "rating 评价": event.rating,
        "closed 结案": event.closed_at,
    }
    if state.status in (Status.VERIFIED, Status.ROUTED):
        hint = suggest_route(session, event)
        fields["suggested route 建议分流"] = f"{hint.kind}:{hint.code}" if hint else None
    trail = [
        TrailLine(
            r.id,
            r.at,
            Step(r.step),
            r.actor_name or (f"person {r.actor_id}" if r.actor_id else "(app)"),
            Status(r.from_status) if r.from_status else None,
            Status(r.to_status),
            r.note,
            dict(r.data or {}),
        )
        for r in trail_rows(session, event.id)
    ]
    replies = [t for t in trail if t.step in (Step.REPLY, Step.SELF_HANDLE)]
    if replies:  # the latest reply in full, where the check reads it
        fields["reply 回复内容"] = replies[-1].data.get("result") or replies[-1].note
    return CaseView({k: v for k, v in fields.items() if v is not None}, trail, allowed_steps(state))


def _place(lat: float | None, lon: float | None) -> str | None:
    return None if lat is None or lon is None else f"{lat:.6f} N, {lon:.6f} E"


def _local(t: datetime) -> str:
    return t.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")


def _span(delta: Any) -> str:
    seconds = delta.total_seconds()
    return ("-" if seconds < 0 else "") + _span_seconds(abs(seconds))


def _span_seconds(seconds: float) -> str:
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return (f"{days}d " if days else "") + f"{hours}h{mins:02d}m"
