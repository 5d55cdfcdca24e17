"""The person picker's candidates: who the acting person may hand a case to, nearest first.

The workflow service accepts any active person as an assignee; what a person may *see and pick* is
narrower, and follows their role grants (`domain.permissions`), counting only the grants that let them
take the step on this case:

| grant                  | candidates                                                                   |
| ---------------------- | ---------------------------------------------------------------------------- |
| operator of a center   | the staff of the grids under that center (workers, grid leaders, department  |
|                        | members who work there), and the members of the department the case was      |
|                        | routed to, if it was                                                          |
| liaison of a logical   | the members of that logical grid (and its children), and the worker of any   |
| grid                   | physical grid: a department may task any grid's worker (一格多员)             |
| admin                  | everyone with a grid or a logical grid                                       |
| leader, worker, citizen| nobody (they do not assign)                                                  |

Inactive people are never offered. The order puts the case's own grid's workers first, then the
members of the unit the case sits with, then the rest by how near their grid is to the case's (the
longest shared grid-code prefix), then by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain import permissions
from commandcenter.domain.permissions import Actor, CaseContext, RoleGrant
from commandcenter.domain.status import Role, Step, UnitKind
from commandcenter.services.actors import case_context, load_actor
from commandcenter.services.errors import NotFound

PlaceKind = Literal["grid", "logical"]

# Within one place, who comes first.
_ROLE_ORDER: Final = {"grid_worker": 0, "leader": 1, "liaison": 2, "member": 3, "logical_member": 4}


@dataclass(frozen=True, slots=True)
class Place:
    """One grid or logical grid a candidate works in, and their role there."""

    kind: PlaceKind
    code: str
    name: str
    role: str  # grid_worker, grid_leader, logical_member (grids); leader, liaison, member (logical)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    name: str
    phone: str | None
    places: tuple[Place, ...]  # the most relevant first
    own_grid: bool  # works in the case's own grid

    @property
    def detail(self) -> str:
        """'grid_worker 东城一网格 (511503001001001)' and so on, for logs and the CLI."""
        return "; ".join(f"{p.role} {p.name} ({p.code})" for p in self.places)

    def matches(self, text: str) -> bool:
        """Case-insensitive: the text is in the name, the phone, or a place's name or code."""
        needle = text.strip().lower()
        if not needle:
            return True
        fields = [self.name, self.phone or ""]
        for p in self.places:
            fields += [p.name, p.code]
        return any(needle in f.lower() for f in fields)


def candidates(
    session: Session,
    case_id: int,
    person: int | str,
    step: Step | str = Step.ASSIGN,
    search: str = "",
) -> list[Candidate]:
    """The people `person` may pick for `step` on the case, most relevant first.

    Raises NotFound for an unknown case or person and PermissionDenied (with the reason) when the
    person may not take the step on this case at all.
    """
    step = Step(step)
    event = session.get(m.Event, case_id)
    if event is None:
        raise NotFound(f"no case with id {case_id}")
    actor = load_actor(session, person)
    ctx = case_context(session, event)
    permissions.check(actor, step, ctx)
    grants = _grants_for(actor, step, ctx)

    grid_cond, logical_cond = _scope_conditions(grants, ctx)
    grid_rows = session.execute(
        select(m.Person.id, m.Person.name, m.Person.phone, m.GridMembership.role, m.Grid.code, m.Grid.name)
        .join(m.GridMembership, m.GridMembership.person_id == m.Person.id)
        .join(m.Grid, m.Grid.id == m.GridMembership.grid_id)
        .where(m.Person.active.is_(True), grid_cond)
    ).all()
    logical_rows = session.execute(
        select(
            m.Person.id,
            m.Person.name,
            m.Person.phone,
            m.LogicalMembership.role,
            m.LogicalGrid.code,
            m.LogicalGrid.name,
        )
        .join(m.LogicalMembership, m.LogicalMembership.person_id == m.Person.id)
        .join(m.LogicalGrid, m.LogicalGrid.id == m.LogicalMembership.logical_grid_id)
        .where(m.Person.active.is_(True), logical_cond)
    ).all()
    places: dict[int, list[Place]] = {}
    people: dict[int, tuple[str, str | None]] = {}
    for kind, rows in (("grid", grid_rows), ("logical", logical_rows)):
        for pid, name, phone, role, code, place_name in rows:
            people[pid] = (name, phone)
            places.setdefault(pid, []).append(Place(kind, code, place_name, role))  # type: ignore[arg-type]

    out = []
    for pid, (name, phone) in people.items():
        ranked = sorted(set(places[pid]), key=lambda p: _place_key(p, ctx))
        own = any(p.kind == "grid" and p.code == ctx.grid_code for p in ranked)
        out.append(Candidate(pid, name, phone, tuple(ranked), own))
    out.sort(key=lambda c: (*_place_key(c.places[0], ctx), c.name, c.id))
    return [c for c in out if c.matches(search)] if search.strip() else out


def _grants_for(actor: Actor, step: Step, ctx: CaseContext) -> list[RoleGrant]:
    """The actor's grants that let them take `step` on this case (the others do not widen the list)."""
    out = []
    for grant in actor.roles:
        for rule in permissions.RULES[grant.role]:
            if step in rule.steps and rule.scope(actor, grant, ctx) is None:
                out.append(grant)
                break
    return out


def reach_terms(
    grants: Iterable[RoleGrant],
) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    """Conditions on (grid memberships, logical memberships), any one enough, for the people the grants
    reach: an operator the staff of the grids under their center, a liaison their department (and
    those below it) and every grid's worker, an administrator everyone. workflow_ops checks a
    chosen assignee by the same terms."""
    grid_terms: list[ColumnElement[bool]] = []
    logical_terms: list[ColumnElement[bool]] = []
    for g in grants:
        if g.role is Role.ADMIN:
            grid_terms.append(true())
            logical_terms.append(true())
        elif g.role is Role.OPERATOR and g.scope_path:
            grid_terms.append(m.Grid.code.startswith(g.scope_path, autoescape=True))
        elif g.role is Role.LIAISON and g.scope_path:
            logical_terms.append(m.LogicalGrid.code.startswith(g.scope_path, autoescape=True))
            grid_terms.append(m.GridMembership.role == Role.GRID_WORKER.value)
    return grid_terms, logical_terms


def _scope_conditions(
    grants: Iterable[RoleGrant], ctx: CaseContext
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """SQL conditions on (grid memberships, logical memberships) for the union of the grants; an
    operator also sees the members of the department the case was routed to."""
    grants = list(grants)
    grid_terms, logical_terms = reach_terms(grants)
    r = ctx.responsible
    if (
        r is not None
        and r.kind is UnitKind.LOGICAL
        and any(g.role is Role.OPERATOR and g.scope_path for g in grants)
    ):
        logical_terms.append(m.LogicalGrid.code == r.code)
    return or_(false(), *grid_terms), or_(false(), *logical_terms)


def _shared_prefix(a: str, b: str | None) -> int:
    if not b:
        return 0
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _place_key(p: Place, ctx: CaseContext) -> tuple[int, int, int, str]:
    """Smaller is nearer: own grid, the unit the case sits with, then grid-code proximity."""
    r = ctx.responsible
    if p.kind == "grid" and p.code == ctx.grid_code:
        tier = 0
    elif r is not None and (
        (p.kind == "logical" and r.kind is UnitKind.LOGICAL and p.code.startswith(r.code))
        or (p.kind == "grid" and r.kind is not UnitKind.LOGICAL and p.code.startswith(r.code))
    ):
        tier = 1
    else:
        tier = 2
    near = -_shared_prefix(p.code, ctx.grid_code) if p.kind == "grid" else 0
    return tier, near, _ROLE_ORDER.get(p.role, 9), p.code
