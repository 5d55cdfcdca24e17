"""`commandcenter bench gui`: the window on 1,000 grids and 10,000 open cases, offscreen.

Prints the first complete screen, the map's part of it, a 100-case batch (GUI-thread time and time to
the pixels), a full redraw of every point, the same redraw done the naive way (regenerating a folium
page with one Leaflet marker per case and loading it), and the peak memory of all processes.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_mb() -> float:
    """RSS of this process and all its descendants (the web engine's processes), in MB."""
    me = os.getpid()
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    family = {me}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                changed = True
    return sum(_rss_kb(p) for p in family) / 1024


def build_database(url: str, grids: int, open_cases: int, log) -> None:  # type: ignore[no-untyped-def]
    """The demo district with `grids` grids, topped up to `open_cases` open cases."""
    from commandcenter.db.engine import make_engine
    from commandcenter.db.migrate import upgrade
    from commandcenter.demo.seed import DemoOptions, seed_demo

    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        existing = conn.execute(text("SELECT count(*) FROM grids")).scalar_one()
    if not existing:
        log(f"building a district of {grids} grids ...")
        seed_demo(
            engine, replace(DemoOptions(), grids=grids, communities=max(8, grids // 10), events=3000, days=10)
        )
    with engine.begin() as conn:
        n_open = conn.execute(
            text("SELECT count(*) FROM events WHERE status NOT IN ('closed','voided')")
        ).scalar_one()
        missing = open_cases - n_open
        if missing > 0:
            log(f"adding {missing} open cases ...")
            leaves = conn.execute(
                text("SELECT id, min_lon, min_lat, max_lon, max_lat FROM grids WHERE level = 'grid'")
            ).all()
            cats = conn.execute(text("SELECT id FROM categories")).scalars().all()
            rng = random.Random(7)
            now = datetime.now(UTC)
            sqlite = engine.dialect.name == "sqlite"

            def t(x: datetime) -> object:
                return x.replace(tzinfo=None).isoformat(" ") if sqlite else x

            rows = []
            for _ in range(missing):
                gid, x0, y0, x1, y1 = rng.choice(leaves)
                start = now - timedelta(hours=rng.uniform(0, 72))
                rows.append(
                    {
                        "c": rng.choice(cats),
                        "lat": rng.uniform(y0, y1),
                        "lon": rng.uniform(x0, x1),
                        "g": gid,
                        "s": rng.choice(["reported", "verified", "routed", "in_progress", "replied"]),
                        "p": rng.choice([0, 0, 0, 1, 2]),
                        "r": t(start),
                        "d": t(start + timedelta(hours=rng.uniform(1, 96))),
                    }
                )
            conn.execute(
                text(
                    "INSERT INTO events (category_id, title, lat, lon, grid_id, status, priority, received_at, "
                    "step_started_at, step_deadline) VALUES (:c, 'bench', :lat, :lon, :g, :s, :p, :r, :r, :d)"
                ),
                rows,
            )
    engine.dispose()


def run_bench(url: str | None, grids: int = 1000, open_cases: int = 10_000, log=print) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from commandcenter.gui.app import configure_environment

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    configure_environment()
    if url is None:
        url = f"sqlite:///{Path(tempfile.gettempdir()) / f'cc-bench-{grids}-{open_cases}.sqlite'}"
    build_database(url, grids, open_cases, log)

    from PySide6.QtCore import QEventLoop, QSettings, QTimer, QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from commandcenter.gui.app import create_window, make_app

    app = make_app()
    peak = [0.0]
    sampler = QTimer()
    sampler.timeout.connect(lambda: peak.__setitem__(0, max(peak[0], _tree_rss_mb())))
    sampler.start(100)

    def wait(signal, timeout_ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    running = create_window(url, "zh_CN", settings=settings)
    w = running.window
    w.resize(1600, 960)
    w.show()
    w.start()
    wait(w.firstScreen)
    tm = w.timings
    out: dict[str, float] = {
        "first_screen_ms": (tm["first_screen"] - tm["start"]) * 1000,
        "map_part_ms": (tm["map_painted"] - tm["start"]) * 1000,
        "map_page_and_paint_ms": (tm["map_painted"] - tm["static"]) * 1000,
        "grids_query_ms": (tm["static"] - tm["start"]) * 1000,
    }

    # A batch of 100 changed cases, written by another connection; the feed brings it in.
    from commandcenter.db.engine import make_engine

    other = make_engine(url)
    with other.connect() as conn:
        ids = (
            conn.execute(text("SELECT id FROM events WHERE status = 'in_progress' ORDER BY id LIMIT 100"))
            .scalars()
            .all()
        )
    painted_at: list[float] = []
    delta_seq: list[int] = []

    def on_delta(_d: object) -> None:
        delta_seq.append(w.map._seq)

    def on_painted(seq: int) -> None:
        if delta_seq and seq >= delta_seq[0] - 1:
            painted_at.append(time.perf_counter())

    w.deltaApplied.connect(on_delta)
    w.map.painted.connect(on_painted)
    with other.begin() as conn:
        conn.execute(
            text("UPDATE events SET status = 'replied', version = version + 1 WHERE id IN :ids").bindparams(
                __import__("sqlalchemy").bindparam("ids", expanding=True)
            ),
            {"ids": list(ids)},
        )
    committed = time.perf_counter()
    wait(w.deltaApplied, 10_000)
    t_end = time.perf_counter() + 3
    while not painted_at and time.perf_counter() < t_end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    out["batch100_gui_thread_ms"] = float(tm.get("last_delta_gui_ms", float("nan")))
    out["batch100_commit_to_pixels_ms"] = ((painted_at[0] if painted_at else float("nan")) - committed) * 1000
    other.dispose()

    # Redraw all points in place.
    from commandcenter.services.queues import map_cases

    with running.executor.factory() as session:
        cases = map_cases(session)
    start = time.perf_counter()
    seq = w.map.set_cases(cases)
    done: list[float] = []
    w.map.painted.connect(lambda s: done.append(time.perf_counter()) if s >= seq else None)
    t_end = time.perf_counter() + 10
    while not done and time.perf_counter() < t_end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    out["redraw_all_ms"] = ((done[0] if done else float("nan")) - start) * 1000
    out["points"] = float(len(cases))
    out["peak_mb_ours"] = peak[0]

    # The naive way: a new folium page with one CircleMarker per case, rendered and loaded.
    import folium

    from commandcenter.gui.map.page import asset_urls

    assert w.static is not None
    start = time.perf_counter()
    fmap = folium.Map(location=[cases.lat[0], cases.lon[0]], zoom_start=11, tiles=None)
    fmap.default_js, fmap.default_css = asset_urls()[0][:1], asset_urls()[1][:1]
    features = [
        {"type": "Feature", "geometry": g.geometry, "properties": {"code": g.code}}
        for g in w.static.grids
        if g.geometry
    ]
    folium.GeoJson({"type": "FeatureCollection", "features": features}).add_to(fmap)
    colors = ["#1a9641", "#f0a500", "#d7191c", "#7a8699"]
    for lat, lon, light in zip(cases.lat, cases.lon, cases.light, strict=True):
        folium.CircleMarker([lat, lon], radius=4, color=colors[light], fill=True).add_to(fmap)
    html = fmap.get_root().render()
    page = Path(tempfile.mkdtemp()) / "naive.html"
    page.write_text(html, encoding="utf-8")
    render_s = time.perf_counter() - start
    view = QWebEngineView()
    view.setPage(
        __import__("PySide6.QtWebEngineCore", fromlist=["QWebEnginePage"]).QWebEnginePage(w.map.profile, view)
    )
    view.resize(1200, 800)
    view.show()
    view.load(QUrl.fromLocalFile(str(page)))
    wait(view.loadFinished, 120_000)
    shown: list[float] = []
    view.page().runJavaScript(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))",
        0,
        lambda _v: shown.append(time.perf_counter()),
    )
    t_end = time.perf_counter() + 30
    while not shown and time.perf_counter() < t_end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    out["naive_render_ms"] = render_s * 1000
    out["naive_redraw_ms"] = ((shown[0] if shown else time.perf_counter()) - start) * 1000
    out["peak_mb_all"] = max(peak[0], _tree_rss_mb())
    view.deleteLater()
    w.close()
    running.engine.dispose()
    sampler.stop()
    return out


def report(out: dict[str, float]) -> str:
    ratio = out["naive_redraw_ms"] / out["redraw_all_ms"] if out.get("redraw_all_ms") else float("nan")
    lines = [
        f"district: 1,000 grids, {int(out['points']):,} open cases on the map",
        f"first complete screen (map with every grid and case, queues filled): {out['first_screen_ms']:.0f} ms",
        f"  map's part (grid query + page + first paint of every case):         {out['map_part_ms']:.0f} ms",
        f"    of which page load + paint after the grids arrived:               {out['map_page_and_paint_ms']:.0f} ms",
        f"batch of 100 changed cases: GUI-thread time to apply to queues + map:  {out['batch100_gui_thread_ms']:.1f} ms",
        f"  commit to the changes on the map's pixels (feed + query + paint):    {out['batch100_commit_to_pixels_ms']:.0f} ms",
        f"redraw all {int(out['points']):,} points in place (canvas layer):            {out['redraw_all_ms']:.1f} ms",
        f"same redraw the naive way (regenerate folium page + load + paint):     {out['naive_redraw_ms']:.0f} ms"
        f"  (render {out['naive_render_ms']:.0f} ms)  -> {ratio:.0f}x slower",
        f"peak memory, app + web engine processes: {out['peak_mb_all']:.0f} MB "
        f"(before the naive page: {out['peak_mb_ours']:.0f} MB)",
    ]
    return "\n".join(lines)
