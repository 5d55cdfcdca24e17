"""Migration 0006 (import speed), on both databases: partial indexes that the queries still use, and an
event-code trigger that only fires for rows without a code."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from commandcenter.db.codes import event_code, event_codes
from commandcenter.db.engine import make_engine
from commandcenter.db.migrate import current_revision, upgrade
from commandcenter.db.models import Event, TrailEntry
from tests.dbutil import pg_admin_engine, pg_url_for

PARTIAL = {
    "ix_events_verified_at": "verified_at",
    "ix_events_dispatched_at": "dispatched_at",
    "ix_events_closed_at": "closed_at",
    "ix_events_deadline": "deadline",
    "ix_events_assignee_id_status": "assignee_id",
    "ix_events_responsible_logical_id_status": "responsible_logical_id",
}


def _predicate(options: dict[str, object]) -> str | None:
    """An index's WHERE clause as 'col is not null' (both dialects, reflected or declared), or None."""
    where = next((v for k, v in options.items() if k.endswith("_where") and v is not None), None)
    if where is None:
        return None
    return re.sub(r"[()]", "", str(where)).strip().lower()


def _db_indexes(engine: Engine, table: str = "events") -> dict[str, tuple[tuple[str, ...], str | None]]:
    return {
        ix["name"]: (tuple(ix["column_names"]), _predicate(ix.get("dialect_options", {})))
        for ix in inspect(engine).get_indexes(table)
        if "duplicates_constraint" not in ix  # PostgreSQL lists unique constraints' indexes too
    }


def _model_indexes(backend: str, model: type = Event) -> dict[str, tuple[tuple[str, ...], str | None]]:
    return {
        ix.name: (
            tuple(c.name for c in ix.columns),
            _predicate({k: v for k, v in ix.dialect_kwargs.items() if k.startswith(backend)}),
        )
        for ix in model.__table__.indexes  # type: ignore[attr-defined]
        if ix.name is not None
    }


def test_event_indexes_are_the_models_and_partial_where_new_cases_leave_null(
    engine: Engine, backend: str
) -> None:
    got = _db_indexes(engine)
    assert got == _model_indexes(backend)
    assert "ix_events_status" not in got  # repeated ix_events_status_step_deadline's leading column
    for name, column in PARTIAL.items():
        assert got[name][1] == f"{column} is not null", name
    assert got["ix_events_grid_id_status"][1] is None  # the unassigned queue looks for grid_id IS NULL
    steps = _db_indexes(engine, "event_steps")
    assert "ix_event_steps_at" not in steps  # no query looks the trail up by time alone
    assert _model_indexes(backend, TrailEntry) == {"ix_event_steps_event_id": (("event_id",), None)}
    assert steps["ix_event_steps_event_id"] == (("event_id",), None)


# Queries of the measures (kpi: a period on any of five timestamps) and the queues (a person's, a
# department's, closed today): each must still be able to use its partial index.
PLANNED = {
    "ix_events_closed_at": "SELECT id FROM events WHERE closed_at >= :a AND closed_at < :b",
    "ix_events_assignee_id_status": "SELECT id FROM events WHERE assignee_id = 3 AND status IN ('assigned')",
    "ix_events_responsible_logical_id_status": (
        "SELECT id FROM events WHERE status = 'assigned' AND responsible_logical_id IN "
        "(SELECT id FROM logical_grids WHERE code LIKE 'LG01%')"
    ),
    "ix_events_verified_at ix_events_dispatched_at ix_events_deadline ix_events_received_at": (
        "SELECT count(*) FROM events WHERE (received_at >= :a AND received_at < :b) "
        "OR (verified_at >= :a AND verified_at < :b) OR (dispatched_at >= :a AND dispatched_at < :b) "
        "OR (closed_at >= :a AND closed_at < :b) OR (deadline >= :a AND deadline < :b)"
    ),
}


@pytest.mark.parametrize("indexes", list(PLANNED))
def test_the_queries_still_use_the_partial_indexes(engine: Engine, backend: str, indexes: str) -> None:
    a, b = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
    with engine.connect() as conn:
        if backend == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))  # an empty table: ask whether an index *can* serve
            plan = conn.execute(text("EXPLAIN " + PLANNED[indexes]), {"a": a, "b": b}).scalars().all()
        else:
            params = {"a": a.isoformat(" "), "b": b.isoformat(" ")}
            plan = [r[-1] for r in conn.execute(text("EXPLAIN QUERY PLAN " + PLANNED[indexes]), params)]
    shown = "\n".join(plan)
    for name in indexes.split():
        assert name in shown, shown


def _insert(engine: Engine, event_id: int, code: str | None) -> str:
    received = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # 01:30 on the 28th in China
    value = received if engine.dialect.name == "postgresql" else received.replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO events (id, code, category_id, received_at) VALUES (:id, :code, 1, :t)"),
            {"id": event_id, "code": code, "t": value},
        )
        return conn.execute(text("SELECT code FROM events WHERE id = :id"), {"id": event_id}).scalar_one()


def test_the_code_trigger_fills_only_missing_codes_and_never_cuts_long_ids(engine: Engine) -> None:
    received = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)
    assert _insert(engine, 41, None) == "E20261128-0000041" == event_code(received, 41)
    assert _insert(engine, 42, "X-GIVEN") == "X-GIVEN"  # a writer's own code is kept
    # lpad(id, 7) cut 8-digit ids: 12345678 and 12345679 both became ...-1234567 (a unique-key clash).
    assert _insert(engine, 12_345_678, None) == "E20261128-12345678" == event_code(received, 12_345_678)
    assert _insert(engine, 12_345_679, None) == "E20261128-12345679"


def test_bulk_codes_equal_single_codes() -> None:
    times = [datetime(2026, 11, 27, 15, 59, tzinfo=UTC), datetime(2026, 11, 27, 16, 0, tzinfo=UTC)] * 3
    pairs = [(t, 9_999_990 + i * 3) for i, t in enumerate(times)]
    assert list(event_codes(pairs)) == [event_code(t, i) for t, i in pairs]
    assert list(event_codes(pairs))[:2] == ["E20261127-9999990", "E20261128-9999993"]


@pytest.mark.postgres
def test_the_code_trigger_only_fires_without_a_code(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            definition = conn.execute(
                text("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'events_code'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert "WHEN ((new.code IS NULL))" in definition


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty, unmigrated database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    name = f"cct_fresh_{uuid.uuid4().hex[:10]}"
    admin = pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url_for(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_0006_downgrades_and_upgrades_again(fresh_url: str, backend: str) -> None:
    from alembic import command

    from commandcenter.db.migrate import alembic_config

    engine = make_engine(fresh_url)
    try:
        upgrade(engine, "0006")
        after = _db_indexes(engine)
        cfg = alembic_config(make_url(fresh_url).render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        before = _db_indexes(engine)
        assert current_revision(engine) == "0005"
        assert before["ix_events_status"] == (("status",), None)
        assert all(before[name][1] is None for name in PARTIAL)
        assert _db_indexes(engine, "event_steps")["ix_event_steps_at"] == (("at",), None)
        if backend == "postgresql":
            with engine.connect() as conn:
                definition = conn.execute(
                    text("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'events_code'")
                ).scalar_one()
            assert "WHEN" not in definition
        upgrade(engine, "0006")
        assert _db_indexes(engine) == after
    finally:
        engine.dispose()
