"""The change feed on PostgreSQL: LISTEN as a doorbell, change_log as the truth.

A dedicated autocommit psycopg connection LISTENs on `cc_changes`. Each notification (or, at the
latest, every `recheck` seconds) triggers a read of change_log past the tracker's position, in one
REPEATABLE READ snapshot together with that snapshot's xmin (and, when the read notices a missing
seq, a freshly assigned xid as the gap's horizon); `SeqTracker` uses those to know when a missing
seq can no longer appear (see commandcenter.live.tracker). So a lost notification, a transaction
committing out of seq order, or a reconnect after the backend was killed loses nothing.

Reconnecting: any connection error closes the connection and retries with exponential backoff;
the tracker is kept, so after LISTEN the first read catches up on everything missed. TCP keepalive
and tcp_user_timeout make a silently dead server show up as an error within seconds.
"""

from __future__ import annotations

import contextlib
from datetime import UTC

import psycopg
from psycopg import IsolationLevel, sql
from sqlalchemy.engine import make_url

from commandcenter.live.changes import CHANNEL, Change, FeedError
from commandcenter.live.feed import ChangeFeed
from commandcenter.live.tracker import SeqTracker

# When starting at "now", seqs this far below the newest are checked for still-running transactions.
START_LOOKBACK = 10_000
APPLICATION_NAME = "commandcenter live feed"

_XMIN = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
# An xid assigned now is above every xid assigned before this transaction's snapshot (see tracker).
# It costs one xid, so it is taken only on reads that notice a new gap.
_HORIZON = "SELECT pg_current_xact_id()::text::bigint"
_COLUMNS = "seq, table_name, row_id, kind, version, at"


def libpq_conninfo(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as a libpq URI."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresFeed(ChangeFeed):
    transient_errors = (psycopg.OperationalError, psycopg.InterfaceError)

    def __init__(self, url: str, *, connect_timeout: int = 3, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.url = url
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None

    @property
    def backend_pid(self) -> int | None:
        """The server process of the listening connection (for diagnostics and tests)."""
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    def _open(self) -> None:
        conn = psycopg.connect(
            libpq_conninfo(self.url),
            autocommit=True,
            connect_timeout=self.connect_timeout,
            application_name=APPLICATION_NAME,
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
            tcp_user_timeout=10_000,
        )
        self._conn = conn
        # Reads use an explicit transaction so that the rows and xmin come from one snapshot.
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        installed = conn.execute("SELECT to_regprocedure('cc_change_feed()') IS NOT NULL").fetchone()
        if not (installed and installed[0]):
            raise FeedError(
                "this database has no change feed (migration 0003): run `commandcenter db upgrade`"
            )
        # LISTEN before the first read: anything committed after the read rings the bell.
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))

    def _position(self, from_seq: int | None) -> SeqTracker:
        if from_seq is not None:
            return SeqTracker(from_seq)
        conn = self._require()
        with conn.transaction():
            (top,) = _one(conn.execute("SELECT coalesce(max(seq), 0) FROM change_log"))
            floor = max(0, top - START_LOOKBACK)
            visible = [r[0] for r in conn.execute("SELECT seq FROM change_log WHERE seq > %s", (floor,))]
            (horizon,) = _one(conn.execute(_HORIZON))
        return SeqTracker.positioned(visible, top=top, floor=floor, horizon=horizon)

    def _read(self, tracker: SeqTracker, limit: int) -> tuple[list[Change], bool]:
        conn = self._require()
        lower, ranges = tracker.query_ranges()
        where = " OR ".join(["seq > %s", *("seq BETWEEN %s AND %s" for _ in ranges)])
        params: list[int] = [lower, *(v for r in ranges for v in r), limit]
        query = f"SELECT {_COLUMNS} FROM change_log WHERE {where} ORDER BY seq LIMIT %s"
        with conn.transaction():
            (xmin,) = _one(conn.execute(_XMIN))  # the first statement fixes the snapshot
            rows = conn.execute(query, params).fetchall()  # type: ignore[call-overload]
            seqs = [r[0] for r in rows]
            horizon = _one(conn.execute(_HORIZON))[0] if tracker.opens_gaps(seqs) else None
        fresh = set(tracker.accept(seqs, truncated=len(rows) >= limit, xmin=xmin, horizon=horizon))
        changes = [
            Change(seq, table, row_id, kind, version, at.astimezone(UTC))
            for seq, table, row_id, kind, version, at in rows
            if seq in fresh
        ]
        return changes, len(rows) >= limit

    def _wait(self, seconds: float) -> bool:
        conn = self._require()
        rang = False
        for _ in conn.notifies(timeout=seconds, stop_after=1):
            rang = True
        if rang:
            # Swallow the rest of a burst: one read serves them all.
            for _ in conn.notifies(timeout=0):
                pass
        return rang

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _require(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            raise psycopg.OperationalError("the change feed connection is closed")
        return self._conn


def _one(cursor: psycopg.Cursor) -> tuple:  # type: ignore[type-arg]
    row = cursor.fetchone()
    assert row is not None
    return row
