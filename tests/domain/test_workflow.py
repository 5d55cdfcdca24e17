"""Example-based tests of the workflow state machine: the full table, each step's effect, the messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commandcenter.domain.status import Status, Step, UnitKind
from commandcenter.domain.workflow import (
    STATUS_LABELS,
    STEP_LABELS,
    BadStepArgs,
    CaseState,
    Extension,
    InvalidState,
    StepNotAllowed,
    TrailEntry,
    TrailInconsistent,
    UnitRef,
    advance,
    allowed_steps,
    apply,
    replay,
    step_args,
)

S = Status
GRID = UnitRef(UnitKind.GRID, "330102001001001")
TOWN = UnitRef(UnitKind.CENTER, "330102001")
DISTRICT = UnitRef(UnitKind.CENTER, "330102")
LG = UnitRef(UnitKind.LOGICAL, "LG03")
D = datetime(2026, 3, 9, 8, tzinfo=UTC)
CODE = "E20261127-0001"

# An independent statement of the table: what must succeed from each status (no extension pending,
# not rated). Written out by hand on purpose, not derived from TRANSITIONS.
EXPECTED: dict[Status | None, set[Step]] = {
    None: {Step.REPORT, Step.SELF_HANDLE, Step.TASK},
    S.REPORTED: {Step.VERIFY, Step.VOID, Step.PARK, Step.SUPERVISE},
    S.VERIFIED: {Step.ROUTE, Step.ESCALATE, Step.PARK, Step.SUPERVISE},
    S.ROUTED: {Step.ASSIGN, Step.ROUTE, Step.SEND_BACK, Step.ESCALATE, Step.PARK, Step.SUPERVISE},
    S.ASSIGNED: {
        Step.ACCEPT,
        Step.SEND_BACK,
        Step.ESCALATE,
        Step.REQUEST_EXTENSION,
        Step.PARK,
        Step.SUPERVISE,
    },
    S.IN_PROGRESS: {
        Step.REPLY,
        Step.SEND_BACK,
        Step.ESCALATE,
        Step.REQUEST_EXTENSION,
        Step.PARK,
        Step.SUPERVISE,
    },
    S.REWORK: {Step.REPLY, Step.REQUEST_EXTENSION, Step.PARK, Step.SUPERVISE},
    S.REPLIED: {Step.CHECK_PASS, Step.CHECK_FAIL, Step.PARK, Step.SUPERVISE},
    S.CHECKED: {Step.CLOSE, Step.RATE, Step.PARK, Step.SUPERVISE},
    S.CLOSED: {Step.REOPEN, Step.RATE},
    S.VOIDED: set(),
    S.PARKED: {Step.RESUME, Step.SUPERVISE},
}

SAMPLES: dict[Status | None, CaseState] = {
    None: CaseState(code=CODE),
    S.REPORTED: CaseState(S.REPORTED, code=CODE),
    S.VERIFIED: CaseState(S.VERIFIED, code=CODE),
    S.ROUTED: CaseState(S.ROUTED, responsible=GRID, code=CODE),
    S.ASSIGNED: CaseState(S.ASSIGNED, assignee_id=7, responsible=GRID, deadline=D, code=CODE),
    S.IN_PROGRESS: CaseState(S.IN_PROGRESS, assignee_id=7, responsible=GRID, deadline=D, code=CODE),
    S.REWORK: CaseState(S.REWORK, assignee_id=7, responsible=GRID, reworks=1, deadline=D, code=CODE),
    S.REPLIED: CaseState(S.REPLIED, assignee_id=7, responsible=GRID, code=CODE),
    S.CHECKED: CaseState(S.CHECKED, assignee_id=7, responsible=GRID, code=CODE),
    S.CLOSED: CaseState(S.CLOSED, assignee_id=7, responsible=GRID, code=CODE),
    S.VOIDED: CaseState(S.VOIDED, code=CODE),
    S.PARKED: CaseState(S.PARKED, parked_from=S.IN_PROGRESS, assignee_id=7, responsible=GRID, code=CODE),
}

GOOD_ARGS: dict[Step, dict[str, object]] = {
    Step.SELF_HANDLE: {"assignee_id": 7, "responsible": GRID},
    Step.TASK: {"responsible": GRID, "assignee_id": 7},
    Step.ROUTE: {"responsible": LG},
    Step.ASSIGN: {"assignee_id": 8, "deadline": D},
    Step.RATE: {"stars": 5},
    Step.ESCALATE: {"responsible": DISTRICT},
    Step.REQUEST_EXTENSION: {"hours": 24},
}


def _succeeds(state: CaseState, step: Step) -> bool:
    try:
        apply(state, step, **GOOD_ARGS.get(step, {}))
    except StepNotAllowed:
        return False
    return True


def test_every_status_has_a_sample_and_an_expectation() -> None:
    assert set(SAMPLES) == set(EXPECTED) == {None, *Status}


@pytest.mark.parametrize("status", list(EXPECTED), ids=lambda s: str(s))
def test_exactly_the_allowed_steps_succeed(status: Status | None) -> None:
    state = SAMPLES[status]
    assert {step for step in Step if _succeeds(state, step)} == EXPECTED[status]
    assert set(allowed_steps(state)) == EXPECTED[status]


@pytest.mark.parametrize("status", [S.ASSIGNED, S.IN_PROGRESS, S.REWORK])
def test_with_an_extension_pending_it_is_decided_not_asked_again(status: Status) -> None:
    state = apply(SAMPLES[status], Step.REQUEST_EXTENSION, hours=24)
    expected = EXPECTED[status] - {Step.REQUEST_EXTENSION} | {Step.APPROVE_EXTENSION, Step.REJECT_EXTENSION}
    assert {step for step in Step if _succeeds(state, step)} == expected
    assert set(allowed_steps(state)) == expected


@pytest.mark.parametrize("status", [S.CHECKED, S.CLOSED])
def test_a_rated_case_cannot_be_rated_again(status: Status) -> None:
    state = apply(SAMPLES[status], Step.RATE, stars=2)
    assert state.status is status  # rating never moves the case
    assert state.rating == 2 and state.rated
    assert set(allowed_steps(state)) == EXPECTED[status] - {Step.RATE}
    with pytest.raises(StepNotAllowed, match="already rated 2 stars"):
        apply(state, Step.RATE, stars=5)


def test_allowed_steps_come_in_display_order() -> None:
    assert allowed_steps(SAMPLES[S.CLOSED]) == [Step.REOPEN, Step.RATE]
    assert allowed_steps(SAMPLES[S.REPLIED])[:2] == [Step.CHECK_PASS, Step.CHECK_FAIL]


# ---------------------------------------------------------------------------------------------- the loop


def test_the_whole_loop_with_rework_extension_parking_and_reopen() -> None:
    trail: list[TrailEntry] = []
    state = CaseState(code=CODE)

    def step(s: Step, **args: object) -> CaseState:
        nonlocal state
        state, entry = advance(state, s, **args)
        trail.append(entry)
        return state

    step(Step.REPORT, note="pothole")
    step(Step.VERIFY)
    step(Step.ROUTE, responsible=TOWN)
    step(Step.ROUTE, responsible=GRID)  # the township center forwards it
    step(Step.ASSIGN, assignee_id=7, deadline=D)
    step(Step.ACCEPT)
    step(Step.REQUEST_EXTENSION, hours=48, reason="waiting for asphalt")
    assert state.deadline == D and state.extension_pending == Extension(hours=48)
    step(Step.PARK)
    assert (state.status, state.parked_from) == (S.PARKED, S.IN_PROGRESS)
    step(Step.SUPERVISE, note="hurry")
    step(Step.RESUME)
    step(Step.APPROVE_EXTENSION)
    assert state.deadline == D + timedelta(hours=48) and state.extension_pending is None
    step(Step.REPLY, result="filled")
    step(Step.CHECK_FAIL, deadline=D + timedelta(days=4))
    assert (state.status, state.reworks, state.deadline) == (S.REWORK, 1, D + timedelta(days=4))
    step(Step.REPLY, result="filled properly")
    step(Step.CHECK_PASS)
    step(Step.RATE, stars=4, comment="ok")
    step(Step.CLOSE)
    step(Step.REOPEN)
    assert (state.status, state.assignee_id, state.rating) == (S.IN_PROGRESS, 7, None)
    step(Step.REPLY)
    step(Step.CHECK_PASS)
    step(Step.CLOSE)
    assert state == CaseState(
        S.CLOSED,
        assignee_id=7,
        responsible=GRID,
        reworks=1,
        supervised=True,
        deadline=D + timedelta(days=4),
        code=CODE,
    )
    assert replay(trail, code=CODE) == state
    assert [e.from_status for e in trail[1:]] == [e.to_status for e in trail[:-1]]


def test_self_handle_goes_straight_to_replied_then_through_the_check() -> None:
    state = apply(CaseState(), Step.SELF_HANDLE, assignee_id=6, responsible=GRID, result="moved the bike")
    assert (state.status, state.assignee_id, state.responsible) == (S.REPLIED, 6, GRID)
    with pytest.raises(StepNotAllowed):
        apply(state, Step.CLOSE)  # a check is required
    assert apply(apply(state, Step.CHECK_PASS), Step.CLOSE).status is S.CLOSED


def test_task_to_a_worker_is_assigned_and_to_a_unit_is_routed() -> None:
    assigned = apply(CaseState(), Step.TASK, responsible=GRID, assignee_id=6, deadline=D)
    assert (assigned.status, assigned.assignee_id, assigned.deadline) == (S.ASSIGNED, 6, D)
    routed = apply(CaseState(), Step.TASK, responsible=TOWN)
    assert (routed.status, routed.assignee_id, routed.responsible) == (S.ROUTED, None, TOWN)


def test_void_is_terminal() -> None:
    state = apply(SAMPLES[S.REPORTED], Step.VOID, reason="duplicate")
    assert state.status is S.VOIDED and allowed_steps(state) == []


@pytest.mark.parametrize("status", [S.ASSIGNED, S.IN_PROGRESS])
def test_send_back_from_the_assignee_returns_to_the_routed_unit(status: Status) -> None:
    state = apply(SAMPLES[status], Step.REQUEST_EXTENSION, hours=2)
    back = apply(state, Step.SEND_BACK, reason="not ours")
    assert back == CaseState(S.ROUTED, responsible=GRID, code=CODE)
    with pytest.raises(BadStepArgs, match="responsible"):
        apply(state, Step.SEND_BACK, responsible=TOWN)


def test_send_back_from_the_routed_unit_returns_to_verification() -> None:
    assert apply(SAMPLES[S.ROUTED], Step.SEND_BACK).responsible is None
    back = apply(SAMPLES[S.ROUTED], Step.SEND_BACK, responsible=TOWN)
    assert (back.status, back.responsible) == (S.VERIFIED, TOWN)


@pytest.mark.parametrize("status", [S.VERIFIED, S.ROUTED, S.ASSIGNED, S.IN_PROGRESS])
def test_escalate_moves_to_verified_at_the_level_above(status: Status) -> None:
    up = apply(SAMPLES[status], Step.ESCALATE, responsible=DISTRICT, note="beyond the township")
    assert up == CaseState(S.VERIFIED, responsible=DISTRICT, code=CODE)
    with pytest.raises(BadStepArgs, match="responsible"):
        apply(SAMPLES[status], Step.ESCALATE)  # the service must name the unit above


@pytest.mark.parametrize("status", sorted(set(Status) - {S.PARKED, S.VOIDED, S.CLOSED}))
def test_park_and_resume_restore_the_state(status: Status) -> None:
    parked = apply(SAMPLES[status], Step.PARK)
    assert (parked.status, parked.parked_from) == (S.PARKED, status)
    assert apply(parked, Step.RESUME) == SAMPLES[status]


@pytest.mark.parametrize("status", sorted(set(Status) - {S.VOIDED, S.CLOSED}))
def test_supervise_flags_any_open_case_without_moving_it(status: Status) -> None:
    flagged = apply(SAMPLES[status], Step.SUPERVISE, note="督办")
    assert flagged.supervised and flagged.status is status
    assert apply(flagged, Step.SUPERVISE).supervised  # may be repeated


def test_extension_until_and_approver_override() -> None:
    later = D + timedelta(days=3)
    state = apply(SAMPLES[S.IN_PROGRESS], Step.REQUEST_EXTENSION, until=later)
    assert apply(state, Step.APPROVE_EXTENSION).deadline == later
    assert apply(state, Step.APPROVE_EXTENSION, until=D + timedelta(days=1)).deadline == D + timedelta(days=1)
    rejected = apply(state, Step.REJECT_EXTENSION, reason="no")
    assert (rejected.deadline, rejected.extension_pending, rejected.status) == (D, None, S.IN_PROGRESS)


def test_extension_requests_are_checked() -> None:
    state = SAMPLES[S.IN_PROGRESS]
    with pytest.raises(BadStepArgs, match="not later"):
        apply(state, Step.REQUEST_EXTENSION, until=D - timedelta(hours=1))
    with pytest.raises(BadStepArgs, match="exactly one"):
        apply(state, Step.REQUEST_EXTENSION, hours=2, until=D + timedelta(days=1))
    with pytest.raises(BadStepArgs, match="exactly one"):
        apply(state, Step.REQUEST_EXTENSION)
    with pytest.raises(BadStepArgs, match="positive"):
        apply(state, Step.REQUEST_EXTENSION, hours=0)
    no_deadline = CaseState(S.IN_PROGRESS, assignee_id=7, responsible=GRID)
    with pytest.raises(BadStepArgs, match="no deadline"):
        apply(no_deadline, Step.REQUEST_EXTENSION, hours=2)
    pending = apply(state, Step.REQUEST_EXTENSION, hours=2)
    with pytest.raises(StepNotAllowed, match="already pending"):
        apply(pending, Step.REQUEST_EXTENSION, hours=3)
    with pytest.raises(StepNotAllowed, match="no extension request is pending"):
        apply(state, Step.APPROVE_EXTENSION)


def test_reply_drops_a_pending_extension() -> None:
    pending = apply(SAMPLES[S.REWORK], Step.REQUEST_EXTENSION, hours=2)
    assert apply(pending, Step.REPLY).extension_pending is None


def test_reopen_without_an_assignee_goes_to_verification() -> None:
    rated = apply(SAMPLES[S.CLOSED], Step.RATE, stars=1)
    again = apply(rated, Step.REOPEN, assignee_id=None, responsible=TOWN, reason="worker left")
    assert again == CaseState(S.VERIFIED, responsible=TOWN, code=CODE)
    moved = apply(rated, Step.REOPEN, assignee_id=9, deadline=D)
    assert (moved.status, moved.assignee_id, moved.deadline, moved.rating) == (S.IN_PROGRESS, 9, D, None)
    with pytest.raises(BadStepArgs, match="deadline needs an assignee"):
        apply(rated, Step.REOPEN, assignee_id=None, deadline=D)


# ---------------------------------------------------------------------------------------------- refusals


def test_refusal_names_case_status_and_step_in_both_languages() -> None:
    with pytest.raises(StepNotAllowed) as info:
        apply(SAMPLES[S.CLOSED], Step.VERIFY)
    assert str(info.value) == (
        "case E20261127-0001 is 已结案 closed; step 核实 verify is not allowed "
        "(allowed: 重新打开 reopen, 评价 rate)"
    )
    assert (info.value.case_code, info.value.status, info.value.step) == (CODE, S.CLOSED, Step.VERIFY)


def test_refusal_of_a_parked_case_says_where_it_resumes() -> None:
    with pytest.raises(StepNotAllowed, match=r"挂账 parked \(from 处置中 in_progress\); step 回复 reply"):
        apply(SAMPLES[S.PARKED], Step.REPLY)


def test_replied_cannot_be_closed_without_a_check() -> None:
    with pytest.raises(StepNotAllowed, match="已回复 replied; step 结案 close is not allowed"):
        apply(SAMPLES[S.REPLIED], Step.CLOSE)


@pytest.mark.parametrize(
    ("state", "step", "args", "match"),
    [
        (SAMPLES[S.ROUTED], Step.ASSIGN, {}, "assignee_id must be a person id"),
        (SAMPLES[S.ROUTED], Step.ASSIGN, {"assignee_id": True}, "assignee_id"),
        (SAMPLES[S.ROUTED], Step.ASSIGN, {"assignee_id": 7, "deadline": datetime(2026, 3, 9)}, "aware"),
        (SAMPLES[S.ROUTED], Step.ASSIGN, {"assignee_id": 7, "deadline": "soon"}, "ISO"),
        (SAMPLES[S.ROUTED], Step.ASSIGN, {"asignee_id": 7}, "unexpected arguments"),
        (SAMPLES[S.VERIFIED], Step.ROUTE, {}, "responsible"),
        (SAMPLES[S.VERIFIED], Step.ROUTE, {"responsible": ("street", "x")}, "responsible"),
        (SAMPLES[S.CHECKED], Step.RATE, {"stars": 6}, "1 to 5"),
        (SAMPLES[S.CHECKED], Step.RATE, {"stars": 4.5}, "1 to 5"),
        (CaseState(), Step.SELF_HANDLE, {"responsible": GRID}, "assignee_id"),
    ],
)
def test_bad_arguments_are_refused(state: CaseState, step: Step, args: dict[str, object], match: str) -> None:
    with pytest.raises(BadStepArgs, match=match):
        apply(state, step, **args)


def test_every_step_accepts_a_note() -> None:
    assert all("note" in step_args(step) for step in Step)


def test_labels_cover_every_status_and_step() -> None:
    assert set(STATUS_LABELS) == set(Status) and set(STEP_LABELS) == set(Step)
    assert len({zh for zh, _ in STEP_LABELS.values()}) == len(Step)  # no two steps read alike


# ---------------------------------------------------------------------------------------------- state


@pytest.mark.parametrize(
    "fields",
    [
        {"status": S.ASSIGNED, "responsible": GRID},  # no assignee
        {"status": S.PARKED},  # no parked_from
        {"status": S.PARKED, "parked_from": S.CLOSED},
        {"status": S.REPORTED, "parked_from": S.REPORTED},
        {"status": S.VERIFIED, "assignee_id": 7},
        {"status": S.ROUTED},  # no unit
        {"status": S.REPORTED, "extension_pending": Extension(hours=1)},
        {"status": S.REPLIED, "assignee_id": 7, "responsible": GRID, "rating": 3},
        {"status": S.CLOSED, "assignee_id": 7, "responsible": GRID, "rating": 0},
        {"status": S.REPORTED, "reworks": -1},
        {"status": S.REPORTED, "deadline": datetime(2026, 1, 1)},
        {"status": None, "supervised": True},
    ],
)
def test_contradictory_states_cannot_be_built(fields: dict[str, object]) -> None:
    with pytest.raises(InvalidState):
        CaseState(**fields)  # type: ignore[arg-type]


def test_states_from_database_strings_are_normalised() -> None:
    state = CaseState("parked", parked_from="routed", responsible=("logical", "LG03"))  # type: ignore[arg-type]
    assert (state.status, state.parked_from, state.responsible) == (S.PARKED, S.ROUTED, LG)


# ---------------------------------------------------------------------------------------------- replay


def _loop_trail() -> list[TrailEntry]:
    state, trail = CaseState(), []
    for step, args in [
        (Step.REPORT, {}),
        (Step.VERIFY, {}),
        (Step.ROUTE, {"responsible": LG}),
        (Step.ASSIGN, {"assignee_id": 3, "deadline": D}),
    ]:
        state, entry = advance(state, step, **args)
        trail.append(entry)
    return trail


def test_replay_accepts_args_as_stored_in_json() -> None:
    stored = [
        TrailEntry("report", None, "reported"),  # type: ignore[arg-type]
        TrailEntry("verify", "reported", "verified"),  # type: ignore[arg-type]
        TrailEntry("route", "verified", "routed", {"responsible": ["logical", "LG03"]}),  # type: ignore[arg-type]
        TrailEntry(
            "assign",  # type: ignore[arg-type]
            "routed",  # type: ignore[arg-type]
            "assigned",  # type: ignore[arg-type]
            {"assignee_id": 3, "deadline": "2026-03-09T16:00:00+08:00"},
        ),
    ]
    assert replay(stored) == replay(_loop_trail())
    assert replay(stored).deadline == D


def test_replay_refuses_a_row_that_starts_elsewhere() -> None:
    trail = _loop_trail()
    trail[2] = TrailEntry(Step.ROUTE, S.REPORTED, S.ROUTED, {"responsible": LG})
    with pytest.raises(TrailInconsistent, match=r"row 2 .* starts from reported but the case was verified"):
        replay(trail, code=CODE)


def test_replay_refuses_a_row_that_ends_elsewhere() -> None:
    trail = _loop_trail()
    trail[1] = TrailEntry(Step.VERIFY, S.REPORTED, S.ROUTED)
    with pytest.raises(TrailInconsistent, match=r"row 1 .* ends at routed but replays to verified"):
        replay(trail)


def test_replay_refuses_a_step_that_was_never_allowed() -> None:
    trail = [*_loop_trail(), TrailEntry(Step.CLOSE, S.ASSIGNED, S.CLOSED)]
    with pytest.raises(TrailInconsistent, match=r"row 4 .* 结案 close is not allowed"):
        replay(trail)


def test_a_routed_case_is_not_routed_again_to_its_own_unit() -> None:
    routed = SAMPLES[S.ROUTED]  # routed to GRID
    with pytest.raises(BadStepArgs, match="already routed to grid 330102001001001"):
        advance(routed, Step.ROUTE, responsible=GRID)
    with pytest.raises(BadStepArgs, match="already routed"):  # the same unit as stored in JSON
        advance(routed, Step.ROUTE, responsible={"kind": "grid", "code": GRID.code})
    assert advance(routed, Step.ROUTE, responsible=LG)[0].responsible == LG  # elsewhere: forwarded
    # From verified, routing to the unit holding the case moves it on.
    held = CaseState(S.VERIFIED, responsible=TOWN, code=CODE)
    assert advance(held, Step.ROUTE, responsible=TOWN)[0].status is S.ROUTED


def test_a_recorded_trail_with_a_repeated_route_still_replays() -> None:
    """Trails written before the rule hold such repeats: replay (and so the audit) accepts them."""
    trail = [
        TrailEntry(Step.REPORT, None, S.REPORTED),
        TrailEntry(Step.VERIFY, S.REPORTED, S.VERIFIED),
        TrailEntry(Step.ROUTE, S.VERIFIED, S.ROUTED, {"responsible": {"kind": "logical", "code": "LG03"}}),
        TrailEntry(Step.ROUTE, S.ROUTED, S.ROUTED, {"responsible": {"kind": "logical", "code": "LG03"}}),
    ]
    assert replay(trail, code=CODE).responsible == LG
