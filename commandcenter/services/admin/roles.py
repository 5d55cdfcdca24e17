"""Role grants: who may do what, over which center, grid or logical grid."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from commandcenter.db.models import Person, RoleGrant
from commandcenter.domain.permissions import RoleGrant as DomainGrant
from commandcenter.domain.status import GridLevel, Role
from commandcenter.services.admin.acting import _acting_as, _postgres
from commandcenter.services.admin.common import AdminInputError, _grid, _logical, _person
from commandcenter.services.errors import NotFound
from commandcenter.services.units import CENTER_LEVELS, GRID_LEVELS


@dataclass(frozen=True)
class GrantInfo:
    id: int
    role: str
    scope_kind: str | None  # "grid", "logical" or None
    scope_code: str | None
    scope_name: str

    def describe(self) -> str:
        return f"{self.role} of {self.scope_name} ({self.scope_code})" if self.scope_code else self.role


def _sync_groups(session: Session, person: Person) -> None:
    """On PostgreSQL, make the person's login a member of the group roles of their grants (0005)."""
    if person.login and _postgres(session):
        session.flush()
        session.execute(text("SELECT cc_admin_sync_groups(:l)"), {"l": person.login})


def grant_role(
    session: Session,
    actor: int | str,
    person_id: int,
    role: str,
    *,
    grid_code: str | None = None,
    logical_code: str | None = None,
) -> GrantInfo:
    """Give a role over a scope: operator over a center (district, township or community), grid
    worker over a grid, liaison over a logical grid; leader, admin and citizen over no scope."""
    with _acting_as(session, actor):
        person = _person(session, person_id)
        try:
            r = Role(role)
        except ValueError:
            raise AdminInputError("role", f"{role!r} is not one of {', '.join(Role)}") from None
        grid_id = logical_id = None
        scope_code: str | None = None
        scope_name = ""
        kind: str | None = None
        if grid_code and logical_code:
            raise AdminInputError("scope", "give a grid or a logical grid, not both")
        if grid_code:
            grid = _grid(session, "grid", grid_code)
            level = GridLevel(grid.level)
            if r is Role.OPERATOR and level not in CENTER_LEVELS:
                raise AdminInputError(
                    "grid", f"an operator works at a center; {grid.name} ({grid.code}) is a {level}"
                )
            if r is Role.GRID_WORKER and level not in GRID_LEVELS:
                raise AdminInputError(
                    "grid", f"a grid worker works in a grid; {grid.name} ({grid.code}) is a {level}"
                )
            grid_id, scope_code, scope_name, kind = grid.id, grid.code, grid.name, "grid"
        elif logical_code:
            lg = _logical(session, "logical grid", logical_code)
            logical_id, scope_code, scope_name, kind = lg.id, lg.code, lg.name, "logical"
        try:
            # The domain says which scope each role needs (permissions.RoleGrant).
            if r is not Role.CITIZEN:
                DomainGrant(r, kind, scope_code)  # type: ignore[arg-type]
        except ValueError:
            needs = {
                Role.OPERATOR: "a center (grid)",
                Role.GRID_WORKER: "a grid",
                Role.LIAISON: "a logical grid",
            }
            raise AdminInputError("scope", f"a {r} grant needs {needs.get(r, 'no scope')}") from None
        if r in (Role.LEADER, Role.ADMIN, Role.CITIZEN) and kind is not None:
            raise AdminInputError("scope", f"a {r} grant covers the whole district: no grid or logical grid")
        exists = session.scalar(
            select(RoleGrant.id).where(
                RoleGrant.person_id == person.id,
                RoleGrant.role == r.value,
                RoleGrant.grid_id.is_(None) if grid_id is None else RoleGrant.grid_id == grid_id,
                RoleGrant.logical_grid_id.is_(None)
                if logical_id is None
                else RoleGrant.logical_grid_id == logical_id,
            )
        )
        if exists is not None:
            where = f" of {scope_name} ({scope_code})" if scope_code else ""
            raise AdminInputError("role", f"{person.name} is already {r}{where}")
        row = RoleGrant(person_id=person.id, role=r.value, grid_id=grid_id, logical_grid_id=logical_id)
        session.add(row)
        session.flush()
        _sync_groups(session, person)
        return GrantInfo(row.id, r.value, kind, scope_code, scope_name)


def revoke_role(session: Session, actor: int | str, grant_id: int) -> None:
    with _acting_as(session, actor) as me:
        row = session.get(RoleGrant, grant_id)
        if row is None:
            raise NotFound(f"no role grant with id {grant_id}")
        if row.person_id == me.person_id and row.role == Role.ADMIN.value:
            raise AdminInputError("role", "you cannot take away your own administrator role")
        person = _person(session, row.person_id)
        session.delete(row)
        _sync_groups(session, person)
