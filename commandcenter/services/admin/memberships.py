"""Memberships: the physical grids a person works in and the departments (logical grids) they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import GridMembership, LogicalMembership
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.admin.common import AdminInputError, _grid, _logical, _person
from commandcenter.services.errors import NotFound

GRID_MEMBER_ROLES: Final = ("grid_worker", "grid_leader", "logical_member")
LOGICAL_MEMBER_ROLES: Final = ("leader", "liaison", "member")


@dataclass(frozen=True)
class MembershipInfo:
    id: int
    kind: str  # "grid" or "logical"
    unit_code: str
    unit_name: str
    role: str


def add_grid_membership(
    session: Session, actor: int | str, person_id: int, grid_code: str, role: str
) -> MembershipInfo:
    """The person works in this physical grid (一员多格: a person may be in several)."""
    with _acting_as(session, actor):
        person = _person(session, person_id)
        if role not in GRID_MEMBER_ROLES:
            raise AdminInputError("role", f"{role!r} is not one of {', '.join(GRID_MEMBER_ROLES)}")
        grid = _grid(session, "grid", grid_code)
        exists = session.scalar(
            select(GridMembership.id).where(
                GridMembership.person_id == person.id,
                GridMembership.grid_id == grid.id,
                GridMembership.role == role,
            )
        )
        if exists is not None:
            raise AdminInputError("grid", f"{person.name} is already {role} of {grid.name} ({grid.code})")
        row = GridMembership(person_id=person.id, grid_id=grid.id, role=role)
        session.add(row)
        session.flush()
        return MembershipInfo(row.id, "grid", grid.code, grid.name, role)


def add_logical_membership(
    session: Session, actor: int | str, person_id: int, logical_code: str, role: str
) -> MembershipInfo:
    """The person belongs to this department (logical grid) as leader, liaison or member."""
    with _acting_as(session, actor):
        person = _person(session, person_id)
        if role not in LOGICAL_MEMBER_ROLES:
            raise AdminInputError("role", f"{role!r} is not one of {', '.join(LOGICAL_MEMBER_ROLES)}")
        lg = _logical(session, "logical grid", logical_code)
        exists = session.scalar(
            select(LogicalMembership.id).where(
                LogicalMembership.person_id == person.id,
                LogicalMembership.logical_grid_id == lg.id,
                LogicalMembership.role == role,
            )
        )
        if exists is not None:
            raise AdminInputError("logical grid", f"{person.name} is already {role} of {lg.name} ({lg.code})")
        row = LogicalMembership(person_id=person.id, logical_grid_id=lg.id, role=role)
        session.add(row)
        session.flush()
        return MembershipInfo(row.id, "logical", lg.code, lg.name, role)


def remove_membership(session: Session, actor: int | str, kind: str, membership_id: int) -> None:
    with _acting_as(session, actor):
        model: type[GridMembership] | type[LogicalMembership]
        if kind == "grid":
            model = GridMembership
        elif kind == "logical":
            model = LogicalMembership
        else:
            raise AdminInputError("kind", f"{kind!r} is not 'grid' or 'logical'")
        row = session.get(model, membership_id)
        if row is None:
            raise NotFound(f"no {kind} membership with id {membership_id}")
        session.delete(row)
