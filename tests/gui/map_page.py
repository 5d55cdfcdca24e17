"""Helpers for the map page's tests: its labels, cases to draw, running its script, waiting for a frame."""

from __future__ import annotations

import random

from commandcenter.gui.map.page import DEFAULT_BOUNDS, PageLabels
from commandcenter.services.queues import MapCases

LABELS = PageLabels(
    levels={},
    cases="cases",
    overdue="overdue",
    heat="heat",
    basemap="basemap",
    legend_title="legend",
    lights=["green", "yellow", "red", "none"],
    overdue_ring="ring",
    shading="shading",
)


def _cases(n: int, seed: int) -> MapCases:
    rng = random.Random(seed)
    west, south, east, north = DEFAULT_BOUNDS
    cx, cy = (west + east) / 2, (south + north) / 2
    lons, lats = [], []
    for _ in range(n):  # most in a dense core, the rest spread out
        spread = 0.02 if rng.random() < 0.7 else 0.12
        lons.append(cx + rng.uniform(-spread, spread))
        lats.append(cy + rng.uniform(-spread, spread))
    return MapCases(
        ids=list(range(1, n + 1)),
        lat=lats,
        lon=lons,
        light=[rng.choice([0, 0, 1, 2, 3]) for _ in range(n)],
        priority=[rng.choice([0, 0, 1, 2, 3]) for _ in range(n)],
        status=[0] * n,
    )


def _js(view, qtbot, script: str):  # type: ignore[no-untyped-def]
    box: list[object] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=20_000)
    return box[0]


def _painted(view, qtbot, seq: int) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    view.painted.connect(seen.append)
    qtbot.waitUntil(lambda: any(s >= seq for s in seen), timeout=20_000)
    view.painted.disconnect(seen.append)
