"""The brief as pages: one paginated layout for the PDF, the print preview and the printer.

`BriefDocument.paint(device)` lays the rich text out for the device's resolution, then paints page by
page: the body (QTextDocument, which breaks tables between rows and repeats their header rows), a
running header from page 2 on, and "第 i 页 共 n 页" in the footer. The same call serves QPdfWriter,
QPrinter and QPrintPreviewDialog's printer.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication

from commandcenter.brief import text as t
from commandcenter.brief.model import Brief
from commandcenter.gui.brief import layout
from commandcenter.gui.brief.charts import category_chart, hours_chart, trend_chart
from commandcenter.gui.brief.fonts import SANS, SERIF, brief_font, fix_pdf_text, missing_families
from commandcenter.gui.brief.mapimage import map_image

PDF_DPI = 300
MAP_DPI = 200.0  # print quality for a map of fills and lines; higher only grows the file
CHART_SCALE = 2.5


def ensure_app() -> QApplication:
    """The QApplication the charts need; offscreen when there is no display (CLI, scheduler, CI)."""
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    assert isinstance(app, QApplication)
    return app


@dataclass
class RenderTimes:
    seconds: dict[str, float] = field(default_factory=dict)
    pages: int = 0

    def add(self, part: str, start: float) -> None:
        self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start


def _first_line_top(doc: QTextDocument, block: QTextBlock) -> float:
    rect = doc.documentLayout().blockBoundingRect(block)
    lines = block.layout()
    return rect.top() + (lines.lineAt(0).y() if lines is not None and lines.lineCount() else 0.0)


def _anchor(block: QTextBlock) -> QTextBlock:
    """What must share a page with `block`: the next paragraph, or a table's first row below its header."""
    nxt = block.next()
    table = QTextCursor(nxt).currentTable() if nxt.isValid() else None
    if table is None:
        return nxt
    row = min(table.format().headerRowCount(), table.rows() - 1)
    return table.cellAt(row, 0).firstCursorPosition().block()


def _in_table(block: QTextBlock) -> bool:
    return QTextCursor(block).currentTable() is not None


def _introduces_table(block: QTextBlock) -> bool:
    """A paragraph of body text right before a table (the sentence that introduces it)."""
    nxt = block.next()
    return (
        bool(block.text().strip())
        and QTextCursor(block).currentTable() is None
        and nxt.isValid()
        and QTextCursor(nxt).currentTable() is not None
    )


def keep_with_next(doc: QTextDocument, texts: frozenset[str]) -> int:
    """Move headings (`texts`) and sentences that introduce a table to the next page when what follows
    them starts there.

    Qt's rich text has no keep-with-next; this walks the laid-out blocks top down and breaks the page
    before each orphaned one (which moves everything after it). Returns the breaks inserted.
    """
    page_h = doc.pageSize().height()
    ours: set[int] = set()  # block numbers we put a break before
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        keep = block.text() in texts or _introduces_table(block)
        if keep and not fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            top = _first_line_top(doc, block)
            anchor = _anchor(block)
            at_page_top = top % page_h < 0.05 * page_h
            if (
                anchor.isValid()
                and not at_page_top
                and int(_first_line_top(doc, anchor) // page_h) != int(top // page_h)
            ):
                # A heading right before this block (already passed: it had this block on its page)
                # goes with it: the break comes before the first of a run of kept blocks.
                first = block
                while (prev := first.previous()).isValid() and prev.text() in texts and not _in_table(prev):
                    first = prev
                _set_break(first, True)
                ours.add(first.blockNumber())
                # A changed block format is laid out again incrementally, which leaves the blocks after
                # it where they were (they would paint on the wrong page): lay out from there on again.
                # What comes before is unchanged, so the scan simply goes on.
                doc.markContentsDirty(first.position(), doc.characterCount() - first.position())
        block = block.next()
    return len(ours)


def _set_break(block: QTextBlock, before: bool) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(
        QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        if before
        else QTextFormat.PageBreakFlag.PageBreak_Auto
    )
    QTextCursor(block).setBlockFormat(fmt)


class BriefDocument:
    """A Brief made into pages. Images are drawn once and reused for every device painted on."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.times = RenderTimes()
        self._images: dict[str, QImage] | None = None

    def images(self) -> dict[str, QImage]:
        if self._images is None:
            b = self.brief
            start = time.perf_counter()
            sizes = layout.IMAGES
            images = {
                "hours": hours_chart(b.by_hour, *sizes["hours"], CHART_SCALE, layout.CHART_TITLES["hours"]),
                "trend": trend_chart(b.trend, *sizes["trend"], CHART_SCALE, layout.CHART_TITLES["trend"]),
            }
            if b.by_category:
                images["categories"] = category_chart(b.by_category, *sizes["categories"], scale=CHART_SCALE)
            self.times.add("charts", start)
            start = time.perf_counter()
            images["map"] = map_image(b.map, *sizes["map"], dpi=MAP_DPI)
            self.times.add("map", start)
            self._images = images
        return self._images

    def text_document(self, dpi: float, device: QPagedPaintDevice | None = None) -> QTextDocument:
        doc = QTextDocument()
        if device is not None:
            doc.documentLayout().setPaintDevice(device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(brief_font(SERIF, 10.5))
        for name, image in self.images().items():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"brief:{name}"), image)
        doc.setHtml(layout.build_html(self.brief))
        lay = layout.Layout(dpi)
        doc.setPageSize(QSizeF(lay.px(layout.BODY_W), lay.px(layout.BODY_H)))
        keep_with_next(doc, layout.keep_with_next(self.brief))
        return doc

    def paint(self, device: QPagedPaintDevice) -> int:
        """Lay out for `device` and paint every page on it; returns the number of pages."""
        device.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
                QPageLayout.Unit.Millimeter,
            )
        )
        self.images()
        start = time.perf_counter()
        dpi = float(device.logicalDpiY())
        doc = self.text_document(dpi, device)
        lay = layout.Layout(dpi)
        body_h = float(lay.px(layout.BODY_H))
        pages = doc.pageCount()
        self.times.add("layout", start)
        start = time.perf_counter()
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("cannot paint on the output device (is the file writable?)")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for i in range(pages):
                if i and not device.newPage():
                    raise OSError("the output device refused a new page")
                self._page_furniture(painter, lay, i + 1, pages)
                painter.save()
                painter.translate(lay.px(layout.MARGIN_LEFT), lay.px(layout.MARGIN_TOP) - i * body_h)
                ctx = QAbstractTextDocumentLayout.PaintContext()
                # The layout draws every line that meets the clip, and a PDF keeps the text of a line
                # even where the clip hides it: a line that merely touches the page's edge would be
                # found twice by search and copy. A pixel's margin keeps each line on one page only.
                ctx.clip = QRectF(0, i * body_h + 1, lay.px(layout.BODY_W), body_h - 2)
                painter.setClipRect(QRectF(0, i * body_h, lay.px(layout.BODY_W), body_h))
                doc.documentLayout().draw(painter, ctx)
                painter.restore()
        finally:
            painter.end()
        self.times.add("paint", start)
        self.times.pages = pages
        return pages

    def _page_furniture(self, p: QPainter, lay: layout.Layout, page: int, pages: int) -> None:
        """Running header (from page 2) and the page number."""
        b = self.brief
        left = lay.px(layout.MARGIN_LEFT)
        width = lay.px(layout.BODY_W)
        p.save()
        p.setPen(QColor("#333333"))
        font = brief_font(SANS, 8)
        p.setFont(font)
        if page > 1:
            top = lay.px(layout.MARGIN_TOP - 10)
            rect = QRectF(left, top, width, lay.px(6))
            p.drawText(
                rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                f"{b.center_name} · {t.TITLE}",
            )
            p.drawText(
                rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                f"{t.fmt_date(b.day)} · {b.unit.name}",
            )
            p.setPen(QPen(QColor("#c00000"), lay.px(0.3)))
            y = top + lay.px(7)
            p.drawLine(left, y, left + width, y)
        p.setPen(QColor("#333333"))
        p.setFont(brief_font(SANS, 9))
        bottom = lay.px(layout.PAGE_H - layout.MARGIN_BOTTOM + 6)
        p.drawText(
            QRectF(left, bottom, width, lay.px(6)),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            f"第 {page} 页  共 {pages} 页",
        )
        p.restore()


def render_pdf(brief: Brief, path: str | Path) -> RenderTimes:
    """Write the brief as an A4 PDF (makes an offscreen QApplication if there is none yet)."""
    ensure_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    missing = missing_families()
    if missing:
        print(f"commandcenter: warning: fonts not installed: {', '.join(missing)}", file=sys.stderr)
    document = BriefDocument(brief)
    # Written beside the target and renamed when complete: a reader (a synced folder, a second run)
    # never sees a half-written file under the real name.
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        writer = QPdfWriter(str(partial))
        writer.setResolution(PDF_DPI)
        writer.setTitle(f"{t.TITLE} {brief.day.isoformat()} {brief.unit.name}")
        writer.setCreator(brief.center_name)
        document.paint(writer)  # QPainter.end() finishes the file
        del writer
        start = time.perf_counter()
        fix_pdf_text(partial)
        os.replace(partial, path)
        document.times.add("paint", start)
    finally:
        partial.unlink(missing_ok=True)
    return document.times
