"""The unit's map as an image, drawn with QPainter from the grids' polygons (no web engine).

Leaf grids are shaded by the day's new cases (a sequential red scale in up to five classes), context
boundaries (townships, communities) are drawn and named over them, hotspots are circled and numbered
as in the hotspot table, with a legend, a scale bar and a north arrow.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from commandcenter.brief.model import MapArea, MapData, Polygon
from commandcenter.gui.brief.fonts import SANS, brief_font

RAMP = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
ZERO_FILL = "#f3f3f1"
LEAF_EDGE = "#b9b9b9"
OUTLINE = "#4d4d4d"
BOUNDARY = "#1f1f1f"
HOT = "#b0001a"
M_PER_DEG_LAT = 110_574.0


def classes(max_count: int) -> list[tuple[int, int]]:
    """Up to five count classes (lo, hi) covering 1..max_count in equal steps."""
    if max_count <= 0:
        return []
    step = max(1, math.ceil(max_count / len(RAMP)))
    out = []
    lo = 1
    while lo <= max_count:
        out.append((lo, min(max_count, lo + step - 1)))
        lo += step
    return out


def fill_for(count: int, breaks: Sequence[tuple[int, int]]) -> QColor:
    if count <= 0:
        return QColor(ZERO_FILL)
    for i, (_lo, hi) in enumerate(breaks):
        if count <= hi:
            return QColor(RAMP[i])
    return QColor(RAMP[-1])


class _Projection:
    """lon/lat -> image pixels: equirectangular at the map's middle latitude, fitted into `rect`."""

    def __init__(self, bbox: tuple[float, float, float, float], rect: QRectF) -> None:
        min_lon, min_lat, max_lon, max_lat = bbox
        self.k = math.cos(math.radians((min_lat + max_lat) / 2))
        w = max((max_lon - min_lon) * self.k, 1e-9)
        h = max(max_lat - min_lat, 1e-9)
        self.scale = min(rect.width() / w, rect.height() / h)
        self.x0 = rect.left() + (rect.width() - w * self.scale) / 2 - min_lon * self.k * self.scale
        self.y0 = rect.top() + (rect.height() - h * self.scale) / 2 + max_lat * self.scale

    def __call__(self, lon: float, lat: float) -> QPointF:
        return QPointF(self.x0 + lon * self.k * self.scale, self.y0 - lat * self.scale)

    def metres_per_pixel(self) -> float:
        return M_PER_DEG_LAT / self.scale


def _path(polygons: Iterable[Polygon], proj: _Projection) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 3:
                continue
            path.moveTo(proj(*ring[0]))
            for lon, lat in ring[1:]:
                path.lineTo(proj(lon, lat))
            path.closeSubpath()
    return path


def _label_point(area: MapArea) -> tuple[float, float] | None:
    """A point inside the area's largest polygon (for its name)."""
    if not area.polygons:
        return None
    shapes = [shapely.Polygon(p[0], p[1:]) for p in area.polygons if len(p[0]) >= 4]
    if not shapes:
        return None
    biggest = max(shapes, key=lambda s: s.area)
    pt = biggest.point_on_surface()
    return pt.x, pt.y


class MapPainter:
    """Draws a MapData into an image of a given size in millimetres at `dpi`."""

    def __init__(self, data: MapData, width_mm: float, height_mm: float, dpi: float = 250.0) -> None:
        self.data = data
        self.dpi = dpi
        self.width = round(width_mm / 25.4 * dpi)
        self.height = round(height_mm / 25.4 * dpi)

    def px(self, points: float) -> float:
        """Typographic points to image pixels."""
        return points * self.dpi / 72.0

    def font(self, points: float, bold: bool = False) -> QFont:
        font = brief_font(SANS, points, bold)
        font.setPixelSize(max(1, round(self.px(points))))
        return font

    def image(self) -> QImage:
        image = QImage(self.width, self.height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            self._draw(painter)
        finally:
            painter.end()
        return image

    def _draw(self, p: QPainter) -> None:
        data = self.data
        frame = QRectF(0, 0, self.width, self.height)
        p.setPen(QPen(QColor("#9a9a9a"), self.px(0.6)))
        p.drawRect(frame.adjusted(1, 1, -1, -1))
        if data.bbox is None or not data.areas:
            p.setFont(self.font(12))
            p.setPen(QColor("#666666"))
            p.drawText(frame, Qt.AlignmentFlag.AlignCenter, "无地图数据（该单位没有网格边界）")
            return
        margin = self.px(14)
        breaks = classes(max((a.count for a in data.areas), default=0))
        legend = self._legend_rect(frame, breaks)
        proj = _Projection(data.bbox, frame.adjusted(margin, margin, -margin, -margin))
        everything = _path([poly for a in data.areas for poly in a.polygons], proj)
        if everything.intersects(legend.adjusted(-margin / 2, -margin / 2, 0, 0)):
            # The legend would hide part of the unit: give the map the room beside the legend instead.
            proj = _Projection(
                data.bbox, frame.adjusted(legend.right() + margin / 2, margin, -margin, -margin)
            )

        edge = QPen(QColor(LEAF_EDGE), self.px(0.35))
        for area in data.areas:
            p.setPen(edge)
            p.setBrush(fill_for(area.count, breaks))
            p.drawPath(_path(area.polygons, proj))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(OUTLINE), self.px(1.0)))
        for area in data.outlines:
            p.drawPath(_path(area.polygons, proj))
        if data.boundary:
            p.setPen(QPen(QColor(BOUNDARY), self.px(1.6)))
            p.drawPath(_path(data.boundary, proj))

        self._labels(p, proj, data.outlines, self.font(9, bold=True), halo=True)
        leaf_labels = [a for a in data.areas if a.label]
        self._labels(p, proj, leaf_labels, self.font(6.5), halo=True, counts=True)
        self._hotspots(p, proj)
        self._legend(p, legend, breaks)
        self._scale_bar(p, frame, proj)
        self._north(p, frame)

    def _text_with_halo(self, p: QPainter, rect: QRectF, text: str, color: str = "#1a1a1a") -> None:
        path = QPainterPath()
        fm = QFontMetricsF(p.font())
        lines = text.split("\n")
        line_h = fm.height()
        top = rect.center().y() - line_h * len(lines) / 2 + fm.ascent()
        for i, line in enumerate(lines):
            x = rect.center().x() - fm.horizontalAdvance(line) / 2
            path.addText(QPointF(x, top + i * line_h), p.font(), line)
        halo = QPen(QColor(255, 255, 255, 230), self.px(2.2))
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(halo)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(color))
        p.drawPath(path)

    def _labels(
        self,
        p: QPainter,
        proj: _Projection,
        areas: Iterable[MapArea],
        font: QFont,
        *,
        halo: bool,
        counts: bool = False,
    ) -> None:
        p.setFont(font)
        for area in areas:
            at = _label_point(area)
            if at is None:
                continue
            c = proj(*at)
            text = area.label
            room = _path(area.polygons, proj).boundingRect().width()
            if counts and QFontMetricsF(font).horizontalAdvance(text) > room * 0.8:
                text = "".join(ch for ch in text if ch.isdigit()) or text  # '第1网格' -> '1'
            if counts and area.count:
                text += f"\n{area.count}件"
            rect = QRectF(c.x() - self.px(60), c.y() - self.px(20), self.px(120), self.px(40))
            if halo:
                self._text_with_halo(p, rect, text)
            else:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _hotspots(self, p: QPainter, proj: _Projection) -> None:
        mpp = proj.metres_per_pixel()
        badge = self.px(6.5)
        for spot in self.data.hotspots:
            c = proj(spot.lon, spot.lat)
            r = max(spot.radius_m / mpp, self.px(7))
            p.setBrush(QColor(176, 0, 26, 40))
            p.setPen(QPen(QColor(HOT), self.px(1.1)))
            p.drawEllipse(c, r, r)
            corner = QPointF(c.x() + r * 0.72, c.y() - r * 0.72)
            p.setBrush(QColor(HOT))
            p.setPen(QPen(QColor("white"), self.px(0.6)))
            p.drawEllipse(corner, badge, badge)
            p.setFont(self.font(7, bold=True))
            p.setPen(QColor("white"))
            p.drawText(
                QRectF(corner.x() - badge, corner.y() - badge, 2 * badge, 2 * badge),
                Qt.AlignmentFlag.AlignCenter,
                str(spot.rank),
            )

    def _legend_rows(self, breaks: Sequence[tuple[int, int]]) -> list[tuple[str, QColor]]:
        rows = [("0", QColor(ZERO_FILL))]
        for i, (lo, hi) in enumerate(breaks):
            rows.append((str(lo) if lo == hi else f"{lo}–{hi}", QColor(RAMP[i])))
        return rows

    def _legend_metrics(self) -> tuple[float, float, QFont, QFont, float]:
        sw = self.px(9)
        gap = self.px(3)
        title_font = self.font(7.5, bold=True)
        body_font = self.font(7)
        line = max(sw, QFontMetricsF(body_font).height()) + gap
        return sw, gap, title_font, body_font, line

    def _legend_rect(self, frame: QRectF, breaks: Sequence[tuple[int, int]]) -> QRectF:
        _sw, _gap, title_font, _body, line = self._legend_metrics()
        lines = len(self._legend_rows(breaks)) + (1 if self.data.hotspots else 0)
        width = self.px(110) if self.data.hotspots else self.px(84)
        height = self.px(12) + QFontMetricsF(title_font).height() + line * lines
        return QRectF(frame.left() + self.px(8), frame.bottom() - height - self.px(8), width, height)

    def _legend(self, p: QPainter, box: QRectF, breaks: Sequence[tuple[int, int]]) -> None:
        rows = self._legend_rows(breaks)
        sw, gap, title_font, body_font, line = self._legend_metrics()
        width = box.width()
        p.setPen(QPen(QColor("#8c8c8c"), self.px(0.5)))
        p.setBrush(QColor(255, 255, 255, 235))
        p.drawRect(box)
        x = box.left() + self.px(6)
        y = box.top() + self.px(5)
        p.setFont(title_font)
        p.setPen(QColor("#1a1a1a"))
        p.drawText(
            QRectF(x, y, width, QFontMetricsF(title_font).height()),
            Qt.AlignmentFlag.AlignLeft,
            "当日新上报案件（件）",
        )
        y += QFontMetricsF(title_font).height() + gap
        p.setFont(body_font)
        for text, color in rows:
            p.setPen(QPen(QColor(LEAF_EDGE), self.px(0.4)))
            p.setBrush(color)
            p.drawRect(QRectF(x, y, sw * 1.6, sw))
            p.setPen(QColor("#1a1a1a"))
            p.drawText(QRectF(x + sw * 2, y - self.px(1), width, line), Qt.AlignmentFlag.AlignLeft, text)
            y += line
        if not self.data.hotspots:
            return
        p.setBrush(QColor(176, 0, 26, 40))
        p.setPen(QPen(QColor(HOT), self.px(1.0)))
        p.drawEllipse(QPointF(x + sw * 0.8, y + sw / 2), sw / 2, sw / 2)
        p.setPen(QColor("#1a1a1a"))
        p.drawText(
            QRectF(x + sw * 2, y - self.px(1), width, line),
            Qt.AlignmentFlag.AlignLeft,
            "热点（近7日，编号见下表）",
        )

    def _scale_bar(self, p: QPainter, frame: QRectF, proj: _Projection) -> None:
        mpp = proj.metres_per_pixel()
        target = frame.width() * 0.18 * mpp
        nice = next(
            (v for v in (100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000) if v >= target * 0.6), 50000
        )
        length = nice / mpp
        right = frame.right() - self.px(12)
        y = frame.bottom() - self.px(14)
        left = right - length
        p.setPen(QPen(QColor("#1a1a1a"), self.px(1.0)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawLine(QPointF(left, y), QPointF(right, y))
        for x in (left, (left + right) / 2, right):
            p.drawLine(QPointF(x, y), QPointF(x, y - self.px(3)))
        p.setFont(self.font(7))
        label = f"{nice // 1000} 千米" if nice >= 1000 else f"{nice} 米"
        p.drawText(QRectF(left, y - self.px(14), length, self.px(10)), Qt.AlignmentFlag.AlignCenter, label)

    def _north(self, p: QPainter, frame: QRectF) -> None:
        cx = frame.right() - self.px(16)
        top = frame.top() + self.px(10)
        h = self.px(16)
        arrow = QPainterPath()
        arrow.moveTo(cx, top)
        arrow.lineTo(cx + h * 0.3, top + h)
        arrow.lineTo(cx, top + h * 0.75)
        arrow.lineTo(cx - h * 0.3, top + h)
        arrow.closeSubpath()
        p.setPen(QPen(QColor("#1a1a1a"), self.px(0.5)))
        p.setBrush(QBrush(QColor("#1a1a1a")))
        p.drawPath(arrow)
        p.setFont(self.font(7.5, bold=True))
        p.drawText(
            QRectF(cx - self.px(10), top + h, self.px(20), self.px(10)), Qt.AlignmentFlag.AlignCenter, "北"
        )


def map_image(data: MapData, width_mm: float, height_mm: float, dpi: float = 250.0) -> QImage:
    return MapPainter(data, width_mm, height_mm, dpi).image()
