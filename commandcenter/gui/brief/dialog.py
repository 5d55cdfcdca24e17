"""The daily brief in the app: choose the day and the unit, then preview, print or save as PDF.

Entry point for the main window: `open_brief_preview(parent, db_url, day, unit_code)`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QSettings, Qt, QTime
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from commandcenter.brief.model import Brief
from commandcenter.db import models as m
from commandcenter.db.engine import make_engine, session_factory
from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.gui.brief.render import BriefDocument, render_pdf
from commandcenter.gui.brief.scheduler import AutoBrief, installed_scheduler
from commandcenter.gui.brief.worker import Job, start, start_build

MAX_UNITS_LISTED = 5000


def unit_choices(db_url: str) -> list[tuple[str, str]]:
    """(label, code) of every grid node and logical grid, top down; '' is the district."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            grids = s.execute(
                select(m.Grid.code, m.Grid.name, m.Grid.level)
                .order_by(func.length(m.Grid.code), m.Grid.code)
                .limit(MAX_UNITS_LISTED)
            ).all()
            logical = s.execute(
                select(m.LogicalGrid.code, m.LogicalGrid.name).order_by(m.LogicalGrid.code)
            ).all()
    finally:
        engine.dispose()
    out = [(f"{name}（{code}）", code) for code, name, level in grids if level != "district"]
    out.sort(key=lambda item: item[1])
    return out + [(f"{name}（{code}）", code) for code, name in logical]


def yesterday() -> date:
    return datetime.now(UTC).astimezone(DEFAULT_TZ).date() - timedelta(days=1)


class BriefDialog(QDialog):
    """Day and unit; preview, print, save as PDF; and the optional morning brief."""

    def __init__(
        self,
        db_url: str,
        day: date | None = None,
        unit_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self._document: BriefDocument | None = None
        self._key: tuple[date, str] | None = None
        self._job: Job | None = None
        self._then: list = []  # actions waiting for the brief being built
        self.units_loaded = False

        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = datetime.now(UTC).astimezone(DEFAULT_TZ).date()
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.set_day(day or yesterday())

        self.unit_combo = QComboBox(self)
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_combo.addItem("", "")  # the whole district (its text: retranslate)
        self._wanted_unit = unit_code
        # The list is a convenience (a code can always be typed): filled from a pool thread.
        self._units_job = start(lambda: unit_choices(db_url))
        self._units_job.signals.done.connect(self._fill_units)
        self._units_job.signals.failed.connect(
            lambda message: self.unit_combo.setToolTip(
                self.tr("Could not list the units: %1").replace("%1", message)
            )
        )
        completer = QCompleter(self.unit_combo.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.unit_combo.setCompleter(completer)
        self.set_unit(unit_code)

        form = QFormLayout()
        self.day_label = QLabel(self)
        self.unit_label = QLabel(self)
        form.addRow(self.day_label, self.date_edit)
        form.addRow(self.unit_label, self.unit_combo)

        self.preview_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        actions = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button):
            actions.addWidget(b)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        self.auto_box = self._auto_group()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.auto_box)
        layout.addWidget(close)
        self.retranslate()

    def retranslate(self) -> None:
        """The dialog's own texts in the interface language (again when the language changes while
        it is open: it is not modal). The brief itself is a Chinese document either way."""
        self.setWindowTitle(self.tr("Daily brief"))
        typed, listed = self.unit_combo.currentText(), self.unit_combo.itemText(0)
        self.unit_combo.setItemText(0, self.tr("Whole district"))
        if typed != listed:  # a code typed (or asked for before the list came) stays
            self.unit_combo.setEditText(typed)
        self.day_label.setText(self.tr("Day"))
        self.unit_label.setText(self.tr("Brief of"))
        self.preview_button.setText(self.tr("Print preview…"))
        self.print_button.setText(self.tr("Print…"))
        self.save_button.setText(self.tr("Save as PDF…"))
        self.auto_box.setTitle(self.tr("Generate the brief every morning"))
        self.browse_button.setText(self.tr("Browse…"))
        self.auto_unit.setText(self.tr("For the unit chosen above (otherwise the whole district)"))
        self.at_label.setText(self.tr("At"))
        self.folder_label.setText(self.tr("Into folder"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------------------------ choices

    def _fill_units(self, choices: list[tuple[str, str]]) -> None:
        typed = self.unit_code()
        for label, code in choices:
            self.unit_combo.addItem(label, code)
        self.set_unit(typed or self._wanted_unit)
        self.units_loaded = True

    def set_day(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def day(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def set_unit(self, code: str | None) -> None:
        index = self.unit_combo.findData(code or "")
        if index >= 0:
            self.unit_combo.setCurrentIndex(index)
        elif code:
            self.unit_combo.setEditText(code)

    def unit_code(self) -> str | None:
        """The chosen unit's code: the listed item's, or what was typed ('名称（CODE）' or a bare code)."""
        text = self.unit_combo.currentText().strip()
        index = self.unit_combo.findText(text)
        if index >= 0:
            return str(self.unit_combo.itemData(index) or "") or None
        if text.endswith("）") and "（" in text:
            text = text[text.rindex("（") + 1 : -1]
        return text or None

    # ------------------------------------------------------------------------------------ building

    def building(self) -> bool:
        return self._job is not None

    def build(self, then: object = None) -> None:
        """Read the brief of the chosen day and unit in the background; run `then` when it is there."""
        key = (self.day(), self.unit_code() or "")
        if self._document is not None and self._key == key:
            if callable(then):
                then()
            return
        if callable(then):
            self._then.append(then)
        if self._job is not None:
            return
        self._set_busy(True)
        self.status.setText(self.tr("Preparing the brief of %1…").replace("%1", key[0].isoformat()))
        self._key = key
        self._document = None
        self._job = start_build(self.db_url, key[0], key[1] or None)
        self._job.signals.done.connect(self._built)
        self._job.signals.failed.connect(self._failed)

    def _built(self, brief: Brief) -> None:
        self._job = None
        self._set_busy(False)
        if self._key != (self.day(), self.unit_code() or ""):  # the choice changed meanwhile
            self._then.clear()
            self.build()
            return
        self._document = BriefDocument(brief)
        self.status.setText(
            self.tr("%1, %2: ready.").replace("%1", brief.unit.name).replace("%2", brief.day.isoformat())
        )
        actions, self._then = self._then, []
        for action in actions:
            action()

    def _failed(self, message: str) -> None:
        self._job = None
        self._then.clear()
        self._set_busy(False)
        self.status.setText(self.tr("The brief could not be prepared: %1").replace("%1", message))

    def _set_busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(not busy)

    @property
    def document(self) -> BriefDocument | None:
        return self._document

    # ------------------------------------------------------------------------------------ actions

    def preview(self) -> None:
        self.build(self._show_preview)

    def make_preview(self) -> QPrintPreviewDialog:
        assert self._document is not None
        document = self._document
        # The preview keeps a pointer to the printer, which is not a QObject: keep it referenced here,
        # or Python frees it when this method returns and the preview paints on freed memory.
        self._preview_printer = printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Daily brief – print preview"))
        dialog.paintRequested.connect(document.paint)
        dialog.resize(900, 1000)
        return dialog

    def _show_preview(self) -> None:
        self.make_preview().exec()

    def print_(self) -> None:
        self.build(self._print)

    def _print(self) -> None:
        assert self._document is not None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the daily brief"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._document.paint(printer)

    def save_as(self) -> None:
        self.build(self._ask_and_save)

    def suggested_name(self) -> str:
        unit = self._document.brief.unit.name if self._document else (self.unit_code() or "全区")
        return f"日报-{self.day().isoformat()}-{unit}.pdf"

    def _ask_and_save(self) -> None:
        start = str(Path.home() / self.suggested_name())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the brief as PDF"), start, self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> bool:
        assert self._document is not None
        try:
            render_pdf(self._document.brief, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Daily brief"),
                self.tr("Could not save %1: %2").replace("%1", str(path)).replace("%2", str(exc)),
            )
            return False
        self.status.setText(self.tr("Saved %1").replace("%1", str(path)))
        return True

    # ------------------------------------------------------------------------------------ morning brief

    def _auto_group(self) -> QGroupBox:
        box = QGroupBox(self)
        box.setCheckable(True)
        config = AutoBrief.load(QSettings())
        box.setChecked(config.enabled)
        self.auto_time = QTimeEdit(QTime(config.at.hour, config.at.minute), box)
        self.auto_time.setDisplayFormat("HH:mm")
        self.auto_folder = QLineEdit(str(config.folder), box)
        browse = self.browse_button = QPushButton(box)
        browse.clicked.connect(self._browse_folder)
        self.auto_unit = QCheckBox(box)
        self.auto_unit.setChecked(bool(config.unit))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.auto_folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout(box)
        self.at_label = QLabel(box)
        self.folder_label = QLabel(box)
        form.addRow(self.at_label, self.auto_time)
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.auto_unit)
        box.toggled.connect(self.save_auto)
        self.auto_time.timeChanged.connect(self.save_auto)
        self.auto_folder.editingFinished.connect(self.save_auto)
        self.auto_unit.toggled.connect(self.save_auto)
        return box

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the morning brief"), self.auto_folder.text()
        )
        if folder:
            self.auto_folder.setText(folder)
            self.save_auto()

    def auto_config(self) -> AutoBrief:
        t = self.auto_time.time()
        return AutoBrief(
            enabled=self.auto_box.isChecked(),
            at=time(t.hour(), t.minute()),
            folder=Path(self.auto_folder.text().strip() or "."),
            unit=(self.unit_code() or "") if self.auto_unit.isChecked() else "",
        )

    def save_auto(self, *_args: object) -> None:
        self.auto_config().save(QSettings())
        scheduler = installed_scheduler()
        if scheduler is not None:
            scheduler.reload()


def open_brief_preview(
    parent: QWidget | None, db_url: str, day: date | None = None, unit_code: str | None = None
) -> BriefDialog:
    """Open the brief dialog (non-modal) for `day` (default: yesterday) and `unit_code` (default: the
    district), and go straight to the print preview once the brief is ready."""
    dialog = BriefDialog(db_url, day, unit_code, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.preview()
    return dialog
