"""The database executor: answers come back on the GUI thread, and none after the window closed it."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

from commandcenter.db.engine import session_factory
from commandcenter.gui.worker import DbExecutor


def test_a_closed_executor_delivers_nothing_and_runs_nothing_new(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    executor = DbExecutor(session_factory(engine), threads=1)
    release = threading.Event()
    ran: list[str] = []
    got: list[object] = []

    def slow(session) -> int:  # type: ignore[no-untyped-def]
        release.wait(5)
        ran.append("slow")
        return int(session.execute(text("SELECT 1")).scalar_one())

    def quick(session) -> int:  # type: ignore[no-untyped-def]
        ran.append("quick")
        return 2

    executor.submit(quick, done=got.append)
    qtbot.waitUntil(lambda: got == [2], timeout=5000)  # delivered while open

    executor.submit(slow, done=got.append)  # running when the window closes
    executor.close()
    executor.submit(quick, done=got.append)  # asked for after: never runs
    release.set()
    assert executor.wait(5000)
    qtbot.wait(100)  # a queued answer would arrive now
    assert ran == ["quick", "slow"]
    assert got == [2]
    assert executor.in_flight == 0
    engine.dispose()
