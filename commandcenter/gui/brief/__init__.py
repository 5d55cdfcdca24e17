"""The daily brief as a document: charts (pyqtgraph), the map (QPainter), pages (QTextDocument) for the
PDF, the print preview and the printer; the dialog and the morning scheduler.

Entry points for the window:
- `commandcenter.gui.brief.dialog.open_brief_preview(parent, db_url, day=None, unit_code=None)`
- `commandcenter.gui.brief.scheduler.install_daily_brief(db_url, parent)` once at start-up
Headless: `commandcenter.gui.brief.render.render_pdf(brief, path)`.
"""
