"""A main window's saved geometry and dock layout, restored so that the docks keep their size.

QMainWindow.restoreState fits the docks to the window's size at the moment it is called. Called in
the window's constructor, that is the size restoreGeometry gave a window that is not shown yet
(clamped to the screen, or changed again before the window is shown), not the size it is shown
at: each start fitted the docks to a smaller window and saved them so (the place tree went 260 ->
123 -> 70 px over three starts). The layout is therefore restored when the window is first shown,
with its final size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QDockWidget, QMainWindow

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"


class WindowLayout(QObject):
    """restore() in the window's constructor, save() when it closes.

    own_visibility: docks whose visibility their own code decides (the liaison dock shows itself for
    a liaison): the saved layout places them but does not show or hide them.
    """

    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        own_visibility: Callable[[], Iterable[QDockWidget]] = tuple,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.own_visibility = own_visibility
        self.pending: QByteArray | None = None  # the saved dock layout, until the first show

    def restore(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        state = self.settings.value(STATE_KEY)
        if not isinstance(state, QByteArray):
            return
        if self.window.isVisible():
            self._apply(state)
        else:
            self.pending = state
            self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Show comes after the window's layout took the window's size (QWidget.setVisible).
        if watched is self.window and event.type() == QEvent.Type.Show and self.pending is not None:
            state, self.pending = self.pending, None
            self.window.removeEventFilter(self)
            self._apply(state)
        return False

    def _apply(self, state: QByteArray) -> None:
        keep = [(dock, dock.isVisible()) for dock in self.own_visibility()]
        self.window.restoreState(state)
        for dock, visible in keep:
            dock.setVisible(visible)

    def save(self) -> None:
        s = self.settings
        if self.pending is None:
            s.setValue(GEOMETRY_KEY, self.window.saveGeometry())
            s.setValue(STATE_KEY, self.window.saveState())
        # else never shown: the saved layout was not applied, and the window's is not the user's
        # (its geometry is the one restored: kept too).
