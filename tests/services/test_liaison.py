"""The liaison's workspace (services.liaison) on the tiny district, on SQLite and PostgreSQL.

LS is the liaison of LG03 (market supervision) and so of LG0301 below it; LC of LG0301 only; L5 of
LG05. WA1, WA2, WB1 are the workers of grids A1, A2, B1; OA/OB operate townships A/B; AD administers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commandcenter.db.models import AdminAudit, Event, Person, ReplyTemplate, TrailEntry
from commandcenter.services import liaison as li
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import audit, load_event
from commandcenter.services.errors import BadStepArgs, NotFound, PermissionDenied
from tests.security.conftest import (
    SecDb,
    secdb,  # noqa: F401  (the session fixture of the login cluster)
)
from tests.services import tiny

CN = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CN)  # a Monday morning
CATEGORY = "JD08"  # 无证经营: market supervision; migration 0008 seeds a template for it


def _routed_case(
    s: Session, to: str, point: tuple[float, float] = tiny.P_A1, title: str = "无证摊点"
) -> Event:
    """A citizen's report, verified and routed to the department `to` by township A's operator."""
    code = ops.report(s, "CZ", category=CATEGORY, lon=point[0], lat=point[1], title=title, now=NOW).code
    operator = "OA" if point != tiny.P_B1 else "OB"
    ops.verify(s, operator, code, now=NOW + timedelta(minutes=5))
    ops.route(s, operator, code, to=f"logical:{to}", now=NOW + timedelta(minutes=10))
    s.rollback()
    return load_event(s, code)


def _template(s: Session, category_code: str) -> ReplyTemplate:
    from commandcenter.db.models import Category

    tpl = s.scalars(
        select(ReplyTemplate)
        .join(Category, Category.id == ReplyTemplate.category_id)
        .where(Category.code == category_code)
    ).first()
    assert tpl is not None, f"migration 0008 seeds a template for {category_code}"
    return tpl


def test_the_workspace_knows_the_departments_and_the_administrator(tiny_session: Session) -> None:
    ws = li.workspace(tiny_session, "LS")
    assert [d.code for d in ws.departments] == ["LG03"] and ws.is_liaison and not ws.is_admin
    assert li.workspace(tiny_session, "LC").departments[0].code == "LG0301"
    admin = li.workspace(tiny_session, "AD")
    assert admin.is_admin and not admin.is_liaison


def test_a_task_to_a_grid_goes_to_its_worker_with_the_template_and_the_default_deadline(
    tiny_session: Session, ids: tiny.Tiny
) -> None:
    s = tiny_session
    tpl = _template(s, CATEGORY)
    s.rollback()
    sent = li.send_task(
        s,
        "LS",
        category=CATEGORY,
        title="核查无证经营户",
        target=li.TaskTarget("grid", tiny.GRID_A1),
        template_id=tpl.id,
        now=NOW,
    )
    assert sent.target.assignee_id == ids.people["WA1"]
    assert sent.target.label == "甲社区第1网格 · 甲一网格员"
    ev = load_event(s, sent.changed.code)
    assert (ev.status, ev.assignee_id, ev.source) == ("assigned", ids.people["WA1"], "department")
    assert ev.responsible_kind == "grid" and ev.responsible_grid_id == ids.grids[tiny.GRID_A1]
    assert ev.description == tpl.body  # the template's text is the task's text
    assert ev.deadline == li.default_deadline(s, CATEGORY, NOW) == sent.deadline
    first = s.scalars(select(TrailEntry).where(TrailEntry.event_id == ev.id)).one()
    assert first.step == "task" and first.note == f"回复模板：{tpl.title}"
    assert audit(s, ev) == []


def test_a_given_deadline_is_kept_and_a_past_one_refused(tiny_session: Session) -> None:
    s = tiny_session
    due = NOW + timedelta(hours=5)
    sent = li.send_task(s, "LS", category=CATEGORY, title="t", target=li.TaskTarget("grid", tiny.GRID_A2),
                        deadline=due, text="请核查", now=NOW)  # fmt: skip
    assert sent.deadline == due and load_event(s, sent.changed.code).description == "请核查"
    s.rollback()
    before = s.scalar(select(func.count()).select_from(Event))
    with pytest.raises(BadStepArgs, match="already passed"):
        li.send_task(s, "LS", category=CATEGORY, title="t", target=li.TaskTarget("grid", tiny.GRID_A2),
                     deadline=NOW - timedelta(minutes=1), now=NOW)  # fmt: skip
    with pytest.raises(BadStepArgs, match="needs a title"):
        li.send_task(
            s, "LS", category=CATEGORY, title="  ", target=li.TaskTarget("grid", tiny.GRID_A2), now=NOW
        )
    s.rollback()
    assert s.scalar(select(func.count()).select_from(Event)) == before


def test_targets_a_person_a_center_and_clear_refusals(tiny_session: Session, ids: tiny.Tiny) -> None:
    s = tiny_session
    person = li.send_task(
        s, "LS", category=CATEGORY, title="t", target=li.TaskTarget("person", "WB1"), now=NOW
    )
    ev = load_event(s, person.changed.code)
    assert ev.assignee_id == ids.people["WB1"] and ev.responsible_grid_id == ids.grids[tiny.GRID_B1]
    due = NOW + timedelta(days=2)
    center = li.send_task(s, "LS", category=CATEGORY, title="t", target=li.TaskTarget("center", tiny.TOWN_B),
                          deadline=due, now=NOW)  # fmt: skip
    ev = load_event(s, center.changed.code)
    assert (ev.status, ev.assignee_id, ev.responsible_kind) == ("routed", None, "center")
    note = s.scalars(select(TrailEntry.note).where(TrailEntry.event_id == ev.id)).one()
    assert "要求完成期限：2026-11-25 10:00" in note  # kept in words: no one holds the task yet
    s.rollback()
    with pytest.raises(NotFound, match="is a township, not a grid"):
        li.resolve_target(s, li.TaskTarget("grid", tiny.TOWN_A))
    with pytest.raises(NotFound, match="is a grid, not a center"):
        li.resolve_target(s, li.TaskTarget("center", tiny.GRID_A1))
    with pytest.raises(NotFound, match="works in no grid and no department"):
        li.resolve_target(s, li.TaskTarget("person", "LC"))
    with pytest.raises(NotFound, match="no grid with code"):
        li.resolve_target(s, li.TaskTarget("grid", "999"))
    with pytest.raises(ValueError, match="not 'street'"):
        li.TaskTarget("street", "x")  # type: ignore[arg-type]


def test_search_finds_grids_with_their_worker_centers_and_people(tiny_session: Session) -> None:
    hits = li.search_targets(tiny_session, "甲社区第1")
    assert [(h.kind, h.code, h.detail) for h in hits] == [("grid", tiny.GRID_A1, "甲一网格员")]
    kinds = {(h.kind, h.code) for h in li.search_targets(tiny_session, "甲")}
    assert ("center", tiny.TOWN_A) in kinds and ("person", "WA1") in kinds
    assert not any(
        h.code in ("CZ", "CY") for h in li.search_targets(tiny_session, "群众")
    )  # citizens are no target
    assert [c.code for c in li.centers(tiny_session)] == [tiny.COUNTY, tiny.TOWN_A, tiny.TOWN_B]


def test_reply_tracking_puts_overdue_first_and_shows_the_reply(tiny_session: Session, ids: tiny.Tiny) -> None:
    s = tiny_session
    late = li.send_task(s, "LS", category=CATEGORY, title="逾期任务", target=li.TaskTarget("grid", tiny.GRID_A1),
                        deadline=NOW + timedelta(hours=1), now=NOW).changed  # fmt: skip
    soon = li.send_task(s, "LS", category=CATEGORY, title="近期任务", target=li.TaskTarget("grid", tiny.GRID_A2),
                        deadline=NOW + timedelta(hours=6), now=NOW).changed  # fmt: skip
    later = li.send_task(s, "LC", category=CATEGORY, title="下属部门任务", target=li.TaskTarget("grid", tiny.GRID_B1),
                         deadline=NOW + timedelta(days=3), now=NOW).changed  # fmt: skip
    other = li.send_task(s, "L5", category=CATEGORY, title="民政任务", target=li.TaskTarget("grid", tiny.GRID_B1),
                         now=NOW).changed  # fmt: skip
    ops.accept(s, "WA2", soon.event_id, now=NOW + timedelta(hours=1))
    ops.reply(s, "WA2", soon.event_id, result="已核查，无证户已停业", now=NOW + timedelta(hours=2))
    at = NOW + timedelta(hours=3)  # the first task is past its deadline without a reply
    tracked = li.reply_tracking(s, "LS", now=at)
    assert [t.id for t in tracked] == [late.event_id, soon.event_id, later.event_id]  # LG0301's task too
    assert other.event_id not in {t.id for t in tracked}  # another department's
    first, second, third = tracked
    assert first.overdue and first.reply_state == "awaiting" and first.reply is None
    assert not second.overdue and second.reply_state == "replied"
    assert (second.reply, second.replied_by) == ("已核查，无证户已停业", "甲二网格员")
    assert second.replied_at == NOW + timedelta(hours=2)
    assert not third.overdue and third.sent_by == "一所联络员" and third.assignee == "乙一网格员"
    # The sub-department's liaison sees only its own department's tasks.
    assert [t.id for t in li.reply_tracking(s, "LC", now=at)] == [later.event_id]
    with pytest.raises(PermissionDenied, match="not a liaison of 市场监管网格"):
        li.reply_tracking(s, "LC", "LG03", now=at)
    with pytest.raises(PermissionDenied, match="not a liaison of any department"):
        li.reply_tracking(s, "OA", now=at)


def test_department_queue_and_measures(tiny_session: Session, ids: tiny.Tiny) -> None:
    s = tiny_session
    a = _routed_case(s, "LG03", tiny.P_A1, "甲")
    b = _routed_case(s, "LG0301", tiny.P_A2, "乙")
    c = _routed_case(s, "LG05", tiny.P_B1, "丙")
    ops.assign(s, "LS", a.id, to="WA1", deadline=NOW + timedelta(hours=4), now=NOW + timedelta(hours=1))
    ops.accept(s, "WA1", a.id, now=NOW + timedelta(hours=1))
    ops.reply(s, "WA1", a.id, result="已取缔", now=NOW + timedelta(hours=2))  # on time
    ops.assign(s, "LC", b.id, to="WA2", deadline=NOW + timedelta(hours=2), now=NOW + timedelta(hours=1))
    at = NOW + timedelta(hours=3)  # b is past its deadline with no reply
    queue = li.department_queue(s, "LS", now=at)
    assert queue.department.code == "LG03"
    assert [r.id for r in queue.rows] == [b.id, a.id]  # overdue first; LG0301's case included
    assert c.id not in {r.id for r in queue.rows}
    m = queue.measures
    assert (m.open, m.overdue, m.replied_awaiting_check) == (2, 1, 1)
    assert (m.reply_considered_30d, m.replied_on_time_30d) == (2, 1) and m.on_time_reply_rate == 50.0
    assert [r.id for r in li.department_queue(s, "LC", now=at).rows] == [b.id]
    assert [r.id for r in li.department_queue(s, "L5", now=at).rows] == [c.id]
    # An administrator may look at any department; the person's own grants decide for a liaison.
    assert li.department_queue(s, "AD", "LG05", now=at).measures.open == 1
    with pytest.raises(PermissionDenied, match="not a liaison of 民政网格"):
        li.department_queue(s, "LS", "LG05", now=at)


def test_bulk_assignment_gives_each_case_its_own_result_and_transaction(
    tiny_session: Session, ids: tiny.Tiny
) -> None:
    s = tiny_session
    good = _routed_case(s, "LG03", tiny.P_A1, "一")
    stale = _routed_case(s, "LG03", tiny.P_A1, "二")
    foreign = _routed_case(s, "LG05", tiny.P_A2, "三")
    also_good = _routed_case(s, "LG0301", tiny.P_A2, "四")
    seen_stale = stale.version
    ops.supervise(s, "LD", stale.id, note="尽快处理", now=NOW + timedelta(minutes=20))  # moves its version on
    s.rollback()
    results = li.bulk_assign(
        s,
        "LS",
        [
            (good.id, good.version),
            (stale.id, seen_stale),
            (foreign.id, foreign.version),
            (also_good.id, None),
        ],
        to=li.TaskTarget("person", "WA1"),
        now=NOW + timedelta(minutes=30),
    )
    outcome = {r.case_id: (r.outcome, r.message) for r in results}
    assert [r.case_id for r in results] == [good.id, stale.id, foreign.id, also_good.id]
    assert outcome[good.id] == ("ok", "") and outcome[also_good.id] == ("ok", "")
    assert outcome[stale.id][0] == "conflict" and "changed by someone else" in outcome[stale.id][1]
    assert outcome[foreign.id][0] == "refused" and "民政网格" in outcome[foreign.id][1]
    s.rollback()
    # The refusals undid nothing: the good ones are assigned, the others untouched.
    for case, status in ((good, "assigned"), (also_good, "assigned"), (stale, "routed"), (foreign, "routed")):
        ev = load_event(s, case.id)
        assert ev.status == status
        assert ev.assignee_id == (ids.people["WA1"] if status == "assigned" else None)
    assert results[0].version == load_event(s, good.id).version
    s.rollback()
    # A unit as the target is routing: a liaison may not route, and each case says so.
    units = li.bulk_assign(s, "LS", [(stale.id, None)], to=li.TaskTarget("center", tiny.TOWN_A))
    assert units[0].outcome == "refused" and "may not" in units[0].message
    # A target that does not resolve refuses every case with the reason.
    none = li.bulk_assign(
        s, "LS", [(stale.id, None), (foreign.id, None)], to=li.TaskTarget("grid", tiny.TOWN_A)
    )
    assert [r.outcome for r in none] == ["refused", "refused"] and "not a grid" in none[0].message
    s.rollback()
    with s.begin(), pytest.raises(RuntimeError, match="one transaction per case"):
        li.bulk_assign(s, "LS", [(stale.id, None)], to=li.TaskTarget("person", "WA1"))


def test_templates_are_edited_by_administrators_only(tiny_session: Session) -> None:
    s = tiny_session
    seeded = li.templates(s, CATEGORY)
    assert [t.category for t in seeded] == ["无证经营", None]  # the category's, then the general one
    assert seeded[1].title == "通用核查回复"
    s.rollback()
    with pytest.raises(PermissionDenied, match="only administrators"):
        li.save_template(s, "LS", category=CATEGORY, title="x", body="y")
    with pytest.raises(li.TemplateError, match="no text"):
        li.save_template(s, "AD", category=CATEGORY, title="空模板", body="  ")
    with pytest.raises(NotFound, match="no category 'NOPE'"):
        li.save_template(s, "AD", category="NOPE", title="x", body="y")
    made = li.save_template(s, "AD", category=CATEGORY, title="复查模板", body="请复查并回复。", now=NOW)
    assert (made.version, made.updated_by, made.active, made.category) == (1, "管理员", True, "无证经营")
    # The administrator is named on the administration trail (reply_templates is audited, 0009).
    trail = select(AdminAudit.actor_id).where(AdminAudit.table_name == "reply_templates")
    assert set(s.scalars(trail)) == {s.scalar(select(Person.id).where(Person.code == "AD"))}
    changed = li.save_template(s, "AD", template_id=made.id, expected_version=1, category=CATEGORY,
                               title="复查模板", body="请复查并回复整改结果。")  # fmt: skip
    assert changed.version == 2 and changed.body == "请复查并回复整改结果。"
    with pytest.raises(li.TemplateConflict, match="changed by someone else"):
        li.save_template(
            s, "AD", template_id=made.id, expected_version=1, category=CATEGORY, title="t", body="b"
        )
    retired = li.set_template_active(s, "AD", made.id, False, expected_version=2)
    assert not retired.active and retired.version == 3
    s.rollback()
    assert made.id not in {t.id for t in li.templates(s, CATEGORY)}
    assert made.id in {t.id for t in li.templates(s, CATEGORY, include_inactive=True)}


# ---------------------------------------------------------------------------------------------- real logins
# The same services through the personal logins of the password-checking cluster (tests/security): the
# database's grants and row-level security apply, as they do for a liaison signed in to the app.


def _login_session(db: SecDb, who: str) -> Session:
    from sqlalchemy.engine import URL

    from commandcenter.db.engine import make_engine, session_factory

    lg = db.logins[who]
    url = URL.create("postgresql+psycopg", lg.login, lg.password, "127.0.0.1", 5433, db.database)
    return session_factory(make_engine(url.render_as_string(hide_password=False)))()


def test_under_real_logins_a_liaison_tasks_a_worker_who_replies_and_only_admins_write_templates(
    secdb: SecDb,  # noqa: F811
) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    worker = secdb.logins["worker"]
    liaison = _login_session(secdb, "liaison")
    try:
        sent = li.send_task(liaison, secdb.logins["liaison"].person_code, category="XG02", title="清理楼道堆物",
                            target=li.TaskTarget("person", worker.person_code))  # fmt: skip
        assert sent.target.assignee_id == worker.person_id
        mine = li.department_queue(liaison, secdb.logins["liaison"].person_id)
        assert mine.department.code == "LG02" and mine.measures.open == len(mine.rows) > 0
        assert [t.id for t in li.reply_tracking(liaison, secdb.logins["liaison"].person_id)][:1] == [
            sent.changed.event_id
        ]
        assert li.templates(liaison, "XG02")  # every login reads the templates
        liaison.rollback()
        with pytest.raises(PermissionDenied, match="only administrators"):
            li.save_template(liaison, secdb.logins["liaison"].person_id, category=None, title="x", body="y")
        liaison.rollback()
        with pytest.raises(ProgrammingError, match="permission denied for table reply_templates"):
            liaison.execute(text("INSERT INTO reply_templates (title, body) VALUES ('x', 'y')"))
        liaison.rollback()
    finally:
        liaison.close()
        liaison.get_bind().dispose()
    phone = _login_session(secdb, "worker")  # the grid worker's own login
    try:
        ops.accept(phone, worker.person_id, sent.changed.event_id)
        ops.reply(phone, worker.person_id, sent.changed.event_id, result="已清理")
    finally:
        phone.close()
        phone.get_bind().dispose()
    liaison = _login_session(secdb, "liaison")
    try:
        tracked = li.reply_tracking(liaison, secdb.logins["liaison"].person_id)
        first = next(t for t in tracked if t.id == sent.changed.event_id)
        assert (first.reply_state, first.reply) == ("replied", "已清理")
    finally:
        liaison.close()
        liaison.get_bind().dispose()
    admin = _login_session(secdb, "admin")
    try:
        row = li.save_template(
            admin, secdb.logins["admin"].person_id, category="XG02", title="复查", body="请复查。"
        )
        assert row.version == 1 and row.category == "乱堆乱放"
    finally:
        admin.close()
        admin.get_bind().dispose()
