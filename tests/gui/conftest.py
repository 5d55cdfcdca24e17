"""Fixtures for the window's tests: one QApplication set up for Qt WebEngine, a window on the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import DEMO_NOW_ISO

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NOW = datetime.fromisoformat(DEMO_NOW_ISO)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def qapp():  # type: ignore[no-untyped-def]
    """pytest-qt's application, made by the app's own factory (WebEngine needs flags set first)."""
    from commandcenter.gui.app import make_app
    from commandcenter.gui.map.view import release_web_engine

    app = make_app(["pytest"])
    yield app
    # Pages before their profile, the profile before the application: else Chromium crashes at exit.
    app.sendPostedEvents(None, 0)
    release_web_engine()
    app.processEvents()


@pytest.fixture
def make_window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """make_window(url, lang="zh_CN") -> a started MainWindow showing its first complete screen."""
    from PySide6.QtCore import QSettings

    from commandcenter.gui.app import create_window

    made = []

    def make(url: str, lang: str = "zh_CN", live: bool = True):  # type: ignore[no-untyped-def]
        settings = QSettings(str(tmp_path / f"settings-{len(made)}.ini"), QSettings.Format.IniFormat)
        running = create_window(url, lang, settings=settings, now_fn=lambda: NOW, live=live)
        window = running.window
        window.resize(1600, 960)
        qtbot.addWidget(window)
        made.append(running)
        with qtbot.waitSignal(window.firstScreen, timeout=30_000):
            window.show()
            window.start()
        return window

    yield make
    for running in made:
        running.window.shutdown()
        running.engine.dispose()


@pytest.fixture
def screenshots() -> Iterator[Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield SCREENSHOTS


@pytest.fixture
def map_view(qapp, qtbot):  # type: ignore[no-untyped-def]
    """A map page on its own (900 x 700, shown), ready for messages."""
    from commandcenter.gui.map.view import MapView
    from tests.gui.map_page import LABELS

    view = MapView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.load_page(LABELS)
    qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
    return view
