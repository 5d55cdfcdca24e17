"""The editors' Save: create or change in one transaction made of the other operations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Person
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.admin.categories import (
    CategoryInfo,
    create_category,
    set_category_limits,
    update_category,
)
from commandcenter.services.admin.common import AdminInputError
from commandcenter.services.admin.coverage import set_coverage
from commandcenter.services.admin.logical_grids import (
    LogicalGridInfo,
    create_logical_grid,
    update_logical_grid,
)


def save_category(
    session: Session,
    actor: int | str,
    category_id: int | None,
    fields: Mapping[str, Any],
    limits: Mapping[str, tuple[float, str] | None],
) -> CategoryInfo:
    """Create (id None) or change a category and its time limits: one transaction."""
    with _acting_as(session, actor):
        if category_id is None:
            made = create_category(session, actor, fields, {k: v for k, v in limits.items() if v is not None})
            return made
        update_category(session, actor, category_id, fields)
        return set_category_limits(session, actor, category_id, limits)


def save_logical_grid(
    session: Session,
    actor: int | str,
    logical_id: int | None,
    *,
    code: str,
    name: str,
    kind: str,
    parent_code: str | None,
    leader_code: str | None,
    description: str | None,
    covers_all: bool,
    grid_codes: Sequence[str] = (),
    expected_version: int | None = None,
) -> LogicalGridInfo:
    """Create (id None) or change a logical grid with its leader (a person's code) and coverage:
    one transaction."""
    with _acting_as(session, actor):
        leader_id = None
        if (leader_code or "").strip():
            leader_id = session.scalar(select(Person.id).where(Person.code == leader_code.strip()))  # type: ignore[union-attr]
            if leader_id is None:
                raise AdminInputError("leader", f"no person with code {leader_code.strip()!r}")  # type: ignore[union-attr]
        if logical_id is None:
            info = create_logical_grid(
                session,
                actor,
                code=code,
                name=name,
                kind=kind,
                parent_code=parent_code,
                leader_id=leader_id,
                covers_all=covers_all,
                description=description,
            )
        else:
            info = update_logical_grid(
                session,
                actor,
                logical_id,
                code=code,
                name=name,
                kind=kind,
                parent_code=parent_code,
                leader_id=leader_id,
                description=description,
                expected_version=expected_version,
            )
        return set_coverage(session, actor, info.id, covers_all=covers_all, grid_codes=grid_codes)
