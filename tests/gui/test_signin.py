"""The sign-in dialog on the password-checking cluster (real logins) and on the SQLite demo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commandcenter.gui.signin_dialog import DemoChoice, Reasons, SignInDialog
from commandcenter.security import signin
from tests.gui import conftest_security
from tests.gui.conftest_security import GuiSecDb

guisec = conftest_security.guisec  # the fixture, shared with test_signin_session.py
SHOTS = "/tmp/h5"


class MemoryKeyring(KeyringBackend):
    """A test double for the OS keyring only (a dict in memory); the dialog and signin use the real
    `keyring` API on top of it, exactly as they use GNOME Keyring or the Windows vault."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    """The dialog as people see it first: in Chinese (the reasons are compared language-free)."""
    from commandcenter.gui.i18n import Translators

    Translators(qapp).use("zh_CN")


@pytest.fixture
def memory_keyring() -> Any:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Any:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


_OPEN: list[SignInDialog] = []


@pytest.fixture(autouse=True)
def _delete_dialogs_on_the_gui_thread(qtbot: Any) -> Iterator[None]:
    """pytest-qt keeps only a weak reference: without this, Python's cycle collector may free a dialog
    on a database pool thread, leaving its line edit's cursor timer dangling (a crash, seen here)."""
    yield
    while _OPEN:
        _OPEN.pop().deleteLater()
    qtbot.wait(1)


def _dialog(qtbot: Any, url: str, login: str | None = None, purpose: str = "start") -> SignInDialog:
    dialog = SignInDialog(url, login=login, purpose=purpose)
    qtbot.addWidget(dialog)
    _OPEN.append(dialog)
    dialog.show()
    return dialog


def _submit(qtbot: Any, dialog: SignInDialog, password: str) -> list[Any]:
    got: list[Any] = []
    dialog.signedIn.connect(got.append)
    dialog.passwordEdit.setText(password)
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    return got


def test_wrong_password_shows_the_message_and_keeps_the_dialog_open(
    qtbot, guisec: GuiSecDb, no_keyring
) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["liaison"]
    dialog = _dialog(qtbot, guisec.url, lg.login)
    got = _submit(qtbot, dialog, "not-the-password")
    assert got == []
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == Reasons().describe("password", lg.login)
    assert lg.login in dialog.errorLabel.text()
    assert dialog.loginEdit.isEnabled() and dialog.passwordEdit.isEnabled()
    dialog.grab().save(f"{SHOTS}/signin_wrong_password.png")


@pytest.mark.parametrize("who,kind", [("disabled", "disabled"), ("unlinked", "unlinked")])
def test_a_disabled_or_unlinked_login_cannot_sign_in(
    qtbot, guisec: GuiSecDb, no_keyring, who: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins[who]
    dialog = _dialog(qtbot, guisec.url, lg.login)
    got = _submit(qtbot, dialog, lg.password)
    assert got == []
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == Reasons().describe(kind, lg.login)


def test_an_unreachable_server_is_said_so(qtbot, guisec: GuiSecDb, no_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, f"postgresql+psycopg://x@127.0.0.1:1/{guisec.database}", "someone")
    got = _submit(qtbot, dialog, "pw")
    assert got == []
    prefix = Reasons().describe("unreachable", "someone", "").strip()
    assert dialog.errorLabel.text().startswith(prefix)
    assert "127.0.0.1" in dialog.errorLabel.text()


def test_the_right_password_signs_in_as_the_person(qtbot, guisec: GuiSecDb, no_keyring) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["liaison"]
    dialog = _dialog(qtbot, guisec.url, lg.login)
    assert not dialog.rememberCheck.isEnabled()  # no keyring backend here: disabled, and says why
    assert "keyring" in dialog.rememberCheck.toolTip().lower() or "密钥" in dialog.rememberCheck.toolTip()
    dialog.grab().save(f"{SHOTS}/signin_dialog.png")
    got = _submit(qtbot, dialog, lg.password)
    assert len(got) == 1 and isinstance(got[0], signin.SignedIn)
    signed = got[0]
    try:
        assert (signed.person_id, signed.login, signed.roles) == (lg.person_id, lg.login, ("liaison",))
        assert not dialog.isVisible()
        assert dialog.passwordEdit.text() == ""
    finally:
        signed.engine.dispose()


def test_remember_me_stores_the_password_only_when_asked(
    qtbot, guisec: GuiSecDb, memory_keyring: MemoryKeyring
) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["liaison"]
    entry = (signin.KEYRING_SERVICE, signin.keyring_user(guisec.url, lg.login))
    # Not ticked: nothing is stored.
    dialog = _dialog(qtbot, guisec.url, lg.login)
    assert dialog.rememberCheck.isEnabled() and not dialog.rememberCheck.isChecked()
    got = _submit(qtbot, dialog, lg.password)
    got[0].engine.dispose()
    assert memory_keyring.store == {}
    # Ticked: stored in the keyring (and nowhere else: the dialog keeps no copy).
    dialog = _dialog(qtbot, guisec.url, lg.login)
    dialog.rememberCheck.setChecked(True)
    got = _submit(qtbot, dialog, lg.password)
    got[0].engine.dispose()
    assert memory_keyring.store == {entry: lg.password}
    # Next time it is filled in from the keyring; unticking forgets it.
    dialog = _dialog(qtbot, guisec.url, lg.login)
    assert dialog.passwordEdit.text() == lg.password and dialog.rememberCheck.isChecked()
    dialog.rememberCheck.setChecked(False)
    got = _submit(qtbot, dialog, lg.password)
    got[0].engine.dispose()
    assert memory_keyring.store == {}
    # A wrong password is never stored, even when asked.
    dialog = _dialog(qtbot, guisec.url, lg.login)
    dialog.rememberCheck.setChecked(True)
    assert _submit(qtbot, dialog, "wrong") == []
    assert memory_keyring.store == {}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_sqlite_demo_picks_a_person_and_says_no_security(qtbot, demo_db_url: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_db_url)
    assert not dialog.loginEdit.isVisible() and not dialog.passwordEdit.isVisible()
    assert dialog.personCombo.isVisible()
    qtbot.waitUntil(lambda: dialog.personCombo.count() > 0, timeout=20_000)
    notice = dialog.noticeLabel.text()
    assert ("no security" in notice) or ("不执行任何安全" in notice) or ("安全" in notice)
    dialog.grab().save(f"{SHOTS}/signin_demo.png")
    # An administrator is offered first: in the single-user demo one person takes every step.
    assert "管理员" in dialog.personCombo.currentText() or "administrator" in dialog.personCombo.currentText()
    got: list[Any] = []
    dialog.signedIn.connect(got.append)
    dialog.personCombo.setCurrentIndex(1)
    dialog.submit()
    assert len(got) == 1 and isinstance(got[0], DemoChoice)
    assert got[0].person_id == dialog.personCombo.itemData(1)


def test_start_up_asks_for_a_sign_in_except_on_the_owner_connection(guisec: GuiSecDb) -> None:
    from commandcenter.gui.app import prepare

    # The database's owner (developers, tests): the window as before, no dialog.
    assert prepare(guisec.owner_url, None) == ("window", None)
    # A personal login in the URL, without its password: the dialog, with the login filled in.
    lg = guisec.logins["liaison"]
    personal = guisec.url.replace("nobody@", f"{lg.login}@")
    assert prepare(personal, None) == ("signin", lg.login)
    # --user: always the dialog for that login, even where the URL's user is the owner.
    assert prepare(guisec.owner_url, lg.login) == ("signin", lg.login)


def test_the_session_check_sees_a_changed_password_and_a_server_gone(guisec: GuiSecDb) -> None:
    from dataclasses import replace

    from commandcenter.db.engine import make_engine
    from commandcenter.security import logins

    lg = guisec.logins["liaison"]
    signed = signin.sign_in_ready(guisec.url, lg.login, lg.password)
    try:
        assert signin.session_problem(signed) is None
        # The password changed (or expired) after signing in: pooled connections live on, a new one fails.
        logins.set_password(guisec.owner, lg.login, lg.password + "-new")
        try:
            with signed.engine.connect():
                pass  # still fine through the pool
            problem = signin.session_problem(signed)
            assert problem is not None and problem.kind == "password"
        finally:
            logins.set_password(guisec.owner, lg.login, lg.password)
        # The server gone: nothing listens where the session's engine points any more.
        gone = make_engine(signed.url.replace(f"127.0.0.1:{signed.engine.url.port}", "127.0.0.1:1"))
        problem = signin.session_problem(replace(signed, engine=gone))
        assert problem is not None and problem.kind == "unreachable"
        gone.dispose()
    finally:
        signed.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_switch_user_on_the_sqlite_demo_picks_another_person(make_window, demo_db_url: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window = make_window(demo_db_url, live=False)
    label = window.findChild(QLabel, "sessionLabel")
    from commandcenter.gui.session import SessionController

    session = window.findChild(SessionController)
    assert session.mode == "sqlite" and label.text() == session.tr("single-user demo - no security enforced")
    assert not session.actionSignOut.isEnabled()
    session.actionSwitchUser.trigger()
    dialog = session.dialog
    assert dialog is not None and dialog.demo
    qtbot.waitUntil(lambda: dialog.personCombo.count() > 2, timeout=20_000)
    at = next(
        i for i in range(dialog.personCombo.count()) if dialog.personCombo.itemData(i) != window.acting_person
    )
    want = dialog.personCombo.itemData(at)
    dialog.personCombo.setCurrentIndex(at)
    dialog.submit()
    assert window.acting_person == want
    assert window.filters.acting.currentData() == want


def test_tls_follows_the_urls_sslmode(qtbot, guisec: GuiSecDb, no_keyring) -> None:  # type: ignore[no-untyped-def]
    """The test cluster offers no TLS: sslmode=require must refuse to sign in (and say why), while
    sslmode=disable signs in without it; libpq's default (prefer) would use TLS where offered."""
    lg = guisec.logins["liaison"]
    dialog = _dialog(qtbot, guisec.url + "?sslmode=require", lg.login)
    assert _submit(qtbot, dialog, lg.password) == []
    assert dialog.errorLabel.text().startswith(Reasons().describe("tls", lg.login, "").strip())
    assert "SSL" in dialog.errorLabel.text()
    dialog = _dialog(qtbot, guisec.url + "?sslmode=disable", lg.login)
    got = _submit(qtbot, dialog, lg.password)
    assert len(got) == 1
    from sqlalchemy import text

    with got[0].engine.connect() as conn:
        assert (
            conn.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar() is False
        )
    got[0].engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_demo_picker_offers_who_the_app_acted_as_last(qtbot, demo_db_url: str) -> None:  # type: ignore[no-untyped-def]
    first = _dialog(qtbot, demo_db_url)
    qtbot.waitUntil(lambda: first.personCombo.count() > 3, timeout=20_000)
    last = first.personCombo.itemData(3)
    dialog = SignInDialog(demo_db_url, purpose="start", current_person=last)
    qtbot.addWidget(dialog)
    _OPEN.append(dialog)
    qtbot.waitUntil(lambda: dialog.personCombo.count() > 3, timeout=20_000)
    assert dialog.personCombo.currentData() == last
