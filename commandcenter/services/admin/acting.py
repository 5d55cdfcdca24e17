"""Who acts: only an active administrator, one transaction at a time, named on the audit trail.

Every administrative function takes the Session and the acting person (id or code), checks that the
person is an active administrator (`require_admin`), and runs as one transaction
(`engine.unit_of_work`: its own, or the caller's explicit one); a non-administrator gets
`PermissionDenied`.

Every change lands on the administration trail (`admin_audit`, migration 0009) through database
triggers; `_acting_as` tells them who acts when the connection itself cannot (the owner connection
on PostgreSQL, the single-user SQLite demo). On PostgreSQL an administrator's own login is the actor
the triggers see, whatever the app says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from commandcenter.domain.errors import DomainError
from commandcenter.domain.permissions import Actor, PermissionDenied
from commandcenter.domain.status import Role
from commandcenter.services.actors import load_actor
from commandcenter.services.engine import unit_of_work

_WHAT = "change people, roles, categories and logical grids"


def is_admin(actor: Actor) -> bool:
    return any(g.role is Role.ADMIN for g in actor.roles)


def require_admin(actor: Actor, what: str = _WHAT) -> None:
    """PermissionDenied unless an administrator; `what` says what only administrators do."""
    if not is_admin(actor):
        raise PermissionDenied(f"{actor.label} is not an administrator: only administrators {what}")


def may_administer(session: Session, person: int | str) -> bool:
    """For enabling the menu entry: is this person an active administrator? (never raises)"""
    try:
        return is_admin(load_actor(session, person))
    except DomainError:
        return False


@contextmanager
def _acting_as(
    session: Session, person: int | str, *, write: bool = True, what: str = _WHAT
) -> Iterator[Actor]:
    """One transaction as an administrator, with the audit triggers told who acts (`write`).

    Re-entrant: an operation made of others (save_category, save_logical_grid) runs them inside its
    own transaction, claimed once. Also for the other audited tables' editors (reply templates)."""
    with unit_of_work(session):
        actor = load_actor(session, person)
        require_admin(actor, what)
        if not write or session.info.get("cc_acting_as") == actor.person_id:
            yield actor
            return
        session.info["cc_acting_as"] = actor.person_id
        try:
            yield from _claimed(session, actor)
        finally:
            session.info.pop("cc_acting_as", None)


def _claimed(session: Session, actor: Actor) -> Iterator[Actor]:
    if _postgres(session):
        # Believed by the trigger only on a privileged (owner) connection; see migration 0009.
        session.execute(text("SELECT set_config('cc.actor', :p, true)"), {"p": str(actor.person_id)})
        yield actor
        session.flush()
        return
    session.execute(
        text("INSERT OR REPLACE INTO cc_audit_actor (id, person_id) VALUES (1, :p)"), {"p": actor.person_id}
    )
    yield actor
    session.flush()
    session.execute(text("DELETE FROM cc_audit_actor"))


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
