"""The change feed on SQLite: poll change_log on a connection of its own.

SQLite has one writer at a time and a writer holds the lock until it commits, so seqs become
visible in seq order and the reader's position is simply the highest seq read. Polling every
0.1 s (WAL mode lets it read while another process writes) costs one indexed query per tick.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from commandcenter.live.changes import Change, FeedError
from commandcenter.live.feed import ChangeFeed
from commandcenter.live.tracker import SeqTracker

_COLUMNS = "seq, table_name, row_id, kind, version, at"


def _parse_at(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class SqliteFeed(ChangeFeed):
    transient_errors = (sqlite3.OperationalError,)  # locked, busy, I/O: try again later

    def __init__(self, url: str, *, poll_interval: float | None = None, **kwargs: object) -> None:
        kwargs.setdefault("recheck", poll_interval if poll_interval is not None else 0.1)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        path = make_url(url).database
        if not path or path == ":memory:":
            raise FeedError("an in-memory SQLite database cannot be followed from another connection")
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    def _open(self) -> None:
        if not self.path.exists():
            raise FeedError(f"no database at {self.path}")
        # mode=rw: never create an empty file by accident; isolation_level=None: every SELECT
        # runs on its own and sees the latest commit.
        conn = sqlite3.connect(
            self.path.resolve().as_uri() + "?mode=rw", uri=True, isolation_level=None, check_same_thread=False
        )
        self._conn = conn
        conn.execute("PRAGMA busy_timeout=2000")
        installed = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'cf_events_insert'"
        ).fetchone()
        if installed is None:
            raise FeedError(
                "this database has no change feed (migration 0003): run `commandcenter db upgrade`"
            )

    def _position(self, from_seq: int | None) -> SeqTracker:
        if from_seq is not None:
            return SeqTracker(from_seq)
        (top,) = self._require().execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()
        return SeqTracker(int(top))

    def _read(self, tracker: SeqTracker, limit: int) -> tuple[list[Change], bool]:
        rows = (
            self._require()
            .execute(
                f"SELECT {_COLUMNS} FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
                (tracker.resolved, limit),
            )
            .fetchall()
        )
        truncated = len(rows) >= limit
        fresh = set(tracker.accept([r[0] for r in rows], truncated=truncated, xmin=None))
        changes = [
            Change(seq, table, row_id, kind, version, _parse_at(at))
            for seq, table, row_id, kind, version, at in rows
            if seq in fresh
        ]
        return changes, truncated

    def _wait(self, seconds: float) -> bool:
        # Nothing rings on SQLite: sleep (waking on stop) and let `recheck` drive the next read.
        self._stop.wait(seconds)
        return False

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.OperationalError("the change feed connection is closed")
        return self._conn
