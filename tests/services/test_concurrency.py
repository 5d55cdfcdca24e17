"""Two people acting on one case at once, on the real PostgreSQL server: one wins, the other gets a
Conflict carrying the case's current state, and no update is lost (trail rows == version)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from commandcenter.db.models import Event
from commandcenter.db.models import TrailEntry as TrailRow
from commandcenter.services import workflow_ops as ops
from commandcenter.services.changes import Changed
from commandcenter.services.errors import Conflict
from tests.services import tiny

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("backend", ["postgresql"])]

TRIALS = 200
Step = Callable[..., Changed]


def assigned_cases(sessions: sessionmaker[Session], n: int) -> list[str]:
    """n cases tasked by a department to grid A1's worker (each is assigned, version 1)."""
    with sessions() as s:
        return [
            ops.task(s, "LS", category="XG07", title=f"t{i}", to=f"grid:{tiny.GRID_A1}").code
            for i in range(n)
        ]


def versions_and_trails(sessions: sessionmaker[Session]) -> list[tuple[str, int, int]]:
    with sessions() as s:
        trail = select(TrailRow.event_id, func.count().label("n")).group_by(TrailRow.event_id).subquery()
        return [tuple(r) for r in s.execute(select(Event.code, Event.version, trail.c.n).join(trail))]  # type: ignore[misc]


def test_two_conflicting_steps_at_once_one_wins_and_nothing_is_lost(
    tiny_sessions: sessionmaker[Session],
) -> None:
    codes = assigned_cases(tiny_sessions, TRIALS)
    pairs: list[tuple[tuple[Step, str], tuple[Step, str]]] = [
        ((ops.accept, "WA1"), (partial(ops.park, reason="等待"), "OA")),
        ((partial(ops.send_back, reason="非本网格"), "WA1"), (ops.escalate, "OD")),
        (
            (partial(ops.request_extension, hours=24, reason="需协调"), "WA1"),
            (partial(ops.supervise, note="快"), "LD"),
        ),
    ]
    barrier = threading.Barrier(2)

    def attempt(step: Step, actor: str, code: str) -> Changed | Conflict:
        with tiny_sessions() as s:
            barrier.wait()
            try:
                return step(s, actor, code, 1)
            except Conflict as exc:
                return exc

    with ThreadPoolExecutor(2) as pool:
        for i, code in enumerate(codes):
            (step_a, actor_a), (step_b, actor_b) = pairs[i % len(pairs)]
            if i % 2:  # who submits first should not matter
                (step_a, actor_a), (step_b, actor_b) = (step_b, actor_b), (step_a, actor_a)
            results = [
                pool.submit(attempt, step_a, actor_a, code),
                pool.submit(attempt, step_b, actor_b, code),
            ]
            a, b = (f.result(timeout=60) for f in results)
            wins = [r for r in (a, b) if isinstance(r, Changed)]
            losses = [r for r in (a, b) if isinstance(r, Conflict)]
            assert len(wins) == 1 and len(losses) == 1, (code, a, b)
            current = losses[0].current
            assert (current.code, current.version, current.status) == (code, 2, wins[0].new_status)
            assert current.last_step == wins[0].step
            assert code in str(losses[0]) and "changed by someone else" in str(losses[0])

    rows = versions_and_trails(tiny_sessions)
    assert len(rows) == TRIALS
    assert all(version == trail == 2 for _code, version, trail in rows), rows


def test_a_step_that_waited_for_the_winners_lock_loses_cleanly(
    tiny_sessions: sessionmaker[Session],
) -> None:
    """The race inside the step: B reads version 1 while A's step is written but not committed; B's
    UPDATE waits for A's row lock, then matches no row (the version moved) and B gets a Conflict -
    even though B passed no expected version."""
    (code,) = assigned_cases(tiny_sessions, 1)
    a_written, a_may_commit = threading.Event(), threading.Event()

    def winner() -> Changed:
        with tiny_sessions() as s, s.begin():  # the caller's transaction: the step joins it
            changed = ops.accept(s, "WA1", code)
            a_written.set()
            assert a_may_commit.wait(30)
            return changed

    def loser() -> Changed | Conflict:
        assert a_written.wait(30)
        with tiny_sessions() as s:
            try:
                return ops.park(s, "OA", code, None, reason="等待")
            except Conflict as exc:
                return exc

    with ThreadPoolExecutor(2) as pool, tiny_sessions() as watcher:
        a, b = pool.submit(winner), pool.submit(loser)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until B's UPDATE is waiting for A's lock
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            watcher.rollback()
            if waiting:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the second step never waited for the first one's lock")
        a_may_commit.set()
        won, lost = a.result(timeout=30), b.result(timeout=30)
    assert isinstance(won, Changed) and isinstance(lost, Conflict)
    assert (lost.current.version, lost.current.status, lost.current.last_step) == (2, "in_progress", "accept")
    assert versions_and_trails(tiny_sessions) == [(code, 2, 2)]
