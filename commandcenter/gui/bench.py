"""`commandcenter bench gui`: the window on 1,000 grids and 10,000 open cases, offscreen.

Prints the first complete screen, the map's part of it, a 100-case batch (GUI-thread time and time to
the pixels), a full redraw of every point, the same redraw done the naive way (regenerating a folium
page with one Leaflet marker per case and loading it), and the peak memory of all processes.

"On the pixels" is the page's second animation frame after it drew (reported back over the web
channel): the frame with the drawing has then been produced. The same wait is used for the naive
page. Repeated measurements print their median (and the spread); ours and the naive way run in the
same process, one after the other, because the machine's load changes from minute to minute.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text


def _mem_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB. PSS splits each shared page between the processes sharing
    it, so PSS adds up across processes; RSS counts Qt's and Chromium's libraries once per process."""
    try:
        rss = pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
        return rss, pss
    except OSError:
        return 0, 0


def _rss_kb(pid: int) -> int:
    return _mem_kb(pid)[0]


def _family() -> set[int]:
    """This process and all its descendants (the web engine's processes)."""
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
    return family


def _tree_mem_mb() -> tuple[float, float]:
    """(sum of RSS, sum of PSS) of this process and its descendants, in MB."""
    rss = pss = 0
    for pid in _family():
        r, p = _mem_kb(pid)
        rss += r
        pss += p
    return rss / 1024, pss / 1024


def _tree_rss_mb() -> float:
    return _tree_mem_mb()[0]


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


def _median(xs: list[float]) -> float:
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def run_bench(  # type: ignore[no-untyped-def]
    url: str | None,
    grids: int = 1000,
    open_cases: int = 10_000,
    log=print,
    reps: int = 7,
    naive_reps: int = 3,
) -> dict[str, float]:
    from commandcenter.gui.app import configure_environment

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    configure_environment()
    if url is None:
        url = f"sqlite:///{Path(tempfile.gettempdir()) / f'cc-bench-{grids}-{open_cases}.sqlite'}"
    build_database(url, grids, open_cases, log)

    from PySide6.QtCore import QEventLoop, QSettings, QTimer, QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from commandcenter.gui.app import create_window, make_app
    from commandcenter.gui.map.view import release_web_engine, track_view

    app = make_app()
    peak = [0.0, 0.0]  # RSS sum, PSS sum

    def sample() -> None:
        rss, pss = _tree_mem_mb()
        peak[0] = max(peak[0], rss)
        peak[1] = max(peak[1], pss)

    # On a thread of its own: reading smaps of every process takes milliseconds, which on the GUI
    # thread would sit in the middle of what is being timed.
    sampling = threading.Event()

    def sampler_loop() -> None:
        while not sampling.wait(0.1):
            sample()

    sampler = threading.Thread(target=sampler_loop, name="memory-sampler", daemon=True)
    sampler.start()

    def wait(signal, timeout_ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def spin_until(cond, seconds: float) -> None:  # type: ignore[no-untyped-def]
        end = time.perf_counter() + seconds
        while not cond() and time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def pause(seconds: float) -> None:
        spin_until(lambda: False, seconds)

    # ---------------------------------------------------------------- the first complete screen
    # As the app does it: the window is built (its map page starts loading), shown and started.
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    t_create = time.perf_counter()
    running = create_window(url, "zh_CN", settings=settings)
    w = running.window
    w.resize(1600, 960)
    w.show()
    w.start()
    wait(w.firstScreen)
    tm = w.timings
    out: dict[str, float] = {
        "first_screen_ms": (tm["first_screen"] - tm["start"]) * 1000,
        "first_screen_from_create_ms": (tm["first_screen"] - t_create) * 1000,
        "map_part_ms": (tm["map_painted"] - tm["start"]) * 1000,
        "grids_query_ms": (tm["static"] - tm["start"]) * 1000,
        "page_ready_ms": (tm.get("map_ready", float("nan")) - tm["start"]) * 1000,
        "queues_ms": (tm["queues"] - tm["start"]) * 1000,
        "map_data_ms": (tm["map_data"] - tm["start"]) * 1000,
        # The drawing itself: from the moment both the page and the last of the data were there.
        "map_draw_ms": (tm["map_painted"] - max(tm.get("map_ready", 0.0), tm["static"], tm["map_data"]))
        * 1000,
    }
    pause(1.0)  # let the live feed connect and the first frames settle

    # ---------------------------------------------------------------- batches of 100 changed cases
    # Written by another connection; the feed brings them in. Each batch flips the same 100 cases
    # between "in progress" and "replied", so every batch really changes them.
    import sqlalchemy

    from commandcenter.db.engine import make_engine

    other = make_engine(url)
    with other.connect() as conn:
        ids = (
            conn.execute(text("SELECT id FROM events WHERE status = 'in_progress' ORDER BY id LIMIT 100"))
            .scalars()
            .all()
        )
    gui_ms: list[float] = []
    to_pixels: list[float] = []
    to_feed: list[float] = []
    counts_ms: list[float] = []
    delivered: list[float] = []
    read: list[float] = []
    page_ms: list[str] = []
    state = {"committed": 0.0, "seq": None, "painted": None, "arrived": None, "counted": None}

    def on_changes(_c: object) -> None:
        if state["arrived"] is None:
            state["arrived"] = time.perf_counter()

    def on_delta(d: object) -> None:
        state["seq"] = w.map._seq  # the diff's message was the last one sent
        state["delivered"] = tm.get("last_delta_at")
        state["read_ms"] = getattr(d, "read_ms", float("nan"))

    def on_painted(seq: int) -> None:
        if state["seq"] is not None and seq >= state["seq"] and state["painted"] is None:
            state["painted"] = time.perf_counter()

    def on_counts(_c: object) -> None:
        state["counted"] = time.perf_counter()

    assert w.hub is not None
    w.hub.changed.connect(on_changes)
    w.deltaApplied.connect(on_delta)
    w.map.painted.connect(on_painted)
    w.countsApplied.connect(on_counts)
    update = text("UPDATE events SET status = :s, version = version + 1 WHERE id IN :ids").bindparams(
        sqlalchemy.bindparam("ids", expanding=True)
    )
    for k in range(reps):
        state.update(seq=None, painted=None, arrived=None, counted=None)
        with other.begin() as conn:
            conn.execute(update, {"s": "replied" if k % 2 == 0 else "in_progress", "ids": list(ids)})
        state["committed"] = time.perf_counter()
        spin_until(lambda: state["painted"] is not None and state["counted"] is not None, 10)
        c0 = state["committed"]
        to_pixels.append(((state["painted"] or float("nan")) - c0) * 1000)
        to_feed.append(((state["arrived"] or float("nan")) - c0) * 1000)
        gui_ms.append(
            float(tm.get("last_delta_gui_ms", float("nan"))) + float(tm.get("last_counts_gui_ms", 0.0))
        )
        counts_ms.append(((state["counted"] or float("nan")) - c0) * 1000)
        delivered.append(((state.get("delivered") or float("nan")) - c0) * 1000)
        read.append(float(state.get("read_ms") or float("nan")))
        box: list[str] = []
        w.map.run_js("JSON.stringify(CC.stats)", box.append)
        spin_until(lambda box=box: bool(box), 2)
        page_ms.append(box[0] if box else "")
        pause(0.3)
    out["batch100_gui_thread_ms"] = _median(gui_ms)
    out["batch100_gui_thread_max_ms"] = max(gui_ms)
    out["batch100_commit_to_pixels_ms"] = _median(to_pixels)
    out["batch100_commit_to_pixels_min_ms"] = min(to_pixels)
    out["batch100_commit_to_pixels_max_ms"] = max(to_pixels)
    out["batch100_commit_to_feed_ms"] = _median(to_feed)
    out["batch100_commit_to_counts_ms"] = _median(counts_ms)
    out["batches"] = float(reps)
    out["batch100_commit_to_gui_ms"] = _median(delivered)
    out["batch100_read_ms"] = _median(read)
    if os.environ.get("CC_BENCH_DEBUG"):
        log(f"batches: pixels {to_pixels} feed {to_feed} delivered {delivered} read {read} gui {gui_ms}")
        log("page stats: " + " | ".join(page_ms))
    other.dispose()

    # ---------------------------------------------------------------- redraw every point in place
    from commandcenter.services.queues import map_cases

    with running.executor.factory() as session:
        cases = map_cases(session)
    redraws: list[float] = []
    for _ in range(reps):
        done: list[float] = []
        start = time.perf_counter()
        seq = w.map.set_cases(cases)  # encoding included: the naive way starts from the same data

        def got(s: int, seq: int = seq, done: list[float] = done) -> None:
            if s >= seq and not done:
                done.append(time.perf_counter())

        w.map.painted.connect(got)
        spin_until(lambda done=done: bool(done), 10)
        w.map.painted.disconnect(got)
        redraws.append(((done[0] if done else float("nan")) - start) * 1000)
        pause(0.2)
    out["redraw_all_ms"] = _median(redraws)
    out["redraw_all_min_ms"] = min(redraws)
    out["redraw_all_max_ms"] = max(redraws)
    out["points"] = float(len(cases))
    out["peak_mb_ours"] = peak[0]
    out["peak_pss_mb_ours"] = peak[1]

    # ---------------------------------------------------------------- the naive way
    # A new folium page with the grids and one CircleMarker per case, rendered, loaded and painted.
    import folium

    from commandcenter.gui.map.page import asset_urls
    from commandcenter.services.queues import map_grids

    with running.executor.factory() as session:
        grid_features = map_grids(session)
    naive: list[float] = []
    renders: list[float] = []
    for _ in range(naive_reps):
        start = time.perf_counter()
        fmap = folium.Map(location=[cases.lat[0], cases.lon[0]], zoom_start=11, tiles=None)
        fmap.default_js, fmap.default_css = asset_urls()[0][:1], asset_urls()[1][:1]
        features = [
            {"type": "Feature", "geometry": g.geometry, "properties": {"code": g.code}}
            for g in grid_features
            if g.geometry
        ]
        folium.GeoJson({"type": "FeatureCollection", "features": features}).add_to(fmap)
        colors = ["#1a9641", "#f0a500", "#d7191c", "#7a8699"]
        for lat, lon, light in zip(cases.lat, cases.lon, cases.light, strict=True):
            folium.CircleMarker([lat, lon], radius=4, color=colors[light], fill=True).add_to(fmap)
        html = fmap.get_root().render()
        page = Path(tempfile.mkdtemp()) / "naive.html"
        page.write_text(html, encoding="utf-8")
        renders.append((time.perf_counter() - start) * 1000)
        view = QWebEngineView()
        track_view(view)
        view.setPage(QWebEnginePage(w.map.profile, view))
        view.resize(1200, 800)
        view.show()
        view.load(QUrl.fromLocalFile(str(page)))
        wait(view.loadFinished, 120_000)
        # The same "on the pixels" as ours: two animation frames after the page drew.
        view.page().runJavaScript(
            "requestAnimationFrame(() => requestAnimationFrame(() => { window.__ccShown = 1; }))"
        )
        shown: list[float] = []

        def poll(view: QWebEngineView = view, shown: list[float] = shown) -> None:
            view.page().runJavaScript(
                "window.__ccShown === 1", 0, lambda v: shown.append(time.perf_counter()) if v else None
            )

        poller = QTimer()
        poller.timeout.connect(poll)
        poller.start(5)
        spin_until(lambda shown=shown: bool(shown), 60)
        poller.stop()
        naive.append(((shown[0] if shown else time.perf_counter()) - start) * 1000)
        view.close()
        view.deleteLater()
        pause(0.5)
    out["naive_render_ms"] = _median(renders)
    out["naive_redraw_ms"] = _median(naive)
    out["naive_reps"] = float(naive_reps)
    sample()
    out["peak_mb_all"] = peak[0]
    out["peak_pss_mb_all"] = peak[1]

    # ---------------------------------------------------------------- orderly teardown
    # Pages before their profile, the profile before the QApplication (else Chromium crashes at exit).
    sampling.set()
    sampler.join()
    w.close()
    running.engine.dispose()
    app.processEvents()
    release_web_engine()
    w.deleteLater()
    app.sendPostedEvents(None, 0)
    app.processEvents()
    return out


def report(out: dict[str, float]) -> str:
    ratio = out["naive_redraw_ms"] / out["redraw_all_ms"] if out.get("redraw_all_ms") else float("nan")
    n = int(out["points"])
    b = int(out["batches"])
    lines = [
        f"district: 1,000 grids, {n:,} open cases on the map",
        f"first complete screen (map with every grid and case, queues filled): {out['first_screen_ms']:.0f} ms"
        f"  (from building the window: {out['first_screen_from_create_ms']:.0f} ms)",
        f"  map's part (grid query + page + first paint of every case):         {out['map_part_ms']:.0f} ms",
        f"    grids read {out['grids_query_ms']:.0f} ms, page ready {out['page_ready_ms']:.0f} ms, cases read "
        f"{out['map_data_ms']:.0f} ms, queues filled {out['queues_ms']:.0f} ms (in parallel, from start)",
        f"    map's first complete drawing once page and data were there:       {out['map_draw_ms']:.0f} ms",
        f"batch of 100 changed cases (median of {b}): GUI-thread time (queues + map + counts): "
        f"{out['batch100_gui_thread_ms']:.1f} ms (max {out['batch100_gui_thread_max_ms']:.1f})",
        f"  commit to the changes on the map's pixels (feed + query + paint):    "
        f"{out['batch100_commit_to_pixels_ms']:.0f} ms (min {out['batch100_commit_to_pixels_min_ms']:.0f}, "
        f"max {out['batch100_commit_to_pixels_max_ms']:.0f}; feed {out['batch100_commit_to_feed_ms']:.0f} ms, "
        f"read {out['batch100_read_ms']:.0f} ms, on the GUI thread at {out['batch100_commit_to_gui_ms']:.0f} ms; "
        f"counts and shading in {out['batch100_commit_to_counts_ms']:.0f} ms)",
        f"redraw all {n:,} points in place (canvas layer, median of {b}):   {out['redraw_all_ms']:.1f} ms"
        f" (min {out['redraw_all_min_ms']:.1f}, max {out['redraw_all_max_ms']:.1f})",
        f"same redraw the naive way (regenerate folium page + load + paint, median of "
        f"{int(out['naive_reps'])}): {out['naive_redraw_ms']:.0f} ms"
        f"  (render {out['naive_render_ms']:.0f} ms)  -> {ratio:.0f}x slower",
        f"peak memory, app + web engine processes: {out['peak_pss_mb_ours']:.0f} MB PSS, "
        f"{out['peak_mb_ours']:.0f} MB as a sum of RSS (shared libraries counted once per process)",
        f"  with the naive pages too: {out['peak_pss_mb_all']:.0f} MB PSS, {out['peak_mb_all']:.0f} MB RSS sum",
    ]
    return "\n".join(lines)
