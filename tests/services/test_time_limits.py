"""Time limits through the services: working days, holidays from the database, parking, lights."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import CalendarDay, Event
from commandcenter.domain.status import Light, Status
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import audit, load_event
from commandcenter.services.sla_clock import Clock
from commandcenter.services.tables import EVENTS
from tests.services import tiny

CN = ZoneInfo("Asia/Shanghai")
HANDLE_3WD = "XX03"  # 出租房屋变动: handle 3 working days (verify 4h, dispatch 4h, check 1wd)
HOURLY = "XG07"  # 垃圾满溢: verify 1h, dispatch 1h, handle 4h, check 2h


def cn(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=CN)


def assigned_case(session: Session, at: datetime, category: str = HANDLE_3WD) -> str:
    """A case reported, verified, routed to grid A1 and assigned to its worker at `at`."""
    lon, lat = tiny.P_A1
    code = ops.report(
        session, "CZ", category=category, lat=lat, lon=lon, title="t", now=at - timedelta(hours=1)
    ).code
    ops.verify(session, "OA", code, now=at - timedelta(minutes=50))
    ops.route(session, "OA", code, to=f"grid:{tiny.GRID_A1}", now=at - timedelta(minutes=40))
    ops.assign(session, "OA", code, to="WA1", now=at)
    return code


def event(session: Session, code: str) -> Event:
    session.rollback()  # a fresh read transaction: see what the steps committed
    return load_event(session, code)


def reading(session: Session, code: str, now: datetime):  # type: ignore[no-untyped-def]
    ev = event(session, code)
    return Clock.load(session, ev.category_id).reading(
        status=ev.status,
        parked_from=ev.parked_from,
        started=ev.step_started_at,
        due=ev.step_deadline,
        parked_at=ev.parked_at,
        now=now,
    )


def test_assigned_on_friday_with_three_working_days_is_due_on_wednesday(tiny_session: Session) -> None:
    friday = cn(2026, 11, 13, 15)
    code = assigned_case(tiny_session, friday)
    ev = event(tiny_session, code)
    assert ev.status == Status.ASSIGNED
    assert ev.deadline == cn(2026, 11, 18, 15)  # Wednesday: Friday's rest, Monday, Tuesday
    assert ev.step_deadline == ev.deadline
    assert ev.step_started_at == friday
    assert ev.dispatched_at == friday


def test_lights_turn_yellow_at_80_percent_and_red_after_the_deadline(tiny_session: Session) -> None:
    code = assigned_case(tiny_session, cn(2026, 11, 13, 15))
    # 3 working days = 72 h of working-day time; 80% = 57.6 h: Fri 9 h + Mon 24 h + Tue 24 h + 0.6 h.
    expected = [
        (cn(2026, 11, 14, 12), Light.GREEN),  # Saturday: no working time passes
        (cn(2026, 11, 17, 23), Light.GREEN),
        (cn(2026, 11, 18, 0, 36), Light.GREEN),  # exactly 80%
        (cn(2026, 11, 18, 1), Light.YELLOW),
        (cn(2026, 11, 18, 15), Light.YELLOW),  # exactly at the deadline
        (cn(2026, 11, 18, 15, 1), Light.RED),
    ]
    for now, light in expected:
        assert reading(tiny_session, code, now).light is light, now
    assert reading(tiny_session, code, cn(2026, 11, 18, 14)).time_left == timedelta(hours=1)


def test_parking_two_working_days_pushes_the_deadline_out_by_two_working_days(tiny_session: Session) -> None:
    code = assigned_case(tiny_session, cn(2026, 11, 13, 15))
    ops.accept(tiny_session, "WA1", code, now=cn(2026, 11, 16, 9))
    ops.park(tiny_session, "OA", code, reason="等待产权人", now=cn(2026, 11, 16, 10))
    parked = event(tiny_session, code)
    assert (parked.status, parked.parked_from, parked.parked_at) == (
        Status.PARKED,
        "in_progress",
        cn(2026, 11, 16, 10),
    )
    # While parked the clock stands still: the light does not move and the time left is frozen.
    during = reading(tiny_session, code, cn(2026, 11, 18, 14))
    assert during.light is Light.GREEN
    assert during.time_left == timedelta(hours=14 + 24 + 15)  # Mon 10:00 .. Wed 15:00 in working time

    ops.resume(tiny_session, "OA", code, now=cn(2026, 11, 18, 10))
    ev = event(tiny_session, code)
    assert ev.status == Status.IN_PROGRESS and ev.parked_at is None and ev.parked_from is None
    assert ev.parked_seconds == 48 * 3600
    assert ev.deadline == cn(2026, 11, 20, 15)  # Wednesday 15:00 + 2 working days = Friday 15:00
    assert ev.step_deadline == ev.deadline
    assert ev.step_started_at == cn(2026, 11, 17, 15)  # the start moves with it: the span stays 3 wd
    # Used so far (parking excluded): Fri 9 h + Mon 10 h = 19 h; 57.6 h is reached Fri 00:36.
    assert reading(tiny_session, code, cn(2026, 11, 18, 10, 5)).light is Light.GREEN
    assert reading(tiny_session, code, cn(2026, 11, 20, 0, 30)).light is Light.GREEN
    assert reading(tiny_session, code, cn(2026, 11, 20, 1)).light is Light.YELLOW
    assert reading(tiny_session, code, cn(2026, 11, 20, 15, 1)).light is Light.RED
    assert audit(tiny_session, event(tiny_session, code)) == []


def test_parking_over_a_weekend_costs_no_working_time(tiny_session: Session) -> None:
    code = assigned_case(tiny_session, cn(2026, 11, 13, 15))
    ops.park(tiny_session, "OA", code, reason="等待产权人", now=cn(2026, 11, 14, 10))
    ops.resume(tiny_session, "OA", code, now=cn(2026, 11, 15, 20))
    ev = event(tiny_session, code)
    assert ev.deadline == cn(2026, 11, 18, 15)
    assert ev.parked_seconds == 34 * 3600


def test_national_day_holidays_and_the_adjusted_saturday_come_from_the_calendar(
    tiny_session: Session,
) -> None:
    # Wed 30 Sep 09:00: 15 h that day, Oct 1-7 off, Thu 8 and Fri 9 worked, Sat 10 Oct is a 调休 working day.
    code = assigned_case(tiny_session, cn(2026, 9, 30, 9))
    assert event(tiny_session, code).deadline == cn(2026, 10, 10, 9)


def test_a_local_holiday_added_to_calendar_days_moves_the_deadline(tiny_session: Session) -> None:
    with tiny_session.begin():
        tiny_session.add(CalendarDay(day=date(2026, 11, 17), is_workday=False, name="本地假日"))
    code = assigned_case(tiny_session, cn(2026, 11, 13, 15))
    assert event(tiny_session, code).deadline == cn(2026, 11, 19, 15)


def test_hour_limits_run_on_the_clock_through_the_weekend(tiny_session: Session) -> None:
    lon, lat = tiny.P_A1
    friday_night = cn(2026, 11, 13, 23, 30)
    code = ops.report(tiny_session, "CZ", category=HOURLY, lat=lat, lon=lon, title="t", now=friday_night).code
    ev = event(tiny_session, code)
    assert ev.step_started_at == friday_night
    assert ev.step_deadline == cn(2026, 11, 14, 0, 30)
    due = tiny_session.scalar(select(EVENTS.c.verify_due_at).where(EVENTS.c.id == ev.id))
    assert due == ev.step_deadline
    ops.verify(tiny_session, "OA", code, now=cn(2026, 11, 14, 0, 10))
    ev = event(tiny_session, code)
    assert ev.verified_at == cn(2026, 11, 14, 0, 10)
    assert (ev.step_started_at, ev.step_deadline) == (cn(2026, 11, 14, 0, 10), cn(2026, 11, 14, 1, 10))
    row = tiny_session.execute(
        select(EVENTS.c.verify_due_at, EVENTS.c.dispatch_due_at).where(EVENTS.c.id == ev.id)
    ).one()
    assert row == (cn(2026, 11, 14, 0, 30), cn(2026, 11, 14, 1, 10))  # the verify due time stays


def test_an_extension_moves_the_deadline_only_when_approved(tiny_session: Session) -> None:
    code = assigned_case(tiny_session, cn(2026, 11, 13, 15))
    ops.accept(tiny_session, "WA1", code, now=cn(2026, 11, 16, 9))
    ops.request_extension(tiny_session, "WA1", code, hours=48, reason="需协调", now=cn(2026, 11, 16, 10))
    ev = event(tiny_session, code)
    assert ev.deadline == cn(2026, 11, 18, 15)
    assert ev.extension_until == cn(2026, 11, 20, 15)
    ops.reject_extension(tiny_session, "OA", code, reason="不需要", now=cn(2026, 11, 16, 11))
    ev = event(tiny_session, code)
    assert (ev.deadline, ev.extension_until) == (cn(2026, 11, 18, 15), None)

    ops.request_extension(
        tiny_session, "WA1", code, until=cn(2026, 11, 20, 18), reason="需协调", now=cn(2026, 11, 17, 9)
    )
    assert event(tiny_session, code).deadline == cn(2026, 11, 18, 15)
    ops.approve_extension(tiny_session, "LD", code, now=cn(2026, 11, 17, 10))
    ev = event(tiny_session, code)
    assert ev.deadline == ev.step_deadline == cn(2026, 11, 20, 18)
    assert ev.extension_until is None
    assert audit(tiny_session, ev) == []
