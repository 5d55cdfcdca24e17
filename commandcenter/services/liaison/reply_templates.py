"""Reply templates per category (`reply_templates`, migration 0008): read by everyone, written only by
administrators (`save_template`, `set_template_active` act through `admin.acting`, which checks the
actor and names them on the audit trail; on PostgreSQL the grants of 0008 check it again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.domain.errors import DomainError
from commandcenter.services import workflow_ops as ops
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.engine import utcnow
from commandcenter.services.errors import NotFound
from commandcenter.services.liaison.common import TITLE_MAX, PersonRef


class TemplateError(DomainError, ValueError):
    """A reply template that cannot be saved as given (empty title or body, too long)."""


class TemplateConflict(DomainError):
    """Someone else saved the template since the editor read it; nothing was saved."""


@dataclass(frozen=True)
class TemplateRow:
    id: int
    category_id: int | None
    category: str | None  # the category's name; None = every category
    title: str
    body: str
    active: bool
    version: int
    updated_by: str | None
    updated_at: datetime


def templates(
    session: Session,
    category: int | str | None = None,
    include_inactive: bool = False,
    ids: Sequence[int] = (),
) -> list[TemplateRow]:
    """Reply templates: of `category` plus those for every category (all, without a category)."""
    t, c, p = m.ReplyTemplate, m.Category, m.Person
    stmt = (
        select(t.id, t.category_id, c.name, t.title, t.body, t.active, t.version, p.name, t.updated_at)
        .outerjoin(c, c.id == t.category_id)
        .outerjoin(p, p.id == t.updated_by)
    )
    if category is not None:
        cat = ops.find_category(session, category)
        stmt = stmt.where(or_(t.category_id == cat.id, t.category_id.is_(None)))
    if not include_inactive:
        stmt = stmt.where(t.active.is_(True))
    if ids:
        stmt = stmt.where(t.id.in_(list(ids)))
    # Those of the category before the general ones, then by title.
    stmt = stmt.order_by(t.category_id.is_(None), c.code, t.title, t.id)
    return [TemplateRow(*r) for r in session.execute(stmt)]


def save_template(
    session: Session,
    actor: PersonRef,
    *,
    template_id: int | None = None,
    expected_version: int | None = None,
    category: int | str | None,
    title: str,
    body: str,
    active: bool = True,
    now: datetime | None = None,
) -> TemplateRow:
    """Create (no template_id) or change a reply template; administrators only, one transaction."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise TemplateError("a reply template needs a title")
    if len(title) > TITLE_MAX:
        raise TemplateError(f"the template title is {len(title)} characters long; at most {TITLE_MAX}")
    if not body:
        raise TemplateError(f"the reply template {title!r} has no text")
    now = now or utcnow()
    # As an administrator, named on the audit trail (reply_templates is audited, migration 0009).
    with _acting_as(session, actor, what="edit reply templates") as who:
        category_id = None if category is None else ops.find_category(session, category).id
        values = {
            "category_id": category_id,
            "title": title,
            "body": body,
            "active": active,
            "updated_by": int(who.person_id),
            "updated_at": now,
        }
        if template_id is None:
            tid = session.scalar(
                m.ReplyTemplate.__table__.insert()
                .values(**values, version=1)
                .returning(m.ReplyTemplate.__table__.c.id)
            )
            assert tid is not None
        else:
            tid = template_id
            _update_template(session, tid, expected_version, values)
    return _template(session, tid)


def set_template_active(
    session: Session,
    actor: PersonRef,
    template_id: int,
    active: bool,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> TemplateRow:
    """Retire (or bring back) a template: retired ones are no longer offered; nothing is deleted."""
    # As an administrator, named on the audit trail (reply_templates is audited, migration 0009).
    with _acting_as(session, actor, what="edit reply templates") as who:
        values = {"active": active, "updated_by": int(who.person_id), "updated_at": now or utcnow()}
        _update_template(session, template_id, expected_version, values)
    return _template(session, template_id)


def _update_template(session: Session, tid: int, expected: int | None, values: dict[str, Any]) -> None:
    t = m.ReplyTemplate.__table__
    current = session.execute(select(t.c.version, t.c.title).where(t.c.id == tid)).first()
    if current is None:
        raise NotFound(f"no reply template {tid}")
    seen = current[0] if expected is None else expected
    done = session.execute(
        t.update().where(t.c.id == tid, t.c.version == seen).values(**values, version=seen + 1)
    )
    if done.rowcount != 1:
        raise TemplateConflict(
            f"the reply template {current[1]!r} was changed by someone else (you saw version {seen}, it is now "
            f"{current[0]}). Nothing was saved; open it again."
        )


def _template(session: Session, tid: int) -> TemplateRow:
    found = templates(session, include_inactive=True, ids=[tid])
    if not found:
        raise NotFound(f"no reply template {tid}")
    return found[0]
