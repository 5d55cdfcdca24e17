"""Fresh, migrated databases for tests: a real PostgreSQL server and SQLite files.

A migrated template is built once per test session and backend; each test gets its own copy
(CREATE DATABASE ... TEMPLATE on PostgreSQL, a file copy on SQLite), so tests may commit freely
and run in any order. Copies are dropped when the session ends.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from commandcenter.db.engine import make_engine
from commandcenter.db.migrate import upgrade

PG_ADMIN_URL = os.environ.get("COMMANDCENTER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_admin_engine() -> Engine:
    return make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=None)


def pg_url_for(database: str) -> str:
    return make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False)


class DatabaseFactory:
    """Makes migrated (optionally pre-filled) databases of one backend and hands out copies."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self._prefix = f"cct_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self._counter = itertools.count()
        self._templates: dict[str, str] = {}
        self._created: list[str] = []
        self._admin = pg_admin_engine() if backend == "postgresql" else None

    def _new_name(self) -> str:
        return f"{self._prefix}_{next(self._counter)}"

    def _empty(self) -> str:
        name = self._new_name()
        if self.backend == "postgresql":
            assert self._admin is not None
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            self._created.append(name)
            return pg_url_for(name)
        return f"sqlite:///{self.workdir / (name + '.sqlite')}"

    def template(self, key: str, fill: Callable[[Engine], None] | None = None) -> str:
        """A migrated database filled once by `fill`, kept as the source of copies."""
        if key not in self._templates:
            url = self._empty()
            engine = make_engine(url)
            try:
                upgrade(engine)
                if fill is not None:
                    fill(engine)
            finally:
                engine.dispose()
            self._templates[key] = url
        return self._templates[key]

    def copy(self, template_url: str) -> str:
        name = self._new_name()
        if self.backend == "postgresql":
            assert self._admin is not None
            source = make_url(template_url).database
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY'))
            self._created.append(name)
            return pg_url_for(name)
        source_path = Path(make_url(template_url).database or "")
        target = self.workdir / (name + ".sqlite")
        shutil.copyfile(source_path, target)
        return f"sqlite:///{target}"

    def drop_all(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as conn:
            for name in reversed(self._created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()
