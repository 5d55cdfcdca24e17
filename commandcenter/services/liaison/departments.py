"""Who the liaison is: the departments (logical grids) they are a liaison of, and who acts for one.

A liaison (职能部门联络员) works for a logical grid (a department) and those below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.permissions import Actor
from commandcenter.domain.status import Role
from commandcenter.services.actors import load_actor
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.liaison.common import PersonRef, _roles, _subtree
from commandcenter.services.units import logical_by_code


@dataclass(frozen=True)
class Department:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Workspace:
    """Who the acting person is for this workspace."""

    person_id: int
    name: str
    departments: tuple[Department, ...]  # logical grids they are a liaison of (top-most first)
    is_admin: bool

    @property
    def is_liaison(self) -> bool:
        return bool(self.departments)


def workspace(session: Session, person: PersonRef) -> Workspace:
    """The person's departments (liaison grants) and whether they administer the templates."""
    actor = load_actor(session, person)
    codes = sorted(
        {g.scope_path for g in actor.roles if g.role is Role.LIAISON and g.scope_path},
        key=lambda c: (len(c), c),
    )
    # A grant below another one of the same person adds nothing: the upper one covers it.
    top = [c for c in codes if not any(c != o and c.startswith(o) for o in codes)]
    rows = session.execute(
        select(m.LogicalGrid.id, m.LogicalGrid.code, m.LogicalGrid.name).where(m.LogicalGrid.code.in_(top))
    ).all()
    by_code = {code: Department(i, code, name) for i, code, name in rows}
    return Workspace(
        int(actor.person_id),
        actor.name,
        tuple(by_code[c] for c in top if c in by_code),
        Role.ADMIN in _roles(actor),
    )


def _department(session: Session, person: PersonRef, code: str | None) -> tuple[Actor, Department]:
    """The department the person may look at: `code` (theirs or below), else their first one."""
    actor = load_actor(session, person)
    roles = _roles(actor)
    scopes = [g.scope_path for g in actor.roles if g.role is Role.LIAISON and g.scope_path]
    if code is None:
        if not scopes:
            raise PermissionDenied(f"{actor.label} is not a liaison of any department (logical grid)")
        code = min(scopes, key=lambda c: (len(c), c))
    lg = logical_by_code(session, code)
    if not (roles & {Role.ADMIN, Role.LEADER}) and not any(lg.code.startswith(s) for s in scopes):
        mine = ", ".join(sorted(scopes)) or "none"
        raise PermissionDenied(f"{actor.label} is not a liaison of {lg.name} ({lg.code}); theirs: {mine}")
    return actor, Department(lg.id, lg.code, lg.name)


def _department_people(code: str) -> Any:
    """Ids of the people who act for the department: its liaisons' grants and its members."""
    return union(
        select(m.RoleGrant.person_id).where(
            m.RoleGrant.role == Role.LIAISON.value, m.RoleGrant.logical_grid_id.in_(_subtree(code))
        ),
        select(m.LogicalMembership.person_id).where(m.LogicalMembership.logical_grid_id.in_(_subtree(code))),
    )
