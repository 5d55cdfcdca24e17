"""Placing events in grids, and the two trust flags of a report (时空编码: where and when it was made).

- Placement: an event belongs to the leaf grid whose polygon covers its point, by the rule of
  `commandcenter.geo.assign` (border -> smallest grid, then lowest code). Leaf = a grid with geometry
  and no child that has geometry. Outside every leaf grid -> None: the event is kept and goes to the
  unassigned queue (this includes a point inside a community but outside all of its grids).
- position_flag: the event claims a grid (`claimed_grid_code`) but its point lies outside that grid by
  more than `POSITION_TOLERANCE_M`, or the claimed grid is unknown / has no polygon (cannot be checked).
- time_flag: the device time is farther than `TIME_FLAG_AFTER` from the receipt time.

The grid index is cached per database and rebuilt when the grids change.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from commandcenter.db.models import Grid
from commandcenter.domain import gridcode
from commandcenter.geo.assign import GridIndex

log = logging.getLogger(__name__)

# Device clocks drift and reports queue up offline for a while; beyond this the time is suspect.
TIME_FLAG_AFTER = timedelta(minutes=10)
# Phone GPS is good to a few tens of metres; a report that close to its claimed grid is not suspect.
POSITION_TOLERANCE_M = 30.0
_M_PER_DEG_LAT = 110_574.0
_CACHE_SIZE = 4

_lock = threading.Lock()
_cache: OrderedDict[str, tuple[tuple[int, int, int], GridIndex]] = OrderedDict()


def _db_key(session: Session) -> str:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    return engine.url.render_as_string(hide_password=False)


def grids_state(session: Session) -> tuple[int, int, int]:
    """(count, sum of versions, max id) of the grids table: changes whenever a grid is added,
    deleted or updated through the ORM (each update bumps that grid's version, so the sum moves
    even when the max version would not)."""
    row = session.execute(
        select(
            func.count(Grid.id), func.coalesce(func.sum(Grid.version), 0), func.coalesce(func.max(Grid.id), 0)
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def leaf_grids(session: Session) -> list[tuple[int, str, bytes]]:
    """(id, code, wkb) of the grids with geometry and no child that has geometry."""
    child = aliased(Grid)
    has_child = select(child.id).where(child.parent_id == Grid.id, child.geom_wkb.is_not(None)).exists()
    rows = session.execute(
        select(Grid.id, Grid.code, Grid.geom_wkb)
        .where(Grid.geom_wkb.is_not(None), ~has_child)
        .order_by(Grid.id)
    ).all()
    return [(int(r[0]), str(r[1]), bytes(r[2])) for r in rows]


def build_grid_index(rows: Sequence[tuple[int, str, bytes]]) -> GridIndex:
    # GridIndex ranks overlapping grids by hierarchical code, so it needs valid codes; a grid imported
    # with a free-form code cannot take part in placement (said once in the log, not silently).
    usable = [r for r in rows if gridcode.is_valid(r[1])]
    if len(usable) != len(rows):
        skipped = sorted(r[1] for r in rows if not gridcode.is_valid(r[1]))
        log.warning("%d leaf grid(s) with non-hierarchical codes left out of placement: %s", len(skipped),
                    ", ".join(skipped[:10]))  # fmt: skip
    geoms = shapely.from_wkb(np.array([r[2] for r in usable], dtype=object))
    return GridIndex(zip((r[0] for r in usable), (r[1] for r in usable), geoms, strict=True))


def load_grid_index(session: Session) -> GridIndex:
    """The index over the leaf grids, cached per database; rebuilt when `grids_state` changes."""
    db = _db_key(session)
    state = grids_state(session)
    with _lock:
        hit = _cache.get(db)
        if hit is not None and hit[0] == state:
            _cache.move_to_end(db)
            return hit[1]
    index = build_grid_index(leaf_grids(session))
    with _lock:
        _cache[db] = (state, index)
        _cache.move_to_end(db)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def place_array(session: Session, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Grid id per point (int64), -1 where no leaf grid covers it. For bulk work."""
    return load_grid_index(session).assign(
        np.asarray(lons, dtype=np.float64), np.asarray(lats, dtype=np.float64)
    )


def place(
    session: Session, lons: Sequence[float] | np.ndarray, lats: Sequence[float] | np.ndarray
) -> list[int | None]:
    """Grid id per point, None where no leaf grid covers it (the event stays, unassigned)."""
    ids = place_array(session, np.asarray(lons), np.asarray(lats))
    return [None if g < 0 else int(g) for g in ids.tolist()]


def time_flag(reported_at: datetime | None, received_at: datetime | None) -> bool:
    if reported_at is None or received_at is None:
        return False
    return abs(received_at - reported_at) > TIME_FLAG_AFTER


def position_flags(
    session: Session, claimed: Sequence[str | None], lons: np.ndarray, lats: np.ndarray
) -> np.ndarray:
    """True where a point claims a grid it is not in (beyond the tolerance) or an unknown grid."""
    flags = np.zeros(len(claimed), dtype=bool)
    groups: dict[str, list[int]] = {}
    for i, code in enumerate(claimed):
        if code:
            groups.setdefault(code, []).append(i)
    if not groups:
        return flags
    rows = session.execute(select(Grid.code, Grid.geom_wkb).where(Grid.code.in_(list(groups)))).all()
    geometry = {str(code): wkb for code, wkb in rows}
    x = np.asarray(lons, dtype=np.float64)
    y = np.asarray(lats, dtype=np.float64)
    for code, members in groups.items():
        idx = np.array(members, dtype=np.int64)
        wkb = geometry.get(code)
        if wkb is None:
            flags[idx] = True  # unknown grid, or one without a polygon: the claim cannot be confirmed
            continue
        flags[idx] = _outside(shapely.from_wkb(bytes(wkb)), x[idx], y[idx])
    return flags


def position_flag(session: Session, claimed: str | None, lon: float, lat: float) -> bool:
    return bool(position_flags(session, [claimed], np.array([lon]), np.array([lat]))[0])


def _outside(geom: shapely.Geometry, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Points farther than the tolerance from `geom`, in metres of a local equirectangular frame."""
    covered = shapely.intersects_xy(geom, x, y)
    out = ~covered
    if out.any():
        # Scale longitude by cos(latitude) so one unit is the same distance on both axes.
        k = math.cos(math.radians(shapely.get_coordinates(geom.centroid)[0, 1]))
        scaled = shapely.transform(geom, lambda c: c * np.array([k, 1.0]))
        far = shapely.distance(scaled, shapely.points(x[out] * k, y[out])) * _M_PER_DEG_LAT
        out[np.flatnonzero(out)] = far > POSITION_TOLERANCE_M
    return out
