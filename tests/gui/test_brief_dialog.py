"""The brief dialog: choose day and unit, build in the background, preview, save as PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from commandcenter.gui.brief.dialog import BriefDialog, open_brief_preview
from tests.brief import expected as x


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings() in the dialog writes to a file of this test, not the user's configuration."""
    old = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setDefaultFormat(old)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_choose_build_preview_and_save(qtbot, demo_db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = BriefDialog(demo_db_url, x.DAY, None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.units_loaded, timeout=15_000)
    assert dialog.unit_combo.count() > 50  # the district's grids and the departments
    assert dialog.unit_code() is None and dialog.day() == x.DAY

    dialog.set_unit("511503001")
    assert dialog.unit_code() == "511503001"
    dialog.unit_combo.setEditText("LG02")  # a typed code works too
    assert dialog.unit_code() == "LG02"
    dialog.set_unit("511503001")

    ready: list[int] = []
    dialog.build(lambda: ready.append(1))
    assert not dialog.save_button.isEnabled()  # busy while the data is read
    qtbot.waitUntil(lambda: bool(ready), timeout=30_000)
    assert dialog.document is not None and dialog.document.brief.unit.code == "511503001"
    assert dialog.save_button.isEnabled()
    assert dialog.suggested_name() == f"日报-{x.DAY.isoformat()}-沙坪街道.pdf"

    out = tmp_path / "brief.pdf"
    assert dialog.save_pdf(out)
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 20_000

    preview = dialog.make_preview()
    painted: list[object] = []
    preview.paintRequested.connect(lambda _printer: painted.append(True))
    preview.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=15_000)
    assert dialog.document.times.pages >= 3
    preview.close()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_open_brief_preview_goes_to_the_preview(qtbot, demo_db_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[BriefDialog] = []
    monkeypatch.setattr(BriefDialog, "_show_preview", lambda self: shown.append(self))
    dialog = open_brief_preview(None, demo_db_url, x.DAY, "LG02")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert dialog.document is not None and dialog.document.brief.unit.name.startswith("城管网格")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_unknown_unit_is_reported_not_raised(qtbot, demo_db_url: str) -> None:  # type: ignore[no-untyped-def]
    dialog = BriefDialog(demo_db_url, x.DAY, "NO-SUCH-UNIT")
    qtbot.addWidget(dialog)
    dialog.build()
    qtbot.waitUntil(lambda: not dialog.building(), timeout=30_000)
    assert dialog.document is None and "NO-SUCH-UNIT" in dialog.status.text()
    assert dialog.preview_button.isEnabled()


def test_the_morning_setting_is_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    from commandcenter.gui.brief.scheduler import AutoBrief

    dialog = BriefDialog("sqlite:///:memory:", x.DAY, None)
    qtbot.addWidget(dialog)
    dialog.auto_box.setChecked(True)
    dialog.auto_folder.setText("/tmp/briefs")
    dialog.save_auto()
    saved = AutoBrief.load(QSettings())
    assert saved.enabled and str(saved.folder) == "/tmp/briefs" and saved.unit == ""


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_open_dialog_follows_a_language_change(qtbot, qapp, demo_db_url: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QPushButton

    from commandcenter.gui.i18n import Translators

    def texts() -> set[str]:
        found = {dialog.windowTitle(), dialog.auto_box.title(), dialog.auto_unit.text()}
        found |= {w.text() for w in dialog.findChildren(QPushButton) + dialog.findChildren(QLabel)}
        return found

    translators = Translators(qapp)
    translators.use("zh_CN")
    dialog = BriefDialog(demo_db_url, x.DAY, None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.units_loaded, timeout=15_000)
    assert {"工作日报", "打印预览…", "日期", "每天早上自动生成日报"} <= texts()
    assert dialog.unit_combo.itemText(0) == "全区"
    dialog.unit_combo.setEditText("LG02")  # a typed code survives the change
    try:
        translators.use("en")
        qtbot.wait(50)  # the LanguageChange events are posted
        assert {"Daily brief", "Print preview…", "Day", "Generate the brief every morning"} <= texts()
        assert dialog.unit_combo.itemText(0) == "Whole district" and dialog.unit_code() == "LG02"
        assert not any("\u4e00" <= ch <= "\u9fff" for t in texts() for ch in t), texts()
    finally:
        translators.use("zh_CN")
    qtbot.wait(50)
    assert "工作日报" in texts()
