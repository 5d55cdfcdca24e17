"""The measures of domain.md for a unit and a period, and the rankings of townships and departments.

Counting is done in SQL, one aggregate query per period grouped by (grid, responsible logical grid);
the unit's counts and the townships' and departments' are sums of those groups, and `domain.kpi`
turns counts into rates, the composite score and the grade.

Two sources of counts (`MeasureSource`):
- `ServiceKpiSource` (the default): `commandcenter.services.kpi`, the center's shared definitions
  (the same numbers as `commandcenter kpi` and the window's profiles);
- `SqlMeasureSource`: the brief's own cohort rules, kept for a database without the services layer
  and as a second opinion. Its rules: the cases are those received in [since, cutoff) and not voided;
  each is judged by what had happened by the cut-off.
- should close: closed before the cut-off, or its handling deadline had passed by then;
- closed on time: closed, and not after its handling deadline (or it had none, e.g. handled on the spot);
- dispatched: dispatched before the cut-off; reworked / sent back: of those, with a rework / send-back;
- to verify: verified before the cut-off, or (still waiting or verified later) past its verification
  limit; verified on time: within the category's limit from receipt (likewise dispatch, from verification);
  limits in working days count as that many calendar days (the exact working calendar is services.kpi's);
- ratings: closed and rated; satisfied: 4 or 5 stars.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Protocol

import numpy as np
from sqlalchemy import Text, and_, case, cast, func, literal, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from commandcenter.brief.model import RankRow
from commandcenter.brief.scope import Grids, Scope
from commandcenter.brief.sqlx import count_if, epoch
from commandcenter.db import models as m
from commandcenter.domain import kpi
from commandcenter.domain.status import SlaStep, Status

NO_LIMIT_SECONDS = 1e12  # a category without a limit for a step: never late


def _limit_seconds(limit: Any) -> ColumnElement[float]:
    per_unit = case((limit.unit == "hours", 3600.0), else_=86400.0)
    return func.coalesce(limit.amount * per_unit, NO_LIMIT_SECONDS)


def _count_columns(cutoff: datetime) -> tuple[list[ColumnElement[Any]], Any, Any]:
    """Columns in kpi.Counts field order, and the two limit aliases the statement must outer-join."""
    e = m.Event
    vl = aliased(m.CategoryLimit)
    dl = aliased(m.CategoryLimit)
    cut = cutoff.timestamp()
    closed = and_(e.closed_at.is_not(None), e.closed_at < cutoff)
    due = or_(closed, and_(e.deadline.is_not(None), e.deadline < cutoff))
    on_time = and_(closed, or_(e.deadline.is_(None), e.closed_at <= e.deadline))
    dispatched = and_(e.dispatched_at.is_not(None), e.dispatched_at < cutoff)
    verified = and_(e.verified_at.is_not(None), e.verified_at < cutoff)
    v_secs, d_secs = _limit_seconds(vl), _limit_seconds(dl)
    verify_late_by_now = and_(
        or_(e.verified_at.is_not(None), e.status == Status.REPORTED), epoch(e.received_at) + v_secs < cut
    )
    dispatch_late_by_now = and_(
        or_(e.dispatched_at.is_not(None), e.status.in_((Status.VERIFIED, Status.ROUTED))),
        e.verified_at.is_not(None),
        epoch(e.verified_at) + d_secs < cut,
    )
    rated = and_(closed, e.rating.is_not(None))
    columns = {
        "should_close": due,
        "closed": closed,
        "closed_on_time": on_time,
        "dispatched": dispatched,
        "reworked": and_(dispatched, e.reworks > 0),
        "sent_back": and_(dispatched, e.sent_backs > 0),
        "to_verify": or_(verified, verify_late_by_now),
        "verified_on_time": and_(verified, epoch(e.verified_at) - epoch(e.received_at) <= v_secs),
        "to_dispatch": or_(dispatched, dispatch_late_by_now),
        "dispatched_on_time": and_(
            dispatched,
            or_(e.verified_at.is_(None), epoch(e.dispatched_at) - epoch(e.verified_at) <= d_secs),
        ),
        "ratings": rated,
        "satisfied": and_(rated, e.rating >= 4),
    }
    assert list(columns) == [f.name for f in fields(kpi.Counts)]
    return [count_if(cond).label(name) for name, cond in columns.items()], vl, dl


def _counts_select(since: datetime, cutoff: datetime, *keys: Any) -> Any:
    e = m.Event
    cols, vl, dl = _count_columns(cutoff)
    return (
        select(*keys, *cols)
        .select_from(e)
        .outerjoin(vl, and_(vl.category_id == e.category_id, vl.step == SlaStep.VERIFY))
        .outerjoin(dl, and_(dl.category_id == e.category_id, dl.step == SlaStep.DISPATCH))
        .where(e.received_at >= since, e.received_at < cutoff, e.status != Status.VOIDED)
    )


def _to_counts(values: Iterable[Any]) -> kpi.Counts:
    return kpi.Counts(*(int(v) for v in values))


@dataclass(frozen=True)
class PeriodCounts:
    """Measure counts of one period: the unit's, and the district's townships' and departments'."""

    unit: kpi.Counts
    townships: list[kpi.UnitCounts]
    departments: list[kpi.UnitCounts]


class MeasureSource(Protocol):
    """Where the brief's measure counts come from (the switch to services.kpi is one class)."""

    name: str

    def period_counts(
        self, session: Session, scope: Scope, grids: Grids, since: datetime, cutoff: datetime
    ) -> PeriodCounts: ...


@dataclass(frozen=True)
class SqlMeasureSource:
    """The brief's own SQL, with the rules in the module's doc.

    One query per period, grouped by (grid, responsible logical grid): at most a few thousand rows,
    from which the unit's counts, the townships' and the departments' are summed here. Counts add up;
    rates are only ever computed from the sums.
    """

    name: str = "brief"

    def period_counts(
        self, session: Session, scope: Scope, grids: Grids, since: datetime, cutoff: datetime
    ) -> PeriodCounts:
        e = m.Event
        rows = session.execute(
            _counts_select(since, cutoff, e.grid_id, e.responsible_logical_id).group_by(
                e.grid_id, e.responsible_logical_id
            )
        ).all()
        # Thousands of groups: sum them as an integer matrix, not Counts object by object.
        grid_ids = [r[0] for r in rows]
        logical_ids = [r[1] for r in rows]
        values = np.array([r[2:] for r in rows], dtype=np.int64).reshape(len(rows), len(fields(kpi.Counts)))
        return PeriodCounts(
            unit=_counts(values[_unit_mask(grid_ids, logical_ids, scope, grids)].sum(axis=0)),
            townships=_townships(grid_ids, values, grids),
            departments=_departments(session, logical_ids, values),
        )


def _counts(row: np.ndarray) -> kpi.Counts:
    return kpi.Counts(*(int(v) for v in row))


def _unit_mask(
    grid_ids: list[int | None], logical_ids: list[int | None], scope: Scope, grids: Grids
) -> np.ndarray:
    if scope.kind == "logical":
        ids = set(scope.logical_ids)
        return np.array([lg in ids for lg in logical_ids], dtype=bool)
    if scope.whole_district:
        return np.ones(len(grid_ids), dtype=bool)
    inside = {n.id for n in grids.by_id.values() if n.code.startswith(scope.code)}
    return np.array([g in inside for g in grid_ids], dtype=bool)


def _roll_up(keys: list[int | None], values: np.ndarray, index: dict[int, int], n: int) -> np.ndarray:
    """Sum rows of `values` into n buckets by index[key] (keys without a bucket are left out)."""
    out = np.zeros((n, values.shape[1]), dtype=np.int64)
    rows = [i for i, k in enumerate(keys) if k is not None and k in index]
    if rows:
        np.add.at(out, [index[keys[i]] for i in rows], values[rows])  # type: ignore[index]
    return out


def _townships(grid_ids: list[int | None], values: np.ndarray, grids: Grids) -> list[kpi.UnitCounts]:
    """Per township (a physical node of level 'township'), its grids' cases summed."""
    townships = sorted((n for n in grids.by_id.values() if n.level == "township"), key=lambda n: n.code)
    position = {t.id: i for i, t in enumerate(townships)}
    index: dict[int, int] = {}
    for g in set(grid_ids):
        township = grids.ancestor_at(g, "township")
        if g is not None and township is not None:
            index[g] = position[township.id]
    sums = _roll_up(grid_ids, values, index, len(townships))
    return [kpi.UnitCounts(t.code, _counts(sums[i]), t.name) for i, t in enumerate(townships)]


def _departments(session: Session, logical_ids: list[int | None], values: np.ndarray) -> list[kpi.UnitCounts]:
    """Per top-level logical grid (department), its child grids' cases included."""
    lg = m.LogicalGrid
    units = session.execute(select(lg.id, lg.code, lg.name, lg.parent_id).order_by(lg.code)).all()
    parent = {i: p for i, _c, _n, p in units}
    tops = [u for u in units if u[3] is None]
    position = {u[0]: i for i, u in enumerate(tops)}
    index: dict[int, int] = {}
    for unit in parent:
        node, hops = unit, 0
        while parent.get(node) is not None and hops < 16:
            node, hops = parent[node], hops + 1
        if node in position:
            index[unit] = position[node]
    sums = _roll_up(logical_ids, values, index, len(tops))
    return [kpi.UnitCounts(code, _counts(sums[i]), name) for i, (_id, code, name, _p) in enumerate(tops)]


@dataclass(frozen=True)
class ServiceKpiSource:
    """The counts of `commandcenter.services.kpi`, one statement per period.

    Its `counts_query` is grouped by a composite key "grid id|logical grid id", so one query gives the
    unit, every township and every department (summed here, by the same helpers as SqlMeasureSource).
    """

    name: str = "services.kpi"

    def period_counts(
        self, session: Session, scope: Scope, grids: Grids, since: datetime, cutoff: datetime
    ) -> PeriodCounts:
        from commandcenter.services import kpi as svc

        def key(e: Any, _g: Any) -> ColumnElement[Any]:
            grid = func.coalesce(cast(e.grid_id, Text()), literal(""))
            unit = func.coalesce(cast(e.responsible_logical_id, Text()), literal(""))
            return grid + literal("|") + unit

        stmt = svc.counts_query(session, svc.Period(since, cutoff), key=key, now=cutoff)
        if session.get_bind().dialect.name == "postgresql":
            # As services.kpi does: compiling this statement's many CASEs (JIT) costs more than running it.
            session.execute(text("SET LOCAL jit = off"))
        rows = session.execute(stmt).all()
        grid_ids: list[int | None] = []
        logical_ids: list[int | None] = []
        for row in rows:
            grid, _bar, unit = str(row[0] or "|").partition("|")
            grid_ids.append(int(grid) if grid else None)
            logical_ids.append(int(unit) if unit else None)
        # (key, *counts in COUNT_NAMES order): read by position, row._mapping costs ~4 us a cell.
        names = list(svc.COUNT_NAMES)
        assert (
            names == [f.name for f in fields(kpi.Counts)] and list(stmt.selected_columns.keys())[1:] == names
        )
        values = np.array([row[1:] for row in rows], dtype=np.int64).reshape(len(rows), len(names))
        return PeriodCounts(
            unit=_counts(values[_unit_mask(grid_ids, logical_ids, scope, grids)].sum(axis=0)),
            townships=_townships(grid_ids, values, grids),
            departments=_departments(session, logical_ids, values),
        )


def default_source() -> MeasureSource:
    """services.kpi's shared definitions when the services layer is there, else the brief's own SQL."""
    try:
        from commandcenter.services import kpi as svc
    except ImportError:
        return SqlMeasureSource()
    return ServiceKpiSource() if hasattr(svc, "counts_query") else SqlMeasureSource()


def ranking(units: list[kpi.UnitCounts], highlight: str | None = None) -> tuple[RankRow, ...]:
    """Ranked by kpi.score_units; units with nothing to measure are listed last, unranked ('—')."""
    scored = {u.code: u for u in kpi.score_units(units)}
    by_code = {u.code: u for u in units}
    ranked: list[RankRow] = []
    unranked: list[RankRow] = []
    for code, s in scored.items():
        u = by_code[code]
        measurable = u.case_count > 0 or any(
            getattr(s.measures, f.name) is not None for f in fields(kpi.Measures)
        )
        m_ = s.measures or kpi.measures(u.counts)
        row = RankRow(
            position=s.position if measurable else None,
            code=code,
            name=u.name,
            case_count=u.case_count,
            measures=m_,
            score=s.score if measurable else None,
            grade=s.grade if measurable else "",
            highlighted=bool(highlight) and str(highlight).startswith(code),
        )
        (ranked if measurable else unranked).append(row)
    return tuple(ranked + sorted(unranked, key=lambda r: r.code))
