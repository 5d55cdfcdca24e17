"""Time limits, deadlines with parking, the traffic light at its exact boundaries, time left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commandcenter.domain.calendar import DEFAULT_CALENDAR
from commandcenter.domain.sla import TimeLimit, deadline, light, read, time_left
from commandcenter.domain.status import Light

SH = ZoneInfo("Asia/Shanghai")
CAL = DEFAULT_CALENDAR
US = timedelta(microseconds=1)
H = timedelta(hours=1)


def sh(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


# ---------------------------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [("2h", 2, "hours"), ("3wd", 3, "workdays"), ("0.5h", 0.5, "hours"), (" 1.5 WD ", 1.5, "workdays")],
)
def test_parse(text: str, amount: float, unit: str) -> None:
    limit = TimeLimit.parse(text)
    assert (limit.amount, limit.unit) == (amount, unit)
    assert TimeLimit.parse(str(limit)) == limit


@pytest.mark.parametrize("text", ["", "2", "h", "-1h", "0h", "2d", "1e3h", "2 hours", ".5h"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        TimeLimit.parse(text)


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError):
        TimeLimit(float("nan"), "hours")
    with pytest.raises(ValueError):
        TimeLimit(2, "days")  # type: ignore[arg-type]
    assert str(TimeLimit(3, "workdays")) == "3wd" and str(TimeLimit(0.5, "hours")) == "0.5h"


# ---------------------------------------------------------------------------------------------- deadlines


def test_hour_limits_run_round_the_clock() -> None:
    assert deadline(sh(3, 6, 15), TimeLimit.parse("2h"), CAL) == sh(3, 6, 17)
    assert deadline(sh(3, 6, 15), TimeLimit.parse("48h"), CAL) == sh(3, 8, 15)  # weekend counts
    assert deadline(sh(10, 1, 9), TimeLimit.parse("0.5h"), CAL) == sh(10, 1, 9, 30)  # holiday counts


def test_workday_limits_use_the_calendar() -> None:
    assert deadline(sh(3, 6, 15), TimeLimit.parse("3wd"), CAL) == sh(3, 11, 15)
    assert deadline(sh(9, 30, 10), TimeLimit.parse("1wd"), CAL) == sh(10, 8, 10)


@pytest.mark.parametrize(
    ("parked", "end"),
    [
        ([(sh(3, 6, 15, 30), sh(3, 6, 16))], sh(3, 6, 17, 30)),
        ([(sh(3, 6, 14), sh(3, 6, 15, 30))], sh(3, 6, 17, 30)),  # only the part after the start counts
        ([(sh(3, 6, 15, 30), sh(3, 6, 16, 30)), (sh(3, 6, 16), sh(3, 6, 17))], sh(3, 6, 18, 30)),
        ([(sh(3, 6, 18), sh(3, 6, 19))], sh(3, 6, 17)),  # after the deadline: no effect
        ([(sh(3, 6, 12), sh(3, 6, 13))], sh(3, 6, 17)),  # before the start: no effect
    ],
)
def test_parking_pushes_an_hour_limit_by_its_duration(
    parked: list[tuple[datetime, datetime]], end: datetime
) -> None:
    assert deadline(sh(3, 6, 15), TimeLimit.parse("2h"), CAL, parked) == end


def test_parking_outside_working_time_does_not_push_a_workday_limit() -> None:
    weekend = [(sh(3, 7, 9), sh(3, 8, 18))]
    assert deadline(sh(3, 6, 15), TimeLimit.parse("3wd"), CAL, weekend) == sh(3, 11, 15)
    monday_morning = [(sh(3, 9, 9), sh(3, 9, 12))]
    assert deadline(sh(3, 6, 15), TimeLimit.parse("3wd"), CAL, monday_morning) == sh(3, 11, 18)


def test_deadlines_come_out_in_utc() -> None:
    due = deadline(sh(3, 6, 15), TimeLimit.parse("3wd"), CAL)
    assert due.tzinfo is UTC and due == datetime(2026, 3, 11, 7, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline(datetime(2026, 3, 6, 15), TimeLimit.parse("2h"), CAL)


# ---------------------------------------------------------------------------------------------- light

START = sh(3, 9, 8)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(0), Light.GREEN),
        (8 * H, Light.GREEN),  # exactly 80%
        (8 * H + US, Light.YELLOW),
        (10 * H, Light.YELLOW),  # exactly 100%: due now, not yet overdue
        (10 * H + US, Light.RED),
        (100 * H, Light.RED),
    ],
)
def test_light_boundaries_for_an_hour_limit(offset: timedelta, expected: Light) -> None:
    due = deadline(START, TimeLimit.parse("10h"), CAL)
    assert light(START, due, START + offset) is expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(9 * H, Light.GREEN), (9 * H + US, Light.YELLOW), (11 * H, Light.YELLOW), (11 * H + US, Light.RED)],
)
def test_parked_time_does_not_count_towards_the_light(offset: timedelta, expected: Light) -> None:
    parked = [(START + H, START + 2 * H)]
    due = deadline(START, TimeLimit.parse("10h"), CAL, parked)
    assert due == START + 11 * H
    assert light(START, due, START + offset, parked) is expected


def test_a_case_parked_now_keeps_its_light() -> None:
    now = START + 20 * H
    parked = [(START + 5 * H, now)]  # parked since 5 h in, still parked
    due = deadline(START, TimeLimit.parse("10h"), CAL, parked)
    assert due == START + 25 * H
    assert light(START, due, now, parked) is Light.GREEN
    assert time_left(due, now, parked) == 5 * H


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (sh(3, 9, 19, 12), Light.GREEN),  # 80% of a working day from Monday 00:00
        (sh(3, 9, 19, 12) + US, Light.YELLOW),
        (sh(3, 10), Light.YELLOW),
        (sh(3, 10) + US, Light.RED),
    ],
)
def test_light_boundaries_for_a_workday_limit(now: datetime, expected: Light) -> None:
    due = deadline(sh(3, 9), TimeLimit.parse("1wd"), CAL)
    assert light(sh(3, 9), due, now, calendar=CAL) is expected


def test_the_weekend_does_not_use_up_a_workday_limit() -> None:
    start = sh(3, 6, 15)
    due = deadline(start, TimeLimit.parse("3wd"), CAL)
    tuesday_evening = sh(3, 10, 20)  # 53 of 72 working hours, but 101 of 120 clock hours
    assert light(start, due, tuesday_evening, calendar=CAL) is Light.GREEN
    assert light(start, due, tuesday_evening) is Light.YELLOW


def test_a_workday_deadline_at_friday_midnight_is_red_on_saturday() -> None:
    due = deadline(sh(3, 6), TimeLimit.parse("1wd"), CAL)
    assert due == sh(3, 7)
    assert light(sh(3, 6), due, sh(3, 6, 23, 59), calendar=CAL) is Light.YELLOW
    assert light(sh(3, 6), due, sh(3, 7, 10), calendar=CAL) is Light.RED


# ---------------------------------------------------------------------------------------------- time left


def test_time_left() -> None:
    due = START + 10 * H
    assert time_left(due, START + 4 * H) == 6 * H
    assert time_left(due, START + 12 * H) == -2 * H
    assert time_left(due, START + 4 * H, [(START + 5 * H, START + 6 * H)]) == 5 * H
    assert time_left(sh(3, 9, 10), sh(3, 6, 20), calendar=CAL) == 14 * H  # Friday 4 h + Monday 10 h


def test_read_picks_the_clock_from_the_unit() -> None:
    start, now = sh(3, 6, 15), sh(3, 9, 15)
    workdays = read(start, TimeLimit.parse("3wd"), now, CAL)
    assert (workdays.deadline, workdays.light, workdays.time_left) == (sh(3, 11, 15), Light.GREEN, 48 * H)
    hours = read(start, TimeLimit.parse("72h"), now, CAL)
    assert (hours.deadline, hours.light, hours.time_left) == (sh(3, 9, 15), Light.YELLOW, timedelta(0))
