"""The dialog for steps that need input: route (unit), assign (person picker), reply, check, extend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from commandcenter.domain.status import Step
from commandcenter.gui.actions import CHECK_STEPS, NEEDS_HOURS, NEEDS_PERSON, NEEDS_UNIT, NOTE_KEY
from commandcenter.gui.uiload import load_into
from commandcenter.services.queues import PersonChoice, UnitChoice


class StepDialog(QDialog):
    """Built from ui/step_dialog.ui; shows only the inputs the step needs."""

    def __init__(
        self,
        parent: QWidget | None,
        step: str,
        step_label: str,
        case_label: str,
        units: Sequence[UnitChoice] = (),
        people: Sequence[PersonChoice] = (),
    ) -> None:
        super().__init__(parent)
        load_into(self, "step_dialog.ui")
        self.step = Step(step)
        self.setWindowTitle(step_label)
        self.caseLabel.setText(case_label)
        show_unit = self.step in NEEDS_UNIT
        show_person = self.step in NEEDS_PERSON
        show_hours = self.step in NEEDS_HOURS
        show_result = self.step in CHECK_STEPS
        for widget, shown in (
            (self.unitLabel, show_unit),
            (self.unitCombo, show_unit),
            (self.personLabel, show_person),
            (self.personBox, show_person),
            (self.hoursLabel, show_hours),
            (self.hoursSpin, show_hours),
            (self.resultLabel, show_result),
            (self.resultBox, show_result),
        ):
            widget.setVisible(shown)
        for u in units:
            text = f"{u.name} ({u.code})" + (" ★" if u.suggested else "")
            self.unitCombo.addItem(text, (u.kind, u.code))
        for p in people:
            item = QListWidgetItem(f"{p.name}  {p.phone or ''}  {p.detail}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.personList.addItem(item)
        if self.personList.count():
            self.personList.setCurrentRow(0)
        self.personFilter.textChanged.connect(self._filter_people)
        if self.step == Step.CHECK_FAIL:
            self.failRadio.setChecked(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _filter_people(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.personList.count()):
            item = self.personList.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def chosen_step(self) -> str:
        if self.step in CHECK_STEPS:
            return str(Step.CHECK_PASS if self.passRadio.isChecked() else Step.CHECK_FAIL)
        return str(self.step)

    def args(self) -> dict[str, Any]:
        """The step's arguments as the services take them."""
        out: dict[str, Any] = {}
        note = self.noteEdit.toPlainText().strip()
        if note:
            out[NOTE_KEY.get(self.step, "note")] = note
        if self.step in NEEDS_UNIT and self.unitCombo.currentData() is not None:
            kind, code = self.unitCombo.currentData()
            out["responsible"] = {"kind": kind, "code": code}
        if self.step in NEEDS_PERSON:
            item = self.personList.currentItem()
            if item is not None:
                out["assignee_id"] = int(item.data(Qt.ItemDataRole.UserRole))
        if self.step in NEEDS_HOURS:
            out["hours"] = float(self.hoursSpin.value())
        return out
