"""`commandcenter bench live`: commit-to-arrival latency of the change feed, beside 30 s polling.

A writer in another process (multiprocessing, spawn) inserts events at a fixed rate, one change per
transaction, and records the wall-clock time each commit returned. This process follows the feed
and records when each change arrived in a batch. Both use time.time() on the same machine, so the
difference is the latency a screen would see. At high rates the writer spreads its commits over a
few connections (as many phones would): one PostgreSQL connection cannot commit 1,000 times a second
with fsync on, and several connections also commit out of seq order, which the feed must survive.

The polling dashboard column is computed from the same commit times: a dashboard that reloads every
30 s at a random phase shows a change at its next reload; over all phases that is uniform on
[0, 30 s), so p50 ~15 s and p95 ~28.5 s whatever the feed does.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import backend, make_engine, normalize_url
from commandcenter.db.migrate import upgrade
from commandcenter.live.changes import FeedState
from commandcenter.live.feed import open_feed

DEFAULT_PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_RATES = (1, 100, 1000)
POLL_PERIOD = 30.0
GRACE = 5.0  # how long to wait for stragglers after the writer finished
COMMITS_PER_CONNECTION = 200  # per second; above that the writer opens more connections (max 8)


@dataclass(frozen=True)
class BenchRow:
    backend: str
    rate: int
    seconds: float
    written: int
    received: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    poll_p50_s: float
    poll_p95_s: float
    poll_max_s: float
    connections: int

    @property
    def lost(self) -> int:
        return self.written - self.received


# ------------------------------------------------------------------------------------ the writer


def _connect(url: str) -> Any:
    if backend(url) == "postgresql":
        import psycopg

        from commandcenter.live.pg import libpq_conninfo

        return psycopg.connect(libpq_conninfo(url))
    import sqlite3

    conn = sqlite3.connect(
        make_url(url).database or "", timeout=10, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _insert_one(conn: Any, sqlite: bool) -> int:
    sql = "INSERT INTO events (category_id, title, source) VALUES (1, 'bench', 'sensor') RETURNING id"
    if sqlite:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(sql).fetchall()[0]  # fetch all: COMMIT refuses a statement still open
        conn.execute("COMMIT")
    else:
        row = conn.execute(sql).fetchone()
        conn.commit()
    return int(row[0])


def _writer_process(url: str, rate: float, seconds: float, connections: int, go: Any, out: Any) -> None:
    """Child process: commit `rate` inserts/s for `seconds`; send back [(row_id, commit_time)]."""
    sqlite = backend(url) == "sqlite"
    conns = [_connect(url) for _ in range(connections)]
    go.wait()
    start = time.time() + 0.05
    n = max(1, round(rate * seconds))
    results: list[list[tuple[int, float]]] = [[] for _ in conns]

    def run(k: int) -> None:
        # Connection k writes commits k, k+connections, ... of one evenly spaced schedule.
        for i in range(k, n, connections):
            delay = start + i / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            row_id = _insert_one(conns[k], sqlite)
            results[k].append((row_id, time.time()))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in conns:
        c.close()
    out.put([r for part in results for r in part])


# ------------------------------------------------------------------------------------ measuring


def _percentiles(values: np.ndarray) -> tuple[float, float, float]:
    if len(values) == 0:
        return float("nan"), float("nan"), float("nan")
    return float(np.percentile(values, 50)), float(np.percentile(values, 95)), float(values.max())


def polling_latencies(
    commit_times: Sequence[float], period: float = POLL_PERIOD, phases: int = 600
) -> np.ndarray:
    """Seconds each change waits for the next reload of a dashboard polling every `period`,
    over `phases` evenly spread reload phases (a dashboard's phase is arbitrary)."""
    t = np.asarray(commit_times, dtype=float)
    if len(t) == 0:
        return t
    offsets = (np.arange(phases) + 0.5) * period / phases
    # Reloads happen at offset + k * period; the wait is (offset - t) mod period.
    return np.mod(offsets[None, :] - t[:, None], period).ravel()


def measure(url: str, rate: int, seconds: float, log: Callable[[str], None] = lambda _m: None) -> BenchRow:
    """One run: a writer process at `rate` commits/s for `seconds` against the migrated `url`."""
    connections = min(8, max(1, -(-rate // COMMITS_PER_CONNECTION)))
    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=_writer_process, args=(url, rate, seconds, connections, go, out), daemon=True)
    arrivals: dict[int, float] = {}
    feed = open_feed(url)
    try:
        feed.start()
        while feed.status.state is not FeedState.LIVE:  # settle before the clock starts
            feed.poll(0.05)
        proc.start()
        go.set()
        written: list[tuple[int, float]] | None = None
        hard_stop = time.monotonic() + seconds + 60 + GRACE
        grace_end = None
        while time.monotonic() < hard_stop:
            batch = feed.poll(0.02)
            now = time.time()
            for c in batch:
                if c.table == "events" and c.kind == "insert":
                    arrivals.setdefault(c.row_id, now)
            if written is None:
                try:
                    written = out.get_nowait()
                    grace_end = time.monotonic() + GRACE
                except queue.Empty:
                    continue
            if all(rid in arrivals for rid, _ in written) or (grace_end and time.monotonic() > grace_end):
                break
        proc.join(10)
        if written is None:
            raise RuntimeError(f"the writer process failed (exit code {proc.exitcode})")
    finally:
        feed.close()
        if proc.is_alive():
            proc.terminate()
    written = written or []
    latencies = np.array([arrivals[rid] - t for rid, t in written if rid in arrivals]) * 1000
    p50, p95, mx = _percentiles(latencies)
    q50, q95, qmax = _percentiles(polling_latencies([t for _, t in written]))
    row = BenchRow(
        backend(url), rate, seconds, len(written), sum(1 for rid, _ in written if rid in arrivals),
        p50, p95, mx, q50, q95, qmax, connections,
    )  # fmt: skip
    log(f"{row.backend} {rate}/s: {row.received}/{row.written} received, p95 {p95:.1f} ms")
    return row


# ------------------------------------------------------------------------------------ databases


@contextmanager
def temporary_database(kind: str, pg_server: str | None = None):  # type: ignore[no-untyped-def]
    """A fresh migrated database: a temp SQLite file, or a temp database on the PostgreSQL server."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="cc-bench-live-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            yield url
        return
    server = make_url(normalize_url(pg_server or DEFAULT_PG_SERVER))
    name = f"cc_bench_live_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
        try:
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def run_live_bench(
    backends: Sequence[str] = ("postgresql", "sqlite"),
    rates: Sequence[int] = DEFAULT_RATES,
    seconds: float = 5.0,
    pg_server: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> list[BenchRow]:
    rows = []
    for kind in backends:
        with temporary_database(kind, pg_server) as url:
            log(f"{kind}: {make_url(url).render_as_string(hide_password=True)}")
            for rate in rates:
                rows.append(measure(url, rate, seconds, log))
    return rows
