"""The administration window (管理): people, categories and time limits, logical grids, the trail.

Non-modal, one per main window. Every read and write goes through the DbExecutor (worker threads);
the services check that the acting person is an administrator, so opening the window for anyone
else shows their refusal and nothing more.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from commandcenter.gui.admin.audit_tab import AuditTab
from commandcenter.gui.admin.categories_tab import CategoriesTab
from commandcenter.gui.admin.common import AdminContext, run
from commandcenter.gui.admin.logical_tab import LogicalGridsTab
from commandcenter.gui.admin.people_tab import PeopleTab
from commandcenter.services import admin


class AdminWindow(QMainWindow):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminWindow")
        self.ctx = ctx
        self.tabs = QTabWidget(objectName="adminTabs")
        self.people = PeopleTab(ctx)
        self.categories = CategoriesTab(ctx)
        self.logical = LogicalGridsTab(ctx)
        self.audit = AuditTab(ctx)
        for tab in (self.people, self.categories, self.logical, self.audit):
            self.tabs.addTab(tab, "")
        self.setCentralWidget(self.tabs)
        self.resize(1280, 820)
        self.retranslate()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.people.changed.connect(self.logical.reload)  # member counts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Administration"))
        for i, label in enumerate(
            (
                self.tr("People"),
                self.tr("Categories && time limits"),
                self.tr("Logical grids"),
                self.tr("Audit"),
            )
        ):
            self.tabs.setTabText(i, label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self) -> None:
        """Read everything the tabs need (worker threads)."""
        self.ctx.executor.submit(admin.list_grids, done=self._grids, key="admin-grids")
        run(
            self.ctx,
            self,
            self.people.message,
            admin.list_logical_grids,
            done=self._logicals,
            key="admin-lgs",
        )
        self.people.reload()
        self.categories.reload()
        self.audit.reload()

    def _grids(self, grids: list[admin.GridNode]) -> None:
        self.grids = grids
        self.logical.set_grids(grids)
        self.people.set_units(grids, self.logical.logicals)

    def _logicals(self, logicals: list[admin.LogicalGridInfo]) -> None:
        self.logical._listed(logicals)
        self.people.set_units(getattr(self, "grids", []), logicals)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit:
            self.audit.reload()
