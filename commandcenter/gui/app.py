"""Starting the window: `commandcenter` / `commandcenter gui [--db URL] [--lang zh_CN|en]`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine


def configure_environment() -> None:
    """Qt WebEngine settings that must be in place before the QApplication exists."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    # Chromium refuses to run as root without --no-sandbox (CI and kiosk machines run as root).
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags = f"{flags} --no-sandbox".strip()
    # Nothing may be fetched from the network: no background component updates or safe-browsing pings.
    for flag in ("--disable-component-update", "--disable-background-networking"):
        if flag not in flags:
            flags = f"{flags} {flag}".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")


def make_app(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication (created once; WebEngine needs its attributes set first)."""
    configure_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: F401  (must load before the app)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("commandcenter")
    app.setApplicationName("commandcenter")
    app.setApplicationDisplayName("网格治理指挥中心")
    return app


def database_engine(url: str) -> Engine:
    from commandcenter.db.engine import backend, make_engine

    if backend(url) == "sqlite":
        # Sessions are opened on pool threads, one at a time per connection.
        return make_engine(url, connect_args={"check_same_thread": False})
    return make_engine(url, pool_size=4, max_overflow=4)


@dataclass
class Running:
    window: object  # MainWindow
    executor: object  # DbExecutor
    engine: Engine
    translators: object


def create_window(
    url: str,
    lang: str | None = None,
    settings: object | None = None,
    now_fn: Callable[[], datetime] | None = None,
    live: bool = True,
) -> Running:
    """A MainWindow on the database at `url` (already migrated), not yet shown or started."""
    from PySide6.QtCore import QSettings

    from commandcenter.db.engine import session_factory
    from commandcenter.gui.i18n import DEFAULT_LANGUAGE, Translators
    from commandcenter.gui.main_window import MainWindow
    from commandcenter.gui.worker import DbExecutor

    app = make_app()
    qsettings = settings if settings is not None else QSettings()
    translators = Translators(app)
    translators.use(lang or str(qsettings.value("ui/language", DEFAULT_LANGUAGE)))  # type: ignore[attr-defined]
    engine = database_engine(url)
    executor = DbExecutor(session_factory(engine))
    window = MainWindow(executor, url, translators, qsettings, now_fn=now_fn, live=live)  # type: ignore[arg-type]
    return Running(window, executor, engine, translators)


def run(db_url: str | None = None, lang: str | None = None) -> int:
    """Open the window; returns the exit code."""
    from PySide6.QtCore import QObject as _QObject
    from PySide6.QtCore import QRunnable, QThreadPool, QTimer, Signal
    from PySide6.QtWidgets import QLabel

    from commandcenter.db.engine import resolve_url
    from commandcenter.db.setup import ensure_database

    app = make_app()
    url = resolve_url(db_url)
    if lang:
        from PySide6.QtCore import QSettings

        QSettings().setValue("ui/language", lang)

    # Migrating (and, on the embedded default database, building the demo) can take a while:
    # do it on a worker thread behind a splash, never on the GUI thread.
    splash = QLabel("网格治理指挥中心\n正在打开数据库 … Opening the database …")
    splash.setStyleSheet("font-size:18px;padding:30px;background:#1d3557;color:white")
    splash.show()

    class _Ready(_QObject):
        done = Signal(object)

    ready = _Ready()
    state: dict[str, object] = {}

    class _Prepare(QRunnable):
        def run(self) -> None:
            try:
                engine = database_engine(url)
                ensure_database(engine, url, log=lambda m: print(m, file=sys.stderr))
                engine.dispose()
                ready.done.emit(None)
            except Exception as exc:
                ready.done.emit(exc)

    def open_window(error: object) -> None:
        splash.close()
        if error is not None:
            print(f"commandcenter: cannot open {url}: {error}", file=sys.stderr)
            app.exit(1)
            return
        running = create_window(url, lang)
        state["running"] = running
        running.window.show()  # type: ignore[attr-defined]
        running.window.start()  # type: ignore[attr-defined]

    ready.done.connect(open_window)
    QThreadPool.globalInstance().start(_Prepare())
    QTimer.singleShot(0, lambda: None)
    code = app.exec()
    running = state.get("running")
    if isinstance(running, Running):
        running.window.close()  # type: ignore[attr-defined]
        running.engine.dispose()
    # Pages before their profile, the profile before the QApplication (else a crash at exit).
    from commandcenter.gui.map.view import release_web_engine

    app.sendPostedEvents(None, 0)
    release_web_engine()
    app.processEvents()
    return int(code)
