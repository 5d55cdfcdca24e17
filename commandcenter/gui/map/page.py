"""The map page, built once by folium: the map, the layer control, the legend and our script.

The page holds no data. Grid boundaries (sent once as compact typed arrays after the page loaded) and
everything live (cases, heat, overdue rings, selection, shading, coverage) are drawn by
resources/map/cc_map.js on its own canvases and changed through the QWebChannel bridge, never by
building the page again. So the page can load (and Chromium start) while the database is still
being read, and a 4 KB page parses in milliseconds where one with the GeoJSON of 1,000 grids
embedded took most of a second.
Folium's default template loads Leaflet, jQuery, Bootstrap and font CSS from CDNs; we replace its
asset lists with the files installed from the npm registry (resources/map/vendor) and our own, so the
page loads nothing from the network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from commandcenter.gui.paths import resource, vendor
from commandcenter.services.queues import GRID_LEVELS

LEVELS: tuple[str, ...] = GRID_LEVELS
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


class _Register(MacroElement):
    """Hands the folium-made map and layer control to cc_map.js (rendered last)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
CC.init({map: {{ this.map_name }}, control: {{ this.control_name }}, labels: {{ this.labels }} });
{% endmacro %}
"""
    )

    def __init__(self, map_name: str, control_name: str, labels: dict[str, object]):
        super().__init__()
        self._name = "CCRegister"
        self.map_name = map_name
        self.control_name = control_name
        self.labels = json.dumps(labels, ensure_ascii=False)


class _Legend(MacroElement):
    _template = Template(
        """
{% macro html(this, kwargs) %}
<div class="cc-legend" id="cc-legend">
  <h4>{{ this.t.legend_title }}</h4>
  {% for color, text in this.lights %}<div><span class="dot" style="background:{{ color }}"></span>{{ text }}</div>{% endfor %}
  <div><span class="ring"></span>{{ this.t.overdue_ring }}</div>
  <div><span class="box" style="background:linear-gradient(90deg,#e6eefa,#1e76be)"></span>{{ this.t.shading }}</div>
</div>
{% endmacro %}
"""
    )

    def __init__(self, labels: PageLabels):
        super().__init__()
        self._name = "CCLegend"
        self.t = labels
        colors = ("#1a9641", "#f0a500", "#d7191c", "#7a8699")
        self.lights = list(zip(colors, labels.lights, strict=True))


def build_page(
    labels: PageLabels,
    basemap_url: str | None = None,
    basemap_attribution: str = "",
    bounds: Sequence[float] | None = None,
) -> str:
    """The page's HTML (render once, load from a file next to nothing: every URL in it is local)."""
    west, south, east, north = bounds if bounds is not None else DEFAULT_BOUNDS
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=11,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_snap=0.25,
    )
    js, css = asset_urls()
    fmap.default_js = js
    fmap.default_css = css
    if basemap_url:
        folium.TileLayer(
            tiles=basemap_url, attr=basemap_attribution or basemap_url, name=labels.basemap, max_zoom=19
        ).add_to(fmap)
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(fmap)
    _Legend(labels).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    _Register(
        fmap.get_name(),
        control.get_name(),
        {
            "cases": labels.cases,
            "overdue": labels.overdue,
            "heat": labels.heat,
            # Level layers appear in the control in this order, with these names.
            "levels": [[level, labels.levels.get(level, level)] for level in LEVELS],
        },
    ).add_to(fmap)
    return fmap.get_root().render()


def write_page(html: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "map.html"
    path.write_text(html, encoding="utf-8")
    return path
