"""The physical grids a logical grid covers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from commandcenter.db.models import LogicalGridCoverage
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.admin.common import AdminInputError, _grid
from commandcenter.services.admin.logical_grids import LogicalGridInfo, _lg_info, _logical_grid


def set_coverage(
    session: Session, actor: int | str, logical_id: int, *, covers_all: bool, grid_codes: Sequence[str] = ()
) -> LogicalGridInfo:
    """The physical grids a logical grid covers: all of the district, or the grids listed (any level:
    a township covers everything under it). Only the difference is written (so the trail shows it)."""
    with _acting_as(session, actor):
        lg = _logical_grid(session, logical_id)
        wanted: dict[int, str] = {}
        if not covers_all:
            for code in grid_codes:
                grid = _grid(session, "grids", code)
                wanted[grid.id] = grid.code
            if not wanted:
                raise AdminInputError("grids", "pick at least one grid, or let it cover the whole district")
        have = set(
            session.scalars(
                select(LogicalGridCoverage.grid_id).where(LogicalGridCoverage.logical_grid_id == lg.id)
            )
        )
        gone = have - set(wanted)
        if gone:
            session.execute(
                delete(LogicalGridCoverage).where(
                    LogicalGridCoverage.logical_grid_id == lg.id, LogicalGridCoverage.grid_id.in_(gone)
                )
            )
        for grid_id in sorted(set(wanted) - have):
            session.add(LogicalGridCoverage(logical_grid_id=lg.id, grid_id=grid_id))
        if bool(lg.covers_all) != covers_all:
            lg.covers_all = covers_all
        session.flush()
        return _lg_info(session, lg)
