"""What each login may read and write, as raw SQL over its own password connection (and some steps
through the app's services over that connection): the database must refuse wherever the app would.

The logins: an operator of a township center, a district operator, the liaison of LG02, a leader, an
administrator and a grid worker (conftest.secdb).
"""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg import errors

from tests.security.conftest import SecDb

pytestmark = pytest.mark.postgres

ROLES = ("operator", "district", "liaison", "leader", "admin", "worker")


def _rows(conn: psycopg.Connection, sql: str, params: tuple = ()) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def _visible_ids(db: SecDb, who: str) -> set[int]:
    with db.connect(who) as conn:
        return {r[0] for r in _rows(conn, "SELECT id FROM events")}


def _lg_subtree(db: SecDb, code: str) -> set[int]:
    return {r[0] for r in db.owner_rows("SELECT id FROM logical_grids WHERE starts_with(code, :c)", c=code)}


# ------------------------------------------------------------------------------------------- sign-in


def test_wrong_password_is_refused(secdb: SecDb) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        secdb.connect("liaison", password="not-the-password")


def test_every_login_signs_in_as_its_person(secdb: SecDb) -> None:
    for who in ROLES:
        with secdb.connect(who) as conn:
            (pid,) = conn.execute("SELECT cc_current_person()").fetchone()
            assert pid == secdb.logins[who].person_id, who


def test_owner_is_no_person_and_bypasses_rls(secdb: SecDb) -> None:
    total = secdb.owner_scalar("SELECT count(*) FROM events")
    assert total and total > 100
    assert secdb.owner_scalar("SELECT cc_current_person()") is None


# ------------------------------------------------------------------------------------------- liaison


def test_liaison_sees_only_its_logical_grid_and_below(secdb: SecDb) -> None:
    me = secdb.logins["liaison"].person_id
    subtree = _lg_subtree(secdb, "LG02")
    with secdb.connect("liaison") as conn:
        codes = {
            r[0]
            for r in _rows(
                conn,
                "SELECT lg.code FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id",
            )
        }
        assert codes and codes <= {"LG02", "LG0201", "LG0202"}
        seen = {r[0] for r in _rows(conn, "SELECT id FROM events")}
    expected = {
        r[0]
        for r in secdb.owner_rows(
            "SELECT id FROM events WHERE (responsible_kind = 'logical' AND responsible_logical_id = ANY(:s)) "
            "OR reporter_id = :me OR assignee_id = :me",
            s=list(subtree),
            me=me,
        )
    }
    assert seen == expected
    total = secdb.owner_scalar("SELECT count(*) FROM events")
    assert len(seen) < total
    # the trail, ratings and media follow the case
    with secdb.connect("liaison") as conn:
        trail_events = {r[0] for r in _rows(conn, "SELECT DISTINCT event_id FROM event_steps")}
        rated = {r[0] for r in _rows(conn, "SELECT DISTINCT event_id FROM ratings")}
    assert trail_events and trail_events <= seen
    assert rated <= seen


def test_liaison_cannot_read_contacts_but_sees_them_masked(secdb: SecDb) -> None:
    with secdb.connect("liaison") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT reporter_phone FROM events")
    with secdb.connect("liaison") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM events")
    with secdb.connect("liaison") as conn:
        rows = _rows(conn, "SELECT id, reporter_name, reporter_phone FROM events_public")
        assert {r[0] for r in rows} == _visible_ids(secdb, "liaison")
    real = {
        r[0]: (r[1], r[2])
        for r in secdb.owner_rows(
            "SELECT id, reporter_name, reporter_phone FROM events WHERE id = ANY(:ids)",
            ids=[r[0] for r in rows],
        )
    }
    phones = [(p, real[i][1]) for i, _n, p in rows if real[i][1]]
    names = [(n, real[i][0]) for i, n, _p in rows if real[i][0]]
    assert phones and names
    for masked, original in phones:
        assert masked != original and "****" in masked and masked[-4:] == original[-4:]
    for masked, original in names:
        assert masked != original and masked[0] == original[0] and set(masked[1:]) == {"*"}


def test_liaison_cannot_change_another_departments_case(secdb: SecDb) -> None:
    other = secdb.owner_scalar(
        "SELECT e.id FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
        "WHERE NOT starts_with(lg.code, 'LG02') AND e.status = 'in_progress' ORDER BY e.id LIMIT 1"
    )
    before = secdb.owner_scalar("SELECT version FROM events WHERE id = :i", i=other)
    with secdb.connect("liaison") as conn:
        cur = conn.execute(
            "UPDATE events SET status = 'replied', version = version + 1 WHERE id = %s", (other,)
        )
        assert cur.rowcount == 0
        assert _rows(conn, "SELECT id FROM events WHERE id = %s", (other,)) == []
        with pytest.raises(errors.InsufficientPrivilege):  # a trail row for it is refused too
            conn.execute(
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
                "VALUES (%s, 'reply', cc_current_person(), 'in_progress', 'replied')",
                (other,),
            )
    assert secdb.owner_scalar("SELECT version FROM events WHERE id = :i", i=other) == before


def _own_case(db: SecDb, status: str = "in_progress") -> int:
    case = db.owner_scalar(
        "SELECT e.id FROM events e JOIN logical_grids lg ON lg.id = e.responsible_logical_id "
        "WHERE lg.code = 'LG02' AND e.responsible_kind = 'logical' AND e.status = :s ORDER BY e.id LIMIT 1",
        s=status,
    )
    assert case is not None, f"no {status} case of LG02 in the demo"
    return int(case)


def test_liaison_change_without_trail_is_refused_at_commit(secdb: SecDb) -> None:
    case = _own_case(secdb)
    before = secdb.owner_scalar("SELECT version FROM events WHERE id = :i", i=case)
    with secdb.connect("liaison") as conn:
        cur = conn.execute(
            "UPDATE events SET status = 'replied', version = version + 1 WHERE id = %s", (case,)
        )
        assert cur.rowcount == 1  # in scope ...
        with pytest.raises(errors.InsufficientPrivilege, match="without a trail entry"):
            conn.commit()  # ... but a change must be a recorded step
    assert secdb.owner_scalar("SELECT version FROM events WHERE id = :i", i=case) == before


def test_liaison_step_with_a_step_it_may_not_take_is_refused(secdb: SecDb) -> None:
    case = _own_case(secdb)
    with secdb.connect("liaison") as conn:
        conn.execute("UPDATE events SET status = 'checked', version = version + 1 WHERE id = %s", (case,))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # check_pass is an operator's step
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
                "VALUES (%s, 'check_pass', cc_current_person(), 'in_progress', 'checked')",
                (case,),
            )
    with secdb.connect("liaison") as conn:
        conn.execute("UPDATE events SET status = 'replied', version = version + 1 WHERE id = %s", (case,))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # someone else's name on the trail
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
                "VALUES (%s, 'reply', %s, 'in_progress', 'replied')",
                (case, secdb.logins["leader"].person_id),
            )
    with secdb.connect("liaison") as conn:
        conn.execute("UPDATE events SET status = 'replied', version = version + 1 WHERE id = %s", (case,))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # a from-status that is not the case's
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
                "VALUES (%s, 'reply', cc_current_person(), 'assigned', 'replied')",
                (case,),
            )


def test_a_recorded_step_must_be_a_move_of_the_state_machine(secdb: SecDb) -> None:
    case = _own_case(secdb, "in_progress")
    with secdb.connect("liaison") as conn:
        conn.execute("UPDATE events SET status = 'closed', version = version + 1 WHERE id = %s", (case,))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # reply leads to replied, never to closed
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
                "VALUES (%s, 'reply', cc_current_person(), 'in_progress', 'closed')",
                (case,),
            )


def test_liaison_recorded_step_on_its_case_is_accepted(secdb: SecDb) -> None:
    case = _own_case(secdb, "in_progress")
    with secdb.connect("liaison") as conn:
        conn.execute(  # what the reply step writes (0007 checks every column; the clock in SQL)
            "UPDATE events SET status = 'replied', replied_at = now(), updated_at = now(), "
            "step_started_at = now(), step_deadline = cc_due(category_id, 'check', now()), "
            "extension_until = NULL, version = version + 1 WHERE id = %s",
            (case,),
        )
        conn.execute(
            "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, note) "
            "VALUES (%s, 'reply', cc_current_person(), 'in_progress', 'replied', 'fixed (raw SQL)')",
            (case,),
        )
        conn.commit()
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=case) == "replied"
    assert secdb.owner_scalar("SELECT count(*) FROM cc_step_tokens") == 0


def test_liaison_cannot_change_fixed_columns_or_tokens(secdb: SecDb) -> None:
    case = _own_case(secdb, "replied")
    for sql in (
        "UPDATE events SET title = 'x' WHERE id = %s",
        "UPDATE events SET reporter_phone = '1' WHERE id = %s",
        "UPDATE events SET grid_id = NULL WHERE id = %s",
        "DELETE FROM events WHERE id = %s",
        "DELETE FROM cc_step_tokens WHERE event_id = %s",
        "UPDATE grids SET name = 'x' WHERE id = %s",
        "UPDATE role_grants SET role = 'admin' WHERE person_id = %s",
        "INSERT INTO ratings (event_id, stars) VALUES (%s, 5)",
        "INSERT INTO role_grants (person_id, role) VALUES (cc_current_person(), 'admin') RETURNING %s",
        "UPDATE people SET active = true WHERE id = %s",
    ):
        with secdb.connect("liaison") as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute(sql, (case,))


# ------------------------------------------------------------------------------------- every role

# For each role a step it may take on a case it may act on, as raw SQL that writes exactly what the
# step writes: (case query, step, from, to, SET clause). Migration 0007 accepts it; the same step
# writing one column more (a far deadline) is refused.
_OWN_STEPS: dict[str, tuple[str, str, str, str, str]] = {
    "operator": (
        "SELECT e.id FROM events e JOIN grids g ON g.id = e.grid_id WHERE e.status = 'reported' "
        "AND starts_with(g.code, :scope) AND e.responsible_kind IS NULL ORDER BY e.id LIMIT 1",
        "verify", "reported", "verified",
        "verified_at = now(), step_started_at = now(), step_deadline = cc_due(category_id, 'dispatch', now()), "
        "dispatch_due_at = cc_due(category_id, 'dispatch', now())",
    ),
    "district": (
        "SELECT id FROM events WHERE status = 'in_progress' ORDER BY id LIMIT 1",
        "park", "in_progress", "parked", "parked_from = 'in_progress', parked_at = now()",
    ),
    "liaison": (
        "SELECT e.id FROM events e JOIN logical_grids l ON l.id = e.responsible_logical_id "
        "WHERE starts_with(l.code, 'LG02') AND e.status = 'in_progress' AND e.extension_until IS NULL "
        "AND e.deadline IS NOT NULL ORDER BY e.id LIMIT 1",
        "request_extension", "in_progress", "in_progress", "extension_until = deadline + interval '2 days'",
    ),
    "leader": (
        "SELECT id FROM events WHERE status = 'assigned' ORDER BY id LIMIT 1",
        "supervise", "assigned", "assigned", "supervised = true, supervision_note = 'hurry'",
    ),
    "admin": (
        "SELECT id FROM events WHERE status = 'replied' ORDER BY id LIMIT 1",
        "park", "replied", "parked", "parked_from = 'replied', parked_at = now()",
    ),
    "worker": (
        "SELECT id FROM events WHERE status = 'assigned' AND assignee_id = :me ORDER BY id LIMIT 1",
        "accept", "assigned", "in_progress", "",
    ),
}  # fmt: skip


@pytest.mark.parametrize("who", ROLES)
def test_each_role_may_write_only_what_its_step_writes(secdb: SecDb, who: str) -> None:
    query, step, frm, to, sets = _OWN_STEPS[who]
    lg = secdb.logins[who]
    case = secdb.owner_scalar(query, scope=lg.scope, me=lg.person_id)
    assert case is not None, f"no case for {who} in the demo"
    data = {"supervise": '{"note": "hurry"}'}.get(step, "{}")
    if step == "request_extension":
        until = secdb.owner_scalar("SELECT deadline + interval '2 days' FROM events WHERE id = :i", i=case)
        data = json.dumps({"until": until.isoformat()})

    def take(extra: str) -> None:
        with secdb.connect(who) as conn:
            clause = ", ".join(c for c in (sets, extra) if c)
            conn.execute(
                f"UPDATE events SET status = %s, version = version + 1, updated_at = now()"
                f"{', ' + clause if clause else ''} WHERE id = %s",
                (to, case),
            )
            conn.execute(
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, data) "
                "VALUES (%s, %s, cc_current_person(), %s, %s, %s)",
                (case, step, frm, to, data),
            )
            conn.rollback()  # checked at the trail row: getting here means accepted

    take("")
    with pytest.raises(errors.InsufficientPrivilege, match=f"step {step} refused: deadline"):
        take("deadline = now() + interval '10 years'")
    with pytest.raises(errors.InsufficientPrivilege, match="reworks is"):
        take("reworks = reworks + 1")


@pytest.mark.parametrize("who", ROLES)
def test_trail_cannot_be_changed_by_anyone(secdb: SecDb, who: str) -> None:
    with secdb.connect(who) as conn:
        step = conn.execute("SELECT id FROM event_steps LIMIT 1").fetchone()
    assert step is not None, f"{who} sees no trail at all"
    for sql in (
        "UPDATE event_steps SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM event_steps WHERE id = %s",
        "UPDATE ratings SET stars = 5 WHERE id = %s",
        "DELETE FROM media WHERE id = %s",
        "DELETE FROM events WHERE id = %s",
    ):
        with secdb.connect(who) as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute(sql, (step[0],))
    with secdb.connect(who) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("TRUNCATE event_steps")


@pytest.mark.parametrize("who", ROLES)
def test_reference_tables_are_readable(secdb: SecDb, who: str) -> None:
    with secdb.connect(who) as conn:
        for table in ("grids", "logical_grids", "categories", "category_limits", "role_grants", "change_log"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 0
        assert conn.execute("SELECT count(*) FROM grids").fetchone()[0] > 10


# ------------------------------------------------------------------------------------------ operator


def test_township_operator_sees_only_its_township(secdb: SecDb) -> None:
    scope = secdb.logins["operator"].scope
    assert scope is not None and len(scope) == 9
    seen = _visible_ids(secdb, "operator")
    expected = {
        r[0]
        for r in secdb.owner_rows(
            "SELECT e.id FROM events e LEFT JOIN grids g ON g.id = e.grid_id "
            "LEFT JOIN grids rg ON rg.id = e.responsible_grid_id "
            "WHERE starts_with(g.code, :s) OR (e.responsible_kind IN ('grid', 'center') AND starts_with(rg.code, :s)) "
            "OR e.reporter_id = :me OR e.assignee_id = :me",
            s=scope,
            me=secdb.logins["operator"].person_id,
        )
    }
    assert seen and seen == expected
    assert len(seen) < secdb.owner_scalar("SELECT count(*) FROM events")
    # operators need the reporter's contact to call back: unmasked
    with secdb.connect("operator") as conn:
        phones = [
            r[0] for r in _rows(conn, "SELECT reporter_phone FROM events WHERE reporter_phone IS NOT NULL")
        ]
        public = [
            r[0]
            for r in _rows(conn, "SELECT reporter_phone FROM events_public WHERE reporter_phone IS NOT NULL")
        ]
    assert phones and all("*" not in p for p in phones) and sorted(phones) == sorted(public)


def test_township_operator_cannot_change_another_townships_case(secdb: SecDb) -> None:
    scope = secdb.logins["operator"].scope
    other = secdb.owner_scalar(
        "SELECT e.id FROM events e JOIN grids g ON g.id = e.grid_id WHERE NOT starts_with(g.code, :s) "
        "AND e.responsible_kind IS DISTINCT FROM 'logical' AND e.status NOT IN ('closed', 'voided') "
        "ORDER BY e.id LIMIT 1",
        s=scope,
    )
    with secdb.connect("operator") as conn:
        cur = conn.execute(
            "UPDATE events SET status = 'closed', version = version + 1 WHERE id = %s", (other,)
        )
        assert cur.rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # cannot report into another township either
                "INSERT INTO events (category_id, title, grid_id) VALUES ((SELECT min(id) FROM categories), "
                "'x', (SELECT id FROM grids WHERE level = 'grid' AND NOT starts_with(code, %s) LIMIT 1))",
                (scope,),
            )


def test_district_operator_sees_everything_placed_and_unplaced(secdb: SecDb) -> None:
    unplaced = {r[0] for r in secdb.owner_rows("SELECT id FROM events WHERE grid_id IS NULL")}
    seen = _visible_ids(secdb, "district")
    assert unplaced <= seen
    # the district center's scope is the whole district, placed or not
    assert unplaced and len(seen) == secdb.owner_scalar("SELECT count(*) FROM events")
    township_seen = _visible_ids(secdb, "operator")
    assert not (unplaced & township_seen)


# --------------------------------------------------------------------------------- leader and admin


def test_leader_sees_all_cases_with_contacts_masked_and_creates_none(secdb: SecDb) -> None:
    total = secdb.owner_scalar("SELECT count(*) FROM events")
    assert len(_visible_ids(secdb, "leader")) == total
    with secdb.connect("leader") as conn:
        phones = [
            r[0] for r in _rows(conn, "SELECT reporter_phone FROM events_public WHERE reporter_phone <> ''")
        ]
        assert phones and all("****" in p for p in phones)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT reporter_name FROM events")
    with secdb.connect("leader") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("INSERT INTO events (category_id, title) VALUES ((SELECT min(id) FROM categories), 'x')")


def test_leader_may_supervise_any_case(secdb: SecDb) -> None:
    case = secdb.owner_scalar(
        "SELECT id FROM events WHERE status = 'in_progress' AND NOT supervised ORDER BY id DESC LIMIT 1"
    )
    with secdb.connect("leader") as conn:
        status = conn.execute("SELECT status FROM events WHERE id = %s", (case,)).fetchone()[0]
        conn.execute(
            "UPDATE events SET supervised = true, supervision_note = 'hurry', version = version + 1 WHERE id = %s",
            (case,),
        )
        conn.execute(
            "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, note) "
            "VALUES (%s, 'supervise', cc_current_person(), %s, %s, 'hurry')",
            (case, status, status),
        )
        conn.commit()
    assert secdb.owner_scalar("SELECT supervised FROM events WHERE id = :i", i=case) is True


def test_admin_sees_all_with_contacts_and_maintains_reference_data(secdb: SecDb) -> None:
    total = secdb.owner_scalar("SELECT count(*) FROM events")
    assert len(_visible_ids(secdb, "admin")) == total
    with secdb.connect("admin") as conn:
        phones = [r[0] for r in _rows(conn, "SELECT reporter_phone FROM events WHERE reporter_phone <> ''")]
        assert phones and all("*" not in p for p in phones)
        conn.execute("UPDATE categories SET name = name WHERE id = (SELECT min(id) FROM categories)")
        conn.execute("UPDATE people SET name = name WHERE id = cc_current_person()")
        conn.rollback()


# ------------------------------------------------------------------------------------------- worker


def test_grid_worker_sees_only_its_cases_and_grid(secdb: SecDb) -> None:
    w = secdb.logins["worker"]
    seen = _visible_ids(secdb, "worker")
    expected = {
        r[0]
        for r in secdb.owner_rows(
            "SELECT e.id FROM events e LEFT JOIN grids g ON g.id = e.grid_id "
            "WHERE e.assignee_id = :me OR e.reporter_id = :me OR starts_with(g.code, :s) "
            "OR e.grid_id IN (SELECT r.grid_id FROM role_grants r WHERE r.person_id = :me AND r.role = 'grid_worker')",
            me=w.person_id,
            s=w.scope,
        )
    }
    assert seen and seen == expected
    with secdb.connect("worker") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT reporter_phone FROM events")


def test_people_who_are_only_citizens_are_hidden_from_masked_roles(secdb: SecDb) -> None:
    citizens = secdb.owner_scalar(
        "SELECT count(*) FROM people p WHERE EXISTS (SELECT 1 FROM role_grants r WHERE r.person_id = p.id "
        "AND r.role = 'citizen') AND NOT EXISTS (SELECT 1 FROM role_grants r WHERE r.person_id = p.id "
        "AND r.role <> 'citizen')"
    )
    total = secdb.owner_scalar("SELECT count(*) FROM people")
    assert citizens
    for who, visible in (("liaison", total - citizens), ("leader", total - citizens), ("operator", total)):
        with secdb.connect(who) as conn:
            assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == visible, who
