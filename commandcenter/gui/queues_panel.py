"""The queues dock: one tab per queue (count in the title), each a sortable table updated in place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
        # Changed rows for queues not on screen, put in when their tab is shown: inserting rows into
        # a sorted proxy costs Python sort-key calls (~0.5 ms a row), and nobody sees those tabs.
        self._pending: dict[str, dict[int, CaseRow]] = {key: {} for key in self.keys}
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
        tabs.currentChanged.connect(self._tab_changed)
        self.retranslate()

    def _tab_changed(self, i: int) -> None:
        self.flush(self.keys[i])
        self.visibleQueueChanged.emit(self.keys[i])

    def flush(self, key: str) -> None:
        """Put a queue's held-back changed rows in (its tab is being shown)."""
        rows = self._pending[key]
        if not rows:
            return
        self._pending[key] = {}
        self._silent = True
        try:
            self.models[key].upsert(rows.values())
        finally:
            self._silent = False

    def holds(self, key: str, ids: Iterable[int]) -> set[int]:
        """Which of these cases the queue holds, counting changes not yet put in its table."""
        pending = self._pending[key]
        return {i for i in ids if i in pending} | self.models[key].ids_among(
            i for i in ids if i not in pending
        )

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
            text = self.label(key) if n is None else f"{self.label(key)} ({n})"
            if self.tabs.tabText(i) != text:  # a tab bar relayouts on every setTabText
                self.tabs.setTabText(i, text)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        if dict(counts) == self.counts:
            return
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
            # Held-back rows newer than what this read saw still apply.
            pending, self._pending[key] = self._pending[key], {}
            model = self.models[key]
            newer = []
            for r in pending.values():
                at = model.row_of(r.id)
                if at is None or model.rows[at].version <= r.version:
                    newer.append(r)
            if newer:
                if key == self.current_key():
                    model.upsert(newer)
                else:
                    self._pending[key] = {r.id: r for r in newer}
        finally:
            self._silent = False

    def apply(
        self, rows: Sequence[CaseRow], removed: Sequence[int], membership: Mapping[int, frozenset[str]]
    ) -> None:
        """Changed cases: each goes into the queues it now belongs in and out of the others."""
        current = self.current_key()
        self._silent = True
        try:
            for key, model in self.models.items():
                gone = [r.id for r in rows if key not in membership[r.id]] + list(removed)
                pending = self._pending[key]
                for i in gone:
                    pending.pop(i, None)
                model.remove(gone)  # removing is cheap, and a case must leave every queue at once
                fresh = [r for r in rows if key in membership[r.id]]
                if key == current:
                    model.upsert(fresh)
                else:
                    pending.update((r.id, r) for r in fresh)
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
