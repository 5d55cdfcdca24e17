"""Migration 0007: a personal login's step must write what the step writes, with arguments the app
allows. The services run through each role's own password connection (whole loops, every role); raw
SQL over the same connections is refused wherever the services refuse, and accepted when it writes
exactly what the step would.
"""

from __future__ import annotations

import importlib
import json
import random
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from commandcenter.db.engine import make_engine, session_factory
from commandcenter.domain.permissions import PermissionDenied
from commandcenter.domain.status import SlaStep
from commandcenter.domain.workflow import BadStepArgs, StepNotAllowed
from commandcenter.security import logins
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import load_event, replayed_state, state_of
from commandcenter.services.sla_clock import STAGE_OF, Clock
from tests.security.conftest import PORT, SecDb

pytestmark = pytest.mark.postgres

M5 = importlib.import_module("commandcenter.db.migrations.versions.0005_security")
M7 = importlib.import_module("commandcenter.db.migrations.versions.0007_step_checks")

CATEGORY = "XG01"  # the small demo's category with limits on all four stages


# ------------------------------------------------------------------------------------------ parity


def test_the_checked_columns_are_0005s_workflow_columns() -> None:
    assert M7.WORKFLOW_COLUMNS == M5.WORKFLOW_COLUMNS


def test_the_sql_stages_are_the_sla_clocks() -> None:
    assert {s.value: st.value for s, st in STAGE_OF.items()} == M7.STAGE_OF


def test_the_sql_step_arguments_are_the_workflows() -> None:
    from commandcenter.domain.status import Step
    from commandcenter.domain.workflow import step_args

    for step in Step:
        assert set(M7.STEP_ARGS.get(step.value, ())) | set(M7.NOTE_ARGS) == step_args(step), step


def test_the_sql_clock_is_the_services_clock(secdb: SecDb) -> None:
    """cc_due / cc_push (and through them cc_add_working_time, cc_working_time, cc_is_workday) give
    what services.sla_clock gives, over the demo's limits and calendar (holidays, 调休 weekends)."""
    rnd = random.Random(7)
    with Session(secdb.owner) as s:
        cats = [r[0] for r in s.execute(text("SELECT DISTINCT category_id FROM category_limits"))]
        assert s.execute(text("SELECT count(*) FROM calendar_days")).scalar()
        units = {r[0] for r in s.execute(text("SELECT DISTINCT unit FROM category_limits"))}
        assert units == {"hours", "workdays"}
        for _ in range(150):
            cat, stage = rnd.choice(cats), rnd.choice(list(SlaStep))
            start = datetime(2025, 9, 20, tzinfo=UTC) + timedelta(seconds=rnd.randrange(0, 500 * 86400))
            clock = Clock.load(s, cat)
            sql = s.execute(
                text("SELECT cc_due(:c, :s, :t)"), {"c": cat, "s": stage.value, "t": start}
            ).scalar()
            assert sql == clock.due(stage, start), (cat, stage, start)
            parked = start + timedelta(seconds=rnd.randrange(0, 20 * 86400))
            resumed = parked + timedelta(seconds=rnd.randrange(0, 12 * 86400))
            sql = s.execute(
                text("SELECT cc_push(:t, :c, :s, :p, :r)"),
                {"c": cat, "s": stage.value, "t": start, "p": parked, "r": resumed},
            ).scalar()
            assert sql == clock.push(start, stage, parked, resumed), (cat, stage, start, parked, resumed)


# ------------------------------------------------------------------------------------------ logins


class People:
    """Logins made on demand for people of the demo (cleaned up with the run's tag by conftest)."""

    def __init__(self, db: SecDb) -> None:
        self.db = db
        self.made: dict[str, tuple[str, str]] = {}  # person code -> (login, password)
        for lg in db.logins.values():
            self.made[lg.person_code] = (lg.login, lg.password)

    def login(self, code: str) -> tuple[str, str]:
        if code not in self.made:
            login = f"{self.db.tag}_p{uuid.uuid4().hex[:6]}"
            password = "pw-" + uuid.uuid4().hex[:10]
            with self.db.owner.begin() as conn:
                conn.execute(
                    text("UPDATE people SET login = NULL, active = true WHERE code = :c"), {"c": code}
                )
            logins.create_login(self.db.owner, login, code, password)
            self.made[code] = (login, password)
        return self.made[code]

    def engine(self, code: str) -> Engine:
        login, password = self.login(code)
        return make_engine(f"postgresql+psycopg://{login}:{password}@127.0.0.1:{PORT}/{self.db.database}")

    def connect(self, code: str) -> psycopg.Connection:
        login, password = self.login(code)
        return psycopg.connect(
            host="127.0.0.1", port=PORT, dbname=self.db.database, user=login, password=password
        )

    def run(self, code: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A service call as that person over their own login."""
        engine = self.engine(code)
        try:
            with session_factory(engine)() as session:
                return fn(session, code, *args, **kwargs)
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def people(secdb: SecDb) -> Iterator[People]:
    yield People(secdb)


def _code(db: SecDb, who: str) -> str:
    return db.logins[who].person_code


def _township_grid_and_worker(db: SecDb) -> tuple[str, float, float, str]:
    """A leaf grid of the operator's township with an active worker: (code, lat, lon, worker code)."""
    row = db.owner_rows(
        "SELECT g.code, g.centroid_lat, g.centroid_lon, p.code FROM grids g "
        "JOIN grid_memberships m ON m.grid_id = g.id AND m.role = 'grid_worker' "
        "JOIN people p ON p.id = m.person_id AND p.active "
        "WHERE g.level = 'grid' AND starts_with(g.code, :s) ORDER BY g.code, m.id LIMIT 1",
        s=db.logins["operator"].scope,
    )[0]
    return row[0], row[1], row[2], row[3]


def _other_township_grid(db: SecDb) -> str:
    return str(
        db.owner_scalar(
            "SELECT code FROM grids WHERE level = 'grid' AND NOT starts_with(code, :s) ORDER BY code LIMIT 1",
            s=db.logins["operator"].scope,
        )
    )


def _trail(db: SecDb, case: int) -> list[str]:
    return [
        r[0] for r in db.owner_rows("SELECT step FROM event_steps WHERE event_id = :i ORDER BY id", i=case)
    ]


def _consistent(db: SecDb, case: int) -> None:
    """The row is what its trail replays to (the services' audit)."""
    with Session(db.owner) as s:
        event = load_event(s, case)
        assert replayed_state(s, event) == state_of(s, event)


# ------------------------------------------------------------------------- the services, every role


def test_a_whole_loop_through_the_services_over_personal_logins(secdb: SecDb, people: People) -> None:
    """Every step the app takes, each by a role that may, each over that person's own login: the
    database's checks accept all of them (and the trail replays to the row)."""
    op, district, leader, admin = (_code(secdb, w) for w in ("operator", "district", "leader", "admin"))
    liaison = _code(secdb, "liaison")
    grid, lat, lon, worker = _township_grid_and_worker(secdb)

    made = people.run(
        op, ops.report, category=CATEGORY, lat=lat, lon=lon, title="路灯不亮", reporter_phone="13900001111"
    )
    case = made.event_id
    people.run(op, ops.verify, case, note="属实")
    people.run(op, ops.route, case, to=f"grid:{grid}")
    people.run(op, ops.assign, case, to=worker)
    people.run(worker, ops.accept, case)
    people.run(worker, ops.request_extension, case, hours=4, reason="缺配件")
    people.run(op, ops.approve_extension, case)
    people.run(worker, ops.reply, case, result="已修复", media=["https://x/1.jpg"])
    people.run(op, ops.check, case, passed=False, note="仍不亮")
    people.run(worker, ops.reply, case, result="更换灯泡")
    people.run(op, ops.check, case, passed=True)
    people.run(admin, ops.rate, case, stars=4, comment="好")
    people.run(leader, ops.close, case)
    people.run(op, ops.reopen, case, to_verification=True, reason="又坏了")
    people.run(op, ops.park, case, reason="等电力公司")
    people.run(op, ops.resume, case)
    people.run(op, ops.escalate, case, reason="跨部门")
    people.run(district, ops.route, case, to="logical:LG02")
    people.run(liaison, ops.assign, case, to=liaison)
    people.run(leader, ops.supervise, case, note="本周内")
    people.run(liaison, ops.accept, case)
    people.run(liaison, ops.request_extension, case, hours=8, reason="需协调")
    people.run(leader, ops.reject_extension, case, reason="不批")
    people.run(liaison, ops.send_back, case, reason="不归我们")
    people.run(liaison, ops.assign, case, to=liaison)
    people.run(liaison, ops.accept, case)
    people.run(liaison, ops.reply, case, result="已协调处理")
    people.run(district, ops.check, case, passed=True)
    people.run(district, ops.close, case)
    people.run(op, ops.reopen, case, assignee=worker, to=f"grid:{grid}", reason="复发")
    people.run(worker, ops.reply, case, result="再次修复")
    assert _trail(secdb, case) == [
        "report", "verify", "route", "assign", "accept", "request_extension", "approve_extension",
        "reply", "check_fail", "reply", "check_pass", "rate", "close", "reopen", "park", "resume",
        "escalate", "route", "assign", "supervise", "accept", "request_extension", "reject_extension",
        "send_back", "assign", "accept", "reply", "check_pass", "close", "reopen", "reply",
    ]  # fmt: skip
    _consistent(secdb, case)
    assert secdb.owner_scalar("SELECT count(*) FROM cc_step_tokens") == 0


def test_grid_workers_and_liaisons_create_cases_through_the_services(secdb: SecDb, people: People) -> None:
    grid, lat, lon, worker = _township_grid_and_worker(secdb)
    handled = people.run(
        worker, ops.self_handle, category=CATEGORY, lat=lat, lon=lon, title="井盖松动", result="已复位"
    )
    reported = people.run(worker, ops.report, category=CATEGORY, lat=lat, lon=lon, title="垃圾满溢")
    task = people.run(
        _code(secdb, "liaison"), ops.task, category=CATEGORY, title="核查摊位", to=f"grid:{grid}"
    )
    to_center = people.run(
        _code(secdb, "liaison"),
        ops.task,
        category=CATEGORY,
        title="协助",
        to=f"center:{grid[:9]}",
        lat=lat,
        lon=lon,
    )
    for changed in (handled, reported, task, to_center):
        _consistent(secdb, changed.event_id)
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=task.event_id) == "assigned"
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=to_center.event_id) == "routed"


def test_a_worker_sends_back_a_case_routed_to_their_grid(secdb: SecDb, people: People) -> None:
    grid, lat, lon, worker = _township_grid_and_worker(secdb)
    op = _code(secdb, "operator")
    case = people.run(op, ops.report, category=CATEGORY, lat=lat, lon=lon, title="不归网格").event_id
    people.run(op, ops.verify, case)
    people.run(op, ops.route, case, to=f"grid:{grid}")
    lg = secdb.owner_scalar("SELECT id FROM logical_grids WHERE code = 'LG02'")
    with people.connect(worker) as conn, pytest.raises(errors.InsufficientPrivilege, match="center above"):
        _raw_step(  # back to verification, but handed to a department on the way
            conn, case, "send_back", "routed", "verified", {"responsible": {"kind": "logical", "code": "LG02"}},
            "responsible_kind = 'logical', responsible_grid_id = NULL, responsible_logical_id = %s, "
            "sent_backs = sent_backs + 1", (lg,),
        )  # fmt: skip
    people.run(worker, ops.send_back, case, reason="不属于本网格")
    people.run(op, ops.route, case, to=f"center:{grid[:9]}")
    people.run(op, ops.send_back, case, reason="转回")
    assert _trail(secdb, case)[-1] == "send_back"
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=case) == "verified"
    _consistent(secdb, case)


# --------------------------------------------------------------- what the services refuse, raw SQL too


def _raw_step(
    conn: psycopg.Connection,
    case: int,
    step: str,
    frm: str | None,
    to: str,
    data: dict[str, Any] | None = None,
    sets: str = "",
    params: tuple = (),
    at: str = "now()",
) -> None:
    """One step as raw SQL: the row (version + 1, updated_at, `sets`), then its trail row."""
    assignments = f"status = %s, version = version + 1, updated_at = {at}" + (f", {sets}" if sets else "")
    conn.execute(f"UPDATE events SET {assignments} WHERE id = %s", (to, *params, case))
    conn.execute(
        "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, data, at) "
        f"VALUES (%s, %s, cc_current_person(), %s, %s, %s, {at})",
        (case, step, frm, to, json.dumps(data or {})),
    )


def _verified_case(secdb: SecDb, people: People) -> int:
    _, lat, lon, _ = _township_grid_and_worker(secdb)
    op = _code(secdb, "operator")
    case = people.run(op, ops.report, category=CATEGORY, lat=lat, lon=lon, title="测试").event_id
    people.run(op, ops.verify, case)
    return int(case)


def _lg02_routed_case(secdb: SecDb, people: People) -> int:
    case = _verified_case(secdb, people)
    people.run(_code(secdb, "operator"), ops.route, case, to="logical:LG02")
    return case


def test_routing_outside_the_operators_area_is_refused(secdb: SecDb, people: People) -> None:
    case = _verified_case(secdb, people)
    op = _code(secdb, "operator")
    other = _other_township_grid(secdb)
    with pytest.raises(PermissionDenied, match="outside"):
        people.run(op, ops.route, case, to=f"grid:{other}")
    other_id = secdb.owner_scalar("SELECT id FROM grids WHERE code = :c", c=other)
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="outside the units"):
        _raw_step(
            conn, case, "route", "verified", "routed", {"responsible": {"kind": "grid", "code": other}},
            "responsible_kind = 'grid', responsible_grid_id = %s", (other_id,),
        )  # fmt: skip
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="no such unit"):
        _raw_step(  # a unit that does not exist, or of the wrong kind
            conn, case, "route", "verified", "routed", {"responsible": {"kind": "center", "code": other}},
            "responsible_kind = 'center', responsible_grid_id = %s", (other_id,),
        )  # fmt: skip
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="responsible_grid_id"):
        _raw_step(  # the trail names a unit in scope, the row another
            conn, case, "route", "verified", "routed", {"responsible": {"kind": "logical", "code": "LG02"}},
            "responsible_kind = 'logical', responsible_grid_id = %s", (other_id,),
        )  # fmt: skip
    # the same raw step to a department is what the app does: accepted
    lg = secdb.owner_scalar("SELECT id FROM logical_grids WHERE code = 'LG02'")
    with people.connect(op) as conn:
        _raw_step(
            conn, case, "route", "verified", "routed", {"responsible": {"kind": "logical", "code": "LG02"}},
            "responsible_kind = 'logical', responsible_logical_id = %s", (lg,),
        )  # fmt: skip
        conn.commit()
    _consistent(secdb, case)


def _assign_sets(deadline: datetime) -> tuple[str, tuple]:
    return (
        "assignee_id = %s, deadline = %s, step_deadline = %s, step_started_at = now(), dispatched_at = now()",
        (deadline, deadline),
    )


def test_liaison_assigning_outside_its_department_or_a_far_deadline_is_refused(
    secdb: SecDb, people: People
) -> None:
    case = _lg02_routed_case(secdb, people)
    liaison = _code(secdb, "liaison")
    outsider = str(
        secdb.owner_scalar(
            "SELECT p.code FROM people p JOIN logical_memberships m ON m.person_id = p.id "
            "JOIN logical_grids l ON l.id = m.logical_grid_id WHERE NOT starts_with(l.code, 'LG02') "
            "AND p.active AND p.id NOT IN (SELECT m2.person_id FROM logical_memberships m2 "
            "JOIN logical_grids l2 ON l2.id = m2.logical_grid_id WHERE starts_with(l2.code, 'LG02')) "
            "AND NOT EXISTS (SELECT 1 FROM grid_memberships g WHERE g.person_id = p.id) "  # no grid's worker
            "ORDER BY p.id LIMIT 1"
        )
    )
    outsider_id = secdb.owner_scalar("SELECT id FROM people WHERE code = :c", c=outsider)
    me = secdb.logins["liaison"].person_id
    with pytest.raises(BadStepArgs, match="neither a member"):
        people.run(liaison, ops.assign, case, to=outsider)
    far = datetime.now(UTC) + timedelta(days=400)
    with pytest.raises(BadStepArgs, match="later than the category's handling limit"):
        people.run(liaison, ops.assign, case, to=liaison, deadline=far)
    cat = secdb.owner_scalar("SELECT category_id FROM events WHERE id = :i", i=case)

    def assign_raw(person: int, deadline: datetime | None) -> None:
        with people.connect(liaison) as conn:
            (due,) = conn.execute("SELECT cc_due(%s, 'handle', now())", (cat,)).fetchone()
            deadline = deadline or due
            sets, params = _assign_sets(deadline)
            _raw_step(
                conn, case, "assign", "routed", "assigned",
                {"assignee_id": person, "deadline": deadline.isoformat()}, sets, (person, *params),
            )  # fmt: skip
            conn.commit()

    with pytest.raises(errors.InsufficientPrivilege, match="may not hold cases"):
        assign_raw(outsider_id, None)
    with pytest.raises(errors.InsufficientPrivilege, match="later than the category's handling limit"):
        assign_raw(me, far)
    with pytest.raises(errors.InsufficientPrivilege, match="not after the step"):
        assign_raw(me, datetime.now(UTC) - timedelta(hours=1))
    assign_raw(me, None)  # what the app does: accepted
    assert secdb.owner_scalar("SELECT assignee_id FROM events WHERE id = :i", i=case) == me
    _consistent(secdb, case)


def test_a_task_may_carry_its_own_deadline_within_a_year(secdb: SecDb, people: People) -> None:
    grid, _lat, _lon, _worker = _township_grid_and_worker(secdb)
    liaison = _code(secdb, "liaison")
    now = datetime.now(UTC)
    month = people.run(liaison, ops.task, category=CATEGORY, title="月底前核查", to=f"grid:{grid}",
                       deadline=now + timedelta(days=30))  # fmt: skip
    _consistent(secdb, month.event_id)
    with pytest.raises(BadStepArgs, match="more than 366 days ahead"):
        people.run(
            liaison,
            ops.task,
            category=CATEGORY,
            title="x",
            to=f"grid:{grid}",
            deadline=now + timedelta(days=800),
        )
    cat = secdb.owner_scalar("SELECT id FROM categories WHERE code = :c", c=CATEGORY)
    problem = "SELECT cc_deadline_problem(:c, now(), now() + make_interval(days => :d), :task)"
    assert secdb.owner_scalar(problem, c=cat, d=30, task=True) is None
    assert "366 days" in secdb.owner_scalar(problem, c=cat, d=800, task=True)
    assert "handling limit" in secdb.owner_scalar(problem, c=cat, d=30, task=False)  # XG01's limit is shorter
    with (
        people.connect(liaison) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="permission denied"),
    ):
        conn.execute("SELECT cc_deadline_problem(1, now(), now(), false)")  # the checks are not for logins


def test_columns_a_step_does_not_write_stay_as_they_were(secdb: SecDb, people: People) -> None:
    case = _lg02_routed_case(secdb, people)
    liaison = _code(secdb, "liaison")
    people.run(liaison, ops.assign, case, to=liaison)
    with people.connect(liaison) as conn, pytest.raises(errors.InsufficientPrivilege, match="deadline"):
        _raw_step(
            conn, case, "accept", "assigned", "in_progress", {}, "deadline = deadline + interval '30 days'"
        )
    with people.connect(liaison) as conn, pytest.raises(errors.InsufficientPrivilege, match="rating is 5"):
        _raw_step(
            conn, case, "accept", "assigned", "in_progress", {}, "reworks = 0, sent_backs = 0, rating = 5"
        )
    with people.connect(liaison) as conn, pytest.raises(errors.InsufficientPrivilege, match="version"):
        conn.execute("UPDATE events SET status = 'in_progress', version = version + 5 WHERE id = %s", (case,))
        conn.execute(
            "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
            "VALUES (%s, 'accept', cc_current_person(), 'assigned', 'in_progress')",
            (case,),
        )
    with (
        people.connect(liaison) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="unexpected arguments stars"),
    ):
        _raw_step(
            conn, case, "accept", "assigned", "in_progress", {"stars": 5}
        )  # a trail that would not replay
    with people.connect(liaison) as conn, pytest.raises(errors.InsufficientPrivilege, match="not now"):
        _raw_step(conn, case, "accept", "assigned", "in_progress", {}, at="now() - interval '3 days'")
    with people.connect(liaison) as conn:  # the plain accept: accepted
        _raw_step(conn, case, "accept", "assigned", "in_progress")
        conn.commit()
    _consistent(secdb, case)


def test_one_trail_row_per_change(secdb: SecDb, people: People) -> None:
    case = _lg02_routed_case(secdb, people)
    liaison = _code(secdb, "liaison")
    people.run(liaison, ops.assign, case, to=liaison)
    with (
        people.connect(liaison) as conn,
        pytest.raises(errors.InsufficientPrivilege, match=r"row-level|one trail row"),
    ):
        _raw_step(conn, case, "accept", "assigned", "in_progress")
        conn.execute(
            "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status) "
            "VALUES (%s, 'accept', cc_current_person(), 'assigned', 'in_progress')",
            (case,),
        )


def test_an_administrator_cannot_edit_a_closed_cases_columns(secdb: SecDb, people: People) -> None:
    admin = _code(secdb, "admin")
    case = int(
        secdb.owner_scalar(
            "SELECT id FROM events WHERE status = 'closed' AND rating IS NULL ORDER BY id LIMIT 1"
        )
    )
    with (
        people.connect(admin) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="does not change title"),
    ):
        _raw_step(conn, case, "rate", "closed", "closed", {"stars": 5}, "rating = 5, title = 'rewritten'")
    with people.connect(admin) as conn, pytest.raises(errors.InsufficientPrivilege, match="closed_at"):
        _raw_step(conn, case, "rate", "closed", "closed", {"stars": 5}, "rating = 5, closed_at = now()")
    with people.connect(admin) as conn, pytest.raises(errors.InsufficientPrivilege, match="deadline"):
        _raw_step(
            conn,
            case,
            "rate",
            "closed",
            "closed",
            {"stars": 5},
            "rating = 5, deadline = now() + interval '1 year'",
        )


def test_one_rating_per_closing(secdb: SecDb, people: People) -> None:
    admin = _code(secdb, "admin")
    rated = int(
        secdb.owner_scalar(
            "SELECT id FROM events WHERE status = 'closed' AND rating IS NOT NULL ORDER BY id LIMIT 1"
        )
    )
    with pytest.raises(StepNotAllowed, match="already rated"):
        people.run(admin, ops.rate, rated, stars=1)
    with people.connect(admin) as conn, pytest.raises(errors.InsufficientPrivilege, match="already rated"):
        _raw_step(conn, rated, "rate", "closed", "closed", {"stars": 1}, "rating = 1")
    unrated = int(
        secdb.owner_scalar(
            "SELECT id FROM events WHERE status = 'closed' AND rating IS NULL ORDER BY id LIMIT 1"
        )
    )
    with people.connect(admin) as conn, pytest.raises(errors.InsufficientPrivilege, match="stars"):
        _raw_step(conn, unrated, "rate", "closed", "closed", {"stars": 9}, "rating = 9")
    me = secdb.logins["admin"].person_id
    with (
        people.connect(admin) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
    ):
        _raw_step(conn, unrated, "rate", "closed", "closed", {"stars": 5}, "rating = 5")
        conn.execute(  # a ratings row with other stars than the step gave
            "INSERT INTO ratings (event_id, stars, rater_id, rated_at) VALUES (%s, 1, %s, now())",
            (unrated, me),
        )
    with (
        people.connect(admin) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
    ):
        _raw_step(conn, unrated, "rate", "closed", "closed", {"stars": 5}, "rating = 5")
        conn.execute(
            "INSERT INTO ratings (event_id, stars, rater_id, rated_at) VALUES (%s, 5, %s, now())",
            (unrated, me),
        )
        conn.execute(  # a second ratings row in the same step
            "INSERT INTO ratings (event_id, stars, rater_id, rated_at) VALUES (%s, 5, %s, now())",
            (unrated, me),
        )
    people.run(admin, ops.rate, unrated, stars=5)  # once: accepted
    assert (
        secdb.owner_scalar("SELECT count(*) FROM ratings WHERE event_id = :i AND stars = 5", i=unrated) >= 1
    )
    _consistent(secdb, unrated)


def test_an_extension_is_decided_only_while_one_is_pending(secdb: SecDb, people: People) -> None:
    case = _lg02_routed_case(secdb, people)
    liaison, leader = _code(secdb, "liaison"), _code(secdb, "leader")
    people.run(liaison, ops.assign, case, to=liaison)
    with pytest.raises(StepNotAllowed, match="no extension request is pending"):
        people.run(leader, ops.approve_extension, case)
    with (
        people.connect(leader) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="no extension request"),
    ):
        _raw_step(
            conn, case, "approve_extension", "assigned", "assigned", {"until": "2030-01-01T00:00:00+00:00"},
            "deadline = '2030-01-01T00:00:00+00:00', step_deadline = '2030-01-01T00:00:00+00:00'",
        )  # fmt: skip
    people.run(liaison, ops.request_extension, case, hours=6, reason="需协调")
    with (
        people.connect(liaison) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="already pending"),
    ):
        _raw_step(
            conn, case, "request_extension", "assigned", "assigned", {"until": "2031-01-01T00:00:00+00:00"},
            "extension_until = '2031-01-01T00:00:00+00:00'",
        )  # fmt: skip
    with people.connect(leader) as conn, pytest.raises(errors.InsufficientPrivilege, match="deadline is"):
        _raw_step(  # approving moves the deadline to the one asked for, not another
            conn, case, "approve_extension", "assigned", "assigned", {},
            "extension_until = NULL, deadline = extension_until + interval '9 days', "
            "step_deadline = extension_until + interval '9 days'",
        )  # fmt: skip
    with people.connect(leader) as conn:
        _raw_step(
            conn, case, "approve_extension", "assigned", "assigned", {},
            "deadline = extension_until, step_deadline = extension_until, extension_until = NULL",
        )  # fmt: skip
        conn.commit()
    _consistent(secdb, case)


def test_resume_returns_to_where_the_case_was_parked_from(secdb: SecDb, people: People) -> None:
    case = _verified_case(secdb, people)
    op = _code(secdb, "operator")
    people.run(op, ops.park, case, reason="等")
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="status is reported"):
        _raw_step(  # a legal move of the state machine, but not back to where it was
            conn, case, "resume", "parked", "reported", {}, "parked_from = NULL, parked_at = NULL"
        )
    people.run(op, ops.resume, case)
    assert secdb.owner_scalar("SELECT status FROM events WHERE id = :i", i=case) == "verified"
    _consistent(secdb, case)


def test_escalation_goes_to_the_center_above(secdb: SecDb, people: People) -> None:
    case = _verified_case(secdb, people)
    op = _code(secdb, "operator")
    township = secdb.logins["operator"].scope
    tid = secdb.owner_scalar("SELECT id FROM grids WHERE code = :c", c=township)
    cat = secdb.owner_scalar("SELECT category_id FROM events WHERE id = :i", i=case)
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="center above"):
        (due,) = conn.execute("SELECT cc_due(%s, 'dispatch', now())", (cat,)).fetchone()
        _raw_step(  # escalating to its own township's center instead of the district
            conn, case, "escalate", "verified", "verified", {"responsible": {"kind": "center", "code": township}},
            "responsible_kind = 'center', responsible_grid_id = %s, step_started_at = now(), step_deadline = %s, "
            "dispatch_due_at = %s", (tid, due, due),
        )  # fmt: skip
    people.run(op, ops.escalate, case)
    assert (
        secdb.owner_scalar(
            "SELECT g.level FROM events e JOIN grids g ON g.id = e.responsible_grid_id WHERE e.id = :i",
            i=case,
        )
        == "district"
    )


def test_a_grid_worker_cannot_self_handle_for_someone_else_or_elsewhere(secdb: SecDb, people: People) -> None:
    grid, lat, lon, worker = _township_grid_and_worker(secdb)
    gid = secdb.owner_scalar("SELECT id FROM grids WHERE code = :c", c=grid)
    other = secdb.logins["liaison"].person_id
    cat = secdb.owner_scalar("SELECT id FROM categories WHERE code = :c", c=CATEGORY)

    def self_handle(assignee: str, unit_grid: int) -> None:
        with people.connect(worker) as conn:
            (eid,) = conn.execute(
                "INSERT INTO events (category_id, title, source, lat, lon, grid_id, reporter_id, received_at, "
                "status, assignee_id, responsible_kind, responsible_grid_id, replied_at, step_started_at, "
                "step_deadline, updated_at, priority) VALUES (%s, 't', 'patrol', %s, %s, %s, cc_current_person(), "
                f"now(), 'replied', {assignee}, 'grid', %s, now(), now(), cc_due(%s, 'check', now()), now(), 2) "
                "RETURNING id",
                (cat, lat, lon, gid, unit_grid, cat),
            ).fetchone()
            code = conn.execute("SELECT code FROM grids WHERE id = %s", (unit_grid,)).fetchone()[0]
            data = {"assignee_id": other if assignee != "cc_current_person()" else None,
                    "responsible": {"kind": "grid", "code": code}}  # fmt: skip
            if data["assignee_id"] is None:
                data["assignee_id"] = conn.execute("SELECT cc_current_person()").fetchone()[0]
            conn.execute(
                "INSERT INTO event_steps (event_id, step, actor_id, from_status, to_status, data) "
                "VALUES (%s, 'self_handle', cc_current_person(), NULL, 'replied', %s)",
                (eid, json.dumps(data)),
            )
            conn.commit()

    with pytest.raises(errors.InsufficientPrivilege, match="assignee"):
        self_handle(str(other), gid)
    other_grid = secdb.owner_scalar(
        "SELECT id FROM grids WHERE level = 'grid' AND code <> :c ORDER BY code LIMIT 1", c=grid
    )
    with pytest.raises(errors.InsufficientPrivilege, match="grid it lies in"):
        self_handle("cc_current_person()", int(other_grid))
    self_handle("cc_current_person()", gid)  # the one the app writes: accepted


def test_a_correct_raw_reply_with_the_clock_computed_in_sql_is_accepted(secdb: SecDb, people: People) -> None:
    """The checks ask for exactly what the step writes, which SQL can compute (cc_due)."""
    case = _lg02_routed_case(secdb, people)
    liaison = _code(secdb, "liaison")
    people.run(liaison, ops.assign, case, to=liaison)
    people.run(liaison, ops.accept, case)
    with people.connect(liaison) as conn:
        _raw_step(
            conn, case, "reply", "in_progress", "replied", {"result": "done"},
            "replied_at = now(), step_started_at = now(), step_deadline = cc_due(category_id, 'check', now())",
        )  # fmt: skip
        conn.commit()
    _consistent(secdb, case)
