"""The queues dock: one tab per queue (count in the title), each a sortable table updated in place.

Under each table's header sits a row of column filters (text contains, or a choice of the values
present), applied on top of the toolbar's filter by the table's QueueProxy; a filtered tab's title
shows "shown/total", and the corner button clears the shown tab's filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from commandcenter.gui.queue_model import (
    CHOICE_COLUMNS,
    LIGHT_RANK,
    TEXT_COLUMNS,
    ChoiceKey,
    IdRole,
    QueueModel,
    QueueProxy,
    SortRole,
    choice_key,
)
from commandcenter.services.queues import QUEUES, CaseRow

FILTER_DELAY_MS = 150  # typing in a text filter re-filters once the typing pauses
TAB_FLASH_MS = 500
TAB_FLASHES = 12


class ChoiceCombo(QComboBox):
    """A column's choice filter: "all" and the values present now, listed afresh when opened."""

    def __init__(self, options: Callable[[], list[tuple[str, ChoiceKey]]], parent: QWidget | None = None):
        super().__init__(parent)
        self._options = options
        self._all = ""
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(3)
        self.refill()

    def set_all_text(self, text: str) -> None:
        self._all = text
        if self.count():
            self.setItemText(0, text)

    def key(self) -> ChoiceKey | None:
        return self.currentData()

    def set_key(self, key: ChoiceKey | None) -> None:
        at = self.findData(key) if key is not None else 0
        self.setCurrentIndex(max(at, 0))

    def refill(self) -> None:
        """The values present now; the chosen one stays (and stays chosen) even if none is left."""
        chosen = self.key()
        chosen_text = self.currentText()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(self._all, None)
            keys = set()
            for text, key in self._options():
                keys.add(key)
                self.addItem(text, key)
            if chosen is not None and chosen not in keys:
                self.addItem(chosen_text, chosen)
            self.set_key(chosen)
        finally:
            self.blockSignals(False)

    def showPopup(self) -> None:
        self.refill()
        super().showPopup()


class FilterHeader(QHeaderView):
    """A horizontal header with a row of filter editors under the section labels."""

    PADDING = 4

    def __init__(self, view: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, view)
        self.editors: list[QWidget | None] = []
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.sectionResized.connect(self.place_editors)
        self.sectionMoved.connect(self.place_editors)
        view.horizontalScrollBar().valueChanged.connect(self.place_editors)

    def set_editors(self, editors: Sequence[QWidget | None]) -> None:
        self.editors = list(editors)
        for e in self.editors:
            if e is not None:
                e.setParent(self)
                e.show()
        self.updateGeometries()

    def _editor_height(self) -> int:
        return max((e.sizeHint().height() for e in self.editors if e is not None), default=0)

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        if self.editors:
            size.setHeight(size.height() + self._editor_height() + self.PADDING)
        return size

    def updateGeometries(self) -> None:
        height = self._editor_height()
        self.setViewportMargins(0, 0, 0, height + self.PADDING if height else 0)
        super().updateGeometries()
        self.place_editors()

    def place_editors(self) -> None:
        height = self._editor_height()
        top = self.height() - height - self.PADDING // 2
        for i, e in enumerate(self.editors):
            if e is None:
                continue
            if self.isSectionHidden(i):
                e.hide()
                continue
            e.setGeometry(self.sectionViewportPosition(i) + 1, top, max(self.sectionSize(i) - 2, 0), height)
            e.show()


def _dot(color: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pix)


class QueuesPanel(QObject):
    caseSelected = Signal(int)
    visibleQueueChanged = Signal(str)

    def __init__(self, tabs: QTabWidget, zh: bool) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.models: dict[str, QueueModel] = {}
        self.views: dict[str, QTableView] = {}
        self.proxies: dict[str, QueueProxy] = {}
        # Per queue, the filter editors by column name.
        self.editors: dict[str, dict[str, QLineEdit | ChoiceCombo]] = {}
        self.counts: dict[str, int] = {}
        self.keys = [q.key for q in QUEUES]
        self._silent = False
        self._case_id: int | None = None  # the case the window's case view shows (select_case)
        # Changed rows for queues not on screen, put in when their tab is shown: inserting rows into
        # a sorted proxy costs Python sort-key calls (~0.5 ms a row), and nobody sees those tabs.
        self._pending: dict[str, dict[int, CaseRow]] = {key: {} for key in self.keys}
        for key in self.keys:
            model = QueueModel(self, zh=zh)
            proxy = QueueProxy(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SortRole)
            proxy.setDynamicSortFilter(True)
            view = QTableView()
            view.setObjectName(f"queue_{key}")
            view.setHorizontalHeader(FilterHeader(view))
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
            for col, width in enumerate((64, 170, 240, 130, 80, 150, 70, 110, 90)):  # room for the filters
                view.setColumnWidth(col, width)
            view.selectionModel().currentRowChanged.connect(lambda cur, _prev, v=view: self._picked(v, cur))
            view.clicked.connect(lambda idx, v=view: self._picked(v, idx))
            self.models[key] = model
            self.proxies[key] = proxy
            self.views[key] = view
            self._make_filters(key)
            for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
                signal.connect(lambda *_, k=key: self._shown_changed(k))
            tabs.addTab(view, "")
        self.clearButton = QToolButton(tabs)
        self.clearButton.setObjectName("clearQueueFilters")
        self.clearButton.setAutoRaise(True)
        self.clearButton.clicked.connect(lambda: self.clear_filters())
        tabs.setCornerWidget(self.clearButton, Qt.Corner.TopRightCorner)
        self._retitle = QTimer(self)  # tab titles follow the shown rows once per event-loop pass
        self._retitle.setSingleShot(True)
        self._retitle.setInterval(0)
        self._retitle.timeout.connect(self.retitle)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(TAB_FLASH_MS)
        self._flash_timer.timeout.connect(self._blink)
        self._flash_left = 0
        self._flash_tab: str | None = None
        self._alert_icon = _dot("#d7191c")
        self._blank_icon = _dot("transparent")
        tabs.currentChanged.connect(self._tab_changed)
        self.retranslate()

    # ------------------------------------------------------------------------------ column filters

    def _make_filters(self, key: str) -> None:
        model = self.models[key]
        view = self.views[key]
        editors: dict[str, QLineEdit | ChoiceCombo] = {}
        delay = QTimer(self)
        delay.setSingleShot(True)
        delay.setInterval(FILTER_DELAY_MS)
        delay.timeout.connect(lambda k=key: self._apply_texts(k))
        for col in model.COLUMNS:
            if col in TEXT_COLUMNS:
                edit = QLineEdit()
                edit.setClearButtonEnabled(True)
                edit.textChanged.connect(lambda _t, d=delay: d.start())
                edit.returnPressed.connect(lambda k=key: self._apply_texts(k))
                editors[col] = edit
            elif col in CHOICE_COLUMNS:
                combo = ChoiceCombo(lambda k=key, c=col: self.options(k, c))
                combo.currentIndexChanged.connect(
                    lambda _i, k=key, c=col, w=combo: self._apply_choice(k, c, w.key())
                )
                editors[col] = combo
            if col in editors:
                editors[col].setObjectName(f"filter_{key}_{col}")
        self.editors[key] = editors
        header = view.horizontalHeader()
        assert isinstance(header, FilterHeader)
        header.set_editors([editors.get(col) for col in model.COLUMNS])

    def options(self, key: str, col: str) -> list[tuple[str, ChoiceKey]]:
        """A choice filter's values: those present in the queue now, in a sensible order."""
        model = self.models[key]
        if col == "light":
            names = {
                "red": self.tr("Overdue (red)"),
                "yellow": self.tr("Near the limit (yellow)"),
                "green": self.tr("Within limit (green)"),
                "none": self.tr("No running clock"),
            }
            order = {str(light) if light is not None else "none": rank for light, rank in LIGHT_RANK.items()}
            present = {choice_key(r, col) for r in model.rows}
            return [
                (names.get(str(k), str(k)), k) for k in sorted(present, key=lambda k: order.get(str(k), 9))
            ]
        seen: dict[ChoiceKey, str] = {}
        for r in model.rows:
            k = choice_key(r, col)
            if k not in seen:
                seen[k] = model.text(r, col) + (f" ({r.grid_code})" if col == "grid" and r.grid_code else "")
        if col == "grid":
            return [(seen[k], k) for k in sorted(seen, key=lambda k: str(k) or "~")]
        return sorted(((text, k) for k, text in seen.items()), key=lambda t: t[0])

    def _apply_texts(self, key: str) -> None:
        proxy = self.proxies[key]
        self._silent = True  # rows leaving under the cursor are not a choice of case
        try:
            for col, editor in self.editors[key].items():
                if isinstance(editor, QLineEdit):
                    proxy.set_text(col, editor.text())
        finally:
            self._silent = False
        self._follow_case(scroll=False)  # a row filtered out moved the highlight to its neighbour
        self.retitle()

    def _apply_choice(self, key: str, col: str, value: ChoiceKey | None) -> None:
        self._silent = True
        try:
            self.proxies[key].set_choice(col, value)
        finally:
            self._silent = False
        self._follow_case(scroll=False)
        self.retitle()

    def set_column_filter(self, key: str, col: str, value: str | ChoiceKey | None) -> None:
        """Set one column's filter as a person would in its editor (text, or a choice's key)."""
        editor = self.editors[key][col]
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            self._apply_texts(key)
        else:
            editor.refill()
            if value is not None and editor.findData(value) < 0:
                editor.addItem(str(value), value)
            editor.set_key(value)

    def clear_filters(self, key: str | None = None) -> None:
        """Clear the column filters of a queue (the shown one by default): one click."""
        key = key or self.current_key()
        for editor in self.editors[key].values():
            editor.blockSignals(True)
            if isinstance(editor, QLineEdit):
                editor.clear()
            else:
                editor.set_key(None)
            editor.blockSignals(False)
        self._silent = True
        try:
            self.proxies[key].clear_filters()
        finally:
            self._silent = False
        self._follow_case(scroll=False)
        self.retitle()

    def shown_count(self, key: str) -> int:
        """How many of the queue's rows pass its column filters, counting held-back changes (a hidden tab)."""
        proxy = self.proxies[key]
        shown = proxy.rowCount()
        pending = self._pending[key]
        if pending and proxy.active:
            model = self.models[key]
            for r in pending.values():
                at = model.row_of(r.id)
                was = at is not None and proxy.accepts(model.rows[at])
                shown += int(proxy.accepts(r)) - int(was)
        return shown

    def _shown_changed(self, key: str) -> None:
        if self.proxies[key].active:
            self._retitle.start()

    def _tab_changed(self, i: int) -> None:
        self.flush(self.keys[i])
        self._follow_case(scroll=True)  # a tab shown highlights the case on view, or nothing
        self.clearButton.setEnabled(self.proxies[self.keys[i]].active)
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
            "to_close": self.tr("To close"),
            "parked": self.tr("Parked"),
            "unassigned": self.tr("Unassigned"),
            "closed_today": self.tr("Closed today"),
        }
        return names[key]

    def retranslate(self) -> None:
        self.clearButton.setText(self.tr("Clear column filters"))
        self.clearButton.setToolTip(self.tr("Show every row of this queue again"))
        for editors in self.editors.values():
            for editor in editors.values():
                if isinstance(editor, QLineEdit):
                    editor.setPlaceholderText(self.tr("contains…"))
                else:
                    editor.set_all_text(self.tr("All"))
        self.retitle()

    def retitle(self) -> None:
        """Tab titles: "label (count)", or "label (shown/count)" while column filters narrow it."""
        for i, key in enumerate(self.keys):
            n = self.counts.get(key)
            if n is None:
                text = self.label(key)
            elif self.proxies[key].active:
                text = f"{self.label(key)} ({self.shown_count(key)}/{n})"
            else:
                text = f"{self.label(key)} ({n})"
            if self.tabs.tabText(i) != text:  # a tab bar relayouts on every setTabText
                self.tabs.setTabText(i, text)
        self.clearButton.setEnabled(self.proxies[self.current_key()].active)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        if dict(counts) == self.counts:
            return
        self.counts = dict(counts)
        self.retitle()

    def set_language(self, zh: bool) -> None:
        for model in self.models.values():
            model.set_language(zh)
        for editors in self.editors.values():  # choices show category and status names
            for editor in editors.values():
                if isinstance(editor, ChoiceCombo):
                    editor.refill()
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
        if key == self.current_key():
            self._follow_case(scroll=False)

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
        # A SingleSelection view whose current row is removed selects its neighbour: a case the
        # case view does not show. Put the highlight back on the shown case, or on nothing.
        self._follow_case(scroll=False)
        if any(p.active for p in self.proxies.values()):
            self._retitle.start()  # a filtered hidden tab counts its held-back changes too

    def select_case(self, case_id: int | None) -> None:
        """The case the window shows: highlighted in the current queue if there, else no row is."""
        self._case_id = case_id
        self._follow_case(scroll=True)

    def _follow_case(self, scroll: bool) -> None:
        """Make the current queue's highlight the shown case's row, or clear it (no signal: silent).

        Never another case's row: after a step moves the case out of the queue shown, or when the
        case picked on the map is not in it, the operator would read the highlight as the case shown.
        """
        key = self.current_key()
        model = self.models[key]
        view = self.views[key]
        selection = view.selectionModel()
        row = model.row_of(self._case_id) if self._case_id is not None else None
        proxy_index = (
            self.proxies[key].mapFromSource(model.index(row, 0)) if row is not None else QModelIndex()
        )
        self._silent = True
        try:
            if not proxy_index.isValid():  # not in this queue, or hidden by its column filters
                if selection.hasSelection() or selection.currentIndex().isValid():
                    selection.clear()
                return
            current = view.currentIndex()
            if (
                current.isValid()
                and current.row() == proxy_index.row()
                and selection.isRowSelected(proxy_index.row())
            ):
                return
            selection.setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            if scroll:
                view.scrollTo(proxy_index)
        finally:
            self._silent = False

    def selected_id(self, key: str | None = None) -> int | None:
        view = self.views[key or self.current_key()]
        idx = view.currentIndex()
        return None if not idx.isValid() else idx.data(IdRole)

    def tick(self) -> None:
        self.models[self.current_key()].refresh_clock()

    # ------------------------------------------------------------------------------ alerts

    def flash(self, ids: Iterable[int], tab: str = "overdue") -> None:
        """Signal new overdue or urgent cases: their rows highlighted in every queue, the tab blinking."""
        ids = list(ids)
        for model in self.models.values():
            model.flash(ids)
        self._flash_tab = tab
        self._flash_left = TAB_FLASHES
        self._blink()
        self._flash_timer.start()

    def tab_flashing(self) -> bool:
        return self._flash_left > 0

    def _blink(self) -> None:
        if self._flash_tab is None:
            return
        i = self.keys.index(self._flash_tab)
        self._flash_left -= 1
        on = self._flash_left > 0 and self._flash_left % 2 == 1
        # Off: a blank of the same size, so the tab bar does not relayout on every blink.
        self.tabs.setTabIcon(i, self._alert_icon if on else self._blank_icon)
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._flash_left = 0
            self.tabs.setTabIcon(i, QIcon())
