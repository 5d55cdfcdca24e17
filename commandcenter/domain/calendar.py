"""The working calendar (工作日历): which days are worked, and time counted in working days.

Rule for working-day limits: a working day counts whole, midnight to midnight in the calendar's
timezone, and only time on working days runs the clock. So a limit of N working days ends at the same
wall-clock time N working days later (Friday 15:00 + 3 working days = Wednesday 15:00 over a weekend),
and a start on a non-working day counts from the next working day's 00:00 (Saturday 10:00 + 1 working
day = Tuesday 00:00, the end of Monday). Fractions are fractions of 24 h (0.5 working days = 12 h of
working-day time). The arithmetic is in wall-clock time, so a DST zone would not shift deadlines by an
hour; Asia/Shanghai has no DST anyway. Datetimes go in aware (any zone) and come out in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

from commandcenter.domain import cn_holidays
from commandcenter.domain.timeline import ZERO, Interval, free_pieces, merge, utc

DEFAULT_TZ: Final = ZoneInfo("Asia/Shanghai")


def center_time(moment: datetime | None = None) -> datetime:
    """A moment (default: now) on the center's clock: every time the window, the brief and the
    messages show is in the district's zone, whatever zone the computer is set to."""
    return (moment or datetime.now(UTC)).astimezone(DEFAULT_TZ)


_MAX_SCAN_DAYS: Final = 3660  # ten years without a working day means the calendar is broken


@dataclass(frozen=True)
class WorkCalendar:
    weekend: tuple[int, ...] = (5, 6)  # date.weekday(): Monday 0 .. Sunday 6
    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()  # 调休: weekend days that are worked
    tz: tzinfo = field(default=DEFAULT_TZ)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekend", tuple(sorted(set(self.weekend))))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "extra_workdays", frozenset(self.extra_workdays))
        if not set(self.weekend) <= set(range(7)):
            raise ValueError(f"weekend days are 0 (Monday) .. 6 (Sunday), not {self.weekend}")

    def is_workday(self, day: date) -> bool:
        # An adjusted working day wins over everything: it exists to be worked.
        if day in self.extra_workdays:
            return True
        return day not in self.holidays and day.weekday() not in self.weekend

    def next_workday(self, day: date) -> date:
        """The first working day on or after `day`."""
        for i in range(_MAX_SCAN_DAYS):
            candidate = day + timedelta(days=i)
            if self.is_workday(candidate):
                return candidate
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {day}")

    # -- wall clock <-> UTC

    def local(self, dt: datetime) -> datetime:
        """Naive wall-clock time in the calendar's zone."""
        return utc(dt).astimezone(self.tz).replace(tzinfo=None)

    def to_utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz).astimezone(UTC)

    def _local_blocked(self, parked: Iterable[Interval]) -> list[Interval]:
        return merge((self.local(a), self.local(b)) for a, b in parked)

    # -- working time

    def working_time(self, start: datetime, end: datetime, parked: Iterable[Interval] = ()) -> timedelta:
        """Time on working days in [start, end), minus parked time (negative when end < start)."""
        if utc(end) < utc(start):
            return -self.working_time(end, start, parked)
        a, b = self.local(start), self.local(end)
        blocked = self._local_blocked(parked)
        total = ZERO
        day = a.date()
        while datetime.combine(day, time()) < b:
            if self.is_workday(day):
                lo = max(a, datetime.combine(day, time()))
                hi = min(b, datetime.combine(day + timedelta(days=1), time()))
                total += sum((y - x for x, y in free_pieces(lo, hi, blocked)), ZERO)
            day += timedelta(days=1)
        return total

    def add_working_time(
        self, start: datetime, amount: timedelta, parked: Iterable[Interval] = ()
    ) -> datetime:
        """The earliest instant (UTC) by which `amount` of unparked working-day time has passed."""
        if amount < ZERO:
            raise ValueError(f"cannot add a negative amount of time: {amount}")
        t = self.local(start)
        blocked = self._local_blocked(parked)
        remaining = amount
        day = t.date()
        idle = 0  # consecutive non-working days: only a broken calendar has years of them
        while idle < _MAX_SCAN_DAYS:
            day_end = datetime.combine(day + timedelta(days=1), time())
            if self.is_workday(day):
                idle = 0
                for x, y in free_pieces(max(t, datetime.combine(day, time())), day_end, blocked):
                    if y - x >= remaining:
                        return self.to_utc(x + remaining)
                    remaining -= y - x
            else:
                idle += 1
            day += timedelta(days=1)
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days after {start}")

    def add_workdays(self, start: datetime, days: float, parked: Iterable[Interval] = ()) -> datetime:
        return self.add_working_time(start, timedelta(days=days), parked)


def china_calendar(tz: tzinfo = DEFAULT_TZ) -> WorkCalendar:
    """Saturday/Sunday weekends plus the State Council's holidays and 调休 days (see cn_holidays)."""
    return WorkCalendar((5, 6), cn_holidays.HOLIDAYS, cn_holidays.EXTRA_WORKDAYS, tz)


DEFAULT_CALENDAR: Final = china_calendar()
