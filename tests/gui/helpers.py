"""Reading the map page's state from tests."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QColor


def js(qtbot: Any, view: Any, script: str, timeout: int = 5000) -> Any:
    """Run JavaScript in the map page and return its (JSON-decoded) value."""
    box: list[Any] = []
    view.run_js(f"JSON.stringify({script})", lambda value: box.append(value))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return None if box[0] in (None, "") else json.loads(box[0])


def pixel(view: Any, x: float, y: float) -> QColor:
    image = view.grab().toImage()
    return QColor(image.pixel(round(x), round(y)))


def near(color: QColor, hex_color: str, tolerance: int = 40) -> bool:
    want = QColor(hex_color)
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], want.getRgb()[:3], strict=True))
