"""The change feed on SQLite: poll change_log on a connection of its own.

SQLite has one writer at a time and a writer holds the lock until it commits, so seqs become
visible in seq order and the reader's position is simply the highest seq read. Nothing rings on
SQLite, but `PRAGMA data_version` changes on our connection whenever another one commits: checking
it every 2 ms (it reads no table, only a counter in the shared WAL index) wakes the feed within a
few milliseconds of a commit; change_log is read only then, and every `recheck` seconds (0.1 s) in
case a commit was missed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic

from sqlalchemy.engine import make_url

from commandcenter.live.changes import Change, FeedError
from commandcenter.live.feed import ChangeFeed
from commandcenter.live.tracker import SeqTracker

_COLUMNS = "seq, table_name, row_id, kind, version, at"
DATA_VERSION_TICK = 0.002  # seconds between two looks at PRAGMA data_version


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
        self._data_version: int | None = None

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
        """Sleep up to `seconds` (waking on stop); True as soon as another connection committed."""
        end = monotonic() + seconds
        while True:
            conn = self._conn
            if conn is not None:
                (version,) = conn.execute("PRAGMA data_version").fetchone()
                seen, self._data_version = self._data_version, int(version)
                if seen is not None and version != seen:
                    return True
            left = end - monotonic()
            if left <= 0 or self._stop.wait(min(left, DATA_VERSION_TICK)):
                return False

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        self._data_version = None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.OperationalError("the change feed connection is closed")
        return self._conn
