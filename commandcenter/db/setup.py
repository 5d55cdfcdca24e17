"""Bringing a database to a usable state on first use."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, select

from commandcenter.db.engine import is_default_url, session_factory
from commandcenter.db.migrate import is_up_to_date, upgrade
from commandcenter.db.models import Grid


def ensure_database(engine: Engine, url: str, log: Callable[[str], None] = lambda _m: None) -> None:
    """Migrate to the newest schema; fill the embedded default database with the demo on first use.

    A configured database (PostgreSQL or a named SQLite file) is only migrated, never filled: demo
    data must not appear in a real center's database by accident.
    """
    if not is_up_to_date(engine):
        log(f"migrating {engine.url.render_as_string(hide_password=True)} to the newest schema ...")
        upgrade(engine)
    if is_default_url(url):
        with session_factory(engine)() as session:
            empty = session.scalar(select(func.count()).select_from(Grid)) == 0
        if empty:
            from commandcenter.demo.seed import seed_demo

            log("first start: building the demo district (about a minute) ...")
            seed_demo(engine)
