"""Starting the map page before the window exists.

Chromium's side of the page (its processes, the navigation, Leaflet, the web channel's handshake)
takes ~0.4 s here whatever else happens; opening the database, the sign-in and building the window
take longer. So `commandcenter` asks for the page the moment the QApplication exists, on a view of
its own, and the window takes that view (already showing the empty map) instead of starting one:
when the window asks for its data the page is ready for it. A view that no window takes (another
language was chosen, the center has its own basemap) is deleted and the window loads its own.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from commandcenter.gui.map.page import PageLabels
from commandcenter.gui.map.view import MapView

# The window's size before it is laid out: Leaflet frames the grids for the size it has when they
# arrive, and the window gives the view its real size before then (see cc_map.js, frameAll).
_START_SIZE = (1200, 800)

_WAITING: list[MapView] = []


def page_labels() -> PageLabels:
    """The page's texts in the application's language (the window's translation context; each call
    is written out with its literal text, which is what pyside6-lupdate extracts)."""
    return PageLabels(
        levels={
            "district": QCoreApplication.translate("MainWindow", "District boundary"),
            "township": QCoreApplication.translate("MainWindow", "Townships"),
            "community": QCoreApplication.translate("MainWindow", "Communities"),
            "grid": QCoreApplication.translate("MainWindow", "Grids"),
            "micro": QCoreApplication.translate("MainWindow", "Micro-grids"),
        },
        cases=QCoreApplication.translate("MainWindow", "Cases"),
        overdue=QCoreApplication.translate("MainWindow", "Overdue highlight"),
        heat=QCoreApplication.translate("MainWindow", "Heat map"),
        basemap=QCoreApplication.translate("MainWindow", "Basemap"),
        legend_title=QCoreApplication.translate("MainWindow", "Legend"),
        lights=[
            QCoreApplication.translate("MainWindow", "Within limit"),
            QCoreApplication.translate("MainWindow", "Over 80% of limit"),
            QCoreApplication.translate("MainWindow", "Overdue"),
            QCoreApplication.translate("MainWindow", "No running clock"),
        ],
        overdue_ring=QCoreApplication.translate("MainWindow", "Overdue case"),
        shading=QCoreApplication.translate("MainWindow", "Grid shade: open or overdue cases"),
    )


def prestart(basemap_url: str | None = None) -> MapView:
    """Start loading the map page now (translators installed first: the page's texts are fixed)."""
    discard()
    view = MapView(None)
    view.resize(*_START_SIZE)
    # Shown but never on screen: a hidden view has no size in Chromium (Leaflet would lay the map
    # out in 0 x 0 pixels) and its page is throttled.
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.show()
    view.load_page(page_labels(), basemap_url)
    _WAITING.append(view)
    return view


def take(labels: PageLabels, basemap_url: str | None) -> MapView | None:
    """The started view if it shows this page, else None. The caller puts it in a layout and shows
    it (it was shown as a window of its own: a new parent hides it until shown again)."""
    while _WAITING:
        view = _WAITING.pop()
        if view.page_labels == labels and view.page_basemap == basemap_url:
            discard()
            view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
            return view
        view.deleteLater()
    return None


def discard() -> None:
    """Delete a started view nobody took (the app stopped before opening its window)."""
    while _WAITING:
        _WAITING.pop().deleteLater()
