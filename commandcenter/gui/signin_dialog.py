"""The sign-in dialog (ui/signin_dialog.ui): a personal login on PostgreSQL, a person on the SQLite demo.

On PostgreSQL the person types their own database login and password; signing in (connect, find the
person, check the schema, and store or forget the password in the system keyring) runs on a worker
thread, and a refusal is shown in the dialog, which stays open. "Remember me" stores the password in
the system keyring only when ticked; without a keyring backend it is disabled and says why.
On the embedded SQLite demo there are no logins: the dialog picks the person the app acts as and says
plainly that no security is enforced there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from sqlalchemy.engine import make_url

from commandcenter.gui.filter_bar import person_text
from commandcenter.gui.roles import role_names
from commandcenter.gui.uiload import load_into
from commandcenter.security import signin


@dataclass(frozen=True)
class DemoChoice:
    """The SQLite demo's "sign-in": the person the app acts as (no security behind it)."""

    person_id: int
    name: str


class Reasons(QObject):
    """Sign-in and session failures in the interface language (headless code words them in English)."""

    def role_names(self, roles: str) -> str:
        """'liaison, admin' in the interface language."""
        return role_names(roles)

    def describe(self, kind: str, login: str, detail: str = "", in_session: bool = False) -> str:
        if kind == "password":
            if in_session:
                return self.tr("The password of %1 was changed or has expired. Sign in again.").replace(
                    "%1", login
                )
            return self.tr("Wrong user name or password for %1.").replace("%1", login)
        if kind == "disabled":
            if in_session:
                return self.tr(
                    "The login %1 was disabled by an administrator; the session has ended."
                ).replace("%1", login)
            return self.tr("The login %1 is disabled. Ask an administrator to enable it.").replace(
                "%1", login
            )
        if kind == "unknown":
            return (
                self.tr("There is no login %1.").replace("%1", login)
                if login
                else self.tr("Give your user name.")
            )
        if kind == "unlinked":
            return self.tr("The login %1 is not linked to an active person. Ask an administrator.").replace(
                "%1", login
            )
        if kind == "terminated":
            return self.tr("The server ended the session (the login may have been disabled). Sign in again.")
        if kind == "revoked":
            return self.tr(
                "Your role %1 was revoked. Sign in again to go on with the roles you hold now."
            ).replace("%1", self.role_names(detail))
        if kind == "permission":
            return self.tr("The database refused: %1").replace("%1", detail)
        if kind == "unreachable":
            return self.tr("Cannot reach the database server: %1").replace("%1", detail)
        if kind == "tls":
            return self.tr("No secure (TLS) connection as the database URL's sslmode asks: %1").replace(
                "%1", detail
            )
        if kind == "schema":
            return self.tr(
                "The database's schema is older than this app. Ask an administrator to run "
                "“commandcenter db upgrade”."
            )
        return detail


class PoolDone(QObject):
    finished = Signal(object, object)  # result, error


class PoolCall(QRunnable):
    """One function on a pool thread; its result comes back on the GUI thread by a queued signal."""

    def __init__(self, fn: Callable[[], Any], out: PoolDone) -> None:
        super().__init__()
        self.fn = fn
        self.out = out

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the dialog, never lost in a pool thread
            self.out.finished.emit(None, exc)
            return
        self.out.finished.emit(result, None)


def _sign_in_job(url: str, login: str, password: str, remember: bool) -> signin.SignedIn:
    signed = signin.sign_in_ready(url, login, password)
    try:
        if remember:
            signin.remember_password(url, login, password)
        else:  # unticked: an older remembered password goes too
            signin.forget_password(url, login)
    except Exception as exc:  # the keyring failing must not undo a good sign-in
        signed.engine.dispose()
        raise signin.SignInError(f"the system keyring refused: {exc}", "other", f"keyring: {exc}") from exc
    return signed


def _people_job(url: str) -> list[Any]:
    from commandcenter.db.engine import make_engine, session_factory
    from commandcenter.services.queues import acting_people

    engine = make_engine(url, connect_args={"check_same_thread": False})
    try:
        with session_factory(engine)() as session:
            return list(acting_people(session))
    finally:
        engine.dispose()


class SignInDialog(QDialog):
    """Built from ui/signin_dialog.ui. `signedIn` carries a SignedIn (PostgreSQL) or a DemoChoice (SQLite).

    purpose: "start" (before the window), "again" (the session ended), "lock" (idle lock or sign-out:
    cancelling quits), "switch" (another person).
    """

    signedIn = Signal(object)

    def __init__(
        self,
        url: str,
        *,
        login: str | None = None,
        purpose: str = "start",
        current_person: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        load_into(self, "signin_dialog.ui")
        self.setObjectName("signInDialog")
        self.url = url
        self.purpose = purpose
        self.reasons = Reasons(self)
        self.demo = make_url(url).get_backend_name() == "sqlite"
        self._busy = False
        self._done = PoolDone(self)
        self._done.finished.connect(self._finished)
        self._current_person = current_person
        self.ok_button = self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttonBox.accepted.connect(self.submit)
        self.buttonBox.rejected.connect(self.reject)
        for w in (self.loginLabel, self.loginEdit, self.passwordLabel, self.passwordEdit, self.rememberCheck):
            w.setVisible(not self.demo)
        for w in (self.personLabel, self.personCombo):
            w.setVisible(self.demo)
        self.errorLabel.setText("")
        if self.demo:
            self._setup_demo()
        else:
            self._setup_login(login)
        self.ok_button.setDefault(True)
        self.retranslate()
        self.resize(460, self.sizeHint().height())

    # ------------------------------------------------------------------------------------ set-up

    def retranslate(self) -> None:
        titles = {
            "again": self.tr("Sign in again"),
            "lock": self.tr("Locked - sign in to go on"),
            "switch": self.tr("Switch user"),
        }
        self.setWindowTitle(titles.get(self.purpose, self.tr("Sign in")))
        self.ok_button.setText(self.tr("Continue") if self.demo else self.tr("Sign in"))
        self.cancel_button.setText(
            self.tr("Quit") if self.purpose in ("start", "lock") else self.tr("Cancel")
        )
        if self.demo:
            self.noticeLabel.setText(
                self.tr(
                    "This is the embedded single-user demo database: there are no logins and no security "
                    "is enforced. Pick the person the app acts as."
                )
            )
            self.noticeLabel.setStyleSheet("background:#fff3cd;color:#664d03;padding:8px;border-radius:4px")
            return
        parsed = make_url(self.url)
        server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
        sslmode = str(parsed.query.get("sslmode", "") or "")
        tls = {
            "": self.tr("when the server offers it"),
            "prefer": self.tr("when the server offers it"),
            "allow": self.tr("when the server requires it"),
            "disable": self.tr("off"),
            "require": self.tr("required"),
            "verify-ca": self.tr("required, server certificate checked"),
            "verify-full": self.tr("required, server certificate and name checked"),
        }.get(sslmode, sslmode)
        self.noticeLabel.setText(
            self.tr("Sign in with your own database login.")
            + "\n"
            + self.tr("Server: %1 · TLS: %2").replace("%1", server).replace("%2", tls)
        )
        if self.rememberCheck.isEnabled():
            self.rememberCheck.setToolTip(
                self.tr("The password is kept in this computer's system keyring, never in a file.")
            )
        else:
            self.rememberCheck.setToolTip(
                self.tr(
                    "No system keyring is available on this computer, so the password cannot be remembered."
                )
                + f"\n({self._keyring_reason})"
            )

    def _setup_login(self, login: str | None) -> None:
        self._keyring_reason = signin.keyring_unavailable()
        self.rememberCheck.setEnabled(self._keyring_reason is None)
        self.rememberCheck.setChecked(False)
        self.loginEdit.setText(login or "")
        self.loginEdit.editingFinished.connect(self._fill_remembered)
        self._fill_remembered()
        (self.passwordEdit if login else self.loginEdit).setFocus()

    def _fill_remembered(self) -> None:
        """A password the person asked to be remembered, from the system keyring."""
        if self._keyring_reason is not None or self.passwordEdit.text():
            return
        stored = signin.remembered_password(self.url, self.loginEdit.text().strip())
        if stored:
            self.passwordEdit.setText(stored)
            self.rememberCheck.setChecked(True)

    def _setup_demo(self) -> None:
        self.personCombo.setEnabled(False)
        self.ok_button.setEnabled(False)
        self._start(lambda url=self.url: _people_job(url))

    # ------------------------------------------------------------------------------------ signing in

    def submit(self) -> None:
        if self._busy:
            return
        if self.demo:
            pid = self.personCombo.currentData()
            if pid is None:
                return
            self.signedIn.emit(DemoChoice(int(pid), self.personCombo.currentText()))
            self.accept()
            return
        login = self.loginEdit.text().strip()
        if not login:
            self.show_error(self.reasons.describe("unknown", ""))
            self.loginEdit.setFocus()
            return
        password = self.passwordEdit.text()
        remember = self.rememberCheck.isEnabled() and self.rememberCheck.isChecked()
        self._set_busy(True)
        self.errorLabel.setStyleSheet("color:#555")
        self.errorLabel.setText(self.tr("Signing in …"))
        self._start(lambda u=self.url, lg=login, pw=password, r=remember: _sign_in_job(u, lg, pw, r))

    def _start(self, fn: Callable[[], Any]) -> None:
        self._busy = True
        QThreadPool.globalInstance().start(PoolCall(fn, self._done))

    def _finished(self, result: Any, error: BaseException | None) -> None:
        self._set_busy(False)
        if self.demo:
            self._people_loaded(result, error)
            return
        if error is not None:
            if isinstance(error, signin.SignInError):
                text = self.reasons.describe(error.kind, self.loginEdit.text().strip(), error.detail)
                self.show_error(text or str(error))
            else:
                self.show_error(f"{type(error).__name__}: {error}")
            self.passwordEdit.selectAll()
            self.passwordEdit.setFocus()
            return
        if self._closed:
            result.engine.dispose()  # cancelled while signing in: nobody wants this session
            return
        self.errorLabel.setText("")
        self.passwordEdit.clear()  # the password lives on only in the session's engine
        self.signedIn.emit(result)
        self.accept()

    def _people_loaded(self, people: list[Any] | None, error: BaseException | None) -> None:
        if error is not None or people is None:
            self.show_error(self.tr("Could not list the people: %1").replace("%1", str(error)))
            return
        self.personCombo.clear()
        for p in people:
            self.personCombo.addItem(person_text(p), p.id)  # the role in the interface language
        at = self.personCombo.findData(self._current_person) if self._current_person is not None else -1
        self.personCombo.setCurrentIndex(max(0, at))
        self.personCombo.setEnabled(bool(people))
        self.ok_button.setEnabled(bool(people))
        self.ok_button.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.loginEdit, self.passwordEdit, self.ok_button):
            w.setEnabled(not busy)
        self.rememberCheck.setEnabled(not busy and not self.demo and self._keyring_reason is None)

    def show_error(self, text: str) -> None:
        self.errorLabel.setStyleSheet("color:#d7191c;font-weight:bold")
        self.errorLabel.setText(text)

    _closed = False
    _keyring_reason: str | None = None

    def reject(self) -> None:
        self._closed = True
        super().reject()

    @property
    def busy(self) -> bool:
        return self._busy
