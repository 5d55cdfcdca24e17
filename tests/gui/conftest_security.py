"""Fixtures for the window's sign-in tests: a demo database on the password-checking cluster `ccsec`.

Imported by tests/gui/test_signin*.py. The cluster itself comes from tests/security/conftest.py
(created and started on port 5433 if missing); this module makes its own database with the small demo
and its own personal logins, so disabling or revoking them here never disturbs the security matrix.
Logins connect over 127.0.0.1, where the cluster checks passwords (scram-sha-256).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

import psycopg
import pytest
from sqlalchemy import Engine, text

from commandcenter.db.engine import make_engine
from commandcenter.db.migrate import upgrade
from commandcenter.security import logins
from tests.security.conftest import DEMO_NOW_ISO, PORT, SOCKET_DIR, admin_url, ensure_cluster

# Who gets a login: liaisons of four departments (one signs in, one is disabled while the window is
# open, one loses its role while the window is open, one is disabled from the start) and one whose
# person is inactive (a login linked to no active person).
PEOPLE = {
    "liaison": "GLG02S",
    "to_disable": "GLG03S",
    "to_revoke": "GLG04S",
    "disabled": "GLG05S",
    "unlinked": "GLG06S",
}


@dataclass(frozen=True)
class GuiLogin:
    login: str
    password: str
    person_id: int
    person_code: str


@dataclass
class GuiSecDb:
    database: str
    owner: Engine
    logins: dict[str, GuiLogin]

    @property
    def owner_url(self) -> str:
        return admin_url(self.database)

    @property
    def url(self) -> str:
        """The URL people sign in to: TCP, so the password is checked (its user is replaced)."""
        return f"postgresql+psycopg://nobody@127.0.0.1:{PORT}/{self.database}"

    def connect(self, who: str) -> psycopg.Connection:
        lg = self.logins[who]
        return psycopg.connect(
            host="127.0.0.1", port=PORT, dbname=self.database, user=lg.login, password=lg.password
        )


@contextmanager
def demo_database(database: str, tag: str) -> Iterator[Engine]:
    """A new database on `ccsec` with the small demo (owner engine); dropped at the end, with every
    login named `tag + "_..."`."""
    with psycopg.connect(
        host=SOCKET_DIR, port=PORT, user="postgres", dbname="postgres", autocommit=True
    ) as c:
        c.execute(f'CREATE DATABASE "{database}"')
    owner = make_engine(admin_url(database))
    try:
        upgrade(owner)
        from commandcenter.demo.seed import SMALL, seed_demo

        seed_demo(owner, replace(SMALL, now=datetime.fromisoformat(DEMO_NOW_ISO)))
        yield owner
    finally:
        owner.dispose()
        with psycopg.connect(
            host=SOCKET_DIR, port=PORT, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for (name,) in c.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{tag}\\_%",)
            ).fetchall():
                c.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def guisec() -> Iterator[GuiSecDb]:
    ensure_cluster()
    tag = f"g{uuid.uuid4().hex[:6]}"
    database = f"ccgui_{os.getpid()}_{tag}"
    with demo_database(database, tag) as owner:
        made: dict[str, GuiLogin] = {}
        with owner.begin() as conn:  # the demo's own login names are cluster-wide: use tagged ones
            conn.execute(
                text("UPDATE people SET login = NULL WHERE code = ANY(:c)"), {"c": list(PEOPLE.values())}
            )
        for who, code in PEOPLE.items():
            login = f"{tag}_{who}"
            password = f"pw-{uuid.uuid4().hex[:10]}"
            logins.create_login(owner, login, code, password)
            with owner.connect() as conn:
                pid = conn.execute(text("SELECT id FROM people WHERE code = :c"), {"c": code}).scalar_one()
            made[who] = GuiLogin(login, password, pid, code)
        logins.disable_login(owner, made["disabled"].login)
        with owner.begin() as conn:
            conn.execute(text("UPDATE people SET active = false WHERE code = :c"), {"c": PEOPLE["unlinked"]})
        yield GuiSecDb(database, owner, made)


# ------------------------------------------------------------------ the liaison's journey (issue 6)


@dataclass
class JourneyDb:
    """A demo database of its own on `ccsec` where only the administrator has a login at the start:
    everyone else (the new liaison, the grid worker) gets theirs from the administrator in the test.
    Logins made in the test must start with `tag + "_"`, so the fixture drops them at the end."""

    database: str
    owner: Engine
    tag: str
    admin: GuiLogin

    @property
    def owner_url(self) -> str:
        return admin_url(self.database)

    @property
    def url(self) -> str:
        """What a person's app is given: the server and database; the dialog asks who signs in."""
        return f"postgresql+psycopg://nobody@127.0.0.1:{PORT}/{self.database}"

    def connect(self, login: str, password: str, **kwargs: object) -> psycopg.Connection:
        """A raw connection with a personal login, checked over TCP: what psql would get."""
        return psycopg.connect(
            host="127.0.0.1", port=PORT, dbname=self.database, user=login, password=password, **kwargs
        )


@pytest.fixture(scope="module")
def journeysec() -> Iterator[JourneyDb]:
    ensure_cluster()
    tag = f"j{uuid.uuid4().hex[:6]}"
    database = f"ccjourney_{os.getpid()}_{tag}"
    with demo_database(database, tag) as owner:
        with owner.begin() as conn:  # the demo's login names are cluster-wide: nobody keeps one here
            conn.execute(text("UPDATE people SET login = NULL WHERE login IS NOT NULL"))
        # The first administrator's login is the one the database's owner makes (as at installation).
        login, password = f"{tag}_admin", f"pw-{uuid.uuid4().hex[:10]}"
        logins.create_login(owner, login, "A001", password)
        with owner.connect() as conn:
            pid = conn.execute(text("SELECT id FROM people WHERE code = 'A001'")).scalar_one()
        yield JourneyDb(database, owner, tag, GuiLogin(login, password, pid, "A001"))
