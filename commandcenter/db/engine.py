"""Choosing the database, making engines and sessions, and bringing a database up to date.

One URL chooses the database: `--db URL`, else $COMMANDCENTER_DB, else an embedded SQLite file in the
user's data directory, which is created, migrated and filled with the demo district on first use.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "COMMANDCENTER_DB"


def default_sqlite_path() -> Path:
    return Path(user_data_dir("commandcenter", appauthor=False)) / "commandcenter.sqlite"


def normalize_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://, a bare file path) and pick our drivers."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def resolve_url(cli_url: str | None = None) -> str:
    """The database URL to use: the command line's, the environment's, or the embedded default."""
    url = cli_url or os.environ.get(ENV_VAR)
    if url:
        return normalize_url(url)
    return f"sqlite:///{default_sqlite_path()}"


def is_default_url(url: str) -> bool:
    return url == f"sqlite:///{default_sqlite_path()}"


def backend(url_or_engine: str | Engine) -> str:
    """'postgresql' or 'sqlite'."""
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    # WAL lets the app read while the simulator (another process) writes; the busy timeout makes
    # concurrent writers wait instead of failing at once.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, **kwargs: object) -> Engine:
    url = normalize_url(url)
    if backend(url) == "sqlite":
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)  # type: ignore[arg-type]


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand plain results to other threads after the commit.
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
