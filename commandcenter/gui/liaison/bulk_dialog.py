"""Bulk assignment: the cases selected in the department's queue, to one person or unit.

Each case is its own transaction (services.liaison.bulk_assign); the dialog then lists every case
with its outcome (done / changed by someone else / refused, with the reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter.gui.liaison import jobs
from commandcenter.gui.liaison.task_dialog import NoEnterDialog, SearchEdit, choice_text
from commandcenter.gui.worker import DbExecutor
from commandcenter.services import liaison as li
from commandcenter.services.queues import CaseRow

OUTCOME_COLORS = {"ok": "#1a9641", "conflict": "#f0a500", "refused": "#d7191c"}


class BulkAssignDialog(NoEnterDialog):
    assigned = Signal(object)  # list[li.BulkItem]

    def __init__(
        self,
        parent: QWidget,
        executor: DbExecutor,
        person_id: int,
        department: str,
        cases: Sequence[CaseRow],
        now: datetime,
        zh: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkAssignDialog")
        self.setWindowTitle(self.tr("Assign %1 case(s)").replace("%1", str(len(cases))))
        self.executor = executor
        self.person_id = person_id
        self.cases = list(cases)
        self.now = now
        self.zh = zh
        self.results: list[li.BulkItem] = []

        self.people = QComboBox(objectName="bulkPeople")
        self.people.addItem(self.tr("— a person of the department —"), None)
        self.search = SearchEdit(objectName="bulkSearch")
        self.search.setPlaceholderText(self.tr("or search a grid (its worker), center or person, then Enter"))
        self.search.returnPressed.connect(self._search)
        self.found = QComboBox(objectName="bulkFound")
        self.found.setVisible(False)
        self.found.activated.connect(lambda _i: self.people.setCurrentIndex(0))
        self.people.activated.connect(lambda _i: self.found.setVisible(False))
        self.table = QTableWidget(0, 3, objectName="bulkResults")
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Result"), self.tr("Why")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setRowCount(len(self.cases))
        for i, c in enumerate(self.cases):
            self.table.setItem(i, 0, QTableWidgetItem(f"{c.code} {c.title}"))
        self.message = QLabel(objectName="bulkMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Assign to"), self.people)
        form.addRow("", self.search)
        form.addRow("", self.found)
        self.buttons = QDialogButtonBox()
        self.assign_button = self.buttons.addButton(self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.assign_button.setObjectName("bulkAssignButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        executor.submit(li.department_people, department, done=self._people_loaded)

    def _people_loaded(self, people: list[li.TargetChoice]) -> None:
        for p in people:
            self.people.addItem(choice_text(p, self.zh), p.target)

    def _search(self) -> None:
        text = self.search.text().strip()
        if text:
            self.executor.submit(li.search_targets, text, done=self._found, key="liaison-bulk-search")

    def _found(self, hits: list[li.TargetChoice]) -> None:
        self.found.clear()
        for h in hits:
            self.found.addItem(choice_text(h, self.zh), h.target)
        self.found.setVisible(bool(hits))
        if hits:
            self.people.setCurrentIndex(0)

    def target(self) -> li.TaskTarget | None:
        chosen = self.people.currentData()
        if chosen is None and self.found.isVisible():
            chosen = self.found.currentData()
        return chosen if isinstance(chosen, li.TaskTarget) else None

    def run(self) -> None:
        target = self.target()
        if target is None:
            self.message.setText(self.tr("Choose whom to assign the cases to."))
            return
        self.assign_button.setEnabled(False)
        self.message.setText(self.tr("Assigning …"))
        pairs = [(c.id, c.version) for c in self.cases]
        self.executor.submit(
            jobs.bulk_assign, self.person_id, pairs, target, self.now, done=self._done, failed=self._failed
        )

    def _done(self, results: list[li.BulkItem]) -> None:
        self.results = results
        words = {
            "ok": self.tr("Done"),
            "conflict": self.tr("Changed by someone else"),
            "refused": self.tr("Refused"),
        }
        row_of = {c.id: i for i, c in enumerate(self.cases)}
        for r in results:
            i = row_of.get(r.case_id)
            if i is None:
                continue
            outcome = QTableWidgetItem(words[r.outcome])
            outcome.setForeground(QBrush(QColor(OUTCOME_COLORS[r.outcome])))
            self.table.setItem(i, 1, outcome)
            why = QTableWidgetItem(r.message)
            why.setToolTip(r.message)
            self.table.setItem(i, 2, why)
        ok = sum(r.outcome == "ok" for r in results)
        self.message.setText(
            self.tr("%1 of %2 assigned.").replace("%1", str(ok)).replace("%2", str(len(results)))
        )
        # The reason wraps in the last column (which stretches) instead of pushing it out of sight.
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.assigned.emit(results)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(str(error))
        self.assign_button.setEnabled(True)
