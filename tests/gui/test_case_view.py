"""The case view: who takes the steps the acting person may not, the reply read in full, and a routed
case not routed again to its own unit (a user audit found all three)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from commandcenter.db.engine import make_engine

LONG_REPLY = (
    "已到现场核查：占道摊点三处，均已劝离并登记经营者信息；现场已清理干净，"
    "处置前后照片已上传。另：该路段傍晚时段反复出现，建议城管中队加强巡查。"
)


def _one(url: str, sql: str, **params: object) -> tuple:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(text(sql), params).one())
    finally:
        engine.dispose()


def _operator_of(url: str, grid_code: str) -> int:
    return int(
        _one(
            url,
            "SELECT r.person_id FROM role_grants r JOIN grids g ON g.id = r.grid_id "
            "WHERE r.role = 'operator' AND g.code = :t ORDER BY r.person_id LIMIT 1",
            t=grid_code[:9],
        )[0]
    )


def _admin(window) -> int:  # type: ignore[no-untyped-def]
    """An administrator (may take every step) among the people the window acts as."""
    return int(next(p for p in window.static.people if p.detail.startswith("admin")).id)


def _show(window, qtbot, case_id: int, person: int) -> None:  # type: ignore[no-untyped-def]
    window._acting_changed(person)
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(case_id, pan=False)
    qtbot.waitUntil(
        lambda: window.case.detail is not None and window.case.detail.row.id == case_id, timeout=5000
    )


def test_an_operator_is_told_who_accepts_and_replies(make_window, demo_db_url, qtbot, screenshots) -> None:  # type: ignore[no-untyped-def]
    case_id, grid_code, assignee = _one(
        demo_db_url,
        "SELECT e.id, g.code, p.name FROM events e JOIN grids g ON g.id = e.grid_id "
        "JOIN people p ON p.id = e.assignee_id WHERE e.status = 'assigned' ORDER BY e.id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)
    window.caseDock.raise_()
    operator = _operator_of(demo_db_url, grid_code)
    _show(window, qtbot, case_id, operator)
    case = window.case
    # The buttons stay exactly the operator's steps; the line says whose the missing ones are.
    assert case.button("accept") is None and case.button("reply") is None
    assert case.ahead.isVisibleTo(window)
    assert case.ahead.text() == f"签收、回复：由承办人{assignee}办理"
    assert case.ahead.toolTip() == ""  # the rules' own (English) reasons only in English
    qtbot.waitUntil(lambda: case.button("send_back") is not None and case.button("send_back").isVisible())
    window.caseDock.resize(400, 700)
    assert window.caseDock.grab().save(str(screenshots / "case_view_operator_assigned.png"))

    # A department's case: its liaison may reply too.
    case_id, grid_code, assignee, dept = _one(
        demo_db_url,
        "SELECT e.id, g.code, p.name, l.name FROM events e JOIN grids g ON g.id = e.grid_id "
        "JOIN people p ON p.id = e.assignee_id JOIN logical_grids l ON l.id = e.responsible_logical_id "
        "WHERE e.status = 'in_progress' ORDER BY e.id LIMIT 1",
    )
    _show(window, qtbot, case_id, _operator_of(demo_db_url, grid_code))
    assert case.ahead.text() == f"回复：由承办人{assignee}或部门联络员（{dept}）办理"

    # An administrator may take every step: no line.
    _show(window, qtbot, case_id, _admin(window))
    qtbot.waitUntil(lambda: window.case.button("reply") is not None, timeout=5000)
    assert not case.ahead.isVisibleTo(window)


def test_the_reply_is_read_in_full_in_the_trail_and_the_details(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    (case_id,) = _one(demo_db_url, "SELECT id FROM events WHERE status = 'in_progress' ORDER BY id LIMIT 1")
    window = make_window(demo_db_url, live=False)
    window.caseDock.raise_()
    _show(window, qtbot, case_id, _admin(window))
    with qtbot.waitSignal(window.stepDone, timeout=10_000):
        window.run_step("reply", {"result": LONG_REPLY})
    qtbot.waitUntil(lambda: window.case.detail.row.status == "replied", timeout=5000)
    qtbot.waitUntil(
        lambda: bool(window.case.button("check_pass")) and window.case.button("check_pass").isVisible()
    )
    window.executor.wait(5000)  # every read the step started is shown: the trail is not rebuilt under us
    qtbot.wait(50)
    window.caseDock.resize(400, 700)
    trail = window.caseTrail
    last = trail.topLevelItem(trail.topLevelItemCount() - 1)
    assert last.childCount() == 1 and last.child(0).text(0).strip() == LONG_REPLY
    assert trail.isColumnHidden(3)
    # Word-wrapped on its own full-width line: taller than one line of text.
    rect = trail.visualItemRect(last.child(0))
    assert rect.height() > 2 * trail.fontMetrics().height(), rect
    assert rect.width() > 300
    assert window.caseDock.grab().save(str(screenshots / "case_view_reply_trail.png"))
    # A wider dock: the note wraps again, into fewer lines.
    window.resizeDocks([window.caseDock], [trail.width() + 400], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: trail.visualItemRect(last.child(0)).height() < rect.height(), timeout=3000)

    fields = window.caseFields
    rows = {fields.item(i, 0).text(): fields.item(i, 1).text() for i in range(fields.rowCount())}
    assert rows["回复内容"] == LONG_REPLY and "核查结果" not in rows
    window.caseTabs.setCurrentIndex(1)
    assert window.caseDock.grab().save(str(screenshots / "case_view_reply_details.png"))

    operator = _operator_of(demo_db_url, window.case.detail.row.grid_code)
    _show(window, qtbot, case_id, operator)
    qtbot.waitUntil(lambda: window.case.button("check_fail") is not None, timeout=5000)
    with qtbot.waitSignal(window.stepDone, timeout=10_000):
        window.run_step("check_fail", {"note": "照片不清楚，请补拍"})
    qtbot.waitUntil(lambda: window.case.detail.row.status == "rework", timeout=5000)
    rows = {fields.item(i, 0).text(): fields.item(i, 1).text() for i in range(fields.rowCount())}
    assert rows["回复内容"] == LONG_REPLY and rows["核查结果"] == "核查不通过：照片不清楚，请补拍"


def test_a_routed_case_is_not_routed_again_to_its_unit(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    case_id, grid_code, kind, unit = _one(
        demo_db_url,
        "SELECT e.id, g.code, e.responsible_kind, coalesce(l.code, r.code) FROM events e "
        "JOIN grids g ON g.id = e.grid_id LEFT JOIN logical_grids l ON l.id = e.responsible_logical_id "
        "LEFT JOIN grids r ON r.id = e.responsible_grid_id WHERE e.status = 'routed' ORDER BY e.id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)
    _show(window, qtbot, case_id, _operator_of(demo_db_url, grid_code))
    qtbot.waitUntil(lambda: window.case.button("route") is not None, timeout=5000)
    version = window.case.detail.row.version
    with qtbot.waitSignal(window.stepDone, timeout=10_000) as done:
        window.run_step("route", {"responsible": {"kind": kind, "code": unit}})
    assert isinstance(done.args[0], BaseException)
    qtbot.waitUntil(lambda: "已分流到该单位" in window.caseMessage.text(), timeout=5000)
    (steps, now_version) = _one(
        demo_db_url,
        "SELECT (SELECT count(*) FROM event_steps WHERE event_id = :i), version FROM events WHERE id = :i",
        i=case_id,
    )
    assert now_version == version == steps


def test_a_conflict_is_told_in_chinese_with_the_cases_new_state(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    import re

    from commandcenter.db.engine import session_factory
    from commandcenter.services import workflow_ops as ops

    case_id, grid_code, code = _one(
        demo_db_url,
        "SELECT e.id, g.code, e.code FROM events e JOIN grids g ON g.id = e.grid_id "
        "WHERE e.status = 'reported' ORDER BY e.id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)  # no feed: the window still holds the old version
    operator = _operator_of(demo_db_url, grid_code)
    _show(window, qtbot, case_id, operator)
    qtbot.waitUntil(lambda: window.case.button("verify") is not None, timeout=5000)
    seen = window.case.detail.row.version

    engine = make_engine(demo_db_url)  # someone else verifies it first
    try:
        with session_factory(engine)() as s:
            ops.verify(s, operator, code, seen, note="属实")
            s.commit()
    finally:
        engine.dispose()

    with qtbot.waitSignal(window.stepDone, timeout=10_000):
        window.run_step("verify", {"note": "核实属实"})
    message = window.caseMessage.text()
    assert message.startswith("他人已先处理了此事件，本次操作未保存。"), message
    assert "现为「已核实」" in message and "最后一步：" in message and "核实" in message
    assert not re.search(r"[A-Za-z]{3,}", message), message  # no English words in the Chinese window
    # The case view shows the new state, and only one verify was written.
    qtbot.waitUntil(lambda: window.case.detail.row.status == "verified", timeout=5000)
    # One clock on one screen: the message's time is the trail's (the center's zone, not the machine's).
    trail = window.caseTrail
    last = trail.topLevelItem(trail.topLevelItemCount() - 1)
    assert last.text(1).startswith("核实") and f"（{last.text(0)}）" in message, (last.text(0), message)
    (verifies,) = _one(
        demo_db_url, "SELECT count(*) FROM event_steps WHERE event_id = :i AND step = 'verify'", i=case_id
    )
    assert verifies == 1


def test_the_details_say_values_in_words(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Source, yes/no flags and the priority in Chinese, never 'citizen_app', 'False' or '0'."""
    (case_id,) = _one(
        demo_db_url,
        "SELECT id FROM events WHERE priority > 0 AND status IN ('assigned', 'in_progress', 'rework') "
        "ORDER BY id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)
    _show(window, qtbot, case_id, _admin(window))
    fields = window.caseFields
    rows = {fields.item(i, 0).text(): fields.item(i, 1).text() for i in range(fields.rowCount())}
    assert rows["来源"] in {"市民APP", "网格员巡查", "热线", "部门", "感知设备", "导入"}, rows["来源"]
    assert rows["督办"] in {"是", "否"} and rows["位置不在所报网格内"] in {"是", "否"}
    assert rows["优先级"] in {"紧急 !", "特急 !!"}, rows["优先级"]
    # The queue's marks after a code are explained where they are.
    window.queueTabs.setCurrentIndex(window.queues.keys.index("in_progress"))
    model = window.queues.models["in_progress"]
    qtbot.waitUntil(lambda: model.row_of(case_id) is not None, timeout=5000)
    from PySide6.QtCore import Qt

    index = model.index(model.row_of(case_id), model.COLUMNS.index("code"))
    assert "紧急" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_the_media_list_says_what_when_and_with_which_step_and_opens_it(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from commandcenter.gui.case_panel import media_url

    assert media_url("https://m.example/a.jpg", None) == "https://m.example/a.jpg"
    assert media_url("media/2026/a.jpg", "http://10.0.0.5/store/") == "http://10.0.0.5/store/media/2026/a.jpg"
    assert media_url("media/2026/a.jpg", None) is None

    case_id, url = _one(
        demo_db_url,
        "SELECT m.event_id, m.url FROM media m JOIN event_steps s ON s.id = m.step_id "
        "WHERE s.step = 'reply' ORDER BY m.id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)
    _show(window, qtbot, case_id, _admin(window))
    media = window.caseMedia
    texts = [media.item(i).text() for i in range(media.count())]
    reply_item = next(media.item(i) for i, t in enumerate(texts) if t.startswith("照片 · 回复 · "))
    assert reply_item.text().endswith(url.rsplit("/", 1)[-1]) and "photo" not in " ".join(texts)

    window.case.media_base = None  # no media store set: said so, nothing opened
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: opened.append(u.toString()) or True)
    media.itemActivated.emit(reply_item)
    assert opened == [] and "媒体库" in window.caseMessage.text()
    window.case.media_base = "http://10.0.0.5/store"
    media.itemActivated.emit(reply_item)
    assert opened == [f"http://10.0.0.5/store/{url}"]


def test_the_trail_says_whom_each_step_handed_the_case_to(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    case_id, assignee = _one(
        demo_db_url,
        "SELECT e.id, p.name FROM events e JOIN people p ON p.id = e.assignee_id WHERE e.status = 'in_progress' "
        "AND EXISTS (SELECT 1 FROM event_steps s WHERE s.event_id = e.id AND s.step = 'route') ORDER BY e.id LIMIT 1",
    )
    window = make_window(demo_db_url, live=False)
    _show(window, qtbot, case_id, _admin(window))
    trail = window.caseTrail
    rows = [trail.topLevelItem(i) for i in range(trail.topLevelItemCount())]

    def said(step: str) -> str:
        item = next(r for r in rows if r.text(1).startswith(step))
        return item.child(0).text(0).strip() if item.childCount() else ""

    routed = said("分流")
    import re

    assert routed.startswith("交由") and len(routed) > 3, routed
    assert not re.search(r"\d{6,}|LG\d", routed), routed  # the unit's name, not its code
    assert said("交办").startswith(f"承办人{assignee} · 期限"), said("交办")


def test_refusals_are_said_in_the_interface_language(qapp) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.domain.permissions import PermissionDenied
    from commandcenter.domain.status import Status, Step
    from commandcenter.domain.workflow import BadStepArgs, StepNotAllowed
    from commandcenter.gui.i18n import Translators
    from commandcenter.gui.refusals import Refusals

    translators = Translators(qapp)
    translators.use("zh_CN")
    zh = Refusals(True)
    denied = PermissionDenied("吕一泽 (operator) may not 回复 reply: only the assignee may")
    assert zh.describe(denied, "reply") == "你无权对此事件进行“回复”操作。"
    not_now = StepNotAllowed("E1", Status.CLOSED, Step.VERIFY)
    assert zh.describe(not_now, "verify") == "无法“核实”：事件当前为「已结案」。"
    bad = BadStepArgs("E1", Step.REQUEST_EXTENSION, "hours must be positive, not -2")
    assert zh.describe(bad, "request_extension") == "申请延期：延长的小时数须大于零。"
    try:
        translators.use("en")
        en = Refusals(False)
        assert en.describe(not_now, "verify") == "verify is not possible: the case is closed."
        assert "only the assignee may" in en.describe(denied, "reply")  # the rule's own words
    finally:
        translators.use("zh_CN")
