"""The unit a brief is about: a physical grid node (any level, or any code prefix) or a logical grid.

Cases belong to a physical unit by the grid they lie in (the district, a code of the district's length,
also takes the cases outside every grid, like the queues do); to a logical grid by its responsibility
(the grid itself or any child logical grid).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from commandcenter.brief import text as t
from commandcenter.brief.model import UnitInfo
from commandcenter.db import models as m

WORKER_ROLE = "grid_worker"


class UnknownUnit(ValueError):
    """No grid or logical grid has this code."""


@dataclass(frozen=True)
class GridNode:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    is_leaf: bool
    households: int = 0
    residents: int = 0


@dataclass(frozen=True)
class Grids:
    """Every physical grid node without geometry (a few thousand rows at most): names and ancestry."""

    by_id: dict[int, GridNode]

    @classmethod
    def load(cls, session: Session) -> Grids:
        g = m.Grid
        child = aliased(m.Grid)
        has_child = exists().where(child.parent_id == g.id)
        rows = session.execute(
            select(g.id, g.code, g.name, g.level, g.parent_id, has_child, g.households, g.residents)
        ).all()
        return cls(
            {r[0]: GridNode(r[0], r[1], r[2], r[3], r[4], not r[5], r[6] or 0, r[7] or 0) for r in rows}
        )

    def leaves_under(self, scope: Scope) -> list[GridNode]:
        return sorted(
            (
                n
                for n in self.by_id.values()
                if n.is_leaf and (scope.whole_district or n.code.startswith(scope.code))
            ),
            key=lambda n: n.code,
        )

    def at_level(self, level: str) -> list[GridNode]:
        return sorted((n for n in self.by_id.values() if n.level == level), key=lambda n: n.code)

    def ancestor_at(self, grid_id: int | None, level: str) -> GridNode | None:
        node = self.by_id.get(grid_id) if grid_id is not None else None
        for _ in range(16):  # deeper than any real hierarchy; guards a cycle
            if node is None or node.level == level:
                return node
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return None

    def place(self, grid_id: int | None) -> str:
        """'沙坪街道 铜鼓社区第1网格' for a leaf; '' outside every grid."""
        node = self.by_id.get(grid_id) if grid_id is not None else None
        if node is None:
            return ""
        township = self.ancestor_at(grid_id, "township")
        if township is None or township.id == node.id:
            return node.name
        return f"{township.name} {node.name}"

    def root(self) -> GridNode | None:
        roots = [n for n in self.by_id.values() if n.parent_id is None]
        return min(roots, key=lambda n: (len(n.code), n.code), default=None)

    def by_code(self, code: str) -> GridNode | None:
        return next((n for n in self.by_id.values() if n.code == code), None)

    def path(self, node: GridNode) -> tuple[str, ...]:
        names = []
        current: GridNode | None = node
        for _ in range(16):
            if current is None:
                break
            names.append(current.name)
            current = self.by_id.get(current.parent_id) if current.parent_id is not None else None
        return tuple(reversed(names))


@dataclass(frozen=True)
class Scope:
    kind: str  # "grid" or "logical"
    code: str
    name: str
    level: str
    node: GridNode | None  # the physical node when the code is exactly a grid's
    logical_ids: tuple[int, ...] = ()
    logical_id: int | None = None
    covers_all: bool = True  # logical: covers the whole district
    whole_district: bool = False  # physical: no grid filter (takes cases outside every grid too)

    def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions on m.Event selecting the unit's cases."""
        e = m.Event
        if self.kind == "logical":
            return [e.responsible_logical_id.in_(self.logical_ids)]
        if self.whole_district:
            return []
        sub = select(m.Grid.id).where(m.Grid.code.startswith(self.code, autoescape=True))
        return [e.grid_id.in_(sub.scalar_subquery())]

    def grid_condition(self, grid: Any) -> ColumnElement[bool] | None:
        """Which grid nodes the unit's map shows (None: all of them)."""
        if self.kind == "logical" or self.whole_district:
            return None
        return grid.code.startswith(self.code, autoescape=True)


def resolve(session: Session, code: str | None, grids: Grids) -> Scope:
    """The unit of a code: None/'' is the district; a grid code (or prefix) or a logical grid's code."""
    code = (code or "").strip()
    if not code:
        root = grids.root()
        if root is None:
            return Scope("grid", "", t.WHOLE_DISTRICT, "district", None, whole_district=True)
        return Scope("grid", root.code, root.name, root.level, root, whole_district=True)
    node = grids.by_code(code)
    if node is not None:
        return Scope("grid", code, node.name, node.level, node, whole_district=node.parent_id is None)
    lg = session.execute(select(m.LogicalGrid).where(m.LogicalGrid.code == code)).scalar_one_or_none()
    if lg is not None:
        ids = session.scalars(
            select(m.LogicalGrid.id).where(m.LogicalGrid.code.startswith(code, autoescape=True))
        ).all()
        return Scope(
            "logical", code, lg.name, lg.kind, None, tuple(sorted(ids)), lg.id, covers_all=lg.covers_all
        )
    if any(n.code.startswith(code) for n in grids.by_id.values()):
        return Scope("grid", code, t.prefix_name(code), "prefix", None)
    raise UnknownUnit(f"no grid or logical grid has the code {code!r}")


def unit_info(session: Session, scope: Scope, grids: Grids) -> UnitInfo:
    """Who and what the unit is: its path, size and workers (an empty list is a valid answer)."""
    if scope.kind == "logical":
        return _logical_info(session, scope)
    g = m.Grid
    gm = m.GridMembership
    cond = scope.grid_condition(g)
    leaf_conds = [cond] if cond is not None else []
    leaves = grids.leaves_under(scope)
    workers_q = (
        select(m.Person.name)
        .join(gm, gm.person_id == m.Person.id)
        .join(g, g.id == gm.grid_id)
        .where(gm.role == WORKER_ROLE, *leaf_conds)
        .distinct()
        .order_by(m.Person.name)
    )
    names = tuple(session.scalars(workers_q.limit(t.MAX_WORKER_NAMES + 1)).all())
    count = session.scalar(
        select(func.count(distinct(gm.person_id)))
        .join(g, g.id == gm.grid_id)
        .where(gm.role == WORKER_ROLE, *leaf_conds)
    )
    staffed = set(
        session.scalars(
            select(gm.grid_id).join(g, g.id == gm.grid_id).where(gm.role == WORKER_ROLE, *leaf_conds)
        )
    )
    node = scope.node
    return UnitInfo(
        kind="grid",
        code=scope.code,
        name=scope.name,
        level=scope.level,
        level_label=t.LEVEL_LABELS.get(scope.level, scope.level),
        path=grids.path(node) if node is not None else (scope.name,),
        leaf_grids=len(leaves),
        households=sum(n.households for n in leaves),
        residents=sum(n.residents for n in leaves),
        workers=names,
        worker_count=int(count or 0),
        grids_without_worker=sum(1 for n in leaves if n.id not in staffed),
    )


def _logical_info(session: Session, scope: Scope) -> UnitInfo:
    lm = m.LogicalMembership
    names = tuple(
        session.scalars(
            select(m.Person.name)
            .join(lm, lm.person_id == m.Person.id)
            .where(lm.logical_grid_id.in_(scope.logical_ids))
            .distinct()
            .order_by(m.Person.name)
            .limit(t.MAX_WORKER_NAMES + 1)
        ).all()
    )
    count = session.scalar(
        select(func.count(distinct(lm.person_id))).where(lm.logical_grid_id.in_(scope.logical_ids))
    )
    path: tuple[str, ...] = (scope.name,)
    lg = session.get(m.LogicalGrid, scope.logical_id)
    if lg is not None and lg.parent is not None:
        path = (lg.parent.name, scope.name)
    return UnitInfo(
        kind="logical",
        code=scope.code,
        name=scope.name,
        level=scope.level,
        level_label=t.LEVEL_LABELS["logical"],
        path=path,
        leaf_grids=0,
        households=0,
        residents=0,
        workers=names,
        worker_count=int(count or 0),
        grids_without_worker=0,
    )
