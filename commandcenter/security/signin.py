"""Signing in with a personal PostgreSQL login: connect, find the person, explain refusals clearly.

`sign_in(url, login, password)` opens an engine on `url` as `login` and returns who that is; every
way it can fail becomes a `SignInError` whose message can be shown as it is (wrong password, disabled
login, unknown login, a login not linked to an active person, server unreachable) and whose `kind`
lets a window show the same reason in its own language. TLS follows the URL's sslmode (libpq's
default `prefer` uses TLS whenever the server offers it).

While the app is open, `session_problem(signed)` checks the session the way a new sign-in would (a
fresh connection, so a changed password or a disabled login shows at once, while pooled connections
may still be alive) and compares the person and roles with those signed in with.

Remembered passwords live only in the system keyring (`keyring` package), and only when the person
asks; `keyring_unavailable()` says why remembering is impossible on this machine.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from commandcenter.db.engine import make_engine
from commandcenter.domain.errors import DomainError

# Why a sign-in or a running session failed; the GUI words each kind in the interface language.
KINDS: Final = (
    "password",  # wrong user name or password (also: the password was changed or has expired)
    "disabled",  # the login may not log in (an administrator disabled it)
    "unknown",  # no such login (servers that trust the client say so; password servers do not)
    "unlinked",  # the login is not linked to an active person
    "terminated",  # the server ended the session (an administrator disabled the login)
    "revoked",  # a role the session was signed in with is gone
    "permission",  # the database refused a statement
    "unreachable",  # the server cannot be reached
    "tls",  # TLS as the URL's sslmode asks for is not to be had (no TLS on the server, a bad certificate)
    "schema",  # the database's schema is older than this app
    "other",
)
# Kinds that end a running session (the person must sign in again to go on).
SESSION_ENDING: Final = frozenset(
    {"password", "disabled", "unknown", "unlinked", "terminated", "revoked", "permission", "unreachable"}
)


class SignInError(DomainError):
    """Signing in failed; the message says why and what to do; `kind` is one of KINDS."""

    def __init__(self, message: str, kind: str = "other", detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class SignedIn:
    engine: Engine
    login: str
    person_id: int
    person_code: str
    name: str
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        """The engine's URL with its password, for the app's other connections (kept in memory only)."""
        return self.engine.url.render_as_string(hide_password=False)


def _first_line(exc: BaseException | str) -> str:
    message = exc if isinstance(exc, str) else str(getattr(exc, "orig", None) or exc)
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else (type(exc).__name__ if not isinstance(exc, str) else "")


def classify(exc: BaseException | str) -> str:
    """The kind (see KINDS) of a failed connection or a refused statement."""
    message = exc if isinstance(exc, str) else str(getattr(exc, "orig", None) or exc)
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return "password"
    if "not permitted to log in" in lowered:
        return "disabled"
    if "does not exist" in lowered and "role" in lowered:
        return "unknown"
    if "terminating connection due to administrator command" in lowered:
        return "terminated"
    if "permission denied" in lowered or "row-level security" in lowered:
        return "permission"
    if any(s in lowered for s in ("does not support ssl", "ssl was required", "certificate", "sslmode")):
        return "tls"
    if any(
        s in lowered
        for s in (
            "connection refused",
            "could not connect",
            "timeout",
            "server closed the connection",
            "connection is closed",
            "the connection is lost",
            "could not translate host name",
            "no route to host",
        )
    ):
        return "unreachable"
    return "other"


def explain(exc: BaseException, login: str) -> str:
    """A person-readable reason for a failed connection or a refused statement."""
    kind = classify(exc)
    line = _first_line(exc)
    return {
        "password": f"wrong user name or password for {login!r}",
        "disabled": f"the login {login!r} is disabled; ask an administrator to enable it",
        "unknown": f"there is no login {login!r}",
        "terminated": "the session was ended by the server (the login may have been disabled); sign in again",
        "permission": f"the database refused: {line}",
        "unreachable": f"cannot reach the database server: {line}",
        "tls": f"no secure (TLS) connection as the URL's sslmode asks: {line}",
    }.get(kind, line)


def _target(url: str, login: str, password: str, connect_timeout: int) -> URL:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise SignInError(
            "personal logins exist only on PostgreSQL; the embedded SQLite database is a single-user "
            "demo where sign-in only picks a person and no security is enforced"
        )
    target = parsed.set(username=login, password=password)
    query = dict(target.query)
    query.setdefault("connect_timeout", str(connect_timeout))
    return target.set(query=query)


def sign_in(url: str, login: str, password: str, *, connect_timeout: int = 10) -> SignedIn:
    """Connect to `url` (a PostgreSQL URL; its user and password are replaced) as `login`."""
    if not login.strip():
        raise SignInError("give your user name", "unknown")
    engine = make_engine(_target(url, login, password, connect_timeout).render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            person = conn.execute(
                text("SELECT id, code, name FROM people WHERE id = cc_current_person()")
            ).first()
            if person is None:
                raise SignInError(
                    f"the login {login!r} is not linked to an active person; ask an administrator", "unlinked"
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
        raise SignInError(explain(exc, login), classify(exc), _first_line(exc)) from None
    return SignedIn(engine, login, person.id, person.code, person.name, roles)


def sign_in_ready(url: str, login: str, password: str, *, connect_timeout: int = 10) -> SignedIn:
    """sign_in, then make sure the database's schema is the one this app works with."""
    from commandcenter.db.migrate import is_up_to_date

    signed = sign_in(url, login, password, connect_timeout=connect_timeout)
    try:
        current = is_up_to_date(signed.engine)
    except DBAPIError as exc:
        signed.engine.dispose()
        raise SignInError(explain(exc, login), classify(exc), _first_line(exc)) from None
    if not current:
        signed.engine.dispose()
        raise SignInError(
            "the database's schema is older than this app; ask an administrator to run "
            "`commandcenter db upgrade`",
            "schema",
        )
    return signed


# ------------------------------------------------------------------------------ the running session


@dataclass(frozen=True)
class SessionProblem:
    kind: str  # one of SESSION_ENDING
    message: str  # English, shown as it is by the command line and in logs
    detail: str = ""  # the server's words, or the roles that were revoked


def problem_of(exc: BaseException | str, login: str) -> SessionProblem | None:
    """A statement's failure as a session problem, or None when the session itself is fine."""
    kind = classify(exc)
    if kind not in SESSION_ENDING:
        return None
    if kind == "password":  # it signed in before: so the password changed or expired since
        message = f"the password of {login!r} was changed or has expired; sign in again"
    else:
        message = explain(exc if not isinstance(exc, str) else Exception(exc), login)
    return SessionProblem(kind, message, _first_line(exc))


def session_problem(signed: SignedIn, *, connect_timeout: int = 5) -> SessionProblem | None:
    """Check the signed-in session as a new sign-in would; None when it may go on."""
    url = make_url(signed.url)
    query = dict(url.query)
    query["connect_timeout"] = str(connect_timeout)
    engine = make_engine(url.set(query=query).render_as_string(hide_password=False), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            # Group memberships from the catalogue: readable even when a revoked role took the
            # login's table grants away (role_grants itself may then be refused).
            row = conn.execute(
                text(
                    "SELECT cc_current_person() AS me, ARRAY(SELECT b.rolname::text FROM pg_auth_members m "
                    "JOIN pg_roles b ON b.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                    "WHERE u.rolname = session_user) AS groups"
                )
            ).one()
    except DBAPIError as exc:
        return problem_of(exc, signed.login) or SessionProblem("unreachable", explain(exc, signed.login))
    finally:
        engine.dispose()
    if row.me is None or row.me != signed.person_id:
        return SessionProblem(
            "unlinked", f"the login {signed.login!r} is no longer linked to an active person", signed.login
        )
    from commandcenter.security.logins import GROUP_ROLES

    groups = set(row.groups or ())
    gone = sorted(r for r in signed.roles if r in GROUP_ROLES and GROUP_ROLES[r] not in groups)
    if gone:
        return SessionProblem(
            "revoked",
            f"the role {', '.join(gone)} of {signed.login!r} was revoked; sign in again",
            ", ".join(gone),
        )
    return None


@dataclass(frozen=True)
class Identity:
    """Who the URL's own user is on the server."""

    user: str
    privileged: bool  # superuser, BYPASSRLS, or a member of the database's owner: no row security
    person_id: int | None  # the person whose login this is, if any


def url_identity(url: str, *, connect_timeout: int = 5) -> Identity:
    """Connect with `url` as it is (no password asked) and say who that is; DBAPIError if it cannot."""
    parsed = make_url(url)
    query = dict(parsed.query)
    query.setdefault("connect_timeout", str(connect_timeout))
    engine = make_engine(parsed.set(query=query).render_as_string(hide_password=False), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT session_user::text AS who, (r.rolsuper OR r.rolbypassrls "
                    "OR pg_has_role(session_user, d.datdba, 'MEMBER')) AS privileged, "
                    "to_regclass('people') IS NOT NULL AS has_people "
                    "FROM pg_roles r, pg_database d "
                    "WHERE r.rolname = session_user AND d.datname = current_database()"
                )
            ).one()
            person = None
            if row.has_people:
                person = conn.scalar(text("SELECT id FROM people WHERE login = :l"), {"l": row.who})
    finally:
        engine.dispose()
    return Identity(row.who, bool(row.privileged), person)


# ------------------------------------------------------------------------------ remembered passwords

KEYRING_SERVICE: Final = "commandcenter"


def keyring_user(url: str, login: str) -> str:
    """The keyring entry's name: the login at this server and database."""
    parsed = make_url(url)
    return f"{login}@{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def keyring_unavailable() -> str | None:
    """Why no password can be remembered on this machine; None when a system keyring is there."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "the keyring package is not installed"
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return (
            "no system keyring is available on this computer (GNOME Keyring, KWallet, macOS Keychain "
            "or Windows Credential Manager)"
        )
    return None


def remembered_password(url: str, login: str) -> str | None:
    if keyring_unavailable() is not None or not login:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(url, login))
    except KeyringError:
        return None


def remember_password(url: str, login: str, password: str) -> None:
    """Store the password in the system keyring (only ever called when the person asked)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_user(url, login), password)


def forget_password(url: str, login: str) -> None:
    if keyring_unavailable() is not None or not login:
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):  # nothing was stored
        keyring.delete_password(KEYRING_SERVICE, keyring_user(url, login))
