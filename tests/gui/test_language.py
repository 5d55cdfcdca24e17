"""Switching the language of a running window: every text follows, as if the window had started in it.

A window started in English and switched to Chinese must show what a window started in Chinese
shows (menus, dock titles, tabs, queue headers, placeholders, status bar ...), and the same back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QToolBar,
    QWidget,
)

from commandcenter.gui.i18n import Translators
from commandcenter.services.queues import PersonChoice

ROLE_CODES = ("admin", "operator", "leader", "liaison", "grid_worker")
SHOTS = "/tmp/i18n"


@pytest.fixture(autouse=True)
def chinese_after(qapp: Any) -> Any:
    """Leave the application in its default language (Chinese) for the tests after these."""
    yield
    Translators(qapp).use("zh_CN")


def _key(w: QObject, root: QObject) -> str:
    """A path of object names (or class and position) from the window down to `w`."""
    parts = []
    o: QObject | None = w
    while o is not None and o is not root:
        name = o.objectName()
        if not name:
            parent = o.parent()
            siblings = [c for c in parent.children() if type(c) is type(o)] if parent is not None else [o]
            name = f"{type(o).__name__}[{siblings.index(o)}]"
        parts.append(name)
        o = o.parent()
    return "/".join(reversed(parts))


# Texts that differ between two windows for reasons other than the language: the clock, the time of
# the last change, a person's name picked from the demo's data.
VOLATILE = re.compile(r"\d")


def texts(window: QWidget) -> dict[str, str]:
    """Every text a person reads in the window (the map page aside: its HTML is built again anyway)."""
    out: dict[str, str] = {}
    skip = {window.clockLabel, window.lastChangeLabel}  # times

    def put(key: str, text: str) -> None:
        if text:
            out[key] = VOLATILE.sub("#", text)

    out["window"] = window.windowTitle()
    for w in window.findChildren(QObject):
        if w in skip or (isinstance(w, QWidget) and window.map.isAncestorOf(w)):
            continue
        k = _key(w, window)
        if isinstance(w, QMenu):
            put(k + ":title", w.title())
        elif isinstance(w, QAction):
            put(k + ":text", w.text())
        elif isinstance(w, QDockWidget | QToolBar):
            put(k + ":windowTitle", w.windowTitle())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                put(f"{k}:tab{i}", w.tabText(i))
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal and w.model():
            for i in range(w.count()):
                put(f"{k}:section{i}", str(w.model().headerData(i, Qt.Orientation.Horizontal) or ""))
        elif isinstance(w, QLabel):
            put(k + ":text", w.text())
        elif isinstance(w, QLineEdit):
            put(k + ":placeholder", w.placeholderText())
        elif isinstance(w, QAbstractButton):
            put(k + ":text", w.text())
        elif isinstance(w, QComboBox):  # the chosen item (the lists hold data-dependent values)
            put(k + ":current", w.currentText())
        if isinstance(w, QWidget):
            put(k + ":toolTip", w.toolTip())
    return out


def _differences(got: dict[str, str], want: dict[str, str]) -> list[str]:
    return [
        f"{k}: {got.get(k)!r} != {want.get(k)!r}"
        for k in sorted(set(got) | set(want))
        if got.get(k) != want.get(k)
    ]


def _settle(window: Any, qtbot: Any) -> None:
    """Wait for what set_language reads and builds again (the tree, a shown case, the map page)."""
    qtbot.waitUntil(lambda: window.map.is_ready, timeout=15_000)
    qtbot.wait(300)
    window.executor.wait(5000)
    qtbot.wait(200)


def test_switching_language_retranslates_the_whole_window(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    chinese_window = make_window(demo_db_url, "zh_CN")
    _settle(chinese_window, qtbot)
    chinese = texts(chinese_window)
    chinese_window.close()

    window = make_window(demo_db_url, "en")
    _settle(window, qtbot)
    english = texts(window)
    window.grab().save(f"{SHOTS}/en.png")
    assert window.menuFile.title() == "&File" and window.treeDock.windowTitle() == "Places"

    window.set_language("zh_CN")
    _settle(window, qtbot)
    window.grab().save(f"{SHOTS}/en_then_zh.png")
    diff = _differences(texts(window), chinese)
    assert diff == [], "\n".join(diff)
    # What the audit saw left in English, by name.
    assert window.menuFile.title() == "文件(&F)" and window.menuLanguage.title() == "语言(&L)"
    assert [window.caseTabs.tabText(i) for i in range(3)] == ["流转记录", "详情", "附件"]
    assert window.treeFilter.placeholderText() == "筛选区域"
    assert window.queues.models["verify"].headerData(2, Qt.Orientation.Horizontal) == "标题"
    assert window.caseTitle.text() == "在队列或地图上选择一个事件"
    assert window.connLabel.text().startswith("数据推送: ")

    window.set_language("en")
    _settle(window, qtbot)
    diff = _differences(texts(window), english)
    assert diff == [], "\n".join(diff)
    assert window.connLabel.text().startswith("Feed: ")


def test_a_shown_case_and_the_feed_follow_the_language(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, "en")
    qtbot.waitUntil(lambda: bool(window.queues.models["verify"].rows), timeout=5000)
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(window.queues.models["verify"].rows[0].id)
    qtbot.waitUntil(lambda: window.connLabel.text() == "Feed: live", timeout=10_000)
    shown = window.caseTitle.text()
    # The case is read again and shown in Chinese: the form's prompt does not come back over it.
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.set_language("zh_CN")
    assert window.case.detail is not None and window.case.detail.row.code in window.caseTitle.text()
    assert window.caseTitle.text() != shown  # its status in Chinese
    assert window.connLabel.text() == "数据推送: 实时"
    assert window.caseTrail.headerItem().text(1) == "环节"


def test_acting_people_show_their_roles_in_the_interface_language(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, "zh_CN")
    combo = window.filters.acting
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=5000)

    def items() -> list[str]:
        return [combo.itemText(i) for i in range(combo.count())]

    assert not [t for t in items() if re.search(r"\b(" + "|".join(ROLE_CODES) + r")\b", t)], items()
    assert any("管理员" in t for t in items()) and any("部门联络员" in t for t in items())
    assert any("中心值班员" in t for t in items())
    acting = combo.currentData()
    window.set_language("en")
    assert any(t.endswith("· administrator") for t in items()), items()
    assert combo.currentData() == acting  # the choice stays


def test_person_text_translates_the_role_and_keeps_the_place(qapp) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.gui.filter_bar import person_text

    Translators(qapp).use("zh_CN")
    assert person_text(PersonChoice(1, "张三", None, "operator 南溪区")) == "张三 · 中心值班员 南溪区"
    assert person_text(PersonChoice(2, "李四", None, "admin")) == "李四 · 管理员"
    assert person_text(PersonChoice(3, "王五", None, "")) == "王五"
    Translators(qapp).use("en")
    assert person_text(PersonChoice(4, "Li", None, "liaison 城管网格")) == "Li · department liaison 城管网格"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_sign_in_dialogs_people_show_their_roles_in_chinese(qtbot, demo_db_url: str, qapp) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.gui.signin_dialog import SignInDialog

    Translators(qapp).use("zh_CN")
    dialog = SignInDialog(demo_db_url)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.personCombo
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=20_000)
    listed = [combo.itemText(i) for i in range(combo.count())]
    assert not [t for t in listed if re.search(r"\b(" + "|".join(ROLE_CODES) + r")\b", t)], listed
    assert any("管理员" in t for t in listed)
    dialog.grab().save(f"{SHOTS}/signin_zh.png")
    dialog.deleteLater()


def test_forms_follow_a_language_change_but_keep_texts_the_code_replaced(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.gui.uiload import form_texts, load_into

    Translators(qapp).use("en")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    load_into(dialog, "step_dialog.ui")
    dialog.show()  # Qt posts a shown window's LanguageChange to its QWindow, which hands it on
    assert dialog.personLabel.text() == "Person" and dialog.hoursSpin.suffix() == " h"
    dialog.unitLabel.setText("Route to the department")  # the code's own text from now on
    Translators(qapp).use("zh_CN")
    qtbot.waitUntil(lambda: dialog.personLabel.text() == "人员", timeout=2000)
    assert dialog.personFilter.placeholderText() == "姓名、电话或网格"
    assert dialog.hoursSpin.suffix() == " 小时"
    assert dialog.windowTitle() == "办理"
    assert dialog.unitLabel.text() == "Route to the department"
    Translators(qapp).use("en")
    qtbot.waitUntil(lambda: dialog.personLabel.text() == "Person", timeout=2000)
    assert dialog.windowTitle() == "Take a step"
    recorded = {t.where for t in form_texts(dialog).texts}  # type: ignore[union-attr]
    assert {"StepDialog:windowTitle", "personFilter:placeholderText", "hoursSpin:suffix"} <= recorded


def test_the_main_form_records_menus_docks_tabs_and_columns(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from commandcenter.gui.uiload import form_texts, load_into

    Translators(qapp).use("zh_CN")
    w = QMainWindow()
    qtbot.addWidget(w)
    load_into(w, "main_window.ui")
    Translators(qapp).use("en")
    QApplication.sendPostedEvents(w)  # the LanguageChange Qt posts to a window never shown
    assert w.menuView.title() == "&View" and w.queuesDock.windowTitle() == "Queues"
    assert w.caseTabs.tabText(2) == "Media" and w.caseTrail.headerItem().text(2) == "By"
    assert w.actionRefresh.text() == "&Refresh" and w.filterBar.windowTitle() == "Filters"
    # Strings marked notr stay as they are.
    assert w.actionChinese.text() == "中文"
    assert "actionChinese:text" not in {t.where for t in form_texts(w).texts}  # type: ignore[union-attr]


def test_toolbar_choices_are_never_cut(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The time range, status and acting-person boxes show their whole text in either language,
    the people loaded after the window was first shown included."""
    window = make_window(demo_db_url, "zh_CN")
    qtbot.waitUntil(lambda: window.filters.acting.count() > 0, timeout=5000)
    _settle(window, qtbot)
    f = window.filters
    for lang in ("en", "zh_CN"):
        window.set_language(lang)
        _settle(window, qtbot)
        for combo in (f.range, f.status, f.acting):
            for i in range(combo.count()):  # each choice, once chosen, fits
                combo.setCurrentIndex(i)
                room = (
                    combo.style()
                    .subControlRect(
                        combo.style().ComplexControl.CC_ComboBox,
                        _combo_option(combo),
                        combo.style().SubControl.SC_ComboBoxEditField,
                        combo,
                    )
                    .width()
                )
                need = combo.fontMetrics().horizontalAdvance(combo.currentText())
                # The style draws a few pixels past its edit field's rect (no character is that thin).
                assert need <= room + 4, (lang, combo.objectName(), combo.currentText(), need, room)


def _combo_option(combo: QComboBox) -> Any:
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.currentText = combo.currentText()
    return option
