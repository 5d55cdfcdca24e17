"""What the administration tabs share: who acts, the database executor, a message line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QTableWidget, QTableWidgetItem

from commandcenter.gui.worker import DbExecutor


@dataclass
class AdminContext:
    executor: DbExecutor
    actor: int  # the acting administrator's person id
    postgres: bool  # logins exist only there


class MessageLine(QLabel):
    """One line under a tab: what was saved, or what was refused and why (the service's message)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setObjectName("adminMessage")

    def ok(self, text: str) -> None:
        self.setStyleSheet("color:#1a7f37")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet("color:#d7191c;font-weight:bold")
        self.setText(text)


def run(
    ctx: AdminContext,
    owner: QObject,
    message: MessageLine,
    fn: Callable[..., Any],
    *args: Any,
    done: Callable[[Any], None],
    key: str | None = None,
) -> None:
    """Run `fn(session, actor, *args)` on a worker thread; refusals go to the message line."""

    def failed(error: BaseException) -> None:
        from commandcenter.domain.errors import DomainError

        text = str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        message.error(text.splitlines()[0] if text else type(error).__name__)

    ctx.executor.submit(fn, ctx.actor, *args, done=done, failed=failed, key=key)


def searchable(combo: QComboBox) -> QComboBox:
    """An editable combo whose completer matches anywhere in the text (code or name)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer() or QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    return combo


def chosen_code(combo: QComboBox) -> str:
    """The code of the chosen item, or the code typed at the start of the text ('LG01 执行网格')."""
    index = combo.findText(combo.currentText())
    if index >= 0 and combo.itemData(index) is not None:
        return str(combo.itemData(index))
    return combo.currentText().strip().split(" ")[0] if combo.currentText().strip() else ""


def fill_table(table: QTableWidget, rows: list[list[Any]], data: list[Any] | None = None) -> None:
    """Read-only rows; `data` is kept in the first cell's UserRole."""
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


def row_data(table: QTableWidget) -> Any:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)
