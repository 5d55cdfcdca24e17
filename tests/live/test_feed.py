"""The change feed on both backends: arrival, bursts, start positions, stopping, every table."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, text

from commandcenter.db.migrate import alembic_config, upgrade
from commandcenter.db.models import ChangeLog
from commandcenter.live import Change, FeedError, FeedState, FeedStatus, open_feed, prune_change_log
from tests.live.helpers import collect, insert_people, person_ids


def test_a_change_from_another_connection_arrives(db_url: str, engine: Engine) -> None:
    with open_feed(db_url) as feed:
        insert_people(engine, ["a1"])
        (change,) = collect(feed, 1)
    assert (change.table, change.kind, change.row_id) == ("people", "insert", *person_ids(engine, "a1"))
    assert change.version is None
    assert abs(datetime.now(UTC) - change.at) < timedelta(seconds=30)
    assert feed.last_seq == change.seq


def test_burst_of_10000_arrives_complete_and_in_order(db_url: str, engine: Engine) -> None:
    with open_feed(db_url) as feed:
        insert_people(engine, [f"b{i}" for i in range(10_000)])
        changes = collect(feed, 10_000, timeout=60)
        assert feed.poll(0.3) == []  # and nothing twice
    seqs = [c.seq for c in changes]
    assert len(changes) == 10_000
    assert seqs == sorted(seqs) and len(set(seqs)) == 10_000
    assert {c.row_id for c in changes} == person_ids(engine, "b")


def test_start_now_skips_history_and_from_seq_replays_it(db_url: str, engine: Engine) -> None:
    insert_people(engine, ["h1", "h2"])
    with open_feed(db_url) as feed:
        insert_people(engine, ["n1"])
        (new,) = collect(feed, 1)
    with open_feed(db_url, from_seq=0) as replay:
        everything = collect(replay, 3)
    assert [c.seq for c in everything][-1] == new.seq
    assert len(everything) == 3


def test_many_writers_lose_nothing(db_url: str, engine: Engine) -> None:
    """Concurrent small transactions (on PostgreSQL they commit in any seq order)."""

    def writer(k: int) -> None:
        for i in range(100):
            insert_people(engine, [f"w{k}_{i}"])

    with open_feed(db_url) as feed:
        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        changes = collect(feed, 400, timeout=60)
        for t in threads:
            t.join()
        changes += collect(feed, 400 - len(changes), timeout=5)
    assert len(changes) == 400 and len({c.seq for c in changes}) == 400
    assert {c.row_id for c in changes} == person_ids(engine, "w")


def test_stop_from_another_thread_ends_batches_within_a_second(db_url: str) -> None:
    statuses: list[FeedStatus] = []
    feed = open_feed(db_url, on_status=statuses.append)
    feed.start()
    done = threading.Event()

    def consume() -> None:
        for _ in feed.batches(timeout=None):
            pass
        done.set()

    thread = threading.Thread(target=consume)
    thread.start()
    time.sleep(0.3)  # the consumer is now blocked waiting
    t0 = time.monotonic()
    feed.stop()
    assert time.monotonic() - t0 < 0.1, "stop() itself returns at once"
    assert done.wait(1.0), "the consumer must end within a second"
    thread.join()
    assert statuses[-1].state is FeedState.STOPPED
    assert [s.state for s in statuses][:3] == [FeedState.CONNECTING, FeedState.CATCHING_UP, FeedState.LIVE]


def test_stop_without_a_consumer_and_poll_after_stop(db_url: str) -> None:
    feed = open_feed(db_url)
    feed.start()
    feed.stop()
    assert feed.poll(5) == []
    assert feed.status.state is FeedState.STOPPED
    feed.close()


def test_every_watched_table_reports_its_changes(db_url: str, engine: Engine) -> None:
    feed = open_feed(db_url)
    feed.start()
    with engine.begin() as conn:
        ex = conn.execute
        pid = ex(text("INSERT INTO people (code, name) VALUES ('t1', '甲') RETURNING id")).scalar_one()
        gid = ex(
            text("INSERT INTO grids (code, name, level) VALUES ('511503001001001', 'G', 'grid') RETURNING id")
        ).scalar_one()
        lid = ex(
            text("INSERT INTO logical_grids (code, name, kind) VALUES ('L1', 'L', 'court') RETURNING id")
        ).scalar_one()
        ids = {"p": pid, "g": gid, "l": lid}
        ex(text("INSERT INTO logical_grid_coverage VALUES (:l, :g)"), ids)
        ex(text("INSERT INTO role_grants (person_id, role) VALUES (:p, 'citizen')"), ids)
        ex(text("INSERT INTO grid_memberships (person_id, grid_id, role) VALUES (:p, :g, 'w')"), ids)
        ex(
            text("INSERT INTO logical_memberships (person_id, logical_grid_id, role) VALUES (:p, :l, 'm')"),
            ids,
        )
        e = {"e": ex(text("INSERT INTO events (category_id) VALUES (1) RETURNING id")).scalar_one()}
        ex(text("INSERT INTO event_steps (event_id, step, to_status) VALUES (:e, 'report', 'reported')"), e)
        ex(text("INSERT INTO media (event_id, url) VALUES (:e, 'm://1')"), e)
        ex(text("INSERT INTO ratings (event_id, stars) VALUES (:e, 5)"), e)
        ex(text("UPDATE events SET status = 'verified', version = version + 1 WHERE id = :e"), e)
        ex(text("UPDATE grids SET name = 'G2', version = version + 1"))
        ex(text("DELETE FROM logical_grid_coverage"))
        ex(text("DELETE FROM role_grants"))
    got = collect(feed, 15)
    assert feed.poll(0.3) == [], "the event code filled in by a trigger is not a change of its own"
    feed.close()
    seen = {(c.table, c.kind) for c in got}
    tables = {
        "people", "grids", "logical_grids", "logical_grid_coverage", "role_grants", "grid_memberships",
        "logical_memberships", "events", "event_steps", "media", "ratings",
    }  # fmt: skip
    assert {t for t, k in seen if k == "insert"} == tables
    updates_deletes = {("events", "update"), ("grids", "update")}
    updates_deletes |= {("logical_grid_coverage", "delete"), ("role_grants", "delete")}
    assert updates_deletes <= seen
    assert len(got) == 15
    by = {(c.table, c.kind): c for c in got}
    assert by[("events", "insert")].version == 1 and by[("events", "update")].version == 2
    assert by[("logical_grid_coverage", "insert")].row_id == lid


def test_a_database_without_the_feed_migration_is_refused(db_url: str, engine: Engine) -> None:
    cfg = alembic_config(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with pytest.raises(FeedError, match="db upgrade"):
        open_feed(db_url).start()
    upgrade(engine)  # and back: the feed works again
    with open_feed(db_url) as feed:
        insert_people(engine, ["m1"])
        assert len(collect(feed, 1)) == 1


def test_prune_keeps_recent_changes_and_the_newest_row(db_url: str, engine: Engine) -> None:
    insert_people(engine, ["p1", "p2", "p3"])
    old = datetime.now(UTC) - timedelta(days=30)
    with engine.begin() as conn:
        seqs = [r[0] for r in conn.execute(text("SELECT seq FROM change_log ORDER BY seq"))]
        conn.execute(ChangeLog.__table__.update().values(at=old))
    assert prune_change_log(engine, timedelta(days=7)) == 2  # all old, but the newest stays
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT seq FROM change_log"))] == [seqs[-1]]
    insert_people(engine, ["p4"])
    with engine.connect() as conn:
        newest = conn.execute(text("SELECT max(seq) FROM change_log")).scalar_one()
    assert newest == seqs[-1] + 1, "seqs keep growing after a prune"
    assert prune_change_log(engine, timedelta(days=7)) == 1  # the old row, no longer the newest
    assert prune_change_log(engine, timedelta(days=7)) == 0


def test_change_dataclass_is_frozen() -> None:
    c = Change(1, "events", 2, "insert", 1, datetime.now(UTC))
    with pytest.raises(AttributeError):
        c.seq = 3  # type: ignore[misc]
