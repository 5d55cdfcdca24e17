"""build_brief against independent SQL on the small demo (SQLite and PostgreSQL)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from commandcenter.brief import UnknownUnit, build_brief
from commandcenter.brief.measures import SqlMeasureSource
from commandcenter.db import models as m
from commandcenter.domain import kpi
from tests.brief import expected as x


@pytest.fixture
def brief(demo_session: Session):  # type: ignore[no-untyped-def]
    return build_brief(demo_session, x.DAY, now=x.DEMO_NOW)


def test_headline_figures_and_trend(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    days = [x.DAY - timedelta(days=k) for k in range(7, -1, -1)]  # the 7 days before, and the day
    want = {
        "new": [x.new(s, x.midnight(d), x.midnight(d + timedelta(days=1))) for d in days],
        "closed": [x.closed(s, x.midnight(d), x.midnight(d + timedelta(days=1))) for d in days],
        "open": [x.open_at(s, x.midnight(d + timedelta(days=1))) for d in days],
        "overdue": [len(x.overdue_codes(s, x.midnight(d + timedelta(days=1)))) for d in days],
    }
    for f in brief.figures:
        series = want[f.key]
        assert f.value == series[-1], f.key
        assert f.previous == series[-2], f.key
        assert math.isclose(f.average7, sum(series[:-1]) / 7), f.key
    assert [d.day for d in brief.trend] == days[1:]
    for key, series in want.items():
        assert [getattr(d, key) for d in brief.trend] == series[1:], key
    assert brief.figure("new").value > 0 and brief.figure("overdue").value > 0  # the demo is not empty


def test_cases_by_hour_and_category(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    assert list(brief.by_hour) == x.by_hour(demo_session, x.DAY)
    cats = x.by_category(demo_session, x.midnight(x.DAY), x.midnight(x.DAY + timedelta(days=1)))
    assert {c.name: c.count for c in brief.by_category} == cats
    counts = [c.count for c in brief.by_category]
    assert counts == sorted(counts, reverse=True)


def test_measures_of_the_day_and_the_month(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    cutoff = x.midnight(x.DAY + timedelta(days=1))
    everything = lambda row: "all"  # noqa: E731
    day = x.kpi_counts(demo_session, x.midnight(x.DAY), cutoff, everything)["all"]
    month = x.kpi_counts(demo_session, x.midnight(x.DAY.replace(day=1)), cutoff, everything)["all"]
    assert brief.measures_source == "services.kpi"
    assert brief.day_measures.counts == day
    assert brief.month_measures.counts == month
    assert brief.month_measures.measures == kpi.measures(month)
    assert brief.day_measures.counts.closed == brief.figure("closed").value  # closed on the day, both ways
    assert 0 < brief.month_measures.counts.closed <= brief.month_measures.counts.should_close


def test_the_briefs_own_measure_rules(demo_session: Session) -> None:
    """The fallback source (no services layer) against its rules written out in SQL."""
    b = build_brief(demo_session, x.DAY, now=x.DEMO_NOW, source=SqlMeasureSource())
    cutoff = x.midnight(x.DAY + timedelta(days=1))
    assert b.measures_source == "brief"
    assert b.day_measures.counts == kpi.Counts(**x.measure_counts(demo_session, x.midnight(x.DAY), cutoff))
    month = x.measure_counts(demo_session, x.midnight(x.DAY.replace(day=1)), cutoff)
    assert b.month_measures.counts == kpi.Counts(**month)
    towns = x.township_counts(demo_session, x.midnight(x.DAY.replace(day=1)), cutoff)
    assert {r.code: r.case_count for r in b.township_ranking} == {
        c: v["dispatched"] for c, v in towns.items()
    }


def test_rankings(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    cutoff = x.midnight(x.DAY + timedelta(days=1))
    since = x.midnight(x.DAY.replace(day=1))
    tops = x.department_tops(demo_session)
    townships = [c for (c,) in x.q(demo_session, "SELECT code FROM grids WHERE level = 'township'")]
    departments = sorted(set(tops.values()))
    town = x.kpi_counts(demo_session, since, cutoff, lambda r: r.grid_code[:9] if r.grid_code else None)
    dept = x.kpi_counts(demo_session, since, cutoff, lambda r: tops.get(r.logical_id))
    for rows, codes, counts in (
        (brief.township_ranking, townships, town),
        (brief.logical_ranking, departments, dept),
    ):
        counts = {c: counts.get(c, kpi.Counts()) for c in codes}
        assert {r.code for r in rows} == set(codes)
        scored = {u.code: u for u in kpi.score_units(kpi.UnitCounts(c, v) for c, v in counts.items())}
        for r in rows:
            assert r.case_count == counts[r.code].dispatched
            assert r.measures == kpi.measures(counts[r.code])
            if r.position is None:
                assert r.case_count == 0 and r.score is None
            else:
                assert r.position == scored[r.code].position
                assert math.isclose(r.score or 0, scored[r.code].score)
                assert r.grade == kpi.grade(scored[r.code].score)
        positions = [r.position for r in rows if r.position is not None]
        assert positions == sorted(positions)


def test_oldest_overdue_and_supervised(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    cutoff = x.midnight(x.DAY + timedelta(days=1))
    overdue = x.overdue_codes(demo_session, cutoff)
    assert brief.overdue_total == len(overdue)
    assert [c.code for c in brief.oldest_overdue] == overdue[:10]
    assert all(c.overdue_hours is not None and c.overdue_hours > 0 for c in brief.oldest_overdue)
    total, open_n, codes = x.supervised_codes(demo_session, x.DAY, cutoff)
    assert (brief.supervised_total, brief.supervised_open) == (total, open_n)
    assert [c.code for c in brief.supervised] == codes[:15]
    assert total > 0


def test_map_is_shaded_by_the_days_cases(demo_session: Session, brief) -> None:  # type: ignore[no-untyped-def]
    per_grid = x.grid_day_counts(demo_session, x.midnight(x.DAY), x.midnight(x.DAY + timedelta(days=1)))
    areas = {a.code: a.count for a in brief.map.areas}
    assert {c: n for c, n in areas.items() if n} == per_grid
    assert brief.map.located + brief.map.unlocated == brief.figure("new").value
    leaves = demo_session.scalar(select(func.count()).select_from(m.Grid).where(m.Grid.level == "grid"))
    assert len(brief.map.areas) == leaves
    assert all(a.polygons for a in brief.map.areas)
    assert [o.name for o in brief.map.outlines]  # townships are outlined and named
    assert brief.map.hotspots and brief.map.hotspots[0].rank == 1


def test_township_unit_and_logical_unit(demo_session: Session) -> None:
    s = demo_session
    township = s.scalars(select(m.Grid.code).where(m.Grid.level == "township").order_by(m.Grid.code)).first()
    b = build_brief(s, x.DAY, township, now=x.DEMO_NOW)
    a, z = x.midnight(x.DAY), x.midnight(x.DAY + timedelta(days=1))
    assert b.unit.level == "township" and b.unit.path[-1] == b.unit.name
    assert b.figure("new").value == x.new(s, a, z, township)
    assert b.figure("open").value == x.open_at(s, z, township)
    assert [c.code for c in b.oldest_overdue] == x.overdue_codes(s, z, township)[:10]
    inside = x.kpi_counts(
        s, a, z, lambda r: "in" if r.grid_code and r.grid_code.startswith(township) else None
    )
    assert b.day_measures.counts == inside.get("in", kpi.Counts())
    assert sum(r.highlighted for r in b.township_ranking) == 1
    assert all(a.code.startswith(township) for a in b.map.areas)

    b = build_brief(s, x.DAY, "LG02", now=x.DEMO_NOW)  # the urban-management department and its squads
    where = "e.responsible_logical_id IN (SELECT id FROM logical_grids WHERE code LIKE 'LG02%')"
    assert b.unit.kind == "logical" and b.unit.worker_count > 0
    assert b.figure("new").value == x.scalar(
        s, f"SELECT count(*) FROM events e WHERE received_at >= :a AND received_at < :z AND {where}", a=a, z=z
    )
    ids = {i for i, top in x.department_tops(s).items() if top == "LG02"}
    month = x.kpi_counts(
        s, x.midnight(x.DAY.replace(day=1)), z, lambda r: "in" if r.logical_id in ids else None
    )
    assert b.month_measures.counts == month["in"]
    assert [r.code for r in b.logical_ranking if r.highlighted] == ["LG02"]


def test_a_day_without_cases(demo_session: Session) -> None:
    b = build_brief(demo_session, date(2026, 9, 1), now=x.DEMO_NOW)
    assert all(f.value == 0 and f.previous == 0 and f.average7 == 0 for f in b.figures)
    assert b.by_hour == (0,) * 24 and b.by_category == ()
    assert b.day_measures.counts == kpi.Counts()
    assert all(v is None for v in vars(b.day_measures.measures).values())
    assert b.oldest_overdue == () and b.supervised == () and b.recurring == () and b.map.hotspots == ()
    assert all(r.position is None and r.score is None for r in b.township_ranking)
    assert all(a.count == 0 for a in b.map.areas)


def test_a_unit_without_workers(demo_session: Session) -> None:
    s = demo_session
    grid = s.scalars(select(m.Grid).where(m.Grid.level == "grid").order_by(m.Grid.code)).first()
    assert grid is not None
    s.execute(delete(m.GridMembership).where(m.GridMembership.grid_id == grid.id))
    s.commit()
    b = build_brief(s, x.DAY, grid.code, now=x.DEMO_NOW)
    assert b.unit.workers == () and b.unit.worker_count == 0
    assert b.unit.leaf_grids == 1 and b.unit.grids_without_worker == 1
    parent = build_brief(s, x.DAY, grid.code[:12], now=x.DEMO_NOW)
    assert parent.unit.grids_without_worker >= 1


def test_today_agrees_with_the_live_overdue_queue(demo_session: Session) -> None:
    from commandcenter.services.queues import queue_counts

    today = x.DEMO_NOW.astimezone(x.TZ).date()
    b = build_brief(demo_session, today, now=x.DEMO_NOW)
    assert b.cutoff == x.DEMO_NOW
    assert b.figure("overdue").value == queue_counts(demo_session, now=x.DEMO_NOW)["overdue"]


def test_refusals(demo_session: Session) -> None:
    with pytest.raises(UnknownUnit):
        build_brief(demo_session, x.DAY, "NO-SUCH-UNIT", now=x.DEMO_NOW)
    with pytest.raises(ValueError, match="not begun"):
        build_brief(demo_session, x.DAY + timedelta(days=30), now=x.DEMO_NOW)
