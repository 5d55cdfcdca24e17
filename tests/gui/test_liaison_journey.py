"""Issue 6, "Done when", tried end to end as a new user would, on the password-checking cluster `ccsec`.

1. The administrator signs in with their own login (the sign-in dialog), opens 管理 from the window's
   menu and, in the administration window, creates a liaison of the court's enforcement grid (执行网格,
   LG01): the person, the membership, the liaison role and a login with a password. The grid worker who
   will answer gets a login there too.
2. The liaison signs in through the dialog (types the login and password, clicks OK); the window opens
   on the liaison's own engine, the 部门任务 dock shows, and the queues and the dock hold exactly the
   court's cases (counted on the owner connection), never another department's.
3. The liaison sends a task to the worker of a grid picked on the map: the pick mode is armed in the
   dialog and a real left click is sent to the map widget at a point inside the grid's polygon (a point
   computed in the page from its own projected shapes, away from case markers), so the page's Leaflet
   click handler -> QWebChannel bridge -> MapView.gridClicked -> dock path is the one a user drives.
4. The grid worker, on a separate connection with their own login, accepts and replies through the
   workflow services; the reply shows in the liaison's tracking list within seconds (the change feed).
5. The liaison's login over a raw psycopg connection (what psql would do) cannot read another
   department's case, its UPDATE changes nothing or is refused, and a forged trail row is refused.

The demo's court cases are all closed, so a township operator first routes two citizens' reports to
the court (on the owner connection, as the center would): the liaison then has open cases to see.
The windows run on the real clock, not the demo's fixed "now": on a personal login the database
accepts a step only at its own time (migration 0007), as in real use.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import keyring
import psycopg
import pytest
from keyring.backends import fail
from psycopg import errors
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import text

from commandcenter.db.engine import session_factory
from commandcenter.gui.app import Running, create_window
from commandcenter.gui.signin_dialog import SignInDialog
from commandcenter.security import signin
from commandcenter.services import liaison as li
from commandcenter.services import workflow_ops as ops
from tests.gui import conftest_security
from tests.gui.conftest_security import JourneyDb
from tests.gui.helpers import js

journeysec = conftest_security.journeysec  # the fixture: a demo database where only A001 has a login
SHOTS = "/tmp/journey"
COURT = "LG01"  # 执行网格（区法院执行局）
GRID = "511503001001003"  # a grid of township 511503001, whose operator is O0011
OPERATOR = "O0011"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The machine's keyring is left alone (nobody ticks "remember me" here)."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def windows(qtbot, tmp_path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """open(signed, live) -> Running: the window as the app opens it after a sign-in, shown and started."""
    made: list[Running] = []

    def open_(url: str, signed: signin.SignedIn, live: bool = True) -> Running:
        settings = QSettings(str(tmp_path / f"settings-{len(made)}.ini"), QSettings.Format.IniFormat)
        # The real clock: on a personal login the database takes a step only at its own time (0007).
        running = create_window(url, "zh_CN", settings=settings, live=live, signed_in=signed)
        window: Any = running.window
        window.resize(1600, 960)
        qtbot.addWidget(window)
        made.append(running)
        with qtbot.waitSignal(window.firstScreen, timeout=60_000):
            window.show()
            window.start()
        return running

    yield open_
    for running in made:
        close(running)


_closed: set[int] = set()


def close(running: Running) -> None:
    """Stop the window's work and drop its connections (once)."""
    if id(running) in _closed:
        return
    _closed.add(id(running))
    window: Any = running.window
    window.shutdown()
    engine = getattr(running.session, "engine", None)
    if engine is not None:
        engine.dispose()
    running.engine.dispose()


def sign_in_with_dialog(qtbot: Any, url: str, login: str, password: str, shot: str) -> signin.SignedIn:
    """The start-up dialog: type the login and the password, click OK."""
    dialog = SignInDialog(url, login=None, purpose="start")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.loginEdit.clear()
    qtbot.keyClicks(dialog.loginEdit, login)
    qtbot.keyClicks(dialog.passwordEdit, password)
    dialog.grab().save(f"{SHOTS}/{shot}")
    with qtbot.waitSignal(dialog.signedIn, timeout=20_000) as got:
        qtbot.mouseClick(
            dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    signed = got.args[0]
    assert isinstance(signed, signin.SignedIn) and signed.login == login
    assert not dialog.isVisible() and dialog.passwordEdit.text() == ""
    # Deleted on the GUI thread, as the app's session does: pytest-qt keeps only a weak reference,
    # and Python's cycle collector may run on a database pool thread, where deleting a widget with a
    # running timer (the line edit's cursor) leaves a dangling timer behind (a crash, seen here).
    dialog.deleteLater()
    return signed


def type_chinese(edit: Any, words: str) -> None:
    """Chinese is typed through an input method: its commit string, as the IME sends it (QTest's key
    clicks know only ASCII)."""
    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(words)
    QApplication.sendEvent(edit, event)
    assert edit.text().endswith(words)


def _pick(combo: Any, data: str) -> None:
    at = combo.findData(data)
    assert at >= 0, f"{data} is not offered"
    combo.setCurrentIndex(at)


def route_reports_to_the_court(db: JourneyDb, n: int) -> list[int]:
    """n citizens' reports in GRID, verified and routed to the court by the township's operator."""
    with session_factory(db.owner)() as s:
        lon, lat = s.execute(
            text("SELECT centroid_lon, centroid_lat FROM grids WHERE code = :c"), {"c": GRID}
        ).one()
        s.rollback()
        ids = []
        for k in range(n):
            code = ops.report(
                s, "R00001", category="XX06", lat=lat, lon=lon, title=f"发现被执行人线索{k + 1}"
            ).code
            ops.verify(s, OPERATOR, code)
            ids.append(ops.route(s, OPERATOR, code, to=f"logical:{COURT}").event_id)
        return ids


# --------------------------------------------------------------------------- 1. the administrator


def admin_creates_people(qtbot: Any, db: JourneyDb, windows: Any, worker_id: int) -> dict[str, Any]:
    """Through the administration window of the administrator's own signed-in window."""
    me = db.admin
    signed = sign_in_with_dialog(qtbot, db.url, me.login, me.password, "signin_admin.png")
    assert signed.person_id == me.person_id and "admin" in signed.roles
    running = windows(db.url, signed, live=False)
    window: Any = running.window
    entry = window.admin_entry
    qtbot.waitUntil(entry.action.isEnabled, timeout=10_000)
    entry.action.trigger()
    win = entry.admin_window
    assert win is not None and win.isVisible()
    people = win.people
    qtbot.waitUntil(lambda: people.table.rowCount() > 50 and people.memberUnit.count() > 0, timeout=30_000)
    qtbot.waitUntil(lambda: win.logical.tree.topLevelItemCount() > 5, timeout=30_000)  # the departments

    code = f"JL{uuid.uuid4().hex[:5].upper()}"
    login, password = f"{db.tag}_court", "court-liaison-2026"
    qtbot.mouseClick(people.newButton, Qt.MouseButton.LeftButton)
    people.code.setText(code)
    people.name.setText("郑执行")
    people.phone.setText("13800005678")
    qtbot.mouseClick(people.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.person is not None and people.person.person.code == code, timeout=10_000)
    liaison_id = people.person.person.id
    _pick(people.memberKind, "logical")
    _pick(people.memberUnit, COURT)
    _pick(people.memberRole, "liaison")
    qtbot.mouseClick(people.addMember, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.memberships.rowCount() == 1, timeout=10_000)
    _pick(people.grantRole, "liaison")
    _pick(people.grantScope, COURT)
    qtbot.mouseClick(people.addGrant, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.grants.rowCount() == 1, timeout=10_000)
    people.login.setText(login)
    people.password.setText(password)
    people.password2.setText(password)
    qtbot.mouseClick(people.createLogin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.person is not None and people.person.login_enabled is True, timeout=15_000)
    assert login in people.loginState.text()
    qtbot.wait(200)
    win.grab().save(f"{SHOTS}/admin_new_liaison.png")

    # The grid worker who will answer: found in the list, given a login.
    worker_login, worker_password = f"{db.tag}_worker", "grid-worker-2026"
    people.load_person(worker_id)
    qtbot.waitUntil(
        lambda: people.person is not None and people.person.person.id == worker_id, timeout=10_000
    )
    assert people.createLogin.isEnabled()
    people.login.setText(worker_login)
    people.password.setText(worker_password)
    people.password2.setText(worker_password)
    qtbot.mouseClick(people.createLogin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.person is not None and people.person.login_enabled is True, timeout=15_000)
    win.close()
    window.close()  # the administrator is done; the liaison signs in on this machine next
    close(running)
    # Done by the administrator's own login, as the administration trail says.
    with db.owner.connect() as conn:
        who = conn.execute(
            text(
                "SELECT DISTINCT login FROM admin_audit WHERE table_name = 'role_grants' AND row_key IN "
                "(SELECT id::text FROM role_grants WHERE person_id = :p)"
            ),
            {"p": liaison_id},
        ).scalars()
        assert list(who) == [me.login]
    return {
        "liaison": (liaison_id, login, password),
        "worker": (worker_id, worker_login, worker_password),
    }


# --------------------------------------------------------------------------- 3. the click on the map

# A point of the grid's polygon on screen, away from the case markers: sampled from the page's own
# projected shapes (the ones its click handler tests), as [x, y] in the map's container pixels.
_POINT_IN_GRID = """(function (code) {
  var G = CC.grids, g = CC.gridByCode.get(code);
  if (g === undefined) return null;
  var v = CC.gridLayer.view(), size = CC.map.getSize(), s = CC.store, cv = CC.caseCanvas.view();
  function inside(px, py) {
    var hit = false;
    for (var r = G.ringFirst[g]; r < G.ringFirst[g + 1]; r++) {
      var k0 = G.vertexFirst[r], k1 = G.vertexFirst[r + 1];
      for (var i = k0, j = k1 - 1; i < k1; j = i++) {
        var yi = G.y[i], yj = G.y[j];
        if (yi > py !== yj > py && px < ((G.x[j] - G.x[i]) * (py - yi)) / (yj - yi) + G.x[i]) hit = !hit;
      }
    }
    return hit;
  }
  var b = 4 * g, best = null, bestD = -1;
  for (var a = 1; a < 24; a++) for (var c = 1; c < 24; c++) {
    var px = G.box[b] + ((G.box[b + 2] - G.box[b]) * a) / 24;
    var py = G.box[b + 1] + ((G.box[b + 3] - G.box[b + 1]) * c) / 24;
    if (!inside(px, py)) continue;
    var x = px * v.scale - v.ox, y = py * v.scale - v.oy;
    if (x < 10 || y < 10 || x > size.x - 10 || y > size.y - 10) continue;
    var d = Infinity;
    for (var k = 0; k < s.n; k++) {
      var dx = s.x[k] * cv.scale - cv.ox - x, dy = s.y[k] * cv.scale - cv.oy - y;
      d = Math.min(d, dx * dx + dy * dy);
    }
    if (d > bestD) { bestD = d; best = [Math.round(x), Math.round(y), Math.sqrt(d)]; }
  }
  return best;
})(%s)"""


def zoom_to_grid(window: Any, code: str) -> None:
    """The map shows the grid large (what choosing it in the tree or the search box does)."""
    window.select_unit("grid", code)


def click_grid_on_the_map(qtbot: Any, window: Any, code: str) -> None:
    """A real left click on the map widget, inside the grid's polygon, once the map stands still."""
    view = window.map
    points: list[Any] = [None]

    def settled() -> bool:  # the same point twice in a row: the fly-to animation is over
        points.append(js(qtbot, view, _POINT_IN_GRID % f"'{code}'"))
        qtbot.wait(150)
        return points[-1] is not None and points[-1] == points[-2]

    qtbot.waitUntil(settled, timeout=10_000)
    x, y, clearance = points[-1]
    assert clearance > 12, f"no point of grid {code} lies away from the case markers"
    target = view.focusProxy() or view
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))


# --------------------------------------------------------------------------- the journey


def test_a_new_court_liaison_sends_a_task_picked_on_the_map_and_sees_the_reply(  # type: ignore[no-untyped-def]
    qtbot, journeysec: JourneyDb, windows, no_keyring
) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    db = journeysec
    with db.owner.connect() as conn:
        worker_id, worker_name = conn.execute(
            text(
                "SELECT p.id, p.name FROM grid_memberships m JOIN grids g ON g.id = m.grid_id "
                "JOIN people p ON p.id = m.person_id WHERE g.code = :g AND m.role = 'grid_worker' "
                "ORDER BY m.id LIMIT 1"
            ),
            {"g": GRID},
        ).one()
        # Another department's open case (城管网格, urban management).
        other_case = conn.execute(
            text(
                "SELECT e.id FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
                "WHERE lg.code LIKE 'LG02%' AND e.status = 'in_progress' ORDER BY e.id LIMIT 1"
            )
        ).scalar_one()
    routed = route_reports_to_the_court(db, 2)

    # 1. -------------------------------------------------------------------------------------------
    made = admin_creates_people(qtbot, db, windows, worker_id)
    liaison_id, login, password = made["liaison"]
    _, worker_login, worker_password = made["worker"]

    # 2. -------------------------------------------------------------------------------------------
    signed = sign_in_with_dialog(qtbot, db.url, login, password, "signin_liaison.png")
    assert (signed.person_id, signed.roles) == (liaison_id, ("liaison",))
    running = windows(db.url, signed)
    window: Any = running.window
    assert running.engine is signed.engine and signed.engine.url.username == login
    with running.engine.connect() as conn:  # the window's queries run as the liaison's login
        assert conn.execute(text("SELECT session_user")).scalar() == login
    assert window.acting_person == liaison_id
    dock = window.liaison
    qtbot.waitUntil(lambda: dock.isVisible() and dock.data is not None, timeout=20_000)
    assert "执行网格" in dock.title.text()
    with db.owner.connect() as conn:  # the court's open cases, counted on the owner connection
        court_open = set(
            conn.execute(
                text(
                    "SELECT e.id FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
                    "WHERE lg.code LIKE :c AND e.status NOT IN ('closed', 'voided')"
                ),
                {"c": f"{COURT}%"},
            ).scalars()
        )
        by_queue = dict(
            conn.execute(
                text(
                    "SELECT CASE WHEN e.status IN ('verified', 'routed') THEN 'dispatch' "
                    "WHEN e.status IN ('assigned', 'in_progress', 'rework') THEN 'in_progress' "
                    "WHEN e.status = 'replied' THEN 'check' WHEN e.status = 'reported' THEN 'verify' END, "
                    "count(*) FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
                    "WHERE lg.code LIKE :c GROUP BY 1"
                ),
                {"c": f"{COURT}%"},
            ).all()
        )
        everyone_open = conn.execute(
            text("SELECT count(*) FROM events WHERE status NOT IN ('closed', 'voided')")
        ).scalar_one()
    assert court_open == set(routed)  # the demo's own court cases are all closed
    assert {r.id for r in dock.queue_model.rows} == court_open
    assert other_case not in {r.id for r in dock.queue_model.rows}
    for key in ("verify", "dispatch", "in_progress", "check"):
        assert window.queues.counts[key] == by_queue.get(key, 0), key
        assert other_case not in window.queues.holds(key, [other_case])
    assert (
        sum(window.queues.counts[k] for k in ("verify", "dispatch", "in_progress", "check")) < everyone_open
    )
    qtbot.wait(300)
    window.grab().save(f"{SHOTS}/liaison_signed_in.png")

    # 3. -------------------------------------------------------------------------------------------
    qtbot.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    dialog = dock.task_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.category.count() > 1, timeout=10_000)
    with db.owner.connect() as conn:
        category = conn.execute(
            text("SELECT id FROM categories WHERE code = 'XX06'")
        ).scalar_one()  # 执行线索
    dialog.category.setCurrentIndex(dialog.category.findData(category))
    qtbot.waitUntil(lambda: dialog.form is not None and dialog.form.category_id == category, timeout=10_000)
    type_chinese(dialog.title_edit, "协查被执行人下落")
    zoom_to_grid(window, GRID)
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.picking and dialog.target is None
    clicked: list[str] = []
    window.map.gridClicked.connect(clicked.append)
    click_grid_on_the_map(qtbot, window, GRID)
    qtbot.waitUntil(lambda: clicked == [GRID], timeout=5_000)  # the page's click came over the bridge
    qtbot.waitUntil(lambda: dialog.target is not None and dialog.target.target.kind == "grid", timeout=10_000)
    assert dialog.target.target == li.TaskTarget("grid", GRID)
    assert dialog.target.assignee_id == worker_id and worker_name in dialog.target_label.text()
    assert not dialog.picking and dialog.send_button.isEnabled()
    dialog.grab().save(f"{SHOTS}/liaison_new_task.png")
    sent: list[li.TaskSent] = []
    dialog.taskSent.connect(sent.append)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(sent) or "#d7191c" in dialog.message.styleSheet(), timeout=20_000)
    assert sent, f"the task was not sent: {dialog.message.text()}"
    task_id = sent[0].changed.event_id
    qtbot.waitUntil(lambda: dock.tracking_model.row_of(task_id) is not None, timeout=10_000)
    tracked = dock.tracking_model.task(task_id)
    assert tracked is not None and tracked.reply_state == "awaiting" and tracked.assignee == worker_name
    with db.owner.connect() as conn:  # written by the liaison's own login, for that worker
        row = conn.execute(
            text(
                "SELECT e.assignee_id, e.reporter_id, s.actor_id, s.step FROM events e "
                "JOIN event_steps s ON s.event_id = e.id WHERE e.id = :i ORDER BY s.id LIMIT 1"
            ),
            {"i": task_id},
        ).one()
    assert tuple(row) == (worker_id, liaison_id, liaison_id, "task")

    # 4. -------------------------------------------------------------------------------------------
    worker = signin.sign_in(db.url, worker_login, worker_password)  # the worker's phone app
    try:
        assert worker.person_id == worker_id and "grid_worker" in worker.roles
        with session_factory(worker.engine)() as s:
            ops.accept(s, worker_id, task_id)
            ops.reply(s, worker_id, task_id, result="已走访核实：被执行人现居本网格")
    finally:
        worker.engine.dispose()
    qtbot.waitUntil(lambda: task_id in dock.tracking_model.new_replies, timeout=5_000)  # live
    tracked = dock.tracking_model.task(task_id)
    assert tracked is not None and tracked.reply_state == "replied"
    assert tracked.reply == "已走访核实：被执行人现居本网格" and tracked.replied_by == worker_name
    dock.tabs.setCurrentIndex(1)
    qtbot.wait(300)
    window.grab().save(f"{SHOTS}/liaison_reply_arrived.png")
    dock.grab().save(f"{SHOTS}/liaison_dock_reply.png")

    # 5. -------------------------------------------------------------------------------------------
    with db.connect(login, password, autocommit=True) as conn:  # psql with the liaison's login
        assert conn.execute("SELECT session_user").fetchone() == (login,)
        assert conn.execute("SELECT id FROM events_public WHERE id = %s", (other_case,)).fetchall() == []
        assert conn.execute("SELECT id, status FROM events WHERE id = %s", (other_case,)).fetchall() == []
        assert conn.execute(
            "SELECT count(*) FROM event_steps WHERE event_id = %s", (other_case,)
        ).fetchone() == (0,)
        mine = conn.execute("SELECT count(*) FROM events_public WHERE id = ANY(%s)", (routed,)).fetchone()
        assert mine == (len(routed),)  # the same connection does see the court's own cases
        try:
            changed = conn.execute(
                "UPDATE events SET status = 'closed', version = version + 1 WHERE id = %s", (other_case,)
            ).rowcount
        except errors.InsufficientPrivilege:
            changed = 0
        assert changed == 0
        with pytest.raises(errors.InsufficientPrivilege):  # a trail row nobody's step made
            conn.execute(
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, note) "
                "VALUES (%s, 'close', %s, 'in_progress', 'closed', 'forged')",
                (other_case, liaison_id),
            )
        with pytest.raises(errors.InsufficientPrivilege):  # nor in another's name on a case of theirs
            conn.execute(
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, note) "
                "VALUES (%s, 'assign', %s, 'routed', 'assigned', 'forged')",
                (routed[0], worker_id),
            )
        # and the court's own case moves only by a recorded step (refused at commit)
        with pytest.raises(psycopg.Error), conn.transaction():
            conn.execute("UPDATE events SET status = 'closed' WHERE id = %s", (routed[0],))
    with db.owner.connect() as conn:
        assert (
            conn.execute(text("SELECT status FROM events WHERE id = :i"), {"i": other_case}).scalar()
            == "in_progress"
        )
        assert (
            conn.execute(text("SELECT status FROM events WHERE id = :i"), {"i": routed[0]}).scalar()
            == "routed"
        )
        forged = conn.execute(text("SELECT count(*) FROM event_steps WHERE note = 'forged'")).scalar()
    assert forged == 0
