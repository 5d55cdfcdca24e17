"""Finding targets for the pickers: grids, centers and people by name or code, the centers, the
department's own people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.status import GridLevel, Role
from commandcenter.services.liaison.common import TargetKind, _subtree
from commandcenter.services.liaison.targets import TaskTarget
from commandcenter.services.units import GRID_LEVELS


@dataclass(frozen=True)
class TargetChoice:
    kind: TargetKind
    code: str
    name: str
    detail: str = ""  # a grid's worker(s); a person's grid or department; a center's level
    role: str = ""  # a person's membership role there: grid_worker, logical_member, liaison, member, ...

    @property
    def target(self) -> TaskTarget:
        return TaskTarget(self.kind, self.code)


def search_targets(session: Session, text: str, limit: int = 30) -> list[TargetChoice]:
    """Grids (their worker), centers and people whose name or code contains `text`."""
    query = text.strip()
    if not query:
        return []
    like = f"%{query.lower()}%"
    g = m.Grid
    out: list[TargetChoice] = []
    grids = session.execute(
        select(g.id, g.code, g.name, g.level)
        .where(or_(g.code.startswith(query, autoescape=True), func.lower(g.name).like(like)))
        .order_by(func.length(g.code), g.code)
        .limit(limit)
    ).all()
    workers = _worker_names(session, [i for i, _c, _n, lv in grids if lv in GRID_LEVELS])
    for gid, code, name, level in grids:
        if level in GRID_LEVELS:
            out.append(TargetChoice("grid", code, name, workers.get(gid, "")))
        else:
            out.append(TargetChoice("center", code, name, "", str(level)))
    p = m.Person
    citizens = select(m.RoleGrant.person_id).where(m.RoleGrant.role == Role.CITIZEN.value)
    people = session.execute(
        select(p.id, p.code, p.name)
        .where(
            p.active.is_(True),
            or_(func.lower(p.name).like(like), func.lower(p.code).like(like)),
            p.id.not_in(citizens),
        )
        .order_by(p.name, p.id)
        .limit(limit)
    ).all()
    places = _person_places(session, [r[0] for r in people])
    for pid, code, name in people:
        role, place = places.get(pid, ("", ""))
        out.append(TargetChoice("person", code, name, place, role))
    return out[:limit]


def _worker_names(session: Session, grid_ids: Sequence[int]) -> dict[int, str]:
    if not grid_ids:
        return {}
    rows = session.execute(
        select(m.GridMembership.grid_id, m.Person.name)
        .join(m.Person, m.Person.id == m.GridMembership.person_id)
        .where(m.GridMembership.grid_id.in_(grid_ids), m.GridMembership.role == Role.GRID_WORKER.value)
        .order_by(m.GridMembership.id)
    ).all()
    out: dict[int, list[str]] = {}
    for gid, name in rows:
        out.setdefault(gid, []).append(name)
    return {gid: "、".join(names) for gid, names in out.items()}


def _person_places(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """person id -> (role, where): their first grid membership, else their first department."""
    if not ids:
        return {}
    out: dict[int, tuple[str, str]] = {}
    grids = session.execute(
        select(m.GridMembership.person_id, m.GridMembership.role, m.Grid.name)
        .join(m.Grid, m.Grid.id == m.GridMembership.grid_id)
        .where(m.GridMembership.person_id.in_(ids))
        .order_by(m.GridMembership.id)
    )
    for pid, role, name in grids:
        out.setdefault(pid, (role, name))
    logical = session.execute(
        select(m.LogicalMembership.person_id, m.LogicalMembership.role, m.LogicalGrid.name)
        .join(m.LogicalGrid, m.LogicalGrid.id == m.LogicalMembership.logical_grid_id)
        .where(m.LogicalMembership.person_id.in_(ids))
        .order_by(m.LogicalMembership.id)
    )
    for pid, role, name in logical:
        out.setdefault(pid, (role, name))
    return out


def centers(
    session: Session, levels: Sequence[GridLevel] = (GridLevel.DISTRICT, GridLevel.TOWNSHIP)
) -> list[TargetChoice]:
    """The command centers a task can go to (by default the district's and the townships')."""
    rows = session.execute(
        select(m.Grid.code, m.Grid.name, m.Grid.level)
        .where(m.Grid.level.in_([str(v) for v in levels]))
        .order_by(func.length(m.Grid.code), m.Grid.code)
    ).all()
    return [TargetChoice("center", code, name, "", str(level)) for code, name, level in rows]


def department_people(session: Session, code: str) -> list[TargetChoice]:
    """The department's own people (members, liaisons, leader), for assigning its cases."""
    rows = session.execute(
        select(m.Person.id, m.Person.code, m.Person.name, m.LogicalMembership.role, m.LogicalGrid.name)
        .join(m.LogicalMembership, m.LogicalMembership.person_id == m.Person.id)
        .join(m.LogicalGrid, m.LogicalGrid.id == m.LogicalMembership.logical_grid_id)
        .where(m.LogicalGrid.id.in_(_subtree(code)), m.Person.active.is_(True))
        .order_by(m.LogicalGrid.code, m.Person.name)
    ).all()
    seen: dict[int, TargetChoice] = {}
    for pid, pcode, name, role, where in rows:
        seen.setdefault(pid, TargetChoice("person", pcode, name, where, role))
    return list(seen.values())
