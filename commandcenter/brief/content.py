"""`build_brief`: the daily brief's content for a day and a unit, as plain values (no Qt)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.brief import cases, measures, series, spatial
from commandcenter.brief import text as t
from commandcenter.brief.model import Brief, MeasureSet
from commandcenter.brief.period import Window
from commandcenter.brief.scope import Grids, resolve, unit_info
from commandcenter.db import models as m
from commandcenter.domain import kpi
from commandcenter.domain.calendar import DEFAULT_TZ


def center_name(session: Session) -> str:
    """The center's name from the settings table (key 'center' -> {"name": ...})."""
    value = session.scalar(select(m.Setting.value).where(m.Setting.key == "center"))
    name = value.get("name") if isinstance(value, dict) else None
    return str(name) if name else t.DEFAULT_CENTER


class _Stopwatch:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, part: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start


def build_brief(
    session: Session,
    day: date,
    unit_code: str | None = None,
    tz: tzinfo = DEFAULT_TZ,
    *,
    now: datetime | None = None,
    generated_at: datetime | None = None,
    source: measures.MeasureSource | None = None,
) -> Brief:
    """The brief of `day` (in `tz`) for the district (None), a grid code or prefix, or a logical grid.

    `now` bounds today's brief (its figures are as of now); `generated_at` is printed as the time of
    generation (both default to the clock). Raises scope.UnknownUnit for a code that matches nothing
    and ValueError for a day that has not begun. The Brief's `timings` hold seconds per part (the
    queries and the clustering; no rendering).
    """
    now = now or datetime.now(UTC)
    window = Window.for_day(day, tz, now)
    source = source or measures.default_source()
    clock = _Stopwatch()

    with clock("unit"):
        grids = Grids.load(session)
        scope = resolve(session, unit_code, grids)
        unit = unit_info(session, scope, grids)
        center = center_name(session)
        categories = {i: n for i, n in session.execute(select(m.Category.id, m.Category.name))}
    with clock("counts"):
        days = series.daily_counts(session, scope, window)
        hours = series.by_hour(session, scope, window)
        by_category = series.by_category(session, scope, window)
    with clock("measures"):
        of_day = source.period_counts(session, scope, grids, window.start, window.cutoff)
        month = source.period_counts(session, scope, grids, window.month_start, window.cutoff)
        day_set = MeasureSet("当日", window.start, window.cutoff, of_day.unit, kpi.measures(of_day.unit))
        month_set = MeasureSet(
            "本月累计", window.month_start, window.cutoff, month.unit, kpi.measures(month.unit)
        )
        towns = measures.ranking(month.townships, scope.code if scope.kind == "grid" else None)
        depts = measures.ranking(month.departments, scope.code if scope.kind == "logical" else None)
    with clock("places"):
        pts = spatial.load_points(session, scope, window)
        spots = spatial.hotspots(pts, window, grids, categories)
        recurring, recurring_total = spatial.recurring(
            pts, window, grids, categories, spatial.case_labels(session)
        )
        map_data = spatial.map_data(session, scope, window, grids, spots, days[-1].new)
    with clock("cases"):
        overdue = cases.oldest_overdue(session, scope, window, grids)
        supervised, supervised_total, supervised_open = cases.supervised(session, scope, window, grids)

    return Brief(
        center_name=center,
        day=day,
        tz=tz,
        unit=unit,
        generated_at=generated_at or datetime.now(UTC),
        cutoff=window.cutoff,
        figures=series.figures(days),
        trend=series.trend_days(days),
        by_hour=hours,
        by_category=by_category,
        day_measures=day_set,
        month_measures=month_set,
        measures_source=source.name,
        map=map_data,
        overdue_total=days[-1].overdue,
        oldest_overdue=overdue,
        township_ranking=towns,
        logical_ranking=depts,
        recurring=recurring,
        recurring_total=recurring_total,
        supervised=supervised,
        supervised_total=supervised_total,
        supervised_open=supervised_open,
        timings=dict(clock.seconds),
    )
