"""The administration trail on PostgreSQL with real logins (cluster `ccsec`, see conftest.py).

- psql with an administrator's own login: the change is audited with that person and login.
- other logins cannot change administered tables, and nobody can read, forge or rewrite the trail
  except by the rules (administrators read it; rows come only from the triggers).
- the app's administration services over an administrator's own login create a login that can then
  sign in with its password, and disable it again; each step on the trail.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, text

from commandcenter.db.engine import make_engine, session_factory
from commandcenter.security.signin import SignInError, sign_in
from commandcenter.services import admin
from tests.security.conftest import PORT, SecDb

pytestmark = pytest.mark.postgres


def _new_person(db: SecDb, name: str = "审计测试") -> tuple[int, str]:
    code = f"AUD{uuid.uuid4().hex[:6]}"
    with db.owner.begin() as conn:
        pid = conn.execute(
            text("INSERT INTO people (code, name) VALUES (:c, :n) RETURNING id"), {"c": code, "n": name}
        ).scalar_one()
    return int(pid), code


def _audit(db: SecDb, table: str, key: str) -> list[tuple]:
    return [
        tuple(r)
        for r in db.owner_rows(
            "SELECT actor_id, login, action, before, after FROM admin_audit "
            "WHERE table_name = :t AND row_key = :k ORDER BY id",
            t=table,
            k=key,
        )
    ]


@pytest.fixture
def admin_engine(secdb: SecDb) -> Iterator[Engine]:
    """The app's engine signed in with the administrator's own login (passwords checked over TCP)."""
    lg = secdb.logins["admin"]
    engine = make_engine(f"postgresql+psycopg://{lg.login}:{lg.password}@127.0.0.1:{PORT}/{secdb.database}")
    yield engine
    engine.dispose()


def test_psql_update_by_an_admin_login_is_audited(secdb: SecDb) -> None:
    pid, _code = _new_person(secdb)
    lg = secdb.logins["admin"]
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(PORT), "-U", lg.login, "-d", secdb.database, "-v", "ON_ERROR_STOP=1",
         "-qAt", "-c", f"UPDATE people SET phone = '13900001111' WHERE id = {pid}"],
        capture_output=True, text=True, env={**os.environ, "PGPASSWORD": lg.password}, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = _audit(secdb, "people", str(pid))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (None, "postgres", "insert"),
        (lg.person_id, lg.login, "update"),
    ]
    before, after = rows[-1][3], rows[-1][4]
    assert (before["phone"], after["phone"]) == (None, "13900001111")


def test_an_admin_login_cannot_pretend_to_be_someone_else(secdb: SecDb) -> None:
    pid, _code = _new_person(secdb)
    lg = secdb.logins["admin"]
    with secdb.connect("admin") as conn:
        conn.execute("SELECT set_config('cc.actor', %s, true)", (str(secdb.logins["leader"].person_id),))
        conn.execute("UPDATE people SET name = '改名' WHERE id = %s", (pid,))
    assert _audit(secdb, "people", str(pid))[-1][:3] == (lg.person_id, lg.login, "update")


@pytest.mark.parametrize("who", ["liaison", "operator", "leader", "worker"])
def test_other_logins_cannot_change_administered_tables(secdb: SecDb, who: str) -> None:
    before = secdb.owner_scalar("SELECT count(*) FROM admin_audit")
    statements = [
        "UPDATE categories SET name = 'x' WHERE code = 'JD01'",
        "UPDATE category_limits SET amount = 99",
        "INSERT INTO role_grants (person_id, role) VALUES (cc_current_person(), 'admin')",
        "UPDATE people SET active = false",
        "DELETE FROM grid_memberships",
        "UPDATE logical_grids SET name = 'x'",
    ]
    for statement in statements:
        with (
            secdb.connect(who) as conn,
            pytest.raises(errors.InsufficientPrivilege, match="permission denied"),
        ):
            conn.execute(statement)
    # nor read or forge the trail
    with secdb.connect(who) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM admin_audit")
    with secdb.connect(who) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("INSERT INTO admin_audit (table_name, row_key, action) VALUES ('people', '1', 'delete')")
    assert secdb.owner_scalar("SELECT count(*) FROM admin_audit") == before


def test_administrators_read_the_trail_but_never_rewrite_it(secdb: SecDb) -> None:
    _new_person(secdb)
    with secdb.connect("admin") as conn:
        assert conn.execute("SELECT count(*) FROM admin_audit").fetchone()[0] > 0
    for statement in (
        "UPDATE admin_audit SET actor_id = NULL",
        "DELETE FROM admin_audit",
        "TRUNCATE admin_audit",
        "INSERT INTO admin_audit (table_name, row_key, action) VALUES ('people', '1', 'delete')",
    ):
        with secdb.connect("admin") as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)
    # the owner is refused too: the trail is append-only for everyone
    for statement in ("UPDATE admin_audit SET actor_id = NULL", "DELETE FROM admin_audit"):
        with pytest.raises(Exception, match="append-only"), secdb.owner.begin() as conn:
            conn.execute(text(statement))


def test_services_on_the_admin_login_create_and_disable_a_login(secdb: SecDb, admin_engine: Engine) -> None:
    me = secdb.logins["admin"]
    sessions = session_factory(admin_engine)
    login = f"{secdb.tag}_aud_{uuid.uuid4().hex[:4]}"
    with sessions() as s:
        made = admin.create_person(s, me.person_id, code=f"AUD{uuid.uuid4().hex[:6]}", name="新联络员")
        admin.add_logical_membership(s, me.person_id, made.id, "LG01", "liaison")
        admin.grant_role(s, me.person_id, made.id, "liaison", logical_code="LG01")
        groups = admin.create_login(s, me.person_id, made.id, login, "correct-horse-1")
        assert groups == ["cc_liaison"]
        assert admin.get_person(s, me.person_id, made.id).login_enabled is True
    signed = sign_in(f"postgresql+psycopg://x@127.0.0.1:{PORT}/{secdb.database}", login, "correct-horse-1")
    try:
        assert (signed.person_id, signed.roles) == (made.id, ("liaison",))
    finally:
        signed.engine.dispose()
    with pytest.raises(SignInError, match="wrong user name or password"):
        sign_in(f"postgresql+psycopg://x@127.0.0.1:{PORT}/{secdb.database}", login, "wrong-password")
    with sessions() as s:
        admin.set_login_enabled(s, me.person_id, made.id, False)
        assert admin.get_person(s, me.person_id, made.id).login_enabled is False
    with pytest.raises(SignInError, match="disabled"):
        sign_in(f"postgresql+psycopg://x@127.0.0.1:{PORT}/{secdb.database}", login, "correct-horse-1")
    rows = _audit(secdb, "people", str(made.id))
    # created, linked to its login, then disabled (inactive): each by the administrator's own login
    assert [(r[0], r[1], r[2]) for r in rows] == [(me.person_id, me.login, "insert")] + [
        (me.person_id, me.login, "update")
    ] * 2
    assert (rows[1][4]["login"], rows[2][4]["active"]) == (login, False)
    grant_rows = secdb.owner_rows(
        "SELECT actor_id, action FROM admin_audit WHERE table_name IN ('role_grants', 'logical_memberships') "
        "AND after ->> 'person_id' = :p",
        p=str(made.id),
    )
    assert sorted(tuple(r) for r in grant_rows) == [(me.person_id, "insert"), (me.person_id, "insert")]


def test_services_on_the_owner_connection_name_the_acting_admin(secdb: SecDb) -> None:
    me = secdb.logins["admin"]
    with session_factory(secdb.owner)() as s:
        made = admin.create_person(s, me.person_id, code=f"AUD{uuid.uuid4().hex[:6]}", name="所有者连接")
    assert _audit(secdb, "people", str(made.id))[0][:3] == (me.person_id, "postgres", "insert")
    # ... and the claim lasts only for that transaction
    with secdb.owner.begin() as conn:
        conn.execute(text("UPDATE people SET name = '再改' WHERE id = :p"), {"p": made.id})
    assert _audit(secdb, "people", str(made.id))[-1][:3] == (None, "postgres", "update")


def test_a_non_admin_login_is_refused_by_the_services_and_the_database(secdb: SecDb) -> None:
    lg = secdb.logins["liaison"]
    engine = make_engine(f"postgresql+psycopg://{lg.login}:{lg.password}@127.0.0.1:{PORT}/{secdb.database}")
    try:
        with session_factory(engine)() as s:
            with pytest.raises(admin.PermissionDenied, match="not an administrator"):
                admin.create_person(s, lg.person_id, code="AUDX", name="x")
            # pretending to be the administrator in the app does not help: the database says no
            with pytest.raises(Exception, match="permission denied"):
                admin.create_person(s, secdb.logins["admin"].person_id, code="AUDX", name="x")
    finally:
        engine.dispose()
    with psycopg.connect(host="/var/run/postgresql", port=PORT, user="postgres", dbname=secdb.database) as c:
        assert c.execute("SELECT count(*) FROM people WHERE code = 'AUDX'").fetchone()[0] == 0
