"""The map page, built once by folium (folium_page.py): the map, the layer control, the legend and our script.

The page holds no data. Grid boundaries (sent once as compact typed arrays after the page loaded) and
everything live (cases, heat, overdue rings, selection, shading, coverage) are drawn by
resources/map/cc_map.js on its own canvases and changed through the QWebChannel bridge, never by
building the page again. So the page can load (and Chromium start) while the database is still
being read, and a 4 KB page parses in milliseconds where one with the GeoJSON of 1,000 grids
embedded took most of a second.
Folium's default template loads Leaflet, jQuery, Bootstrap and font CSS from CDNs; we replace its
asset lists with the files installed from the npm registry (resources/map/vendor) and our own, so the
page loads nothing from the network.

The rendered page is kept in the user's cache directory (page_file), keyed by everything that goes
into it, so starting the app neither imports folium (~0.5 s) nor renders again: the page can be asked
for the moment the QApplication exists (gui/map/prestart.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from platformdirs import user_cache_dir

from commandcenter.domain.status import GridLevel
from commandcenter.gui.paths import resource, vendor

LEVELS: tuple[str, ...] = tuple(str(level) for level in GridLevel)  # top down, as the page's layers
# Until the grids arrive the page shows the demo district's area (the grids then frame the view).
DEFAULT_BOUNDS: tuple[float, float, float, float] = (104.4, 28.6, 104.8, 28.9)  # W, S, E, N
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"


@dataclass(frozen=True)
class PageLabels:
    """Every text the page shows, already translated by the caller (Qt's tr lives in the GUI)."""

    levels: Mapping[str, str]
    cases: str
    overdue: str
    heat: str
    basemap: str
    legend_title: str
    lights: Sequence[str]  # green, yellow, red, no clock
    overdue_ring: str
    shading: str


def asset_urls() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [
        ("leaflet", vendor("leaflet", "dist", "leaflet.js").as_uri()),
        ("leaflet_heat", vendor("leaflet.heat", "dist", "leaflet-heat.js").as_uri()),
        ("qwebchannel", QWEBCHANNEL_JS),
        ("cc_map", resource("map", "cc_map.js").as_uri()),
    ]
    css = [
        ("leaflet_css", vendor("leaflet", "dist", "leaflet.css").as_uri()),
        ("cc_map_css", resource("map", "cc_map.css").as_uri()),
    ]
    return js, css


def write_page(html: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "map.html"
    path.write_text(html, encoding="utf-8")
    return path


def build_page(
    labels: PageLabels,
    basemap_url: str | None = None,
    basemap_attribution: str = "",
    bounds: Sequence[float] | None = None,
) -> str:
    """The page's HTML, rendered by folium now (see page_file for the cached one)."""
    from commandcenter.gui.map.folium_page import render_page

    return render_page(labels, basemap_url, basemap_attribution, bounds)


def _page_key(labels: PageLabels, basemap_url: str | None) -> str:
    """Everything the rendered HTML depends on: the texts, the basemap, the asset URLs (where the app
    is installed), folium's version and our builder's source."""
    builder = Path(__file__).with_name("folium_page.py")
    try:
        folium_version = metadata.version("folium")
    except metadata.PackageNotFoundError:
        folium_version = "?"
    stat = builder.stat()
    parts = [
        json.dumps(asdict(labels), ensure_ascii=False, sort_keys=True, default=list),
        basemap_url or "",
        json.dumps(asset_urls()),
        folium_version,
        f"{stat.st_size}:{stat.st_mtime_ns}",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def page_cache_dir() -> Path:
    return Path(user_cache_dir("commandcenter", appauthor=False)) / "map"


def page_file(labels: PageLabels, basemap_url: str | None = None, cache_dir: Path | None = None) -> Path:
    """A file holding the page for these labels and basemap: rendered once, then read from the cache.

    The file is written under a temporary name and renamed, so two windows starting together never
    load half a page; an unwritable cache directory falls back to rendering into a temporary one.
    """
    directory = cache_dir if cache_dir is not None else page_cache_dir()
    path = directory / f"map-{_page_key(labels, basemap_url)}.html"
    if path.is_file():
        return path
    html = build_page(labels, basemap_url)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(html, encoding="utf-8")
        partial.replace(path)
        return path
    except OSError:
        import tempfile

        return write_page(html, Path(tempfile.mkdtemp(prefix="cc-map-")))
