"""The brief's charts, drawn with pyqtgraph and exported to images (no window is shown).

Each chart is laid out at its printed size in points (so fonts are their printed size) and exported
at `scale` times that for print sharpness.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from commandcenter.brief import text as t
from commandcenter.brief.model import CategoryCount, DayCount
from commandcenter.gui.brief.fonts import SANS, brief_font

NEW_COLOR = "#2f5d9e"
CLOSED_COLOR = "#d9822b"
BAR_COLOR = "#4a78b8"
OTHER_COLOR = "#a9b4c2"
AXIS_COLOR = "#444444"
MM_PER_INCH = 25.4
LAYOUT_DPI = 96.0  # the scene's own unit is a screen pixel; fonts are sized in points against it
TICK_POINTS = 7.5
MAX_CATEGORIES = 10


def _size_px(width_mm: float, height_mm: float) -> tuple[float, float]:
    return width_mm * LAYOUT_DPI / MM_PER_INCH, height_mm * LAYOUT_DPI / MM_PER_INCH


def _font(points: float = TICK_POINTS) -> QFont:
    font = brief_font(SANS, points)
    # pyqtgraph sizes text in pixels of its scene: convert the printed size.
    font.setPixelSize(round(points * LAYOUT_DPI / 72.0))
    return font


class _Chart:
    """A PlotItem in its own scene, styled for print, with an optional title above the plot."""

    def __init__(self, width_mm: float, height_mm: float, title: str = "") -> None:
        self.title = title
        # A view that is never shown: the exporter reads the scene through it.
        self.view = pg.GraphicsView(background="w")
        self.plot = pg.PlotItem()
        self.view.setCentralItem(self.plot)
        w, h = _size_px(width_mm, height_mm)
        self.title_h = _size_px(0, 6.0)[1] if title else 0.0
        self.view.resize(round(w), round(h - self.title_h))
        self.plot.setGeometry(QRectF(0, 0, w, h - self.title_h))
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(False, False)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(AXIS_COLOR, width=0.8))
            axis.setTextPen(pg.mkPen(AXIS_COLOR))
            # Every tick label is wanted on paper: no thinning of "crowded" labels.
            axis.setStyle(
                tickFont=_font(), tickLength=-4, textFillLimits=[(0, 1.0)], hideOverlappingLabels=False
            )
        self.plot.showGrid(x=False, y=True, alpha=0.25)

    def label(
        self, x: float, y: float, text: str, anchor: tuple[float, float], color: str = AXIS_COLOR
    ) -> None:
        item = pg.TextItem(text, color=color, anchor=anchor)
        item.setFont(_font(TICK_POINTS - 0.5))
        self.plot.addItem(item)
        item.setPos(x, y)

    def image(self, scale: float) -> QImage:
        # Nothing runs the event loop between building and exporting: lay out now.
        self.plot.layout.activate()
        exporter = ImageExporter(self.plot)
        exporter.parameters()["width"] = int(self.plot.geometry().width() * scale)
        exporter.parameters()["antialias"] = True
        exporter.parameters()["background"] = QColor("white")
        image = exporter.export(toBytes=True)
        assert isinstance(image, QImage)
        self.dispose()
        return self._with_title(image, scale) if self.title else image

    def _with_title(self, plot: QImage, scale: float) -> QImage:
        strip = round(self.title_h * scale)
        out = QImage(plot.width(), plot.height() + strip, QImage.Format.Format_ARGB32_Premultiplied)
        out.fill(QColor("white"))
        painter = QPainter(out)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = brief_font(SANS, 9, bold=True)
        font.setPixelSize(round(9 * LAYOUT_DPI / 72.0 * scale))
        painter.setFont(font)
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(
            QRectF(0, 0, out.width(), strip),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.drawImage(0, strip, plot)
        painter.end()
        return out

    def dispose(self) -> None:
        # Tear the scene down now, in order, rather than leave it to the garbage collector at exit
        # (PySide6 6.12 aborts in interpreter shutdown when several such scenes are collected late).
        scene = self.view.scene()
        scene.clear()
        self.view.setScene(None)
        scene.deleteLater()
        self.view.deleteLater()


def _nice_top(values: Sequence[float]) -> float:
    top = max(values, default=0)
    return max(1.0, top * 1.18)


def _integer_ticks(chart: _Chart, top: float) -> None:
    step = max(1, round(top / 5))
    chart.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, int(top) + 1, step)]])


def hours_chart(
    counts: Sequence[int], width_mm: float, height_mm: float, scale: float = 3.0, title: str = ""
) -> QImage:
    """New cases per local hour as bars."""
    chart = _Chart(width_mm, height_mm, title)
    chart.plot.addItem(
        pg.BarGraphItem(x=list(range(24)), height=list(counts), width=0.72, brush=BAR_COLOR, pen=None)
    )
    top = _nice_top(counts)
    chart.plot.setXRange(-0.7, 23.7, padding=0)
    chart.plot.setYRange(0, top, padding=0)
    chart.plot.getAxis("bottom").setTicks([[(h, f"{h}时") for h in range(0, 24, 3)], []])
    _integer_ticks(chart, top)
    peak = max(counts, default=0)
    if peak:
        h = list(counts).index(peak)
        chart.label(h, peak, str(peak), (0.5, 1.0))
    else:
        chart.label(11.5, top / 2, "当日无新上报案件", (0.5, 0.5))
    return chart.image(scale)


def trend_chart(
    days: Sequence[DayCount], width_mm: float, height_mm: float, scale: float = 3.0, title: str = ""
) -> QImage:
    """New and closed cases over the 7 days ending on the day, as paired bars."""
    chart = _Chart(width_mm, height_mm, title)
    xs = list(range(len(days)))
    new = [d.new for d in days]
    closed = [d.closed for d in days]
    chart.plot.addItem(
        pg.BarGraphItem(x=[x - 0.18 for x in xs], height=new, width=0.36, brush=NEW_COLOR, pen=None)
    )
    chart.plot.addItem(
        pg.BarGraphItem(x=[x + 0.18 for x in xs], height=closed, width=0.36, brush=CLOSED_COLOR, pen=None)
    )
    top = _nice_top(new + closed) * 1.12  # room for the legend
    chart.plot.setXRange(-0.6, len(days) - 0.4, padding=0)
    chart.plot.setYRange(0, top, padding=0)
    chart.plot.getAxis("bottom").setTicks(
        [[(x, f"{d.day.month}/{d.day.day}") for x, d in zip(xs, days, strict=True)], []]
    )
    _integer_ticks(chart, top)
    chart.label(-0.5, top, "■ 新上报", (0.0, 0.0), NEW_COLOR)
    chart.label(1.6, top, "■ 结案", (0.0, 0.0), CLOSED_COLOR)
    return chart.image(scale)


def category_chart(
    categories: Sequence[CategoryCount], width_mm: float, height_mm: float, scale: float = 3.0
) -> QImage:
    """The day's largest categories as horizontal bars, largest on top, with their counts."""
    chart = _Chart(width_mm, height_mm)
    shown = list(categories[:MAX_CATEGORIES])
    rest = sum(c.count for c in categories[MAX_CATEGORIES:])
    rows = [(c.name, c.count) for c in shown] + ([("其他", rest)] if rest else [])
    n = max(1, len(rows))
    ys = [n - 1 - i for i in range(len(rows))]
    values = [v for _n, v in rows]
    if rows:
        brushes = [pg.mkBrush(BAR_COLOR)] * len(shown) + ([pg.mkBrush(OTHER_COLOR)] if rest else [])
        chart.plot.addItem(pg.BarGraphItem(x0=0, y=ys, height=0.62, width=values, brushes=brushes, pen=None))
    top = _nice_top(values) * 1.08
    chart.plot.setYRange(-0.6, n - 0.4, padding=0)
    chart.plot.setXRange(0, top, padding=0)
    chart.plot.getAxis("left").setTicks([[(y, name) for y, (name, _v) in zip(ys, rows, strict=True)], []])
    chart.plot.getAxis("left").setWidth(_size_px(24, 0)[0])
    chart.plot.showGrid(x=True, y=False, alpha=0.25)
    step = max(1, round(top / 5))
    chart.plot.getAxis("bottom").setTicks([[(v, str(v)) for v in range(0, int(top) + 1, step)]])
    for y, v in zip(ys, values, strict=True):
        chart.label(v, y, f" {v}", (0.0, 0.5))
    if not rows:
        chart.label(top / 2, (n - 1) / 2, t.EMPTY, (0.5, 0.5))
    return chart.image(scale)
