"""The schema on both databases: migrations, defaults, triggers, time zones."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from commandcenter.db.catalogue import STANDARD_CATEGORIES_V1
from commandcenter.db.codes import event_code
from commandcenter.db.migrate import current_revision, head_revision, is_up_to_date
from commandcenter.db.models import Category, Event, TrailEntry


def test_new_database_is_at_head_with_the_standard_catalogue(engine: Engine, session: Session) -> None:
    assert is_up_to_date(engine)
    assert current_revision(engine) == head_revision()
    codes = set(session.scalars(select(Category.code)))
    assert codes == {c.code for c in STANDARD_CATEGORIES_V1}
    fire = session.scalars(select(Category).where(Category.code == "JD01")).one()
    limits = {lim.step: (lim.amount, lim.unit) for lim in fire.limits}
    assert limits == {"verify": (0.5, "hours"), "dispatch": (0.5, "hours"), "handle": (1.0, "workdays"),
                      "check": (4.0, "hours")}  # fmt: skip
    assert len(codes) >= 40


def test_a_row_written_without_code_gets_one_from_the_database(engine: Engine, session: Session) -> None:
    # A phone app or psql writes only what it knows; the database fills the code and defaults.
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO events (category_id, lat, lon, received_at) VALUES (1, 28.77, 104.62, :t)"),
            {"t": datetime(2026, 11, 27, 17, 30, tzinfo=UTC).replace(tzinfo=None)
             if engine.dialect.name == "sqlite" else datetime(2026, 11, 27, 17, 30, tzinfo=UTC)},
        )  # fmt: skip
    ev = session.scalars(select(Event)).one()
    # 17:30 UTC is 01:30 the next day in China: the code carries the local date.
    assert ev.code == f"E20261128-{ev.id:07d}"
    assert ev.code == event_code(ev.received_at, ev.id)  # the Python twin the bulk writers use
    assert (ev.status, ev.version, ev.priority, ev.source) == ("reported", 1, 0, "citizen_app")
    assert ev.received_at == datetime(2026, 11, 27, 17, 30, tzinfo=UTC)


def test_datetimes_round_trip_as_aware_utc(session: Session) -> None:
    beijing = timezone(timedelta(hours=8))
    with session.begin():
        ev = Event(category_id=1, received_at=datetime(2026, 3, 1, 9, 0, tzinfo=beijing))
        session.add(ev)
    session.expire_all()
    got = session.get(Event, ev.id)
    assert got is not None
    assert got.received_at == datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    assert got.received_at.tzinfo is not None


def test_naive_datetimes_are_refused(session: Session) -> None:
    with pytest.raises(Exception, match="naive datetime"), session.begin():
        session.add(Event(category_id=1, received_at=datetime(2026, 3, 1, 9, 0)))
        session.flush()


def test_trail_is_append_only(engine: Engine, session: Session) -> None:
    with session.begin():
        ev = Event(category_id=1, received_at=datetime.now(UTC))
        session.add(ev)
        session.flush()
        session.add(TrailEntry(event_id=ev.id, step="report", to_status="reported"))
    for statement in ("UPDATE event_steps SET note = 'rewritten'", "DELETE FROM event_steps"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), max(note) FROM event_steps")).one() == (1, None)


def test_optimistic_lock_refuses_a_stale_write(engine: Engine) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from commandcenter.db.engine import session_factory

    sessions = session_factory(engine)
    with sessions() as s, s.begin():
        s.add(Event(category_id=1, received_at=datetime.now(UTC)))
    with sessions() as a, sessions() as b:
        ev_a = a.scalars(select(Event)).one()
        ev_b = b.scalars(select(Event)).one()
        ev_a.status = "verified"
        a.commit()
        ev_b.status = "voided"
        with pytest.raises(StaleDataError):
            b.commit()
    with sessions() as s:
        assert s.scalars(select(Event.status)).one() == "verified"


@pytest.mark.postgres
def test_psql_by_hand_can_insert_an_event(pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    out = subprocess.run(
        ["psql", "-h", url.host or "127.0.0.1", "-U", url.username or "postgres", "-d", url.database or "",
         "-qAt", "-c", "INSERT INTO events (category_id, lat, lon) VALUES (2, 28.7, 104.6) RETURNING code"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip().startswith("E") and out.stdout.strip().endswith("-0000001")
