"""`commandcenter bench import`: our bulk import beside the naive row-by-row ORM insert.

The trail is append-only by design (no DELETE, even for benchmarks), so the benchmark never writes to
the configured database: it creates a temporary database on the same PostgreSQL server (or a temporary
SQLite file), migrates it, loads the demo district's grids, measures, and drops it.

Both paths start from the same generated CSV file. Ours is measured end to end (read, check, look up,
place, write, commit), `runs` times (each run a new source, so every event is new; the median run is
the figure, as other work on the machine makes single runs vary). The naive path is given the already
parsed rows, so its figure flatters it: one `assign_one` + `session.add(Event)` + flush +
`session.add(TrailEntry)` + flush per event, on a sample, extrapolated.

The target (issue #2): at least 20,000 events/s on PostgreSQL, on this 2-core machine.
"""

from __future__ import annotations

import csv
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import backend, make_engine, session_factory
from commandcenter.db.migrate import upgrade
from commandcenter.db.models import Event, TrailEntry
from commandcenter.domain.status import Source, Status, Step
from commandcenter.interchange.event_writer import write_method
from commandcenter.interchange.events_import import (
    EventImportOptions,
    category_lookup,
    import_events,
    read_events,
)
from commandcenter.interchange.grids_geojson import GridInput, upsert_grids
from commandcenter.interchange.timeparse import format_time
from commandcenter.services import placement


@dataclass
class BenchRow:
    path: str
    events: int
    seconds: float
    note: str = ""
    runs: list[float] = field(default_factory=list)  # seconds of each run, when there were several

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")


@contextmanager
def temporary_database(url: str) -> Iterator[str]:
    """A new empty database beside `url` (same server, or a temp SQLite file), dropped afterwards."""
    if backend(url) == "sqlite":
        with tempfile.TemporaryDirectory(prefix="cc_bench_") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        return
    name = f"cc_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def demo_grids(seed: int = 1) -> list[GridInput]:
    from commandcenter.geo.demo_district import build_demo_district

    district = build_demo_district(seed=seed)
    return [
        GridInput(
            where=n.code,
            code=n.code,
            name=n.name,
            level=n.level.value,
            parent_code=n.parent_code,
            parent_explicit=n.parent_code is not None,
            geometry=n.geometry,
            households=n.households,
            residents=n.residents,
        )
        for n in district.nodes
    ]


def write_events_csv(path: Path, n: int, bounds: tuple[float, float, float, float], codes: list[str]) -> None:
    """`n` events over the district's bounding box (so some fall outside every grid)."""
    rng = np.random.default_rng(7)
    min_lon, min_lat, max_lon, max_lat = bounds
    lons = rng.uniform(min_lon, max_lon, n)
    lats = rng.uniform(min_lat, max_lat, n)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    offsets = np.sort(rng.uniform(0, 30 * 86400, n))
    cats = rng.integers(0, len(codes), n)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "lat", "lon", "time", "category", "title", "address", "渠道"])
        for i in range(n):
            w.writerow(
                [
                    f"B{i:07d}",
                    f"{lats[i]:.6f}",
                    f"{lons[i]:.6f}",
                    format_time(start + timedelta(seconds=float(offsets[i]))),
                    codes[int(cats[i])],
                    "基准测试事件",
                    f"测试路{i % 500}号",
                    "群众APP",
                ]
            )


TARGET_EVENTS_PER_S = 20_000  # issue #2, on PostgreSQL


def _timed_import(
    sessions: Callable[[], Any], csv_path: Path, label: str, source: str, method: str, runs: int = 1
) -> BenchRow:
    """The median of `runs` imports of the file (each under its own source name: all events new)."""
    timed: list[tuple[float, Any]] = []
    for run in range(runs):
        with sessions() as s:
            how = write_method(s, method)
            t0 = time.perf_counter()
            options = EventImportOptions(source_system=f"{source}-{run}", write_method=method)
            result = import_events(s, csv_path, options)
            s.commit()
            timed.append((time.perf_counter() - t0, result))
    elapsed, result = sorted(timed, key=lambda t: t[0])[(len(timed) - 1) // 2]
    phases = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items() if k != "total")
    if runs > 1:
        seconds = [t for t, _ in timed]
        phases = f"median of {runs} runs ({min(seconds):.2f}-{max(seconds):.2f}s); {phases}"
    return BenchRow(f"{label} ({how})", result.new, elapsed, phases, [t for t, _ in timed])


def drop_change_feed(engine: Any) -> None:
    """Drop the change-feed triggers of events and event_steps (in the temporary database only), to
    show what they cost an import."""
    with engine.begin() as conn:
        if backend(engine) == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal "
                    "AND tgname LIKE 'cf%' AND tgrelid::regclass::text IN ('events', 'event_steps')"
                )
            ).all()
            for name, table in rows:
                conn.execute(text(f'DROP TRIGGER "{name}" ON "{table}"'))
        else:
            rows = conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cf%' "
                    "AND tbl_name IN ('events', 'event_steps')"
                )
            ).all()
            for (name,) in rows:
                conn.execute(text(f'DROP TRIGGER "{name}"'))


def run_import_bench(
    url: str,
    n: int = 100_000,
    naive_sample: int = 2_000,
    log: Callable[[str], None] = print,
    *,
    also_core: bool = False,
    also_without_feed: bool = False,
    runs: int = 3,
) -> list[BenchRow]:
    """Rows: ours, [ours with Core executemany], [ours without the change-feed triggers], naive
    (always last)."""
    rows: list[BenchRow] = []
    with temporary_database(url) as tmp_url, tempfile.TemporaryDirectory(prefix="cc_bench_") as tmp:
        engine = make_engine(tmp_url)
        try:
            log(f"temporary database: {engine.url.render_as_string(hide_password=True)}")
            upgrade(engine)
            sessions = session_factory(engine)
            grids = demo_grids()
            with sessions() as s, s.begin():
                upsert_grids(s, grids)
                codes = list(category_lookup(s).by_code)
            bounds = grids[0].geometry.bounds  # the district
            csv_path = Path(tmp) / "bench_events.csv"
            write_events_csv(csv_path, n, bounds, codes)
            with sessions() as s:
                placement.load_grid_index(s)  # built once per database; not part of an import
            log(f"importing {n} events, {runs} time(s) ...")
            rows.append(_timed_import(sessions, csv_path, "ours", "bench", "auto", runs))
            if also_core:
                log(f"importing {n} events with SQLAlchemy Core executemany ...")
                rows.append(_timed_import(sessions, csv_path, "ours, Core", "bench-core", "core"))
            log(f"naive row-by-row ORM insert of {naive_sample} events ...")
            naive = _naive(sessions, csv_path, naive_sample)
            if also_without_feed:
                log(f"importing {n} events with the change-feed triggers dropped ...")
                drop_change_feed(engine)
                rows.append(_timed_import(sessions, csv_path, "ours, no change feed", "bench-nofeed", "auto"))
            rows.append(naive)
        finally:
            engine.dispose()
    return rows


def _naive(sessions: Callable[[], Any], csv_path: Path, sample: int) -> BenchRow:
    with sessions() as s:
        _fmt, events = read_events(csv_path, EventImportOptions(), category_lookup(s))
        events = events[:sample]
        index = placement.load_grid_index(s)
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        for e in events:
            event = Event(
                source=Source.IMPORT.value,
                source_system="bench-naive",
                external_id=e.external_id,
                category_id=e.category_id,
                title=e.title,
                lat=e.lat,
                lon=e.lon,
                address=e.address,
                reported_at=e.reported_at,
                received_at=now,
                grid_id=index.assign_one(e.lon, e.lat),
                status=Status.REPORTED.value,
                extra=e.extra,
            )
            s.add(event)
            s.flush()
            s.add(
                TrailEntry(
                    event_id=event.id,
                    step=Step.REPORT.value,
                    at=now,
                    to_status=Status.REPORTED.value,
                    note="imported (naive)",
                    data={"source_system": "bench-naive"},
                )
            )
            s.flush()
        s.commit()
        elapsed = time.perf_counter() - t0
    return BenchRow("naive ORM (add + flush per event)", len(events), elapsed, "parsing not counted")
