"""The brief's time frame: one local day, the days around it, and the cut-off of its snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """00:00 of `day` in `tz`, as UTC."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """The day of the brief in the center's time zone.

    `cutoff` is the instant the snapshot counts (open, overdue, measures) refer to: the end of the day,
    or now when the day is today (a brief of a day in the future is refused by `for_day`).
    """

    day: date
    tz: tzinfo
    start: datetime
    end: datetime
    cutoff: datetime

    @classmethod
    def for_day(cls, day: date, tz: tzinfo, now: datetime) -> Window:
        start = local_midnight(day, tz)
        end = local_midnight(day + timedelta(days=1), tz)
        if now <= start:
            raise ValueError(f"{day.isoformat()} has not begun yet: a brief covers a day up to now")
        return cls(day, tz, start, end, min(end, now))

    def midnight(self, offset_days: int) -> datetime:
        """Local midnight `offset_days` from the day's start (negative = before)."""
        return local_midnight(self.day + timedelta(days=offset_days), self.tz)

    def day_edges(self, days_before: int) -> list[datetime]:
        """Edges of the `days_before` days before the day and the day itself; the last edge is the cut-off."""
        return [self.midnight(-k) for k in range(days_before, 0, -1)] + [self.start, self.cutoff]

    def hour_edges(self) -> list[datetime]:
        """25 edges of the day's local hours (an hour past the cut-off is empty, not cut short)."""
        return [datetime.combine(self.day, time(h), tzinfo=self.tz).astimezone(UTC) for h in range(24)] + [
            self.end
        ]

    @property
    def month_start(self) -> datetime:
        return local_midnight(self.day.replace(day=1), self.tz)

    def local(self, t: datetime) -> datetime:
        return t.astimezone(self.tz)
