"""Administration in the app (issue 6, point 4): the 管理 menu and its window.

`AdminEntry(window)` adds the menu to a MainWindow; its action is enabled only while the acting
person is an active administrator (asked on a worker thread when the acting person changes, when the
first screen is up, and each time the menu opens). The services check again on every call.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from sqlalchemy.engine import make_url

from commandcenter.gui.admin.common import AdminContext
from commandcenter.gui.admin.window import AdminWindow
from commandcenter.services import admin

__all__ = ["AdminEntry", "AdminWindow"]


class AdminEntry(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.menu = QMenu(window)
        self.menu.setObjectName("menuAdmin")
        self.action = QAction(window)
        self.action.setObjectName("actionAdmin")
        self.action.setEnabled(False)
        self.menu.addAction(self.action)
        window.menuBar().addMenu(self.menu)
        self.admin_window: AdminWindow | None = None
        self._checked_for: int | None = None
        self.action.triggered.connect(self.open)
        self.menu.aboutToShow.connect(self.check)
        window.installEventFilter(self)
        if hasattr(window, "filters"):
            window.filters.actingChanged.connect(self.check)  # may run before the window's own slot
        if hasattr(window, "firstScreen"):
            window.firstScreen.connect(self.check)
        QTimer.singleShot(0, self.check)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Administration"))
        self.action.setText(self.tr("People, roles, categories and logical grids…"))
        self.action.setToolTip(self.tr("Only administrators may open it"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    @property
    def person(self) -> int | None:
        return getattr(self.window, "acting_person", None)

    def check(self, person: int | None = None) -> None:
        """Enable the entry if the acting person is an administrator (asked off the GUI thread)."""
        person = person if isinstance(person, int) else self.person
        if person is None:
            self.action.setEnabled(False)
            return
        self.window.executor.submit(
            admin.may_administer, person, done=lambda ok: self._checked(person, ok), key="admin-may"
        )

    def _checked(self, person: int, ok: bool) -> None:
        if person != self.person:
            return  # the acting person changed meanwhile; a newer check is on its way
        self.action.setEnabled(bool(ok))
        if not ok and self.admin_window is not None:
            self.admin_window.close()

    def open(self) -> AdminWindow | None:
        person = self.person
        if person is None:
            return None
        if self.admin_window is None or self.admin_window.ctx.actor != person:
            if self.admin_window is not None:
                self.admin_window.close()
            postgres = make_url(self.window.url).get_backend_name() == "postgresql"
            self.admin_window = AdminWindow(AdminContext(self.window.executor, person, postgres), self.window)
            self.admin_window.setWindowFlag(Qt.WindowType.Window, True)
            self.admin_window.load()
        self.admin_window.show()
        self.admin_window.raise_()
        self.admin_window.activateWindow()
        return self.admin_window
