"""Reading the database off the GUI thread: the GUI thread never waits on a query."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from commandcenter.brief import Brief, build_brief
from commandcenter.db.engine import make_engine, session_factory


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs `fn` on a pool thread; its result (or error text) comes back by a queued signal.

    The signals object is created on the calling (GUI) thread, so slots connected to it run there.
    """

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the caller keeps the job (and its signals) until it reports

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the user, not raised into Qt's thread pool
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)


# Jobs that have not reported yet, and those whose report is being delivered. A job must outlive the
# slots its signal runs: if a slot dropped the last reference, the signals object would be destroyed
# during its own emission (a crash). Finished jobs are let go on the next turn of the event loop.
_live: set[Job] = set()


def _release(job: Job) -> None:
    QTimer.singleShot(0, lambda: _live.discard(job))


def start(fn: Callable[[], Any]) -> Job:
    job = Job(fn)
    _live.add(job)
    job.signals.done.connect(lambda _result: _release(job))
    job.signals.failed.connect(lambda _message: _release(job))
    QThreadPool.globalInstance().start(job)
    return job


def read_brief(db_url: str, day: date, unit_code: str | None) -> Brief:
    """One brief, on its own short-lived engine (called on a pool thread)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return build_brief(session, day, unit_code)
    finally:
        engine.dispose()


def start_build(db_url: str, day: date, unit_code: str | None) -> Job:
    return start(lambda: read_brief(db_url, day, unit_code))
