"""A throw-away PostgreSQL database for `commandcenter bench brief`: the demo district's grids and
people, and N synthetic events written by one generate_series INSERT (no Qt here).

The events are spread uniformly over the year before `now` and written in the order they arrived (as a
live table is, so the heap is in time order), in the district's leaf grids (0.5% outside
every grid); older cases are almost all closed, recent ones are in every open state; about 4% were
reworked, 3% sent back, 0.4% supervised (with a supervise step on the trail), 60% of closed ones rated.
Triggers are off while filling (session_replication_role = replica): the change feed would otherwise
log and notify a million rows, which is not what is measured. The events' plain indexes are dropped
before the insert and rebuilt after it (index maintenance row by row is most of the fill time).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import make_engine
from commandcenter.db.migrate import upgrade
from commandcenter.demo.seed import DemoOptions, seed_demo

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"

FILL_SQL = """
WITH leaves AS (
    SELECT (row_number() OVER (ORDER BY g.id) - 1)::int AS k, g.id, g.centroid_lon, g.centroid_lat,
           g.max_lon - g.min_lon AS dx, g.max_lat - g.min_lat AS dy
    FROM grids g WHERE NOT EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = g.id)
), cats AS (
    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM categories
), depts AS (
    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM logical_grids WHERE parent_id IS NULL
), workers AS (
    SELECT array_agg(DISTINCT person_id ORDER BY person_id) AS ids FROM grid_memberships WHERE role = 'grid_worker'
), sizes AS (
    SELECT (SELECT count(*) FROM leaves)::int AS nl, (SELECT count(*) FROM cats)::int AS nc,
           (SELECT count(*) FROM depts)::int AS nd
), base AS (
    SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
           random() AS r6, random() AS r7,
           CAST(:now AS timestamptz) - interval '365 days' * ((:n - i + random()) / :n) AS received_at
    FROM generate_series(1, :n) AS s(i)
), timed AS (
    SELECT b.*, extract(epoch FROM CAST(:now AS timestamptz) - b.received_at) / 3600.0 AS age_h,
           b.received_at + b.r4 * interval '2 hours' AS verified_at,
           b.received_at + b.r4 * interval '2 hours' + b.r5 * interval '3 hours' AS dispatched_at
    FROM base b
), decided AS (
    SELECT t.*,
           (t.age_h > 240 AND t.r6 < 0.999) OR (t.age_h <= 240 AND t.r6 < t.age_h / 260.0) AS closed,
           t.dispatched_at + interval '72 hours' AS handle_deadline
    FROM timed t
)
INSERT INTO events (
    id, code, source, category_id, title, lat, lon, reported_at, received_at, grid_id, status,
    responsible_kind, responsible_grid_id, responsible_logical_id, assignee_id, priority,
    step_started_at, step_deadline, deadline, supervised, reworks, sent_backs, verified_at,
    dispatched_at, replied_at, checked_at, closed_at, rating, parked_seconds, version, updated_at
)
SELECT
    :id0 + d.i,
    'B' || to_char(d.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(d.i::text, 7, '0'),
    'citizen_app',
    c.id,
    '合成案件',
    CASE WHEN d.r1 < 0.005 THEN l.centroid_lat + 0.5 ELSE l.centroid_lat + (d.r2 - 0.5) * l.dy * 0.5 END,
    CASE WHEN d.r1 < 0.005 THEN l.centroid_lon + 0.5 ELSE l.centroid_lon + (d.r3 - 0.5) * l.dx * 0.5 END,
    d.received_at,
    d.received_at,
    CASE WHEN d.r1 < 0.005 THEN NULL ELSE l.id END,
    CASE WHEN d.closed THEN 'closed'
         WHEN d.r7 < 0.06 THEN 'reported' WHEN d.r7 < 0.10 THEN 'routed' WHEN d.r7 < 0.18 THEN 'assigned'
         WHEN d.r7 < 0.75 THEN 'in_progress' WHEN d.r7 < 0.78 THEN 'rework' WHEN d.r7 < 0.92 THEN 'replied'
         ELSE 'checked' END,
    CASE WHEN d.r5 < 0.4 THEN 'logical' ELSE 'grid' END,
    CASE WHEN d.r5 < 0.4 OR d.r1 < 0.005 THEN NULL ELSE l.id END,
    CASE WHEN d.r5 < 0.4 THEN p.id END,
    w.ids[1 + floor(d.r6 * array_length(w.ids, 1))::int],
    0,
    d.dispatched_at,
    CASE WHEN d.closed OR d.r7 >= 0.92 THEN NULL
         WHEN d.r7 < 0.06 THEN d.received_at + interval '2 hours'
         WHEN d.r7 < 0.10 THEN d.verified_at + interval '4 hours'
         WHEN d.r7 < 0.78 THEN d.handle_deadline
         ELSE d.dispatched_at + interval '96 hours' END,
    d.handle_deadline,
    d.r3 < 0.004,
    CASE WHEN d.r5 < 0.04 THEN 1 ELSE 0 END,
    CASE WHEN d.r4 < 0.03 THEN 1 ELSE 0 END,
    CASE WHEN d.closed OR d.r7 >= 0.06 THEN d.verified_at END,
    CASE WHEN d.closed OR d.r7 >= 0.10 THEN d.dispatched_at END,
    CASE WHEN d.closed OR d.r7 >= 0.78 THEN d.dispatched_at + d.r7 * interval '80 hours' END,
    CASE WHEN d.closed OR d.r7 >= 0.92 THEN d.dispatched_at + d.r7 * interval '90 hours' END,
    CASE WHEN d.closed THEN least(d.dispatched_at + d.r7 * interval '100 hours',
                                  CAST(:now AS timestamptz) - interval '1 minute') END,
    CASE WHEN d.closed AND d.r2 < 0.6 THEN greatest(1, 5 - floor(d.r4 * d.r4 * 5))::int END,
    0,
    1,
    d.received_at
FROM decided d
CROSS JOIN sizes z
CROSS JOIN workers w
JOIN leaves l ON l.k = floor(d.r2 * z.nl)::int
JOIN cats c ON c.k = floor(d.r3 * z.nc)::int
JOIN depts p ON p.k = floor(d.r4 * z.nd)::int
"""

RATINGS_SQL = """
INSERT INTO ratings (event_id, stars, rated_at)
SELECT id, rating, greatest(closed_at - interval '2 hours', received_at)
FROM events WHERE rating IS NOT NULL AND id > :id0
"""

SUPERVISE_SQL = """
INSERT INTO event_steps (event_id, step, at, from_status, to_status, note, data)
SELECT id, 'supervise', least(deadline + interval '4 hours', CAST(:now AS timestamptz) - interval '1 minute'),
       'in_progress', 'in_progress', '请加快办理', '{}'
FROM events WHERE supervised AND id > :id0
"""


@dataclass(frozen=True)
class BenchDatabase:
    server: str
    name: str
    url: str
    events: int
    grids: int
    fill_seconds: float


def _admin(server: str) -> Engine:
    return make_engine(server, isolation_level="AUTOCOMMIT", poolclass=None)


def create(
    events: int,
    now: datetime,
    server: str = DEFAULT_SERVER,
    log: Callable[[str], None] = lambda _m: None,
    statement_timeout_s: int = 600,
) -> BenchDatabase:
    """Create, migrate and fill a new database on `server`'s cluster. Drop it with `drop`."""
    name = f"cc_bench_brief_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = _admin(server)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = make_url(make_engine(server).url).set(database=name).render_as_string(hide_password=False)
    start = time.perf_counter()
    engine = make_engine(url)
    try:
        grids = _fill(engine, events, now, log, statement_timeout_s)
    except BaseException:
        engine.dispose()
        drop(BenchDatabase(server, name, url, events, 0, 0.0))  # never leave a half-filled database
        raise
    engine.dispose()
    return BenchDatabase(server, name, url, events, grids, time.perf_counter() - start)


def _fill(
    engine: Engine, events: int, now: datetime, log: Callable[[str], None], statement_timeout_s: int
) -> int:
    log(f"database {engine.url.database}: migrating ...")
    upgrade(engine)
    log("the demo district's grids and people ...")
    summary = seed_demo(engine, DemoOptions(events=0, now=now))
    log(f"{events:,} synthetic events (generate_series) ...")
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL statement_timeout = '{int(statement_timeout_s)}s'"))
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        indexes = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events' "
                "AND indexname LIKE 'ix\\_%' AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            )
        ).all()
        for index_name, _definition in indexes:
            conn.execute(text(f'DROP INDEX "{index_name}"'))
        conn.execute(text("SELECT setseed(0.42)"))
        id0 = conn.execute(text("SELECT coalesce(max(id), 0) FROM events")).scalar_one()
        conn.execute(text(FILL_SQL), {"n": events, "now": now, "id0": id0})
        conn.execute(text(SUPERVISE_SQL), {"now": now, "id0": id0})
        conn.execute(text(RATINGS_SQL), {"id0": id0})
        for table in ("events", "event_steps", "ratings"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"GREATEST((SELECT max(id) FROM {table}), 1))"
                )
            )
        log(f"rebuilding {len(indexes)} indexes ...")
        for _name, definition in indexes:
            conn.execute(text(definition))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        log("vacuum analyze ...")
        for table in ("events", "event_steps", "ratings"):
            conn.execute(text(f"VACUUM ANALYZE {table}"))
    return summary.grids


def drop(db: BenchDatabase) -> None:
    admin = _admin(db.server)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)'))
    finally:
        admin.dispose()
