"""The events table for Core statements (UPDATE ... WHERE version = ?, bulk inserts)."""

from __future__ import annotations

from typing import Final

from sqlalchemy import Table

from commandcenter.db.models import Event

EVENTS: Final[Table] = Event.__table__  # type: ignore[assignment]
