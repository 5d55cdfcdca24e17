"""The window's read models, headless, on the small demo (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from commandcenter.domain import sla
from commandcenter.domain.calendar import DEFAULT_CALENDAR
from commandcenter.domain.status import OPEN_STATUSES
from commandcenter.services import people_picker as pp
from commandcenter.services import queues as q
from tests.conftest import DEMO_NOW_ISO

NOW = datetime.fromisoformat(DEMO_NOW_ISO)
OPEN = "('reported','verified','routed','assigned','in_progress','rework','replied','checked','parked')"

# The queue definitions written again as plain SQL, independently of the module under test.
SQL = {
    "verify": "status = 'reported'",
    "dispatch": "status IN ('verified','routed')",
    "in_progress": "status IN ('assigned','in_progress','rework')",
    "overdue": f"status IN {OPEN} AND status <> 'parked' AND step_deadline < :now",
    "check": "status = 'replied'",
    "to_close": "status = 'checked'",
    "parked": "status = 'parked'",
    "unassigned": f"status IN {OPEN} AND grid_id IS NULL",
    "closed_today": "status = 'closed' AND closed_at >= :today AND closed_at < :tomorrow",
}


def _params(session: Session) -> dict[str, object]:
    today = q.day_start(NOW)
    values: dict[str, object] = {"now": NOW, "today": today, "tomorrow": today + timedelta(days=1)}
    if session.get_bind().dialect.name == "sqlite":  # stored as naive UTC text
        values = {k: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ") for k, v in values.items()}
    return values


def _sql_ids(session: Session, key: str, extra: str = "") -> set[int]:
    sql = f"SELECT e.id FROM events e LEFT JOIN grids g ON g.id = e.grid_id WHERE {SQL[key]} {extra}"
    return set(session.execute(text(sql), _params(session)).scalars())


def test_counts_equal_the_database(demo_session: Session) -> None:
    counts = q.queue_counts(demo_session, now=NOW)
    assert set(counts) == set(q.QUEUE_KEYS)
    for key in q.QUEUE_KEYS:
        assert counts[key] == len(_sql_ids(demo_session, key)), key
    assert counts["in_progress"] > 0 and counts["overdue"] > 0 and counts["closed_today"] > 0


def test_rows_match_counts_and_membership(demo_session: Session) -> None:
    for key in q.QUEUE_KEYS:
        rows = q.queue_rows(demo_session, key, now=NOW)
        assert {r.id for r in rows} == _sql_ids(demo_session, key), key
        for r in rows:
            assert key in q.row_queues(r, NOW), (key, r.code, r.status)


def test_row_queues_agrees_with_sql_for_every_case(demo_session: Session) -> None:
    ids = list(demo_session.execute(text("SELECT id FROM events")).scalars())
    rows = q.case_rows(demo_session, ids, now=NOW)
    assert len(rows) == len(ids)
    by_sql = {key: _sql_ids(demo_session, key) for key in q.QUEUE_KEYS}
    for r in rows:
        expected = {key for key, members in by_sql.items() if r.id in members}
        assert q.row_queues(r, NOW) == expected, r.code


def test_filter_by_township_prefix(demo_session: Session) -> None:
    township = demo_session.execute(
        text("SELECT code FROM grids WHERE level='township' ORDER BY code")
    ).scalar()
    flt = q.CaseFilter(grid_prefix=township)
    counts = q.queue_counts(demo_session, flt, now=NOW)
    extra = f"AND g.code LIKE '{township}%'"
    for key in q.QUEUE_KEYS:
        assert counts[key] == len(_sql_ids(demo_session, key, extra)), key
    assert counts["unassigned"] == 0  # outside every grid is outside every township
    # The district's own code is no restriction at all.
    district = demo_session.execute(text("SELECT code FROM grids WHERE level='district'")).scalar()
    assert q.queue_counts(demo_session, q.CaseFilter(grid_prefix=district), now=NOW) == q.queue_counts(
        demo_session, now=NOW
    )


def test_filter_by_category_time_and_search(demo_session: Session) -> None:
    cat = demo_session.execute(
        text("SELECT category_id FROM events GROUP BY category_id ORDER BY count(*) DESC")
    ).scalar()
    since = NOW - timedelta(days=3)
    flt = q.CaseFilter(category_ids=(cat,), since=since)
    rows = q.queue_rows(demo_session, "in_progress", flt, now=NOW)
    assert all(r.category_id == cat and r.received_at >= since for r in rows)
    some = q.queue_rows(demo_session, "in_progress", now=NOW)[0]
    found = q.queue_rows(demo_session, "in_progress", q.CaseFilter(search=some.code), now=NOW)
    assert [r.id for r in found] == [some.id]


def test_filter_by_logical_grid(demo_session: Session) -> None:
    _lg_id, code = demo_session.execute(
        text(
            "SELECT l.id, l.code FROM logical_grids l JOIN events e ON e.responsible_logical_id = l.id "
            "WHERE e.status = 'in_progress' GROUP BY l.id, l.code ORDER BY count(*) DESC, l.code"
        )
    ).first()
    rows = q.queue_rows(demo_session, "in_progress", q.CaseFilter(logical_code=code), now=NOW)
    expected = _sql_ids(
        demo_session,
        "in_progress",
        f"AND e.responsible_logical_id IN (SELECT id FROM logical_grids WHERE code LIKE '{code}%')",
    )
    assert {r.id for r in rows} == expected and expected


def test_lights_agree_with_domain_sla() -> None:
    """The vectorised clock gives sla.light/time_left's answers, hours and working days alike."""
    rng = np.random.default_rng(5)
    clock = q.LightClock(DEFAULT_CALENDAR)
    now = datetime(2026, 10, 9, 3, 30, tzinfo=UTC)  # right after the National Day holiday
    starts, deadlines, workdays = [], [], []
    for _ in range(300):
        start = now - timedelta(hours=float(rng.uniform(0, 200)))
        wd = bool(rng.integers(0, 2))
        limit = sla.TimeLimit(float(rng.choice([1, 2, 3, 5])), "workdays" if wd else "hours")
        starts.append(start)
        deadlines.append(sla.deadline(start, limit, DEFAULT_CALENDAR))
        workdays.append(wd)
    codes, left = clock.read(
        np.array([s.timestamp() for s in starts]),
        np.array([d.timestamp() for d in deadlines]),
        np.array(workdays),
        now,
    )
    for i, (s, d, wd) in enumerate(zip(starts, deadlines, workdays, strict=True)):
        cal = DEFAULT_CALENDAR if wd else None
        assert q.LIGHT_OF_CODE[int(codes[i])] == sla.light(s, d, now, calendar=cal)
        assert left[i] == pytest.approx(sla.time_left(d, now, calendar=cal).total_seconds(), abs=1e-3)


def test_rows_carry_light_and_time_left(demo_session: Session) -> None:
    for r in q.queue_rows(demo_session, "overdue", now=NOW):
        assert r.light == "red" and r.time_left_s is not None and r.time_left_s < 0
    closed = q.queue_rows(demo_session, "closed_today", now=NOW)
    assert all(r.light is None and r.time_left_s is None for r in closed)


def test_map_payload(demo_session: Session) -> None:
    cases = q.map_cases(demo_session, now=NOW)
    n_open = demo_session.execute(
        text(f"SELECT count(*) FROM events WHERE status IN {OPEN} AND lat IS NOT NULL")
    ).scalar()
    assert len(cases) == n_open
    lengths = {len(v) for v in cases.as_dict().values()}
    assert lengths == {n_open}
    overdue = _sql_ids(demo_session, "overdue")
    red = {i for i, c in zip(cases.ids, cases.light, strict=True) if c == q.LIGHT_CODES[q.Light.RED]}
    assert overdue <= red
    some = cases.ids[:3]
    assert q.map_cases(demo_session, now=NOW, ids=some).ids == some

    grids = q.map_grids(demo_session)
    assert len(grids) == demo_session.execute(text("SELECT count(*) FROM grids")).scalar()
    assert all(g.geometry and g.geometry["type"] in ("Polygon", "MultiPolygon") for g in grids)
    counts = q.grid_counts(demo_session, now=NOW)
    district = next(g.code for g in grids if g.level == "district")
    placed_open = demo_session.execute(
        text(f"SELECT count(*) FROM events WHERE status IN {OPEN} AND grid_id IS NOT NULL")
    ).scalar()
    assert counts[district][0] == placed_open
    assert counts[district][1] == len(_sql_ids(demo_session, "overdue", "AND e.grid_id IS NOT NULL"))


@pytest.mark.parametrize("hours", [0, 30, -200])
def test_map_view_is_map_cases_and_grid_counts_from_one_read(demo_session: Session, hours: int) -> None:
    """The window's one read gives what the two separate reads give, at several moments (cases turn
    overdue with time) and under filters; unplaced and parked cases are in the demo."""
    now = NOW + timedelta(hours=hours)
    cats = [c[0] for c in q.categories(demo_session)]
    township = next(g.code for g in q.map_grids(demo_session, geometry=False) if g.level == "township")
    filters = [
        q.CaseFilter(),
        q.CaseFilter(category_ids=tuple(cats[:3])),
        q.CaseFilter(since=NOW - timedelta(days=3)),
        q.CaseFilter().with_unit("grid", township),
    ]
    # Some open cases without a position (reported by phone without GPS) and some parked, for this
    # test only (rolled back).
    nested = demo_session.begin_nested()
    ids = (
        demo_session.execute(text(f"SELECT id FROM events WHERE status IN {OPEN} ORDER BY id"))
        .scalars()
        .all()
    )
    demo_session.execute(
        text("UPDATE events SET lat = NULL, lon = NULL WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": ids[::7]},
    )
    demo_session.execute(
        text("UPDATE events SET status = 'parked' WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": ids[3::11]},
    )
    for flt in filters:
        cases, counts = q.map_view(demo_session, flt, now)
        assert cases == q.map_cases(demo_session, flt, now)
        assert counts == q.grid_counts(demo_session, flt, now)
        assert counts, flt
    nested.rollback()


def test_tree_and_profiles(demo_session: Session) -> None:
    tree = q.grid_tree(demo_session)
    levels = [n.level for n in tree if n.kind == "grid"]
    assert levels[0] == "district" and "grid" in levels
    seen: set[int] = set()
    for n in (n for n in tree if n.kind == "grid"):
        assert n.parent_id is None or n.parent_id in seen  # parents first
        seen.add(n.id)
    assert any(n.kind == "logical" for n in tree)

    leaf = next(n for n in tree if n.level == "grid")
    p = q.unit_profile(demo_session, "grid", leaf.code, now=NOW)
    assert p.name == leaf.name and p.workers and all(w.phone for w in p.workers)
    assert p.residents > 0 and len(p.per_day) == len(p.days) == 30
    township = next(n for n in tree if n.level == "township")
    tp = q.unit_profile(demo_session, "grid", township.code, now=NOW)
    open_sql = demo_session.execute(
        text(
            f"SELECT count(*) FROM events e JOIN grids g ON g.id = e.grid_id "
            f"WHERE e.status IN {OPEN} AND g.code LIKE '{township.code}%'"
        )
    ).scalar()
    assert tp.open == open_sql and tp.grids > 1 and sum(c for *_n, c in tp.by_category) == sum(tp.per_day)
    logical = next(n for n in tree if n.kind == "logical")
    lp = q.unit_profile(demo_session, "logical", logical.code, now=NOW)
    assert lp.name == logical.name


def test_case_detail_trail_and_steps(demo_session: Session) -> None:
    row = q.queue_rows(demo_session, "verify", now=NOW)[0]
    admin = next(p for p in q.acting_people(demo_session) if p.detail.startswith("admin"))
    d = q.case_detail(demo_session, row.id, person_id=admin.id, now=NOW)
    assert d is not None and d.row.id == row.id
    assert [t.step for t in d.trail][:1] == ["report"]
    assert "verify" in d.allowed_steps and "void" in d.allowed_steps
    # A grid worker may not verify: the step is refused with a reason.
    worker = demo_session.execute(
        text("SELECT person_id FROM role_grants WHERE role = 'grid_worker' ORDER BY person_id")
    ).scalar()
    d2 = q.case_detail(demo_session, row.id, person_id=worker, now=NOW)
    assert d2 is not None and "verify" not in d2.allowed_steps and "verify" in d2.refused
    routed = q.queue_rows(demo_session, "dispatch", now=NOW)[0]
    assert q.route_targets(demo_session, routed.id)
    in_progress = q.queue_rows(demo_session, "in_progress", now=NOW)[0]
    # Who it may go to: the acting person's reach (people_picker; its own tests cover the scopes).
    assert pp.candidates(demo_session, in_progress.id, admin.id)
    assert any(h.kind == "case" and h.id == row.id for h in q.search(demo_session, row.code))


def test_every_open_case_is_in_a_queue(demo_session: Session) -> None:
    """An open case in no queue is lost to the operator (checked and parked cases once were)."""
    assert set(SQL) == set(q.QUEUE_KEYS)
    # Every open status has a status queue (a new status must get one too).
    assert frozenset().union(*q._STATUS_QUEUES.values()) == OPEN_STATUSES
    open_ids = set(demo_session.execute(text(f"SELECT id FROM events WHERE status IN {OPEN}")).scalars())
    statuses = set(
        demo_session.execute(text(f"SELECT DISTINCT status FROM events WHERE status IN {OPEN}")).scalars()
    )
    assert {"checked", "parked"} <= statuses  # the demo has both, so this test means something
    queued = set().union(*(_sql_ids(demo_session, key) for key in q.QUEUE_KEYS))
    assert open_ids - queued == set()
    # The same through the module: its rows, its per-row rule and its counts.
    by_module = set().union(
        *({r.id for r in q.queue_rows(demo_session, key, now=NOW)} for key in q.QUEUE_KEYS)
    )
    assert open_ids <= by_module
    rows = q.case_rows(demo_session, open_ids, now=NOW)
    assert [r.code for r in rows if not q.row_queues(r, NOW)] == []
    counts = q.queue_counts(demo_session, now=NOW)
    assert counts["to_close"] == len(_sql_ids(demo_session, "to_close")) > 0
    assert counts["parked"] == len(_sql_ids(demo_session, "parked")) > 0
    # Checked and parked cases have no running clock: grey light, no time left.
    for key in ("to_close", "parked"):
        assert all(
            r.light is None and r.time_left_s is None for r in q.queue_rows(demo_session, key, now=NOW)
        )
