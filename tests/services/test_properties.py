"""Property test: random steps by random people through the services, on a tiny district.

Whatever is tried - allowed or not, by the right person or not, with a current or a stale version -
the case never reaches an invalid state, a refused step writes nothing, an accepted one writes exactly
one trail row and moves the version by one, and the stored trail always replays to the row's state.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import event as event_label
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from commandcenter.domain import permissions
from commandcenter.domain.errors import DomainError
from commandcenter.domain.permissions import Actor
from commandcenter.domain.status import Step
from commandcenter.domain.workflow import allowed_steps
from commandcenter.services import workflow_ops as ops
from commandcenter.services.actors import case_context, load_actor
from commandcenter.services.cases import audit, load_event, state_of, totals
from commandcenter.services.errors import Conflict
from tests.services import tiny

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
PEOPLE = list(tiny.PEOPLE)
UNITS = [
    f"grid:{tiny.GRID_A1}",
    f"grid:{tiny.GRID_B1}",
    f"center:{tiny.TOWN_A}",
    f"center:{tiny.COUNTY}",
    "logical:LG03",
    "logical:LG0301",
    "logical:LG05",
]
PLACES = [tiny.P_A1, tiny.P_A2, tiny.P_B1, tiny.OUTSIDE]
HANDLERS = ["WA1", "WA2", "WB1", "LS", "LC"]  # people whose grants let them handle what they are given
# Steps that move a case towards closing (and back again); the others park, flag or hand it around.
FORWARD = frozenset({
    Step.VERIFY, Step.ROUTE, Step.ASSIGN, Step.ACCEPT, Step.REPLY, Step.CHECK_PASS, Step.CHECK_FAIL, Step.RATE,
    Step.CLOSE, Step.REOPEN, Step.REQUEST_EXTENSION, Step.APPROVE_EXTENSION, Step.REJECT_EXTENSION, Step.RESUME,
})  # fmt: skip


def step_args(step: Step, data: st.DataObject, now: datetime) -> dict[str, Any]:
    """Arguments for the step's service function: plausible, sometimes wrong."""
    draw = data.draw
    if step is Step.ROUTE:
        return {"to": draw(st.sampled_from(UNITS))}
    if step is Step.ASSIGN:
        return {"to": draw(st.sampled_from(HANDLERS if draw(st.integers(0, 4)) else PEOPLE))}
    if step is Step.RATE:
        return {"stars": draw(st.integers(0, 6))}
    if step is Step.REPLY:
        return {"result": "done", "media": draw(st.sampled_from([(), ("p.jpg",)]))}
    if step is Step.REQUEST_EXTENSION:
        if draw(st.booleans()):
            return {"hours": draw(st.sampled_from([4, 24, -1]))}
        return {"until": now + timedelta(hours=draw(st.sampled_from([-5, 30, 200])))}
    if step is Step.APPROVE_EXTENSION and draw(st.booleans()):
        return {"until": now + timedelta(hours=72)}
    if step is Step.REOPEN:
        choice = draw(st.sampled_from(["keep", "person", "verification"]))
        if choice == "person":
            return {"assignee": draw(st.sampled_from(PEOPLE))}
        return {"to_verification": choice == "verification"}
    if step in (Step.SUPERVISE, Step.PARK):
        return {"note" if step is Step.SUPERVISE else "reason": "x"}
    return {}


def create(session: Session, data: st.DataObject, now: datetime) -> str | None:
    """A new case, as a citizen's report, a worker's on-the-spot fix or a department's task."""
    lon, lat = data.draw(st.sampled_from(PLACES))
    how = data.draw(st.sampled_from(["report", "self_handle", "task"]))
    try:
        if how == "report":
            actor = data.draw(st.sampled_from(["CZ", "OA", "OD", "WA1"]))
            return ops.report(session, actor, category="XG07", lat=lat, lon=lon, title="t", now=now).code
        if how == "self_handle":
            return ops.self_handle(
                session, "WA1", category="XG07", lat=lat, lon=lon, title="t", result="r", now=now
            ).code
        to = data.draw(st.sampled_from(UNITS))
        return ops.task(session, "LS", category="XX03", title="t", to=to, now=now).code
    except DomainError:
        return None


def permitted(session: Session, code: str, step: Step, actors: dict[str, Actor]) -> list[str]:
    event = load_event(session, code)
    context = case_context(session, event)
    session.rollback()
    return [p for p in PEOPLE if permissions.may(actors[p], step, context)]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_steps_never_break_a_case(tiny_sessions: sessionmaker[Session], data: st.DataObject) -> None:
    with tiny_sessions() as session:
        actors = {p: load_actor(session, p) for p in PEOPLE}
        now = T0 + timedelta(hours=data.draw(st.integers(0, 24 * 20)))
        code = create(session, data, now)
        if code is None:
            return
        for _ in range(data.draw(st.integers(1, 20))):
            now += timedelta(minutes=data.draw(st.integers(1, 60 * 30)))
            session.rollback()
            event = load_event(session, code)
            state, version = state_of(session, event), event.version
            # Mostly a step that moves the case along, by someone who may take it; sometimes any step
            # the state allows; sometimes anything by anyone, to exercise the refusals.
            allowed = allowed_steps(state)
            forward = [s for s in allowed if s in FORWARD]
            mode = data.draw(st.integers(0, 5))
            if mode >= 2 and forward:
                step = data.draw(st.sampled_from(forward))
            elif mode == 1 and allowed:
                step = data.draw(st.sampled_from(allowed))
            else:
                step = data.draw(st.sampled_from(list(ops.STEP_FUNCTIONS)))
            candidates = (permitted(session, code, step, actors) or PEOPLE) if mode else PEOPLE
            actor = data.draw(st.sampled_from(candidates))
            stale = version > 1 and data.draw(st.integers(0, 9)) == 0
            expected = version - 1 if stale else data.draw(st.sampled_from([version, None]))
            args = step_args(step, data, now)
            session.rollback()
            before = totals(session)
            session.rollback()
            try:
                changed = ops.STEP_FUNCTIONS[step](session, actor, code, expected, now=now, **args)
            except DomainError as exc:
                event_label(f"refused {type(exc).__name__}")
                if stale:
                    assert isinstance(exc, Conflict)
                session.rollback()
                assert load_event(session, code).version == version, f"{step} refused but written"
                assert totals(session) == before
            else:
                event_label(f"took {step}")
                assert not stale, "a stale version must be refused"
                assert changed.version == version + 1
                session.rollback()
                after = totals(session)
                assert (after.events, after.trail_rows) == (before.events, before.trail_rows + 1)
            session.rollback()
            event = load_event(session, code)
            state_of(session, event)  # raises InvalidState if the row contradicts itself
            assert audit(session, event) == [], (step, actor, args)
