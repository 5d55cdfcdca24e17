"""People: listing, reading one with their grants and memberships, creating, changing, deactivating."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session, aliased

from commandcenter.db.models import Grid, GridMembership, LogicalGrid, LogicalMembership, Person, RoleGrant
from commandcenter.services.admin.acting import _acting_as, _postgres
from commandcenter.services.admin.common import KEEP, AdminInputError, _Keep, _pattern, _person, _text
from commandcenter.services.admin.memberships import MembershipInfo
from commandcenter.services.admin.roles import GrantInfo

_PERSON_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{2,30}$")


@dataclass(frozen=True)
class PersonInfo:
    id: int
    code: str
    name: str
    phone: str | None
    login: str | None
    active: bool
    roles: tuple[str, ...]  # distinct role names


@dataclass(frozen=True)
class PersonDetail:
    person: PersonInfo
    grants: tuple[GrantInfo, ...]
    memberships: tuple[MembershipInfo, ...]
    login_enabled: bool | None  # PostgreSQL: can the login sign in; None: no login role (or SQLite)


def _phone(value: str | None) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    if not _PHONE.match(cleaned):
        raise AdminInputError("phone", f"{cleaned!r} is not a phone number (digits, spaces, -, a leading +)")
    return cleaned


def _person_info(session: Session, person: Person) -> PersonInfo:
    roles = session.scalars(
        select(RoleGrant.role).where(RoleGrant.person_id == person.id).distinct().order_by(RoleGrant.role)
    ).all()
    return PersonInfo(
        person.id, person.code, person.name, person.phone, person.login, bool(person.active), tuple(roles)
    )


def list_people(
    session: Session, actor: int | str, search: str = "", include_inactive: bool = True, *, limit: int = 2000
) -> list[PersonInfo]:
    """People whose code, name, phone or login contains `search`, by code."""
    with _acting_as(session, actor, write=False):
        query = select(Person).order_by(Person.code).limit(limit)
        if search.strip():
            like = f"%{search.strip()}%"
            query = query.where(
                or_(
                    Person.code.ilike(like),
                    Person.name.ilike(like),
                    Person.phone.ilike(like),
                    Person.login.ilike(like),
                )
            )
        if not include_inactive:
            query = query.where(Person.active)
        people = session.scalars(query).all()
        roles: dict[int, set[str]] = {}
        ids = [p.id for p in people]
        for pid, role in session.execute(
            select(RoleGrant.person_id, RoleGrant.role).where(RoleGrant.person_id.in_(ids))
        ):
            roles.setdefault(pid, set()).add(role)
        return [
            PersonInfo(
                p.id, p.code, p.name, p.phone, p.login, bool(p.active), tuple(sorted(roles.get(p.id, ())))
            )
            for p in people
        ]


def get_person(session: Session, actor: int | str, person_id: int) -> PersonDetail:
    with _acting_as(session, actor, write=False):
        person = _person(session, person_id)
        g, lg = aliased(Grid), aliased(LogicalGrid)
        grants = tuple(
            GrantInfo(
                gid,
                role,
                "grid" if gcode else ("logical" if lcode else None),
                gcode or lcode,
                gname or lname or "",
            )
            for gid, role, gcode, gname, lcode, lname in session.execute(
                select(RoleGrant.id, RoleGrant.role, g.code, g.name, lg.code, lg.name)
                .outerjoin(g, g.id == RoleGrant.grid_id)
                .outerjoin(lg, lg.id == RoleGrant.logical_grid_id)
                .where(RoleGrant.person_id == person_id)
                .order_by(RoleGrant.role, g.code, lg.code)
            )
        )
        memberships = [
            MembershipInfo(mid, "grid", code, name, role)
            for mid, code, name, role in session.execute(
                select(GridMembership.id, Grid.code, Grid.name, GridMembership.role)
                .join(Grid, Grid.id == GridMembership.grid_id)
                .where(GridMembership.person_id == person_id)
                .order_by(Grid.code)
            )
        ]
        memberships += [
            MembershipInfo(mid, "logical", code, name, role)
            for mid, code, name, role in session.execute(
                select(LogicalMembership.id, LogicalGrid.code, LogicalGrid.name, LogicalMembership.role)
                .join(LogicalGrid, LogicalGrid.id == LogicalMembership.logical_grid_id)
                .where(LogicalMembership.person_id == person_id)
                .order_by(LogicalGrid.code)
            )
        ]
        enabled = None
        if person.login and _postgres(session):
            enabled = session.scalar(
                text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :l"), {"l": person.login}
            )
        return PersonDetail(_person_info(session, person), grants, tuple(memberships), enabled)


def _unused_code(session: Session, code: str, person_id: int | None = None) -> str:
    """The checked code, refused when another person (not `person_id`) has it."""
    code = _pattern("code", code, _PERSON_CODE, "letters, digits, _ and -, at most 32")
    taken = select(Person.id).where(Person.code == code)
    if person_id is not None:
        taken = taken.where(Person.id != person_id)
    if session.scalar(taken) is not None:
        raise AdminInputError("code", f"a person with code {code!r} exists already")
    return code


def create_person(
    session: Session, actor: int | str, *, code: str, name: str, phone: str | None = None
) -> PersonInfo:
    with _acting_as(session, actor):
        code = _unused_code(session, code)
        person = Person(code=code, name=_text("name", name, 64), phone=_phone(phone), active=True)
        session.add(person)
        session.flush()
        return _person_info(session, person)


def update_person(
    session: Session,
    actor: int | str,
    person_id: int,
    *,
    code: str | _Keep = KEEP,
    name: str | _Keep = KEEP,
    phone: str | _Keep | None = KEEP,
) -> PersonInfo:
    with _acting_as(session, actor), session.no_autoflush:
        person = _person(session, person_id)
        if not isinstance(code, _Keep):
            person.code = _unused_code(session, code, person_id)
        if not isinstance(name, _Keep):
            person.name = _text("name", name, 64) or ""
        if not isinstance(phone, _Keep):
            person.phone = _phone(phone)
        session.flush()
        return _person_info(session, person)


def set_person_active(session: Session, actor: int | str, person_id: int, active: bool) -> PersonInfo:
    """Deactivate (or reactivate) a person: an inactive person may not act, and on PostgreSQL their
    login sees nothing (cc_current_person() is NULL for them). Nobody deactivates themselves."""
    with _acting_as(session, actor) as me:
        person = _person(session, person_id)
        if not active and person.id == me.person_id:
            raise AdminInputError("active", "you cannot deactivate yourself (ask another administrator)")
        person.active = active
        session.flush()
        return _person_info(session, person)


def deactivate_person(session: Session, actor: int | str, person_id: int) -> PersonInfo:
    return set_person_active(session, actor, person_id, False)
