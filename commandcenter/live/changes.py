"""The values the change feed hands out: changes, and the feed's connection state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

# The NOTIFY channel written by migration 0003's triggers.
CHANNEL = "cc_changes"

# Tables whose changes the triggers record (migration 0003). logical_grid_coverage reports its
# logical_grid_id as row id; event_steps (the append-only trail) only ever reports inserts.
WATCHED_TABLES: tuple[str, ...] = (
    "events",
    "event_steps",
    "ratings",
    "media",
    "grids",
    "logical_grids",
    "logical_grid_coverage",
    "people",
    "role_grants",
    "grid_memberships",
    "logical_memberships",
)

# 'truncate' (PostgreSQL only) has row_id 0 and means "reload the whole table".
Kind = Literal["insert", "update", "delete", "truncate"]


@dataclass(frozen=True, slots=True)
class Change:
    """One row of change_log: something happened to `table` row `row_id`.

    `version` is the row's optimistic-lock counter after the change (events, grids, logical_grids),
    else None. `at` is when the change was made (UTC), before its transaction committed.
    """

    seq: int
    table: str
    row_id: int
    kind: Kind
    version: int | None
    at: datetime


class FeedState(StrEnum):
    """What a status bar shows about the feed."""

    CONNECTING = "connecting"
    CATCHING_UP = "catching_up"  # connected, reading what was missed
    LIVE = "live"  # caught up; new changes arrive as they commit
    RECONNECTING = "reconnecting"  # the connection failed; waiting `retry_in` seconds to try again
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class FeedStatus:
    state: FeedState
    last_seq: int
    attempt: int = 0  # consecutive failed attempts (RECONNECTING)
    retry_in: float | None = None  # seconds until the next attempt (RECONNECTING)
    error: str | None = None  # why the last attempt failed (RECONNECTING)


class FeedError(RuntimeError):
    """A problem reconnecting cannot fix (e.g. the database has no change-feed triggers)."""
