"""Who is acting, and what permissions need to know about the case they act on.

`load_actor` turns a person's role_grants rows into a domain `Actor`: the scope of a grant is the code
of its grid (operator: the center's node; grid worker: the grid) or of its logical grid (liaison),
which is what the domain matches cases against by prefix. `case_context` gives the domain the case's
grid, responsible unit, assignee and reporter by their codes and ids.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from commandcenter.db.models import Event, Grid, LogicalGrid
from commandcenter.db.models import RoleGrant as GrantRow
from commandcenter.domain.permissions import Actor, CaseContext, PermissionDenied, RoleGrant
from commandcenter.domain.status import Status
from commandcenter.domain.workflow import UnitRef
from commandcenter.services.units import find_person, unit_from_columns


def load_actor(session: Session, person: int | str) -> Actor:
    """The person (id or code) with every role they hold; an inactive person may do nothing."""
    row = find_person(session, person)
    if not row.active:
        raise PermissionDenied(f"{row.name} ({row.code}) is no longer active and may not act on cases")
    g, lg = aliased(Grid), aliased(LogicalGrid)
    grants = session.execute(
        select(GrantRow.role, g.code, g.name, lg.code, lg.name)
        .outerjoin(g, g.id == GrantRow.grid_id)
        .outerjoin(lg, lg.id == GrantRow.logical_grid_id)
        .where(GrantRow.person_id == row.id)
    ).all()
    roles = set()
    for role, grid_code, grid_name, lg_code, lg_name in grants:
        if lg_code is not None:
            roles.add(RoleGrant(role, "logical", lg_code, lg_name or ""))
        elif grid_code is not None:
            roles.add(RoleGrant(role, "grid", grid_code, grid_name or ""))
        else:
            roles.add(RoleGrant(role))
    return Actor(row.id, frozenset(roles), row.name)


def case_context(session: Session, event: Event) -> CaseContext:
    """What permissions need to know about an existing case."""
    grid = session.execute(select(Grid.code, Grid.name).where(Grid.id == event.grid_id)).first()
    unit, unit_name = unit_from_columns(
        session, event.responsible_kind, event.responsible_grid_id, event.responsible_logical_id
    )
    return CaseContext(
        code=event.code or "",
        status=Status(event.status),
        grid_code=grid[0] if grid else None,
        responsible=unit,
        assignee_id=event.assignee_id,
        reporter_id=event.reporter_id,
        grid_name=grid[1] if grid else "",
        responsible_name=unit_name,
    )


def new_case_context(
    session: Session,
    grid_id: int | None,
    *,
    responsible: UnitRef | None = None,
    assignee_id: int | None = None,
    reporter_id: int | None = None,
) -> CaseContext:
    """The context of a case about to be created (report, self-handle, task)."""
    grid = session.execute(select(Grid.code, Grid.name).where(Grid.id == grid_id)).first()
    return CaseContext(
        code="",
        status=None,
        grid_code=grid[0] if grid else None,
        responsible=responsible,
        assignee_id=assignee_id,
        reporter_id=reporter_id,
        grid_name=grid[1] if grid else "",
    )
