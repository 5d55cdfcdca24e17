"""Starting the window: `commandcenter` / `commandcenter gui [--db URL] [--lang zh_CN|en]`."""

from __future__ import annotations

import gc
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


def prestart_map(settings: object | None = None) -> None:
    """Ask for the map page now, with the window's language installed: it loads while the database
    is opened and the window built, and the window takes it (gui/map/prestart.py)."""
    from PySide6.QtCore import QSettings

    from commandcenter.gui.map import prestart

    qsettings = settings if isinstance(settings, QSettings) else QSettings()
    prestart.prestart(str(qsettings.value("map/basemap_url", "") or "") or None)


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
    engine: Engine  # the engine the window started on (a new sign-in replaces it: see session.engine)
    translators: object
    session: object | None = None  # gui.session.SessionController


def _connect(session: object) -> None:
    session.connection()  # type: ignore[attr-defined]


def create_window(
    url: str,
    lang: str | None = None,
    settings: object | None = None,
    now_fn: Callable[[], datetime] | None = None,
    live: bool = True,
    signed_in: object | None = None,
    acting_person: int | None = None,
) -> Running:
    """A MainWindow on the database at `url` (already migrated), not yet shown or started.

    signed_in: a security.signin.SignedIn: the window works through that login's engine (row security
    applies) and acts as its person. Without it, PostgreSQL is the owner connection (no row security)
    and SQLite the single-user demo, acting as `acting_person` or the saved setting.
    """
    from PySide6.QtCore import QSettings

    from commandcenter.db.engine import backend, session_factory
    from commandcenter.gui.i18n import DEFAULT_LANGUAGE, Translators
    from commandcenter.gui.main_window import MainWindow
    from commandcenter.gui.session import SessionController
    from commandcenter.gui.worker import DbExecutor
    from commandcenter.security.signin import SignedIn

    app = make_app()
    qsettings = settings if settings is not None else QSettings()
    translators = Translators(app)
    translators.use(lang or str(qsettings.value("ui/language", DEFAULT_LANGUAGE)))  # type: ignore[attr-defined]
    if isinstance(signed_in, SignedIn):
        engine = signed_in.engine
        window_url = signed_in.url  # the live feed and the brief connect as the same login
        mode = "signin"
    else:
        engine = database_engine(url)
        window_url = url
        mode = "sqlite" if backend(url) == "sqlite" else "owner"
    executor = DbExecutor(session_factory(engine))
    # The pool's first connection (for PostgreSQL a handshake and the dialect's first queries) is
    # made while the window is built, not when the window asks for the map.
    executor.submit(_connect)
    window = MainWindow(executor, window_url, translators, qsettings, now_fn=now_fn, live=live)  # type: ignore[arg-type]
    if acting_person is not None and mode != "signin":
        window._acting_changed(acting_person)
    session = SessionController(
        window,
        url,
        mode,
        qsettings,
        signed_in if isinstance(signed_in, SignedIn) else None,  # type: ignore[arg-type]
    )
    # What exists now (modules, Qt's wrappers, the window: ~300,000 objects) lives as long as the
    # app: out of the cyclic collector's sight, so that its full passes, which a read of 10,000 rows
    # sets off, do not walk it each time (~50 ms each, in the middle of the map's first drawing).
    gc.freeze()
    return Running(window, executor, engine, translators, session)


def warm_up() -> None:
    """On the preparing thread: the window's imports and SQLAlchemy's mapper set-up (~1 s in a fresh
    process), done while the GUI thread runs its event loop, which is where Chromium's side of the
    map page (started by prestart_map) makes progress."""
    from sqlalchemy.orm import configure_mappers

    import commandcenter.gui.main_window  # noqa: F401

    configure_mappers()


def prepare(url: str, user: str | None) -> tuple[str, str | None]:
    """On a worker thread: what to show first. ("window", None), ("signin", login) or ("demo", None).

    SQLite: migrate (and fill the embedded demo), then the person picker. PostgreSQL: a URL whose own
    user owns the database and is nobody's login opens the window as before (migrating first);
    anything else asks for a personal sign-in (`--user` or the URL's user prefilled).
    """
    from commandcenter.db.engine import backend
    from commandcenter.db.setup import ensure_database
    from commandcenter.security.signin import url_identity

    warm_up()

    def migrate() -> None:
        engine = database_engine(url)
        try:
            ensure_database(engine, url, log=lambda m: print(m, file=sys.stderr))
        finally:
            engine.dispose()

    if backend(url) == "sqlite":
        migrate()
        return "demo", None
    from sqlalchemy.engine import make_url

    if user:
        return "signin", user
    try:
        who = url_identity(url)
    except Exception:  # no password, no such user, server down: the dialog says which
        return "signin", make_url(url).username
    if who.privileged and who.person_id is None:
        migrate()
        return "window", None
    return "signin", who.user


def run(db_url: str | None = None, lang: str | None = None, user: str | None = None) -> int:
    """Open the window (after the sign-in dialog where one is needed); returns the exit code."""
    from PySide6.QtCore import QObject as _QObject
    from PySide6.QtCore import QRunnable, QThreadPool, Signal
    from PySide6.QtWidgets import QLabel

    from commandcenter.db.engine import resolve_url

    app = make_app()
    url = resolve_url(db_url)
    from PySide6.QtCore import QSettings

    from commandcenter.gui.i18n import DEFAULT_LANGUAGE, Translators

    if lang:
        QSettings().setValue("ui/language", lang)
    # Installed now so that the sign-in dialog speaks the chosen language too.
    Translators(app).use(lang or str(QSettings().value("ui/language", DEFAULT_LANGUAGE)))
    prestart_map()

    # Migrating (and, on the embedded default database, building the demo) can take a while, and so
    # can reaching a server: do it on a worker thread behind a splash, never on the GUI thread.
    splash = QLabel("网格治理指挥中心\n正在打开数据库 … Opening the database …")
    splash.setStyleSheet("font-size:18px;padding:30px;background:#1d3557;color:white")
    splash.show()

    class _Ready(_QObject):
        done = Signal(object, object)

    ready = _Ready()
    state: dict[str, object] = {}

    class _Prepare(QRunnable):
        def run(self) -> None:
            try:
                ready.done.emit(prepare(url, user), None)
            except Exception as exc:
                ready.done.emit(None, exc)

    def open_window(signed_in: object = None, acting_person: int | None = None) -> None:
        running = create_window(url, lang, signed_in=signed_in, acting_person=acting_person)
        state["running"] = running
        running.window.show()  # type: ignore[attr-defined]
        running.window.start()  # type: ignore[attr-defined]

    def ask(purpose_login: str | None) -> None:
        from commandcenter.gui.signin_dialog import DemoChoice, SignInDialog

        saved = QSettings().value("acting/person")  # the demo's picker offers who the app acted as last
        current = int(saved) if saved not in (None, "") else None
        dialog = SignInDialog(url, login=purpose_login, purpose="start", current_person=current)
        state["dialog"] = dialog

        def chosen(result: object) -> None:
            if isinstance(result, DemoChoice):
                open_window(acting_person=result.person_id)
            else:
                open_window(signed_in=result)

        dialog.signedIn.connect(chosen)
        dialog.rejected.connect(lambda: app.exit(0) if "running" not in state else None)
        dialog.show()

    def prepared(plan: object, error: object) -> None:
        splash.close()
        if error is not None or not isinstance(plan, tuple):
            print(f"commandcenter: cannot open {url}: {error}", file=sys.stderr)
            app.exit(1)
            return
        what, login = plan
        if what == "window":
            open_window()
        else:
            ask(login)

    ready.done.connect(prepared)
    QThreadPool.globalInstance().start(_Prepare())
    code = app.exec()
    running = state.get("running")
    if isinstance(running, Running):
        running.window.close()  # type: ignore[attr-defined]
        running.engine.dispose()
        engine = getattr(running.session, "engine", None)
        if engine is not None:
            engine.dispose()
    # Pages before their profile, the profile before the QApplication (else a crash at exit).
    from commandcenter.gui.map import prestart
    from commandcenter.gui.map.view import release_web_engine

    prestart.discard()
    app.sendPostedEvents(None, 0)
    release_web_engine()
    app.processEvents()
    return int(code)
