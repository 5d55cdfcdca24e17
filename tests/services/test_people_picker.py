"""The person picker's candidates per role, on the small demo (SQLite and PostgreSQL).

The expected sets are written again as plain SQL over the membership tables, independently of the
module under test.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from commandcenter.domain.permissions import PermissionDenied
from commandcenter.services import people_picker as pp
from commandcenter.services import workflow_ops as ops
from commandcenter.services.errors import NotFound
from tests.conftest import DEMO_NOW_ISO

NOW = datetime.fromisoformat(DEMO_NOW_ISO)


def _one(session: Session, sql: str, **params: object) -> int:
    return session.execute(text(sql), params).scalar_one()


def _ids(session: Session, sql: str, **params: object) -> set[int]:
    return set(session.execute(text(sql), params).scalars())


def _grid_staff(session: Session, where: str, **params: object) -> set[int]:
    return _ids(
        session,
        "SELECT p.id FROM people p JOIN grid_memberships gm ON gm.person_id = p.id "
        f"JOIN grids g ON g.id = gm.grid_id WHERE p.active AND {where}",
        **params,
    )


def _logical_staff(session: Session, where: str, **params: object) -> set[int]:
    return _ids(
        session,
        "SELECT p.id FROM people p JOIN logical_memberships lm ON lm.person_id = p.id "
        f"JOIN logical_grids lg ON lg.id = lm.logical_grid_id WHERE p.active AND {where}",
        **params,
    )


def _operator(session: Session, center_code: str) -> int:
    return _one(
        session,
        "SELECT r.person_id FROM role_grants r JOIN grids g ON g.id = r.grid_id "
        "WHERE r.role = 'operator' AND g.code = :c ORDER BY r.person_id LIMIT 1",
        c=center_code,
    )


def _routed_case(session: Session, township: str) -> tuple[int, str]:
    """A routed case (assign is its next step) in a grid of the township, and its grid's code."""
    row = session.execute(
        text(
            "SELECT e.id, g.code FROM events e JOIN grids g ON g.id = e.grid_id "
            "WHERE e.status = 'routed' AND e.responsible_kind <> 'logical' AND g.code LIKE :t "
            "ORDER BY e.id LIMIT 1"
        ),
        {"t": township + "%"},
    ).first()
    assert row is not None, f"the demo has a routed case in {township}"
    return row[0], row[1]


def _township_of_routed(session: Session) -> str:
    code = session.execute(
        text(
            "SELECT g.code FROM events e JOIN grids g ON g.id = e.grid_id "
            "WHERE e.status = 'routed' AND e.responsible_kind <> 'logical' ORDER BY e.id LIMIT 1"
        )
    ).scalar_one()
    return code[:9]


def test_a_township_operator_sees_the_staff_of_their_township_own_grid_first(demo_session: Session) -> None:
    township = _township_of_routed(demo_session)
    case_id, grid_code = _routed_case(demo_session, township)
    got = pp.candidates(demo_session, case_id, _operator(demo_session, township))
    assert {c.id for c in got} == _grid_staff(demo_session, "g.code LIKE :t", t=township + "%")
    # The case's own grid's worker comes first, then the rest of that grid's staff.
    own_workers = _grid_staff(demo_session, "g.code = :c AND gm.role = 'grid_worker'", c=grid_code)
    assert own_workers and got[0].id in own_workers and got[0].own_grid
    own = [c.own_grid for c in got]
    assert own == sorted(own, reverse=True), "every own-grid person before every other"
    assert all(p.code.startswith(township) for c in got for p in c.places)


def test_the_district_operator_sees_more_and_another_township_is_refused(demo_session: Session) -> None:
    township = _township_of_routed(demo_session)
    case_id, _ = _routed_case(demo_session, township)
    district = township[:6]
    got = {c.id for c in pp.candidates(demo_session, case_id, _operator(demo_session, district))}
    assert got == _grid_staff(demo_session, "g.code LIKE :d", d=district + "%")
    assert got > _grid_staff(demo_session, "g.code LIKE :t", t=township + "%")
    other = _one(
        demo_session,
        "SELECT g.code FROM grids g WHERE g.level = 'township' AND g.code <> :t ORDER BY g.code LIMIT 1",
        t=township,
    )
    with pytest.raises(PermissionDenied, match="operator of"):
        pp.candidates(demo_session, case_id, _operator(demo_session, other))


def test_a_liaison_sees_their_department_and_every_grid_worker(demo_session: Session) -> None:
    township = _township_of_routed(demo_session)
    case_id, _ = _routed_case(demo_session, township)
    # The district operator routes the case to a department with child logical grids.
    parent = _one(
        demo_session,
        "SELECT p.code FROM logical_grids p WHERE EXISTS "
        "(SELECT 1 FROM logical_grids c WHERE c.parent_id = p.id) ORDER BY p.code LIMIT 1",
    )
    ops.route(demo_session, _operator(demo_session, township[:6]), case_id, to=f"logical:{parent}", now=NOW)
    liaison = _one(
        demo_session,
        "SELECT r.person_id FROM role_grants r JOIN logical_grids lg ON lg.id = r.logical_grid_id "
        "JOIN logical_memberships lm ON lm.person_id = r.person_id AND lm.logical_grid_id = lg.id "
        "WHERE r.role = 'liaison' AND lm.role = 'liaison' AND lg.code = :c",
        c=parent,
    )
    got = pp.candidates(demo_session, case_id, liaison)
    department = _logical_staff(demo_session, "lg.code LIKE :p", p=parent + "%")
    workers = _grid_staff(demo_session, "gm.role = 'grid_worker'")
    assert {c.id for c in got} == department | workers
    # Not offered: grid leaders and other departments' members who are no grid's worker.
    outsiders = (
        (
            _grid_staff(demo_session, "gm.role = 'grid_leader'")
            | _logical_staff(demo_session, "lg.code NOT LIKE :p", p=parent + "%")
        )
        - department
        - workers
    )
    assert outsiders and not outsiders & {c.id for c in got}
    # A liaison of an unrelated department may not assign this case at all.
    stranger = _one(
        demo_session,
        "SELECT r.person_id FROM role_grants r JOIN logical_grids lg ON lg.id = r.logical_grid_id "
        "WHERE r.role = 'liaison' AND lg.code NOT LIKE :p ORDER BY r.person_id LIMIT 1",
        p=parent + "%",
    )
    with pytest.raises(PermissionDenied, match="liaison of"):
        pp.candidates(demo_session, case_id, stranger)
    # The township's operator now also sees the department the case was routed to.
    by_operator = {c.id for c in pp.candidates(demo_session, case_id, _operator(demo_session, township))}
    assert by_operator == _grid_staff(demo_session, "g.code LIKE :t", t=township + "%") | _logical_staff(
        demo_session, "lg.code = :p", p=parent
    )


def test_an_admin_sees_all_staff_and_a_leader_none(demo_session: Session) -> None:
    case_id, _ = _routed_case(demo_session, _township_of_routed(demo_session))
    admin = _one(
        demo_session, "SELECT person_id FROM role_grants WHERE role = 'admin' ORDER BY person_id LIMIT 1"
    )
    got = {c.id for c in pp.candidates(demo_session, case_id, admin)}
    assert got == _grid_staff(demo_session, "1 = 1") | _logical_staff(demo_session, "1 = 1")
    leader = _one(
        demo_session, "SELECT person_id FROM role_grants WHERE role = 'leader' ORDER BY person_id LIMIT 1"
    )
    with pytest.raises(PermissionDenied, match="only operator"):
        pp.candidates(demo_session, case_id, leader)
    with pytest.raises(NotFound):
        pp.candidates(demo_session, 10**9, admin)


def test_search_by_name_phone_grid_name_and_code_and_inactive_people_are_left_out(
    demo_session: Session,
) -> None:
    township = _township_of_routed(demo_session)
    case_id, _ = _routed_case(demo_session, township)
    operator = _operator(demo_session, township)
    everyone = pp.candidates(demo_session, case_id, operator)
    target = next(c for c in everyone if not c.own_grid and c.phone)
    grid = next(p for p in target.places if p.kind == "grid")
    for needle in (target.name, target.phone, grid.name, grid.code):
        assert needle
        found = pp.candidates(demo_session, case_id, operator, search=needle.upper())
        assert target.id in {c.id for c in found}, needle
        assert all(c.matches(needle) for c in found)
    assert len(pp.candidates(demo_session, case_id, operator, search=grid.code)) < len(everyone)
    assert pp.candidates(demo_session, case_id, operator, search="no such person 无此人") == []

    demo_session.execute(text("UPDATE people SET active = false WHERE id = :i"), {"i": target.id})
    demo_session.flush()
    assert target.id not in {c.id for c in pp.candidates(demo_session, case_id, operator)}
