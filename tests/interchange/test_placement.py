"""services.placement: the cached grid index, placing points, and the two trust flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from shapely.geometry import box
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid
from commandcenter.geo.geometry import to_wkb
from commandcenter.services import placement
from tests.interchange.util import A1, A2, B1, load_grids


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    placement.clear_cache()


def _ids(session: Session) -> dict[str, int]:
    return {code: gid for gid, code in session.execute(select(Grid.id, Grid.code))}


def test_place_points_in_leaf_grids_and_none_outside(session: Session) -> None:
    load_grids(session)
    ids = _ids(session)
    got = placement.place(
        session, [104.955, 104.962, 104.975, 105.1, float("nan")], [28.835, 28.862, 28.845, 28.9, 1.0]
    )
    assert got == [ids[A1], ids[A2], ids[B1], None, None]


def test_only_leaf_grids_are_indexed(session: Session) -> None:
    load_grids(session)
    leaves = {code for _id, code, _wkb in placement.leaf_grids(session)}
    assert leaves == {A1, A2, B1, "511503001002002"}


def test_index_is_cached_and_rebuilt_when_grids_change(session: Session) -> None:
    load_grids(session)
    first = placement.load_grid_index(session)
    assert placement.load_grid_index(session) is first
    # A new grid somewhere else: the index must see it.
    session.add(
        Grid(
            code="511503002",
            name="罗龙街道",
            level="township",
            geom_wkb=to_wkb(box(105.0, 29.0, 105.1, 29.1)),
        )
    )
    session.commit()
    second = placement.load_grid_index(session)
    assert second is not first
    assert placement.place(session, [105.05], [29.05]) == [_ids(session)["511503002"]]
    # An update of an existing grid's geometry bumps its version: rebuilt again.
    grid = session.scalars(select(Grid).where(Grid.code == "511503002")).one()
    grid.geom_wkb = to_wkb(box(105.2, 29.2, 105.3, 29.3))
    session.commit()
    assert placement.load_grid_index(session) is not second
    assert placement.place(session, [105.05, 105.25], [29.05, 29.25]) == [None, grid.id]


def test_empty_database_places_nothing(session: Session) -> None:
    assert placement.place(session, [104.9], [28.8]) == [None]


def test_position_flag(session: Session) -> None:
    load_grids(session)
    lons = np.array([104.955, 104.979, 104.9705, 104.955, 104.955])
    lats = np.array([28.835, 28.842, 28.845, 28.835, 28.835])
    claims = [A1, A1, A1, None, "511503999001001"]
    flags = placement.position_flags(session, claims, lons, lats)
    # inside its claim; 1 km outside it; 0.0005 deg (~49 m) east of A1's east edge is beyond the
    # tolerance; no claim; a claim of an unknown grid cannot be confirmed.
    assert flags.tolist() == [False, True, True, False, True]
    # 10 m outside its grid's edge: within GPS tolerance, not flagged.
    ten_m = 10 / (111_320 * np.cos(np.radians(28.84)))
    assert not placement.position_flag(session, A1, 104.970 + ten_m, 28.84)


def test_time_flag_threshold() -> None:
    t = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
    limit = placement.TIME_FLAG_AFTER
    assert not placement.time_flag(t, t + limit)
    assert placement.time_flag(t, t + limit + timedelta(seconds=1))
    assert placement.time_flag(t + limit + timedelta(seconds=1), t)  # device clock ahead
    assert not placement.time_flag(None, t)
