"""Who the window works as, and what happens when that ends: watch, banner, sign-in again, lock.

Three modes:
- "signin": a personal PostgreSQL login (row security applies). The acting person is the signed-in
  person (the toolbar's person picker is hidden). The session is checked every `session/check_seconds`
  (default 30) and at once when a query or the live feed fails in a way that may mean the session
  ended: a fresh connection as the same login (so a changed or expired password and a disabled login
  show even while pooled connections live on) and the person's roles compared with those signed in
  with. When it ended, the live feed stops, the window keeps its state and shows why (status bar and a
  banner) with "Sign in again", which re-uses the sign-in dialog. File > Sign out / Switch user; an
  idle timeout (`session/idle_minutes`, default 0 = off) locks the window behind the sign-in dialog.
- "owner": the URL's own user owns the database (developers, tests): today's behaviour, the acting
  person is a setting; the status bar says there is no row security.
- "sqlite": the embedded single-user demo; Switch user picks another person, no security.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
)
from sqlalchemy.orm import sessionmaker

from commandcenter.gui.signin_dialog import DemoChoice, PoolCall, PoolDone, Reasons, SignInDialog
from commandcenter.security import signin


class SessionController(QObject):
    lost = Signal(object)  # signin.SessionProblem
    restored = Signal(object)  # the new SignedIn
    locked = Signal()

    def __init__(
        self,
        window: Any,  # MainWindow
        base_url: str,
        mode: str,
        settings: QSettings,
        signed: signin.SignedIn | None = None,
    ) -> None:
        super().__init__(window)
        self.window: QMainWindow = window
        self.base_url = base_url
        self.mode = mode
        self.settings = settings
        self.signed = signed
        self.problem: signin.SessionProblem | None = None
        self.dialog: SignInDialog | None = None
        self.reasons = Reasons(self)
        self._checking = False
        self._done = PoolDone(self)
        self._done.finished.connect(self._checked)
        self._build()
        self.check_timer = QTimer(self)
        self.check_timer.timeout.connect(self.check_now)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        window.executor.failed.connect(self._job_failed)
        self._watch_hub()
        if signed is not None:
            self._apply_person()
        self._arm()
        # Idle = no pointer movement and no focus change. Not an application-wide event filter: a
        # Python one crashes PySide with Qt WebEngine in the window (seen here, even returning False).
        self._pointer = QCursor.pos()
        self.activity_poll = QTimer(self)
        self.activity_poll.timeout.connect(self._poll_activity)
        self.activity_poll.start(2000)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)  # a slot of ours: gone with us
        window.installEventFilter(self)  # the window's own LanguageChange
        self.retranslate()

    # ------------------------------------------------------------------------------------ set-up

    def _build(self) -> None:
        w: Any = self.window
        self.label = QLabel()
        self.label.setObjectName("sessionLabel")
        w.statusBar().addPermanentWidget(self.label)
        w.statusBar().messageChanged.connect(self._status_message_changed)
        self.banner = QFrame()
        self.banner.setObjectName("sessionBanner")
        self.banner.setStyleSheet("#sessionBanner{background:#f8d7da;border-bottom:1px solid #d7191c}")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(10, 6, 10, 6)
        self.bannerText = QLabel()
        self.bannerText.setObjectName("sessionBannerText")
        self.bannerText.setWordWrap(True)
        self.bannerText.setStyleSheet("color:#842029;font-weight:bold")
        self.againButton = QPushButton()
        self.againButton.setObjectName("signInAgainButton")
        self.againButton.clicked.connect(self.sign_in_again)
        row.addWidget(self.bannerText, 1)
        row.addWidget(self.againButton)
        self.banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.banner.hide()
        w.centralWidget().layout().insertWidget(0, self.banner)
        menu = w.menuFile
        self.actionSwitchUser = menu.addAction("")
        self.actionSwitchUser.setObjectName("actionSwitchUser")
        self.actionSignOut = menu.addAction("")
        self.actionSignOut.setObjectName("actionSignOut")
        self.actionIdleLock = menu.addAction("")
        self.actionIdleLock.setObjectName("actionIdleLock")
        separator = menu.addSeparator()
        for a in (self.actionSwitchUser, self.actionSignOut, self.actionIdleLock, separator):
            menu.removeAction(a)
            menu.insertAction(w.actionQuit, a)
        self.actionSwitchUser.triggered.connect(lambda _checked=False: self.switch_user())
        self.actionSignOut.triggered.connect(lambda _checked=False: self.sign_out())
        self.actionIdleLock.triggered.connect(lambda _checked=False: self._ask_idle_minutes())

    def retranslate(self) -> None:
        self.actionSwitchUser.setText(self.tr("S&witch user…"))
        self.actionSignOut.setText(self.tr("Sign &out"))
        self.actionIdleLock.setText(self.tr("&Lock when idle…"))
        self.againButton.setText(self.tr("Sign in again…"))
        self.actionSignOut.setEnabled(self.mode == "signin")
        self.actionIdleLock.setEnabled(self.mode == "signin")
        self._refresh_label()
        if self.problem is not None:
            self._show_problem()

    def _refresh_label(self) -> None:
        if self.mode == "sqlite":
            text, colour = self.tr("single-user demo - no security enforced"), "#b35806"
        elif self.mode == "owner":
            text, colour = self.tr("owner connection - no row security"), "#b35806"
        elif self.signed is None:
            text, colour = self.tr("signed out"), "#d7191c"
        elif self.problem is not None:
            text, colour = self.tr("session ended: %1").replace("%1", self.signed.login), "#d7191c"
        else:
            s = self.signed
            text = self.tr("Signed in: %1 (%2)").replace("%1", s.name).replace("%2", s.login)
            if s.roles:
                text += " · " + self.reasons.role_names(", ".join(s.roles))
            colour = "#1a9641"
        self.label.setText(text)
        self.label.setStyleSheet(f"color:{colour}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def activity(self) -> None:
        """The person is at the window: the idle clock starts again."""
        if self.idle_timer.isActive():
            self.idle_timer.start()

    def _focus_changed(self, _old: object, _new: object) -> None:
        self.activity()

    def _poll_activity(self) -> None:
        pointer = QCursor.pos()
        if pointer != self._pointer:
            self._pointer = pointer
            self.activity()

    @property
    def idle_minutes(self) -> int:
        return int(self.settings.value("session/idle_minutes", 0) or 0)

    def _arm(self) -> None:
        """Start the session check and the idle clock (signed-in mode only)."""
        active = self.mode == "signin" and self.signed is not None and self.problem is None
        seconds = int(self.settings.value("session/check_seconds", 30) or 30)
        if active:
            self.check_timer.start(seconds * 1000)
        else:
            self.check_timer.stop()
        if active and self.idle_minutes > 0:
            self.idle_timer.start(self.idle_minutes * 60_000)
        else:
            self.idle_timer.stop()

    def _ask_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window,
            self.tr("Lock when idle"),
            self.tr("Lock the window after this many minutes without input (0: never):"),
            self.idle_minutes,
            0,
            24 * 60,
        )
        if ok:
            self.settings.setValue("session/idle_minutes", minutes)
            self._arm()

    def _apply_person(self) -> None:
        """The signed-in person is who the app acts as; the toolbar's person picker goes away."""
        w: Any = self.window
        assert self.signed is not None
        w.acting_person = self.signed.person_id
        w.acting_fixed = True
        self._show_acting_picker(False)

    def _show_acting_picker(self, shown: bool) -> None:
        w: Any = self.window
        bar = w.filters.bar
        for action in bar.actions():
            if bar.widgetForAction(action) in (w.filters.acting_label, w.filters.acting):
                action.setVisible(shown)

    # ------------------------------------------------------------------------------------ the watch

    def _watch_hub(self) -> None:
        hub = getattr(self.window, "hub", None)
        if hub is not None:
            hub.status.connect(self._feed_status)
            hub.failed.connect(self._job_failed)

    def _feed_status(self, status: Any) -> None:
        if status.error:
            self._job_failed(str(status.error))

    def _job_failed(self, text: str) -> None:
        """A query or the feed failed: if that may mean the session ended, check it now."""
        if self.mode == "signin" and signin.classify(text) in signin.SESSION_ENDING:
            self.check_now()

    def check_now(self) -> None:
        if self.mode != "signin" or self.signed is None or self.problem is not None or self._checking:
            return
        self._checking = True
        signed = self.signed
        QThreadPool.globalInstance().start(PoolCall(lambda: signin.session_problem(signed), self._done))

    def _checked(self, problem: signin.SessionProblem | None, error: BaseException | None) -> None:
        self._checking = False
        if error is not None:
            problem = signin.SessionProblem("unreachable", str(error), signin.explain(error, ""))
        if problem is not None and self.signed is not None:
            self.lose(problem)

    def lose(self, problem: signin.SessionProblem) -> None:
        """The session ended: stop the feed and the refreshes, keep the window, say why, offer sign-in."""
        w: Any = self.window
        self.problem = problem
        self._stop_live()
        w.periodic.stop()
        self._arm()
        self._show_problem()
        self._refresh_label()
        self.lost.emit(problem)

    def _show_problem(self) -> None:
        assert self.problem is not None
        login = self.signed.login if self.signed else ""
        text = self.reasons.describe(self.problem.kind, login, self.problem.detail, in_session=True)
        self.bannerText.setText(text)
        self.banner.show()
        self.window.statusBar().showMessage(text)

    def _status_message_changed(self, message: str) -> None:
        # Once the session ended, every query fails: keep the reason in view, not their noise.
        if self.problem is not None and message != self.bannerText.text():
            self.window.statusBar().showMessage(self.bannerText.text())

    def _stop_live(self) -> None:
        w: Any = self.window
        if w.hub is not None:
            w.hub.stop()
            w.hub = None
        w._set_conn(self.tr("stopped"), False)

    # ------------------------------------------------------------------------------------ signing in

    def _open_dialog(self, purpose: str, login: str | None) -> SignInDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        w: Any = self.window
        parent = w if w.isVisible() else None
        dialog = SignInDialog(
            self.base_url, login=login, purpose=purpose, current_person=w.acting_person, parent=parent
        )
        dialog.signedIn.connect(self._signed_in)
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()  # window-modal; no nested event loop
        return dialog

    def _dialog_closed(self, dialog: SignInDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        if dialog.result() != SignInDialog.DialogCode.Accepted and dialog.purpose == "lock":
            self.window.close()  # locked and nobody signed in: quit (the window saves its state)

    def sign_in_again(self) -> None:
        self._open_dialog("again", self.signed.login if self.signed else None)

    def switch_user(self) -> None:
        self._open_dialog("switch", None)

    def sign_out(self, purpose: str = "lock") -> None:
        """Hide the window, end the session (the engine with the password goes), and ask for a sign-in."""
        if self.mode != "signin":
            return
        w: Any = self.window
        login = self.signed.login if self.signed else None
        self._stop_live()
        w.periodic.stop()
        w.executor.factory = sessionmaker()  # unbound: a stray job fails instead of using the old login
        if self.signed is not None:
            self.signed.engine.dispose()
        self.signed = None
        self.problem = None
        self._arm()
        self._refresh_label()
        w.hide()
        self.locked.emit()
        self._open_dialog(purpose, login)

    def lock(self) -> None:
        """The idle timeout: lock the window behind the sign-in dialog."""
        if self.mode == "signin" and self.signed is not None and self.dialog is None:
            self.sign_out("lock")

    def _signed_in(self, result: object) -> None:
        if isinstance(result, DemoChoice):
            w: Any = self.window
            w._acting_changed(result.person_id)
            if w.static is not None:
                w.filters.set_people(w.static.people, result.person_id)
            return
        assert isinstance(result, signin.SignedIn)
        self.adopt(result)

    def adopt(self, signed: signin.SignedIn) -> None:
        """Work as `signed` from now on, keeping the window (a new person reloads what they see)."""
        from commandcenter.db.engine import session_factory
        from commandcenter.gui import jobs

        w: Any = self.window
        old = self.signed
        switched = old is None or old.person_id != signed.person_id or old.roles != signed.roles
        self._stop_live()
        w.executor.factory = session_factory(signed.engine)
        if old is not None and old.engine is not signed.engine:
            old.engine.dispose()
        self.signed = signed
        self.mode = "signin"
        self.problem = None
        w.url = signed.url
        self._apply_person()
        self.banner.hide()
        w.statusBar().clearMessage()
        if switched:
            w.case_id = None
            w.case.clear()
            w.executor.submit(jobs.load_static, done=w._static_loaded, key="static")
        w.connect_live()
        self._watch_hub()
        if w.hub is not None:
            w.hub.start()
        w.periodic.start()
        w.refresh_all()
        self._arm()
        self.retranslate()
        if not w.isVisible():
            w.show()
        self.restored.emit(signed)

    @property
    def engine(self) -> Any:
        return self.signed.engine if self.signed is not None else None
