"""Where a case goes: placing a report in a grid, suggesting a unit, and the level above for escalation.

- `place_point` puts a new report in the leaf grid covering it (via `services.placement`, which
  caches the grid index per database); outside every grid it stays unplaced (None).
- `suggest_route`: the category's default department (`categories.default_logical_grid_id`) if it
  has one, else the worker of the case's own grid; None when neither exists.
- `holding_center`: the command center a case is with. A case routed to a center is with that center;
  any other case is with the township center of its grid (the district center when it has no grid).
- `escalation_target`: the center one level above the holding center (a township's parent is the
  district). A case already with the district center cannot go higher.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Event, Grid, LogicalGrid
from commandcenter.domain.status import GridLevel, UnitKind
from commandcenter.domain.workflow import UnitRef
from commandcenter.services import placement
from commandcenter.services.errors import NotFound


def place_point(session: Session, lon: float, lat: float) -> int | None:
    """The leaf grid id covering (lon, lat), or None outside every grid."""
    return placement.place(session, [lon], [lat])[0]


def suggest_route(session: Session, event: Event) -> UnitRef | None:
    """The unit a case of this category and place usually goes to (a suggestion for the operator)."""
    lg_code = session.scalar(
        select(LogicalGrid.code)
        .join(Category, Category.default_logical_grid_id == LogicalGrid.id)
        .where(Category.id == event.category_id)
    )
    if lg_code is not None:
        return UnitRef(UnitKind.LOGICAL, lg_code)
    if event.grid_id is not None:
        code = session.scalar(select(Grid.code).where(Grid.id == event.grid_id))
        if code is not None:
            return UnitRef(UnitKind.GRID, code)
    return None


def _root(session: Session) -> Grid:
    root = session.scalars(select(Grid).where(Grid.parent_id.is_(None)).order_by(Grid.code)).first()
    if root is None:
        raise NotFound("there are no grids: the district has not been set up")
    return root


def holding_center(session: Session, event: Event, responsible: UnitRef | None) -> Grid:
    """The center node a case is with (see the module doc)."""
    if responsible is not None and responsible.kind is UnitKind.CENTER:
        center = session.scalars(select(Grid).where(Grid.code == responsible.code)).first()
        if center is not None:
            return center
    node = session.get(Grid, event.grid_id) if event.grid_id is not None else None
    while node is not None and node.level != GridLevel.TOWNSHIP and node.parent_id is not None:
        node = session.get(Grid, node.parent_id)
    return node if node is not None else _root(session)


def escalation_target(session: Session, event: Event, responsible: UnitRef | None) -> UnitRef | None:
    """The center above the one holding the case; None when it is already with the top center."""
    center = holding_center(session, event, responsible)
    if center.parent_id is None:
        return None
    parent = session.get(Grid, center.parent_id)
    return None if parent is None else UnitRef(UnitKind.CENTER, parent.code)
