"""Times as they appear in exchanged files.

Accepted: ISO 8601 / RFC 3339 with or without an offset (``2024-05-03T08:15:00+08:00``, ``...Z``,
``2024-05-03T08:15``, a bare date), ``YYYY-MM-DD HH:MM[:SS]`` and ``YYYY/MM/DD HH:MM[:SS]``. A time
without an offset is local time in China (Asia/Shanghai, UTC+8): that is what spreadsheets and Chinese
systems write. Written times carry the +08:00 offset, so they are unambiguous and still read naturally.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    LOCAL_TZ: tzinfo = ZoneInfo("Asia/Shanghai")
except (ImportError, ZoneInfoNotFoundError):  # pragma: no cover - no tz database installed
    # China has kept UTC+8 without daylight saving since 1991, so a fixed offset is right for any
    # date a case could carry.
    LOCAL_TZ = timezone(timedelta(hours=8), "CST")

LOCAL_TZ_NAME = "Asia/Shanghai (UTC+8)"
_SLASH_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d")


class TimeFormatError(ValueError):
    """A string that is not a time in an accepted format."""


def parse_time(text: str) -> datetime:
    """A timezone-aware datetime (UTC) from `text`; naive times are taken as Asia/Shanghai local."""
    s = text.strip()
    if not s:
        raise TimeFormatError("is empty")
    try:
        value = datetime.fromisoformat(s)  # fast path: covers ISO 8601 and "YYYY-MM-DD HH:MM[:SS]"
    except ValueError:
        value = _parse_slashes(s)
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)


def _parse_slashes(s: str) -> datetime:
    for fmt in _SLASH_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    raise TimeFormatError(
        "unparsable time: use ISO 8601 (2024-05-03T08:15:00+08:00), "
        "'YYYY-MM-DD HH:MM[:SS]' or 'YYYY/MM/DD HH:MM' (naive times are Asia/Shanghai local)"
    )


def format_time(value: datetime | None) -> str | None:
    """RFC 3339 in local time with its offset (``2024-05-03T08:15:00+08:00``); None stays None.

    Microseconds are written only when present, so a round trip gives back the same instant.
    """
    if value is None:
        return None
    return value.astimezone(LOCAL_TZ).isoformat()
