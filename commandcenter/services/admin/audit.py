"""Reading the administration trail (`admin_audit`, migration 0009)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from commandcenter.db.models import AdminAudit, Person
from commandcenter.services.admin.acting import _acting_as


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    login: str | None
    table_name: str
    row_key: str
    action: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    @property
    def changed(self) -> tuple[str, ...]:
        """The fields whose value differs between before and after (all of them for insert/delete)."""
        a, b = self.before or {}, self.after or {}
        return tuple(k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k))


def list_audit(
    session: Session,
    actor: int | str,
    *,
    table: str | None = None,
    action: str | None = None,
    actor_id: int | None = None,
    search: str = "",
    since: datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """The newest administration trail rows first; `search` matches the row key or the actor's name."""
    with _acting_as(session, actor, write=False):
        who = aliased(Person)
        query = (
            select(AdminAudit, who.name)
            .outerjoin(who, who.id == AdminAudit.actor_id)
            .order_by(AdminAudit.id.desc())
            .limit(limit)
        )
        if table:
            query = query.where(AdminAudit.table_name == table)
        if action:
            query = query.where(AdminAudit.action == action)
        if actor_id is not None:
            query = query.where(AdminAudit.actor_id == actor_id)
        if since is not None:
            query = query.where(AdminAudit.at >= since)
        if search.strip():
            like = f"%{search.strip()}%"
            query = query.where(
                or_(AdminAudit.row_key.ilike(like), who.name.ilike(like), AdminAudit.login.ilike(like))
            )
        return [
            AuditEntry(
                a.id, a.at, a.actor_id, name, a.login, a.table_name, a.row_key, a.action, a.before, a.after
            )
            for a, name in session.execute(query)
        ]


AUDITED_TABLES: Final = (
    "people",
    "role_grants",
    "grid_memberships",
    "logical_memberships",
    "logical_grids",
    "logical_grid_coverage",
    "categories",
    "category_limits",
    "reply_templates",
    "grids",
    "calendar_days",
    "settings",
)
