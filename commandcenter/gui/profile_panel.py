"""The selected unit's profile: facts, the last 30 days' measures, and two pyqtgraph charts."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from commandcenter.domain.kpi import MEASURE_LABELS
from commandcenter.services.queues import UnitProfile

LEVEL_NAMES = {
    "district": ("区", "district"),
    "township": ("镇/街道", "township"),
    "community": ("村/社区", "community"),
    "grid": ("网格", "grid"),
    "micro": ("微网格", "micro-grid"),
}


BAR_COLOUR = "#f0b36e"  # light enough for the dark category names drawn over the bars
LABEL_COLOUR = "#222"
TOP_CATEGORIES = 8


class ProfilePanel(QObject):
    def __init__(self, title: QLabel, facts: QLabel, chart_host: QWidget) -> None:
        super().__init__(title)
        self.title = title
        self.facts = facts
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        title.setAlignment(top)  # the prompt at the top of an empty dock, not in its middle
        facts.setAlignment(top)
        pg.setConfigOptions(antialias=True, background="w", foreground="#333")
        self.per_day = pg.PlotWidget()
        self.per_day.setMinimumHeight(150)
        self.per_day.setMouseEnabled(x=False, y=False)
        self.per_day.hideButtons()
        self.by_category = pg.PlotWidget()
        self.by_category.setMinimumHeight(200)
        self.by_category.setMouseEnabled(x=False, y=False)
        self.by_category.hideButtons()
        # The category names are drawn over their bars, across the chart's whole width (an axis
        # beside the bars leaves English names a few characters), elided to the width the chart
        # has, the full name in the tooltip.
        self.by_category.hideAxis("left")
        self.by_category.getViewBox().sigResized.connect(self._elide_labels)
        self.by_category.scene().sigMouseMoved.connect(self._category_hovered)
        self.category_labels: list[pg.TextItem] = []
        self.category_rows: list[tuple[str, int]] = []  # (full name, count), bottom row first
        chart_host.layout().addWidget(self.per_day)
        chart_host.layout().addWidget(self.by_category)
        self.profile: UnitProfile | None = None
        self.zh = True
        self.clear()

    def clear(self) -> None:
        """No unit (the whole district, or nothing chosen yet): the prompt, no facts and no charts."""
        self.profile = None
        self.title.setText(self.tr("Select a place in the tree or on the map"))
        self.facts.setText("")
        for chart in (self.per_day, self.by_category):
            chart.clear()
            chart.setTitle(None)
            chart.hide()
        self.per_day.getAxis("bottom").setTicks(None)
        self.category_labels = []
        self.category_rows = []

    def show_profile(self, p: UnitProfile, zh: bool) -> None:
        self.profile = p
        self.zh = zh
        level = LEVEL_NAMES.get(p.level, (p.level, p.level))[0 if zh else 1] if p.kind == "grid" else p.level
        self.title.setText(
            f"<b style='font-size:15px'>{html.escape(p.name)}</b> &nbsp; {html.escape(p.code)} · {html.escape(level)}"
        )
        rows = [
            (self.tr("Open cases"), str(p.open)),
            (self.tr("Overdue"), f"<span style='color:#d7191c'>{p.overdue}</span>" if p.overdue else "0"),
        ]
        if p.kind == "grid":
            rows += [
                (self.tr("Households"), f"{p.households:,}"),
                (self.tr("Residents"), f"{p.residents:,}"),
                (self.tr("Grids"), str(p.grids)),
            ]
        workers = ", ".join(f"{html.escape(w.name)} {html.escape(w.phone or '')}" for w in p.workers[:8]) + (
            " …" if len(p.workers) > 8 else ""
        )
        rows.append((self.tr("Staff"), workers or "—"))
        m = p.measures
        for name in ("closure_rate", "on_time_closure_rate", "rework_rate", "satisfaction_rate"):
            value = getattr(m, name)
            label = MEASURE_LABELS[name][0] if zh else MEASURE_LABELS[name][1].capitalize()  # a row head
            rows.append((label, "—" if value is None else f"{value:.1f}%"))
        body = "".join(
            f"<tr><td style='color:#555;padding-right:10px'>{k}</td><td>{v}</td></tr>" for k, v in rows
        )
        note = self.tr("Measures of the last 30 days")
        self.facts.setText(f"<table>{body}</table><div style='color:#777'>{note}</div>")
        self._charts(p, zh)

    def _charts(self, p: UnitProfile, zh: bool) -> None:
        self.per_day.clear()
        xs = list(range(len(p.days)))
        self.per_day.addItem(pg.BarGraphItem(x=xs, height=p.per_day, width=0.8, brush="#4a78b5"))
        self.per_day.setTitle(self.tr("Cases per day"), size="10pt")
        ticks = [
            (i, d.strftime("%m-%d"))
            for i, d in enumerate(p.days)
            if i % 7 == len(p.days) % 7 - 1 or i == len(p.days) - 1
        ]
        self.per_day.getAxis("bottom").setTicks([ticks])
        self.by_category.clear()
        top = p.by_category[:TOP_CATEGORIES][::-1]  # largest at the top
        self.category_rows = [(n if zh else en, c) for n, en, c in top]
        self.category_labels = []
        if top:
            counts = [c for _n, c in self.category_rows]
            self.by_category.addItem(
                pg.BarGraphItem(
                    x0=0, y=list(range(len(top))), height=0.8, width=counts, brush=BAR_COLOUR, pen=None
                )
            )
            for i, (name, _c) in enumerate(self.category_rows):
                label = pg.TextItem(name, color=LABEL_COLOUR, anchor=(0, 0.5))
                label.setPos(0, i)
                self.by_category.addItem(label)
                self.category_labels.append(label)
            self.by_category.setXRange(0, max(counts), padding=0.05)
            self.by_category.setYRange(-0.5, len(top) - 0.5, padding=0.02)
        self.by_category.setTitle(self.tr("By category"), size="10pt")
        for chart in (self.per_day, self.by_category):
            chart.show()
        self._elide_labels()

    def _elide_labels(self) -> None:
        """Each category's name, elided to the chart's width (the full names are in category_rows)."""
        if not self.category_labels:
            return
        width = int(self.by_category.getViewBox().sceneBoundingRect().width()) - 10
        for label, (name, _c) in zip(self.category_labels, self.category_rows, strict=True):
            metrics = QFontMetrics(label.textItem.font())
            label.setText(metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(width, 20)))

    def _category_hovered(self, pos: QPointF) -> None:
        """The tooltip over a category's row: its full name and count (shown here: the chart's
        scene answers Qt's own tooltip requests, and no item covers a whole row)."""
        text = self.category_tip(pos)
        if text:
            at = self.by_category.mapToGlobal(self.by_category.mapFromScene(pos))
            QToolTip.showText(at, text, self.by_category)
        else:
            QToolTip.hideText()

    def category_tip(self, scene_pos: QPointF) -> str:
        vb = self.by_category.getViewBox()
        if not self.category_rows or not vb.sceneBoundingRect().contains(scene_pos):
            return ""
        y = vb.mapSceneToView(scene_pos).y()
        row = round(y)
        if not 0 <= row < len(self.category_rows) or abs(y - row) > 0.45:
            return ""
        name, count = self.category_rows[row]
        return f"{name}: {count}"
