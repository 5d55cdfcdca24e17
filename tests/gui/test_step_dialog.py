"""The assign dialog's person picker: only the people the acting person may pick, searchable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import text

from commandcenter.db.engine import make_engine, session_factory
from commandcenter.gui.i18n import Translators
from commandcenter.gui.step_dialog import StepDialog
from commandcenter.services import people_picker as pp


def _routed_case_and_operator(url: str) -> tuple[int, int, str]:
    """A routed case (assign comes next), the operator of its township, and the township's code."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            case_id, grid_code = conn.execute(
                text(
                    "SELECT e.id, g.code FROM events e JOIN grids g ON g.id = e.grid_id "
                    "WHERE e.status = 'routed' AND e.responsible_kind <> 'logical' ORDER BY e.id LIMIT 1"
                )
            ).one()
            township = grid_code[:9]
            operator = conn.execute(
                text(
                    "SELECT r.person_id FROM role_grants r JOIN grids g ON g.id = r.grid_id "
                    "WHERE r.role = 'operator' AND g.code = :t ORDER BY r.person_id LIMIT 1"
                ),
                {"t": township},
            ).scalar_one()
    finally:
        engine.dispose()
    return case_id, operator, township


def _candidates(url: str, case_id: int, person: int) -> list[pp.Candidate]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return pp.candidates(session, case_id, person)
    finally:
        engine.dispose()


def _listed(dialog: StepDialog, visible_only: bool = True) -> list[int]:
    out = []
    for i in range(dialog.personList.count()):
        item = dialog.personList.item(i)
        if not (visible_only and item.isHidden()):
            out.append(int(item.data(256)))
    return out


def test_the_picker_lists_candidates_and_narrows_by_grid_name_code_and_phone(  # type: ignore[no-untyped-def]
    qapp, qtbot, demo_db_url, screenshots
) -> None:
    Translators(qapp).use("zh_CN")
    case_id, operator, township = _routed_case_and_operator(demo_db_url)
    people = _candidates(demo_db_url, case_id, operator)
    dialog = StepDialog(None, "assign", "交办", "E-test 测试事件", people=people)
    qtbot.addWidget(dialog)
    dialog.resize(620, 520)
    dialog.show()
    assert _listed(dialog) == [p.id for p in people]
    assert dialog.chosen_person() == people[0].id and people[0].own_grid
    assert dialog.personList.item(0).text().startswith("★")
    tip = dialog.personList.item(0).toolTip()  # every place, the role in words, no role codes
    assert people[0].places[0].name in tip and "grid_worker" not in tip and "网格员" in tip, tip
    assert dialog.grab().save(str(screenshots / "step_dialog_assign.png"))

    far = next(p for p in reversed(people) if not p.own_grid)
    grid = next(pl for pl in far.places if pl.kind == "grid")
    for needle in (grid.code, grid.name, far.phone or far.name):
        dialog.personFilter.setText(needle)
        shown = _listed(dialog)
        assert far.id in shown and len(shown) < len(people), needle
        assert dialog.chosen_person() in shown  # a hidden person is never the one chosen
    dialog.personFilter.setText(far.phone or far.name)
    dialog.personList.setCurrentRow([p.id for p in people].index(far.id))
    assert dialog.args()["assignee_id"] == far.id

    dialog.personFilter.setText("无此人 nobody")
    assert _listed(dialog) == [] and dialog.chosen_person() is None
    assert "assignee_id" not in dialog.args()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert township  # (the operator's township: every candidate works in it)
    assert all(pl.code.startswith(township) for p in people for pl in p.places)


def test_assigning_from_the_window_offers_only_the_operators_people(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    case_id, operator, _township = _routed_case_and_operator(demo_db_url)
    expected = _candidates(demo_db_url, case_id, operator)
    window = make_window(demo_db_url, live=False)
    window._acting_changed(operator)
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(case_id, pan=False)
    qtbot.waitUntil(lambda: window.case.button("assign") is not None, timeout=5000)

    seen: dict[str, Any] = {}
    chosen = expected[-1]  # the farthest one: picked by searching for their phone or name

    def answer() -> None:
        dialog = getattr(window, "_open_dialog", None)  # set once the picker's answer is in
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        try:  # whatever happens here, the modal dialog must close, or the test would wait forever
            seen["offered"] = _listed(dialog, visible_only=False)
            dialog.resize(620, 520)
            seen["picture"] = dialog.grab().save(str(screenshots / "step_dialog_assign_window.png"))
            dialog.personFilter.setText(chosen.phone or chosen.name)
            dialog.personList.setCurrentRow(seen["offered"].index(chosen.id))
            dialog.noteEdit.setPlainText("请尽快处理")
            dialog.accept()
        except BaseException as exc:
            seen["error"] = exc
            dialog.reject()

    QTimer.singleShot(50, answer)
    button = window.case.button("assign")
    assert button is not None
    with qtbot.waitSignal(window.stepDone, timeout=10_000, raising=False) as done:
        button.click()
    assert "error" not in seen, seen.get("error")
    assert seen["offered"] == [p.id for p in expected] and seen["picture"]
    assert done.signal_triggered
    assert not isinstance(done.args[0], BaseException), done.args[0]
    engine = make_engine(demo_db_url)
    with engine.connect() as conn:
        status, assignee = conn.execute(
            text("SELECT status, assignee_id FROM events WHERE id = :i"), {"i": case_id}
        ).one()
    engine.dispose()
    assert (status, assignee) == ("assigned", chosen.id)


def test_the_route_dialog_does_not_offer_the_unit_the_case_is_routed_to(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.services.queues import UnitChoice

    units = [
        UnitChoice("logical", "LG02", "城管网格", suggested=True),
        UnitChoice("grid", "511503001001003", "铜鼓社区第3网格"),
        UnitChoice("center", "511503001", "滨江街道"),
    ]
    # Routed to the suggested department: it stays listed (greyed), the next one is chosen.
    dialog = StepDialog(
        None, "route", "分流", "E-test 测试事件", units=units, current_unit=("logical", "LG02")
    )
    qtbot.addWidget(dialog)
    assert dialog.unitCombo.currentIndex() == 1 and dialog.args()["responsible"]["code"] == "511503001001003"
    assert not dialog.unitCombo.model().item(0).isEnabled()
    assert dialog.unitCombo.itemText(0).endswith(("（当前已分流至此）", "(routed here now)"))
    # Not routed yet (verified): the suggested unit is chosen, nothing greyed.
    fresh = StepDialog(None, "route", "分流", "E-test", units=units)
    qtbot.addWidget(fresh)
    assert fresh.unitCombo.currentIndex() == 0
    assert all(fresh.unitCombo.model().item(i).isEnabled() for i in range(3))
    # Routed to the only unit there is: nothing to choose, OK is off.
    only = StepDialog(None, "route", "分流", "E-test", units=units[:1], current_unit=("logical", "LG02"))
    qtbot.addWidget(only)
    assert only.unitCombo.currentIndex() == -1 and "responsible" not in only.args()
    assert not only.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_check_dialog_shows_the_reply_in_full(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    reply = "已到现场核查：占道摊点三处，均已劝离并登记经营者信息；现场已清理干净，处置前后照片已上传。"
    dialog = StepDialog(None, "check_pass", "核查", "E-test 测试事件", reply=reply)
    qtbot.addWidget(dialog)
    assert dialog.caseLabel.text().endswith(("回复内容：" + reply, "Reply: " + reply))
    assert dialog.caseLabel.wordWrap()


def test_steps_whose_text_is_the_record_wait_for_it(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Reply, a failed check, void, send back, park, extension, supervise: OK only with the text,
    and the label says what it is (the services refuse a blank one too)."""
    Translators(qapp).use("zh_CN")
    wanted = {
        "reply": "处理结果（必填）",
        "void": "原因（必填）",
        "send_back": "原因（必填）",
        "park": "原因（必填）",
        "request_extension": "原因（必填）",
        "reject_extension": "原因（必填）",
        "supervise": "督办意见（必填）",
    }
    for step, label in wanted.items():
        dialog = StepDialog(None, step, step, "E-test 测试事件")
        qtbot.addWidget(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert dialog.noteLabel.text() == label and not ok.isEnabled(), step
        dialog.noteEdit.setPlainText("   ")
        assert not ok.isEnabled(), step
        dialog.noteEdit.setPlainText("已清理完毕")
        assert ok.isEnabled(), step

    # The check: passing needs no text, failing does.
    check = StepDialog(None, "check_pass", "核查", "E-test 测试事件", reply="已清理")
    qtbot.addWidget(check)
    ok = check.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and check.noteLabel.text() == "说明"
    check.failRadio.setChecked(True)
    assert not ok.isEnabled() and check.noteLabel.text() == "不通过原因（必填）"
    check.noteEdit.setPlainText("路面仍有垃圾")
    assert ok.isEnabled() and check.chosen_step() == "check_fail"
    assert check.args() == {"note": "路面仍有垃圾"}

    # Optional notes stay optional.
    accept = StepDialog(None, "accept", "签收", "E-test")
    qtbot.addWidget(accept)
    assert accept.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_extension_dialog_shows_the_deadline_it_moves_and_where_to(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    Translators(qapp).use("zh_CN")
    now = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 10:00 in the district
    ahead = StepDialog(
        None, "request_extension", "申请延期", "E-test", deadline=now + timedelta(hours=3), now=now
    )
    qtbot.addWidget(ahead)
    ahead.hoursSpin.setValue(5)
    assert ahead.extended_until() == now + timedelta(hours=8)
    assert ahead.hoursHint.text() == "处置期限 2026-11-28 13:00 → 2026-11-28 18:00"

    late = StepDialog(
        None, "request_extension", "申请延期", "E-test", deadline=now - timedelta(days=1), now=now
    )
    qtbot.addWidget(late)
    late.hoursSpin.setValue(5)  # from now, not from yesterday's deadline: never a past one
    assert late.extended_until() == now + timedelta(hours=5)
    assert late.hoursHint.text().startswith("处置期限 2026-11-27 10:00 → 2026-11-28 15:00\n事件已超时")
