"""The window signed in with a real personal login (the `ccsec` cluster): what it shows, and what
happens when an administrator disables the login or revokes its role while the window is open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from commandcenter.gui.app import Running, create_window
from commandcenter.gui.signin_dialog import Reasons, SignInDialog
from commandcenter.security import logins, signin
from tests.gui import conftest_security
from tests.gui.conftest import NOW
from tests.gui.conftest_security import GuiSecDb

guisec = conftest_security.guisec  # the fixture (a database and logins of this module's own)
SHOTS = "/tmp/h5"


@pytest.fixture
def open_window(qtbot, tmp_path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """open_window(url, signed_in=None) -> Running, shown and past its first complete screen."""
    made: list[Running] = []

    def make(url: str, signed_in: Any = None, live: bool = True) -> Running:
        settings = QSettings(str(tmp_path / f"settings-{len(made)}.ini"), QSettings.Format.IniFormat)
        settings.setValue("session/check_seconds", 2)  # the watch's period, short for the test
        running = create_window(
            url, "zh_CN", settings=settings, now_fn=lambda: NOW, live=live, signed_in=signed_in
        )
        window: Any = running.window
        window.resize(1400, 900)
        qtbot.addWidget(window)
        made.append(running)
        with qtbot.waitSignal(window.firstScreen, timeout=60_000):
            window.show()
            window.start()
        return running

    yield make
    for running in made:
        running.window.shutdown()  # type: ignore[attr-defined]
        engine = getattr(running.session, "engine", None)
        if engine is not None:
            engine.dispose()
        running.engine.dispose()


def _liaison_counts(guisec: GuiSecDb, who: str) -> dict[str, int]:
    """What the liaison's own connection sees, by plain SQL (row security decides)."""
    with guisec.connect(who) as conn:

        def count(where: str) -> int:
            return int(conn.execute(f"SELECT count(*) FROM events_public WHERE {where}").fetchone()[0])

        return {
            "in_progress": count("status IN ('assigned', 'in_progress', 'rework')"),
            "check": count("status = 'replied'"),
            "verify": count("status = 'reported'"),
            "dispatch": count("status IN ('verified', 'routed')"),
        }


def _sign_in(guisec: GuiSecDb, who: str) -> signin.SignedIn:
    lg = guisec.logins[who]
    return signin.sign_in_ready(guisec.url, lg.login, lg.password)


def test_a_liaison_sees_only_its_departments_cases(open_window, guisec: GuiSecDb, qtbot) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["liaison"]
    running = open_window(guisec.url, _sign_in(guisec, "liaison"))
    window: Any = running.window
    qtbot.waitUntil(lambda: window.static is not None, timeout=20_000)
    # Acting as the signed-in person; the person picker is gone; the status bar says who.
    assert window.acting_person == lg.person_id
    bar = window.filters.bar
    shown = [a.isVisible() for a in bar.actions() if bar.widgetForAction(a) is window.filters.acting]
    assert shown == [False]
    label = window.findChild(QLabel, "sessionLabel")
    assert lg.login in label.text()
    # The queues' counts are what the liaison's own connection sees, and less than the whole district.
    want = _liaison_counts(guisec, "liaison")
    got = {k: window.queues.counts[k] for k in want}
    assert got == want
    with guisec.owner.connect() as conn:
        everyone = conn.execute(
            text("SELECT count(*) FROM events WHERE status IN ('assigned','in_progress','rework')")
        ).scalar_one()
        theirs = conn.execute(
            text(
                "SELECT count(*) FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
                "WHERE e.status IN ('assigned','in_progress','rework') AND lg.code LIKE 'LG02%'"
            )
        ).scalar_one()
    assert 0 < want["in_progress"] < everyone
    assert want["in_progress"] >= theirs
    window.grab().save(f"{SHOTS}/window_liaison.png")


def _wait_lost(qtbot: Any, running: Running) -> Any:
    window: Any = running.window
    session: Any = running.session
    qtbot.waitUntil(lambda: session.problem is not None, timeout=30_000)
    assert session.banner.isVisible()
    assert window.hub is None  # the live feed stopped
    assert not window.periodic.isActive()
    assert session.againButton.isVisible()
    return session


def test_disabling_the_login_while_open_ends_the_session_clearly(
    open_window, guisec: GuiSecDb, qtbot
) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["to_disable"]
    running = open_window(guisec.url, _sign_in(guisec, "to_disable"))
    window: Any = running.window
    window.select_unit("logical", "LG03")  # some window state that must survive
    qtbot.waitUntil(lambda: window.hub is not None and window.hub.isRunning(), timeout=10_000)
    ended = logins.disable_login(guisec.owner, lg.login)
    assert ended >= 1  # the window's connections were terminated by the server
    session = _wait_lost(qtbot, running)
    text = session.bannerText.text()
    assert text in {
        Reasons().describe(kind, lg.login, session.problem.detail, in_session=True)
        for kind in ("disabled", "terminated")
    }
    assert window.statusBar().currentMessage() == text
    window.grab().save(f"{SHOTS}/window_disabled.png")
    # Sign in again (the dialog, prefilled): refused while disabled, then fine once enabled again.
    qtbot.mouseClick(session.againButton, Qt.MouseButton.LeftButton)
    dialog: SignInDialog = session.dialog
    assert dialog is not None and dialog.isVisible() and dialog.loginEdit.text() == lg.login
    dialog.passwordEdit.setText(lg.password)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.isVisible() and dialog.errorLabel.text() == Reasons().describe("disabled", lg.login)
    logins.enable_login(guisec.owner, lg.login)
    dialog.submit()
    qtbot.waitUntil(lambda: session.problem is None and session.dialog is None, timeout=20_000)
    assert not session.banner.isVisible()
    assert window.unit is not None and window.unit[1] == "LG03"  # the window kept its state
    qtbot.waitUntil(lambda: window.hub is not None and window.hub.isRunning(), timeout=10_000)
    assert window.periodic.isActive()


def test_revoking_the_role_while_open_ends_the_session_clearly(open_window, guisec: GuiSecDb, qtbot) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["to_revoke"]
    running = open_window(guisec.url, _sign_in(guisec, "to_revoke"))
    window: Any = running.window
    assert logins.revoke_role(guisec.owner, lg.login, "liaison", logical="LG04")
    window.refresh_all()  # the next queries are refused: permission denied
    session = _wait_lost(qtbot, running)
    assert session.problem.kind == "revoked" and session.problem.detail == "liaison"
    assert session.bannerText.text() == Reasons().describe(
        session.problem.kind, lg.login, session.problem.detail, in_session=True
    )
    assert Reasons().role_names("liaison") in session.bannerText.text()
    window.grab().save(f"{SHOTS}/window_revoked.png")


def test_the_owner_connection_says_there_is_no_row_security(open_window, guisec: GuiSecDb) -> None:  # type: ignore[no-untyped-def]
    running = open_window(guisec.owner_url, live=False)
    session: Any = running.session
    assert session.mode == "owner"
    label = running.window.findChild(QLabel, "sessionLabel")  # type: ignore[attr-defined]
    assert label.text() == session.tr("owner connection - no row security")
    assert not session.actionSignOut.isEnabled()


def test_idle_lock_hides_the_window_until_signed_in_again(open_window, guisec: GuiSecDb, qtbot) -> None:  # type: ignore[no-untyped-def]
    lg = guisec.logins["liaison"]
    running = open_window(guisec.url, _sign_in(guisec, "liaison"), live=False)
    window: Any = running.window
    session: Any = running.session
    session.idle_timer.start(100)  # as if `session/idle_minutes` had passed without input
    qtbot.waitUntil(lambda: session.dialog is not None, timeout=5_000)
    assert not window.isVisible() and session.signed is None
    dialog = session.dialog
    assert dialog.purpose == "lock" and dialog.loginEdit.text() == lg.login
    dialog.passwordEdit.setText(lg.password)
    dialog.submit()
    qtbot.waitUntil(lambda: window.isVisible() and session.signed is not None, timeout=20_000)
    assert window.acting_person == lg.person_id


def test_sign_out_hides_the_window_and_quitting_the_dialog_closes_it(
    open_window, guisec: GuiSecDb, qtbot
) -> None:  # type: ignore[no-untyped-def]
    running = open_window(guisec.url, _sign_in(guisec, "liaison"), live=False)
    window: Any = running.window
    session: Any = running.session
    old_engine = session.engine
    session.actionSignOut.trigger()
    assert not window.isVisible() and session.signed is None
    assert old_engine.pool.checkedin() == 0  # the signed-in engine (with the password) is gone
    dialog = session.dialog
    assert dialog is not None and dialog.purpose == "lock" and dialog.isVisible()
    dialog.reject()  # "Quit"
    qtbot.waitUntil(lambda: session.dialog is None, timeout=5_000)
    assert not window.isVisible()
