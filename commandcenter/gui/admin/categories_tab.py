"""Categories and their time limits per workflow step: a list, a form, and an editable limits table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter.domain.status import SlaStep, WorkerDuty
from commandcenter.gui.admin.common import AdminContext, MessageLine, fill_table, row_data, run
from commandcenter.services import admin


class CategoriesTab(QWidget):
    def __init__(self, ctx: AdminContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current: admin.CategoryInfo | None = None
        self.categories: list[admin.CategoryInfo] = []
        self.message = MessageLine()

        self.filter = QLineEdit(placeholderText=self.tr("Filter: code or name"))
        self.table = QTableWidget(0, 5, objectName="categoryTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Name"), self.tr("Duty"), self.tr("Time limits"), self.tr("Active")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.newButton = QPushButton(self.tr("New category"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.filter)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.newButton)

        self.code = QLineEdit(objectName="categoryCode")
        self.name = QLineEdit(objectName="categoryName")
        self.nameEn = QLineEdit()
        self.duty = QComboBox(objectName="categoryDuty")
        for duty, label in self.duty_labels().items():
            self.duty.addItem(label, duty)
        self.eventClass = QLineEdit()
        self.department = QLineEdit()
        self.defaultLogical = QLineEdit(placeholderText="LG01")
        self.priority = QComboBox()
        for p, label in ((0, self.tr("normal")), (1, self.tr("urgent")), (2, self.tr("very urgent"))):
            self.priority.addItem(label, p)
        self.active = QCheckBox(self.tr("Active"), checked=True)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("English name"), self.nameEn)
        form.addRow(self.tr("Worker duty"), self.duty)
        form.addRow(self.tr("National class"), self.eventClass)
        form.addRow(self.tr("Department kind"), self.department)
        form.addRow(self.tr("Default logical grid"), self.defaultLogical)
        form.addRow(self.tr("Default priority"), self.priority)
        form.addRow("", self.active)

        # Limits: one row a workflow step; amount and unit typed in, checked by the service on save.
        self.limits = QTableWidget(len(SlaStep), 3, objectName="limitsTable")
        self.limits.setHorizontalHeaderLabels([self.tr("Step"), self.tr("Amount"), self.tr("Time unit")])
        self.limits.verticalHeader().setVisible(False)
        self.limits.horizontalHeader().setStretchLastSection(True)
        self.limits.setMaximumHeight(170)
        for r, (step, label) in enumerate(self.step_labels().items()):
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.limits.setItem(r, 0, item)
            unit = QComboBox()
            unit.addItem(self.tr("hours"), "hours")
            unit.addItem(self.tr("working days"), "workdays")
            self.limits.setCellWidget(r, 2, unit)
        self.saveButton = QPushButton(self.tr("Save category"), objectName="saveCategory")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addLayout(form)
        rv.addWidget(self.limits)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.saveButton)
        rv.addLayout(row)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)

        self.filter.textChanged.connect(self._fill)
        self.table.itemSelectionChanged.connect(self._selected)
        self.newButton.clicked.connect(lambda: self._show(None))
        self.saveButton.clicked.connect(self.save)

    def duty_labels(self) -> dict[str, str]:
        return {
            WorkerDuty.INFORMATION: self.tr("Information"),
            WorkerDuty.PUBLICITY: self.tr("Publicity"),
            WorkerDuty.MEDIATION: self.tr("Mediation"),
            WorkerDuty.CO_MANAGEMENT: self.tr("Co-management"),
            WorkerDuty.SERVICE: self.tr("Service"),
            WorkerDuty.SUPERVISION: self.tr("Supervision"),
        }

    def step_labels(self) -> dict[str, str]:
        return {
            SlaStep.VERIFY: self.tr("Verify"),
            SlaStep.DISPATCH: self.tr("Dispatch"),
            SlaStep.HANDLE: self.tr("Handle"),
            SlaStep.CHECK: self.tr("Check"),
        }

    def reload(self) -> None:
        run(self.ctx, self, self.message, admin.list_categories, done=self._listed, key="admin-categories")

    def _listed(self, categories: list[admin.CategoryInfo]) -> None:
        self.categories = categories
        self._fill()

    def _limits_text(self, c: admin.CategoryInfo) -> str:
        units = {"hours": self.tr("h"), "workdays": self.tr("wd")}
        steps = self.step_labels()
        return " · ".join(
            f"{steps.get(s, s)} {a:g}{units.get(u, u)}"
            for s, (a, u) in sorted(
                c.limits.items(), key=lambda x: list(steps).index(x[0]) if x[0] in steps else 9
            )
        )

    def _fill(self) -> None:
        text = self.filter.text().strip().lower()
        shown = [c for c in self.categories if not text or text in c.code.lower() or text in c.name.lower()]
        duties = self.duty_labels()
        fill_table(
            self.table,
            [
                [
                    c.code,
                    c.name,
                    duties.get(c.duty, c.duty),
                    self._limits_text(c),
                    self.tr("yes") if c.active else self.tr("no"),
                ]
                for c in shown
            ],
            [c.id for c in shown],
        )
        if self.current is not None:
            for r, c in enumerate(shown):
                if c.id == self.current.id:
                    self.table.blockSignals(True)
                    self.table.selectRow(r)
                    self.table.blockSignals(False)

    def _selected(self) -> None:
        cid = row_data(self.table)
        chosen = next((c for c in self.categories if c.id == cid), None)
        if chosen is not None:
            self._show(chosen)

    def _show(self, c: admin.CategoryInfo | None) -> None:
        self.current = c
        self.code.setText(c.code if c else "")
        self.name.setText(c.name if c else "")
        self.nameEn.setText(c.name_en or "" if c else "")
        self.duty.setCurrentIndex(max(0, self.duty.findData(c.duty)) if c else 0)
        self.eventClass.setText(c.event_class if c else "")
        self.department.setText(c.department_kind or "" if c else "")
        self.defaultLogical.setText(c.default_logical_code or "" if c else "")
        self.priority.setCurrentIndex(max(0, self.priority.findData(c.default_priority)) if c else 0)
        self.active.setChecked(c.active if c else True)
        for r in range(self.limits.rowCount()):
            step = self.limits.item(r, 0).data(Qt.ItemDataRole.UserRole)
            amount, unit = (c.limits.get(step) if c else None) or ("", "hours")
            self.limits.setItem(r, 1, QTableWidgetItem(f"{amount:g}" if amount != "" else ""))
            combo = self.limits.cellWidget(r, 2)
            combo.setCurrentIndex(max(0, combo.findData(unit)))  # type: ignore[attr-defined]

    def limits_entered(self) -> dict[str, tuple[Any, str] | None]:
        """step -> (amount as typed, unit), or None where the amount is left empty (no limit)."""
        out: dict[str, tuple[Any, str] | None] = {}
        for r in range(self.limits.rowCount()):
            step = self.limits.item(r, 0).data(Qt.ItemDataRole.UserRole)
            cell = self.limits.item(r, 1)
            typed = cell.text().strip() if cell is not None else ""
            unit = self.limits.cellWidget(r, 2).currentData()  # type: ignore[attr-defined]
            out[step] = (typed, unit) if typed else None
        return out

    def save(self) -> None:
        fields = {
            "code": self.code.text(),
            "name": self.name.text(),
            "name_en": self.nameEn.text(),
            "duty": self.duty.currentData(),
            "event_class": self.eventClass.text(),
            "department_kind": self.department.text(),
            "default_logical_code": self.defaultLogical.text(),
            "default_priority": self.priority.currentData(),
            "active": self.active.isChecked(),
        }

        def done(saved: admin.CategoryInfo) -> None:
            self.current = saved
            self.message.ok(self.tr("Category %1 saved.").replace("%1", saved.code))
            self.reload()

        run(
            self.ctx,
            self,
            self.message,
            admin.save_category,
            self.current.id if self.current else None,
            fields,
            self.limits_entered(),
            done=done,
        )
