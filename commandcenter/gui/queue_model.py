"""The queue table's model: rows keyed by case id, updated in place.

A live refresh must not reset the model (that loses the selection and the scroll position), so
`merge(rows)` removes, updates and inserts only the rows that differ, with the proper begin/end
calls; persistent indexes, and with them the selection, follow their rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor

from commandcenter.domain.calendar import center_time
from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.status import Light, Status
from commandcenter.gui.table_model import ColumnsModel, Index
from commandcenter.services.queues import CaseRow

LIGHT_COLORS = {
    Light.GREEN: QColor("#1a9641"),
    Light.YELLOW: QColor("#f0a500"),
    Light.RED: QColor("#d7191c"),
    None: QColor("#7a8699"),
}
LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, None: 3}

FLASH_COLOR = QColor(215, 25, 28, 80)  # a new overdue or urgent row, over either theme's background
FLASH_SECONDS = 8.0

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
AcceptRole = Qt.ItemDataRole.UserRole + 3  # "1" when the row passes the column filters (QueueProxy)


def format_duration(seconds: float | None, zh: bool, overdue: bool = False) -> str:
    """'2天3小时' / '2d 3h'; negative (or `overdue`) = overdue ('超时 5小时' / 'overdue 5h').

    Working-day limits count working time only: a case whose deadline passed outside working hours
    (a night, a weekend) is overdue by less than a minute of it, and reads '已超时' / 'overdue'.
    """
    if seconds is None:
        return ""
    late = seconds < 0 or overdue
    s = abs(int(seconds))
    if late and s < 60:
        return "已超时" if zh else "overdue"
    d, rem = divmod(s, 86400)
    h, rem = divmod(rem, 3600)
    mnt = rem // 60
    if zh:
        parts = f"{d}天{h}小时" if d else (f"{h}小时{mnt}分" if h else f"{mnt}分钟")
        return f"超时 {parts}" if late else parts
    parts = f"{d}d {h}h" if d else (f"{h}h {mnt}m" if h else f"{mnt}m")
    return f"overdue {parts}" if late else parts


class QueueModel(ColumnsModel):
    COLUMNS = ("light", "code", "title", "category", "status", "grid", "assignee", "time_left", "received")

    def __init__(self, parent: QObject | None = None, zh: bool = True) -> None:
        super().__init__(parent, zh)
        self.rows: list[CaseRow] = []
        self._row_of: dict[int, int] = {}
        self._fetched: dict[int, float] = {}  # case id -> when its time left was read
        self._flash: dict[int, float] = {}  # case id -> until when its row is highlighted
        self.accept: Callable[[CaseRow], bool] | None = None  # the proxy's column filters, when any
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._unflash)

    def headers(self) -> dict[str, str]:
        return {
            "light": self.tr("Light"),
            "code": self.tr("Case"),
            "title": self.tr("Title"),
            "category": self.tr("Category"),
            "status": self.tr("Status"),
            "grid": self.tr("Grid"),
            "assignee": self.tr("Assignee"),
            "time_left": self.tr("Time left"),
            "received": self.tr("Received"),
        }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == IdRole:
            return row.id
        if role == AcceptRole:
            return "1" if self.accept is None or self.accept(row) else "0"
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == SortRole:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == "light":
            return LIGHT_COLORS[row.light]
        if role == Qt.ItemDataRole.ForegroundRole and col == "time_left" and row.light == Light.RED:
            return QBrush(LIGHT_COLORS[Light.RED])
        if role == Qt.ItemDataRole.ToolTipRole and col in ("title", "grid"):
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == "code" and (row.supervised or row.priority):
            marks = [self.tr("★ supervised")] if row.supervised else []
            if row.priority:
                marks.append(self.tr("! urgent") if row.priority == 1 else self.tr("!! very urgent"))
            return " · ".join(marks)
        if role == Qt.ItemDataRole.BackgroundRole and self._flash and row.id in self._flash:
            return QBrush(FLASH_COLOR)
        return None

    # ------------------------------------------------------------------------------ content

    def time_left(self, row: CaseRow) -> float | None:
        if row.time_left_s is None:
            return None
        now = time.monotonic()
        return row.time_left_s - (now - self._fetched.get(row.id, now))

    def text(self, row: CaseRow, col: str) -> str:
        """What the cell shows (the per-column text filters match against it)."""
        return self._text(row, col)

    def _text(self, row: CaseRow, col: str) -> str:
        zh = self.zh
        if col == "light":
            return ""
        if col == "code":
            return row.code + (" ★" if row.supervised else "") + (" !" * row.priority)
        if col == "title":
            return row.title
        if col == "category":
            return row.category if zh else row.category_en
        if col == "status":
            try:
                labels = STATUS_LABELS[Status(row.status)]
            except ValueError:
                return row.status
            return labels[0] if zh else labels[1].replace("_", " ")
        if col == "grid":
            return row.grid_name or (
                self.tr("(outside every grid)") if row.grid_code is None else row.grid_code
            )
        if col == "assignee":
            return row.assignee or ""
        if col == "time_left":
            return format_duration(self.time_left(row), zh, overdue=row.light is Light.RED)
        if col == "received":
            return center_time(row.received_at).strftime("%m-%d %H:%M")
        return ""

    def _sort_key(self, row: CaseRow, col: str) -> Any:
        if col == "light":
            # One number, not a tuple: PySide hands tuples to the proxy as lists that sort badly.
            left = row.time_left_s if row.time_left_s is not None else 0.0
            return LIGHT_RANK[row.light] * 1e12 + max(-9e11, min(9e11, left))
        if col == "time_left":
            if row.time_left_s is None:
                return 1e18
            # Whole minutes first (what the cell shows), then the deadline: of the cases overdue by
            # the same working time (0 over a weekend), the one overdue longest comes first. One
            # number (see "light"): minutes * 1e9 + seconds since 2020 stays exact in a float.
            due = row.step_deadline.timestamp() - 1.58e9 if row.step_deadline is not None else 9e8
            return round(row.time_left_s / 60) * 1e9 + max(0.0, min(9.99e8, due))
        if col == "received":
            return row.received_at.timestamp()
        return self._text(row, col)

    # ------------------------------------------------------------------------------ updates

    def row_of(self, case_id: int) -> int | None:
        return self._row_of.get(case_id)

    def ids_among(self, ids: Iterable[int]) -> set[int]:
        """Which of these cases the model holds (without copying every id it holds)."""
        return {i for i in ids if i in self._row_of}

    def merge(self, rows: Sequence[CaseRow]) -> None:
        """Make the model hold exactly `rows` (by id), touching only what differs."""
        wanted = {r.id for r in rows}
        self.remove(i for i in list(self._row_of) if i not in wanted)
        self.upsert(rows)

    def upsert(self, rows: Iterable[CaseRow]) -> None:
        new: list[CaseRow] = []
        last = len(self.COLUMNS) - 1
        now = time.monotonic()
        for r in rows:
            self._fetched[r.id] = now
            at = self._row_of.get(r.id)
            if at is None:
                new.append(r)
            elif self.rows[at] != r:
                self.rows[at] = r
                self.dataChanged.emit(self.index(at, 0), self.index(at, last))
        if new:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for k, r in enumerate(new):
                self.rows.append(r)
                self._row_of[r.id] = first + k
            self.endInsertRows()

    def remove(self, ids: Iterable[int]) -> None:
        removed = {i for i in ids if i in self._row_of}
        if not removed:
            return
        positions = sorted((self._row_of[i] for i in removed), reverse=True)
        # Remove contiguous runs from the bottom up, so earlier positions stay valid.
        runs: list[tuple[int, int]] = []
        for p in positions:
            if runs and runs[-1][0] == p + 1:
                runs[-1] = (p, runs[-1][1])
            else:
                runs.append((p, p))
        for lo, hi in runs:
            self.beginRemoveRows(QModelIndex(), lo, hi)
            del self.rows[lo : hi + 1]
            self.endRemoveRows()
        # Rows above the lowest removed one keep their positions: renumber only from there.
        for i in removed:
            del self._row_of[i]
            self._fetched.pop(i, None)
        for k in range(positions[-1], len(self.rows)):
            self._row_of[self.rows[k].id] = k

    def flash(self, ids: Iterable[int], seconds: float = FLASH_SECONDS) -> None:
        """Highlight these cases' rows for a while (a new overdue or urgent case)."""
        until = time.monotonic() + seconds
        for i in ids:
            self._flash[i] = until
            self._repaint_background(i)
        if self._flash:
            self._flash_timer.start(int(seconds * 1000) + 50)

    def flashing(self) -> set[int]:
        now = time.monotonic()
        return {i for i, until in self._flash.items() if until > now}

    def _unflash(self) -> None:
        now = time.monotonic()
        done = [i for i, until in self._flash.items() if until <= now]
        for i in done:
            del self._flash[i]
            self._repaint_background(i)
        if self._flash:
            self._flash_timer.start(int((min(self._flash.values()) - now) * 1000) + 50)

    def _repaint_background(self, case_id: int) -> None:
        at = self._row_of.get(case_id)
        if at is not None:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(at, 0), self.index(at, last), [Qt.ItemDataRole.BackgroundRole])

    def refresh_clock(self) -> None:
        """Repaint the time-left column (it counts down between database refreshes)."""
        if self.rows:
            col = self.COLUMNS.index("time_left")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))


# ---------------------------------------------------------------------------------- column filters

ChoiceKey = str | int
# The columns filtered by choosing one value (the rest by "text contains"; time left by neither).
CHOICE_COLUMNS = ("light", "category", "status", "grid")
TEXT_COLUMNS = ("code", "title", "assignee", "received")


def choice_key(row: CaseRow, col: str) -> ChoiceKey:
    """The value a choice filter compares: light, category id, status, grid code ("" = no grid)."""
    if col == "light":
        return str(row.light) if row.light is not None else "none"
    if col == "category":
        return row.category_id
    if col == "status":
        return row.status
    if col == "grid":
        return row.grid_code or ""
    raise KeyError(col)


class QueueProxy(QSortFilterProxyModel):
    """Sorts a QueueModel and narrows it by per-column filters (on top of the toolbar's filter).

    The filters live here, not in the model, so live updates (which only touch the model's rows)
    keep them: a changed row is filtered again as it arrives, and the selection follows its row.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(AcceptRole)
        self.setFilterKeyColumn(0)
        self.texts: dict[str, str] = {}  # column -> lower-case needle
        self.choices: dict[str, ChoiceKey] = {}  # column -> key

    def queue_model(self) -> QueueModel:
        model = self.sourceModel()
        assert isinstance(model, QueueModel)
        return model

    @property
    def active(self) -> bool:
        return bool(self.texts or self.choices)

    def _refilter(self, change: Callable[[], None]) -> None:
        """Change the filters and filter the rows again.

        Not an override of filterAcceptsRow: that would be a Python call for every row inserted, filters
        or not (about +20% on filling a queue of 10,000). Instead the proxy's own regular-expression
        filter asks the model's AcceptRole, and only while a column filter is set: with an empty
        pattern Qt accepts every row without asking.
        """
        change()
        model = self.queue_model()
        model.accept = self.accepts if self.active else None
        pattern = "^1$" if self.active else ""
        if self.filterRegularExpression().pattern() != pattern:
            self.setFilterRegularExpression(pattern)  # filters the rows again
        elif hasattr(self, "beginFilterChange"):  # Qt 6.10+, where invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt 6.7 to 6.9
            self.invalidateRowsFilter()

    def set_text(self, col: str, text: str) -> None:
        needle = text.strip().lower()
        if needle != self.texts.get(col, ""):
            self._refilter(lambda: self._put(self.texts, col, needle or None))

    def set_choice(self, col: str, key: ChoiceKey | None) -> None:
        if self.choices.get(col) != key:
            self._refilter(lambda: self._put(self.choices, col, key))

    @staticmethod
    def _put(filters: dict[str, Any], col: str, value: Any) -> None:
        if value is None:
            filters.pop(col, None)
        else:
            filters[col] = value

    def clear_filters(self) -> None:
        def clear() -> None:
            self.texts.clear()
            self.choices.clear()

        if self.active:
            self._refilter(clear)

    def accepts(self, row: CaseRow) -> bool:
        for col, key in self.choices.items():
            if choice_key(row, col) != key:
                return False
        if self.texts:
            model = self.queue_model()
            for col, needle in self.texts.items():
                if needle not in model.text(row, col).lower():
                    return False
        return True
