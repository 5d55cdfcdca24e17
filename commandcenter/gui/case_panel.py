"""The case view: fields, media, the trail as a timeline, light and time left, and the step buttons."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from commandcenter.domain.labels import STATUS_LABELS, STEP_LABELS
from commandcenter.domain.status import Status, Step
from commandcenter.gui.queue_model import LIGHT_COLORS, format_duration
from commandcenter.services.queues import CaseDetail

# Fields shown in the details table, in this order (the rest of the row stays in the database).
FIELDS = (
    "code",
    "title",
    "description",
    "address",
    "lat",
    "lon",
    "source",
    "reporter_name",
    "reporter_phone",
    "reported_at",
    "received_at",
    "priority",
    "supervised",
    "step_deadline",
    "deadline",
    "extension_until",
    "reworks",
    "sent_backs",
    "rating",
    "position_flag",
    "time_flag",
    "version",
)


def status_text(status: str | None, zh: bool) -> str:
    try:
        zh_label, en_label = STATUS_LABELS[Status(status)]
    except ValueError:
        return status or ""
    return zh_label if zh else en_label.replace("_", " ")


def step_text(step: str, zh: bool) -> str:
    try:
        zh_label, en_label = STEP_LABELS[Step(step)]
    except ValueError:
        return step
    return zh_label if zh else en_label


class CasePanel(QObject):
    stepRequested = Signal(str)

    def __init__(
        self,
        title: QLabel,
        clock: QLabel,
        message: QLabel,
        buttons: QWidget,
        trail: QTreeWidget,
        fields: QTableWidget,
        media: QListWidget,
        field_label: Callable[[str], str],
    ) -> None:
        super().__init__(title)
        self.title, self.clock, self.message = title, clock, message
        self.buttons, self.trail, self.fields, self.media = buttons, trail, fields, media
        self.field_label = field_label
        self.detail: CaseDetail | None = None
        self.zh = True
        self._buttons: list[QPushButton] = []

    @property
    def case_id(self) -> int | None:
        return None if self.detail is None else self.detail.row.id

    def clear(self) -> None:
        self.detail = None
        self.title.setText(self.tr("Select a case in a queue or on the map"))
        self.clock.setText("")
        self.trail.clear()
        self.fields.setRowCount(0)
        self.media.clear()
        self._set_buttons([])
        self.show_message("")

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setVisible(bool(text))
        color = "#b00020" if error else "#1a6f2f"
        self.message.setStyleSheet(f"color:{color}; font-weight:bold")
        self.message.setText(text)

    def show_case(self, d: CaseDetail, zh: bool, busy: bool = False) -> None:
        self.detail = d
        self.zh = zh
        r = d.row
        category = r.category if zh else r.category_en
        place = r.grid_name or self.tr("(outside every grid)")
        supervised_text = self.tr("Supervised")
        supervised = f" <span style='color:#b00020'>{supervised_text}</span>" if r.supervised else ""
        self.title.setText(
            f"<b style='font-size:15px'>{html.escape(r.code)}</b> {html.escape(r.title)}{supervised}<br>"
            f"{html.escape(category)} · {html.escape(place)} · <b>{html.escape(status_text(r.status, zh))}</b>"
        )
        color = LIGHT_COLORS[r.light].name()
        left = (
            format_duration(r.time_left_s, zh) if r.time_left_s is not None else self.tr("no running clock")
        )
        assignee_text = self.tr("Assignee")
        unit_text = self.tr("Unit")
        who = f" · {assignee_text}: {html.escape(r.assignee)}" if r.assignee else ""
        unit = f" · {unit_text}: {html.escape(d.responsible[2])}" if d.responsible else ""
        self.clock.setText(
            f"<span style='color:{color};font-size:18px'>●</span> {html.escape(left)}{who}{unit}"
        )
        self._fill_trail(d, zh)
        self._fill_fields(d)
        self.media.clear()
        for m in d.media:
            when = m.taken_at.astimezone().strftime("%Y-%m-%d %H:%M") if m.taken_at else ""
            self.media.addItem(f"{m.kind}  {m.url}  {when}")
        self._set_buttons(d.allowed_steps, busy)

    def _fill_trail(self, d: CaseDetail, zh: bool) -> None:
        self.trail.clear()
        for t in d.trail:
            moved = status_text(t.to_status, zh) if t.from_status != t.to_status else ""
            step = step_text(t.step, zh) + (f" → {moved}" if moved else "")
            item = QTreeWidgetItem(
                [t.at.astimezone().strftime("%m-%d %H:%M"), step, t.actor or "", t.note or ""]
            )
            item.setToolTip(3, t.note or "")
            self.trail.addTopLevelItem(item)
        for col, width in enumerate((90, 150, 70)):
            self.trail.setColumnWidth(col, width)
        if d.trail:
            self.trail.scrollToItem(self.trail.topLevelItem(len(d.trail) - 1))

    def _fill_fields(self, d: CaseDetail) -> None:
        names = [f for f in FIELDS if f in d.fields]
        self.fields.setRowCount(len(names))
        for i, name in enumerate(names):
            value = d.fields[name]
            if hasattr(value, "astimezone"):
                value = value.astimezone().strftime("%Y-%m-%d %H:%M")
            self.fields.setItem(i, 0, QTableWidgetItem(self.field_label(name)))
            self.fields.setItem(i, 1, QTableWidgetItem("" if value is None else str(value)))
        self.fields.resizeColumnToContents(0)

    def _set_buttons(self, steps: list[str], busy: bool = False) -> None:
        layout = self.buttons.layout()
        for b in self._buttons:
            layout.removeWidget(b)
            b.deleteLater()
        self._buttons = []
        for i, step in enumerate(steps):
            b = QPushButton(step_text(step, self.zh))
            b.setObjectName(f"step_{step}")
            b.setEnabled(not busy)
            b.clicked.connect(lambda _c=False, s=step: self.stepRequested.emit(s))
            layout.addWidget(b, i // 4, i % 4)
            self._buttons.append(b)

    def set_busy(self, busy: bool) -> None:
        for b in self._buttons:
            b.setEnabled(not busy)

    def button(self, step: str) -> QPushButton | None:
        return next((b for b in self._buttons if b.objectName() == f"step_{step}"), None)
