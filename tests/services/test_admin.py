"""Administration services on both databases: each operation, its refusals, and the trail it leaves."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, LogicalGrid, Person, RoleGrant
from commandcenter.domain.permissions import PermissionDenied
from commandcenter.security.logins import LoginsUnavailable
from commandcenter.services import admin
from commandcenter.services.admin import KEEP, AdminInputError
from commandcenter.services.errors import NotFound

ADMIN = "A001"
LEADER = "L001"


def _audit_since(session: Session, start: int) -> list[tuple[Any, ...]]:
    session.rollback()
    return [
        tuple(r)
        for r in session.execute(
            text("SELECT actor_id, table_name, row_key, action FROM admin_audit WHERE id > :s ORDER BY id"),
            {"s": start},
        )
    ]


def _last_id(session: Session) -> int:
    value = session.scalar(text("SELECT coalesce(max(id), 0) FROM admin_audit"))
    session.rollback()
    return int(value or 0)


def _admin_id(session: Session) -> int:
    return int(session.scalar(select(Person.id).where(Person.code == ADMIN)) or 0)


def _grid_code(session: Session, level: str) -> str:
    return str(session.scalar(text("SELECT code FROM grids WHERE level = :l ORDER BY code"), {"l": level}))


def test_the_demo_is_on_the_trail_and_a_non_admin_is_refused(demo_session: Session) -> None:
    # Everything written since migration 0009, the demo included, is on the trail (by nobody in particular).
    assert demo_session.scalar(text("SELECT count(*) FROM admin_audit WHERE table_name = 'people'")) > 50
    start = _last_id(demo_session)
    calls = [
        lambda: admin.list_people(demo_session, LEADER),
        lambda: admin.create_person(demo_session, LEADER, code="X1", name="某人"),
        lambda: admin.list_categories(demo_session, LEADER),
        lambda: admin.list_audit(demo_session, LEADER),
        lambda: admin.create_logical_grid(demo_session, LEADER, code="LG99", name="x", kind="x"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="not an administrator"):
            call()
    assert _audit_since(demo_session, start) == []
    assert demo_session.scalar(select(Person.id).where(Person.code == "X1")) is None


def test_people_create_update_deactivate(demo_session: Session) -> None:
    me = _admin_id(demo_session)
    start = _last_id(demo_session)
    made = admin.create_person(demo_session, ADMIN, code="P900", name=" 王执行 ", phone="138 0000 1111")
    assert (made.code, made.name, made.phone, made.active, made.roles) == (
        "P900",
        "王执行",
        "138 0000 1111",
        True,
        (),
    )
    changed = admin.update_person(demo_session, ADMIN, made.id, name="王执行员", phone=None)
    assert (changed.name, changed.phone) == ("王执行员", None)
    admin.deactivate_person(demo_session, ADMIN, made.id)
    assert [p.code for p in admin.list_people(demo_session, ADMIN, "王执行员")] == ["P900"]
    assert admin.list_people(demo_session, ADMIN, "P900", include_inactive=False) == []
    rows = _audit_since(demo_session, start)
    assert rows == [
        (me, "people", str(made.id), "insert"),
        (me, "people", str(made.id), "update"),
        (me, "people", str(made.id), "update"),
    ]
    # before/after of the last change: only `active` moved
    last = admin.list_audit(demo_session, ADMIN, table="people", limit=1)[0]
    assert last.changed == ("active",) and last.before["active"] is True and last.after["active"] is False
    assert last.actor_name is not None


@pytest.mark.parametrize(
    ("kwargs", "field", "why"),
    [
        ({"code": "", "name": "x"}, "code", "not valid"),
        ({"code": "A001", "name": "x"}, "code", "exists already"),
        ({"code": "P1", "name": "   "}, "name", "must not be empty"),
        ({"code": "P1", "name": "x" * 65}, "name", "at most 64"),
        ({"code": "P1", "name": "x", "phone": "call me"}, "phone", "not a phone number"),
    ],
)
def test_person_validation_names_the_field(demo_session: Session, kwargs: dict, field: str, why: str) -> None:
    start = _last_id(demo_session)
    with pytest.raises(AdminInputError, match=why) as caught:
        admin.create_person(demo_session, ADMIN, **kwargs)
    assert caught.value.field == field and str(caught.value).startswith(f"{field}: ")
    assert _audit_since(demo_session, start) == []


def test_no_one_deactivates_themselves_or_drops_their_own_admin_role(demo_session: Session) -> None:
    me = _admin_id(demo_session)
    with pytest.raises(AdminInputError, match="yourself"):
        admin.deactivate_person(demo_session, ADMIN, me)
    grant = next(g for g in admin.get_person(demo_session, ADMIN, me).grants if g.role == "admin")
    with pytest.raises(AdminInputError, match="your own administrator role"):
        admin.revoke_role(demo_session, ADMIN, grant.id)
    with pytest.raises(NotFound):
        admin.update_person(demo_session, ADMIN, 10**6, name="x")


def test_memberships_many_to_many(demo_session: Session) -> None:
    """One worker in several grids, several people in one grid, and logical grids too."""
    grids = [
        str(c)
        for c in demo_session.scalars(
            text("SELECT code FROM grids WHERE level = 'grid' ORDER BY code LIMIT 2")
        )
    ]
    a = admin.create_person(demo_session, ADMIN, code="P901", name="甲")
    b = admin.create_person(demo_session, ADMIN, code="P902", name="乙")
    start = _last_id(demo_session)
    m1 = admin.add_grid_membership(demo_session, ADMIN, a.id, grids[0], "grid_worker")
    admin.add_grid_membership(demo_session, ADMIN, a.id, grids[1], "grid_worker")
    admin.add_grid_membership(demo_session, ADMIN, b.id, grids[0], "logical_member")
    lm = admin.add_logical_membership(demo_session, ADMIN, a.id, "LG01", "liaison")
    assert (lm.unit_code, lm.role) == ("LG01", "liaison")
    detail = admin.get_person(demo_session, ADMIN, a.id)
    assert sorted((m.kind, m.unit_code) for m in detail.memberships) == [
        ("grid", grids[0]),
        ("grid", grids[1]),
        ("logical", "LG01"),
    ]
    people_in_first = {
        pid
        for (pid,) in demo_session.execute(
            text(
                "SELECT m.person_id FROM grid_memberships m JOIN grids g ON g.id = m.grid_id WHERE g.code = :c"
            ),
            {"c": grids[0]},
        )
    }
    assert {a.id, b.id} <= people_in_first
    with pytest.raises(AdminInputError, match="already grid_worker"):
        admin.add_grid_membership(demo_session, ADMIN, a.id, grids[0], "grid_worker")
    with pytest.raises(AdminInputError, match="grid: no grid with code"):
        admin.add_grid_membership(demo_session, ADMIN, a.id, "999", "grid_worker")
    with pytest.raises(AdminInputError, match="role: 'boss' is not one of"):
        admin.add_logical_membership(demo_session, ADMIN, a.id, "LG01", "boss")
    admin.remove_membership(demo_session, ADMIN, "grid", m1.id)
    with pytest.raises(NotFound):
        admin.remove_membership(demo_session, ADMIN, "grid", m1.id)
    actions = [(t, act) for _, t, _, act in _audit_since(demo_session, start)]
    assert actions == [
        ("grid_memberships", "insert"),
        ("grid_memberships", "insert"),
        ("grid_memberships", "insert"),
        ("logical_memberships", "insert"),
        ("grid_memberships", "delete"),
    ]


def test_roles_with_their_scopes(demo_session: Session) -> None:
    p = admin.create_person(demo_session, ADMIN, code="P903", name="丙")
    township = _grid_code(demo_session, "township")
    grid = _grid_code(demo_session, "grid")
    start = _last_id(demo_session)
    liaison = admin.grant_role(demo_session, ADMIN, p.id, "liaison", logical_code="LG01")
    op = admin.grant_role(demo_session, ADMIN, p.id, "operator", grid_code=township)
    admin.grant_role(demo_session, ADMIN, p.id, "leader")
    assert (liaison.scope_kind, liaison.scope_code) == ("logical", "LG01")
    assert admin.get_person(demo_session, ADMIN, p.id).person.roles == ("leader", "liaison", "operator")
    refusals = [
        ({"role": "liaison"}, "scope: a liaison grant needs a logical grid"),
        ({"role": "operator", "grid_code": grid}, "grid: an operator works at a center"),
        ({"role": "grid_worker", "grid_code": township}, "grid: a grid worker works in a grid"),
        ({"role": "leader", "logical_code": "LG01"}, "scope: a leader grant covers the whole district"),
        ({"role": "king"}, "role: 'king' is not one of"),
        ({"role": "liaison", "logical_code": "LG01"}, "role: 丙 is already liaison"),
        ({"role": "liaison", "logical_code": "NOPE"}, "logical grid: no logical grid"),
    ]
    for kwargs, message in refusals:
        role = kwargs.pop("role")
        with pytest.raises(AdminInputError, match=message):
            admin.grant_role(demo_session, ADMIN, p.id, role, **kwargs)
    admin.revoke_role(demo_session, ADMIN, op.id)
    demo_session.rollback()
    assert demo_session.scalar(select(RoleGrant.id).where(RoleGrant.id == op.id)) is None
    assert [(t, a) for _, t, _, a in _audit_since(demo_session, start)] == [
        ("role_grants", "insert"),
        ("role_grants", "insert"),
        ("role_grants", "insert"),
        ("role_grants", "delete"),
    ]


def test_categories_and_their_time_limits(demo_session: Session) -> None:
    start = _last_id(demo_session)
    made = admin.create_category(
        demo_session,
        ADMIN,
        {
            "code": "ZZ01",
            "name": "测试类",
            "duty": "supervision",
            "event_class": "其他",
            "default_logical_code": "LG01",
        },
        {"verify": (2, "hours"), "handle": (3, "workdays")},
    )
    assert made.default_logical_code == "LG01"
    assert dict(made.limits) == {"verify": (2.0, "hours"), "handle": (3.0, "workdays")}
    after = admin.set_category_limits(
        demo_session, ADMIN, made.id, {"verify": (1.5, "hours"), "handle": None, "check": (4, "hours")}
    )
    assert dict(after.limits) == {"verify": (1.5, "hours"), "check": (4.0, "hours")}
    renamed = admin.update_category(demo_session, ADMIN, made.id, {"name": "测试类别", "active": False})
    assert (renamed.name, renamed.active) == ("测试类别", False)
    # (the ORM flushes inserts before deletes: compare regardless of order)
    assert sorted((t, k, a) for _, t, k, a in _audit_since(demo_session, start)) == sorted(
        [
            ("categories", str(made.id), "insert"),
            ("category_limits", f"{made.id},verify", "insert"),
            ("category_limits", f"{made.id},handle", "insert"),
            ("category_limits", f"{made.id},verify", "update"),
            ("category_limits", f"{made.id},handle", "delete"),
            ("category_limits", f"{made.id},check", "insert"),
            ("categories", str(made.id), "update"),
        ]
    )
    bad = [
        ({"verify": (0, "hours")}, "limit of verify: must be more than 0"),
        ({"verify": (1, "minutes")}, r"limit of verify \(unit\): 'minutes' is not one of"),
        ({"verify": ("soon", "hours")}, "limit of verify: 'soon' is not a number"),
        ({"lunch": (1, "hours")}, "step: 'lunch' is not one of"),
        ({"handle": (400, "workdays")}, "too long"),
    ]
    for limits, message in bad:
        with pytest.raises(AdminInputError, match=message):
            admin.set_category_limits(demo_session, ADMIN, made.id, limits)
    with pytest.raises(AdminInputError, match="duty: 'cooking' is not one of"):
        admin.update_category(demo_session, ADMIN, made.id, {"duty": "cooking"})
    with pytest.raises(AdminInputError, match="code: a category with code 'JD01' exists already"):
        admin.update_category(demo_session, ADMIN, made.id, {"code": "JD01"})
    with pytest.raises(AdminInputError, match="default_priority: 7 is not 0, 1 or 2"):
        admin.update_category(demo_session, ADMIN, made.id, {"default_priority": 7})
    demo_session.rollback()
    fire = demo_session.scalars(select(Category).where(Category.code == made.code)).one()
    assert {lim.step: lim.amount for lim in fire.limits} == {"verify": 1.5, "check": 4.0}


def test_logical_grids_hierarchy_leader_and_coverage(demo_session: Session) -> None:
    leader = admin.create_person(demo_session, ADMIN, code="P904", name="丁")
    start = _last_id(demo_session)
    child = admin.create_logical_grid(
        demo_session, ADMIN, code="LG0101", name="执行一组", kind="court_enforcement", parent_code="LG01"
    )
    assert (child.parent_code, child.covers_all) == ("LG01", True)
    with pytest.raises(AdminInputError, match="code: 'LG9901' must start with its parent's code 'LG01'"):
        admin.create_logical_grid(demo_session, ADMIN, code="LG9901", name="x", kind="x", parent_code="LG01")
    with pytest.raises(AdminInputError, match="code: a logical grid with code 'LG01' exists already"):
        admin.create_logical_grid(demo_session, ADMIN, code="LG01", name="x", kind="x")
    with pytest.raises(AdminInputError, match="kind: 'Court' is not valid"):
        admin.create_logical_grid(demo_session, ADMIN, code="LG77", name="x", kind="Court")
    renamed = admin.update_logical_grid(
        demo_session, ADMIN, child.id, name="执行第一组", leader_id=leader.id, expected_version=child.version
    )
    assert (renamed.name, renamed.leader_name) == ("执行第一组", "丁")
    with pytest.raises(AdminInputError, match=r"version: .*changed by someone else"):
        admin.update_logical_grid(demo_session, ADMIN, child.id, name="x", expected_version=child.version)
    with pytest.raises(AdminInputError, match="code: LG01 has child logical grids"):
        lg01 = demo_session.scalar(select(LogicalGrid.id).where(LogicalGrid.code == "LG01"))
        admin.update_logical_grid(demo_session, ADMIN, int(lg01 or 0), code="LG50")
    with pytest.raises(AdminInputError, match="parent: LG0101 lies under LG01"):
        admin.update_logical_grid(demo_session, ADMIN, int(lg01 or 0), parent_code="LG0101")
    townships = [
        str(c)
        for c in demo_session.scalars(
            text("SELECT code FROM grids WHERE level = 'township' ORDER BY code LIMIT 2")
        )
    ]
    covered = admin.set_coverage(demo_session, ADMIN, child.id, covers_all=False, grid_codes=townships)
    assert (covered.covers_all, covered.covered) == (False, tuple(townships))
    covered = admin.set_coverage(demo_session, ADMIN, child.id, covers_all=False, grid_codes=townships[:1])
    assert covered.covered == tuple(townships[:1])
    with pytest.raises(AdminInputError, match="grids: pick at least one grid"):
        admin.set_coverage(demo_session, ADMIN, child.id, covers_all=False, grid_codes=[])
    with pytest.raises(AdminInputError, match="grids: no grid with code"):
        admin.set_coverage(demo_session, ADMIN, child.id, covers_all=False, grid_codes=["12"])
    moved = admin.update_logical_grid(demo_session, ADMIN, child.id, parent_code=None, leader_id=None)
    assert (moved.parent_code, moved.leader_id) == (None, None)
    assert admin.update_logical_grid(demo_session, ADMIN, child.id, name=KEEP).name == "执行第一组"
    trail = [(t, a) for _, t, _, a in _audit_since(demo_session, start)]
    assert trail == [
        ("logical_grids", "insert"),
        ("logical_grids", "update"),  # name and leader
        ("logical_grids", "update"),  # covers_all -> false (the ORM writes the parent row first)
        ("logical_grid_coverage", "insert"),
        ("logical_grid_coverage", "insert"),
        ("logical_grid_coverage", "delete"),
        ("logical_grids", "update"),  # parent and leader
    ]
    assert [
        e.action for e in admin.list_audit(demo_session, ADMIN, table="logical_grid_coverage", limit=3)
    ] == [
        "delete",
        "insert",
        "insert",
    ]


def test_the_trail_is_append_only(demo_session: Session, demo_engine: Any) -> None:
    admin.create_person(demo_session, ADMIN, code="P905", name="戊")
    for statement in ("UPDATE admin_audit SET action = 'insert'", "DELETE FROM admin_audit"):
        with pytest.raises(DBAPIError, match="append-only"), demo_engine.begin() as conn:
            conn.execute(text(statement))


def test_logins_need_postgresql(demo_session: Session, backend: str) -> None:
    p = admin.create_person(demo_session, ADMIN, code="P906", name="己")
    if backend == "sqlite":
        with pytest.raises(LoginsUnavailable, match="only on PostgreSQL"):
            admin.create_login(demo_session, ADMIN, p.id, "p906", "secret-password")
        return
    with pytest.raises(AdminInputError, match="password: must have at least 8"):
        admin.create_login(demo_session, ADMIN, p.id, "p906", "short")
    with pytest.raises(AdminInputError, match="login: 'cc_x' is not valid"):
        admin.create_login(demo_session, ADMIN, p.id, "cc_x", "secret-password")


def test_save_category_is_one_transaction_with_the_same_trail_on_both_databases(
    demo_session: Session,
) -> None:
    me = _admin_id(demo_session)
    made = admin.save_category(
        demo_session,
        ADMIN,
        None,
        {"code": "ZZ02", "name": "保存测试", "duty": "service", "event_class": "其他"},
        {"verify": ("2", "hours"), "check": None},
    )
    start = _last_id(demo_session)
    # a bad limit refuses the whole save: the renamed field is not written either
    with pytest.raises(AdminInputError, match="limit of handle: 'x' is not a number"):
        admin.save_category(demo_session, ADMIN, made.id, {"name": "改名"}, {"handle": ("x", "hours")})
    assert _audit_since(demo_session, start) == []
    assert demo_session.scalar(select(Category.name).where(Category.id == made.id)) == "保存测试"
    demo_session.rollback()
    saved = admin.save_category(demo_session, ADMIN, made.id, {"name": "改名"}, {"handle": ("3", "workdays")})
    assert (saved.name, dict(saved.limits)) == (
        "改名",
        {"verify": (2.0, "hours"), "handle": (3.0, "workdays")},
    )
    entries = admin.list_audit(demo_session, ADMIN, limit=2)
    assert {(e.table_name, e.action, e.actor_id) for e in entries} == {
        ("categories", "update", me),
        ("category_limits", "insert", me),
    }
    limit_row = next(e for e in entries if e.table_name == "category_limits")
    # the row as JSON is the same on SQLite and PostgreSQL (numbers compare equal: 3 == 3.0)
    assert (limit_row.row_key, limit_row.before, dict(limit_row.after or {})) == (
        f"{made.id},handle",
        None,
        {"category_id": made.id, "step": "handle", "amount": 3, "unit": "workdays"},
    )


def test_save_logical_grid_with_leader_and_coverage(demo_session: Session) -> None:
    grid = _grid_code(demo_session, "community")
    saved = admin.save_logical_grid(
        demo_session,
        ADMIN,
        None,
        code="LG0102",
        name="执行二组",
        kind="court_enforcement",
        parent_code="LG01",
        leader_code="GLG01L",
        description="",
        covers_all=False,
        grid_codes=[grid],
    )
    assert (saved.parent_code, saved.leader_code, saved.covered, saved.covers_all) == (
        "LG01",
        "GLG01L",
        (grid,),
        False,
    )
    start = _last_id(demo_session)
    with pytest.raises(AdminInputError, match="leader: no person with code 'NOBODY'"):
        admin.save_logical_grid(
            demo_session,
            ADMIN,
            saved.id,
            code="LG0102",
            name="x",
            kind="court_enforcement",
            parent_code="LG01",
            leader_code="NOBODY",
            description=None,
            covers_all=True,
        )
    assert _audit_since(demo_session, start) == []
