"""Sign-in, disabled and revoked logins, the `users` command line, the app's services over a personal
login, and the parity of the database's step table with domain.permissions."""

from __future__ import annotations

import importlib
import io
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, text

from commandcenter.cli import main
from commandcenter.db.engine import make_engine, session_factory
from commandcenter.domain.permissions import RULES, PermissionDenied
from commandcenter.security import logins
from commandcenter.security.signin import SignInError, sign_in
from commandcenter.services import workflow_ops
from commandcenter.services.errors import NotFound
from tests.security.conftest import PORT, SecDb

pytestmark = pytest.mark.postgres

MIGRATION = importlib.import_module("commandcenter.db.migrations.versions.0005_security")


def _tcp_url(db: SecDb, who: str) -> str:
    lg = db.logins[who]
    return f"postgresql+psycopg://{lg.login}:{lg.password}@127.0.0.1:{PORT}/{db.database}"


def _base_url(db: SecDb) -> str:
    return f"postgresql+psycopg://nobody@127.0.0.1:{PORT}/{db.database}"


@pytest.fixture
def spare_login(secdb: SecDb) -> Iterator[tuple[str, str, str]]:
    """A fresh login (with the leader role) for a spare leader: (login, password, person code)."""
    code = secdb.owner_scalar(
        "SELECT p.code FROM people p JOIN role_grants r ON r.person_id = p.id WHERE r.role = 'leader' "
        "AND p.id NOT IN (SELECT person_id FROM role_grants WHERE role <> 'leader') "
        "AND p.code <> :taken ORDER BY p.id DESC LIMIT 1",
        taken=secdb.logins["leader"].person_code,
    )
    login = f"{secdb.tag}_spare_{uuid.uuid4().hex[:4]}"
    password = "spare-" + uuid.uuid4().hex[:8]
    with secdb.owner.begin() as conn:
        conn.execute(text("UPDATE people SET login = NULL, active = true WHERE code = :c"), {"c": code})
    logins.create_login(secdb.owner, login, str(code), password)
    yield login, password, str(code)
    with secdb.owner.begin() as conn:
        conn.execute(text("UPDATE people SET login = NULL, active = true WHERE code = :c"), {"c": code})
        conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))


# ------------------------------------------------------------------------------------------- sign-in


def test_sign_in_finds_the_person_and_roles(secdb: SecDb) -> None:
    lg = secdb.logins["liaison"]
    signed = sign_in(_base_url(secdb), lg.login, lg.password)
    try:
        assert signed.person_id == lg.person_id and signed.roles == ("liaison",)
    finally:
        signed.engine.dispose()


def test_sign_in_wrong_password_has_a_clear_message(secdb: SecDb) -> None:
    with pytest.raises(SignInError, match="wrong user name or password"):
        sign_in(_base_url(secdb), secdb.logins["liaison"].login, "wrong")
    with pytest.raises(SignInError, match="wrong user name or password"):
        sign_in(_base_url(secdb), f"{secdb.tag}_nosuchlogin", "wrong")


def test_sign_in_on_sqlite_says_no_security(tmp_path) -> None:
    with pytest.raises(SignInError, match="single-user demo"):
        sign_in(f"sqlite:///{tmp_path / 'x.sqlite'}", "anyone", "pw")


def test_disabled_login_is_refused_and_its_sessions_end(secdb: SecDb, spare_login) -> None:
    login, password, _code = spare_login
    conninfo = psycopg.conninfo.make_conninfo(
        host="127.0.0.1", port=PORT, dbname=secdb.database, user=login, password=password
    )
    open_conn = psycopg.connect(conninfo, autocommit=True)
    assert open_conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert logins.disable_login(secdb.owner, login) == 1
    with pytest.raises(psycopg.OperationalError):
        open_conn.execute("SELECT 1")
    open_conn.close()
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(conninfo)
    with pytest.raises(SignInError, match="disabled"):
        sign_in(_base_url(secdb), login, password)
    logins.enable_login(secdb.owner, login)
    signed = sign_in(_base_url(secdb), login, password)
    signed.engine.dispose()


def test_inactive_person_sees_nothing_even_with_a_login(secdb: SecDb, spare_login) -> None:
    login, password, code = spare_login
    with secdb.owner.begin() as conn:
        conn.execute(text("UPDATE people SET active = false WHERE code = :c"), {"c": code})
    with pytest.raises(SignInError, match="not linked to an active person"):
        sign_in(_base_url(secdb), login, password)
    conninfo = psycopg.conninfo.make_conninfo(
        host="127.0.0.1", port=PORT, dbname=secdb.database, user=login, password=password
    )
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_revoked_role_takes_effect_in_an_open_session(secdb: SecDb, spare_login) -> None:
    login, password, _code = spare_login
    conninfo = psycopg.conninfo.make_conninfo(
        host="127.0.0.1", port=PORT, dbname=secdb.database, user=login, password=password
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert logins.revoke_role(secdb.owner, login, "leader")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT id FROM events LIMIT 1")
        assert logins.grant_role(secdb.owner, login, "leader")
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0


# ------------------------------------------------------------------------------------------- the CLI


def test_users_cli(secdb: SecDb, monkeypatch, capsys) -> None:
    code = secdb.owner_scalar(
        "SELECT p.code FROM people p WHERE p.login IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM role_grants r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1"
    ) or secdb.owner_scalar(
        "SELECT p.code FROM people p JOIN role_grants r ON r.person_id = p.id WHERE r.role = 'citizen' "
        "AND p.login IS NULL ORDER BY p.id LIMIT 1"
    )
    login = f"{secdb.tag}_cli"
    db = ["--db", secdb.owner_url]
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-cli\n"))
        assert main(["users", "create", login, "--person", str(code), "--password-stdin", *db]) == 0
        assert main(["users", "grant", login, "liaison", "--logical", "LG02", *db]) == 0
        assert main(["users", "grant", login, "operator", *db]) == 2  # needs --grid
        assert "needs --grid" in capsys.readouterr().err
        assert main(["users", "list", *db]) == 0
        out = capsys.readouterr().out
        line = next(x for x in out.splitlines() if x.startswith(login))
        assert "liaison of LG02" in line and "cc_liaison" in line
        signed = sign_in(_base_url(secdb), login, "s3cret-cli")
        assert "liaison" in signed.roles
        signed.engine.dispose()
        assert main(["users", "disable", login, *db]) == 0
        with pytest.raises(SignInError, match="disabled"):
            sign_in(_base_url(secdb), login, "s3cret-cli")
        assert main(["users", "enable", login, *db]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-2\n"))
        assert main(["users", "password", login, "--password-stdin", *db]) == 0
        sign_in(_base_url(secdb), login, "s3cret-2").engine.dispose()
        monkeypatch.setattr("sys.stdin", io.StringIO("again\n"))
        assert main(["users", "create", login, "--person", str(code), "--password-stdin", *db]) == 2
        assert "exists already" in capsys.readouterr().err
        # the password is never stored by the app: only the server's SCRAM verifier exists
        assert secdb.owner_scalar("SELECT count(*) FROM people WHERE login = :l", l=login) == 1
        verifier = secdb.owner_scalar("SELECT rolpassword FROM pg_authid WHERE rolname = :l", l=login)
        assert str(verifier).startswith("SCRAM-SHA-256$")
    finally:
        with secdb.owner.begin() as conn:
            conn.execute(text("UPDATE people SET login = NULL WHERE login = :l"), {"l": login})
            conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))


def test_users_cli_on_sqlite_explains(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["users", "list", "--db", url]) == 2
    assert "only on PostgreSQL" in capsys.readouterr().err


# ------------------------------------------------------------------------ the app's services, per login


def _engine(db: SecDb, who: str) -> Engine:
    return make_engine(_tcp_url(db, who))


def test_operator_takes_steps_through_the_services_over_its_own_login(secdb: SecDb) -> None:
    op = secdb.logins["operator"]
    cat = secdb.owner_scalar("SELECT code FROM categories ORDER BY id LIMIT 1")
    inside = secdb.owner_rows(
        "SELECT centroid_lat, centroid_lon FROM grids WHERE level = 'grid' AND starts_with(code, :s) LIMIT 1",
        s=op.scope,
    )[0]
    outside = secdb.owner_scalar(
        "SELECT e.id FROM events e JOIN grids g ON g.id = e.grid_id WHERE e.status = 'reported' "
        "AND NOT starts_with(g.code, :s) LIMIT 1",
        s=op.scope,
    )
    engine = _engine(secdb, "operator")
    try:
        with session_factory(engine)() as session:
            made = workflow_ops.report(
                session,
                op.person_code,
                category=cat,
                lat=inside[0],
                lon=inside[1],
                title="hotline: pothole",
                reporter_name="王小明",
                reporter_phone="13800001234",
            )
            changed = workflow_ops.verify(session, op.person_code, made.event_id, note="seen on camera")
            assert changed.version == 2
        if outside is not None:
            with (
                session_factory(engine)() as session,
                pytest.raises((PermissionDenied, NotFound)),
            ):  # RLS hides it
                workflow_ops.verify(session, op.person_code, int(outside))
    finally:
        engine.dispose()
    steps = [
        r[0]
        for r in secdb.owner_rows(
            "SELECT step FROM event_steps WHERE event_id = :i ORDER BY id", i=made.event_id
        )
    ]
    assert steps == ["report", "verify"]


def _liaison_case(db: SecDb) -> int:
    lg = db.logins["liaison"]
    case = db.owner_scalar(
        "SELECT e.id FROM events e JOIN logical_grids l ON l.id = e.responsible_logical_id "
        "WHERE starts_with(l.code, 'LG02') AND e.responsible_kind = 'logical' AND e.status = 'in_progress' "
        "AND e.assignee_id IS DISTINCT FROM :p ORDER BY e.id DESC LIMIT 1",
        p=lg.person_id,
    )
    assert case is not None
    with db.owner.begin() as conn:  # the liaison holds it
        conn.execute(text("UPDATE events SET assignee_id = :p WHERE id = :i"), {"p": lg.person_id, "i": case})
    return int(case)


def _supervise_and_reply(db: SecDb) -> None:
    leader, lg = db.logins["leader"], db.logins["liaison"]
    case = db.owner_scalar(
        "SELECT id FROM events WHERE status = 'in_progress' AND NOT supervised ORDER BY id LIMIT 1"
    )
    engine = _engine(db, "leader")
    try:
        with session_factory(engine)() as session:
            workflow_ops.supervise(session, leader.person_code, int(case), note="by Friday")
    finally:
        engine.dispose()
    case = _liaison_case(db)
    engine = _engine(db, "liaison")
    try:
        with session_factory(engine)() as session:
            workflow_ops.reply(session, lg.person_code, case, result="done")
    finally:
        engine.dispose()
    assert db.owner_scalar("SELECT status FROM events WHERE id = :i", i=case) == "replied"


def test_leader_and_liaison_take_steps_through_the_services(secdb: SecDb) -> None:
    _supervise_and_reply(secdb)


# --------------------------------------------------------------------------------------------- parity


def test_the_databases_step_table_is_the_domains() -> None:
    domain = {
        role.value: sorted({s.value for rule in rules for s in rule.steps}) for role, rules in RULES.items()
    }
    migration = {role: sorted(steps) for role, steps in MIGRATION.ROLE_STEPS.items()}
    assert migration == domain
    assert (
        set(MIGRATION.GROUP_ROLES) == set(logins.GROUP_ROLES) and MIGRATION.GROUP_ROLES == logins.GROUP_ROLES
    )


def test_the_databases_transitions_are_the_domains() -> None:
    from commandcenter.domain.workflow import TRANSITIONS

    domain = {
        (None if a is None else a.value, step.value, b.value)
        for a, steps in TRANSITIONS.items()
        for step, targets in steps.items()
        for b in targets
    }
    assert set(MIGRATION.TRANSITIONS) == domain and len(MIGRATION.TRANSITIONS) == len(domain)


def test_the_view_lists_every_events_column() -> None:
    from commandcenter.db.models import Event

    assert list(MIGRATION.EVENT_COLUMNS) == list(Event.__table__.c.keys())


def test_migration_does_nothing_on_sqlite(tmp_path) -> None:
    from commandcenter.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        upgrade(engine)
        with engine.connect() as conn:
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert "events_public" not in names and "cc_step_tokens" not in names
    finally:
        engine.dispose()


def test_liaison_sends_a_task_to_a_grid_worker_through_the_services(secdb: SecDb) -> None:
    """The issue's story: a department's liaison tasks the worker of a grid in another department's
    area; the worker sees it (assigned to them), other departments' liaisons do not."""
    lg, worker = secdb.logins["liaison"], secdb.logins["worker"]
    cat = secdb.owner_scalar("SELECT code FROM categories ORDER BY id LIMIT 1")
    engine = _engine(secdb, "liaison")
    try:
        with session_factory(engine)() as session:
            made = workflow_ops.task(
                session,
                lg.person_code,
                category=cat,
                title="check the stall licence",
                to=f"grid:{worker.scope}",
            )
    finally:
        engine.dispose()
    row = secdb.owner_rows(
        "SELECT assignee_id, status, reporter_id FROM events WHERE id = :i", i=made.event_id
    )[0]
    assert (
        row.reporter_id == lg.person_id and row.status == "assigned" and row.assignee_id == worker.person_id
    )
    with secdb.connect("worker") as conn:
        assert conn.execute("SELECT id FROM events WHERE id = %s", (made.event_id,)).fetchone() is not None
    with secdb.connect("worker") as conn:  # the worker accepts it, raw SQL over its own login
        conn.execute(
            "UPDATE events SET status = 'in_progress', version = version + 1 WHERE id = %s",
            (made.event_id,),
        )
        conn.execute(
            "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
            "VALUES (%s, 'accept', cc_current_person(), 'assigned', 'in_progress')",
            (made.event_id,),
        )
        conn.commit()
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=made.event_id) == "in_progress"


def test_downgrade_removes_the_security_and_upgrade_restores_it(pg_url: str) -> None:
    from alembic import command

    from commandcenter.db.migrate import alembic_config, upgrade

    engine = make_engine(pg_url)
    try:
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_policies")).scalar() == 0
            assert conn.execute(text("SELECT to_regclass('events_public')")).scalar() is None
            assert (
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_proc WHERE proname LIKE 'cc\\_%' "
                        "AND proname NOT IN ('cc_event_code', 'cc_trail_append_only', "
                        "'cc_change_feed', 'cc_change_feed_inserts', 'cc_change_feed_truncate')"
                    )
                ).scalar()
                == 0
            )
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_policies")).scalar() >= 10
    finally:
        engine.dispose()


def test_an_administrator_manages_logins_with_their_own_login(secdb: SecDb) -> None:
    admin, liaison = _engine(secdb, "admin"), _engine(secdb, "liaison")
    code = secdb.owner_scalar(
        "SELECT p.code FROM people p JOIN role_grants r ON r.person_id = p.id WHERE r.role = 'liaison' "
        "AND p.login IS NULL ORDER BY p.id LIMIT 1"
    )
    login = f"{secdb.tag}_byadmin"
    try:
        with pytest.raises(logins.LoginError, match="permission denied for function cc_admin_create_login"):
            logins.create_login(liaison, login, str(code), "pw-1")
        assert logins.create_login(admin, login, str(code), "pw-1") == ["cc_liaison"]
        sign_in(_base_url(secdb), login, "pw-1").engine.dispose()
        assert logins.disable_login(admin, login) == 0
        with pytest.raises(SignInError, match="disabled"):
            sign_in(_base_url(secdb), login, "pw-1")
        # nothing but people's logins, and never a privileged role
        with pytest.raises(logins.LoginError, match=r"reserved|not a valid login"):
            logins.disable_login(admin, "postgres")
        with admin.connect() as conn, pytest.raises(Exception, match=r"not a valid login|privileged"):
            conn.execute(text("SELECT cc_admin_set_enabled('postgres', false)"))
        with admin.connect() as conn, pytest.raises(Exception, match="never a password"):
            conn.execute(text("SELECT cc_admin_set_password(:l, 'plain-text')"), {"l": login})
        with liaison.connect() as conn, pytest.raises(Exception, match="permission denied for function"):
            conn.execute(text("SELECT cc_admin_set_enabled(:l, true)"), {"l": login})
    finally:
        admin.dispose()
        liaison.dispose()
        with secdb.owner.begin() as conn:
            conn.execute(text("UPDATE people SET login = NULL, active = true WHERE login = :l"), {"l": login})
            conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
