"""The demo district in a database: counts, codes, placement and trails that replay."""

from __future__ import annotations

from collections import Counter, defaultdict

import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.gridcode import is_valid
from commandcenter.domain.status import Status
from commandcenter.domain.workflow import TrailEntry, replay


def test_small_demo_has_every_kind_of_row(demo_session: Session) -> None:
    s = demo_session
    levels = Counter(s.scalars(select(m.Grid.level)))
    assert levels["district"] == 1 and levels["township"] == 3 and levels["community"] == 8
    assert levels["grid"] == 40
    assert all(is_valid(code) for code in s.scalars(select(m.Grid.code)))
    assert s.scalar(select(func.count()).select_from(m.LogicalGrid)) >= 16
    assert s.scalar(select(func.count()).select_from(m.Event)) == 600
    statuses = set(s.scalars(select(m.Event.status).distinct()))
    assert {"reported", "closed", "in_progress", "replied", "voided"} <= statuses
    # A few are outside every grid and kept for the unassigned queue.
    assert s.scalar(select(func.count()).where(m.Event.grid_id.is_(None))) >= 1


def test_each_placed_event_lies_in_its_grid(demo_session: Session) -> None:
    rows = demo_session.execute(
        select(m.Event.lon, m.Event.lat, m.Grid.geom_wkb).join(m.Grid, m.Grid.id == m.Event.grid_id)
    ).all()
    assert rows
    for lon, lat, wkb in rows:
        assert shapely.from_wkb(wkb).covers(shapely.Point(lon, lat))


def test_every_trail_replays_to_its_case(demo_session: Session) -> None:
    trails: dict[int, list[TrailEntry]] = defaultdict(list)
    for row in demo_session.scalars(select(m.TrailEntry).order_by(m.TrailEntry.id)):
        trails[row.event_id].append(TrailEntry(row.step, row.from_status, row.to_status, row.data))
    events = demo_session.scalars(select(m.Event)).all()
    assert len(trails) == len(events)
    for ev in events:
        state = replay(trails[ev.id], code=ev.code or "")
        assert state.status == Status(ev.status), ev.code
        assert state.assignee_id == ev.assignee_id
        assert ev.version == len(trails[ev.id])


def test_every_demo_case_passes_the_services_audit(demo_session: Session) -> None:
    from commandcenter.services.cases import audit

    problems = {}
    for ev in demo_session.scalars(select(m.Event)):
        found = audit(demo_session, ev)
        if found:
            problems[ev.code] = found
    assert problems == {}


def test_every_photo_belongs_to_the_step_it_was_taken_with(demo_session: Session) -> None:
    """Report photos (before the handling) and reply or self-handle photos (after) are told apart."""
    rows = demo_session.execute(
        select(m.Media.event_id, m.TrailEntry.event_id, m.TrailEntry.step).outerjoin(
            m.TrailEntry, m.TrailEntry.id == m.Media.step_id
        )
    ).all()
    assert rows
    assert all(media_event == step_event for media_event, step_event, _ in rows)
    assert {step for *_, step in rows} == {"report", "reply", "self_handle"}
