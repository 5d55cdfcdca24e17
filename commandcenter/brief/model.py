"""The daily brief as plain values (frozen dataclasses): what `build_brief` returns and the document shows.

Nothing here knows about Qt, SQL or pages; the renderer reads these values and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from commandcenter.domain.kpi import Counts, Measures

Ring = tuple[tuple[float, float], ...]  # (lon, lat) pairs, closed
Polygon = tuple[Ring, ...]  # exterior first, then holes


@dataclass(frozen=True)
class UnitInfo:
    kind: str  # "grid" (any physical node or code prefix) or "logical"
    code: str
    name: str
    level: str  # district/township/community/grid/micro/prefix, or the logical grid's kind
    level_label: str  # 全区, 街道（镇）, 社区（村）, 网格, 部门（逻辑网格）, ...
    path: tuple[str, ...]  # names from the top down to the unit itself
    leaf_grids: int
    households: int
    residents: int
    workers: tuple[str, ...]  # names of the unit's grid workers or logical-grid members
    worker_count: int
    grids_without_worker: int  # leaf grids under the unit that have no grid worker


@dataclass(frozen=True)
class Figure:
    """A headline count of the day beside the day before and the 7 days before."""

    key: str  # new, closed, open, overdue
    label: str
    value: int
    previous: int
    average7: float  # mean of the 7 days before the day

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class DayCount:
    day: date
    new: int
    closed: int
    open: int  # at the end of the day (or the cut-off)
    overdue: int


@dataclass(frozen=True)
class MeasureSet:
    """Measure counts and rates of one period (the day, or the month to date)."""

    label: str
    since: datetime
    cutoff: datetime
    counts: Counts
    measures: Measures


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    label: str  # short text to print on the map ("" for none)
    count: int  # the day's cases in it
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class Hotspot:
    rank: int
    lon: float
    lat: float
    radius_m: float
    count7: int  # cases in the 7 days ending on the day
    count_day: int
    category: str  # the most frequent category
    category_count: int
    place: str


@dataclass(frozen=True)
class MapData:
    areas: tuple[MapArea, ...]  # leaf grids, shaded by count
    outlines: tuple[MapArea, ...]  # context boundaries (townships, communities), labelled
    boundary: tuple[Polygon, ...]  # the unit's own outline ("" when it is the leaves themselves)
    bbox: tuple[float, float, float, float] | None  # min lon, min lat, max lon, max lat
    hotspots: tuple[Hotspot, ...]
    located: int  # the day's cases drawn on the map (with a grid)
    unlocated: int  # the day's cases outside every grid of the unit (not drawn)


@dataclass(frozen=True)
class CaseLine:
    code: str
    title: str
    category: str
    place: str
    status: str  # current status, Chinese label
    holder: str  # assignee name ("" when nobody holds it)
    unit: str  # responsible unit name
    received_at: datetime
    deadline: datetime | None  # the deadline that was running at the cut-off
    overdue_hours: float | None  # > 0: overdue by, at the cut-off; < 0: time left
    closed_at: datetime | None = None
    supervised_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class RankRow:
    position: int | None  # None: nothing to measure in the period
    code: str
    name: str
    case_count: int
    measures: Measures
    score: float | None
    grade: str
    highlighted: bool = False


@dataclass(frozen=True)
class Recurring:
    category: str
    place: str
    count: int
    first: datetime
    last: datetime
    open_count: int  # not closed at the cut-off
    codes: tuple[str, ...]
    lon: float
    lat: float


@dataclass(frozen=True)
class Brief:
    center_name: str
    day: date
    tz: tzinfo  # the center's time zone: the day, the hours and every printed time are in it
    unit: UnitInfo
    generated_at: datetime
    cutoff: datetime  # end of the day, or "now" for today
    figures: tuple[Figure, ...]  # new, closed, open, overdue
    trend: tuple[DayCount, ...]  # the 7 days ending on the day
    by_hour: tuple[int, ...]  # 24 counts of new cases, local hours
    by_category: tuple[CategoryCount, ...]  # the day's new cases, largest first
    day_measures: MeasureSet
    month_measures: MeasureSet
    measures_source: str
    map: MapData
    overdue_total: int
    oldest_overdue: tuple[CaseLine, ...]
    township_ranking: tuple[RankRow, ...]
    logical_ranking: tuple[RankRow, ...]
    recurring: tuple[Recurring, ...]
    recurring_total: int
    supervised: tuple[CaseLine, ...]
    supervised_total: int
    supervised_open: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)
