"""The map page started before its window: taken by the window, drawn at whatever size it gets.

`commandcenter` asks for the page as soon as the QApplication exists (gui/map/prestart.py), on a view
that has no window yet; the window then takes that view. A page with no size must not break (Leaflet
lays out 0 x 0 pixels; a canvas of width 0 has no pixels to create), and the district is framed again
when the view gets its real size, until the operator moves the map.
"""

from __future__ import annotations

import json

from commandcenter.gui.map.page import DEFAULT_BOUNDS
from commandcenter.services.queues import MapCases
from tests.gui.map_page import LABELS, _cases, _js

# Two square grids side by side, inside the page's default area.
WEST, SOUTH, EAST, NORTH = DEFAULT_BOUNDS


def _grid_payload() -> str:
    import base64

    import numpy as np

    def ring(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]

    mid = (WEST + EAST) / 2
    rings = [ring(WEST + 0.1, SOUTH + 0.1, mid, NORTH - 0.1), ring(mid, SOUTH + 0.1, EAST - 0.1, NORTH - 0.1)]
    xy = np.round(np.array([p for r in rings for p in r]) * 1e7).astype("<i4")

    def b64(a: np.ndarray) -> str:
        return base64.b64encode(a.astype("<i4").tobytes()).decode()

    return json.dumps(
        {
            "levelNames": ["district", "township", "community", "grid", "micro"],
            "codes": ["G1", "G2"],
            "names": ["一号网格", "二号网格"],
            "levels": [3, 3],
            "ringGrid": b64(np.array([0, 1])),
            "ringLen": b64(np.array([5, 5])),
            "xy": b64(xy),
        }
    )


def _state(view, qtbot) -> dict:  # type: ignore[no-untyped-def]
    script = """JSON.stringify({errors: CC.errors, size: CC.map.getSize(), bounds: CC.map.getBounds().toBBoxString(),
      points: CC.caseCanvas._canvas.width, painted: (function () {
        var c = CC.caseCanvas._canvas; if (!c.width) return 0;
        var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
        for (var i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()})"""
    return json.loads(_js(view, qtbot, script))


def _inside(bounds: str, box: tuple[float, float, float, float]) -> bool:
    w, s, e, n = (float(v) for v in bounds.split(","))
    return w <= box[0] and s <= box[1] and e >= box[2] and n >= box[3]


def test_a_page_without_a_size_draws_once_it_has_one(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.gui.map.view import MapView

    view = MapView()
    qtbot.addWidget(view)
    view.resize(0, 0)  # shown with no size, as a view whose window is not laid out yet
    view.show()
    view.load_page(LABELS)
    qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
    view.set_grid_shapes(_grid_payload())
    cases: MapCases = _cases(500, seed=5)
    view.set_cases(cases)
    qtbot.wait(300)
    state = _state(view, qtbot)
    assert state["errors"] == [], state
    assert state["painted"] == 0  # nothing drawn into nothing

    view.resize(900, 700)
    qtbot.waitUntil(lambda: _state(view, qtbot)["painted"] > 0, timeout=10_000)
    state = _state(view, qtbot)
    assert state["errors"] == [], state
    assert state["size"] == {"x": 900, "y": 700}
    district = (WEST + 0.1, SOUTH + 0.1, EAST - 0.1, NORTH - 0.1)
    assert _inside(state["bounds"], district), state  # framed for the size it got

    # Larger again (the window maximised): framed again, since nobody moved the map.
    view.resize(1400, 900)
    qtbot.waitUntil(lambda: _state(view, qtbot)["size"] == {"x": 1400, "y": 900}, timeout=10_000)
    wide = _state(view, qtbot)
    assert _inside(wide["bounds"], district)
    w0, s0, e0, n0 = (float(v) for v in state["bounds"].split(","))
    w1, s1, e1, n1 = (float(v) for v in wide["bounds"].split(","))
    assert (e1 - w1) * (n1 - s1) < (e0 - w0) * (n0 - s0)  # zoomed in to fill the larger view

    # Once the operator chose a place, a resize leaves the view alone.
    view.select(bbox=[WEST + 0.1, SOUTH + 0.1, WEST + 0.15, SOUTH + 0.15])
    qtbot.wait(300)
    chosen = _state(view, qtbot)["bounds"]
    view.resize(1000, 800)
    qtbot.waitUntil(lambda: _state(view, qtbot)["size"] == {"x": 1000, "y": 800}, timeout=10_000)
    after = _state(view, qtbot)["bounds"]
    cw, _, ce, _ = (float(v) for v in chosen.split(","))
    aw, _, ae, _ = (float(v) for v in after.split(","))
    assert (ae - aw) < (EAST - WEST) / 2  # still around the chosen place, not the whole district
    assert abs((aw + ae) / 2 - (cw + ce) / 2) < 0.05


def test_the_window_takes_the_started_page(qapp, qtbot, tmp_path, demo_db_url) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from commandcenter.gui.app import create_window, prestart_map
    from commandcenter.gui.i18n import Translators
    from commandcenter.gui.map import prestart

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    Translators(qapp).use("zh_CN")
    prestart_map(settings)
    started = prestart._WAITING[-1]
    qtbot.waitUntil(lambda: started.is_ready, timeout=30_000)  # ready before any window exists
    running = create_window(demo_db_url, "zh_CN", settings=settings)
    window = running.window
    try:
        assert window.map is started  # taken, not a second page
        assert window.map.parent() is window.mapHost
        assert not prestart._WAITING
        window.resize(1600, 960)
        with qtbot.waitSignal(window.firstScreen, timeout=30_000):
            window.show()
            window.start()
        assert window.map.isVisible()
        assert "map_painted" in window.timings
        n = json.loads(_js(window.map, qtbot, "JSON.stringify([CC.caseCount(), CC.grids.n, CC.errors])"))
        assert n[0] > 0 and n[1] > 0 and n[2] == [], n
    finally:
        window.shutdown()
        running.engine.dispose()

    # A page started in another language is not taken: the window loads its own.
    Translators(qapp).use("en")
    prestart_map(settings)
    other = prestart._WAITING[-1]
    Translators(qapp).use("zh_CN")
    running = create_window(demo_db_url, "zh_CN", settings=settings)
    try:
        assert running.window.map is not other
        assert not prestart._WAITING
    finally:
        running.window.shutdown()
        running.engine.dispose()


def test_a_batch_reaches_the_page_as_one_message(map_view, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window's first read (cases and grid counts) is applied and drawn in one go."""
    view = map_view
    view.set_grid_shapes(_grid_payload())
    with view.batch():
        cases_seq = view.set_cases(_cases(300, seed=2))
        counts_seq = view.set_grid_counts({"G1": (7, 2), "G2": (1, 0)}, "open")
    assert counts_seq is not None and counts_seq > cases_seq
    qtbot.waitUntil(
        lambda: (
            json.loads(_js(view, qtbot, "JSON.stringify(CC.traces.map(function (t) { return t[0]; }))"))[-1:]
            == [counts_seq]
        ),
        timeout=10_000,
    )
    state = json.loads(
        _js(
            view,
            qtbot,
            "JSON.stringify({n: CC.caseCount(), open: Array.from(CC.grids.open), traces: CC.traces, errors: CC.errors})",
        )
    )
    assert state["n"] == 300 and state["open"] == [7, 1] and state["errors"] == []
    received = {t[0]: t[1] for t in state["traces"]}
    assert received[cases_seq] == received[counts_seq]  # one message: received at the same moment


def test_the_page_speaks_the_window_language(qapp) -> None:  # type: ignore[no-untyped-def]
    """Every text of the page (layer switches, legend) is translated: Chinese under zh_CN."""
    import re

    from commandcenter.gui.i18n import Translators
    from commandcenter.gui.map.prestart import page_labels

    translators = Translators(qapp)
    try:
        translators.use("en")
        english = page_labels()
        translators.use("zh_CN")
        chinese = page_labels()
    finally:
        translators.use("zh_CN")

    def texts(labels) -> list[str]:  # type: ignore[no-untyped-def]
        return [
            *labels.levels.values(),
            labels.cases,
            labels.overdue,
            labels.heat,
            labels.basemap,
            labels.legend_title,
            *labels.lights,
            labels.overdue_ring,
            labels.shading,
        ]

    assert all(re.fullmatch(r"[A-Za-z0-9 %:,-]+", t) for t in texts(english)), texts(english)
    assert all(not re.search(r"[A-Za-z]", t) and re.search(r"[\u4e00-\u9fff]", t) for t in texts(chinese)), (
        texts(chinese)
    )
