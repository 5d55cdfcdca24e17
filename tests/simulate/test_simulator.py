"""The phone simulator: it writes believable rows and leaves the database consistent."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.db.engine import make_engine
from commandcenter.demo.seed import SMALL, seed_demo
from commandcenter.domain.status import Status
from commandcenter.domain.workflow import TrailEntry, replay
from commandcenter.live import open_feed
from commandcenter.simulate import SimulationError, Simulator
from commandcenter.simulate.profile import CITIZEN_MIX, weighted_codes
from tests.dbutil import DatabaseFactory


def _seed_small(engine: Engine) -> None:
    seed_demo(engine, SMALL)


@pytest.fixture
def demo_url(backend: str, db_factories: dict[str, DatabaseFactory]) -> str:
    """A copy of a small demo database (district, people, ~600 cases in every status)."""
    factory = db_factories[backend]
    return factory.copy(factory.template("live_sim_small_demo", _seed_small))


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


def _events(engine: Engine) -> dict[int, tuple[str, int, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(m.Event.id, m.Event.status, m.Event.version, m.Event.rating))
        return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _trails(engine: Engine) -> dict[int, list[m.TrailEntry]]:
    out: dict[int, list[m.TrailEntry]] = defaultdict(list)
    with engine.connect() as conn:
        for row in conn.execute(select(m.TrailEntry).order_by(m.TrailEntry.id)):
            out[row.event_id].append(row)
    return out


def test_a_run_leaves_the_database_consistent(demo_engine: Engine) -> None:
    before = _events(demo_engine)
    trail_before = {eid: len(rows) for eid, rows in _trails(demo_engine).items()}
    summary = Simulator(demo_engine, rate=40, seed=5).run(duration=3)
    after = _events(demo_engine)
    trails = _trails(demo_engine)

    assert summary.total >= 40
    for action in ("citizen_report", "patrol_report", "self_handle", "reply", "rate"):
        assert summary.actions[action] > 0, action
    assert summary.conflicts == summary.errors == summary.skipped == 0
    new = set(after) - set(before)
    assert len(new) == sum(summary.actions[a] for a in ("citizen_report", "patrol_report", "self_handle"))

    touched = {eid for eid in before if len(trails[eid]) != trail_before.get(eid, 0)}
    assert touched, "replies and ratings changed existing cases"
    for eid in touched | new:
        status, version, rating = after[eid]
        rows = trails[eid]
        # Every event's status is the to_status of its last trail row, and its trail replays.
        assert rows[-1].to_status == status
        state = replay([TrailEntry(r.step, r.from_status, r.to_status, r.data) for r in rows])
        assert state.status == Status(status)
        assert state.rating == rating
        # One version per trail row written: by the simulator, or (new events) in all.
        added = len(rows) - trail_before.get(eid, 0)
        assert version == (before[eid][1] + added if eid in before else len(rows)), eid

    with demo_engine.connect() as conn:
        ratings = {r[0]: r[1] for r in conn.execute(select(m.Rating.event_id, m.Rating.stars))}
        for eid in touched:
            if after[eid][2] is not None and before[eid][2] is None:
                assert ratings[eid] == after[eid][2]
        per_event = (
            select(m.Media.event_id, func.count()).where(m.Media.event_id.in_(new)).group_by(m.Media.event_id)
        )
        media = {r[0]: r[1] for r in conn.execute(per_event)}
    with Session(demo_engine) as session:
        new_rows = session.scalars(select(m.Event).where(m.Event.id.in_(new))).all()
    for e in new_rows:
        assert e.code and e.code.startswith("E")
        assert e.reported_at < e.received_at, "device time slightly before receipt"
        assert (e.received_at - e.reported_at).total_seconds() < 4 * 3600
        dist = math.hypot((e.lat - e.device_lat) * 110_574, (e.lon - e.device_lon) * 97_600)
        assert dist < 60, "the phone stands near what it reports"
        assert media.get(e.id, 0) >= 1, "reports come with photos"


def test_stop_finishes_the_current_action_and_returns(demo_engine: Engine) -> None:
    sim = Simulator(demo_engine, rate=20, seed=2)
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    t0 = time.monotonic()
    summary = sim.run(stop=stop)
    assert time.monotonic() - t0 < 1.5
    assert summary.total > 0


def test_an_empty_database_says_run_demo(engine: Engine) -> None:
    with pytest.raises(SimulationError, match="commandcenter demo"):
        Simulator(engine)


def test_the_feed_sees_every_simulated_report(demo_url: str, demo_engine: Engine) -> None:
    with open_feed(demo_url) as feed:
        summary = Simulator(demo_engine, rate=30, seed=9).run(duration=2)
        changes = []
        end = time.monotonic() + 3
        while time.monotonic() < end:
            changes += feed.poll(0.2)
    inserted = {c.row_id for c in changes if c.table == "events" and c.kind == "insert"}
    made = sum(summary.actions[a] for a in ("citizen_report", "patrol_report", "self_handle"))
    assert len(inserted) == made
    steps = sum(1 for c in changes if c.table == "event_steps")
    assert steps >= summary.total  # one trail row per action, two when a reply also accepts


def test_categories_follow_the_hour_of_day() -> None:
    codes = set(CITIZEN_MIX)

    def share(code: str, hour: int) -> float:
        names, weights = weighted_codes(CITIZEN_MIX, hour, codes)
        return weights[names.index(code)] / sum(weights)

    assert share("XG09", 23) > 3 * share("XG09", 10)  # noise at night
    assert share("XG01", 12) > 2 * share("XG01", 15)  # street vending at lunch
    assert share("XG01", 19) > 2 * share("XG01", 3)  # and in the evening
