"""The unit profile dock (gui/profile_panel.py) and the window's saved layout (gui/window_layout.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt

from tests.gui.conftest import NOW

SHOTS = Path("/tmp/profile")


def _choose_place(window, data) -> None:  # type: ignore[no-untyped-def]
    """What the user does in the toolbar's 区域 box: pick the entry carrying `data`."""
    combo = window.filters.place
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def _show_township(window, qtbot):  # type: ignore[no-untyped-def]
    township = next(n for n in window.static.tree if n.level == "township")
    window.select_unit("grid", township.code)
    qtbot.waitUntil(lambda: window.profile.profile is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.profile.by_category.isVisible(), timeout=5000)
    return township


def test_the_whole_district_clears_the_profile_charts_included(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, live=False)
    panel = window.profile
    assert panel.profile is None and not panel.per_day.isVisible() and not panel.by_category.isVisible()
    township = _show_township(window, qtbot)
    assert panel.category_rows and panel.per_day.getAxis("bottom")._tickLevels

    _choose_place(window, None)  # 区域 › 全区
    qtbot.wait(300)  # a read of the unit still under way must not bring it back
    assert window.unit is None and panel.profile is None
    assert panel.title.text() == "在目录树或地图上选择一个区域" and panel.facts.text() == ""
    # No chart, no category names or dates left on an axis, no titles.
    assert not panel.per_day.isVisible() and not panel.by_category.isVisible()
    assert panel.category_rows == [] and panel.category_labels == []
    assert panel.by_category.getPlotItem().listDataItems() == []
    assert panel.per_day.getPlotItem().listDataItems() == []
    assert panel.per_day.getAxis("bottom")._tickLevels is None
    assert not panel.by_category.getAxis("left").isVisible()
    assert not panel.by_category.getPlotItem().titleLabel.isVisible()
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / "whole_district.png"))

    # And back, in the tree (where the township was still the current node): everything shown again.
    tree = window.tree
    window.gridTree.setCurrentIndex(tree.proxy.mapFromSource(tree._items[("grid", township.code)].index()))
    qtbot.waitUntil(lambda: panel.profile is not None and panel.by_category.isVisible(), timeout=5000)
    assert panel.category_rows and panel.per_day.isVisible()


def test_showing_a_profile_takes_no_room_from_the_queues(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The profile's charts scroll inside their dock: the queues below keep their height."""
    window = make_window(demo_db_url, live=False)
    qtbot.waitUntil(lambda: "map_painted" in window.timings, timeout=10_000)
    qtbot.wait(200)
    before = window.queuesDock.height()
    _show_township(window, qtbot)
    qtbot.wait(200)
    assert abs(window.queuesDock.height() - before) <= 2, (before, window.queuesDock.height())
    assert window.profileScroll.widget().height() >= window.profile.by_category.minimumHeight()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_category_names_are_readable(make_window, demo_db_url, backend, qtbot, lang) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, lang, live=False)
    panel = window.profile
    _show_township(window, qtbot)
    qtbot.wait(200)
    profile = panel.profile
    full = [(n if lang == "zh_CN" else en) for n, en, _c in profile.by_category[:8]][::-1]
    assert [name for name, _c in panel.category_rows] == full
    vb = panel.by_category.getViewBox()
    room = vb.sceneBoundingRect().width()
    for i, (label, name) in enumerate(zip(panel.category_labels, full, strict=True)):
        shown = label.textItem.toPlainText()
        # The whole name, or as much as the chart's width holds, never a fixed 12 characters.
        assert shown == name or (shown.endswith("…") and name.startswith(shown[:-1]) and len(shown) > 12), (
            shown
        )
        assert label.textItem.boundingRect().width() <= room
        # Hovering the row gives the full name and count.
        tip = panel.category_tip(vb.mapViewToScene(QPointF(1, i)))
        assert tip == f"{name}: {panel.category_rows[i][1]}"
    assert panel.category_tip(vb.mapViewToScene(QPointF(1, len(full) + 3))) == ""
    if lang == "en":
        assert any(len(label.textItem.toPlainText()) > 12 for label in panel.category_labels)
    if backend == "sqlite":
        SHOTS.mkdir(exist_ok=True)
        assert window.profileDock.grab().save(str(SHOTS / f"profile_{lang}.png"))
        window.resizeDocks([window.profileDock], [260], Qt.Orientation.Horizontal)
        qtbot.wait(200)
        assert window.profileDock.grab().save(str(SHOTS / f"profile_{lang}_narrow.png"))
        room = vb.sceneBoundingRect().width()
        for label in panel.category_labels:  # elided again to the narrower chart
            assert label.textItem.boundingRect().width() <= room


# ---------------------------------------------------------------------------------- saved layout

DOCKS = ("treeDock", "profileDock", "caseDock", "queuesDock", "liaisonDock")


def _layout(window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    docks = {}
    for name in DOCKS:
        dock = getattr(window, name, None) or window.findChild(object, name)
        if dock is not None and dock.isVisible():
            docks[name] = [dock.width(), dock.height()]
    return {"geometry": list(window.geometry().getRect()), "docks": docks}


def _same_docks(a: dict[str, list[int]], b: dict[str, list[int]]) -> bool:
    return a.keys() == b.keys() and all(abs(x - y) <= 2 for k in a for x, y in zip(a[k], b[k], strict=True))


@pytest.mark.parametrize("backend", ["sqlite"])  # the layout does not depend on the database
def test_docks_keep_their_size_over_restarts(demo_db_url, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each start sized like make_window (1600 x 960, before it is shown): the docks stay as they were.

    The test screen (offscreen, 800 x 800) is smaller than the window: restoreGeometry gives the
    hidden window a smaller size, and a layout restored then was fitted to that size (260 -> 123 px).
    """
    from commandcenter.gui.app import create_window

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    seen = []
    for _start in range(4):
        running = create_window(demo_db_url, "zh_CN", settings=settings, now_fn=lambda: NOW, live=False)
        window = running.window
        qtbot.addWidget(window)
        window.resize(1600, 960)
        with qtbot.waitSignal(window.firstScreen, timeout=30_000):
            window.show()
            window.start()
        qtbot.wait(100)
        seen.append(_layout(window))
        window.close()  # saves
        running.engine.dispose()
    first = seen[0]
    assert first["docks"]["treeDock"][0] == 260
    for later in seen[1:]:
        assert later["geometry"][2:] == [1600, 960]
        assert _same_docks(first["docks"], later["docks"]), (first, later)


RESTARTS = """
import json, sys
from datetime import datetime
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from commandcenter.gui.app import create_window, make_app
from tests.gui.test_profile import _layout

url, ini, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
app = make_app(["restarts"])
settings = QSettings(ini, QSettings.Format.IniFormat)
for start in range(4):
    running = create_window(url, "zh_CN", settings=settings, now_fn=lambda: now, live=False)
    window = running.window
    if start == 0:
        window.setGeometry(100, 80, 1600, 960)  # the user's choice on the first start
    first = QEventLoop()
    window.firstScreen.connect(first.quit)  # its first complete screen
    QTimer.singleShot(30_000, first.quit)
    window.show()
    window.start()
    first.exec()
    settle = QEventLoop()
    QTimer.singleShot(100, settle.quit)
    settle.exec()
    print(json.dumps(_layout(window)), flush=True)
    window.close()
    running.engine.dispose()
"""


@pytest.mark.parametrize("backend", ["sqlite"])
def test_window_and_docks_keep_their_geometry_on_a_large_screen(demo_db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Started again without any sizing by the caller: the saved geometry and docks come back.

    In a process of its own: its offscreen screen (1920 x 1080) holds the window, unlike the tests'.
    """
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1080}]})
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(RESTARTS),
            demo_db_url,
            str(tmp_path / "s.ini"),
            NOW.isoformat(),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(seen) == 4, done.stdout
    assert seen[0]["geometry"][2:] == [1600, 960] and seen[0]["docks"]["treeDock"][0] == 260
    for later in seen[1:]:
        assert later["geometry"] == seen[0]["geometry"]  # the same place and size each start
        assert later["geometry"][2:] == [1600, 960]
        assert _same_docks(seen[0]["docks"], later["docks"]), (seen[0], later)
