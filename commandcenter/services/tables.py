"""The events table as the services write it: the ORM model's columns plus those of migration 0004.

`verify_due_at` and `dispatch_due_at` were added by migration 0004 after models.py was frozen for
this round of work; until the model maps them, the services read and write them through this Core
table (same name, same types), which picks up the model's columns so nothing is declared twice.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Column, MetaData, Table

from commandcenter.db.models import Event
from commandcenter.db.types import UTCDateTime

DUE_COLUMNS: Final = ("verify_due_at", "dispatch_due_at")


def _events_table() -> Table:
    model = Event.__table__
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in model.columns]
    columns += [Column(name, UTCDateTime()) for name in DUE_COLUMNS if name not in model.c]
    return Table("events", MetaData(), *columns)


EVENTS: Final = _events_table()
