"""The administrators' editor of reply templates: list, edit, add, retire (nothing is deleted).

The dock opens it only for administrators; the service checks again (and on PostgreSQL, the grants).
A save carries the version the editor read, so two administrators cannot overwrite each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commandcenter.domain.calendar import center_time
from commandcenter.gui.liaison import jobs
from commandcenter.gui.liaison.task_dialog import NoEnterDialog
from commandcenter.gui.worker import DbExecutor
from commandcenter.services import liaison as li

IdRole = Qt.ItemDataRole.UserRole + 1


class TemplatesDialog(NoEnterDialog):
    saved = Signal(object)  # li.TemplateRow

    def __init__(
        self,
        parent: QWidget,
        executor: DbExecutor,
        person_id: int,
        categories: Sequence[tuple[int, str, str]],
        zh: bool,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templatesDialog")
        self.setWindowTitle(self.tr("Reply templates"))
        self.executor = executor
        self.person_id = person_id
        self.rows: list[li.TemplateRow] = []
        self.current: li.TemplateRow | None = None

        self.list = QListWidget(objectName="templateList")
        self.list.currentItemChanged.connect(self._chosen)
        self.category = QComboBox(objectName="templateCategory")
        self.category.addItem(self.tr("Any category"), None)
        for cid, name, name_en in categories:
            self.category.addItem(name if zh else name_en, cid)
        self.title_edit = QLineEdit(objectName="templateTitle")
        self.title_edit.setMaxLength(li.TITLE_MAX)
        self.body = QPlainTextEdit(objectName="templateBody")
        self.active = QCheckBox(self.tr("Offered in new tasks"), objectName="templateActive")
        self.message = QLabel(objectName="templateMessage")
        self.message.setWordWrap(True)
        new = QPushButton(self.tr("New template"), objectName="templateNew")
        new.clicked.connect(self.new_template)
        self.save_button = QPushButton(self.tr("Save"), objectName="templateSave")
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Text"), self.body)
        form.addRow("", self.active)
        right = QVBoxLayout()
        right.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addStretch(1)
        row.addWidget(self.save_button)
        right.addLayout(row)
        right.addWidget(self.message)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 480)
        self.new_template()
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.executor.submit(
            jobs.all_templates, done=lambda rows, s=select_id: self._loaded(rows, s), key="liaison-templates"
        )

    def _loaded(self, rows: list[li.TemplateRow], select_id: int | None) -> None:
        self.rows = rows
        keep = select_id if select_id is not None else (self.current.id if self.current else None)
        self.list.blockSignals(True)
        self.list.clear()
        for t in rows:
            item = QListWidgetItem(f"{t.category or self.tr('Any category')} · {t.title}")
            item.setData(IdRole, t.id)
            if not t.active:
                item.setForeground(QBrush(QColor("#999999")))
                item.setText(item.text() + self.tr(" (retired)"))
            self.list.addItem(item)
            if t.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if keep is not None:
            self._show(next((t for t in rows if t.id == keep), None))

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        tid = item.data(IdRole) if item is not None else None
        self._show(next((t for t in self.rows if t.id == tid), None))

    def _show(self, t: li.TemplateRow | None) -> None:
        self.current = t
        if t is None:
            return
        self.category.setCurrentIndex(max(0, self.category.findData(t.category_id)))
        self.title_edit.setText(t.title)
        self.body.setPlainText(t.body)
        self.active.setChecked(t.active)
        who = t.updated_by or "—"
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("Version %1, last saved by %2 at %3")
            .replace("%1", str(t.version))
            .replace("%2", who)
            .replace("%3", center_time(t.updated_at).strftime("%Y-%m-%d %H:%M"))
        )

    def new_template(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.title_edit.clear()
        self.body.clear()
        self.active.setChecked(True)
        self.message.setText(self.tr("A new template: fill it in and save."))

    def save(self) -> None:
        args = {
            "template_id": self.current.id if self.current else None,
            "expected_version": self.current.version if self.current else None,
            "category": self.category.currentData(),
            "title": self.title_edit.text(),
            "body": self.body.toPlainText(),
            "active": self.active.isChecked(),
        }
        self.save_button.setEnabled(False)
        self.executor.submit(jobs.save_template, self.person_id, args, done=self._saved, failed=self._failed)

    def _saved(self, row: li.TemplateRow) -> None:
        self.save_button.setEnabled(True)
        self.current = row
        self.saved.emit(row)
        self.reload(row.id)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setStyleSheet("color:#d7191c")
        self.message.setText(str(error))
