"""The command-center window, offscreen, on the small demo (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import time
from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from sqlalchemy import event, text

from commandcenter.db.engine import make_engine
from commandcenter.services import queues as q
from tests.gui.conftest import NOW
from tests.gui.helpers import js, near, pixel

OPEN = "('reported','verified','routed','assigned','in_progress','rework','replied','checked','parked')"
SQL_COUNTS = {
    "verify": "status = 'reported'",
    "dispatch": "status IN ('verified','routed')",
    "in_progress": "status IN ('assigned','in_progress','rework')",
    "overdue": f"status IN {OPEN} AND status <> 'parked' AND step_deadline < :now",
    "check": "status = 'replied'",
    "to_close": "status = 'checked'",
    "parked": "status = 'parked'",
    "unassigned": f"status IN {OPEN} AND grid_id IS NULL",
    "closed_today": "status = 'closed' AND closed_at >= :today AND closed_at < :tomorrow",
}
GREEN, RED = "#1a9641", "#d7191c"


def _sql_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    today = q.day_start(NOW)
    params: dict[str, object] = {"now": NOW, "today": today, "tomorrow": today + timedelta(days=1)}
    if engine.dialect.name == "sqlite":
        params = {k: v.replace(tzinfo=None).isoformat(" ") for k, v in params.items()}  # type: ignore[union-attr]
    try:
        with engine.connect() as conn:
            return {
                key: conn.execute(text(f"SELECT count(*) FROM events WHERE {cond}"), params).scalar_one()
                for key, cond in SQL_COUNTS.items()
            }
    finally:
        engine.dispose()


def test_queue_counts_equal_the_database(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    expected = _sql_counts(demo_db_url)
    assert window.queues.counts == expected
    for i, key in enumerate(window.queues.keys):
        assert window.queueTabs.tabText(i).endswith(f"({expected[key]})")
    # The visible queue is filled; another fills when its tab is shown.
    assert len(window.queues.models["verify"].rows) == expected["verify"]
    window.queueTabs.setCurrentIndex(window.queues.keys.index("in_progress"))
    qtbot.waitUntil(
        lambda: len(window.queues.models["in_progress"].rows) == expected["in_progress"], timeout=5000
    )


def test_selecting_a_case_shows_its_trail(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    window._acting_changed(next(p for p in window.static.people if p.detail.startswith("admin")).id)
    window.queueTabs.setCurrentIndex(window.queues.keys.index("in_progress"))
    qtbot.waitUntil(lambda: bool(window.queues.models["in_progress"].rows), timeout=5000)
    row = window.queues.models["in_progress"].rows[0]
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.queues.views["in_progress"].selectRow(0)
    shown = window.case.detail
    assert shown is not None
    engine = make_engine(demo_db_url)
    with engine.connect() as conn:
        steps = (
            conn.execute(
                text("SELECT step FROM event_steps WHERE event_id = :id ORDER BY id"), {"id": shown.row.id}
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert window.caseTrail.topLevelItemCount() == len(steps) > 1
    assert shown.row.code in window.caseTitle.text()
    assert window.case.button("reply") is not None or row.status != "in_progress"
    # The map marks the selected case.
    assert js(qtbot, window.map, "CC.selectedCase") == shown.row.id


def test_a_step_moves_the_case_and_recolours_its_point(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    admin = next(p for p in window.static.people if p.detail.startswith("admin"))
    window._acting_changed(admin.id)
    window.queueTabs.setCurrentIndex(window.queues.keys.index("overdue"))
    qtbot.waitUntil(lambda: bool(window.queues.models["overdue"].rows), timeout=5000)
    target = next(r for r in window.queues.models["overdue"].rows if r.status == "in_progress" and r.lat)
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(target.id, pan=True)
    qtbot.waitUntil(lambda: window.case.button("reply") is not None, timeout=5000)
    _frame(window, qtbot, target)
    before = js(qtbot, window.map, f"CC.caseState({target.id})")
    assert before["light"] == q.LIGHT_CODES[q.Light.RED]
    x, y = js(qtbot, window.map, f"CC.pointOnScreen({target.id})")
    assert near(pixel(window.map, x, y), RED)

    with qtbot.waitSignal(window.deltaApplied, timeout=10_000):
        window.run_step("reply", {"result": "已处理完毕"})
    # Out of "in progress" and "overdue", into "to check".
    assert window.queues.models["in_progress"].row_of(target.id) is None
    assert window.queues.models["overdue"].row_of(target.id) is None
    # The counts are aggregates over every case: their own job, just after the changed rows.
    expected_check = _sql_counts(demo_db_url)["check"]
    qtbot.waitUntil(lambda: window.queues.counts["check"] == expected_check, timeout=5000)
    qtbot.waitUntil(
        lambda: js(qtbot, window.map, f"CC.caseState({target.id})")["status"] == q.STATUS_CODES["replied"],
        timeout=5000,
    )
    after = js(qtbot, window.map, f"CC.caseState({target.id})")
    assert after["light"] == q.LIGHT_CODES[q.Light.GREEN]
    _frame(window, qtbot, target)
    x, y = js(qtbot, window.map, f"CC.pointOnScreen({target.id})")
    assert near(pixel(window.map, x, y), GREEN)
    # The case view stays on the case (though it left the queue shown) with its new step.
    qtbot.waitUntil(
        lambda: window.case.detail is not None and window.case.detail.row.status == "replied", timeout=5000
    )


def _frame(window, qtbot, row) -> None:  # type: ignore[no-untyped-def]
    """Centre the map on the case at street zoom and wait until that is on the pixels."""
    with qtbot.waitSignal(window.map.painted, timeout=5000):
        window.map.select(center=(row.lat, row.lon), zoom=16)
    qtbot.wait(200)


def test_a_case_inserted_elsewhere_appears_within_a_second(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    qtbot.waitUntil(
        lambda: "live" in window.connLabel.text() or "实时" in window.connLabel.text(), timeout=10_000
    )
    other = make_engine(demo_db_url)  # a separate connection, like a phone app's server
    with other.begin() as conn:
        grid_id, lon, lat = conn.execute(
            text("SELECT id, centroid_lon, centroid_lat FROM grids WHERE level = 'grid' ORDER BY code")
        ).first()
        category = conn.execute(text("SELECT id FROM categories ORDER BY id")).scalar()
        stamp = NOW if other.dialect.name != "sqlite" else NOW.replace(tzinfo=None).isoformat(" ")
        deadline = (
            (NOW + timedelta(hours=2))
            if other.dialect.name != "sqlite"
            else ((NOW + timedelta(hours=2)).replace(tzinfo=None).isoformat(" "))
        )
        start = time.perf_counter()
        new_id = conn.execute(
            text(
                "INSERT INTO events (category_id, title, lat, lon, grid_id, status, received_at, "
                "step_started_at, step_deadline) VALUES (:c, '新上报测试', :lat, :lon, :g, 'reported', :t, :t, :d) "
                "RETURNING id"
            ),
            {"c": category, "lat": lat, "lon": lon, "g": grid_id, "t": stamp, "d": deadline},
        ).scalar_one()
    other.dispose()
    qtbot.waitUntil(lambda: window.queues.models["verify"].row_of(new_id) is not None, timeout=3000)
    qtbot.waitUntil(lambda: js(qtbot, window.map, f"CC.caseState({new_id})") is not None, timeout=3000)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"the new case took {elapsed:.2f} s to reach the queue and the map"
    assert js(qtbot, window.map, f"CC.flashes.has({new_id})") is True


def test_the_map_page_loads_nothing_from_the_network(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    interceptor = window.map.interceptor
    assert interceptor.seen, "the interceptor saw the page's requests"
    assert [u for u in interceptor.blocked if "example.invalid" not in u] == []  # earlier tests' probes aside
    schemes = {url.split(":", 1)[0] for url in interceptor.seen if "example.invalid" not in url}
    assert schemes <= {"file", "qrc", "data"}, schemes
    assert js(qtbot, window.map, "typeof L.heatLayer") == "function"
    assert js(qtbot, window.map, "CC.gridByCode.size") == len(window.static.grids)
    # A request that would leave the machine is refused before it is sent. (A file:// page may not
    # even ask for one: Chromium's LocalContentCanAccessRemoteUrls is off; a navigation still asks.)
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage

    probe = QWebEnginePage(window.map.profile, window.map)
    probe.load(QUrl("https://tiles.example.invalid/1/1/1.png"))
    qtbot.waitUntil(lambda: any("example.invalid" in u for u in interceptor.blocked), timeout=5000)
    probe.deleteLater()
    interceptor.seen.clear()
    interceptor.blocked.clear()  # the interceptor is the application's: leave it clean for the next test


def test_slow_database_does_not_block_the_gui(make_window, backend, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    if backend != "postgresql":
        pytest.skip("pg_sleep is PostgreSQL's")
    window = make_window(demo_db_url, live=False)
    engine = window.executor.factory.kw["bind"]

    def slow(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        cursor.execute("SELECT pg_sleep(0.6)")

    event.listen(engine, "before_cursor_execute", slow)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    try:
        start = time.perf_counter()
        with qtbot.waitSignal(window.executor.busyChanged, timeout=20_000, check_params_cb=lambda n: n == 0):
            window.refresh_all()
        took = time.perf_counter() - start
    finally:
        timer.stop()
        event.remove(engine, "before_cursor_execute", slow)
    assert took > 1.0  # the database really was slow
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > took / 0.02 * 0.5 and max(gaps) < 0.25, (len(ticks), max(gaps))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots(make_window, backend, demo_db_url, qtbot, screenshots, lang) -> None:  # type: ignore[no-untyped-def]
    if backend != "sqlite":
        pytest.skip("one set of pictures is enough")
    window = make_window(demo_db_url, lang)
    window.queueTabs.setCurrentIndex(window.queues.keys.index("overdue"))
    qtbot.waitUntil(lambda: bool(window.queues.models["overdue"].rows), timeout=5000)
    township = next(n for n in window.static.tree if n.level == "township")
    window.select_unit("grid", township.code)
    qtbot.waitUntil(lambda: window.profile.profile is not None, timeout=5000)
    qtbot.wait(600)
    path = screenshots / f"window_{lang}.png"
    assert window.grab().save(str(path))
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(window.queues.models["overdue"].rows[0].id, pan=True)
    qtbot.wait(600)
    assert window.grab().save(str(screenshots / f"window_{lang}_case.png"))
    title = window.windowTitle()
    if lang == "zh_CN":
        assert title == "南溪区综治中心 · 网格治理指挥中心"
    else:  # no Chinese left in an English title
        assert title == "Nanxi District Governance Center · Grid-governance command center"


def test_the_file_menu_opens_the_daily_brief(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from commandcenter.gui.brief.dialog import BriefDialog

    window = make_window(demo_db_url, live=False)
    window.actionBrief.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, BriefDialog)]
    assert len(dialogs) == 1
    assert window.actionBrief.text() == "工作日报(&B)…"
    dialogs[0].close()


def _in_view(window, qtbot, bbox) -> bool:  # type: ignore[no-untyped-def]
    """Whether the map's view holds the whole of `bbox` (west, south, east, north)."""
    west, south, east, north = bbox
    return bool(js(qtbot, window.map, f"CC.map.getBounds().contains([[{south}, {west}], [{north}, {east}]])"))


def _map_width(window, qtbot) -> float:  # type: ignore[no-untyped-def]
    """The map's view, west to east, in degrees."""
    west, east = js(qtbot, window.map, "[CC.map.getBounds().getWest(), CC.map.getBounds().getEast()]")
    return float(east - west)


def test_the_map_frames_the_chosen_place_and_the_whole_district_again(
    make_window, demo_db_url, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_profile import _choose_place

    window = make_window(demo_db_url, live=False)
    qtbot.waitUntil(lambda: "map_painted" in window.timings, timeout=10_000)
    boxes = [g.bbox for g in window.static.grids if g.bbox is not None]
    district = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    assert _in_view(window, qtbot, district)
    community = next(n for n in window.static.tree if n.level == "community")
    with qtbot.waitSignal(window.map.painted, timeout=5000):
        window.select_unit("grid", community.code)
    qtbot.wait(300)  # the profile dock shown beside the map resizes it: the place is framed again
    chosen = _map_width(window, qtbot)
    assert _in_view(window, qtbot, window._grid_bbox(community.code))
    assert not _in_view(window, qtbot, district)

    # A reloaded page (here: the language) frames the chosen place again, not the district.
    with qtbot.waitSignal(window.map.painted, timeout=10_000):
        window.set_language("en")
    qtbot.waitUntil(lambda: abs(_map_width(window, qtbot) - chosen) < chosen * 0.05, timeout=5000)
    assert not _in_view(window, qtbot, district)

    # 区域 › 全区 (Whole district): the whole district in view again.
    with qtbot.waitSignal(window.map.painted, timeout=5000):
        _choose_place(window, None)
    assert window.unit is None
    assert _in_view(window, qtbot, district)
