"""Logical grids (departments): reading, creating and changing them; the physical grids for pickers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid, LogicalGrid, LogicalGridCoverage, LogicalMembership, Person
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.admin.common import _KIND, KEEP, AdminInputError, _Keep, _logical, _pattern, _text
from commandcenter.services.errors import NotFound

_LOGICAL_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")


@dataclass(frozen=True)
class LogicalGridInfo:
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    leader_id: int | None
    leader_code: str | None
    leader_name: str | None
    covers_all: bool
    description: str | None
    version: int
    covered: tuple[str, ...]  # grid codes (empty when covers_all)
    members: int


@dataclass(frozen=True)
class GridNode:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


def list_grids(session: Session) -> list[GridNode]:
    """Every physical grid as a tree node (for pickers); every login may read grids."""
    return [
        GridNode(*row)
        for row in session.execute(
            select(Grid.id, Grid.code, Grid.name, Grid.level, Grid.parent_id).order_by(Grid.code)
        )
    ]


def _lg_info(session: Session, lg: LogicalGrid) -> LogicalGridInfo:
    parent = session.get(LogicalGrid, lg.parent_id) if lg.parent_id else None
    leader = session.get(Person, lg.leader_id) if lg.leader_id else None
    covered = session.scalars(
        select(Grid.code)
        .join(LogicalGridCoverage, LogicalGridCoverage.grid_id == Grid.id)
        .where(LogicalGridCoverage.logical_grid_id == lg.id)
        .order_by(Grid.code)
    ).all()
    members = session.scalar(
        select(func.count(func.distinct(LogicalMembership.person_id))).where(
            LogicalMembership.logical_grid_id == lg.id
        )
    )
    return LogicalGridInfo(
        lg.id,
        lg.code,
        lg.name,
        lg.kind,
        parent.code if parent else None,
        lg.leader_id,
        leader.code if leader else None,
        leader.name if leader else None,
        bool(lg.covers_all),
        lg.description,
        lg.version,
        tuple(covered),
        int(members or 0),
    )


def list_logical_grids(session: Session, actor: int | str) -> list[LogicalGridInfo]:
    with _acting_as(session, actor, write=False):
        return [
            _lg_info(session, lg) for lg in session.scalars(select(LogicalGrid).order_by(LogicalGrid.code))
        ]


def _leader(session: Session, leader_id: int | None) -> int | None:
    if leader_id is None:
        return None
    person = session.get(Person, leader_id)
    if person is None:
        raise AdminInputError("leader", f"no person with id {leader_id}")
    if not person.active:
        raise AdminInputError("leader", f"{person.name} ({person.code}) is not active")
    return person.id


def _logical_grid(session: Session, logical_id: int) -> LogicalGrid:
    lg = session.get(LogicalGrid, logical_id)
    if lg is None:
        raise NotFound(f"no logical grid with id {logical_id}")
    return lg


def _logical_code(code: str) -> str:
    return _pattern("code", code, _LOGICAL_CODE, "upper-case letters and digits, starting with a letter")


def _refuse_taken(session: Session, code: str) -> None:
    if session.scalar(select(LogicalGrid.id).where(LogicalGrid.code == code)) is not None:
        raise AdminInputError("code", f"a logical grid with code {code!r} exists already")


def _check_code_under(code: str, parent: LogicalGrid | None) -> None:
    # Liaisons' scopes are matched by code prefix (migration 0005, domain.permissions): a child's
    # code must extend its parent's, or the parent's liaisons would not see the child's cases.
    if parent is not None and (not code.startswith(parent.code) or code == parent.code):
        raise AdminInputError(
            "code",
            f"{code!r} must start with its parent's code {parent.code!r} and be longer (e.g. {parent.code}01)",
        )


def create_logical_grid(
    session: Session,
    actor: int | str,
    *,
    code: str,
    name: str,
    kind: str,
    parent_code: str | None = None,
    leader_id: int | None = None,
    covers_all: bool = True,
    description: str | None = None,
) -> LogicalGridInfo:
    with _acting_as(session, actor):
        code = _logical_code(code)
        _refuse_taken(session, code)
        parent = _logical(session, "parent", parent_code) if parent_code else None
        _check_code_under(code, parent)
        lg = LogicalGrid(
            code=code,
            name=_text("name", name, 100) or "",
            kind=_pattern("kind", kind, _KIND, "lower-case letters, digits and _ (e.g. court_enforcement)"),
            parent_id=parent.id if parent else None,
            leader_id=_leader(session, leader_id),
            covers_all=covers_all,
            description=_text("description", description, 2000, required=False),
        )
        session.add(lg)
        session.flush()
        return _lg_info(session, lg)


def update_logical_grid(
    session: Session,
    actor: int | str,
    logical_id: int,
    *,
    code: str | _Keep = KEEP,
    name: str | _Keep = KEEP,
    kind: str | _Keep = KEEP,
    parent_code: str | _Keep | None = KEEP,
    leader_id: int | _Keep | None = KEEP,
    description: str | _Keep | None = KEEP,
    expected_version: int | None = None,
) -> LogicalGridInfo:
    """Rename, move under another parent, change the leader...; `expected_version` guards against
    overwriting someone else's change (the row's version column)."""
    # no_autoflush: the checks' queries must not flush half of the change (one change, one UPDATE)
    with _acting_as(session, actor), session.no_autoflush:
        lg = _logical_grid(session, logical_id)
        if expected_version is not None and lg.version != expected_version:
            raise AdminInputError(
                "version",
                f"{lg.name} ({lg.code}) was changed by someone else (version {lg.version}, you saw "
                f"{expected_version}); nothing was saved, look again",
            )
        new_code = lg.code
        if not isinstance(code, _Keep):
            new_code = _logical_code(code)
            if new_code != lg.code:
                _refuse_taken(session, new_code)
                if session.scalar(select(LogicalGrid.id).where(LogicalGrid.parent_id == lg.id)) is not None:
                    raise AdminInputError(
                        "code", f"{lg.code} has child logical grids: their codes start with it"
                    )
        parent = session.get(LogicalGrid, lg.parent_id) if lg.parent_id else None
        if not isinstance(parent_code, _Keep):
            parent = _logical(session, "parent", parent_code) if parent_code else None
            if parent is not None and (parent.id == lg.id or parent.code.startswith(lg.code)):
                raise AdminInputError(
                    "parent", f"{parent.code} lies under {lg.code}: a grid cannot be its own parent"
                )
        _check_code_under(new_code, parent)
        lg.code = new_code
        lg.parent_id = parent.id if parent else None
        if not isinstance(name, _Keep):
            lg.name = _text("name", name, 100) or ""
        if not isinstance(kind, _Keep):
            lg.kind = _pattern("kind", kind, _KIND, "lower-case letters, digits and _")
        if not isinstance(leader_id, _Keep):
            lg.leader_id = _leader(session, leader_id)
        if not isinstance(description, _Keep):
            lg.description = _text("description", description, 2000, required=False)
        session.flush()
        return _lg_info(session, lg)
