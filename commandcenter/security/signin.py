"""Signing in with a personal PostgreSQL login: connect, find the person, explain refusals clearly.

`sign_in(url, login, password)` opens an engine on `url` as `login` and returns who that is; every
way it can fail becomes a `SignInError` whose message can be shown as it is (wrong password, disabled
login, unknown login, a login not linked to an active person, server unreachable). TLS follows the
URL's sslmode (libpq's default `prefer` uses TLS whenever the server offers it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from commandcenter.db.engine import make_engine
from commandcenter.domain.errors import DomainError


class SignInError(DomainError):
    """Signing in failed; the message says why and what to do."""


@dataclass(frozen=True)
class SignedIn:
    engine: Engine
    login: str
    person_id: int
    person_code: str
    name: str
    roles: tuple[str, ...]


def explain(exc: BaseException, login: str) -> str:
    """A person-readable reason for a failed connection or a refused statement."""
    message = str(getattr(exc, "orig", None) or exc)
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"wrong user name or password for {login!r}"
    if "not permitted to log in" in lowered:
        return f"the login {login!r} is disabled; ask an administrator to enable it"
    if "does not exist" in lowered and "role" in lowered:
        return f"there is no login {login!r}"
    if "terminating connection due to administrator command" in lowered:
        return "the session was ended by the server (the login may have been disabled); sign in again"
    if "permission denied" in lowered or "row-level security" in lowered:
        return f"the database refused: {message.splitlines()[0]}"
    if "connection refused" in lowered or "could not connect" in lowered or "timeout" in lowered:
        return f"cannot reach the database server: {message.splitlines()[0]}"
    return message.splitlines()[0] if message else type(exc).__name__


def sign_in(url: str, login: str, password: str, *, connect_timeout: int = 10) -> SignedIn:
    """Connect to `url` (a PostgreSQL URL; its user and password are replaced) as `login`."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise SignInError(
            "personal logins exist only on PostgreSQL; the embedded SQLite database is a single-user "
            "demo where sign-in only picks a person and no security is enforced"
        )
    target = parsed.set(username=login, password=password)
    query = dict(target.query)
    query.setdefault("connect_timeout", str(connect_timeout))
    engine = make_engine(target.set(query=query).render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            person = conn.execute(
                text("SELECT id, code, name FROM people WHERE id = cc_current_person()")
            ).first()
            if person is None:
                raise SignInError(
                    f"the login {login!r} is not linked to an active person; ask an administrator"
                )
            roles = tuple(
                r
                for (r,) in conn.execute(
                    text("SELECT DISTINCT role FROM role_grants WHERE person_id = :p ORDER BY role"),
                    {"p": person.id},
                )
            )
    except SignInError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise SignInError(explain(exc, login)) from None
    return SignedIn(engine, login, person.id, person.code, person.name, roles)
