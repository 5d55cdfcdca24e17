"""The department liaison's workspace in the window (issue 6, point 3): see dock.py.

`install_liaison_dock(window)` adds the dock beside the queues, a View-menu entry, and connects it to
the window: the map's and the tree's picks, and case selection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from commandcenter.gui.liaison.dock import LiaisonDock

__all__ = ["LiaisonDock", "install_liaison_dock"]


def install_liaison_dock(window: Any) -> LiaisonDock:
    """`window` is the MainWindow (duck-typed: executor, now_fn, static, map, tree, hub, filters, ...)."""

    def categories() -> list[tuple[int, str, str]]:
        return list(window.static.categories) if window.static is not None else []

    dock = LiaisonDock(window, window.executor, window.now_fn, categories, lambda: bool(window.zh))
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.queuesDock, dock)
    dock.hide()  # until the acting person turns out to be a liaison, or the View menu asks
    action = dock.toggleViewAction()
    action.setObjectName("actionLiaisonDock")
    window.menuView.addSeparator()
    window.menuView.addAction(action)

    window.map.gridClicked.connect(dock.on_grid_clicked)
    window.tree.unitSelected.connect(dock.on_unit_selected)
    dock.caseSelected.connect(lambda case_id: window.select_case(case_id, pan=True))
    # The window calls dock.set_person (acting person changed, or signed in) and dock.on_changes (live
    # change sets): the hub is replaced after a new sign-in, so the dock does not hold on to it.
    return dock
