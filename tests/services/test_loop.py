"""A demo case walked through the whole loop by the services, on both backends.

Report, verify, route, assign, accept, extension, parking, reply, failed check (rework), reply, check,
rating, closing, reopening and closing again; after every step the row, the SLA columns and the trail
are checked, and the trail must replay to the row's state.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid, Media, Rating
from commandcenter.domain.status import Status, Step, UnitKind
from commandcenter.domain.workflow import UnitRef
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import audit, load_event, replayed_state, state_of, trail_rows
from commandcenter.services.changes import Changed
from commandcenter.services.routing import suggest_route
from commandcenter.services.tables import EVENTS
from commandcenter.services.units import find_person

CN = ZoneInfo("Asia/Shanghai")
TOWNSHIP = "511503001"  # 沙坪街道; its operators are O0011 and O0012
GRID = "511503001001003"
CITIZEN, OPERATOR, LIAISON, HANDLER, LEADER = "R00001", "O0011", "GLG02S", "GLG02L", "L001"


def cn(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=CN)


def fresh(session: Session, code: str):  # type: ignore[no-untyped-def]
    session.rollback()
    return load_event(session, code)


def due(session: Session, event_id: int) -> tuple[datetime | None, datetime | None]:
    row = session.execute(
        select(EVENTS.c.verify_due_at, EVENTS.c.dispatch_due_at).where(EVENTS.c.id == event_id)
    ).one()
    return row[0], row[1]


def test_a_demo_case_walks_the_whole_loop(demo_session: Session) -> None:
    s = demo_session
    lon, lat = s.execute(select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)).one()
    handler_id = find_person(s, HANDLER).id
    s.rollback()
    changes: list[Changed] = []

    def step(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        changed = fn(s, *args, **kwargs)
        changes.append(changed)
        ev = fresh(s, changed.code)
        assert ev.version == changed.version == len(changes)
        assert ev.status == changed.new_status
        assert audit(s, ev) == [], changed.step
        return ev

    ev = step(ops.report, CITIZEN, category="XG02", lat=lat, lon=lon, title="楼道堆放杂物", media=["m/1.jpg"],
              now=cn(20, 14))  # fmt: skip
    code = ev.code
    assert ev.status == Status.REPORTED and ev.source == "citizen_app" and ev.reporter_id is not None
    assert s.scalar(select(Grid.code).where(Grid.id == ev.grid_id)) == GRID
    assert (ev.step_started_at, ev.step_deadline) == (cn(20, 14), cn(20, 15))  # verify: 1 h
    assert due(s, ev.id) == (cn(20, 15), None)

    ev = step(ops.verify, OPERATOR, code, 1, note="属实", now=cn(20, 14, 20))
    assert ev.verified_at == cn(20, 14, 20)
    assert (ev.step_started_at, ev.step_deadline) == (cn(20, 14, 20), cn(20, 15, 20))  # dispatch: 1 h

    suggestion = suggest_route(s, ev)
    assert suggestion == UnitRef(UnitKind.LOGICAL, "LG02")
    s.rollback()
    ev = step(ops.route, OPERATOR, code, 2, to=suggestion, now=cn(20, 14, 30))
    assert ev.responsible_kind == "logical" and ev.responsible_logical_id is not None
    assert ev.step_deadline == cn(20, 15, 20)  # routing does not restart the dispatch clock

    ev = step(ops.assign, LIAISON, code, 3, to=HANDLER, now=cn(20, 14, 50))
    assert ev.assignee_id == handler_id and ev.dispatched_at == cn(20, 14, 50)
    assert ev.deadline == ev.step_deadline == cn(23, 14, 50)  # 1 working day: Friday -> Monday
    assert due(s, ev.id) == (cn(20, 15), cn(20, 15, 20))

    ev = step(ops.accept, HANDLER, code, 4, now=cn(20, 15))
    assert ev.status == Status.IN_PROGRESS

    ev = step(ops.request_extension, HANDLER, code, 5, hours=24, reason="需协调物业", now=cn(20, 16))
    assert (ev.deadline, ev.extension_until) == (cn(23, 14, 50), cn(24, 14, 50))
    ev = step(ops.approve_extension, LEADER, code, 6, now=cn(20, 17))
    assert (ev.deadline, ev.step_deadline, ev.extension_until) == (cn(24, 14, 50), cn(24, 14, 50), None)

    ev = step(ops.park, OPERATOR, code, 7, reason="等待业主回家", now=cn(23, 9))
    assert (ev.status, ev.parked_from, ev.parked_at) == (Status.PARKED, "in_progress", cn(23, 9))
    ev = step(ops.resume, OPERATOR, code, 8, now=cn(24, 9))
    assert ev.parked_seconds == 24 * 3600 and ev.parked_at is None
    assert ev.deadline == ev.step_deadline == cn(25, 14, 50)  # one working day parked

    ev = step(ops.reply, HANDLER, code, 9, result="已清理", media=["m/2.jpg"], now=cn(24, 10))
    assert ev.replied_at == cn(24, 10)
    assert (ev.step_started_at, ev.step_deadline) == (cn(24, 10), cn(24, 14))  # check: 4 h
    ev = step(ops.check, OPERATOR, code, 10, passed=False, note="仍有杂物", now=cn(24, 11))
    assert (ev.status, ev.reworks) == (Status.REWORK, 1)
    assert ev.deadline == ev.step_deadline == cn(25, 11)  # a fresh handling limit from the failed check
    ev = step(ops.reply, HANDLER, code, 11, result="已全部清理", now=cn(24, 15))
    ev = step(ops.check, OPERATOR, code, 12, passed=True, now=cn(24, 16))
    assert ev.checked_at == cn(24, 16) and ev.step_deadline is None
    ev = step(ops.rate, CITIZEN, code, 13, stars=5, comment="满意", now=cn(24, 17))
    assert (ev.status, ev.rating) == (Status.CHECKED, 5)
    ev = step(ops.close, OPERATOR, code, 14, now=cn(24, 18))
    assert (ev.status, ev.closed_at) == (Status.CLOSED, cn(24, 18))

    ev = step(ops.reopen, OPERATOR, code, 15, reason="杂物又出现", now=cn(25, 9))
    assert (ev.status, ev.assignee_id, ev.closed_at, ev.rating) == (
        Status.IN_PROGRESS,
        handler_id,
        None,
        None,
    )
    assert ev.deadline == cn(26, 9)
    ev = step(ops.reply, HANDLER, code, 16, result="再次清理", now=cn(25, 10))
    ev = step(ops.check, OPERATOR, code, 17, passed=True, now=cn(25, 11))
    ev = step(ops.close, OPERATOR, code, 18, now=cn(25, 12))
    assert ev.status == Status.CLOSED

    rows = trail_rows(s, ev.id)
    assert [r.step for r in rows] == [c.step.value for c in changes] == [
        "report", "verify", "route", "assign", "accept", "request_extension", "approve_extension", "park",
        "resume", "reply", "check_fail", "reply", "check_pass", "rate", "close", "reopen", "reply",
        "check_pass", "close",
    ]  # fmt: skip
    assert [r.id for r in rows] == [c.trail_id for c in changes]
    assert rows[0].actor_name is not None and rows[3].data["assignee_id"] == handler_id
    assert rows[7].note == "等待业主回家" and datetime.fromisoformat(rows[10].data["deadline"]) == cn(25, 11)
    assert all(r.at == c.at for r, c in zip(rows, changes, strict=True))
    # No parking since the reopening set the deadline: the replay equals the row exactly.
    assert replayed_state(s, ev) == state_of(s, ev)
    assert s.scalars(select(Rating.stars).where(Rating.event_id == ev.id)).all() == [5]
    photos = s.execute(
        select(Media.url, Media.step_id).where(Media.event_id == ev.id).order_by(Media.id)
    ).all()
    assert photos == [("m/1.jpg", rows[0].id), ("m/2.jpg", rows[9].id)]


def test_changed_says_which_queues_people_and_units_to_refresh(demo_session: Session) -> None:
    s = demo_session
    lon, lat = s.execute(select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)).one()
    code = ops.report(s, CITIZEN, category="XG02", lat=lat, lon=lon, title="t").code
    ops.verify(s, OPERATOR, code)
    routed = ops.route(s, OPERATOR, code, to="logical:LG02")
    assert routed.queues == {Status.VERIFIED, Status.ROUTED}
    assert routed.units == {UnitRef(UnitKind.LOGICAL, "LG02")}
    assigned = ops.assign(s, LIAISON, code, routed.version, to=HANDLER)
    assert assigned.people == {find_person(s, HANDLER).id}
    assert assigned.sla and assigned.moved and not assigned.created
    supervised = ops.supervise(s, LEADER, code, note="请加快")
    assert supervised.queues == {Status.ASSIGNED} and not supervised.moved and not supervised.sla
    assert fresh(s, code).supervision_note == "请加快"


def test_the_services_never_update_or_delete_trail_rows(demo_engine: Engine, demo_session: Session) -> None:
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()).lower())

    event.listen(demo_engine, "before_cursor_execute", capture)
    try:
        test_a_demo_case_walks_the_whole_loop(demo_session)
    finally:
        event.remove(demo_engine, "before_cursor_execute", capture)
    touching = [sql for sql in statements if "event_steps" in sql]
    assert any(sql.startswith("insert into event_steps") for sql in touching)
    assert not [sql for sql in touching if sql.startswith(("update", "delete"))]
    assert not [sql for sql in statements if sql.startswith("update event_steps")]


def test_a_worker_reports_and_fixes_on_the_spot_and_an_operator_checks(demo_session: Session) -> None:
    s = demo_session
    worker = s.execute(select(Grid.code, Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)).one()
    from commandcenter.db.models import GridMembership

    worker_id = s.scalar(
        select(GridMembership.person_id)
        .join(Grid, Grid.id == GridMembership.grid_id)
        .where(Grid.code == GRID)
    )
    changed = ops.self_handle(s, worker_id, category="XG07", lat=worker[2], lon=worker[1], title="垃圾满溢",
                              result="已清运")  # fmt: skip
    ev = fresh(s, changed.code)
    assert (ev.status, ev.assignee_id, ev.responsible_kind) == (Status.REPLIED, worker_id, "grid")
    assert changed.step is Step.SELF_HANDLE and changed.created
    ops.check(s, OPERATOR, changed.code, passed=True)
    ops.close(s, OPERATOR, changed.code)
    assert fresh(s, changed.code).status == Status.CLOSED
    assert audit(s, fresh(s, changed.code)) == []


def test_audit_notices_a_row_that_no_longer_matches_its_trail(demo_session: Session) -> None:
    s = demo_session
    lon, lat = s.execute(select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)).one()
    code = ops.report(s, CITIZEN, category="XG02", lat=lat, lon=lon, title="t").code
    ops.verify(s, OPERATOR, code)
    with s.begin():  # someone edits the row by hand, without a step
        s.execute(EVENTS.update().where(EVENTS.c.code == code).values(status="routed", version=3))
    problems = audit(s, fresh(s, code))
    assert "version 3 but 2 trail rows" in problems
    assert any("invalid state: routed needs a responsible unit" in p for p in problems)
