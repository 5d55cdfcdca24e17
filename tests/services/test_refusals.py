"""Illegal steps, wrong people, stale versions and wrong arguments: refused with a clear message, and
nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import load_event, totals
from commandcenter.services.errors import (
    BadStepArgs,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    StepNotAllowed,
)

GRID = "511503001001003"  # in township 511503001 (operators O0011, O0012)


@pytest.fixture
def reported(demo_session: Session) -> Iterator[str]:
    lon, lat = demo_session.execute(
        select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)
    ).one()
    yield ops.report(demo_session, "R00001", category="XG02", lat=lat, lon=lon, title="t").code


def refused(session: Session, code: str, error: type[DomainError], fn: Callable[[], object]) -> str:
    """Run fn, expect `error`, check that nothing at all was written; return the message."""
    session.rollback()
    before_totals, before = totals(session), load_event(session, code).version
    session.rollback()
    with pytest.raises(error) as info:
        fn()
    session.rollback()
    assert totals(session) == before_totals
    assert load_event(session, code).version == before
    session.rollback()
    return str(info.value)


def test_a_step_the_state_does_not_allow_names_the_case_its_state_and_the_step(
    demo_session: Session, reported: str
) -> None:
    message = refused(
        demo_session, reported, StepNotAllowed, lambda: ops.close(demo_session, "O0011", reported)
    )
    assert reported in message and "新上报 reported" in message and "结案 close" in message
    assert "allowed: 核实 verify, 作废 void" in message


def test_the_wrong_role_is_refused_saying_who_may(demo_session: Session, reported: str) -> None:
    message = refused(
        demo_session, reported, PermissionDenied, lambda: ops.verify(demo_session, "W00001", reported)
    )
    assert "may not 核实 verify" in message and "only operator, admin may" in message


def test_an_operator_of_another_township_is_refused_saying_where_the_case_is(
    demo_session: Session, reported: str
) -> None:
    message = refused(
        demo_session, reported, PermissionDenied, lambda: ops.verify(demo_session, "O0021", reported)
    )
    assert "operator of" in message and "511503101" in message and GRID in message


def test_a_citizen_may_rate_only_their_own_report(demo_session: Session, reported: str) -> None:
    s = demo_session
    ops.verify(s, "O0011", reported)
    ops.route(s, "O0011", reported, to=f"grid:{GRID}")
    worker = s.scalar(select(Grid.id).where(Grid.code == GRID))
    assert worker is not None
    from commandcenter.db.models import GridMembership

    worker_id = s.scalar(select(GridMembership.person_id).where(GridMembership.grid_id == worker))
    ops.assign(s, "O0011", reported, to=worker_id)
    ops.accept(s, worker_id, reported)
    ops.reply(s, worker_id, reported, result="done")
    ops.check(s, "O0011", reported, passed=True)
    message = refused(s, reported, PermissionDenied, lambda: ops.rate(s, "R00002", reported, stars=1))
    assert "did not report" in message
    ops.rate(s, "R00001", reported, stars=4)
    message = refused(s, reported, StepNotAllowed, lambda: ops.rate(s, "R00001", reported, stars=5))
    assert "already rated 4 stars" in message


def test_a_stale_version_is_a_conflict_that_carries_the_current_state(
    demo_session: Session, reported: str
) -> None:
    s = demo_session
    ops.verify(s, "O0011", reported, 1)  # someone else was quicker
    s.rollback()
    with pytest.raises(Conflict) as info:
        ops.void(s, "O0012", reported, 1, reason="重复")
    current = info.value.current
    assert (current.code, current.status, current.version) == (reported, "verified", 2)
    assert current.last_step == "verify" and current.last_actor_name
    assert "changed by someone else (you saw version 1)" in str(info.value)
    assert "已核实 verified (version 2)" in str(info.value) and "核实 verify by" in str(info.value)
    s.rollback()
    assert refused(s, reported, Conflict, lambda: ops.route(s, "O0011", reported, 1, to="logical:LG02"))


def test_wrong_arguments_and_unknown_names_are_refused(demo_session: Session, reported: str) -> None:
    s = demo_session
    ops.verify(s, "O0011", reported)
    assert "no logical grid" in refused(
        s, reported, NotFound, lambda: ops.route(s, "O0011", reported, to="logical:LG99")
    )
    assert "not a grid" in refused(
        s, reported, NotFound, lambda: ops.route(s, "O0011", reported, to="grid:511503001")
    )
    assert "not a unit" in refused(s, reported, NotFound, lambda: ops.route(s, "O0011", reported, to="LG02"))
    ops.route(s, "O0011", reported, to="logical:LG02")
    assert "no person" in refused(
        s, reported, NotFound, lambda: ops.assign(s, "GLG02S", reported, to="nobody")
    )
    with pytest.raises(NotFound, match="no case"):
        ops.verify(s, "O0011", "E19990101-0000001")
    with pytest.raises(NotFound, match="no person"):
        ops.verify(s, "ghost", reported)


def test_the_district_center_cannot_escalate_higher(demo_session: Session, reported: str) -> None:
    s = demo_session
    ops.verify(s, "O0011", reported)
    changed = ops.escalate(s, "O0011", reported, reason="跨街道")
    assert changed.units == {("center", "511503")}
    message = refused(s, reported, BadStepArgs, lambda: ops.escalate(s, "O0001", reported))
    assert "already with the district center" in message
    # Now only district operators act on it.
    assert "南溪区" in refused(
        s, reported, PermissionDenied, lambda: ops.route(s, "O0011", reported, to="logical:LG02")
    )


def test_bad_stars_and_bad_extensions_are_refused(demo_session: Session, reported: str) -> None:
    s = demo_session
    ops.verify(s, "O0011", reported)
    ops.route(s, "O0011", reported, to="logical:LG02")
    ops.assign(s, "GLG02S", reported, to="GLG02L")
    assert "hours must be positive" in refused(
        s,
        reported,
        BadStepArgs,
        lambda: ops.request_extension(s, "GLG02L", reported, hours=-2, reason="需协调"),
    )
    assert "no extension request is pending" in refused(
        s, reported, StepNotAllowed, lambda: ops.approve_extension(s, "O0011", reported)
    )
    assert "not allowed" in refused(
        s, reported, StepNotAllowed, lambda: ops.rate(s, "R00001", reported, stars=9)
    )


def test_steps_whose_text_is_the_record_refuse_a_blank_one(demo_session: Session, reported: str) -> None:
    """A reply without its result, a failed check, a void, a send-back, a park, an extension asked
    for or refused, a supervision: each without its text is refused and writes nothing."""
    s = demo_session
    for blank in (None, "", "   "):
        msg = refused(s, reported, BadStepArgs, lambda b=blank: ops.void(s, "O0011", reported, reason=b))
        assert "reason is required" in msg and reported in msg
    assert "note is required" in refused(
        s, reported, BadStepArgs, lambda: ops.supervise(s, "L001", reported, note=" ")
    )
    ops.verify(s, "O0011", reported)
    ops.route(s, "O0011", reported, to="logical:LG02")
    assert "reason is required" in refused(
        s, reported, BadStepArgs, lambda: ops.send_back(s, "GLG02S", reported)
    )
    ops.assign(s, "GLG02S", reported, to="GLG02L")
    assert "reason is required" in refused(s, reported, BadStepArgs, lambda: ops.park(s, "O0011", reported))
    assert "reason is required" in refused(
        s, reported, BadStepArgs, lambda: ops.request_extension(s, "GLG02L", reported, hours=24)
    )
    ops.accept(s, "GLG02L", reported)
    assert "result is required" in refused(
        s, reported, BadStepArgs, lambda: ops.reply(s, "GLG02L", reported, result="")
    )
    ops.reply(s, "GLG02L", reported, result="  已清理  ")
    assert "note is required" in refused(
        s, reported, BadStepArgs, lambda: ops.check(s, "O0011", reported, passed=False)
    )
    ops.check(s, "O0011", reported, passed=False, note="未清理干净")  # and with its text it goes


def test_an_extension_of_an_overdue_case_counts_from_now_and_never_asks_for_the_past(
    demo_session: Session, reported: str
) -> None:
    from datetime import timedelta

    from commandcenter.services.cases import load_event as load

    s = demo_session
    ops.verify(s, "O0011", reported)
    ops.route(s, "O0011", reported, to="logical:LG02")
    ops.assign(s, "GLG02S", reported, to="GLG02L")
    deadline = load(s, reported).step_deadline
    late = deadline + timedelta(days=2)  # two days overdue
    assert "is past" in refused(
        s,
        reported,
        BadStepArgs,
        lambda: ops.request_extension(
            s, "GLG02L", reported, until=late - timedelta(hours=1), reason="需协调", now=late
        ),
    )
    ops.request_extension(s, "GLG02L", reported, hours=5, reason="需协调", now=late)
    ops.approve_extension(s, "O0011", reported, now=late)
    assert load(s, reported).step_deadline == late + timedelta(hours=5)
