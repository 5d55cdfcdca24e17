"""A refused or conflicting step in the interface's language.

The services word their errors in English for logs and the CLI; the case view reads their fields
(the case's new state, the status, the step) and says it in the window's words instead.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from commandcenter.domain.calendar import center_time
from commandcenter.domain.errors import DomainError
from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.permissions import PermissionDenied
from commandcenter.domain.status import Status, Step
from commandcenter.domain.workflow import BadStepArgs, StepNotAllowed
from commandcenter.gui.case_panel import step_text
from commandcenter.services.errors import CaseSnapshot, Conflict


class Refusals(QObject):
    def __init__(self, zh: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zh = zh

    def _problems(self) -> tuple[tuple[str, str], ...]:
        """BadStepArgs problems the window says in its own words: (a part of the services' English
        wording, what to show)."""
        return (
            ("hours must be positive", self.tr("The extra hours must be more than zero.")),
            ("the deadline asked for", self.tr("The deadline asked for is already past.")),
            ("is not after now", self.tr("The deadline must be later than now.")),
            (
                "is already routed to",
                self.tr("The case is routed to this unit already: route it to another unit, or assign it."),
            ),
            ("is no longer active", self.tr("That person is no longer active.")),
            ("is required (and not blank)", self.tr("Fill in the text this step records.")),
            (
                "already with the district center",
                self.tr("The case is with the district center: there is no level above."),
            ),
        )

    def _status(self, status: Status) -> str:
        zh, en = STATUS_LABELS[status]
        return zh if self.zh else en.replace("_", " ")

    def _step(self, step: Step | str) -> str:
        return step_text(str(step), self.zh)

    def state(self, s: CaseSnapshot) -> str:
        """'现为「处置中」，承办人张三；最后一步：吴晓蓉签收（11-28 10:52）。'"""
        text = self.tr("It is now %1").replace("%1", self._status(s.status))
        if s.assignee_id is not None:
            text += self.tr(", assigned to %1").replace("%1", s.assignee_name or str(s.assignee_id))
        if s.last_step is not None:
            when = center_time(s.last_at).strftime("%m-%d %H:%M") if s.last_at else ""
            last = self.tr("; last step: %1 by %2 %3").replace("%1", self._step(s.last_step))
            last = last.replace("%2", s.last_actor_name or self.tr("someone")).replace("%3", when)
            text += last.rstrip()
        return text + self.tr(".")

    def describe(self, error: BaseException, step: str) -> str:
        """What to tell the person whose `step` was refused with `error` (a DomainError)."""
        if isinstance(error, Conflict):
            return (
                self.tr("Someone else changed this case first; nothing was saved.")
                + "\n"
                + self.state(error.current)
                + "\n"
                + self.tr("Look at the case again and retry if the step still makes sense.")
            )
        what = self._step(step)
        if isinstance(error, PermissionDenied):
            return self.tr("You may not %1 this case (%2).").replace("%1", what).replace("%2", error.reason)
        if isinstance(error, StepNotAllowed):
            status = self._status(error.status) if error.status is not None else self.tr("not yet reported")
            return self.tr("%1 is not possible: the case is %2.").replace("%1", what).replace("%2", status)
        if isinstance(error, BadStepArgs):
            said = next((text for part, text in self._problems() if part in error.problem), None)
            return self.tr("%1: %2").replace("%1", what).replace("%2", said or error.problem)
        if isinstance(error, DomainError):
            return str(error)
        return f"{type(error).__name__}: {error}"
