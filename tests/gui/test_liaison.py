"""The department liaison's dock, offscreen, on the small demo (SQLite and PostgreSQL).

A court-enforcement liaison acts; they send a task to a grid's worker with the grid picked through
the map's grid-click signal; another connection, acting as that worker through workflow_ops, accepts
and replies; the reply reaches the tracking list through the live feed within a few seconds.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from commandcenter.db.engine import make_engine, session_factory
from commandcenter.db.models import Category, Grid, GridMembership, Person
from commandcenter.services import liaison as li
from commandcenter.services import workflow_ops as ops
from tests.gui.conftest import NOW

LIAISON = "GLG01S"  # the court enforcement bureau's liaison (执行网格)
GRID = "511503001001003"


def _demo_facts(url: str) -> dict[str, object]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            liaison = s.scalars(select(Person).where(Person.code == LIAISON)).one()
            worker = s.execute(
                select(Person.id, Person.name)
                .join(GridMembership, GridMembership.person_id == Person.id)
                .join(Grid, Grid.id == GridMembership.grid_id)
                .where(Grid.code == GRID, GridMembership.role == "grid_worker")
                .order_by(GridMembership.id)
            ).first()
            category = s.scalar(select(Category.id).where(Category.code == "XX06"))  # 执行线索
            admin = s.scalar(select(Person.id).where(Person.code == "A001"))
            queue = li.department_queue(s, liaison.id, now=NOW)
            return {
                "liaison": liaison.id,
                "worker": worker,
                "category": category,
                "admin": admin,
                "queue": queue,
            }
    finally:
        engine.dispose()


def _routed_to_urban_management(url: str, n: int) -> int:
    """n citizens' reports routed to 城管网格 (LG02) by the township's operator; its liaison's id."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            lon, lat = s.execute(select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)).one()
            s.rollback()
            for k in range(n):
                code = ops.report(
                    s, "R00001", category="XG02", lat=lat, lon=lon, title=f"楼道堆物{k}", now=NOW
                ).code
                ops.verify(s, "O0011", code, now=NOW)
                ops.route(s, "O0011", code, to="logical:LG02", now=NOW)
            return int(s.scalar(select(Person.id).where(Person.code == "GLG02S")))
    finally:
        engine.dispose()


def _live(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: "live" in window.connLabel.text() or "实时" in window.connLabel.text(), timeout=10_000
    )


def test_a_liaison_sends_a_task_picked_on_the_map_and_sees_the_reply_arrive(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    facts = _demo_facts(demo_db_url)
    window = make_window(demo_db_url)
    dock = window.liaison
    assert not dock.isVisible()  # the first acting person of the demo is an administrator
    _live(window, qtbot)
    with qtbot.waitSignal(dock.loaded, timeout=10_000):
        act_as(window, facts["liaison"])
    qtbot.waitUntil(dock.isVisible, timeout=5000)
    assert "执行网格" in dock.title.text()
    queue: li.DepartmentQueue = facts["queue"]  # type: ignore[assignment]
    assert [r.id for r in dock.queue_model.rows] == [r.id for r in queue.rows]
    assert f"<b style='color:#1d3557;font-size:15px'>{queue.measures.open}</b>" in dock.measures.text()
    assert dock.new_button.isEnabled() and not dock.templates_button.isEnabled()  # no administrator

    dialog = dock.open_new_task()
    assert dialog is not None
    at = dialog.category.findData(facts["category"])
    dialog.category.setCurrentIndex(at)
    qtbot.waitUntil(
        lambda: dialog.form is not None and dialog.form.category_id == facts["category"], timeout=5000
    )
    assert dialog.template.currentText() == "执行线索核查"  # the category's own template comes first
    assert "被执行人" in dialog.text.toPlainText()  # and fills the task text
    dialog.title_edit.setText("协查被执行人下落")
    assert not dialog.send_button.isEnabled()  # no target yet
    # A township center picked in the tree, then a person found by the search box ...
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    window.tree.unitSelected.emit("grid", GRID[:9])
    qtbot.waitUntil(lambda: dialog.target is not None, timeout=5000)
    assert dialog.target.target == li.TaskTarget("center", GRID[:9]) and dialog.target.assignee_id is None
    worker_id, worker_name = facts["worker"]  # type: ignore[misc]
    dialog.search_edit.setText(worker_name)
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.isVisible() and dialog.results.count() > 0, timeout=5000)
    assert worker_name in dialog.results.item(0).text()
    # ... and finally the grid clicked on the map: its worker.
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.picking
    window.map.gridClicked.emit(GRID)  # the map's signal, as a click on the grid sends it
    qtbot.waitUntil(lambda: dialog.target is not None and dialog.target.target.kind == "grid", timeout=5000)
    assert dialog.target.target == li.TaskTarget("grid", GRID)
    assert dialog.target.assignee_id == worker_id and worker_name in dialog.target_label.text()
    assert not dialog.picking and dialog.send_button.isEnabled()
    dialog.grab().save(str(screenshots / "liaison_new_task.png"))

    with qtbot.waitSignal(dialog.taskSent, timeout=10_000) as sent_signal:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    sent: li.TaskSent = sent_signal.args[0]
    task_id = sent.changed.event_id
    qtbot.waitUntil(lambda: dock.tracking_model.row_of(task_id) is not None, timeout=5000)
    tracked = dock.tracking_model.task(task_id)
    assert tracked is not None and tracked.reply_state == "awaiting" and tracked.assignee == worker_name
    assert task_id not in dock.tracking_model.new_replies

    # The grid worker's phone app, on its own connection: accept, then reply.
    other = make_engine(demo_db_url)
    try:
        with session_factory(other)() as s:
            ops.accept(s, worker_id, task_id, now=NOW + timedelta(hours=1))
            ops.reply(
                s, worker_id, task_id, result="已走访核实：被执行人现居本网格", now=NOW + timedelta(hours=2)
            )
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: task_id in dock.tracking_model.new_replies, timeout=5000)
    tracked = dock.tracking_model.task(task_id)
    assert tracked is not None and tracked.reply_state == "replied"
    assert tracked.reply == "已走访核实：被执行人现居本网格" and tracked.replied_by == worker_name
    row = dock.tracking_model.row_of(task_id)
    assert row is not None
    state = dock.tracking_model.index(row, dock.tracking_model.COLUMNS.index("state"))
    assert state.data() == "已回复待核查"
    qtbot.wait(100)
    window.grab().save(str(screenshots / "liaison_window.png"))
    dock.grab().save(str(screenshots / "liaison_dock.png"))
    # Selecting the row acknowledges the reply and shows the case.
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        dock.tracking_view.clicked.emit(state)
    assert task_id not in dock.tracking_model.new_replies and window.case_id == task_id


def test_bulk_assignment_lists_every_case_and_templates_are_for_administrators(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    facts = _demo_facts(demo_db_url)
    urban = _routed_to_urban_management(demo_db_url, 2)  # the demo's departments hold no routed case
    window = make_window(demo_db_url, live=False)
    dock = window.liaison
    with qtbot.waitSignal(dock.loaded, timeout=10_000):
        act_as(window, urban)
    assert "城管网格" in dock.title.text()
    routed = [i for i, r in enumerate(dock.queue_model.rows) if r.status == "routed"]
    other = [i for i, r in enumerate(dock.queue_model.rows) if r.status == "in_progress"][:1]
    assert len(routed) == 2 and other
    for i in routed + other:
        dock.queue_view.selectionModel().select(
            dock.queue_model.index(i, 0),
            dock.queue_view.selectionModel().SelectionFlag.Select
            | dock.queue_view.selectionModel().SelectionFlag.Rows,
        )
    assert dock.bulk_button.isEnabled()
    dialog = dock.open_bulk()
    assert dialog is not None and dialog.table.rowCount() == 3
    qtbot.waitUntil(lambda: dialog.people.count() > 1, timeout=5000)
    dialog.people.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.assigned, timeout=10_000):
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    outcomes = {r.case_id: r.outcome for r in dialog.results}
    rows = dock.queue_model.rows
    assert [outcomes[rows[i].id] for i in routed] == ["ok", "ok"]
    assert outcomes[rows[other[0]].id] == "refused"  # its state allows no assignment: said, not hidden
    assert dialog.table.item(2, 1).text() == "被拒绝" and dialog.table.item(2, 2).text()
    dialog.grab().save(str(screenshots / "liaison_bulk.png"))
    dialog.close()

    # An administrator opens the template editor from the same dock (via the View menu).
    with qtbot.waitSignal(dock.loaded, timeout=10_000):
        act_as(window, facts["admin"])
    assert dock.templates_button.isEnabled() and not dock.new_button.isEnabled()
    editor = dock.open_templates()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.list.count() >= 9, timeout=5000)
    editor.new_template()
    editor.category.setCurrentIndex(editor.category.findData(facts["category"]))
    editor.title_edit.setText("财产线索补充核查")
    editor.body.setPlainText("请补充核查被执行人名下车辆及经营场所。")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    assert saved.args[0].version == 1 and saved.args[0].updated_by
    qtbot.waitUntil(lambda: any("财产线索补充核查" in editor.list.item(i).text() for i in range(editor.list.count())),
                    timeout=5000)  # fmt: skip
    editor.grab().save(str(screenshots / "liaison_templates.png"))
    editor.close()
    window.set_language("en")  # the translators post a LanguageChange: the dock follows
    qtbot.waitUntil(lambda: dock.windowTitle() == "Department tasks", timeout=5000)
    assert dock.templates_button.text() == "Reply templates…"
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: dock.windowTitle() == "部门任务", timeout=5000)


def act_as(window, person_id: int) -> None:  # type: ignore[no-untyped-def]
    """Choose the person in the toolbar's "acting as" box, as a user does."""
    combo = window.filters.acting
    combo.setCurrentIndex(combo.findData(person_id))
    combo.activated.emit(combo.currentIndex())
