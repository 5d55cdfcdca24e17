"""Create and manage the PostgreSQL logins people sign in with (`commandcenter users ...`).

A login is a PostgreSQL role with LOGIN whose name is stored in people.login; it is a member of the
group role of every kind of grant the person holds (role_grants.role -> cc_operator, cc_liaison,
cc_leader, cc_admin, cc_field; see migration 0005). Row scope comes from role_grants, so granting a
role here writes both: the role_grants row and the group membership.

Passwords are never stored by the app: the SCRAM-SHA-256 verifier is computed on the client (libpq's
PQencryptPasswordConn), so neither the password nor anything replayable reaches the server's logs.

The work is done by SECURITY DEFINER functions of migration 0005 (cc_admin_create_login,
cc_admin_set_password, cc_admin_set_enabled, cc_admin_sync_groups), so these functions run on the
app's owner connection or on an administrator's own login alike (the admin panel); the database
checks the caller. On SQLite they raise `LoginsUnavailable`: logins exist only on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from commandcenter.domain.errors import DomainError

GROUP_ROLES: Final[dict[str, str]] = {
    "operator": "cc_operator",
    "liaison": "cc_liaison",
    "leader": "cc_leader",
    "admin": "cc_admin",
    "grid_worker": "cc_field",
}
# Which scope a role's grant must name (domain.permissions): grid node, logical grid, or none.
SCOPE_KIND: Final[dict[str, str | None]] = {
    "operator": "grid",
    "liaison": "logical",
    "leader": None,
    "admin": None,
    "grid_worker": "grid",
}
LOGIN_PATTERN: Final = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class LoginError(DomainError):
    """A login operation was refused; the message says why."""


class LoginsUnavailable(LoginError):
    def __init__(self) -> None:
        super().__init__(
            "logins exist only on PostgreSQL: the embedded SQLite database is a single-user demo "
            "where no security is enforced (sign-in there only picks a person)"
        )


@dataclass(frozen=True)
class LoginInfo:
    login: str
    person_code: str
    name: str
    active: bool
    can_login: bool | None  # None: no such role on the server
    roles: tuple[str, ...]  # 'liaison of LG02', 'leader', ...
    groups: tuple[str, ...]


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise LoginsUnavailable()


def _check_login(login: str) -> None:
    if not LOGIN_PATTERN.match(login):
        raise LoginError(
            f"{login!r} is not a valid login: use lower-case letters, digits and _ (at most 63, "
            "not starting with a digit)"
        )
    if login.startswith("cc_") or login.startswith("pg_") or login == "postgres":
        raise LoginError(f"{login!r} is reserved")


def _verifier(conn: Connection, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, computed here with libpq."""
    if not password:
        raise LoginError("the password must not be empty")
    raw: Any = conn.connection.dbapi_connection
    pgconn = raw.pgconn
    return pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()


def _person_by_login(conn: Connection, login: str) -> Any:
    row = conn.execute(
        text("SELECT id, code, name, login, active FROM people WHERE login = :l"), {"l": login}
    ).first()
    if row is None:
        raise LoginError(f"no person has the login {login!r} (see `commandcenter users list`)")
    return row


@contextmanager
def _admin(engine: Engine) -> Iterator[Connection]:
    """A transaction whose database refusals become LoginError with the server's message."""
    _require_postgres(engine)
    try:
        with engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        message = str(exc.orig or exc).strip().splitlines()[0]
        raise LoginError(message) from None


def _sync_groups(conn: Connection, login: str) -> list[str]:
    """Make the login a member of exactly the group roles of the person's grants."""
    return list(conn.scalar(text("SELECT cc_admin_sync_groups(:l)"), {"l": login}) or [])


def create_login(engine: Engine, login: str, person_code: str, password: str) -> list[str]:
    """Create the login role for a person, link it, and grant the groups of their roles."""
    _require_postgres(engine)
    _check_login(login)
    with _admin(engine) as conn:
        verifier = _verifier(conn, login, password)
        groups = conn.scalar(
            text("SELECT cc_admin_create_login(:l, :c, :v)"), {"l": login, "c": person_code, "v": verifier}
        )
        return list(groups or [])


def set_password(engine: Engine, login: str, password: str) -> None:
    with _admin(engine) as conn:
        conn.execute(
            text("SELECT cc_admin_set_password(:l, :v)"), {"l": login, "v": _verifier(conn, login, password)}
        )


def disable_login(engine: Engine, login: str) -> int:
    """NOLOGIN, person inactive, and end the login's open sessions; returns how many were ended."""
    with _admin(engine) as conn:
        return int(conn.scalar(text("SELECT cc_admin_set_enabled(:l, false)"), {"l": login}) or 0)


def enable_login(engine: Engine, login: str) -> None:
    with _admin(engine) as conn:
        conn.scalar(text("SELECT cc_admin_set_enabled(:l, true)"), {"l": login})


def _scope_ids(
    conn: Connection, role: str, grid: str | None, logical: str | None
) -> tuple[int | None, int | None]:
    if role not in GROUP_ROLES:
        raise LoginError(f"unknown role {role!r}: one of {', '.join(GROUP_ROLES)} (citizens get no login)")
    kind = SCOPE_KIND[role]
    if grid and logical:
        raise LoginError("give --grid or --logical, not both")
    if kind == "grid" and not grid:
        raise LoginError(f"a {role} grant needs --grid CODE (the center's or the worker's grid)")
    if kind == "logical" and not logical:
        raise LoginError(f"a {role} grant needs --logical CODE (the department's logical grid)")
    if kind is None and (grid or logical):
        raise LoginError(f"a {role} grant covers the whole district: no --grid or --logical")
    if grid:
        gid = conn.scalar(text("SELECT id FROM grids WHERE code = :c"), {"c": grid})
        if gid is None:
            raise LoginError(f"no grid with code {grid!r}")
        return gid, None
    if logical:
        lid = conn.scalar(text("SELECT id FROM logical_grids WHERE code = :c"), {"c": logical})
        if lid is None:
            raise LoginError(f"no logical grid with code {logical!r}")
        return None, lid
    return None, None


def grant_role(
    engine: Engine, login: str, role: str, *, grid: str | None = None, logical: str | None = None
) -> bool:
    """Give the person a role (role_grants row + group membership); False if they held it already."""
    with _admin(engine) as conn:
        person = _person_by_login(conn, login)
        gid, lid = _scope_ids(conn, role, grid, logical)
        added = conn.execute(
            text(
                "INSERT INTO role_grants (person_id, role, grid_id, logical_grid_id) "
                "SELECT CAST(:p AS integer), CAST(:r AS varchar), CAST(:g AS integer), CAST(:l AS integer) "
                "WHERE NOT EXISTS (SELECT 1 FROM role_grants WHERE person_id = CAST(:p AS integer) "
                "AND role = CAST(:r AS varchar) AND grid_id IS NOT DISTINCT FROM CAST(:g AS integer) "
                "AND logical_grid_id IS NOT DISTINCT FROM CAST(:l AS integer))"
            ),
            {"p": person.id, "r": role, "g": gid, "l": lid},
        ).rowcount
        _sync_groups(conn, login)
        return bool(added)


def revoke_role(
    engine: Engine, login: str, role: str, *, grid: str | None = None, logical: str | None = None
) -> bool:
    """Take a role away (the role_grants row; the group too when no grant of that role is left)."""
    with _admin(engine) as conn:
        person = _person_by_login(conn, login)
        gid, lid = _scope_ids(conn, role, grid, logical)
        removed = conn.execute(
            text(
                "DELETE FROM role_grants WHERE person_id = :p AND role = :r "
                "AND grid_id IS NOT DISTINCT FROM CAST(:g AS integer) "
                "AND logical_grid_id IS NOT DISTINCT FROM CAST(:l AS integer)"
            ),
            {"p": person.id, "r": role, "g": gid, "l": lid},
        ).rowcount
        _sync_groups(conn, login)
        return bool(removed)


def list_logins(engine: Engine) -> list[LoginInfo]:
    _require_postgres(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                """
                SELECT p.login, p.code, p.name, p.active, r.rolcanlogin,
                       coalesce((SELECT array_agg(g.role || coalesce(' of ' || gr.code, ' of ' || lg.code, '')
                                                  ORDER BY g.role, gr.code, lg.code)
                                 FROM role_grants g
                                 LEFT JOIN grids gr ON gr.id = g.grid_id
                                 LEFT JOIN logical_grids lg ON lg.id = g.logical_grid_id
                                 WHERE g.person_id = p.id), '{}') AS roles,
                       coalesce((SELECT array_agg(b.rolname ORDER BY b.rolname)
                                 FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid
                                 WHERE m.member = r.oid AND b.rolname LIKE 'cc\\_%'), '{}') AS groups
                FROM people p LEFT JOIN pg_roles r ON r.rolname = p.login
                WHERE p.login IS NOT NULL
                ORDER BY p.login
                """
            )
        ).all()
    return [
        LoginInfo(
            row.login, row.code, row.name, row.active, row.rolcanlogin, tuple(row.roles), tuple(row.groups)
        )
        for row in rows
    ]
