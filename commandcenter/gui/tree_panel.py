"""The drill-down tree: district > township > community > grid, then the logical grids."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTreeView

from commandcenter.services.queues import TreeNode

KindRole = Qt.ItemDataRole.UserRole + 1
CodeRole = Qt.ItemDataRole.UserRole + 2
NameRole = Qt.ItemDataRole.UserRole + 3


class TreePanel(QObject):
    unitSelected = Signal(str, str)

    def __init__(self, view: QTreeView, filter_edit: QLineEdit) -> None:
        super().__init__(view)
        self.view = view
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        view.setModel(self.proxy)
        filter_edit.textChanged.connect(self._filter)
        self._items: dict[tuple[str, str], QStandardItem] = {}
        self._silent = False
        view.selectionModel().currentChanged.connect(self._current)
        self.counts: dict[str, tuple[int, int]] = {}
        self._grid_codes: list[str] = []

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.view.expandAll()

    def set_nodes(self, nodes: Sequence[TreeNode], logical_title: str) -> None:
        self.model.clear()
        self._items.clear()
        by_id: dict[tuple[str, int], QStandardItem] = {}
        root = self.model.invisibleRootItem()
        logical_root = QStandardItem(logical_title)
        logical_root.setEditable(False)
        logical_root.setSelectable(False)
        for n in nodes:
            item = QStandardItem(n.name)
            item.setEditable(False)
            item.setData(n.kind, KindRole)
            item.setData(n.code, CodeRole)
            item.setData(n.name, NameRole)
            item.setToolTip(f"{n.code} {n.name}")
            parent = by_id.get((n.kind, n.parent_id)) if n.parent_id is not None else None
            if parent is None:
                parent = root if n.kind == "grid" else logical_root
            parent.appendRow(item)
            by_id[(n.kind, n.id)] = item
            self._items[(n.kind, n.code)] = item
        if logical_root.rowCount():
            root.appendRow(logical_root)
        self._grid_codes = [code for kind, code in self._items if kind == "grid"]
        self.view.expandToDepth(0)
        if self.counts:
            self.set_counts(self.counts)

    def set_counts(self, counts: dict[str, tuple[int, int]], changed: set[str] | None = None) -> None:
        """Show open/overdue counts beside each physical node's name (only `changed` codes, if given:
        a batch of changes touches a few of the 1,000 nodes)."""
        self.counts = counts
        codes = self._grid_codes if changed is None else changed
        for code in codes:
            item = self._items.get(("grid", code))
            if item is None:
                continue
            base = item.data(NameRole)
            n, o = counts.get(code, (0, 0))
            text = base if not n else (f"{base}  {n}" + (f" / {o}!" if o else ""))
            if item.text() != text:
                item.setText(text)

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._silent or not current.isValid():
            return
        kind = current.data(KindRole)
        code = current.data(CodeRole)
        if kind and code:
            self.unitSelected.emit(kind, code)

    def select(self, kind: str, code: str) -> None:
        """Select a node without echoing unitSelected (the caller already acts on it)."""
        item = self._items.get((kind, code))
        if item is None:
            return
        index = self.proxy.mapFromSource(item.index())
        if not index.isValid():
            return
        self._silent = True
        try:
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
        finally:
            self._silent = False
