"""The plumbing shared by the window's flat table models: named columns over a list of rows.

A subclass sets COLUMNS, fills `rows`, says what a cell shows in `data` and answers `headers()`
(column -> title, translated when asked with the subclass's own tr(), so each keeps its own
translation context and the titles follow a language change).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None, zh: bool = True) -> None:
        super().__init__(parent)
        self.zh = zh
        self.rows: Sequence[Any] = []
        self._headers: dict[str, str] = {}  # fixed titles, for a subclass without headers()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headers(self) -> dict[str, str]:
        """Column -> title in the interface's language now (a subclass translates here, at call time)."""
        return self._headers

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[self.COLUMNS[section]]
        return None

    def set_language(self, zh: bool) -> None:
        """Chinese or English labels in the cells and the titles: every cell and title repaints."""
        self.zh = zh
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))
        if self.COLUMNS:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
