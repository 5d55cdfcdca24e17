"""The map page's HTML, rendered by folium (imported only here: folium, branca and their ~50 Jinja
templates take ~0.5 s to import, so the window uses page.page_file, which renders through this module
only when its cache has no page for these labels)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
from branca.element import MacroElement
from jinja2 import Template

from commandcenter.gui.map.page import DEFAULT_BOUNDS, LEVELS, PageLabels, asset_urls


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


def render_page(
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
        control_scale=False,  # cc_map.js adds a metric one (folium's shows miles too)
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
    # Not animated: a zoom animation still running when the first select arrives (a page reloaded
    # for the language, with a place chosen) would end on its own target and undo the select's.
    fit = folium.FitBounds([[south, west], [north, east]])
    fit.options["animate"] = False
    fmap.add_child(fit)
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
