"""Personal database logins (PostgreSQL only).

They go through the administration functions of migration 0005, the ones `security.logins` calls,
but inside the administrator's transaction (`_acting_as`) so that the audit rows name the acting
administrator even on the owner connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from commandcenter.db.models import Person
from commandcenter.security.logins import LOGIN_PATTERN, LoginError, LoginsUnavailable
from commandcenter.services.admin.acting import _acting_as, _postgres
from commandcenter.services.admin.common import AdminInputError, _person

MIN_PASSWORD: Final = 8


def _login_work(session: Session, actor: int | str) -> Any:
    if not _postgres(session):
        raise LoginsUnavailable()
    return _acting_as(session, actor)


def _verifier(session: Session, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier, computed here by libpq: the password never reaches the server."""
    raw: Any = session.connection().connection.dbapi_connection
    return raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminInputError("password", f"must have at least {MIN_PASSWORD} characters")


@contextmanager
def _database_says() -> Iterator[None]:
    """The database's refusal (a login that exists already, ...) as a LoginError: its first line."""
    try:
        yield
    except DBAPIError as exc:
        raise LoginError(str(exc.orig or exc).strip().splitlines()[0]) from None


def _login_of(person: Person) -> str:
    if not person.login:
        raise AdminInputError("login", f"{person.name} ({person.code}) has no login")
    return person.login


def create_login(session: Session, actor: int | str, person_id: int, login: str, password: str) -> list[str]:
    """Create the person's PostgreSQL login with this password; returns the group roles it got."""
    with _login_work(session, actor):
        person = _person(session, person_id)
        login = (login or "").strip()
        if not LOGIN_PATTERN.match(login) or login.startswith(("cc_", "pg_")) or login == "postgres":
            raise AdminInputError(
                "login",
                f"{login!r} is not valid: lower-case letters, digits and _, not starting with a digit, cc_ or pg_",
            )
        _check_password(password)
        with _database_says():
            groups = session.scalar(
                text("SELECT cc_admin_create_login(:l, :c, :v)"),
                {"l": login, "c": person.code, "v": _verifier(session, login, password)},
            )
        session.expire(person)
        return list(groups or [])


def set_login_enabled(session: Session, actor: int | str, person_id: int, enabled: bool) -> int:
    """Enable or disable the person's login (disabling also deactivates the person and ends their
    open sessions; returns how many were ended)."""
    with _login_work(session, actor) as me:
        person = _person(session, person_id)
        login = _login_of(person)
        if not enabled and person.id == me.person_id:
            raise AdminInputError("login", "you cannot disable your own login")
        with _database_says():
            ended = session.scalar(text("SELECT cc_admin_set_enabled(:l, :e)"), {"l": login, "e": enabled})
        session.expire(person)
        return int(ended or 0)


def set_login_password(session: Session, actor: int | str, person_id: int, password: str) -> None:
    with _login_work(session, actor):
        person = _person(session, person_id)
        login = _login_of(person)
        _check_password(password)
        with _database_says():
            session.execute(
                text("SELECT cc_admin_set_password(:l, :v)"),
                {"l": login, "v": _verifier(session, login, password)},
            )
