"""The administration window: an administrator creates a liaison of the court's enforcement grid with a
membership, a role and a login, from the window (PostgreSQL with password checks, cluster `ccsec`);
the menu entry is enabled only for administrators (SQLite demo)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from commandcenter.db.engine import session_factory
from commandcenter.db.models import Person
from commandcenter.gui.admin import AdminWindow
from commandcenter.gui.admin.common import AdminContext
from commandcenter.gui.worker import DbExecutor
from commandcenter.security.signin import sign_in
from tests.security.conftest import PORT, SecDb, secdb  # noqa: F401  (the fixture)

SHOTS = Path("/tmp")


@pytest.fixture
def zh(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from commandcenter.gui.i18n import Translators

    translators = Translators(qapp)
    translators.use("zh_CN")
    yield
    translators.use("en")


def _pick(combo, code: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(code)
    assert index >= 0, f"{code} is not offered"
    combo.setCurrentIndex(index)


@pytest.mark.postgres
def test_admin_creates_a_court_liaison_with_a_login(qtbot, secdb: SecDb, zh, screenshots) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    admin_id = secdb.logins["admin"].person_id
    executor = DbExecutor(session_factory(secdb.owner))
    win = AdminWindow(AdminContext(executor, admin_id, postgres=True))
    qtbot.addWidget(win)
    win.show()
    win.load()
    people = win.people
    qtbot.waitUntil(lambda: people.table.rowCount() > 50 and people.memberUnit.count() > 0, timeout=20_000)
    qtbot.waitUntil(lambda: win.logical.tree.topLevelItemCount() > 5, timeout=20_000)

    code = f"J{uuid.uuid4().hex[:5].upper()}"
    login = f"{secdb.tag}_judge_{uuid.uuid4().hex[:4]}"
    qtbot.mouseClick(people.newButton, Qt.MouseButton.LeftButton)
    people.code.setText(code)
    people.name.setText("林执行")
    people.phone.setText("13800001234")
    qtbot.mouseClick(people.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.person is not None and people.person.person.code == code, timeout=10_000)
    assert code in people.message.text()

    # a membership in the court-enforcement logical grid (执行网格, LG01) as its liaison
    _pick(people.memberKind, "logical")
    _pick(people.memberUnit, "LG01")
    _pick(people.memberRole, "liaison")
    qtbot.mouseClick(people.addMember, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.memberships.rowCount() == 1, timeout=10_000)
    assert people.memberships.item(0, 1).text() == "LG01"

    # the liaison role over that logical grid
    _pick(people.grantRole, "liaison")
    _pick(people.grantScope, "LG01")
    qtbot.mouseClick(people.addGrant, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.grants.rowCount() == 1, timeout=10_000)

    # the login: two different passwords are refused before anything is sent
    people.login.setText(login)
    people.password.setText("court-liaison-1")
    people.password2.setText("court-liaison-2")
    qtbot.mouseClick(people.createLogin, Qt.MouseButton.LeftButton)
    assert "password" in people.message.text().lower() or "密码" in people.message.text()
    assert people.person.person.login is None
    people.password.setText("court-liaison-1")
    people.password2.setText("court-liaison-1")
    qtbot.mouseClick(people.createLogin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.person is not None and people.person.login_enabled is True, timeout=15_000)
    assert login in people.loginState.text()
    assert people.password.text() == "" and people.password2.text() == ""
    assert people.disableLogin.isEnabled() and not people.createLogin.isEnabled()

    # the audit tab shows what was done, by the administrator
    win.tabs.setCurrentWidget(win.audit)

    def newest() -> set[tuple[str, str]]:
        t = win.audit.table
        return {(t.item(r, 3).text(), t.item(r, 1).text()) for r in range(min(4, t.rowCount()))}

    admin_name = secdb.owner_scalar("SELECT name FROM people WHERE id = :p", p=admin_id)
    want = {(table, admin_name) for table in ("people", "logical_memberships", "role_grants")}
    qtbot.waitUntil(lambda: want <= newest(), timeout=10_000)
    win.audit.table.selectRow(0)
    qtbot.wait(100)
    assert "→" in win.audit.detail.toPlainText()
    win.grab().save(str(SHOTS / "admin_audit.png"))
    win.tabs.setCurrentWidget(win.people)
    qtbot.wait(200)
    shot = win.grab()
    shot.save(str(SHOTS / "admin_people.png"))
    shot.save(str(screenshots / "admin_people.png"))

    # the new liaison signs in with that password and is who the window says
    signed = sign_in(f"postgresql+psycopg://x@127.0.0.1:{PORT}/{secdb.database}", login, "court-liaison-1")
    try:
        assert signed.roles == ("liaison",) and signed.person_code == code
    finally:
        signed.engine.dispose()
    executor.wait()


@pytest.mark.parametrize("backend", ["sqlite"])  # the embedded demo; PostgreSQL is covered above
def test_menu_entry_only_for_administrators(qtbot, make_window, demo_db_url: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, live=False)
    entry = window.admin_entry
    assert entry.menu.title() == "管理(&A)"  # the window runs in Chinese
    with session_factory(window.executor.factory.kw["bind"])() as s:
        admin_id = s.scalar(select(Person.id).where(Person.code == "A001"))
        worker_id = s.scalar(select(Person.id).where(Person.code == "W00001"))
    window.filters.actingChanged.emit(worker_id)
    qtbot.waitUntil(lambda: window.acting_person == worker_id, timeout=5000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not entry.action.isEnabled(), timeout=5000)
    window.filters.actingChanged.emit(admin_id)
    qtbot.waitUntil(entry.action.isEnabled, timeout=5000)
    entry.action.trigger()
    admin_window = entry.admin_window
    assert admin_window is not None and admin_window.isVisible()
    qtbot.waitUntil(lambda: admin_window.categories.table.rowCount() >= 40, timeout=10_000)
    assert not admin_window.people.loginBox.isEnabled()  # no logins on SQLite
    admin_window.tabs.setCurrentWidget(admin_window.categories)
    admin_window.categories.table.selectRow(0)
    qtbot.wait(200)
    admin_window.grab().save(str(SHOTS / "admin_categories.png"))
    # the logical grids with their coverage, searched
    admin_window.tabs.setCurrentWidget(admin_window.logical)
    tab = admin_window.logical
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() >= 16 and len(tab.grid_items) > 10, timeout=10_000)
    child = next(
        tab.tree.topLevelItem(i).child(0)
        for i in range(tab.tree.topLevelItemCount())
        if tab.tree.topLevelItem(i).childCount()
    )
    child.setSelected(True)
    qtbot.waitUntil(lambda: tab.current is not None and not tab.current.covers_all, timeout=5000)
    assert sorted(tab.checked_codes()) == sorted(tab.current.covered)
    tab.gridSearch.setText(tab.current.covered[0])
    hidden = sum(item.isHidden() for item in tab.grid_items.values())
    assert 0 < hidden < len(tab.grid_items)
    qtbot.wait(200)
    admin_window.grab().save(str(SHOTS / "admin_logical.png"))
    admin_window.tabs.setCurrentWidget(admin_window.categories)
    # a bad limit typed into the table is refused with the field named, nothing saved
    admin_window.categories.limits.item(0, 1).setText("-1")
    qtbot.mouseClick(admin_window.categories.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "limit of verify" in admin_window.categories.message.text(), timeout=5000)
    window.filters.actingChanged.emit(worker_id)
    qtbot.waitUntil(lambda: not entry.action.isEnabled(), timeout=5000)
    assert not admin_window.isVisible()  # closed when the acting person is no administrator
