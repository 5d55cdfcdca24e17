"""Time limits, deadlines and traffic lights (时限与红黄绿灯).

Two kinds of limit: clock hours ("2h", 24/7) and working days ("3wd", see `calendar` for the rule).
Parked time (挂账) stops the clock: it pushes the deadline out by the time it covered (for working-day
limits, by the working time it covered). For a case parked right now, pass (parked_at, now) as its
interval. All datetimes are timezone-aware; results are in UTC.

The light compares time used with time allowed, both excluding parked time (and, for working-day
limits, non-working days): green while used <= 80% of allowed, yellow up to 100%, red beyond, or when
the deadline instant has passed with nothing left (a working-day deadline at Friday midnight is red on
Saturday morning although Saturday adds no working time).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal, TypeAlias

from commandcenter.domain.calendar import DEFAULT_CALENDAR, WorkCalendar
from commandcenter.domain.status import Light
from commandcenter.domain.timeline import Interval, add_elapsed, elapsed, utc

LimitUnit: TypeAlias = Literal["hours", "workdays"]

_SUFFIX: Final[dict[str, LimitUnit]] = {"h": "hours", "wd": "workdays"}
_PATTERN: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|wd)\s*$", re.IGNORECASE)

# Green up to and including 4/5 of the allowed time; integer arithmetic keeps the boundary exact.
GREEN_NUM, GREEN_DEN = 4, 5


@dataclass(frozen=True)
class TimeLimit:
    amount: float
    unit: LimitUnit

    def __post_init__(self) -> None:
        if self.unit not in _SUFFIX.values():
            raise ValueError(f"a time limit is in hours or workdays, not {self.unit!r}")
        if isinstance(self.amount, bool) or not math.isfinite(self.amount) or self.amount <= 0:
            raise ValueError(f"a time limit must be a positive number, not {self.amount!r}")

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """'2h' (clock hours), '3wd' (working days), '0.5h'."""
        match = _PATTERN.match(text)
        if match is None:
            raise ValueError(f"not a time limit: {text!r} (write e.g. '2h', '0.5h' or '3wd')")
        return cls(float(match[1]), _SUFFIX[match[2].lower()])

    @property
    def span(self) -> timedelta:
        """The allowed time: clock time for hours, working-day time for workdays."""
        return timedelta(hours=self.amount) if self.unit == "hours" else timedelta(days=self.amount)

    def __str__(self) -> str:
        suffix = "h" if self.unit == "hours" else "wd"
        return f"{self.amount:g}{suffix}"


def _measure(
    start: datetime, end: datetime, parked: Iterable[Interval], calendar: WorkCalendar | None
) -> timedelta:
    if calendar is None:
        return elapsed(start, end, parked)
    return calendar.working_time(start, end, parked)


def deadline(
    start: datetime,
    limit: TimeLimit,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    parked: Iterable[Interval] = (),
) -> datetime:
    """When `limit` runs out for a clock started at `start`, parked time not counting (UTC)."""
    if limit.unit == "hours":
        return add_elapsed(start, limit.span, parked)
    return calendar.add_working_time(start, limit.span, parked)


def light(
    start: datetime,
    deadline: datetime,
    now: datetime,
    parked: Iterable[Interval] = (),
    *,
    calendar: WorkCalendar | None = None,
) -> Light:
    """The traffic light at `now`. Pass `calendar` when the limit is in working days."""
    parked = list(parked)
    allowed = _measure(start, deadline, parked, calendar)
    used = _measure(start, now, parked, calendar)
    if used > allowed or (utc(now) > utc(deadline) and used >= allowed):
        return Light.RED
    if used * GREEN_DEN > allowed * GREEN_NUM:
        return Light.YELLOW
    return Light.GREEN


def time_left(
    deadline: datetime,
    now: datetime,
    parked: Iterable[Interval] = (),
    *,
    calendar: WorkCalendar | None = None,
) -> timedelta:
    """Unparked time (working time with `calendar`) from now to the deadline; negative when overdue."""
    return _measure(now, deadline, list(parked), calendar)


@dataclass(frozen=True)
class SlaReading:
    deadline: datetime
    light: Light
    time_left: timedelta


def read(
    start: datetime,
    limit: TimeLimit,
    now: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    parked: Iterable[Interval] = (),
) -> SlaReading:
    """Deadline, light and time left of one limited step, choosing the clock from the limit's unit."""
    parked = list(parked)
    due = deadline(start, limit, calendar, parked)
    clock = calendar if limit.unit == "workdays" else None
    return SlaReading(
        due,
        light(start, due, now, parked, calendar=clock),
        time_left(due, now, parked, calendar=clock),
    )
