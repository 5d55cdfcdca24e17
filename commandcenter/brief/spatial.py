"""Where: the unit's map shaded by the day's cases, its hotspots, and problems that keep recurring.

Rules (printed in the brief's notes):
- hotspot: the last 7 days' cases (the day included) binned into ~300 m square cells; a cell is hot
  when it holds at least 5 cases and at least 3 times the mean of the cells that hold any; touching
  hot cells (8-neighbourhood) form one hotspot. Uniformly scattered cases therefore have none.
- recurring problem: at least 3 cases of the same category within 100 m of one of them (the anchor)
  in those 7 days. Anchors are taken greedily, the case with most same-category neighbours first, and
  a case belongs to one group only.

Counting per grid is SQL; the clustering runs on the 7 days' points only (numpy and a shapely STRtree).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.brief.model import Hotspot, MapArea, MapData, Polygon, Recurring
from commandcenter.brief.period import Window
from commandcenter.brief.scope import GridNode, Grids, Scope
from commandcenter.brief.sqlx import epoch
from commandcenter.db import models as m

HOT_CELL_M = 300.0
HOT_MIN_CASES = 5
HOT_MEAN_FACTOR = 3.0
MAX_HOTSPOTS = 8
RECUR_RADIUS_M = 100.0
RECUR_MIN_CASES = 3
MAX_RECURRING = 10
SPAN_DAYS = 7
MAX_LEAF_LABELS = 40
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0


@dataclass(frozen=True)
class Points:
    """The unit's cases with a position in the 7 days ending on the day (parallel arrays)."""

    id: np.ndarray  # case ids
    category: np.ndarray  # category ids
    lon: np.ndarray
    lat: np.ndarray
    received: np.ndarray  # epoch seconds
    closed: np.ndarray  # epoch seconds, NaN while open
    grid_id: np.ndarray  # -1 outside every grid

    def __len__(self) -> int:
        return len(self.id)

    def metres(self) -> tuple[np.ndarray, np.ndarray]:
        """A local equirectangular projection: good to well under 1% over a district."""
        lat0 = float(np.mean(self.lat))
        lon0 = float(np.mean(self.lon))
        x = (self.lon - lon0) * M_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
        y = (self.lat - lat0) * M_PER_DEG_LAT
        return x, y


def load_points(session: Session, scope: Scope, window: Window) -> Points:
    e = m.Event
    since = window.midnight(-(SPAN_DAYS - 1))
    # Numbers only (times as epoch seconds from SQL): tens of thousands of rows at a district's scale.
    # Codes and addresses are read afterwards for the few cases a recurring group lists.
    rows = session.execute(
        select(e.id, e.category_id, e.lon, e.lat, epoch(e.received_at), epoch(e.closed_at), e.grid_id).where(
            e.received_at >= since,
            e.received_at < window.cutoff,
            e.lon.is_not(None),
            e.lat.is_not(None),
            *scope.conditions(),
        )
    ).all()
    return Points(
        id=np.array([r[0] for r in rows], dtype=np.int64),
        category=np.array([r[1] for r in rows], dtype=np.int64),
        lon=np.array([r[2] for r in rows], dtype=float),
        lat=np.array([r[3] for r in rows], dtype=float),
        received=np.array([r[4] for r in rows], dtype=float),
        closed=np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=float),
        grid_id=np.array([-1 if r[6] is None else r[6] for r in rows], dtype=np.int64),
    )


# (code, address) of cases by id
CaseLabels = Callable[[Sequence[int]], Mapping[int, tuple[str, str | None]]]


def case_labels(session: Session) -> CaseLabels:
    def lookup(ids: Sequence[int]) -> Mapping[int, tuple[str, str | None]]:
        e = m.Event
        out: dict[int, tuple[str, str | None]] = {}
        ids = sorted(set(ids))
        for i in range(0, len(ids), 500):
            rows = session.execute(select(e.id, e.code, e.address).where(e.id.in_(ids[i : i + 500])))
            out.update({r[0]: (r[1] or "", r[2]) for r in rows})
        return out

    return lookup


# ------------------------------------------------------------------------------------------ hotspots


def _modal_place(grid_ids: np.ndarray, grids: Grids) -> str:
    ids = grid_ids[grid_ids >= 0]
    if ids.size == 0:
        return "网格外"
    values, counts = np.unique(ids, return_counts=True)
    return grids.place(int(values[int(np.argmax(counts))]))


def hotspots(pts: Points, window: Window, grids: Grids, categories: dict[int, str]) -> tuple[Hotspot, ...]:
    if len(pts) == 0:
        return ()
    x, y = pts.metres()
    ix = np.floor(x / HOT_CELL_M).astype(np.int64)
    iy = np.floor(y / HOT_CELL_M).astype(np.int64)
    cells = Counter(zip(ix.tolist(), iy.tolist(), strict=True))
    mean = len(pts) / len(cells)
    threshold = max(HOT_MIN_CASES, HOT_MEAN_FACTOR * mean)
    hot = {c for c, n in cells.items() if n >= threshold}
    groups: list[set[tuple[int, int]]] = []
    seen: set[tuple[int, int]] = set()
    for start in sorted(hot):
        if start in seen:
            continue
        group, stack = set(), [start]
        seen.add(start)
        while stack:
            cx, cy = stack.pop()
            group.add((cx, cy))
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    nb = (cx + dx, cy + dy)
                    if nb in hot and nb not in seen:
                        seen.add(nb)
                        stack.append(nb)
        groups.append(group)
    group_of = {cell: gi for gi, group in enumerate(groups) for cell in group}
    labels = np.array([group_of.get(c, -1) for c in zip(ix.tolist(), iy.tolist(), strict=True)])
    day_start = window.start.timestamp()
    found = []
    for gi in range(len(groups)):
        member = labels == gi
        mx, my = x[member], y[member]
        cx, cy = float(mx.mean()), float(my.mean())
        radius = float(np.percentile(np.hypot(mx - cx, my - cy), 90)) if member.sum() > 1 else 0.0
        cat_values, cat_counts = np.unique(pts.category[member], return_counts=True)
        top = int(np.argmax(cat_counts))
        found.append(
            (
                int(member.sum()),
                Hotspot(
                    rank=0,
                    lon=float(pts.lon[member].mean()),
                    lat=float(pts.lat[member].mean()),
                    radius_m=max(radius, HOT_CELL_M / 2),
                    count7=int(member.sum()),
                    count_day=int((pts.received[member] >= day_start).sum()),
                    category=categories.get(int(cat_values[top]), ""),
                    category_count=int(cat_counts[top]),
                    place=_modal_place(pts.grid_id[member], grids),
                ),
            )
        )
    found.sort(key=lambda item: (-item[0], item[1].place))
    return tuple(Hotspot(**{**h.__dict__, "rank": i + 1}) for i, (_n, h) in enumerate(found[:MAX_HOTSPOTS]))


# ----------------------------------------------------------------------------------------- recurring


def recurring(
    pts: Points, window: Window, grids: Grids, categories: dict[int, str], labels: CaseLabels
) -> tuple[tuple[Recurring, ...], int]:
    """(the largest groups, how many groups there are)."""
    if len(pts) < RECUR_MIN_CASES:
        return (), 0
    x, y = pts.metres()
    geoms = shapely.points(x, y)
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=RECUR_RADIUS_M)
    keep = (i != j) & (pts.category[i] == pts.category[j])
    i, j = i[keep], j[keep]
    order = np.argsort(i, kind="stable")
    i, j = i[order], j[order]
    n = len(pts)
    degree = np.bincount(i, minlength=n)
    starts = np.concatenate(([0], np.cumsum(degree)))
    # Most neighbours first; ties: the later case (the problem as it stands now), then the row order.
    candidates = np.nonzero(degree >= RECUR_MIN_CASES - 1)[0]
    anchors = candidates[np.lexsort((-pts.received[candidates], -degree[candidates]))].tolist()
    taken = np.zeros(n, dtype=bool)
    groups: list[list[int]] = []
    for a in anchors:
        if taken[a]:
            continue
        members = [a] + [int(b) for b in j[starts[a] : starts[a + 1]] if not taken[b]]
        if len(members) >= RECUR_MIN_CASES:
            taken[members] = True
            groups.append(members)
    # The largest groups first (ties: the most recent); only those shown are described.
    groups.sort(key=lambda g: (-len(g), -float(pts.received[g].max()), int(pts.id[g].min())))
    shown = groups[:MAX_RECURRING]
    named = labels([int(pts.id[k]) for g in shown for k in g])
    cutoff = window.cutoff.timestamp()
    out = []
    for members in shown:
        idx = np.array(members)
        a = members[0]
        code_of = {k: named.get(int(pts.id[k]), ("", None))[0] for k in members}
        codes = tuple(code_of[k] for k in sorted(members, key=lambda k: (pts.received[k], code_of[k])))
        out.append(
            Recurring(
                category=categories.get(int(pts.category[a]), ""),
                place=named.get(int(pts.id[a]), ("", None))[1]
                or grids.place(int(pts.grid_id[a]))
                or "网格外",
                count=len(members),
                first=_utc(float(pts.received[idx].min())),
                last=_utc(float(pts.received[idx].max())),
                open_count=int(np.sum(~(pts.closed[idx] < cutoff))),  # NaN (open) compares False
                codes=codes,
                lon=float(pts.lon[a]),
                lat=float(pts.lat[a]),
            )
        )
    return tuple(out), len(groups)


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


# ----------------------------------------------------------------------------------------------- map


def _polygons(wkbs: Sequence[bytes | None], tolerance: float) -> list[tuple[Polygon, ...]]:
    """Each WKB's polygons as rings of rounded (lon, lat), simplified; all geometries at once (shapely's
    vectorised calls: one call per grid costs more than the work)."""
    out: list[list[Polygon]] = [[] for _ in wkbs]
    present = [i for i, w in enumerate(wkbs) if w]
    if not present:
        return [()] * len(wkbs)
    geoms = shapely.from_wkb([wkbs[i] for i in present])
    if tolerance > 0:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    polygons = shapely.get_type_id(parts) == 3  # Polygon
    parts, part_of = parts[polygons], part_of[polygons]
    rings, ring_of = shapely.get_rings(parts, return_index=True)  # exterior first, then holes
    coords, coord_of = shapely.get_coordinates(rings, return_index=True)
    coords = np.round(coords, 6)
    bounds = np.searchsorted(coord_of, np.arange(len(rings) + 1))
    ring_tuples = [tuple(map(tuple, coords[bounds[r] : bounds[r + 1]].tolist())) for r in range(len(rings))]
    polys: list[list[tuple[tuple[float, float], ...]]] = [[] for _ in range(len(parts))]
    for r, p in enumerate(ring_of.tolist()):
        polys[p].append(ring_tuples[r])
    for p, g in enumerate(part_of.tolist()):
        out[present[g]].append(tuple(polys[p]))
    return [tuple(o) for o in out]


def _map_nodes(
    session: Session, scope: Scope, grids: Grids
) -> tuple[list[GridNode], list[GridNode], GridNode | None]:
    """(leaves to shade, nodes to outline and label, the node whose outline frames the map)."""
    if scope.kind == "logical":
        if scope.covers_all:
            return [n for n in grids.by_id.values() if n.is_leaf], grids.at_level("township"), grids.root()
        covered_ids = session.scalars(
            select(m.LogicalGridCoverage.grid_id).where(
                m.LogicalGridCoverage.logical_grid_id.in_(scope.logical_ids)
            )
        ).all()
        covered = [grids.by_id[i] for i in covered_ids if i in grids.by_id]
        codes = tuple(n.code for n in covered)
        leaves = [n for n in grids.by_id.values() if n.is_leaf and n.code.startswith(codes)] if codes else []
        return leaves, sorted(covered, key=lambda n: n.code), None
    leaves = grids.leaves_under(scope)
    node = scope.node
    if node is None:
        return leaves, [], None
    if node.is_leaf:
        return [node], [], node
    children = sorted((n for n in grids.by_id.values() if n.parent_id == node.id), key=lambda n: n.code)
    outlines = [c for c in children if not c.is_leaf]
    return leaves, outlines, node


def _short_label(node: GridNode, grids: Grids) -> str:
    parent = grids.by_id.get(node.parent_id) if node.parent_id is not None else None
    if parent is not None and node.name.startswith(parent.name) and len(node.name) > len(parent.name):
        return node.name[len(parent.name) :]
    return node.name


def map_data(
    session: Session,
    scope: Scope,
    window: Window,
    grids: Grids,
    spots: tuple[Hotspot, ...],
    day_total: int,
) -> MapData:
    e = m.Event
    leaves, outlines, frame = _map_nodes(session, scope, grids)
    counts = dict(
        session.execute(
            select(e.grid_id, func.count())
            .where(
                e.received_at >= window.start,
                e.received_at < window.cutoff,
                e.grid_id.is_not(None),
                *scope.conditions(),
            )
            .group_by(e.grid_id)
        ).all()
    )
    ids = {n.id for n in leaves} | {n.id for n in outlines} | ({frame.id} if frame else set())
    g = m.Grid
    meta = (
        {
            r[0]: r[1:]
            for r in session.execute(
                select(g.id, g.geom_wkb, g.min_lon, g.min_lat, g.max_lon, g.max_lat).where(
                    g.id.in_(sorted(ids))
                )
            )
        }
        if ids
        else {}
    )
    boxes = [b for b in (meta[i][1:] for i in ids if i in meta) if b[0] is not None]
    bbox = None
    tolerance = 0.0
    if boxes:
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        tolerance = max(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 1500.0
    label_leaves = not outlines and len(leaves) <= MAX_LEAF_LABELS
    ordered = sorted(leaves, key=lambda n: n.code)
    nodes = ordered + list(outlines) + ([frame] if frame is not None else [])
    shapes = dict(
        zip(
            [n.id for n in nodes],
            _polygons([meta.get(n.id, (None,))[0] for n in nodes], tolerance),
            strict=True,
        )
    )

    def area(node: GridNode, count: int, label: str) -> MapArea:
        return MapArea(node.code, node.name, label, count, shapes[node.id])

    areas = tuple(
        area(n, int(counts.get(n.id, 0)), _short_label(n, grids) if label_leaves else "") for n in ordered
    )
    located = sum(a.count for a in areas)
    return MapData(
        areas=areas,
        outlines=tuple(area(n, 0, n.name) for n in outlines),
        boundary=area(frame, 0, "").polygons if frame is not None else (),
        bbox=bbox,
        hotspots=spots,
        located=located,
        unlocated=max(0, day_total - located),
    )
