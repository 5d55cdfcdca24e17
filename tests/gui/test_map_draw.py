"""The map page's case canvas: a batch's partial repaint gives the pixels a full drawing gives.

The partial repaint (resources/map/cc_map.js, repaintRects) recomposes only the changed cases' spots,
top sprite first, and stops early where the spot is covered: a mistake there (a missed overlapping
case, the wrong stacking order, a spot not cleared) leaves pixels a full drawing would not have. The
cases are packed densely, as in the district's centre at its overview zoom.
"""

from __future__ import annotations

import json
import random

from commandcenter.services.queues import MapCases
from tests.gui.map_page import _cases, _js, _painted

SNAPSHOT = "window.__cc_a = CC.caseCanvas._canvas.getContext('2d').getImageData(0, 0, 900, 700).data; 1"
COMPARE = """(function () {
  var c = CC.caseCanvas._canvas;
  var b = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, a = window.__cc_a;
  var worst = 0, off = 0, painted = 0;
  for (var i = 0; i < b.length; i += 4) {
    if (b[i + 3]) painted++;
    // Colours weighted by their alpha: what the pixel adds to the screen.
    var d = Math.abs(a[i + 3] - b[i + 3]);
    for (var k = 0; k < 3; k++) d = Math.max(d, Math.abs(a[i + k] * a[i + 3] - b[i + k] * b[i + 3]) / 255);
    if (d > worst) worst = d;
    if (d > 3) off++;
  }
  return JSON.stringify({worst: worst, off: off, painted: painted, partial: CC.stats.pointsPartial});
})()"""


def test_a_partial_repaint_matches_a_full_drawing(map_view, qtbot) -> None:  # type: ignore[no-untyped-def]
    cases = _cases(6000, seed=3)
    _painted(map_view, qtbot, map_view.set_cases(cases))
    qtbot.wait(500)  # the page settles (a late resize would make the next drawing a full one)
    rng = random.Random(9)
    changed = rng.sample(range(len(cases)), 150)
    for k, i in enumerate(changed):  # new lights (red <-> green rings), sizes, a few moves
        cases.light[i] = (cases.light[i] + 1 + k % 3) % 4
        cases.priority[i] = (cases.priority[i] + k) % 4
        if k % 10 == 0:
            cases.lon[i] += 0.003
    upsert = MapCases(
        ids=[cases.ids[i] for i in changed[:140]],
        lat=[cases.lat[i] for i in changed[:140]],
        lon=[cases.lon[i] for i in changed[:140]],
        light=[cases.light[i] for i in changed[:140]],
        priority=[cases.priority[i] for i in changed[:140]],
        status=[0] * 140,
    )
    removed = [cases.ids[i] for i in changed[140:]]
    _painted(map_view, qtbot, map_view.apply_diff(upsert, remove=removed))
    _js(map_view, qtbot, SNAPSHOT)
    stats = json.loads(_js(map_view, qtbot, "JSON.stringify(CC.stats)"))
    assert stats["pointsPartial"] and stats["rects"] > 100, stats  # it was a partial repaint

    # The same state drawn from scratch.
    _js(map_view, qtbot, "CC.caseCanvas.dirtyAll(); 1")
    qtbot.wait(300)
    result = json.loads(_js(map_view, qtbot, COMPARE))
    assert result["partial"] is False
    assert result["painted"] > 50_000, result  # the canvas really shows the cases
    # Rounding (the partial path composes in floats, the full one in integers) moves a channel by
    # one or two (compared weighted by alpha); anything else is a wrong pixel.
    assert result["off"] == 0, result
    assert result["worst"] <= 3, result
    assert _js(map_view, qtbot, "CC.caseCount()") == len(cases) - len(removed)
