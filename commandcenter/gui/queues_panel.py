"""The queues dock: one tab per queue (count in the title), each a sortable table updated in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QItemSelectionModel, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTabWidget

from commandcenter.gui.queue_model import IdRole, QueueModel, SortRole
from commandcenter.services.queues import QUEUES, CaseRow


class QueuesPanel(QObject):
    caseSelected = Signal(int)
    visibleQueueChanged = Signal(str)

    def __init__(self, tabs: QTabWidget, zh: bool) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.models: dict[str, QueueModel] = {}
        self.views: dict[str, QTableView] = {}
        self.proxies: dict[str, QSortFilterProxyModel] = {}
        self.counts: dict[str, int] = {}
        self.keys = [q.key for q in QUEUES]
        self._silent = False
        for key in self.keys:
            model = QueueModel(self, zh=zh)
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SortRole)
            proxy.setDynamicSortFilter(True)
            view = QTableView()
            view.setObjectName(f"queue_{key}")
            view.setModel(proxy)
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setVisible(False)
            view.verticalHeader().setDefaultSectionSize(24)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            for col, width in enumerate((44, 170, 240, 130, 70, 150, 70, 110, 90)):
                view.setColumnWidth(col, width)
            view.selectionModel().currentRowChanged.connect(lambda cur, _prev, v=view: self._picked(v, cur))
            view.clicked.connect(lambda idx, v=view: self._picked(v, idx))
            self.models[key] = model
            self.proxies[key] = proxy
            self.views[key] = view
            tabs.addTab(view, "")
        tabs.currentChanged.connect(lambda i: self.visibleQueueChanged.emit(self.keys[i]))
        self.retranslate()

    def _picked(self, view: QTableView, index: object) -> None:
        # Rows moving under the cursor (a live update removed the current row) are not a choice.
        if self._silent:
            return
        if index is not None and index.isValid():  # type: ignore[attr-defined]
            case_id = index.data(IdRole)  # type: ignore[attr-defined]
            if case_id is not None:
                self.caseSelected.emit(int(case_id))

    # ------------------------------------------------------------------------------ content

    def label(self, key: str) -> str:
        names = {
            "verify": self.tr("To verify"),
            "dispatch": self.tr("To route && dispatch"),
            "in_progress": self.tr("In progress"),
            "overdue": self.tr("Overdue"),
            "check": self.tr("To check"),
            "unassigned": self.tr("Unassigned"),
            "closed_today": self.tr("Closed today"),
        }
        return names[key]

    def retranslate(self) -> None:
        for i, key in enumerate(self.keys):
            n = self.counts.get(key)
            self.tabs.setTabText(i, self.label(key) if n is None else f"{self.label(key)} ({n})")

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self.retranslate()

    def set_language(self, zh: bool) -> None:
        for model in self.models.values():
            model.set_language(zh)
        self.retranslate()

    def current_key(self) -> str:
        return self.keys[self.tabs.currentIndex()]

    def merge(self, key: str, rows: Sequence[CaseRow]) -> None:
        self._silent = True
        try:
            self.models[key].merge(rows)
        finally:
            self._silent = False

    def apply(
        self, rows: Sequence[CaseRow], removed: Sequence[int], membership: Mapping[int, frozenset[str]]
    ) -> None:
        """Changed cases: each goes into the queues it now belongs in and out of the others."""
        self._silent = True
        try:
            for key, model in self.models.items():
                model.upsert(r for r in rows if key in membership[r.id])
                model.remove([r.id for r in rows if key not in membership[r.id]] + list(removed))
        finally:
            self._silent = False

    def select_case(self, case_id: int | None) -> None:
        """Show the case selected in the current queue if it is there (no signal loop: same id)."""
        key = self.current_key()
        model = self.models[key]
        view = self.views[key]
        row = model.row_of(case_id) if case_id is not None else None
        if row is None:
            return
        proxy_index = self.proxies[key].mapFromSource(model.index(row, 0))
        current = view.currentIndex()
        if current.isValid() and current.row() == proxy_index.row():
            return
        self._silent = True
        try:
            view.selectionModel().setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            view.scrollTo(proxy_index)
        finally:
            self._silent = False

    def selected_id(self, key: str | None = None) -> int | None:
        view = self.views[key or self.current_key()]
        idx = view.currentIndex()
        return None if not idx.isValid() else idx.data(IdRole)

    def tick(self) -> None:
        self.models[self.current_key()].refresh_clock()
