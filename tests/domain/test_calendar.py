"""The working calendar: weekends, public holidays, 调休 days, parking, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commandcenter.domain import cn_holidays
from commandcenter.domain.calendar import DEFAULT_CALENDAR, WorkCalendar, china_calendar

SH = ZoneInfo("Asia/Shanghai")
CAL = DEFAULT_CALENDAR


def sh(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 1, 1), False),  # New Year (Thursday)
        (date(2026, 1, 4), True),  # Sunday worked after New Year
        (date(2026, 2, 14), True),  # Saturday worked before Spring Festival
        (date(2026, 2, 16), False),  # Spring Festival (Monday)
        (date(2026, 2, 23), False),  # last day of Spring Festival (Monday)
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday worked after Spring Festival
        (date(2026, 4, 6), False),  # Qingming (Monday)
        (date(2026, 5, 5), False),  # Labour Day (Tuesday)
        (date(2026, 5, 9), True),  # Saturday worked after Labour Day
        (date(2026, 6, 19), False),  # Dragon Boat (Friday)
        (date(2026, 9, 20), True),  # Sunday worked before National Day
        (date(2026, 9, 25), False),  # Mid-Autumn (Friday)
        (date(2026, 10, 7), False),  # National Day (Wednesday)
        (date(2026, 10, 10), True),  # Saturday worked after National Day
    ],
)
def test_china_2026(day: date, worked: bool) -> None:
    assert CAL.is_workday(day) == worked


def test_holiday_data_is_consistent() -> None:
    assert not cn_holidays.HOLIDAYS & cn_holidays.EXTRA_WORKDAYS
    assert all(d.weekday() >= 5 for d in cn_holidays.EXTRA_WORKDAYS)  # 调休 days are weekend days
    assert len(cn_holidays.HOLIDAYS_2026) == 3 + 9 + 3 + 5 + 3 + 3 + 7


def test_an_adjusted_working_day_wins_over_a_listed_holiday() -> None:
    cal = WorkCalendar(holidays=frozenset({date(2026, 3, 7)}), extra_workdays=frozenset({date(2026, 3, 7)}))
    assert cal.is_workday(date(2026, 3, 7))


def test_next_workday() -> None:
    assert CAL.next_workday(date(2026, 9, 30)) == date(2026, 9, 30)
    assert CAL.next_workday(date(2026, 10, 1)) == date(2026, 10, 8)


# ---------------------------------------------------------------------------------------------- workdays


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (sh(3, 6, 15), 3, sh(3, 11, 15)),  # Friday 15:00 over a weekend: Wednesday 15:00
        (sh(3, 7, 10), 1, sh(3, 10)),  # from a Saturday: counts from Monday 00:00
        (sh(3, 9, 9), 1, sh(3, 10, 9)),
        (sh(3, 9, 9), 0.5, sh(3, 9, 21)),
        (sh(3, 6), 1, sh(3, 7)),  # ends at Friday midnight, the earliest instant
        (sh(9, 30, 10), 1, sh(10, 8, 10)),  # across National Day
        (sh(9, 18, 15), 1, sh(9, 20, 15)),  # into the worked Sunday (调休)
        (sh(2, 13, 12), 2, sh(2, 24, 12)),  # worked Saturday, then Spring Festival
        (sh(12, 31, 18, year=2025), 1, sh(1, 4, 18)),  # New Year, then the worked Sunday
        (sh(4, 30, 9), 2, sh(5, 7, 9)),  # Labour Day
        (sh(10, 1, 9), 1, sh(10, 9)),  # starting on a holiday
    ],
)
def test_add_workdays(start: datetime, days: float, end: datetime) -> None:
    assert CAL.add_workdays(start, days) == end


def test_utc_in_utc_out() -> None:
    friday_15_shanghai = datetime(2026, 3, 6, 7, tzinfo=UTC)
    result = CAL.add_workdays(friday_15_shanghai, 3)
    assert result.tzinfo is UTC and result == datetime(2026, 3, 11, 7, tzinfo=UTC)


def test_a_time_just_before_midnight_utc_is_already_the_next_day_in_shanghai() -> None:
    # Friday 23:00 UTC is Saturday 07:00 in Shanghai: a non-working day, so counting starts Monday.
    assert CAL.add_workdays(datetime(2026, 3, 6, 23, tzinfo=UTC), 1) == sh(3, 10)


@pytest.mark.parametrize(
    ("parked", "end"),
    [
        ([(sh(3, 9, 10), sh(3, 9, 12))], sh(3, 10, 11)),  # inside working time: +2 h
        ([(sh(3, 7, 10), sh(3, 8, 10))], sh(3, 10, 9)),  # on the weekend: no effect
        ([(sh(3, 6, 20), sh(3, 9, 4))], sh(3, 10, 9)),  # ended before the start: no effect
        ([(sh(3, 9, 8), sh(3, 9, 13))], sh(3, 10, 13)),  # straddles the start: +4 h
        ([(sh(3, 1), sh(3, 2))], sh(3, 10, 9)),  # before the start: no effect
        ([(sh(3, 9, 10), sh(3, 9, 12)), (sh(3, 9, 11), sh(3, 9, 13))], sh(3, 10, 12)),  # overlapping
        ([(sh(3, 9, 10), sh(3, 12, 10))], sh(3, 13, 9)),  # three days parked
    ],
)
def test_parking_pushes_a_workday_limit_by_the_working_time_it_covered(
    parked: list[tuple[datetime, datetime]], end: datetime
) -> None:
    assert CAL.add_workdays(sh(3, 9, 9), 1, parked) == end


def test_parking_over_a_weekend_and_a_workday() -> None:
    # Friday 15:00 + 3 wd with Friday 20:00 .. Monday 04:00 parked: 4 h of Friday + 4 h of Monday.
    assert CAL.add_workdays(sh(3, 6, 15), 3, [(sh(3, 6, 20), sh(3, 9, 4))]) == sh(3, 11, 23)


def test_working_time() -> None:
    assert CAL.working_time(sh(3, 9), sh(3, 16)) == timedelta(days=5)
    assert CAL.working_time(sh(3, 6, 15), sh(3, 9, 10)) == timedelta(hours=19)
    assert CAL.working_time(sh(3, 9, 10), sh(3, 6, 15)) == -timedelta(hours=19)
    assert CAL.working_time(sh(10, 1), sh(10, 8)) == timedelta(0)
    assert CAL.working_time(sh(3, 9), sh(3, 10), [(sh(3, 9, 8), sh(3, 9, 9))]) == timedelta(hours=23)


def test_working_time_and_add_working_time_agree() -> None:
    start, parked = sh(2, 12, 17, 30), [(sh(2, 13, 9), sh(2, 14, 8))]
    for hours in (0.5, 7, 31, 50, 100):
        end = CAL.add_working_time(start, timedelta(hours=hours), parked)
        assert CAL.working_time(start, end, parked) == timedelta(hours=hours)


# ---------------------------------------------------------------------------------------------- zones


def test_shanghai_has_no_dst() -> None:
    offsets = {
        datetime(2026, m, d, 12, tzinfo=SH).utcoffset() for m, d in [(1, 1), (3, 29), (7, 1), (10, 25)]
    }
    assert offsets == {timedelta(hours=8)}
    # Over the European and American clock changes nothing moves.
    assert CAL.add_workdays(sh(3, 27, 15), 3) == sh(4, 1, 15)
    assert CAL.add_workdays(sh(3, 27, 15), 3) - sh(3, 27, 15) == timedelta(days=5)


def test_a_dst_zone_counts_wall_clock_days() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    cal = WorkCalendar(tz=berlin)
    start = datetime(2026, 3, 27, 15, tzinfo=berlin)  # Friday; clocks go forward on Sunday 29th
    end = cal.add_workdays(start, 3)
    assert end == datetime(2026, 4, 1, 15, tzinfo=berlin)
    assert end - start == timedelta(days=5, hours=-1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_workdays(datetime(2026, 3, 9, 9), 1)


def test_a_calendar_without_working_days_fails_loudly() -> None:
    with pytest.raises(ValueError, match="no working day"):
        WorkCalendar(weekend=tuple(range(7))).add_workdays(sh(3, 9), 1)
    with pytest.raises(ValueError, match="weekend days"):
        WorkCalendar(weekend=(7,))


def test_china_calendar_in_another_zone() -> None:
    cal = china_calendar(ZoneInfo("Asia/Urumqi"))
    assert cal.holidays == CAL.holidays and cal.tz != CAL.tz
