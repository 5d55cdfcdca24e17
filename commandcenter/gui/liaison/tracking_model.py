"""The reply-tracking table: the department's tasks, overdue ones on top, new replies highlighted.

The service gives the rows in their order (overdue, then the soonest deadline); the model keeps that
order and remembers which replies it has already shown, so a reply that arrives while the liaison
watches stands out (bold on yellow) until they select its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from commandcenter.domain.calendar import center_time
from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.status import Status
from commandcenter.gui.table_model import ColumnsModel, Index
from commandcenter.services.liaison import TrackedTask

IdRole = Qt.ItemDataRole.UserRole + 2

OVERDUE = QColor("#d7191c")
NEW_REPLY = QColor("#fff3b0")


class TrackingModel(ColumnsModel):
    COLUMNS = ("code", "title", "target", "deadline", "state", "replied", "reply")

    def __init__(self, parent: QObject | None = None, zh: bool = True) -> None:
        super().__init__(parent, zh)
        self.rows: list[TrackedTask] = []
        self._seen_replies: dict[int, object] = {}  # task id -> replied_at last shown
        self.new_replies: set[int] = set()
        self._loaded = False

    def headers(self) -> dict[str, str]:  # translated when asked: the titles follow a language change
        return {
            "code": self.tr("Task"),
            "title": self.tr("Title"),
            "target": self.tr("Sent to"),
            "deadline": self.tr("Deadline"),
            "state": self.tr("Reply"),
            "replied": self.tr("Replied at"),
            "reply": self.tr("Reply text"),
        }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == IdRole:
            return t.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(t, col)
        if role == Qt.ItemDataRole.ForegroundRole and t.overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.BackgroundRole and t.id in self.new_replies:
            return QBrush(NEW_REPLY)
        if role == Qt.ItemDataRole.FontRole and (
            t.id in self.new_replies or (t.overdue and col == "deadline")
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, t: TrackedTask, col: str) -> str:
        if col == "code":
            return t.code
        if col == "title":
            return t.title
        if col == "target":
            return t.target + (f" · {t.assignee}" if t.assignee else "")
        if col == "deadline":
            return "" if t.deadline is None else center_time(t.deadline).strftime("%m-%d %H:%M")
        if col == "state":
            return self.state_text(t)
        if col == "replied":
            return "" if t.replied_at is None else center_time(t.replied_at).strftime("%m-%d %H:%M")
        if col == "reply":
            return (t.reply or "") + (f"（{t.replied_by}）" if t.reply and t.replied_by else "")
        return ""

    def state_text(self, t: TrackedTask) -> str:
        if t.overdue:
            return self.tr("Overdue, no reply")
        if t.reply_state == "awaiting":
            if t.status == Status.ASSIGNED:
                return self.tr("Not yet accepted")
            if t.status == Status.REWORK:
                return self.tr("Reply sent back for rework")
            if t.status in (Status.ROUTED, Status.VERIFIED):
                return self.tr("Waiting for a handler")
            return self.tr("Being handled")
        if t.reply_state == "replied":
            return self.tr("Replied, awaiting check")
        zh, en = STATUS_LABELS[Status(t.status)]
        return zh if self.zh else en.replace("_", " ")

    # ------------------------------------------------------------------------------ content

    def set_rows(self, rows: Sequence[TrackedTask]) -> None:
        """Show `rows` in the given order; a reply newer than the one last shown is marked new (not
        on the first load: what was there before the liaison looked is not news)."""
        for t in rows:
            if t.replied_at is not None and self._loaded and self._seen_replies.get(t.id) != t.replied_at:
                self.new_replies.add(t.id)
            self._seen_replies[t.id] = t.replied_at
        ids = {t.id for t in rows}
        self.new_replies &= ids
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()
        self._loaded = True

    def reset_memory(self) -> None:
        """Another person or department: forget what was shown."""
        self._seen_replies.clear()
        self.new_replies.clear()
        self._loaded = False

    def acknowledge(self, task_id: int) -> None:
        if task_id in self.new_replies:
            self.new_replies.discard(task_id)
            row = self.row_of(task_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_of(self, task_id: int) -> int | None:
        return next((i for i, t in enumerate(self.rows) if t.id == task_id), None)

    def task(self, task_id: int) -> TrackedTask | None:
        row = self.row_of(task_id)
        return None if row is None else self.rows[row]
