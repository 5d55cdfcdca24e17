"""Where the app's files are: ui/ forms, resources/ (themes, map page, translations).

resources/ and ui/ sit beside the package in a checkout or an editable install; a frozen build
(PyInstaller) puts them under sys._MEIPASS, and a wheel under <prefix>/share/commandcenter. The first
place that has them wins, so a developer's checkout always uses its own files.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@cache
def app_root() -> Path:
    candidates = [_PACKAGE_ROOT]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen))
    candidates.append(Path(sys.prefix) / "share" / "commandcenter")
    for root in candidates:
        if (root / "resources").is_dir() and (root / "ui").is_dir():
            return root
    return _PACKAGE_ROOT


def resource(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def ui_file(name: str) -> Path:
    return app_root() / "ui" / name


# Third-party scripts of the map page, installed from the npm registry by .ci/setup (see
# resources/map/vendor/package.json for the pinned versions).
def vendor(*parts: str) -> Path:
    return resource("map", "vendor", "node_modules", *parts)


MAP_ASSETS: dict[str, tuple[str, ...]] = {
    "leaflet_js": ("leaflet", "dist", "leaflet.js"),
    "leaflet_css": ("leaflet", "dist", "leaflet.css"),
    "heat_js": ("leaflet.heat", "dist", "leaflet-heat.js"),
}


def missing_map_assets() -> list[Path]:
    """Vendor files the map page needs that are not installed (empty when all are there)."""
    return [p for p in (vendor(*parts) for parts in MAP_ASSETS.values()) if not p.is_file()]
