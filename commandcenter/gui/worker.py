"""Database work off the GUI thread.

`DbExecutor.submit(fn, *args, done=..., failed=..., key=...)` runs `fn(session, *args)` on a pool
thread with a fresh Session and delivers the plain result to `done` on the GUI thread (a queued signal).
The GUI thread never opens a Session and never waits for one.

`key` coalesces: when a job with the same key is submitted again before the first one delivered, the
first one's result is dropped (it is stale), so a burst of refreshes shows only the newest answer.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Delivery(QObject):
    """Lives on the GUI thread; worker threads emit, Qt queues the call to the GUI thread."""

    finished = Signal(int, object, object)  # job id, result, error


class _Job(QRunnable):
    def __init__(
        self,
        job_id: int,
        factory: sessionmaker[Session],
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        out: _Delivery,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job_id = job_id
        self.factory = factory
        self.fn = fn
        self.args = args
        self.out = out

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            with self.factory() as session:
                result = self.fn(session, *self.args)
                if session.in_transaction():
                    # Reads end here; a write the function left open is one user action: commit it.
                    session.commit()
        except BaseException as exc:  # delivered to the GUI, never lost in a pool thread
            error = exc
            log.debug("job %s failed:\n%s", self.job_id, traceback.format_exc())
        self.out.finished.emit(self.job_id, result, error)


class DbExecutor(QObject):
    """Runs database functions on a small thread pool; results come back on the GUI thread."""

    busyChanged = Signal(int)
    failed = Signal(str)  # a job without its own error handler failed

    def __init__(
        self, factory: sessionmaker[Session], threads: int = 3, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.factory = factory
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._handlers: dict[int, tuple[Done | None, Failed | None, str | None]] = {}
        self._latest: dict[str, int] = {}
        self._delivery = _Delivery(self)
        self._delivery.finished.connect(self._finished)
        self._closed = False

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Done | None = None,
        failed: Failed | None = None,
        key: str | None = None,
    ) -> int:
        job_id = next(self._ids)
        if self._closed:  # the window that would receive the answer is going away
            return job_id
        self._handlers[job_id] = (done, failed, key)
        if key is not None:
            self._latest[key] = job_id
        self.pool.start(_Job(job_id, self.factory, fn, args, self._delivery))
        self.busyChanged.emit(len(self._handlers))
        return job_id

    @property
    def in_flight(self) -> int:
        return len(self._handlers)

    def _finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        done, failed, key = self._handlers.pop(job_id, (None, None, None))
        self.busyChanged.emit(len(self._handlers))
        if key is not None:
            if self._latest.get(key) != job_id:
                return  # a newer job with this key is on its way
            del self._latest[key]
        if error is not None:
            if failed is not None:
                failed(error)
            else:
                log.warning("database job failed: %s", error)
                self.failed.emit(f"{type(error).__name__}: {error}")
            return
        if done is not None:
            done(result)

    def close(self) -> None:
        """Deliver nothing more and run nothing new: the window's views are being deleted, and an
        answer arriving after that (a read started by a timer, a chain of reads at start) would land
        in deleted widgets. Jobs already running finish on their threads; see wait()."""
        self._closed = True
        self._handlers.clear()
        self._latest.clear()
        self.busyChanged.emit(0)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running jobs (shutdown and tests only; never from a GUI event handler)."""
        return self.pool.waitForDone(msecs)
