"""Who a task or an assignment goes to: the liaison's choice (`TaskTarget`) and the unit and person
it means (`resolve_target`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.status import GridLevel, Role, UnitKind
from commandcenter.domain.workflow import UnitRef
from commandcenter.services.errors import NotFound
from commandcenter.services.liaison.common import TargetKind
from commandcenter.services.units import (
    CENTER_LEVELS,
    GRID_LEVELS,
    find_person,
    grid_by_code,
    logical_by_code,
)


@dataclass(frozen=True)
class TaskTarget:
    """Who a task (or a bulk assignment) goes to, as the liaison chose it.

    grid: the worker of the physical grid `code`; person: the person `code` (code or id); center: the
    command center of the grid node `code` (district, township or community); logical: a department.
    """

    kind: TargetKind
    code: str

    def __post_init__(self) -> None:
        if self.kind not in ("grid", "person", "center", "logical"):
            raise ValueError(f"a task target is a grid, person, center or logical grid, not {self.kind!r}")
        if not str(self.code).strip():
            raise ValueError(f"a {self.kind} target needs a code")


@dataclass(frozen=True)
class ResolvedTarget:
    target: TaskTarget
    unit: UnitRef  # the responsible unit the task goes to
    unit_name: str
    assignee_id: int | None
    assignee_name: str | None

    @property
    def label(self) -> str:
        """'甲社区第1网格 · 甲一网格员' / '甲街道'."""
        return self.unit_name + (f" · {self.assignee_name}" if self.assignee_name else "")


def _grid_worker(session: Session, grid_id: int) -> m.Person | None:
    return session.scalars(
        select(m.Person)
        .join(m.GridMembership, m.GridMembership.person_id == m.Person.id)
        .where(
            m.GridMembership.grid_id == grid_id,
            m.GridMembership.role == Role.GRID_WORKER.value,
            m.Person.active.is_(True),
        )
        .order_by(m.GridMembership.id)
        .limit(1)
    ).first()


def resolve_target(session: Session, target: TaskTarget) -> ResolvedTarget:
    """The unit and person a target means; NotFound (with what to do instead) when it means none."""
    if target.kind == "grid":
        grid = grid_by_code(session, target.code)
        if GridLevel(grid.level) not in GRID_LEVELS:
            raise NotFound(
                f"{grid.name} ({grid.code}) is a {grid.level}, not a grid: send the task to its center"
            )
        worker = _grid_worker(session, grid.id)
        if worker is None:
            raise NotFound(
                f"{grid.name} ({grid.code}) has no active grid worker: send the task to its center"
            )
        return ResolvedTarget(target, UnitRef(UnitKind.GRID, grid.code), grid.name, worker.id, worker.name)
    if target.kind == "center":
        grid = grid_by_code(session, target.code)
        if GridLevel(grid.level) not in CENTER_LEVELS:
            raise NotFound(f"{grid.name} ({grid.code}) is a grid, not a center: send the task to its worker")
        return ResolvedTarget(target, UnitRef(UnitKind.CENTER, grid.code), grid.name, None, None)
    if target.kind == "logical":
        lg = logical_by_code(session, target.code)
        return ResolvedTarget(target, UnitRef(UnitKind.LOGICAL, lg.code), lg.name, None, None)
    person = find_person(session, int(target.code) if target.code.isdigit() else target.code)
    if not person.active:
        raise NotFound(f"{person.name} ({person.code}) is no longer active")
    # The unit is where the person works: a grid of theirs (a grid worker's first), else a department.
    grid = session.execute(
        select(m.Grid.code, m.Grid.name)
        .join(m.GridMembership, m.GridMembership.grid_id == m.Grid.id)
        .where(m.GridMembership.person_id == person.id, m.Grid.level.in_([str(v) for v in GRID_LEVELS]))
        .order_by(case((m.GridMembership.role == Role.GRID_WORKER.value, 0), else_=1), m.GridMembership.id)
        .limit(1)
    ).first()
    if grid is not None:
        return ResolvedTarget(target, UnitRef(UnitKind.GRID, grid[0]), grid[1], person.id, person.name)
    lg = session.execute(
        select(m.LogicalGrid.code, m.LogicalGrid.name)
        .join(m.LogicalMembership, m.LogicalMembership.logical_grid_id == m.LogicalGrid.id)
        .where(m.LogicalMembership.person_id == person.id)
        .order_by(m.LogicalMembership.id)
        .limit(1)
    ).first()
    if lg is not None:
        return ResolvedTarget(target, UnitRef(UnitKind.LOGICAL, lg[0]), lg[1], person.id, person.name)
    raise NotFound(
        f"{person.name} ({person.code}) works in no grid and no department: choose a grid or center"
    )
