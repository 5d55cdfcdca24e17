"""The simulator's loop: Poisson arrivals at a given rate, one action per small transaction.

It writes through an engine of its own, exactly like an outside system, so the app sees its rows
only through the change feed. `stop` (set by Ctrl-C/SIGTERM in the CLI) is looked at between
transactions: the one under way finishes, so the database is always left consistent.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from commandcenter.db.engine import session_factory
from commandcenter.db.types import utcnow
from commandcenter.domain.workflow import WorkflowError
from commandcenter.simulate import profile
from commandcenter.simulate.actions import ACTIONS, Ctx, Outcome, citizen_report
from commandcenter.simulate.world import World, load_world

log = logging.getLogger(__name__)

# If the database falls behind the schedule by more than this, skip ahead instead of bursting.
MAX_LAG = 1.0


@dataclass
class SimSummary:
    actions: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0  # someone changed the case first (optimistic lock): action dropped
    skipped: int = 0  # a case whose stored state the workflow refuses: left alone
    errors: int = 0  # database errors (e.g. the server went away for a moment)
    elapsed: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.actions.values())

    def lines(self) -> list[str]:
        rate = self.total / self.elapsed if self.elapsed > 0 else 0.0
        out = [f"{self.total} actions in {self.elapsed:.1f} s ({rate:.2f}/s)"]
        out += [f"  {name:<15} {self.actions[name]}" for name in ACTIONS if self.actions[name]]
        for label, n in (("conflicts", self.conflicts), ("skipped", self.skipped), ("errors", self.errors)):
            if n:
                out.append(f"  {label:<15} {n}")
        return out


class Simulator:
    """Writes what the phone apps would, at `rate` actions per second on average."""

    def __init__(self, engine: Engine, *, rate: float = 2.0, seed: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.engine = engine
        self.rate = rate
        self.rng = random.Random(seed)
        self.sessions = session_factory(engine)
        self.summary = SimSummary()
        with self.sessions() as session:
            self.world: World = load_world(session, seed if seed is not None else 1)

    def step(self, action: str | None = None) -> Outcome | None:
        """One action in one transaction; None if it was dropped (conflict, refused, error)."""
        with self.sessions() as session:
            try:
                with session.begin():
                    return self._act(session, action)
            except StaleDataError:
                self.summary.conflicts += 1
            except WorkflowError as exc:
                log.info("simulator: case left alone: %s", exc)
                self.summary.skipped += 1
            except OperationalError as exc:
                log.warning("simulator: database error: %s", str(exc).splitlines()[0])
                self.summary.errors += 1
        return None

    def run(
        self,
        duration: float | None = None,
        stop: threading.Event | None = None,
        on_action: Callable[[Outcome], None] | None = None,
    ) -> SimSummary:
        """Act until `duration` seconds passed or `stop` is set; return what was done."""
        stop = stop or threading.Event()
        self.summary = SimSummary()
        start = time.monotonic()
        end = None if duration is None else start + duration
        due = start
        while not stop.is_set():
            due += self.rng.expovariate(self.rate)
            now = time.monotonic()
            due = max(due, now - MAX_LAG)
            if end is not None and due >= end:
                stop.wait(max(0.0, end - now))
                break
            if due > now and stop.wait(due - now):
                break
            outcome = self.step()
            if outcome is not None and on_action is not None:
                on_action(outcome)
            if self.summary.errors and outcome is None:
                stop.wait(0.5)  # the database is struggling: do not hammer it
        self.summary.elapsed = time.monotonic() - start
        return self.summary

    def _act(self, session: Session, action: str | None) -> Outcome:
        ctx = Ctx(session, self.world, self.rng, utcnow())
        name = action or self._choose(ctx.hour)
        outcome = ACTIONS[name](ctx)
        if outcome is None:  # nothing to reply to or rate yet: a citizen reports instead
            outcome = citizen_report(ctx)
        self.summary.actions[outcome.action] += 1
        return outcome

    def _choose(self, hour: int) -> str:
        night = profile.is_night(hour)
        names = list(profile.ACTION_WEIGHTS)
        weights = [profile.ACTION_WEIGHTS[n][1 if night else 0] for n in names]
        return self.rng.choices(names, weights=weights)[0]
