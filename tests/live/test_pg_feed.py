"""PostgreSQL-only behaviour: psql writers, out-of-order commits, killed backends, outages."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import make_engine
from commandcenter.live import Backoff, Change, FeedState, FeedStatus, open_feed
from commandcenter.live.pg import APPLICATION_NAME, libpq_conninfo
from tests.live.helpers import TcpProxy, collect, insert_people, person_ids

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def _raw(url: str) -> psycopg.Connection:
    return psycopg.connect(libpq_conninfo(url))


def _insert_person(conn: psycopg.Connection, code: str) -> int:
    row = conn.execute("INSERT INTO people (code, name) VALUES (%s, '乱序') RETURNING id", (code,)).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_a_row_inserted_by_hand_with_psql_arrives(pg_url: str) -> None:
    url = make_url(pg_url)
    with open_feed(pg_url) as feed:
        subprocess.run(
            ["psql", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
             "-d", url.database or "", "-v", "ON_ERROR_STOP=1", "-c",
             "INSERT INTO events (category_id, title) VALUES (1, '手工录入')"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        (change,) = collect(feed, 1)
    assert (change.table, change.kind, change.version) == ("events", "insert", 1)


@pytest.mark.parametrize("b_has_older_xid", [False, True])
def test_commits_out_of_seq_order_lose_nothing(pg_url: str, b_has_older_xid: bool) -> None:
    """Transaction A takes seq n and commits after transaction B took n+1 and committed. When B got
    its xid before A, the snapshot's xmax after B's commit is A's xid: a reader that took xmax as
    the horizon of A's gap would drop A's change (the benchmark found this)."""
    a, b = _raw(pg_url), _raw(pg_url)
    try:
        with open_feed(pg_url) as feed:
            if b_has_older_xid:
                b.execute("SELECT pg_current_xact_id()")
            first = _insert_person(a, "late")  # A holds the lower seq, still open
            _insert_person(b, "early")
            b.commit()
            (early,) = collect(feed, 1)
            assert early.row_id != first
            assert feed.last_seq < early.seq, "the resume point must not pass A's open seq"
            assert feed.poll(0.3) == []
            a.commit()
            (late,) = collect(feed, 1)
            assert late.row_id == first and late.seq < early.seq
            assert feed.last_seq == early.seq
    finally:
        a.close()
        b.close()


def test_a_rolled_back_seq_does_not_hold_the_resume_point(pg_url: str) -> None:
    a, b = _raw(pg_url), _raw(pg_url)
    try:
        with open_feed(pg_url) as feed:
            _insert_person(a, "doomed")
            _insert_person(b, "kept")
            b.commit()
            (kept,) = collect(feed, 1)
            a.rollback()
            # The periodic re-read (recheck 1 s) notices the transaction ended once the cluster's
            # oldest running xid passed the gap's horizon; another session's long transaction (on
            # this shared server) can delay that, never the delivery of new changes.
            end = time.monotonic() + 30
            while feed.last_seq != kept.seq and time.monotonic() < end:
                assert feed.poll(0.5) == []
            assert feed.last_seq == kept.seq
    finally:
        a.close()
        b.close()


def test_start_now_still_delivers_a_transaction_open_at_start(pg_url: str) -> None:
    a = _raw(pg_url)
    try:
        _insert_person(a, "open-at-start")  # seq taken before the feed starts, committed after
        with open_feed(pg_url) as feed:
            assert feed.poll(0.2) == []
            a.commit()
            (change,) = collect(feed, 1)
        assert change.row_id in person_ids_url(pg_url, "open-at-start")
    finally:
        a.close()


def person_ids_url(url: str, prefix: str) -> set[int]:
    engine = make_engine(url)
    try:
        return person_ids(engine, prefix)
    finally:
        engine.dispose()


def _writer(engine: Engine, prefix: str, n: int, pause: float, stop: threading.Event) -> threading.Thread:
    def run() -> None:
        for i in range(n):
            if stop.is_set():
                return
            insert_people(engine, [f"{prefix}{i:05d}"])
            time.sleep(pause)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _terminate_feed_backends(engine: Engine) -> int:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :app AND datname = current_database()"
            ),
            {"app": APPLICATION_NAME},
        ).all()
    return len(rows)


def test_terminating_the_listening_backend_mid_stream_loses_nothing(pg_url: str, pg_engine: Engine) -> None:
    statuses: list[FeedStatus] = []
    stop = threading.Event()
    with open_feed(pg_url, on_status=statuses.append) as feed:
        writer = _writer(pg_engine, "k", 600, 0.002, stop)
        got: list[Change] = collect(feed, 100)
        pid = feed.backend_pid  # type: ignore[attr-defined]
        assert _terminate_feed_backends(pg_engine) == 1
        got += collect(feed, 150 - len(got))
        assert feed.backend_pid not in (None, pid), "it reconnected on a new backend"  # type: ignore[attr-defined]
        assert _terminate_feed_backends(pg_engine) == 1  # and once more, for good measure
        writer.join()
        got += collect(feed, 600 - len(got), timeout=30)
    assert len(got) == 600 and len({c.seq for c in got}) == 600
    assert {c.row_id for c in got} == person_ids(pg_engine, "k")
    states = [s.state for s in statuses]
    assert states.count(FeedState.RECONNECTING) >= 2
    assert states[-2:] == [FeedState.LIVE, FeedState.STOPPED]


def test_a_server_outage_is_ridden_out_with_backoff(pg_url: str, pg_engine: Engine) -> None:
    """The server disappears (connections dropped, new ones refused) for 1.5 s, then comes back."""
    server = make_url(pg_url)
    proxy = TcpProxy(server.port or 5432, server.host or "127.0.0.1")
    proxy.start()
    via_proxy = server.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    statuses: list[FeedStatus] = []
    stop = threading.Event()
    try:
        feed = open_feed(via_proxy, on_status=statuses.append, backoff=Backoff(initial=0.05, maximum=0.4))
        feed.start()
        writer = _writer(pg_engine, "o", 300, 0.01, stop)
        got = collect(feed, 50)
        proxy.cut()
        outage_end = time.monotonic() + 1.5
        while time.monotonic() < outage_end:
            got += feed.poll(0.1)
        proxy.restore()
        writer.join()
        got += collect(feed, 300 - len(got), timeout=30)
        feed.close()
    finally:
        stop.set()
        proxy.close()
    assert len(got) == 300 and len({c.seq for c in got}) == 300
    retries = [s for s in statuses if s.state is FeedState.RECONNECTING]
    assert len(retries) >= 3, "it kept retrying while the server was away"
    assert [s.attempt for s in retries[:3]] == [1, 2, 3]
    assert retries[2].retry_in is not None and retries[0].retry_in is not None
    assert retries[2].retry_in > retries[0].retry_in, "the delay grows"
    assert all(s.error for s in retries)


def test_stop_returns_quickly_while_reconnecting(pg_url: str) -> None:
    server = make_url(pg_url)
    proxy = TcpProxy(server.port or 5432, server.host or "127.0.0.1")
    proxy.start()
    url = server.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    feed = open_feed(url, backoff=Backoff(initial=10, maximum=10))
    feed.start()
    proxy.cut()
    done = threading.Event()

    def consume() -> None:
        for _ in feed.batches():
            pass
        done.set()

    thread = threading.Thread(target=consume)
    thread.start()
    time.sleep(1.0)  # the consumer notices and sleeps in a 10 s backoff
    assert feed.status.state is FeedState.RECONNECTING
    feed.stop()
    assert done.wait(1.0)
    thread.join()
    proxy.close()
