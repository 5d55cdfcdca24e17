"""Who may do what: the role x step matrix, then each scope rule and the wording of refusals."""

from __future__ import annotations

import pytest

from commandcenter.domain.permissions import (
    RULES,
    Actor,
    CaseContext,
    Holder,
    PermissionDenied,
    RoleGrant,
    blocked_ahead,
    check,
    holders,
    may,
    permitted_steps,
    roles_allowed,
    why_not,
)
from commandcenter.domain.status import Role, Status, Step, UnitKind
from commandcenter.domain.workflow import CaseState, UnitRef, allowed_steps

COUNTY, TOWN_A, COMMUNITY_A = "330102", "330102001", "330102001001"
GRID_A, GRID_B = "330102001001001", "330102002001001"
WORKER, CITIZEN = 6, 8
UNIT_A = UnitRef(UnitKind.GRID, GRID_A)

OPERATOR = Actor(1, {RoleGrant(Role.OPERATOR, "grid", COUNTY)}, "区值班员")
TOWN_OPERATOR = Actor(2, {RoleGrant(Role.OPERATOR, "grid", TOWN_A, "城关镇中心")}, "李四")
LIAISON = Actor(3, {RoleGrant(Role.LIAISON, "logical", "LG03", "执行网格")}, "张三")
LEADER = Actor(4, {RoleGrant(Role.LEADER)})
ADMIN = Actor(5, {RoleGrant(Role.ADMIN)})
GRID_WORKER = Actor(WORKER, {RoleGrant(Role.GRID_WORKER, "grid", GRID_A)}, "王五")
REPORTER = Actor(CITIZEN, {RoleGrant(Role.CITIZEN)})


def case(
    status: Status | None = Status.IN_PROGRESS,
    grid: str | None = GRID_A,
    responsible: UnitRef | None = UNIT_A,
    assignee: int | None = WORKER,
    reporter: int | None = CITIZEN,
    **names: str,
) -> CaseContext:
    return CaseContext("E20261127-0001", status, grid, responsible, assignee, reporter, **names)


# ---------------------------------------------------------------------------------------------- matrix

ALL = set(Step)
OPERATOR_EXPECTED = {
    Step.REPORT,
    Step.VERIFY,
    Step.VOID,
    Step.ROUTE,
    Step.ASSIGN,
    Step.CHECK_PASS,
    Step.CHECK_FAIL,
    Step.CLOSE,
    Step.PARK,
    Step.RESUME,
    Step.ESCALATE,
    Step.SEND_BACK,
    Step.APPROVE_EXTENSION,
    Step.REJECT_EXTENSION,
    Step.REOPEN,
}
LIAISON_EXPECTED = {
    Step.ASSIGN,
    Step.ACCEPT,
    Step.REPLY,
    Step.SEND_BACK,
    Step.REQUEST_EXTENSION,
    Step.TASK,
}
LEADER_EXPECTED = {Step.SUPERVISE, Step.APPROVE_EXTENSION, Step.REJECT_EXTENSION, Step.CLOSE}
WORKER_EXPECTED = {
    Step.ACCEPT,
    Step.REPLY,
    Step.REQUEST_EXTENSION,
    Step.SEND_BACK,
    Step.REPORT,
    Step.SELF_HANDLE,
}
CITIZEN_EXPECTED = {Step.REPORT, Step.RATE}

# Each role with a case inside its scope: exactly these steps are permitted.
MATRIX = [
    (OPERATOR, case(), OPERATOR_EXPECTED),
    (TOWN_OPERATOR, case(), OPERATOR_EXPECTED),
    (LIAISON, case(responsible=UnitRef(UnitKind.LOGICAL, "LG0301")), LIAISON_EXPECTED),
    (LEADER, case(), LEADER_EXPECTED),
    (ADMIN, case(), ALL),
    (GRID_WORKER, case(), WORKER_EXPECTED),
    (REPORTER, case(), CITIZEN_EXPECTED),
]


@pytest.mark.parametrize(("actor", "context", "expected"), MATRIX, ids=lambda x: getattr(x, "name", ""))
@pytest.mark.parametrize("step", list(Step))
def test_matrix(actor: Actor, context: CaseContext, expected: set[Step], step: Step) -> None:
    assert may(actor, step, context) == (step in expected)


def test_every_role_has_rules_and_every_step_a_role() -> None:
    assert set(RULES) == set(Role)
    assert all(roles_allowed(step) for step in Step)
    assert roles_allowed(Step.VERIFY) == [Role.OPERATOR, Role.ADMIN]


# ---------------------------------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("context", "town_may"),
    [
        (case(grid=GRID_A, responsible=None, assignee=None), True),
        (case(grid=GRID_B, responsible=None, assignee=None), False),
        # Routed to a physical unit: the unit's code decides, not the event's grid.
        (case(grid=GRID_B, responsible=UnitRef(UnitKind.GRID, GRID_A)), True),
        (case(grid=GRID_A, responsible=UnitRef(UnitKind.GRID, GRID_B)), False),
        (case(grid=GRID_A, responsible=UnitRef(UnitKind.CENTER, COMMUNITY_A)), True),
        # Escalated to the district center: only district operators.
        (case(grid=GRID_A, responsible=UnitRef(UnitKind.CENTER, COUNTY), assignee=None), False),
        # Routed to a department: the event's grid decides.
        (case(grid=GRID_A, responsible=UnitRef(UnitKind.LOGICAL, "LG05")), True),
        (case(grid=GRID_B, responsible=UnitRef(UnitKind.LOGICAL, "LG05")), False),
        # Unplaced: only district operators.
        (case(grid=None, responsible=None, assignee=None), False),
        (case(grid=None, responsible=UnitRef(UnitKind.LOGICAL, "LG05")), False),
    ],
)
def test_operator_scope(context: CaseContext, town_may: bool) -> None:
    assert may(TOWN_OPERATOR, Step.VERIFY, context) == town_may
    assert may(OPERATOR, Step.VERIFY, context)  # the district operator sees everything in the county


def test_operator_of_another_county_may_not() -> None:
    other = Actor(11, {RoleGrant(Role.OPERATOR, "grid", "330103")})
    assert not may(other, Step.VERIFY, case())


def test_operator_refusal_says_where_the_case_is() -> None:
    with pytest.raises(PermissionDenied) as info:
        check(TOWN_OPERATOR, Step.VERIFY, case(grid=GRID_B, responsible=None, assignee=None))
    assert str(info.value) == (
        "李四 is an operator of 城关镇中心 (330102001); case E20261127-0001 lies in grid 330102002001001"
    )
    unplaced = why_not(TOWN_OPERATOR, Step.VERIFY, case(grid=None, responsible=None, assignee=None))
    assert unplaced is not None and "only district-level operators" in unplaced
    escalated = case(responsible=UnitRef(UnitKind.CENTER, COUNTY), assignee=None, responsible_name="区中心")
    assert "is the responsibility of 区中心 (330102)" in (why_not(TOWN_OPERATOR, Step.ROUTE, escalated) or "")


# ---------------------------------------------------------------------------------------------- liaisons


@pytest.mark.parametrize(
    ("responsible", "allowed"),
    [
        (UnitRef(UnitKind.LOGICAL, "LG03"), True),
        (UnitRef(UnitKind.LOGICAL, "LG0301"), True),  # a child logical grid
        (UnitRef(UnitKind.LOGICAL, "LG05"), False),
        (UnitRef(UnitKind.LOGICAL, "LG0"), False),  # the parent is not below the liaison
        (UnitRef(UnitKind.GRID, GRID_A), False),
        (None, False),
    ],
)
def test_liaison_acts_on_their_logical_grid_and_below(responsible: UnitRef | None, allowed: bool) -> None:
    assert may(LIAISON, Step.ASSIGN, case(Status.ROUTED, responsible=responsible, assignee=None)) == allowed


def test_liaison_refusal_names_both_logical_grids() -> None:
    context = case(Status.ROUTED, responsible=UnitRef(UnitKind.LOGICAL, "LG05"), responsible_name="城管网格")
    with pytest.raises(PermissionDenied) as info:
        check(LIAISON, Step.ASSIGN, context)
    assert info.value.reason == (
        "张三 is a liaison of 执行网格 (LG03); case E20261127-0001 is the responsibility of 城管网格 (LG05)"
    )


def test_liaison_may_task_any_physical_grid() -> None:
    proposed = case(None, grid=GRID_B, responsible=UnitRef(UnitKind.GRID, GRID_B), assignee=7)
    assert may(LIAISON, Step.TASK, proposed)
    assert not may(TOWN_OPERATOR, Step.TASK, proposed)


# ---------------------------------------------------------------------------------------------- field roles


def test_worker_handles_only_what_is_assigned_to_them() -> None:
    assert may(GRID_WORKER, Step.REPLY, case(assignee=WORKER))
    assert not may(GRID_WORKER, Step.REPLY, case(assignee=7))
    assert why_not(GRID_WORKER, Step.ACCEPT, case(Status.ASSIGNED, assignee=7)) == (
        "case E20261127-0001 is assigned to person 7, not to 王五"
    )


def test_worker_may_send_back_a_case_waiting_in_their_grid() -> None:
    assert may(GRID_WORKER, Step.SEND_BACK, case(Status.ROUTED, assignee=None))
    routed_elsewhere = case(Status.ROUTED, responsible=UnitRef(UnitKind.GRID, GRID_B), assignee=None)
    assert not may(GRID_WORKER, Step.SEND_BACK, routed_elsewhere)


@pytest.mark.parametrize(("grid", "allowed"), [(GRID_A, True), (GRID_B, False), (None, False)])
def test_worker_reports_and_self_handles_in_their_grids(grid: str | None, allowed: bool) -> None:
    proposed = case(None, grid=grid, responsible=None, assignee=None, reporter=WORKER)
    assert may(GRID_WORKER, Step.REPORT, proposed) == allowed
    assert may(GRID_WORKER, Step.SELF_HANDLE, proposed) == allowed


def test_worker_with_several_grids() -> None:
    both = Actor(
        WORKER,
        {RoleGrant(Role.GRID_WORKER, "grid", GRID_A), RoleGrant(Role.GRID_WORKER, "grid", GRID_B)},
    )
    assert may(both, Step.REPORT, case(None, grid=GRID_B, responsible=None, assignee=None))


def test_citizen_reports_and_rates_only_their_own_case() -> None:
    assert may(REPORTER, Step.RATE, case(Status.CLOSED))
    stranger = Actor(9, {RoleGrant(Role.CITIZEN)})
    assert why_not(stranger, Step.RATE, case(Status.CLOSED)) == (
        "person 9 did not report case E20261127-0001; citizens act only on their own reports"
    )
    assert not may(REPORTER, Step.CLOSE, case(Status.CHECKED))


def test_refusal_for_a_step_no_role_of_theirs_allows() -> None:
    assert why_not(REPORTER, Step.VERIFY, case(Status.REPORTED)) == (
        "person 8 (citizen) may not 核实 verify: only operator, admin may"
    )
    nobody = Actor(99)
    assert why_not(nobody, Step.REPORT, case(None)) == (
        "person 99 (no role) may not 事件上报 report: only operator, admin, grid worker, citizen may"
    )


def test_leader_and_admin_act_anywhere() -> None:
    unplaced = case(grid=None, responsible=UnitRef(UnitKind.CENTER, "440101"))
    assert may(LEADER, Step.SUPERVISE, unplaced) and may(ADMIN, Step.VOID, unplaced)


def test_any_grant_that_covers_the_case_is_enough() -> None:
    two_hats = Actor(
        12, {RoleGrant(Role.OPERATOR, "grid", "330102002"), RoleGrant(Role.OPERATOR, "grid", TOWN_A)}
    )
    assert may(two_hats, Step.CLOSE, case(Status.CHECKED))


@pytest.mark.parametrize(
    ("role", "kind", "path"),
    [
        (Role.OPERATOR, None, None),
        (Role.OPERATOR, "logical", "LG03"),
        (Role.LIAISON, "grid", GRID_A),
        (Role.GRID_WORKER, "grid", ""),
    ],
)
def test_scoped_roles_need_a_scope_of_their_kind(role: Role, kind: str | None, path: str | None) -> None:
    with pytest.raises(ValueError, match="needs a"):
        RoleGrant(role, kind, path)  # type: ignore[arg-type]


def test_permissions_and_workflow_together() -> None:
    state = CaseState(Status.ASSIGNED, assignee_id=WORKER, responsible=UnitRef(UnitKind.GRID, GRID_A))
    context = CaseContext.of(state, grid_code=GRID_A, reporter_id=CITIZEN)
    assert permitted_steps(GRID_WORKER, context, allowed_steps(state)) == [
        Step.ACCEPT,
        Step.SEND_BACK,
        Step.REQUEST_EXTENSION,
    ]


# ---------------------------------------------------------------------------------------------- who may


def test_an_operator_alone_is_told_who_takes_accept_and_reply() -> None:
    operator = Actor(1, [RoleGrant(Role.OPERATOR, "grid", "511503")], name="王五")
    case = CaseContext(
        "E1", Status.ASSIGNED, "511503001001001", UnitRef(UnitKind.LOGICAL, "LG02"), assignee_id=9
    )
    ahead = blocked_ahead(operator, case)
    # accept and reply are the assignee's (or the department's); the check after them is the operator's
    assert [b.step for b in ahead] == [Step.ACCEPT, Step.REPLY]
    assert ahead[0].holders == (
        Holder(Role.GRID_WORKER, "assignee", person_id=9),
        Holder(Role.LIAISON, "unit", "LG02"),
        Holder(Role.ADMIN, "anyone"),
    )
    assert "王五" in ahead[0].reason and "may not" in ahead[0].reason  # why_not's words
    # A case routed to a grid: no liaison stands for it, the grid's worker may send it back.
    routed = CaseContext("E2", Status.ROUTED, "511503001001001", UnitRef(UnitKind.GRID, "511503001001001"))
    assert Holder(Role.LIAISON, "unit", "LG02") not in holders(Step.ASSIGN, routed)
    assert Holder(Role.GRID_WORKER, "unit", "511503001001001") in holders(Step.SEND_BACK, routed)
    assert holders(Step.ASSIGN, routed)[0] == Holder(Role.OPERATOR, "area", "511503001001001")
    # What the actor may take next stops the walk at once; outside their area all ahead is explained.
    assert blocked_ahead(operator, routed) == []
    far = Actor(2, [RoleGrant(Role.OPERATOR, "grid", "511504")], name="赵六")
    reported = CaseContext("E3", Status.REPORTED, "511503001001001")
    assert [b.step for b in blocked_ahead(far, reported)] == [Step.VERIFY, Step.ROUTE]
