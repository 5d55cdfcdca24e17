"""The selected unit's profile: facts, the last 30 days' measures, and two pyqtgraph charts."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

from commandcenter.domain.kpi import MEASURE_LABELS
from commandcenter.services.queues import UnitProfile

LEVEL_NAMES = {
    "district": ("区", "district"),
    "township": ("镇/街道", "township"),
    "community": ("村/社区", "community"),
    "grid": ("网格", "grid"),
    "micro": ("微网格", "micro-grid"),
}


class ProfilePanel(QObject):
    def __init__(self, title: QLabel, facts: QLabel, chart_host: QWidget) -> None:
        super().__init__(title)
        self.title = title
        self.facts = facts
        pg.setConfigOptions(antialias=True, background="w", foreground="#333")
        self.per_day = pg.PlotWidget()
        self.per_day.setMinimumHeight(150)
        self.per_day.setMouseEnabled(x=False, y=False)
        self.per_day.hideButtons()
        self.by_category = pg.PlotWidget()
        self.by_category.setMinimumHeight(200)
        self.by_category.setMouseEnabled(x=False, y=False)
        self.by_category.hideButtons()
        chart_host.layout().addWidget(self.per_day)
        chart_host.layout().addWidget(self.by_category)
        self.profile: UnitProfile | None = None
        self.zh = True

    def clear(self) -> None:
        self.profile = None
        self.title.setText(self.tr("Select a place in the tree or on the map"))
        self.facts.setText("")
        self.per_day.clear()
        self.by_category.clear()

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
            label = MEASURE_LABELS[name][0 if zh else 1]
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
        top = p.by_category[:8][::-1]
        ys = list(range(len(top)))
        if top:
            self.by_category.addItem(
                pg.BarGraphItem(x0=0, y=ys, height=0.7, width=[c for *_n, c in top], brush="#e08a2e")
            )
        self.by_category.getAxis("left").setTicks(
            [[(i, (n if zh else en)[:12]) for i, (n, en, _c) in enumerate(top)]]
        )
        self.by_category.setTitle(self.tr("By category"), size="10pt")
