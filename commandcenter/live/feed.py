"""The change feed's one interface, shared by the PostgreSQL and SQLite readers.

Threading model (made for a GUI that runs the feed in a worker thread):
- The *consumer thread* calls `start()` (optional: `poll` starts on first use), then `poll(timeout)`
  or iterates `batches()`. Only that thread touches the database connection.
- Any thread may call `stop()`: it sets a flag and returns at once; a blocked `poll`/`batches`
  notices within `tick` seconds (0.1 s by default), closes the connection and returns.
- `on_status` is called on the consumer thread (or on the thread calling `stop()`), so a GUI must
  forward it with a queued signal.

Delivery: within one feed, each change is delivered exactly once, in seq order within a batch;
across batches seqs normally increase, but a change whose transaction committed late (PostgreSQL)
arrives after higher seqs were delivered. `last_seq` is the safe resume point: every change with
seq <= last_seq was delivered (or will never exist). A new feed with `from_seq=last_seq` misses
nothing, but may deliver again a few changes above it.
"""

from __future__ import annotations

import logging
import random
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from time import monotonic
from types import TracebackType

from commandcenter.live.changes import Change, FeedError, FeedState, FeedStatus
from commandcenter.live.tracker import SeqTracker

log = logging.getLogger(__name__)

StatusCallback = Callable[[FeedStatus], None]


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter (so many clients do not reconnect in lock-step)."""

    initial: float = 0.1
    factor: float = 2.0
    maximum: float = 5.0
    jitter: float = 0.2

    def delay(self, attempt: int) -> float:
        base = min(self.maximum, self.initial * self.factor ** max(0, attempt - 1))
        return base * random.uniform(1 - self.jitter, 1 + self.jitter)


class ChangeFeed(ABC):
    """Batches of `Change`s from change_log, as they commit. Use `open_feed(url)` to make one."""

    # Connection errors that reconnecting may cure; set by each backend.
    transient_errors: tuple[type[BaseException], ...] = ()

    def __init__(
        self,
        *,
        from_seq: int | None = None,
        batch_limit: int = 5000,
        on_status: StatusCallback | None = None,
        backoff: Backoff | None = None,
        recheck: float = 1.0,
        tick: float = 0.1,
    ) -> None:
        """
        from_seq: deliver changes with seq > from_seq; None = only changes committed after start().
        batch_limit: most changes per batch (a long catch-up comes in several batches).
        recheck: read change_log at least this often even without a wake-up (the safety net for a
            lost notification; on SQLite this is the polling interval).
        tick: how often a blocked poll looks at the stop flag.
        """
        if batch_limit < 1:
            raise ValueError("batch_limit must be at least 1")
        self.from_seq = from_seq
        self.batch_limit = batch_limit
        self.on_status = on_status
        self.backoff = backoff or Backoff()
        self.recheck = recheck
        self.tick = tick
        self._stop = threading.Event()
        self._io = threading.Lock()  # held by the consumer while it uses the connection
        self._started = False
        self._connected = False
        self._closed = False
        self._dirty = False  # something may be waiting in change_log
        self._last_read = 0.0
        self._attempt = 0
        self._retry_at = 0.0
        self._tracker: SeqTracker | None = None
        self._status = FeedStatus(FeedState.CONNECTING, from_seq or 0)

    # ------------------------------------------------------------------------------------ public

    @property
    def last_seq(self) -> int:
        """Every change with seq <= last_seq has been delivered (the resume point)."""
        if self._tracker is None:
            return self.from_seq or 0
        return self._tracker.resolved

    @property
    def status(self) -> FeedStatus:
        return self._status

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        """Connect and fix the start position ("now" unless from_seq). Never raises for a server
        that is down (the feed then reports RECONNECTING and keeps trying); raises FeedError for a
        database without the change-feed triggers."""
        with self._io:
            self._start_locked()

    def poll(self, timeout: float | None = None) -> list[Change]:
        """The next batch, waiting up to `timeout` seconds (None = until one arrives or stop()).
        Returns [] on timeout or after stop()."""
        deadline = None if timeout is None else monotonic() + max(0.0, timeout)
        with self._io:
            try:
                self._start_locked()
                while not self._stop.is_set():
                    batch = self._step(deadline)
                    if batch is None:
                        return []
                    if batch:
                        return batch
                return []
            finally:
                if self._stop.is_set():
                    self._shutdown()

    def batches(self, timeout: float | None = 0.5) -> Iterator[list[Change]]:
        """Blocking iterator of non-empty batches; ends after stop()."""
        try:
            while not self._stop.is_set():
                batch = self.poll(timeout)
                if batch:
                    yield batch
        finally:
            self.close()

    __iter__ = batches

    def stop(self) -> None:
        """Ask the feed to stop; thread-safe, returns at once. A blocked poll returns within `tick`."""
        self._stop.set()
        if self._io.acquire(blocking=False):  # no consumer inside poll: close here
            try:
                self._shutdown()
            finally:
                self._io.release()

    def close(self) -> None:
        """stop() and release the connection (call from the consumer thread, or after it ended)."""
        self._stop.set()
        with self._io:
            self._shutdown()

    def __enter__(self) -> ChangeFeed:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------------- backend hooks

    @abstractmethod
    def _open(self) -> None:
        """Connect (and subscribe). Raise a transient error, or FeedError if it cannot work."""

    @abstractmethod
    def _position(self, from_seq: int | None) -> SeqTracker:
        """The tracker for the start position, read on the fresh connection."""

    @abstractmethod
    def _read(self, tracker: SeqTracker, limit: int) -> tuple[list[Change], bool]:
        """Read change_log past the tracker; return the new changes and whether the limit was hit."""

    @abstractmethod
    def _wait(self, seconds: float) -> bool:
        """Block up to `seconds` for a wake-up; True if change_log may have grown."""

    @abstractmethod
    def _close_connection(self) -> None:
        """Close the connection, ignoring errors."""

    # ------------------------------------------------------------------------------ machinery

    def _start_locked(self) -> None:
        if self._started or self._stop.is_set():
            return
        self._started = True
        self._set_status(FeedState.CONNECTING)
        self._connect()

    def _step(self, deadline: float | None) -> list[Change] | None:
        """One turn of the loop: [] = keep going, None = the deadline passed, else a batch."""
        now = monotonic()
        if not self._connected:
            if now >= self._retry_at:
                self._connect()
                return []
            if not self._sleep(self._retry_at - now, deadline):
                return None
            return []
        try:
            if self._dirty or now - self._last_read >= self.recheck:
                self._dirty = False
                self._last_read = now
                assert self._tracker is not None
                changes, truncated = self._read(self._tracker, self.batch_limit)
                if truncated:
                    self._dirty = True  # more is waiting: read again without sleeping
                elif self._status.state is not FeedState.LIVE:
                    self._set_status(FeedState.LIVE)
                if changes:
                    return changes
                if self._dirty:
                    return []  # a full page of rows seen before: read on at once
            wait = self.recheck - (monotonic() - self._last_read)
            if deadline is not None:
                wait = min(wait, deadline - monotonic())
                if wait <= 0:
                    return None
            if self._wait(max(0.0, min(wait, self.tick))):
                self._dirty = True
        except self.transient_errors as exc:
            self._lost(exc)
        return []

    def _sleep(self, seconds: float, deadline: float | None) -> bool:
        """Sleep (waking on stop); False if the deadline came first."""
        if deadline is not None and deadline - monotonic() < seconds:
            self._stop.wait(max(0.0, deadline - monotonic()))
            return False
        self._stop.wait(max(0.0, min(seconds, self.tick)))
        return True

    def _connect(self) -> None:
        try:
            self._open()
            if self._tracker is None:
                self._tracker = self._position(self.from_seq)
        except self.transient_errors as exc:
            self._close_connection()
            self._lost(exc)
            return
        except BaseException:
            self._close_connection()
            raise
        self._connected = True
        self._attempt = 0
        self._dirty = True  # catch up on whatever happened while we were away
        self._set_status(FeedState.CATCHING_UP)

    def _lost(self, exc: BaseException) -> None:
        self._close_connection()
        self._connected = False
        self._attempt += 1
        delay = self.backoff.delay(self._attempt)
        self._retry_at = monotonic() + delay
        error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.info("change feed: connection lost (%s); retry %d in %.2f s", error, self._attempt, delay)
        self._set_status(FeedState.RECONNECTING, attempt=self._attempt, retry_in=delay, error=error)

    def _shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._connected = False
        self._close_connection()
        self._set_status(FeedState.STOPPED)

    def _set_status(self, state: FeedState, **extra: object) -> None:
        self._status = FeedStatus(state, self.last_seq, **extra)  # type: ignore[arg-type]
        if self.on_status is not None:
            try:
                self.on_status(self._status)
            except Exception:  # a broken status bar must not break the feed
                log.exception("change feed: status callback failed")


def open_feed(url: str, **kwargs: object) -> ChangeFeed:
    """A change feed on the database at `url` (PostgreSQL: LISTEN/NOTIFY; SQLite: polling).

    Keyword arguments are those of ChangeFeed (from_seq, batch_limit, on_status, backoff, recheck,
    tick); on SQLite `recheck` is the polling interval and defaults to 0.1 s.
    """
    from commandcenter.db.engine import backend, normalize_url

    url = normalize_url(url)
    if backend(url) == "postgresql":
        from commandcenter.live.pg import PostgresFeed

        return PostgresFeed(url, **kwargs)  # type: ignore[arg-type]
    if backend(url) == "sqlite":
        from commandcenter.live.sqlite import SqliteFeed

        return SqliteFeed(url, **kwargs)  # type: ignore[arg-type]
    raise FeedError(f"no change feed for {backend(url)} databases")
