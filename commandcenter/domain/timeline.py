"""Time arithmetic with gaps: how much time in [a, b) is not blocked, and where a budget runs out.

Used by the SLA clock for parked time (挂账) and by the working calendar for non-working days. Works on
any datetimes of one kind (all aware, or all naive wall-clock), never mixing the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TypeAlias

Interval: TypeAlias = tuple[datetime, datetime]

ZERO = timedelta(0)


def utc(dt: datetime) -> datetime:
    """The same instant in UTC; refuses naive datetimes, whose meaning would be a guess."""
    if dt.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, not {dt!r}")
    return dt.astimezone(UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping, non-empty intervals covering the same time."""
    out: list[Interval] = []
    for a, b in sorted(intervals):
        if b < a:
            raise ValueError(f"interval ends before it starts: {a} .. {b}")
        if a == b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def free_pieces(a: datetime, b: datetime | None, blocked: list[Interval]) -> Iterator[Interval]:
    """The parts of [a, b) outside `blocked` (merged); b=None means open-ended (last piece ends at max)."""
    t = a
    for pa, pb in blocked:
        if b is not None and pa >= b:
            break
        if pb <= t:
            continue
        if pa > t:
            yield t, pa
        t = max(t, pb)
    end = datetime.max.replace(tzinfo=a.tzinfo) if b is None else b
    if t < end:
        yield t, end


def elapsed(start: datetime, end: datetime, parked: Iterable[Interval] = ()) -> timedelta:
    """Clock time from start to end not inside a parked interval (negative when end < start)."""
    start, end = utc(start), utc(end)
    if end < start:
        return -elapsed(end, start, parked)
    blocked = merge((utc(a), utc(b)) for a, b in parked)
    return sum((y - x for x, y in free_pieces(start, end, blocked)), ZERO)


def add_elapsed(start: datetime, amount: timedelta, parked: Iterable[Interval] = ()) -> datetime:
    """The earliest instant by which `amount` of unparked clock time has passed since start (UTC)."""
    if amount < ZERO:
        raise ValueError(f"cannot add a negative amount of time: {amount}")
    start = utc(start)
    blocked = merge((utc(a), utc(b)) for a, b in parked)
    remaining = amount
    for x, y in free_pieces(start, None, blocked):
        if y - x >= remaining:
            return x + remaining
        remaining -= y - x
    raise AssertionError("the last free piece is open-ended")  # pragma: no cover
