"""Property tests: random steps by random people never break a case, and the trail always replays."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.domain.permissions import Actor, CaseContext, PermissionDenied, RoleGrant, check
from commandcenter.domain.status import Role, Status, Step, UnitKind
from commandcenter.domain.workflow import (
    HELD,
    CaseState,
    StepNotAllowed,
    TrailEntry,
    UnitRef,
    WorkflowError,
    advance,
    allowed_steps,
    replay,
    step_args,
)

COUNTY, TOWN_A, TOWN_B = "330102", "330102001", "330102002"
GRID_A, GRID_B = "330102001001001", "330102002001001"
CITIZEN_ID = 8

ACTORS = [
    Actor(1, {RoleGrant(Role.OPERATOR, "grid", COUNTY)}, "district operator"),
    Actor(2, {RoleGrant(Role.OPERATOR, "grid", TOWN_A)}, "township A operator"),
    Actor(3, {RoleGrant(Role.LIAISON, "logical", "LG03")}, "LG03 liaison"),
    Actor(4, {RoleGrant(Role.LEADER)}, "leader"),
    Actor(5, {RoleGrant(Role.ADMIN)}, "admin"),
    Actor(6, {RoleGrant(Role.GRID_WORKER, "grid", GRID_A)}, "grid A worker"),
    Actor(7, {RoleGrant(Role.GRID_WORKER, "grid", GRID_B)}, "grid B worker"),
    Actor(CITIZEN_ID, {RoleGrant(Role.CITIZEN)}, "reporting citizen"),
    Actor(9, {RoleGrant(Role.CITIZEN)}, "another citizen"),
]
UNITS = [
    UnitRef(UnitKind.GRID, GRID_A),
    UnitRef(UnitKind.GRID, GRID_B),
    UnitRef(UnitKind.CENTER, TOWN_A),
    UnitRef(UnitKind.CENTER, COUNTY),
    UnitRef(UnitKind.LOGICAL, "LG03"),
    UnitRef(UnitKind.LOGICAL, "LG0301"),
    UnitRef(UnitKind.LOGICAL, "LG05"),
]
T0 = datetime(2026, 3, 9, tzinfo=UTC)
TIMES = [T0 + timedelta(hours=h) for h in (0, 5, 30, 100, 500)] + [datetime(2026, 3, 9)]  # last: naive

VALID_TIMES = TIMES[:-1]

# Any argument, often wrong: exercises the refusals.
WILD_ARGS = st.fixed_dictionaries(
    {},
    optional={
        "assignee_id": st.sampled_from([None, 3, 6, 7, 8, ""]),
        "responsible": st.sampled_from([*UNITS, None, ("nowhere", "x")]),
        "deadline": st.sampled_from(TIMES),
        "hours": st.sampled_from([4, 24.5, 0, -1, True]),
        "until": st.sampled_from(TIMES),
        "stars": st.integers(0, 6),
        "note": st.text(max_size=4),
        "bogus": st.just(1),
    },
)
# Plausible values for the arguments the step knows: these move the case along.
GOOD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "assignee_id": st.sampled_from([3, 6, 7, 8]),
    "responsible": st.sampled_from(UNITS),
    "deadline": st.sampled_from(VALID_TIMES),
    "hours": st.sampled_from([4, 24.5]),
    "until": st.sampled_from(VALID_TIMES),
    "stars": st.integers(1, 5),
    "note": st.just("n"),
}


def _good_args(step: Step) -> st.SearchStrategy[dict[str, Any]]:
    if step is Step.REQUEST_EXTENSION:  # exactly one of the two
        return st.one_of(
            st.fixed_dictionaries({"hours": GOOD_VALUES["hours"]}),
            st.fixed_dictionaries({"until": GOOD_VALUES["until"]}),
        )
    known = step_args(step) & GOOD_VALUES.keys()
    return st.fixed_dictionaries({}, optional={k: GOOD_VALUES[k] for k in sorted(known)})


@dataclass
class Run:
    state: CaseState
    trail: list[TrailEntry]
    history: list[CaseState]  # the state after each trail row


def _run(data: st.DataObject, grid_code: str | None, *, permissions: bool, moves: int) -> Run:
    """Draw `moves` attempts: mostly a step the state allows with plausible args, sometimes anything."""
    run = Run(CaseState(code="E20260309-0001"), [], [])
    for _ in range(moves):
        before = run.state
        options = allowed_steps(before)
        wild = not options or data.draw(st.integers(0, 9)) == 0
        step = data.draw(st.sampled_from(list(Step) if wild else options))
        args = data.draw(WILD_ARGS if wild else _good_args(step))
        actor = data.draw(st.sampled_from(ACTORS))
        if permissions:
            context = CaseContext.of(before, grid_code=grid_code, reporter_id=CITIZEN_ID)
            try:
                check(actor, step, context)
            except PermissionDenied as denied:
                assert str(denied)  # always says why
                continue
        try:
            after, entry = advance(before, step, **args)
        except StepNotAllowed:
            assert step not in allowed_steps(before)
            continue
        except WorkflowError:  # bad arguments
            assert step in allowed_steps(before)
            continue
        assert step in allowed_steps(before)
        _assert_sound(after)
        run.state = after
        run.trail.append(entry)
        run.history.append(after)
    return run


def _assert_sound(state: CaseState) -> None:
    assert state.problems() == []
    assert state.status is not None
    if state.status is Status.PARKED:
        assert state.parked_from is not None and state.parked_from is not Status.PARKED
    else:
        assert state.parked_from is None
    effective = state.effective_status
    if effective in {Status.ASSIGNED, Status.IN_PROGRESS, Status.REWORK}:
        assert state.assignee_id is not None and state.responsible is not None
    if effective in {Status.REPORTED, Status.VERIFIED, Status.ROUTED}:
        assert state.assignee_id is None
    if state.extension_pending is not None:
        assert effective in {Status.ASSIGNED, Status.IN_PROGRESS, Status.REWORK}
    # No dead ends: only a voided case has nowhere to go.
    assert (allowed_steps(state) == []) == (state.status is Status.VOIDED)
    assert effective not in HELD or state.assignee_id is not None


def _as_json(entry: TrailEntry) -> TrailEntry:
    """The row as the database would hand it back (JSON args, plain strings)."""

    def encode(value: object) -> object:
        return value.isoformat() if isinstance(value, datetime) else value

    args = json.loads(json.dumps({k: encode(v) for k, v in entry.args.items()}))
    return TrailEntry(
        str(entry.step),  # type: ignore[arg-type]
        None if entry.from_status is None else str(entry.from_status),  # type: ignore[arg-type]
        str(entry.to_status),  # type: ignore[arg-type]
        args,
    )


def _check_trail(run: Run) -> None:
    assert len(run.trail) == len(run.history)  # one row per applied step, none lost
    assert replay(run.trail, code=run.state.code) == run.state
    assert replay([_as_json(e) for e in run.trail], code=run.state.code) == run.state
    for n in range(1, len(run.trail), 7):  # prefixes replay to the state at that point
        assert replay(run.trail[:n], code=run.state.code) == run.history[n - 1]
    chained = [e.from_status for e in run.trail[1:]] == [e.to_status for e in run.trail[:-1]]
    assert chained


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MOVES = st.integers(0, 60)


@SETTINGS
@given(st.data(), MOVES, st.sampled_from([GRID_A, GRID_B, None]))
def test_random_actors_never_break_a_case_and_the_trail_replays(
    data: st.DataObject, moves: int, grid: str | None
) -> None:
    _check_trail(_run(data, grid, permissions=True, moves=moves))


@SETTINGS
@given(st.data(), MOVES)
def test_random_steps_never_break_a_case_and_the_trail_replays(data: st.DataObject, moves: int) -> None:
    # Without the permission filter more sequences get deep into the loop.
    _check_trail(_run(data, GRID_A, permissions=False, moves=moves))


@settings(max_examples=60, deadline=None)
@given(st.data(), MOVES)
def test_a_replay_of_a_tampered_trail_is_refused(data: st.DataObject, moves: int) -> None:
    run = _run(data, GRID_A, permissions=False, moves=moves)
    if not run.trail:
        return
    index = data.draw(st.integers(0, len(run.trail) - 1))
    row = run.trail[index]
    wrong = data.draw(st.sampled_from([s for s in Status if s != row.to_status]))
    tampered = [
        *run.trail[:index],
        TrailEntry(row.step, row.from_status, wrong, row.args),
        *run.trail[index + 1 :],
    ]
    try:
        replay(tampered)
    except WorkflowError:
        return
    raise AssertionError("a trail with a wrong to-status replayed")
