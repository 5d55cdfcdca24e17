"""A PostgreSQL cluster of our own with password authentication, a demo database and real logins.

The machine's main cluster trusts every local connection, so passwords cannot be tested there. This
session fixture creates (once, idempotently) the cluster `ccsec` on port 5433 with
`--auth-local=trust --auth-host=scram-sha-256`: the fixture administers it over the Unix socket, the
logins connect over 127.0.0.1 where passwords are checked. It never touches the main cluster's config.
If it cannot be created or started here, the tests fail with the reason (never skip).

Login names carry a per-run tag, so runs never collide on the cluster-wide role names; the database
and the logins are dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

import psycopg
import pytest
from sqlalchemy import Engine, text

from commandcenter.db.engine import make_engine
from commandcenter.db.migrate import upgrade
from commandcenter.security import logins

CLUSTER = "ccsec"
PORT = int(os.environ.get("COMMANDCENTER_TEST_SEC_PORT", "5433"))
SOCKET_DIR = "/var/run/postgresql"
DEMO_NOW_ISO = "2026-11-20T06:00:00+00:00"


def _fail(why: str) -> None:
    pytest.fail(f"security tests need their own password-checking cluster: {why}", pytrace=False)


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _version() -> str:
    base = "/usr/lib/postgresql"
    versions = (
        sorted(os.listdir(base), key=lambda v: [int(x) for x in v.split(".") if x.isdigit()])
        if os.path.isdir(base)
        else []
    )
    if not versions:
        _fail(f"no PostgreSQL server binaries under {base} (run .ci/setup)")
    return versions[-1]


def _cluster_status(version: str) -> str | None:
    out = _run(["pg_lsclusters", "--no-header"]).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] == version and parts[1] == CLUSTER:
            if parts[2] != str(PORT):
                _fail(f"cluster {version}/{CLUSTER} exists on port {parts[2]}, not {PORT}")
            return parts[3]
    return None


def ensure_cluster() -> None:
    """Create the cluster if missing, start it if down; idempotent."""
    for tool in ("pg_lsclusters", "pg_createcluster", "pg_ctlcluster"):
        if shutil.which(tool) is None:
            _fail(f"{tool} is missing (Debian's postgresql-common; run .ci/setup)")
    version = _version()
    status = _cluster_status(version)
    if status is None:
        done = _run(
            [
                "pg_createcluster",
                version,
                CLUSTER,
                "--port",
                str(PORT),
                "--",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ]
        )
        if done.returncode != 0 and _cluster_status(version) is None:
            _fail(f"pg_createcluster failed (needs root or the postgres user): {done.stderr.strip()}")
        status = _cluster_status(version)
    if status != "online":
        done = _run(["pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start"])
        if done.returncode != 0 and _cluster_status(version) != "online":
            _fail(f"pg_ctlcluster start failed: {done.stderr.strip() or done.stdout.strip()}")
    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(host=SOCKET_DIR, port=PORT, user="postgres", dbname="postgres").close()
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                _fail(f"cluster {CLUSTER} does not accept connections on {SOCKET_DIR}:{PORT}: {exc}")
            time.sleep(0.5)


def admin_url(database: str) -> str:
    return f"postgresql+psycopg://postgres@/{database}?host={SOCKET_DIR}&port={PORT}"


def tcp_conninfo(database: str, login: str, password: str) -> str:
    return psycopg.conninfo.make_conninfo(
        host="127.0.0.1", port=PORT, dbname=database, user=login, password=password, connect_timeout=10
    )


@dataclass(frozen=True)
class Login:
    role: str  # who this is in the matrix: operator, liaison, leader, admin, worker, district
    login: str
    password: str
    person_id: int
    person_code: str
    scope: str | None  # the grid or logical grid code of the grant


@dataclass
class SecDb:
    database: str
    owner: Engine  # the app's owner connection (superuser over the socket): bypasses RLS
    tag: str
    logins: dict[str, Login]

    @property
    def owner_url(self) -> str:
        return admin_url(self.database)

    def connect(
        self, who: str, *, password: str | None = None, autocommit: bool = False
    ) -> psycopg.Connection:
        lg = self.logins[who]
        return psycopg.connect(
            tcp_conninfo(self.database, lg.login, lg.password if password is None else password),
            autocommit=autocommit,
        )

    def owner_scalar(self, sql: str, **params: object) -> object:
        with self.owner.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def owner_rows(self, sql: str, **params: object) -> list:
        with self.owner.connect() as conn:
            return list(conn.execute(text(sql), params))


def _pick(owner: Engine) -> dict[str, tuple[int, str, str | None]]:
    """The people of the matrix: (person id, code, scope code)."""
    queries = {
        "operator": "SELECT p.id, p.code, g.code FROM role_grants r JOIN people p ON p.id = r.person_id "
        "JOIN grids g ON g.id = r.grid_id WHERE r.role = 'operator' AND g.level = 'township' "
        "ORDER BY g.code, p.id LIMIT 1",
        "district": "SELECT p.id, p.code, g.code FROM role_grants r JOIN people p ON p.id = r.person_id "
        "JOIN grids g ON g.id = r.grid_id WHERE r.role = 'operator' AND g.level = 'district' "
        "ORDER BY p.id LIMIT 1",
        "liaison": "SELECT p.id, p.code, lg.code FROM role_grants r JOIN people p ON p.id = r.person_id "
        "JOIN logical_grids lg ON lg.id = r.logical_grid_id WHERE r.role = 'liaison' AND lg.code = 'LG02' "
        "AND p.login = 'lg_lg02_liaison'",
        "leader": "SELECT p.id, p.code, NULL FROM people p WHERE p.login = 'leader_1'",
        "admin": "SELECT p.id, p.code, NULL FROM people p WHERE p.login = 'admin_1'",
        # a grid worker holding open cases
        "worker": "SELECT p.id, p.code, g.code FROM role_grants r JOIN people p ON p.id = r.person_id "
        "JOIN grids g ON g.id = r.grid_id WHERE r.role = 'grid_worker' "
        "AND EXISTS (SELECT 1 FROM events e WHERE e.assignee_id = p.id AND e.status = 'assigned') "
        "ORDER BY p.id LIMIT 1",
    }
    out = {}
    with owner.connect() as conn:
        for who, sql in queries.items():
            row = conn.execute(text(sql)).first()
            assert row is not None, f"the small demo has no {who} to test with"
            out[who] = (row[0], row[1], row[2])
    return out


@pytest.fixture(scope="session")
def secdb() -> Iterator[SecDb]:
    ensure_cluster()
    tag = f"t{uuid.uuid4().hex[:6]}"
    database = f"ccsec_{os.getpid()}_{tag}"
    with psycopg.connect(
        host=SOCKET_DIR, port=PORT, user="postgres", dbname="postgres", autocommit=True
    ) as c:
        c.execute(f'CREATE DATABASE "{database}"')
    owner = make_engine(admin_url(database))
    created: list[str] = []
    try:
        upgrade(owner)
        from commandcenter.demo.seed import SMALL, seed_demo

        seed_demo(owner, replace(SMALL, now=datetime.fromisoformat(DEMO_NOW_ISO)))
        picked = _pick(owner)
        people = {}
        with owner.begin() as conn:  # the demo's logins are replaced by tagged ones (unique per run)
            conn.execute(
                text("UPDATE people SET login = NULL WHERE id = ANY(:ids)"),
                {"ids": [p[0] for p in picked.values()]},
            )
        for who, (pid, code, scope) in picked.items():
            login = f"{tag}_{who}"
            password = f"pw-{who}-{uuid.uuid4().hex[:8]}"
            logins.create_login(owner, login, code, password)
            created.append(login)
            people[who] = Login(who, login, password, pid, code, scope)
        yield SecDb(database, owner, tag, people)
    finally:
        owner.dispose()
        with psycopg.connect(
            host=SOCKET_DIR, port=PORT, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for login in created:
                c.execute(f'DROP ROLE IF EXISTS "{login}"')
            for (name,) in c.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{tag}\\_%",)
            ).fetchall():
                c.execute(f'DROP ROLE IF EXISTS "{name}"')
