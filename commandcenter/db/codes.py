"""Event codes, as the events_code trigger (migration 0001) makes them for rows written without one.

Bulk writers (the demo, imports) compute them here to skip the trigger's per-row work; a test keeps
this twin equal to the trigger.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

# Codes carry the local date of receipt (China time), like the trigger.
CODE_TZ = ZoneInfo("Asia/Shanghai")


def event_code(received_at: datetime, event_id: int) -> str:
    return f"E{received_at.astimezone(CODE_TZ):%Y%m%d}-{event_id:07d}"
