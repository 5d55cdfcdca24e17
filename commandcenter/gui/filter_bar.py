"""The toolbar: time range, category, status, place filters, search, and who the app acts as."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QToolBar

from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.status import OPEN_STATUSES, Status
from commandcenter.gui.roles import role_name
from commandcenter.services.queues import CaseFilter, PersonChoice

RANGES = ("all", "today", "7d", "30d")


def person_text(p: PersonChoice) -> str:
    """'吴晓蓉 · 管理员', '张三 · 中心值班员 南溪区': the name, the role translated, where.

    PersonChoice.detail is "<role code> <place name>" (services.queues.acting_people).
    """
    role, _sep, where = p.detail.partition(" ")
    detail = " ".join(x for x in (role_name(role), where) if x)
    return f"{p.name} · {detail}" if detail else p.name


class FilterBar(QObject):
    filterChanged = Signal()
    searchRequested = Signal(str)
    actingChanged = Signal(int)
    placeCleared = Signal()

    def __init__(self, bar: QToolBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.range_label = QLabel()
        self.range = QComboBox()
        self.range.setObjectName("rangeCombo")
        self.category_label = QLabel()
        self.category = QComboBox()
        self.category.setObjectName("categoryCombo")
        self.category.setMinimumContentsLength(10)
        self.status_label = QLabel()
        self.status = QComboBox()
        self.status.setObjectName("statusCombo")
        self.place_label = QLabel()
        self.place = QComboBox()
        self.place.setObjectName("placeCombo")
        self.place.setMinimumContentsLength(10)
        self.search = QLineEdit()
        self.search.setObjectName("searchEdit")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.acting_label = QLabel()
        self.acting = QComboBox()
        self.acting.setObjectName("actingCombo")
        self.acting.setMinimumContentsLength(12)
        # Short lists whose texts change with the language and the people loaded after the first
        # show: as wide as their longest text, never cut ("All statu", "吴晓蓉 · administ").
        for combo in (self.range, self.status, self.acting):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for w in (
            self.range_label,
            self.range,
            self.category_label,
            self.category,
            self.status_label,
            self.status,
            self.place_label,
            self.place,
        ):
            bar.addWidget(w)
        bar.addSeparator()
        bar.addWidget(self.search)
        bar.addSeparator()
        bar.addWidget(self.acting_label)
        bar.addWidget(self.acting)
        self._categories: list[tuple[int, str, str]] = []
        self._people: list[PersonChoice] = []
        self._unit: tuple[str, str] | None = None
        self.zh = True
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.filterChanged)
        for combo in (self.range, self.category, self.status):
            combo.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.place.activated.connect(self._place_activated)
        self.search.returnPressed.connect(lambda: self.searchRequested.emit(self.search.text()))
        self.acting.activated.connect(lambda _i: self.actingChanged.emit(int(self.acting.currentData() or 0)))
        self.retranslate()

    def retranslate(self) -> None:
        self.range_label.setText(self.tr("Received") + " ")
        self.category_label.setText(" " + self.tr("Category") + " ")
        self.status_label.setText(" " + self.tr("Status") + " ")
        self.place_label.setText(" " + self.tr("Place") + " ")
        self.acting_label.setText(self.tr("Acting as") + " ")
        self.search.setPlaceholderText(self.tr("Search: case code, grid code, place name"))
        names = {
            "all": self.tr("Any time"),
            "today": self.tr("Today"),
            "7d": self.tr("Last 7 days"),
            "30d": self.tr("Last 30 days"),
        }
        self._refill(self.range, [(names[k], k) for k in RANGES])
        statuses = [(self.tr("All statuses"), None), (self.tr("Open"), "open")]
        statuses += [(STATUS_LABELS[s][0] if self.zh else STATUS_LABELS[s][1], str(s)) for s in Status]
        self._refill(self.status, statuses)
        self._fill_categories()
        self._fill_place()
        self._fill_people(self.acting_id())

    @staticmethod
    def _refill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        at = combo.findData(current)
        combo.setCurrentIndex(max(0, at))
        combo.blockSignals(False)

    def set_categories(self, categories: Sequence[tuple[int, str, str]]) -> None:
        self._categories = list(categories)
        self._fill_categories()

    def _fill_categories(self) -> None:
        items: list[tuple[str, object]] = [(self.tr("All categories"), None)]
        items += [(zh if self.zh else en, cid) for cid, zh, en in self._categories]
        self._refill(self.category, items)

    def set_unit(self, unit: tuple[str, str, str] | None) -> None:
        """The place filter follows the drill-down: (kind, code, name) or None for the whole district."""
        self._unit = None if unit is None else (unit[0], unit[1])
        self._unit_name = None if unit is None else unit[2]
        self._fill_place()

    def _fill_place(self) -> None:
        items: list[tuple[str, object]] = [(self.tr("Whole district"), None)]
        if self._unit is not None:
            items.insert(0, (getattr(self, "_unit_name", "") or self._unit[1], "unit"))
        self._refill(self.place, items)
        self.place.setCurrentIndex(0)

    def _place_activated(self, _index: int) -> None:
        if self.place.currentData() is None and self._unit is not None:
            self.set_unit(None)
            self.placeCleared.emit()

    def set_people(self, people: Sequence[PersonChoice], current: int | None) -> None:
        self._people = list(people)
        self._fill_people(current)

    def _fill_people(self, current: int | None) -> None:
        self.acting.blockSignals(True)
        self.acting.clear()
        for p in self._people:
            self.acting.addItem(person_text(p), p.id)
        at = self.acting.findData(current) if current is not None else -1
        self.acting.setCurrentIndex(max(0, at))
        self.acting.blockSignals(False)

    def acting_id(self) -> int | None:
        data = self.acting.currentData()
        return None if data is None else int(data)

    def case_filter(self, now: datetime | None = None) -> CaseFilter:
        now = now or datetime.now(UTC)
        since = None
        key = self.range.currentData()
        if key == "today":
            from commandcenter.services.queues import day_start

            since = day_start(now)
        elif key == "7d":
            since = now - timedelta(days=7)
        elif key == "30d":
            since = now - timedelta(days=30)
        cat = self.category.currentData()
        status = self.status.currentData()
        statuses: tuple[str, ...] = ()
        if status == "open":
            statuses = tuple(sorted(str(s) for s in OPEN_STATUSES))
        elif status:
            statuses = (status,)
        flt = CaseFilter(category_ids=(int(cat),) if cat is not None else (), statuses=statuses, since=since)
        if self._unit is not None:
            flt = flt.with_unit(*self._unit)
        return flt
