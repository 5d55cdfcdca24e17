"""The measures in SQL: hand-computed expectations on a tiny crafted set of cases, the same on both
backends, and the same as the Python reference on the demo."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Rating
from commandcenter.domain.kpi import Counts
from commandcenter.services import kpi, kpi_reference
from commandcenter.services.tables import EVENTS
from tests.conftest import DEMO_NOW_ISO
from tests.services import tiny

NOVEMBER = kpi.Period.days(date(2026, 11, 1), date(2026, 11, 30))  # [Oct 31 16:00Z, Nov 30 16:00Z)
NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def t(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# XG07 limits: verify 1 h, dispatch 1 h (the fallback when a row has no due times).
# name: (grid, status, received, verified, verify due, dispatched, dispatch due, deadline, replied,
#        closed, reworks, sent_backs, assignee, logical unit)
CASES: dict[str, tuple[Any, ...]] = {
    # closed in November, everything on time
    "e1": (tiny.GRID_A1, "closed", t(11, 2, 1), t(11, 2, 1, 30), t(11, 2, 2), t(11, 2, 2), t(11, 2, 2, 30),
           t(11, 3), t(11, 2, 20), t(11, 2, 22), 0, 0, "WA1", None),
    # closed in November but replied after its deadline; verified late by the 1 h fallback; a rework
    "e2": (tiny.GRID_A1, "closed", t(11, 5), t(11, 5, 3), None, t(11, 5, 3, 30), None,
           t(11, 6), t(11, 7), t(11, 7, 2), 1, 0, "WA1", None),
    # open, due (Nov 10) before now: should have been closed; verified late; sent back once
    "e3": (tiny.GRID_A2, "in_progress", t(11, 8), t(11, 8, 2), t(11, 8, 1), t(11, 8, 2, 10), t(11, 8, 3),
           t(11, 10), None, None, 0, 1, "LS", "LG03"),
    # open, due after now: not yet to be closed
    "e4": (tiny.GRID_A2, "in_progress", t(11, 18), t(11, 18, 0, 30), t(11, 18, 1), t(11, 18, 1), t(11, 18, 1, 30),
           t(11, 25), None, None, 0, 0, "WA2", None),
    # closed in October although due in November: counted in October, not here
    "e5": (tiny.GRID_A1, "closed", t(10, 15), t(10, 15, 0, 30), None, t(10, 15, 1), None,
           t(11, 1), t(10, 19), t(10, 20), 0, 0, "WA1", None),
    # voided: never counted
    "e6": (tiny.GRID_A1, "voided", t(11, 6), None, None, None, None, None, None, None, 0, 0, None, None),
    # still waiting for verification, its 1 h passed before now: late
    "e7": (tiny.GRID_A1, "reported", t(11, 19, 20), None, None, None, None, None, None, None, 0, 0, None, None),
    # still waiting, due after now: not judged yet
    "e8": (tiny.GRID_A1, "reported", t(11, 19, 23, 30), None, None, None, None, None, None, None, 0, 0, None, None),
    # handled on the spot (no verification, no dispatch, no deadline) and closed
    "e9": (tiny.GRID_A1, "closed", t(11, 3), None, None, None, None, None, t(11, 3), t(11, 3, 4), 0, 0, "WA1", None),
    # unplaced, handled by LG0301: the district's and LG03's, no township's
    "e10": (None, "closed", t(11, 12), t(11, 12, 0, 30), t(11, 12, 1), t(11, 12, 1), t(11, 12, 1, 30),
            t(11, 14), t(11, 13), t(11, 13, 10), 0, 0, "LC", "LG0301"),
    # township B, all on time
    "e11": (tiny.GRID_B1, "closed", t(11, 10), t(11, 10, 0, 20), t(11, 10, 1), t(11, 10, 0, 40), t(11, 10, 1, 20),
            t(11, 12), t(11, 11), t(11, 11, 5), 0, 0, "WB1", None),
    # township B, closed in October, rated in November: only the rating counts here
    "e12": (tiny.GRID_B1, "closed", t(10, 20), t(10, 20, 0, 30), None, t(10, 20, 1), None,
            t(10, 22), t(10, 21), t(10, 25), 0, 0, "WB1", None),
}  # fmt: skip
RATINGS = [("e1", 5, t(11, 2, 23)), ("e2", 2, t(11, 7, 3)), ("e11", 4, t(11, 11, 6)), ("e12", 5, t(11, 2)),
           ("e5", 5, t(10, 21))]  # fmt: skip

COUNTS = ("should_close", "closed", "closed_on_time", "dispatched", "reworked", "sent_back", "to_verify",
          "verified_on_time", "to_dispatch", "dispatched_on_time", "ratings", "satisfied")  # fmt: skip
EXPECTED = {
    # e1, e2, e3, e4 dispatched; e1, e2, e3, e9 should close; e1, e9 on time; e7 late to verify
    tiny.TOWN_A: Counts(4, 3, 2, 4, 1, 1, 5, 2, 4, 4, 2, 1),
    tiny.TOWN_B: Counts(1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 2, 2),
    "district": Counts(6, 5, 4, 6, 1, 1, 7, 4, 6, 6, 4, 3),
    "LG03": Counts(2, 1, 1, 2, 0, 1, 2, 1, 2, 2, 0, 0),
    "WA1": Counts(3, 3, 2, 2, 1, 0, 2, 1, 2, 2, 2, 1),
}


@pytest.fixture
def crafted(tiny_session: Session, ids: tiny.Tiny) -> Session:
    s = tiny_session
    category = s.scalar(select(Category.id).where(Category.code == "XG07"))
    s.rollback()
    event_ids = {}
    with s.begin():
        for name, row in CASES.items():
            grid, status, rec, ver, vdue, disp, ddue, dl, rep, clo, rw, sb, who, lg = row
            event_ids[name] = s.scalar(
                insert(EVENTS)
                .values(
                    category_id=category, title=name, status=status, received_at=rec, verified_at=ver,
                    verify_due_at=vdue, dispatched_at=disp, dispatch_due_at=ddue, deadline=dl, replied_at=rep,
                    closed_at=clo, reworks=rw, sent_backs=sb, grid_id=ids.grids[grid] if grid else None,
                    assignee_id=ids.people[who] if who else None,
                    responsible_kind="logical" if lg else None,
                    responsible_logical_id=ids.logical[lg] if lg else None, version=1,
                )
                .returning(EVENTS.c.id)
            )  # fmt: skip
        for name, stars, at in RATINGS:
            s.add(Rating(event_id=event_ids[name], stars=stars, rated_at=at))
    return s


def test_counts_by_township_match_the_hand_computed_ones(crafted: Session) -> None:
    units = {u.code: u for u in kpi.counts_by(crafted, NOVEMBER, "township", now=NOW)}
    assert set(units) == {tiny.TOWN_A, tiny.TOWN_B}
    assert units[tiny.TOWN_A].counts == EXPECTED[tiny.TOWN_A]
    assert units[tiny.TOWN_B].counts == EXPECTED[tiny.TOWN_B]
    assert units[tiny.TOWN_A].name == "甲街道"


def test_one_unit_of_any_kind(crafted: Session) -> None:
    def counts(kind: str, code: str = "") -> Counts:
        return kpi.unit_counts(
            crafted, kind=kind, code=code, since=NOVEMBER.start, until=NOVEMBER.end, now=NOW
        )

    assert counts("district") == EXPECTED["district"]
    assert counts("grid", tiny.COUNTY) == EXPECTED["district"]  # the district node: unplaced cases too
    assert counts("grid", tiny.TOWN_A) == EXPECTED[tiny.TOWN_A]
    assert counts("grid", tiny.COMM_A) == EXPECTED[tiny.TOWN_A]
    assert counts("grid", tiny.GRID_B1) == EXPECTED[tiny.TOWN_B]
    assert counts("logical", "LG03") == EXPECTED["LG03"]  # its child LG0301's case included
    assert counts("logical", "LG0301").closed == 1
    assert counts("person", "WA1") == EXPECTED["WA1"]


def test_measures_scores_grades_and_ranking(crafted: Session) -> None:
    a = kpi.indicators(crafted, NOVEMBER, kind="grid", code=tiny.TOWN_A, now=NOW)
    m = a.measures
    assert (m.closure_rate, m.on_time_closure_rate, m.rework_rate) == (75.0, 50.0, 25.0)
    assert (m.on_time_verification_rate, m.on_time_dispatch_rate, m.accurate_dispatch_rate) == (
        40.0,
        100.0,
        75.0,
    )
    assert m.satisfaction_rate == 50.0
    # Alone, the case-count term drops out: (30*75 + 30*50 + 30*75) / 90.
    assert a.score == pytest.approx(200 / 3) and a.grade == "C"

    ranked = kpi.ranking(crafted, NOVEMBER, "township", now=NOW)
    # Among peers, case counts count: A (4 cases) scores (10*100 + 30*75 + 30*50 + 30*75) / 100 = 70;
    # B (1 case) scores (10*25 + 30*100 + 30*100 + 30*100) / 100 = 92.5.
    assert [(u.code, u.position, u.grade) for u in ranked] == [(tiny.TOWN_B, 1, "A"), (tiny.TOWN_A, 2, "C")]
    assert [round(u.score, 2) for u in ranked] == [92.5, 70.0]

    departments = kpi.ranking(crafted, NOVEMBER, "logical-grid", now=NOW)
    assert {u.code for u in departments} == {"LG03", "LG05"}  # top level only, children rolled in
    assert next(u for u in departments if u.code == "LG03").counts == EXPECTED["LG03"]
    assert next(u for u in departments if u.code == "LG05").counts == Counts()

    grids = {u.code: u.counts for u in kpi.ranking(crafted, NOVEMBER, "grid", now=NOW)}
    assert set(grids) == {tiny.GRID_A1, tiny.GRID_A2, tiny.GRID_B1}
    assert grids[tiny.GRID_A2].dispatched == 2
    people = {u.code: u.counts for u in kpi.ranking(crafted, NOVEMBER, "person", now=NOW)}
    assert people["WA1"] == EXPECTED["WA1"]


def test_without_now_the_cutoff_is_the_end_of_the_period(crafted: Session) -> None:
    # Judged at the end of November, e4 (due Nov 25) and e8 (verify due Nov 20) count too.
    a = kpi.unit_counts(crafted, kind="grid", code=tiny.TOWN_A, since=NOVEMBER.start, until=NOVEMBER.end)
    assert a == replace(EXPECTED[tiny.TOWN_A], should_close=5, to_verify=6)


def test_the_python_reference_agrees_on_the_crafted_cases(crafted: Session) -> None:
    rows = kpi_reference.load_rows(crafted, NOVEMBER)
    limits = kpi_reference.limit_hours(crafted)
    by_township = kpi_reference.counts_by(rows, NOVEMBER, kpi_reference.township_of, limits, now=NOW)
    assert by_township == {tiny.TOWN_A: EXPECTED[tiny.TOWN_A], tiny.TOWN_B: EXPECTED[tiny.TOWN_B]}


@pytest.mark.parametrize(
    "first, last", [(date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 11, 12), date(2026, 11, 14))]
)
def test_sql_and_python_agree_on_the_demo(demo_session: Session, first: date, last: date) -> None:
    period = kpi.Period.days(first, last)
    now = datetime.fromisoformat(DEMO_NOW_ISO)
    sql = {u.code: u.counts for u in kpi.counts_by(demo_session, period, "township", now=now)}
    rows = kpi_reference.load_rows(demo_session, period)
    python = kpi_reference.counts_by(rows, period, kpi_reference.township_of, kpi_reference.limit_hours(demo_session),
                                     now=now)  # fmt: skip
    assert sql == python
    assert sum(c.closed for c in sql.values()) > 0 and sum(c.ratings for c in sql.values()) > 0
