"""`commandcenter bench kpi`: a month's measures by township over 1,000,000 events, SQL vs Python.

A temporary database is created on the PostgreSQL server, migrated, filled by generate_series SQL (a
district of 10 townships, 100 communities and 800 grids; a year of cases, most of them closed, with
ratings; cases arrive in time order, as they do in a real database), timed, and dropped again
whatever happens. Triggers are switched off for the fill (session_replication_role = replica): the
change feed would otherwise log a million inserts, and the codes are written by the fill itself.

"SQL" is `services.kpi.counts_by(..., "township")`: one GROUP BY query. "Python" is the naive way:
load the period's rows (`kpi_reference.load_rows`) and count them in a loop. Both must agree.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import make_engine, normalize_url, session_factory
from commandcenter.db.migrate import upgrade
from commandcenter.services import kpi, kpi_reference

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
ENV_VAR = "COMMANDCENTER_BENCH_PG"
YEAR_START = datetime(2025, 12, 1, tzinfo=UTC)
MONTH = (date(2026, 6, 1), date(2026, 6, 30))  # a month in the middle of the year of data


def default_server() -> str:
    return os.environ.get(ENV_VAR, DEFAULT_SERVER)


@dataclass(frozen=True)
class BenchResult:
    events: int
    fill_seconds: float
    rows_loaded: int
    sql_seconds: list[float]
    python_seconds: float
    load_seconds: float
    townships: int
    agree: bool

    @property
    def sql_best(self) -> float:
        return min(self.sql_seconds)


# The district: ids fixed so the events can point at leaf grids by arithmetic.
GRIDS_SQL = """
INSERT INTO grids (id, code, name, level, parent_id)
SELECT 1, '511503', '基准区', 'district', NULL
UNION ALL
SELECT 1 + t, '511503' || lpad(t::text, 3, '0'), '街道' || t, 'township', 1 FROM generate_series(1, 10) t
UNION ALL
SELECT 11 + (t - 1) * 10 + c, '511503' || lpad(t::text, 3, '0') || lpad(c::text, 3, '0'),
       '社区' || t || '-' || c, 'community', 1 + t
FROM generate_series(1, 10) t, generate_series(1, 10) c
UNION ALL
SELECT 111 + ((t - 1) * 10 + c - 1) * 8 + g,
       '511503' || lpad(t::text, 3, '0') || lpad(c::text, 3, '0') || lpad(g::text, 3, '0'),
       '网格' || t || '-' || c || '-' || g, 'grid', 11 + (t - 1) * 10 + c
FROM generate_series(1, 10) t, generate_series(1, 10) c, generate_series(1, 8) g
"""
FIRST_LEAF, LEAVES = 112, 800

PEOPLE_SQL = """
INSERT INTO people (id, code, name)
SELECT i, 'B' || lpad(i::text, 5, '0'), '人员' || i FROM generate_series(1, 1000) i
"""

# One row per event; r1..r6 are the random draws the columns are made of.
EVENTS_SQL = """
INSERT INTO events (
    id, code, category_id, source, title, lat, lon, received_at, grid_id, status, verified_at,
    verify_due_at, dispatched_at, dispatch_due_at, replied_at, closed_at, deadline, reworks,
    sent_backs, responsible_kind, responsible_grid_id, assignee_id, version, updated_at
)
SELECT i, 'B' || lpad(i::text, 9, '0'), cats[1 + i % array_length(cats, 1)], 'patrol', '', 28.7, 104.6,
       t0, :first_leaf + (i::bigint * 7919) % :leaves,
       CASE WHEN r1 < 0.90 THEN 'closed' WHEN r1 < 0.95 THEN 'in_progress' ELSE 'reported' END,
       CASE WHEN r1 < 0.95 THEN t0 + r2 * interval '3 hours' END,
       t0 + interval '2 hours',
       CASE WHEN r1 < 0.95 THEN t0 + r2 * interval '3 hours' + r3 * interval '3 hours' END,
       CASE WHEN r1 < 0.95 THEN t0 + r2 * interval '3 hours' + interval '2 hours' END,
       CASE WHEN r1 < 0.90 THEN t0 + interval '6 hours' + r4 * interval '4 days' END,
       CASE WHEN r1 < 0.90 THEN t0 + interval '6 hours' + r4 * interval '4 days' + r5 * interval '1 day' END,
       CASE WHEN r1 < 0.95 THEN t0 + interval '6 hours' + interval '3 days' END,
       CASE WHEN r6 < 0.05 THEN 1 ELSE 0 END,
       CASE WHEN r6 > 0.97 THEN 1 ELSE 0 END,
       CASE WHEN r1 < 0.95 THEN 'grid' END,
       CASE WHEN r1 < 0.95 THEN :first_leaf + (i::bigint * 7919) % :leaves END,
       CASE WHEN r1 < 0.95 THEN 1 + i % 1000 END,
       1, t0
FROM (
    SELECT i, CAST(:year_start AS timestamptz) + ((i - 1) + random()) * (interval '365 days' / :n) AS t0,
           random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
    FROM generate_series(1, :n) i
) s, (SELECT array_agg(id ORDER BY id) AS cats FROM categories) c
"""

# Plain indexes of the two big tables (not primary keys, not those behind UNIQUE constraints).
SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename IN ('events', 'ratings')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
"""

RATINGS_SQL = """
INSERT INTO ratings (event_id, stars, rater_id, rated_at)
SELECT id, 1 + floor(random() * 5)::int, NULL, closed_at - interval '1 hour'
FROM events WHERE status = 'closed' AND id % 5 < 3
"""


def _fill(url: str, events: int, log: Callable[[str], None]) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("SELECT setseed(0.42)"))
            # Building the secondary indexes once after the load is several times faster than
            # keeping them up to date row by row; the migration's own definitions are put back.
            indexes = conn.execute(text(SECONDARY_INDEXES)).all()
            for name, _definition in indexes:
                conn.execute(text(f'DROP INDEX "{name}"'))
            conn.execute(text(GRIDS_SQL))
            conn.execute(text(PEOPLE_SQL))
            log(f"writing {events:,} events ...")
            conn.execute(
                text(EVENTS_SQL),
                {"n": events, "first_leaf": FIRST_LEAF, "leaves": LEAVES, "year_start": YEAR_START},
            )
            conn.execute(text(RATINGS_SQL))
            log(f"rebuilding {len(indexes)} indexes ...")
            for _name, definition in indexes:
                conn.execute(text(definition))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE events"))
            conn.execute(text("VACUUM ANALYZE ratings"))
    finally:
        engine.dispose()


def _time(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def run_kpi_bench(
    server: str, *, events: int = 1_000_000, runs: int = 5, log: Callable[[str], None] = lambda _m: None
) -> BenchResult:
    admin = make_engine(server, isolation_level="AUTOCOMMIT", poolclass=None)
    name = f"cc_bench_kpi_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = make_url(normalize_url(server)).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    log(f"temporary database {name}")
    try:
        fill_seconds, _ = _time(lambda: _fill(url, events, log))
        log(f"filled in {fill_seconds:.1f} s")
        period = kpi.Period.days(*MONTH)
        engine = make_engine(url)
        try:
            sessions = session_factory(engine)
            with sessions() as session:
                kpi.counts_by(session, period, "township")  # warm the cache, as a running app would be
                timings = []
                for _ in range(max(1, runs)):
                    seconds, units = _time(lambda: kpi.counts_by(session, period, "township"))
                    timings.append(seconds)
                    session.rollback()
                sql = {u.code: u.counts for u in units if u.counts != kpi.Counts()}  # type: ignore[attr-defined]
                load_seconds, rows = _time(lambda: kpi_reference.load_rows(session, period))
                limits = kpi_reference.limit_hours(session)
                count_seconds, py = _time(
                    lambda: kpi_reference.counts_by(rows, period, kpi_reference.township_of, limits)  # type: ignore[arg-type]
                )
        finally:
            engine.dispose()
        return BenchResult(
            events=events,
            fill_seconds=fill_seconds,
            rows_loaded=len(rows),  # type: ignore[arg-type]
            sql_seconds=timings,
            python_seconds=load_seconds + count_seconds,
            load_seconds=load_seconds,
            townships=len(sql),
            agree=sql == py,
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        log(f"dropped {name}")


def format_rows(r: BenchResult) -> str:
    median = statistics.median(r.sql_seconds)
    lines = [
        f"measures for {MONTH[0]} .. {MONTH[1]} by township ({r.townships} townships), "
        f"{r.events:,} events in the database, {r.rows_loaded:,} of them in the month's window",
        f"{'way':<44} {'seconds':>9}",
        f"{'SQL: one GROUP BY query (best of ' + str(len(r.sql_seconds)) + ')':<44} {r.sql_best:>9.3f}",
        f"{'SQL: median':<44} {median:>9.3f}",
        f"{'Python: load the rows + count in a loop':<44} {r.python_seconds:>9.3f}",
        f"{'  of which loading the rows':<44} {r.load_seconds:>9.3f}",
        f"Python / SQL: {r.python_seconds / r.sql_best:.1f}x; "
        f"target under 1 s: {'met' if r.sql_best < 1 else 'NOT met'}; "
        f"results {'agree' if r.agree else 'DIFFER'}",
    ]
    return "\n".join(lines)
