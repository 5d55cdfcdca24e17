"""The brief's figures computed again, independently, in plain SQL text (no code shared with the brief).

Each function states the rule it checks in SQL; the tests compare these with `build_brief` and with the
numbers read back from the PDF.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from commandcenter.db.types import UTCDateTime

TZ = ZoneInfo("Asia/Shanghai")
DEMO_NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
DAY = date(2026, 11, 19)  # the last whole day of the small demo
OPEN = "('reported','verified','routed','assigned','in_progress','rework','replied','checked','parked')"


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=TZ).astimezone(UTC)


def q(session: Session, sql: str, **params: Any) -> list[Any]:
    """Run SQL text; datetime parameters are bound as UTC timestamps on either database."""
    stmt = text(sql)
    binds = [bindparam(k, type_=UTCDateTime()) for k, v in params.items() if isinstance(v, datetime)]
    if binds:
        stmt = stmt.bindparams(*binds)
    return list(session.execute(stmt, params).all())


def scalar(session: Session, sql: str, **params: Any) -> Any:
    return q(session, sql, **params)[0][0]


def epoch(session: Session, column: str) -> str:
    if session.get_bind().dialect.name == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})"
    return f"((julianday({column}) - 2440587.5) * 86400.0)"


def in_unit(unit: str | None) -> str:
    """SQL condition on events e for a physical unit code (None: the district, all cases)."""
    if not unit or len(unit) <= 6:
        return "1=1"
    return f"e.grid_id IN (SELECT id FROM grids WHERE code LIKE '{unit}%')"


def new(session: Session, a: datetime, b: datetime, unit: str | None = None) -> int:
    return scalar(
        session,
        f"SELECT count(*) FROM events e WHERE received_at >= :a AND received_at < :b AND {in_unit(unit)}",
        a=a,
        b=b,
    )


def closed(session: Session, a: datetime, b: datetime, unit: str | None = None) -> int:
    return scalar(
        session,
        f"SELECT count(*) FROM events e WHERE closed_at >= :a AND closed_at < :b AND {in_unit(unit)}",
        a=a,
        b=b,
    )


def open_at(session: Session, t: datetime, unit: str | None = None) -> int:
    return scalar(
        session,
        "SELECT count(*) FROM events e WHERE received_at < :t AND status <> 'voided' "
        f"AND (closed_at IS NULL OR closed_at >= :t) AND {in_unit(unit)}",
        t=t,
    )


def overdue_codes(session: Session, t: datetime, unit: str | None = None) -> list[str]:
    """Overdue at t, oldest running deadline first (the step's while open, handling deadline after)."""
    rows = q(
        session,
        "SELECT code, CASE WHEN status IN "
        + OPEN
        + " THEN step_deadline ELSE deadline END AS d FROM events e "
        "WHERE received_at < :t AND status NOT IN ('voided', 'parked') AND (closed_at IS NULL OR closed_at >= :t) "
        "AND ((status IN "
        + OPEN
        + " AND step_deadline < :t) OR (status NOT IN "
        + OPEN
        + " AND deadline < :t "
        f"AND (replied_at IS NULL OR replied_at >= :t))) AND {in_unit(unit)} ORDER BY d, code",
        t=t,
    )
    return [r[0] for r in rows]


def by_hour(session: Session, day: date) -> list[int]:
    edges = [datetime.combine(day, time(h), tzinfo=TZ).astimezone(UTC) for h in range(24)] + [
        midnight(day + timedelta(days=1))
    ]
    return [new(session, a, b) for a, b in itertools.pairwise(edges)]


def by_category(session: Session, a: datetime, b: datetime) -> dict[str, int]:
    rows = q(
        session,
        "SELECT c.name, count(*) FROM events e JOIN categories c ON c.id = e.category_id "
        "WHERE e.received_at >= :a AND e.received_at < :b GROUP BY c.name",
        a=a,
        b=b,
    )
    return {name: n for name, n in rows}


def measure_counts(session: Session, since: datetime, cutoff: datetime, where: str = "1=1") -> dict[str, int]:
    """The measures' counts, one SQL count per rule (see brief.measures for the rules in words)."""
    cut = cutoff.timestamp()
    vsecs = (
        "COALESCE((SELECT amount * CASE WHEN unit = 'hours' THEN 3600.0 ELSE 86400.0 END FROM category_limits l "
        "WHERE l.category_id = e.category_id AND l.step = 'verify'), 1e12)"
    )
    dsecs = vsecs.replace("'verify'", "'dispatch'")
    rec, ver, dis = (
        epoch(session, "e.received_at"),
        epoch(session, "e.verified_at"),
        epoch(session, "e.dispatched_at"),
    )
    base = (
        f"FROM events e WHERE e.received_at >= :a AND e.received_at < :c AND e.status <> 'voided' AND {where}"
    )
    closed = "e.closed_at IS NOT NULL AND e.closed_at < :c"
    dispatched = "e.dispatched_at IS NOT NULL AND e.dispatched_at < :c"
    verified = "e.verified_at IS NOT NULL AND e.verified_at < :c"
    rules = {
        "should_close": f"({closed}) OR (e.deadline IS NOT NULL AND e.deadline < :c)",
        "closed": closed,
        "closed_on_time": f"({closed}) AND (e.deadline IS NULL OR e.closed_at <= e.deadline)",
        "dispatched": dispatched,
        "reworked": f"({dispatched}) AND e.reworks > 0",
        "sent_back": f"({dispatched}) AND e.sent_backs > 0",
        "to_verify": f"({verified}) OR ((e.verified_at IS NOT NULL OR e.status = 'reported') AND {rec} + {vsecs} < {cut})",
        "verified_on_time": f"({verified}) AND {ver} - {rec} <= {vsecs}",
        "to_dispatch": f"({dispatched}) OR ((e.dispatched_at IS NOT NULL OR e.status IN ('verified','routed')) "
        f"AND e.verified_at IS NOT NULL AND {ver} + {dsecs} < {cut})",
        "dispatched_on_time": f"({dispatched}) AND (e.verified_at IS NULL OR {dis} - {ver} <= {dsecs})",
        "ratings": f"({closed}) AND e.rating IS NOT NULL",
        "satisfied": f"({closed}) AND e.rating >= 4",
    }
    return {
        k: scalar(session, f"SELECT count(*) {base} AND ({rule})", a=since, c=cutoff)
        for k, rule in rules.items()
    }


def township_counts(session: Session, since: datetime, cutoff: datetime) -> dict[str, dict[str, int]]:
    """Per township code, by joining each case's grid to the township whose code prefixes it."""
    out = {}
    for (code,) in q(session, "SELECT code FROM grids WHERE level = 'township'"):
        where = f"e.grid_id IN (SELECT id FROM grids WHERE code LIKE '{code}%')"
        out[code] = measure_counts(session, since, cutoff, where)
    return out


def department_counts(session: Session, since: datetime, cutoff: datetime) -> dict[str, dict[str, int]]:
    out = {}
    for (code,) in q(session, "SELECT code FROM logical_grids WHERE parent_id IS NULL"):
        where = f"e.responsible_logical_id IN (SELECT id FROM logical_grids WHERE code LIKE '{code}%')"
        out[code] = measure_counts(session, since, cutoff, where)
    return out


def supervised_codes(session: Session, day: date, cutoff: datetime) -> tuple[int, int, list[str]]:
    """(total, open at the cut-off, codes open first by running deadline) of the supervised cases."""
    start = midnight(day)
    rows = q(
        session,
        "SELECT e.code, (e.closed_at IS NULL OR e.closed_at >= :t) AS is_open, "
        "CASE WHEN e.status IN " + OPEN + " THEN e.step_deadline ELSE e.deadline END AS d "
        "FROM events e WHERE e.supervised AND e.status <> 'voided' AND e.received_at < :t "
        "AND ((e.closed_at IS NULL OR e.closed_at >= :t) OR (e.closed_at >= :s AND e.closed_at < :t)) "
        "AND (EXISTS (SELECT 1 FROM event_steps st WHERE st.event_id = e.id AND st.step = 'supervise' AND st.at < :t) "
        "OR NOT EXISTS (SELECT 1 FROM event_steps st WHERE st.event_id = e.id AND st.step = 'supervise'))",
        t=cutoff,
        s=start,
    )
    # NULL deadlines last (PostgreSQL's ascending order; the brief sorts the same way on both).
    far = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(rows, key=lambda r: (0 if r[1] else 1, r[2] is None, r[2] or far, r[0]))
    return len(rows), sum(1 for r in rows if r[1]), [r[0] for r in ordered]


def grid_day_counts(session: Session, a: datetime, b: datetime) -> dict[str, int]:
    rows = q(
        session,
        "SELECT g.code, count(*) FROM events e JOIN grids g ON g.id = e.grid_id "
        "WHERE e.received_at >= :a AND e.received_at < :b GROUP BY g.code",
        a=a,
        b=b,
    )
    return {code: n for code, n in rows}


def kpi_counts(session: Session, since: datetime, cutoff: datetime, key: Any) -> dict[Any, Any]:
    """services.kpi's definitions, computed in Python from loaded rows (services.kpi_reference): the
    independent statement of the measures the brief takes from services.kpi in SQL."""
    from commandcenter.services import kpi as svc
    from commandcenter.services import kpi_reference as ref

    period = svc.Period(since, cutoff)
    return ref.counts_by(ref.load_rows(session, period), period, key, ref.limit_hours(session), now=cutoff)


def department_tops(session: Session) -> dict[int, str]:
    """Logical grid id -> its top-level department's code (by the parent links)."""
    rows = q(session, "SELECT id, code, parent_id FROM logical_grids")
    parent = {i: p for i, _c, p in rows}
    code = {i: c for i, c, _p in rows}
    out = {}
    for i in code:
        top = i
        while parent.get(top) is not None:
            top = parent[top]
        out[i] = code[top]
    return out
