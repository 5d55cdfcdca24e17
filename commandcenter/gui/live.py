"""The live hub: one thread owns the change feed, coalesces its batches and broadcasts them.

The feed's batches can come as often as every commit; views want one refresh per burst. The hub
emits the first change after a quiet spell at once, then holds what follows for `window` seconds
(about 150 ms) and emits it as one `ChangeSet` on the GUI thread. Views ask the ChangeSet what they care about (events, grids, ...).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QThread, Signal

from commandcenter.live import Change, FeedStatus, open_feed

log = logging.getLogger(__name__)


@dataclass
class ChangeSet:
    """What changed in one coalesced burst: table -> row ids, per kind."""

    rows: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    inserted: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    deleted: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    truncated: set[str] = field(default_factory=set)
    count: int = 0
    last_at: datetime | None = None
    last_seq: int = 0
    # What the hub's `prefetch` read for these changes on the hub's thread (the map's delta), so
    # the GUI thread can show it without another round trip through the worker pool.
    prefetched: object = None

    def add(self, change: Change) -> None:
        self.count += 1
        self.last_seq = max(self.last_seq, change.seq)
        if self.last_at is None or change.at > self.last_at:
            self.last_at = change.at
        if change.kind == "truncate":
            self.truncated.add(change.table)
            return
        self.rows[change.table].add(change.row_id)
        if change.kind == "insert":
            self.inserted[change.table].add(change.row_id)
        elif change.kind == "delete":
            self.deleted[change.table].add(change.row_id)

    def ids(self, table: str) -> set[int]:
        return set(self.rows.get(table, ()))

    def touches(self, *tables: str) -> bool:
        return any(self.rows.get(t) for t in tables) or bool(self.truncated & set(tables))

    def event_ids(self) -> set[int]:
        """Cases that changed: the events themselves and those whose trail, media or rating grew."""
        ids = self.ids("events")
        # event_steps, media and ratings report their own ids; the case is found by the caller.
        return ids


class LiveHub(QThread):
    """Owns the feed on its own thread; `changed` and `status` arrive on the GUI thread."""

    changed = Signal(object)  # ChangeSet
    status = Signal(object)  # FeedStatus
    failed = Signal(str)

    def __init__(
        self,
        url: str,
        window: float = 0.15,
        parent: object = None,
        prefetch: Callable[[ChangeSet], object] | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.url = url
        self.window = window
        # Called on the hub's thread with each ChangeSet before it is emitted (set before start()).
        self.prefetch = prefetch
        self._feed = None
        self._stopping = False

    def run(self) -> None:
        try:
            feed = open_feed(self.url, on_status=self._on_status, **self._feed_options())
        except Exception as exc:  # no feed for this database: the window still works, not live
            self.failed.emit(str(exc))
            return
        self._feed = feed
        try:
            feed.start()
            # Leading-edge throttle: a change after a quiet spell goes out at once (the operator
            # sees it within a frame or two); changes within `window` after an emission are held
            # and go out together when the window ends (a burst costs one refresh per window).
            pending: ChangeSet | None = None
            last_emit = -1e9
            while not self._stopping and not feed.stopped:
                now = time.monotonic()
                timeout = 0.5 if pending is None else max(0.0, last_emit + self.window - now)
                batch = feed.poll(timeout)
                if batch:
                    if pending is None:
                        pending = ChangeSet()
                    for change in batch:
                        pending.add(change)
                if pending is not None and time.monotonic() - last_emit >= self.window:
                    self._prefetch(pending)
                    self.changed.emit(pending)
                    pending = None
                    last_emit = time.monotonic()
        except Exception as exc:
            log.exception("live hub stopped")
            self.failed.emit(str(exc))
        finally:
            feed.close()

    def _prefetch(self, changes: ChangeSet) -> None:
        if self.prefetch is None or not changes.rows.get("events"):
            return
        try:
            changes.prefetched = self.prefetch(changes)
        except Exception:  # the window reads the changes itself, as without a prefetch
            log.exception("prefetch failed")

    def _feed_options(self) -> dict[str, object]:
        # SQLite has no notifications: its feed watches PRAGMA data_version every 2 ms and reads
        # change_log when another connection committed (live/sqlite.py); PostgreSQL's rings.
        return {}

    def _on_status(self, status: FeedStatus) -> None:
        self.status.emit(status)  # queued to the GUI thread: the feed calls us on its own thread

    def stop(self, wait_ms: int = 3000) -> None:
        self._stopping = True
        if self._feed is not None:
            self._feed.stop()
        self.wait(wait_ms)
