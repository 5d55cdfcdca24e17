"""The dialog for steps that need input: route (unit), assign (person picker), reply, check, extend.

The person picker shows what `services.people_picker.candidates` found for the acting person (only
people in their scope, the case's own grid first) and narrows it as one types: name, phone, grid
name or grid code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidgetItem, QWidget

from commandcenter.domain.calendar import center_time
from commandcenter.domain.status import Step
from commandcenter.gui.actions import CHECK_STEPS, NEEDS_HOURS, NEEDS_PERSON, NEEDS_UNIT, NOTE_KEY
from commandcenter.gui.uiload import load_into
from commandcenter.services.people_picker import Candidate
from commandcenter.services.queues import UnitChoice
from commandcenter.services.workflow_ops import TEXT_REQUIRED

IdRole = Qt.ItemDataRole.UserRole


class StepDialog(QDialog):
    """Built from ui/step_dialog.ui; shows only the inputs the step needs."""

    def __init__(
        self,
        parent: QWidget | None,
        step: str,
        step_label: str,
        case_label: str,
        units: Sequence[UnitChoice] = (),
        people: Sequence[Candidate] = (),
        current_unit: tuple[str, str] | None = None,
        reply: str | None = None,
        deadline: datetime | None = None,
        now: datetime | None = None,
    ) -> None:
        """`current_unit` (kind, code): the unit a routed case is routed to, which route does not
        offer again; `reply`: the reply a check step judges, shown in full; `deadline` and `now`:
        an extension shows the handling deadline it moves, and where to (counted from now when the
        case is already overdue, as the services count it)."""
        super().__init__(parent)
        load_into(self, "step_dialog.ui")
        self.step = Step(step)
        self.setWindowTitle(step_label)
        self.caseLabel.setText(case_label)
        if reply and self.step in CHECK_STEPS:
            self.caseLabel.setText(case_label + "\n\n" + self.tr("Reply: %1").replace("%1", reply))
            self.caseLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        if show_person:
            self.noteEdit.setMaximumHeight(90)  # the list of people gets the room
        self.deadline, self.now = deadline, now
        self.hoursHint = QLabel(self)
        self.hoursHint.setObjectName("hoursHint")
        self.hoursHint.setWordWrap(True)
        self.form.insertRow(3, "", self.hoursHint)
        self.hoursHint.setVisible(show_hours and deadline is not None)
        self.hoursSpin.valueChanged.connect(lambda _v: self._hours_hint())
        self._hours_hint()
        self._fill_units(units, current_unit)
        self.people = list(people)
        for p in self.people:
            item = QListWidgetItem(self._person_text(p))
            item.setData(IdRole, p.id)
            # Every place the person works, in words (the list line names the first).
            item.setToolTip(
                "\n".join(f"{w.name} ({w.code}) · {self._role(w.role)}" for w in p.places) or p.name
            )
            self.personList.addItem(item)
        self.personFilter.textChanged.connect(self._filter_people)
        self.personList.currentItemChanged.connect(lambda *_: self._update_ok())
        if self.step == Step.CHECK_FAIL:
            self.failRadio.setChecked(True)
        # Steps whose text is the record (services.workflow_ops.TEXT_REQUIRED): OK waits for it.
        self.noteEdit.textChanged.connect(self._update_ok)
        self.failRadio.toggled.connect(lambda _on: self._note_label())
        self._note_label()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._filter_people("")

    def _fill_units(self, units: Sequence[UnitChoice], current: tuple[str, str] | None) -> None:
        """The units, the current one greyed out (routing there again changes nothing, and the
        workflow refuses it); the suggested one chosen, else the first other one."""
        chosen = -1
        for i, u in enumerate(units):
            text = f"{u.name} ({u.code})" + (" ★" if u.suggested else "")
            here = current is not None and (u.kind, u.code) == tuple(current)
            if here:
                text += " " + self.tr("(routed here now)")
            self.unitCombo.addItem(text, (u.kind, u.code))
            if here:
                item = self.unitCombo.model().item(i)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(self.tr("The case is routed to this unit already; choose another one."))
            elif chosen < 0 or (u.suggested and not units[chosen].suggested):
                chosen = i
        self.unitCombo.setCurrentIndex(chosen)

    def _role(self, role: str) -> str:
        names = {
            "grid_worker": self.tr("grid worker"),
            "grid_leader": self.tr("grid leader"),
            "logical_member": self.tr("department member working here"),
            "leader": self.tr("department leader"),
            "liaison": self.tr("liaison"),
            "member": self.tr("department member"),
        }
        return names.get(role, role)

    def _person_text(self, p: Candidate) -> str:
        where = p.places[0] if p.places else None
        place = f"{where.name} ({where.code}) · {self._role(where.role)}" if where else ""
        more = len(p.places) - 1
        if more > 0:
            place += " " + self.tr("+%1 more").replace("%1", str(more))
        mark = "★ " if p.own_grid else ""
        return f"{mark}{p.name}  {p.phone or ''}  {place}"

    def _filter_people(self, text: str) -> None:
        shown = 0
        first_shown = None
        for i, p in enumerate(self.people):
            item = self.personList.item(i)
            hide = not p.matches(text)
            item.setHidden(hide)
            if not hide:
                shown += 1
                first_shown = first_shown if first_shown is not None else i
        current = self.personList.currentItem()
        if current is None or current.isHidden():
            # A hidden person must not stay chosen: the first one still shown, or nobody.
            if first_shown is None:
                self.personList.setCurrentRow(-1)
            else:
                self.personList.setCurrentRow(first_shown)
        if not self.people:
            self.personCount.setText(self.tr("Nobody you may assign this case to."))
        else:
            self.personCount.setText(
                self.tr("%1 of %2 people shown (★ works in the case's grid)")
                .replace("%1", str(shown))
                .replace("%2", str(len(self.people)))
            )
        self._update_ok()

    def extended_until(self) -> datetime | None:
        """The handling deadline the extension asks for, as the services will compute it."""
        if self.deadline is None:
            return None
        base = max(self.deadline, self.now) if self.now is not None else self.deadline
        return base + timedelta(hours=float(self.hoursSpin.value()))

    def _hours_hint(self) -> None:
        until = self.extended_until()
        if until is None or self.deadline is None:
            return
        fmt = "%Y-%m-%d %H:%M"
        text = self.tr("Handling deadline %1 → %2").replace("%1", center_time(self.deadline).strftime(fmt))
        text = text.replace("%2", center_time(until).strftime(fmt))
        if self.now is not None and self.deadline < self.now:
            text += "\n" + self.tr("The case is overdue: the hours count from now.")
        self.hoursHint.setText(text)

    def text_required(self) -> bool:
        return Step(self.chosen_step()) in TEXT_REQUIRED

    def _note_label(self) -> None:
        step = Step(self.chosen_step())
        if step is Step.REPLY:
            text = self.tr("Handling result (required)")
        elif step is Step.CHECK_FAIL:
            text = self.tr("Why it fails (required)")
        elif step is Step.SUPERVISE:
            text = self.tr("Instruction (required)")
        elif step in TEXT_REQUIRED:
            text = self.tr("Reason (required)")
        else:
            text = self.tr("Note")
        self.noteLabel.setText(text)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is None:
            return
        enabled = True
        if self.step in NEEDS_PERSON:
            item = self.personList.currentItem()
            enabled = item is not None and not item.isHidden()
        if self.step in NEEDS_UNIT:
            enabled = self.unitCombo.currentIndex() >= 0
        if self.text_required() and not self.noteEdit.toPlainText().strip():
            enabled = False
        ok.setEnabled(enabled)

    def chosen_step(self) -> str:
        if self.step in CHECK_STEPS:
            return str(Step.CHECK_PASS if self.passRadio.isChecked() else Step.CHECK_FAIL)
        return str(self.step)

    def chosen_person(self) -> int | None:
        item = self.personList.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(IdRole))

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
            person = self.chosen_person()
            if person is not None:
                out["assignee_id"] = person
        if self.step in NEEDS_HOURS:
            out["hours"] = float(self.hoursSpin.value())
        return out
