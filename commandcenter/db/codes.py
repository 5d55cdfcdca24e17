"""Event codes, as the events_code trigger (migrations 0001, 0006) makes them for rows written without one.

Bulk writers (the demo, imports) compute them here and send them with the rows, so the trigger (which
only fires for a NULL code) does no per-row work; a test keeps this twin equal to the trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

# Codes carry the local date of receipt (China time), like the trigger.
CODE_TZ = ZoneInfo("Asia/Shanghai")


def code_prefix(received_at: datetime) -> str:
    """'E' + local date of receipt + '-': what every code of that receipt day starts with."""
    return f"E{received_at.astimezone(CODE_TZ):%Y%m%d}-"


def event_code(received_at: datetime, event_id: int) -> str:
    # At least 7 digits, never cut (the trigger's lpad is told the same since 0006).
    return f"{code_prefix(received_at)}{event_id:07d}"


def event_codes(pairs: Iterable[tuple[datetime, int]]) -> Iterator[str]:
    """`event_code` for many (received_at, id) pairs: bulk writes repeat one receipt time, and the
    time zone conversion costs more than the rest, so each distinct time is converted once."""
    prefixes: dict[datetime, str] = {}
    for received_at, event_id in pairs:
        prefix = prefixes.get(received_at)
        if prefix is None:
            prefix = prefixes[received_at] = code_prefix(received_at)
        yield f"{prefix}{event_id:07d}"
