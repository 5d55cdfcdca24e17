"""Shared fixtures. Every data-layer test runs on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from commandcenter.db.engine import make_engine, session_factory
from tests.dbutil import PG_ADMIN_URL, DatabaseFactory, pg_admin_engine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BACKENDS = ("sqlite", "postgresql")


def _check_postgres() -> None:
    try:
        engine = pg_admin_engine()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # pragma: no cover - only when the server is down
        pytest.fail(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            "(.ci/run does this) or set COMMANDCENTER_TEST_PG.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def db_factories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DatabaseFactory]]:
    factories: dict[str, DatabaseFactory] = {}

    def get(backend: str) -> DatabaseFactory:
        if backend not in factories:
            if backend == "postgresql":
                _check_postgres()
            factories[backend] = DatabaseFactory(backend, tmp_path_factory.mktemp(backend))
        return factories[backend]

    yield _Lazy(get)
    for factory in factories.values():
        factory.drop_all()


class _Lazy(dict):  # type: ignore[type-arg]
    """Creates a backend's factory on first use, so SQLite-only runs never touch PostgreSQL."""

    def __init__(self, make):  # type: ignore[no-untyped-def]
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> DatabaseFactory:
        return self._make(key)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, db_factories: dict[str, DatabaseFactory]) -> str:
    """A fresh, migrated, empty database (with the standard catalogue) of the current backend."""
    factory = db_factories[backend]
    return factory.copy(factory.template("empty"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        yield s


@pytest.fixture
def pg_url(db_factories: dict[str, DatabaseFactory]) -> str:
    """A fresh, migrated PostgreSQL database, for tests that only make sense on the server."""
    factory = db_factories["postgresql"]
    return factory.copy(factory.template("empty"))


# A fixed 'now' for the small demo, so tests see the same cases every run.
DEMO_NOW_ISO = "2026-11-20T06:00:00+00:00"


def _fill_small_demo(engine: Engine) -> None:
    from dataclasses import replace
    from datetime import datetime

    from commandcenter.demo.seed import SMALL, seed_demo

    seed_demo(engine, replace(SMALL, now=datetime.fromisoformat(DEMO_NOW_ISO)))


@pytest.fixture
def demo_db_url(backend: str, db_factories: dict[str, DatabaseFactory]) -> str:
    """A fresh copy of a database holding the small demo district (see commandcenter.demo.seed.SMALL)."""
    factory = db_factories[backend]
    return factory.copy(factory.template("small-demo", _fill_small_demo))


@pytest.fixture
def demo_engine(demo_db_url: str) -> Iterator[Engine]:
    eng = make_engine(demo_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def demo_session(demo_engine: Engine) -> Iterator[Session]:
    with session_factory(demo_engine)() as s:
        yield s
