"""Fixtures of the service tests: a tiny district (see tiny.py) on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from commandcenter.db.engine import make_engine, session_factory
from tests.dbutil import DatabaseFactory
from tests.services import tiny


@pytest.fixture
def tiny_url(backend: str, db_factories: dict[str, DatabaseFactory]) -> str:
    """A fresh copy of a migrated database holding the tiny district."""
    factory = db_factories[backend]
    return factory.copy(factory.template("tiny-district", tiny.fill))


@pytest.fixture
def tiny_engine(tiny_url: str) -> Iterator[Engine]:
    engine = make_engine(tiny_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tiny_sessions(tiny_engine: Engine) -> sessionmaker[Session]:
    return session_factory(tiny_engine)


@pytest.fixture
def tiny_session(tiny_sessions: sessionmaker[Session]) -> Iterator[Session]:
    with tiny_sessions() as session:
        yield session


@pytest.fixture
def ids(tiny_session: Session) -> tiny.Tiny:
    return tiny.load(tiny_session)
