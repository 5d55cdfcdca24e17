"""The measures of domain.md (考核指标), counted in SQL, for any period and any unit.

Counting happens in the database: one SELECT per request with conditional aggregates
(SUM(CASE WHEN ... THEN 1 ELSE 0 END)), grouped by the unit, on PostgreSQL and SQLite alike. Rates,
the composite score, grades and ranks come from `domain.kpi` (so SQL and Python share the formulas).

Period P = [start, end) in UTC (`Period.days` turns local dates, Asia/Shanghai, into one). "cutoff" is
min(end, now): a step still waiting is judged late only once its due time has passed by then.

What each count means, in terms of the events columns (a case counts at most once in each):

- closed (结案数): status = closed and closed_at in P. (Reopening clears closed_at, so a reopened case
  is no longer counted as closed.)
- should_close (应结案数): not voided, and either closed in P, or its handling deadline fell in P (before
  the cutoff) and it was not closed before P began (closed_at NULL or >= start). So a case due in P
  but still open, or closed only after P, counts against P; one closed in an earlier period does not,
  and one due later this month does not count yet.
- closed_on_time (按期结案数): closed in P, and handled within its limit: replied_at <= deadline (the
  effective deadline: extended by approvals, pushed out by parked time). This follows the digital
  city-management rule "在规定时限内处置完毕并经核查结案": the handling unit answers for its deadline,
  the center's own check and closing time does not make its case late. A case with no deadline
  (handled on the spot, 自办) counts as on time.
- dispatched (派遣数): dispatched_at in P (the case was assigned to a person in P; tasks included).
  This is also the unit's "case count" in the composite score.
- reworked (返工数): dispatched in P and reworks > 0 (at least one failed check).
- sent_back (回退数): dispatched in P and sent_backs > 0 (it was sent back at least once).
- to_verify (应核实数): received in P, not voided, went through verification (self-handled cases and
  department tasks skip it), and either verified (verified_at set) or still waiting past its verify
  due time at the cutoff. Voided reports are left out: the row keeps no time of the decision.
- verified_on_time: of those, verified_at <= verify due.
- to_dispatch (应派遣数): verified in P, not voided, and either dispatched or still waiting (verified or
  routed) past its dispatch due time at the cutoff.
- dispatched_on_time: of those, dispatched_at <= dispatch due.
- ratings / satisfied: rows of `ratings` with rated_at in P / with 4-5 stars (several per case are
  possible after a reopening: each rating counts).

Due times: `verify_due_at` / `dispatch_due_at` as the workflow services kept them (exact: category
limit, working calendar, parking). Rows written without them (other systems, the demo generator) fall
back to received_at (verify) or verified_at (dispatch) plus the category's limit, a working day taken
as 24 clock hours; no limit at all means the step is on time.

Units (what "a unit's cases" are):
- district: every case; township / community / grid: the cases located in that physical grid or below
  (events.grid_id, by hierarchical code prefix: township = 9 digits, community = 12); unplaced cases
  count for the district only.
- logical grid: cases whose responsible unit is that department or one below it (current
  responsibility); rankings by logical grid rank the top-level departments with their children rolled in.
- person: cases whose current assignee is the person.
The composite score of a ranking normalises case counts to the busiest peer; a single unit's score
(`indicators`) leaves the case-count term out, since there is no peer to compare with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from commandcenter.db.models import CategoryLimit, Grid, LogicalGrid, Person, Rating
from commandcenter.domain import kpi
from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.domain.kpi import Counts, Measures
from commandcenter.domain.status import GridLevel, Status
from commandcenter.services.errors import NotFound
from commandcenter.services.tables import EVENTS
from commandcenter.services.units import find_person

E = EVENTS.c
COUNT_NAMES: Final = tuple(f.name for f in fields(Counts))
TOWNSHIP_CODE_LENGTH: Final = 9
COMMUNITY_CODE_LENGTH: Final = 12


class By(StrEnum):
    """How a ranking groups cases."""

    TOWNSHIP = "township"
    COMMUNITY = "community"
    GRID = "grid"
    LOGICAL = "logical-grid"
    PERSON = "person"


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive, aware
    end: datetime  # exclusive, aware

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("a period needs timezone-aware bounds")
        if self.end <= self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def days(cls, first: date, last: date, tz: tzinfo = DEFAULT_TZ) -> Period:
        """Whole local days first..last inclusive."""
        start = datetime.combine(first, time(), tz).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(), tz).astimezone(UTC)
        return cls(start, end)

    def cutoff(self, now: datetime | None) -> datetime:
        return self.end if now is None else min(self.end, now)


@dataclass(frozen=True)
class UnitKpi:
    """One unit's counts, measures, composite score, grade and (in a ranking) position."""

    code: str
    name: str
    counts: Counts
    measures: Measures
    score: float
    grade: str
    position: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "code": self.code,
            "name": self.name,
            "score": round(self.score, 2),
            "grade": self.grade,
            "case_count": self.counts.dispatched,
            "measures": {f.name: getattr(self.measures, f.name) for f in fields(self.measures)},
            "counts": {name: getattr(self.counts, name) for name in COUNT_NAMES},
        }


# ---------------------------------------------------------------------------------------------- SQL


def _hours(limit: Any) -> ColumnElement[Any]:
    """A category limit in clock hours (the fallback takes a working day as 24 hours)."""
    return case((limit.unit == "workdays", limit.amount * 24), else_=limit.amount)


def _plus_hours(dialect: str, t: ColumnElement[Any], hours: ColumnElement[Any]) -> ColumnElement[Any]:
    """t + hours, comparable with the stored timestamps on each backend."""
    if dialect == "postgresql":
        return t + func.make_interval(0, 0, 0, 0, 0, 0, hours * 3600)
    # SQLite keeps UTC as 'YYYY-MM-DD HH:MM:SS.ffffff' text; produce the same shape (ms + '000').
    shift = literal("+") + func.cast(hours * 3600, Text()) + literal(" seconds")
    return func.strftime("%Y-%m-%d %H:%M:%f", t, shift) + literal("000")


def _flags(period: Period, now: datetime | None, dialect: str) -> tuple[dict[str, Any], list[Any]]:
    """The condition of each count (COUNT_NAMES order) and the joins they need."""
    start, end, cutoff = period.start, period.end, period.cutoff(now)
    vl, dl = aliased(CategoryLimit, name="vl"), aliased(CategoryLimit, name="dl")

    def within(col: Any) -> ColumnElement[bool]:
        return and_(col >= start, col < end)

    not_void = E.status != Status.VOIDED.value
    closed = and_(E.status == Status.CLOSED.value, within(E.closed_at))
    verify_due = func.coalesce(E.verify_due_at, _plus_hours(dialect, E.received_at, _hours(vl)))
    dispatch_due = func.coalesce(E.dispatch_due_at, _plus_hours(dialect, E.verified_at, _hours(dl)))
    dispatched = within(E.dispatched_at)
    to_verify = and_(
        within(E.received_at),
        not_void,
        or_(E.verified_at.is_not(None), and_(E.status == Status.REPORTED.value, verify_due < cutoff)),
    )
    waiting = E.status.in_([Status.VERIFIED.value, Status.ROUTED.value])
    to_dispatch = and_(
        within(E.verified_at),
        not_void,
        or_(E.dispatched_at.is_not(None), and_(waiting, dispatch_due < cutoff)),
    )
    conditions = {
        "should_close": and_(
            not_void,
            or_(
                closed,
                and_(
                    E.deadline >= start, E.deadline < cutoff, or_(E.closed_at.is_(None), E.closed_at >= start)
                ),
            ),
        ),
        "closed": closed,
        "closed_on_time": and_(closed, or_(E.deadline.is_(None), E.replied_at <= E.deadline)),
        "dispatched": dispatched,
        "reworked": and_(dispatched, E.reworks > 0),
        "sent_back": and_(dispatched, E.sent_backs > 0),
        "to_verify": to_verify,
        "verified_on_time": and_(
            to_verify, E.verified_at.is_not(None), or_(verify_due.is_(None), E.verified_at <= verify_due)
        ),
        "to_dispatch": to_dispatch,
        "dispatched_on_time": and_(
            to_dispatch,
            E.dispatched_at.is_not(None),
            or_(dispatch_due.is_(None), E.dispatched_at <= dispatch_due),
        ),
    }
    joins = [
        (vl, and_(vl.category_id == E.category_id, vl.step == "verify")),
        (dl, and_(dl.category_id == E.category_id, dl.step == "dispatch")),
    ]
    return conditions, joins


# Grouping keys and unit filters are built from (events columns, grids alias): the statement uses them
# over the events table directly and inside a correlated look-up from the ratings.
KeyFn = Callable[[Any, Any], ColumnElement[Any]]
WhereFn = Callable[[Any, Any], ColumnElement[bool]]


def counts_query(
    session: Session,
    period: Period,
    *,
    key: KeyFn | None = None,
    where: WhereFn | None = None,
    now: datetime | None = None,
) -> Select[Any]:
    """One statement: the counts per key (or in total without one), as columns named COUNT_NAMES.

    Two parts, added up by an outer GROUP BY:
    - the cases with one of their timestamps in the period: the OR of five ranges, each on its own
      index, so PostgreSQL reads them with a BitmapOr and SQLite with its OR-by-union plan instead
      of scanning every case;
    - the ratings given in the period (rated_at index), each looking up its case by primary key
      (a correlated subquery: a plain join made PostgreSQL scan the whole events table instead).
    Keeping the ratings out of the first part's WHERE is what lets it use the indexes; a case rated
    in the period but otherwise untouched by it still counts.
    """
    dialect = session.get_bind().dialect.name
    conditions, joins = _flags(period, now, dialect)
    s, t = period.start, period.end

    def n(cond: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((cond, 1), else_=0))

    # Part 1: the cases.
    g = aliased(Grid, name="g")
    source = EVENTS.outerjoin(g, g.id == E.grid_id)
    for target, on in joins:
        source = source.outerjoin(target, on)
    k = key(E, g) if key is not None else None  # built once: GROUP BY must repeat it exactly
    sums = [n(conditions[c]).label(c) if c in conditions else literal(0).label(c) for c in COUNT_NAMES]
    cases = select(*([k.label("key")] if k is not None else []), *sums).select_from(source)
    cases = cases.where(or_(*(and_(col >= s, col < t) for col in _ANCHORS)))
    if where is not None:
        cases = cases.where(where(E, g))
    if k is not None:
        cases = cases.group_by(k)

    # Part 2: the ratings.
    r = Rating.__table__.c
    re, rg = EVENTS.alias("re"), aliased(Grid, name="rg")
    case_of = re.outerjoin(rg, rg.id == re.c.grid_id)
    same = re.c.id == r.event_id
    lookup = [r.stars.label("stars")]
    if key is not None:
        lookup.append(select(key(re.c, rg)).select_from(case_of).where(same).scalar_subquery().label("key"))
    rated_rows = select(*lookup).where(r.rated_at >= s, r.rated_at < t)
    if where is not None:
        # SELECT 1, not EXISTS (SELECT *): a login without the contact columns (0005) may not name them.
        rated_rows = rated_rows.where(
            select(literal(1)).select_from(case_of).where(same, where(re.c, rg)).exists()
        )
    rr = rated_rows.subquery("rr")
    zeros = [literal(0).label(c) for c in COUNT_NAMES if c in conditions]
    rated = select(
        *([rr.c.key] if key is not None else []),
        *zeros,
        func.count().label("ratings"),
        n(rr.c.stars >= 4).label("satisfied"),
    )
    if key is not None:
        rated = rated.group_by(rr.c.key)

    both = union_all(cases, rated).subquery("parts")
    totals = [func.coalesce(func.sum(both.c[name]), 0).label(name) for name in COUNT_NAMES]
    if key is None:
        return select(*totals)
    return select(both.c.key, *totals).group_by(both.c.key)


# The timestamps that make a case part of a period (each has an index, see migration 0004).
_ANCHORS: Final = (E.received_at, E.verified_at, E.dispatched_at, E.closed_at, E.deadline)


def _run(session: Session, stmt: Select[Any]) -> Any:
    """Execute a counts statement. On PostgreSQL, JIT compilation is switched off for the rest of the
    transaction first: the statement's estimated cost crosses jit_above_cost, and compiling its many
    CASE expressions took longer (about 1 s measured) than running it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
    return session.execute(stmt)


def _counts(row: Mapping[str, Any]) -> Counts:
    values = {name: int(row[name] or 0) for name in COUNT_NAMES}
    return Counts(**values)


# ---------------------------------------------------------------------------------------------- units


def _logical_tops(session: Session) -> dict[int, str]:
    """Logical grid id -> the code of its top-level ancestor (any depth)."""
    rows = session.execute(select(LogicalGrid.id, LogicalGrid.code, LogicalGrid.parent_id)).all()
    parent = {r.id: r.parent_id for r in rows}
    code = {r.id: r.code for r in rows}
    out: dict[int, str] = {}
    for lg_id in code:
        top, seen = lg_id, set()
        while parent.get(top) is not None and top not in seen:
            seen.add(top)
            top = parent[top]  # type: ignore[assignment]
        out[lg_id] = code[top]
    return out


def _logical_subtree(session: Session, code: str) -> list[int]:
    rows = session.execute(select(LogicalGrid.id, LogicalGrid.code, LogicalGrid.parent_id)).all()
    root = next((r.id for r in rows if r.code == code), None)
    if root is None:
        raise NotFound(f"no logical grid (department) with code {code!r}")
    children: dict[int | None, list[int]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r.id)
    out, todo = [], [root]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(children.get(node, []))
    return out


def _group_key(session: Session, by: By) -> KeyFn:
    if by is By.TOWNSHIP:
        return lambda e, g: func.substr(g.code, 1, TOWNSHIP_CODE_LENGTH)
    if by is By.COMMUNITY:
        return lambda e, g: func.substr(g.code, 1, COMMUNITY_CODE_LENGTH)
    if by is By.GRID:
        return lambda e, g: g.code
    if by is By.PERSON:
        return lambda e, g: e.assignee_id
    # Departments roll up into their top-level ancestor: a CASE over the (few) logical grid ids.
    tops = sorted(_logical_tops(session).items())
    if not tops:
        return lambda e, g: e.responsible_logical_id  # no departments: every key is NULL
    return lambda e, g: case(*((e.responsible_logical_id == i, literal(c)) for i, c in tops), else_=None)


def _peers(session: Session, by: By) -> dict[str, str]:
    """Every unit of the grouping (code -> name), so units without cases are ranked too."""
    if by is By.TOWNSHIP:
        level = GridLevel.TOWNSHIP
    elif by is By.COMMUNITY:
        level = GridLevel.COMMUNITY
    elif by is By.GRID:
        rows = session.execute(
            select(Grid.code, Grid.name).where(Grid.level.in_([GridLevel.GRID.value, GridLevel.MICRO.value]))
        )
        return {code: name for code, name in rows}
    elif by is By.LOGICAL:
        rows = session.execute(
            select(LogicalGrid.code, LogicalGrid.name).where(LogicalGrid.parent_id.is_(None))
        )
        return {code: name for code, name in rows}
    else:
        return {}
    return {
        code: name for code, name in session.execute(select(Grid.code, Grid.name).where(Grid.level == level))
    }


def counts_by(
    session: Session, period: Period, by: By | str, *, now: datetime | None = None
) -> list[kpi.UnitCounts]:
    """Counts per unit of the grouping, one SQL query; every unit of the grouping appears."""
    by = By(by)
    key = _group_key(session, by)
    stmt = counts_query(session, period, key=key, now=now)
    found = {row.key: _counts(row._mapping) for row in _run(session, stmt)}
    names = _peers(session, by)
    if by is By.PERSON:
        ids = [k for k in found if k is not None]
        people = session.execute(select(Person.id, Person.code, Person.name).where(Person.id.in_(ids)))
        labels = {pid: (code, name) for pid, code, name in people}
        return [
            kpi.UnitCounts(labels[k][0], c, labels[k][1])
            for k, c in found.items()
            if k is not None and k in labels
        ]
    units = [kpi.UnitCounts(code, found.get(code, Counts()), name) for code, name in names.items()]
    units += [kpi.UnitCounts(str(k), c, "") for k, c in found.items() if k is not None and k not in names]
    return units


def ranking(
    session: Session,
    period: Period,
    by: By | str,
    *,
    now: datetime | None = None,
    weights: Mapping[str, float] = kpi.DEPARTMENT_WEIGHTS,
) -> list[UnitKpi]:
    """The units of a grouping ranked by composite score (ties share a position), with grades."""
    units = counts_by(session, period, by, now=now)
    counts = {u.code: u.counts for u in units}
    return [
        UnitKpi(
            s.code,
            s.name,
            counts[s.code],
            s.measures or kpi.measures(counts[s.code]),
            s.score,
            s.grade,
            s.position,
        )
        for s in kpi.score_units(units, weights)
    ]


def _unit_filter(session: Session, kind: str, code: str) -> WhereFn | None:
    if kind == "district":
        return None
    if kind == "grid":
        grid = session.execute(select(Grid.code, Grid.parent_id).where(Grid.code == code)).first()
        if grid is None:
            raise NotFound(f"no grid with code {code!r}")
        if grid.parent_id is None:
            return None  # the district node: every case, unplaced ones included
        return lambda e, g: g.code.startswith(code, autoescape=True)
    if kind == "logical":
        ids = _logical_subtree(session, code)
        return lambda e, g: e.responsible_logical_id.in_(ids)
    if kind == "person":
        person_id = find_person(session, code).id
        return lambda e, g: e.assignee_id == person_id
    raise ValueError(f"unknown unit kind {kind!r} (district, grid, logical or person)")


def unit_counts(
    session: Session,
    *,
    kind: str,
    code: str = "",
    since: datetime,
    until: datetime,
    now: datetime | None = None,
) -> Counts:
    """The counts of one unit over [since, until): kind district, grid (any level, by code),
    logical (incl. the departments below it) or person (as assignee; code or id)."""
    where = _unit_filter(session, kind, code)
    stmt = counts_query(session, Period(since, until), where=where, now=now)
    return _counts(_run(session, stmt).one()._mapping)


def indicators(
    session: Session,
    period: Period,
    *,
    kind: str = "district",
    code: str = "",
    now: datetime | None = None,
    weights: Mapping[str, float] = kpi.DEPARTMENT_WEIGHTS,
) -> UnitKpi:
    """One unit's counts, measures, composite score (without the case-count term) and grade."""
    counts = unit_counts(session, kind=kind, code=code, since=period.start, until=period.end, now=now)
    measures = kpi.measures(counts)
    alone = {k: v for k, v in weights.items() if k != "case_count"}
    score = kpi.composite(measures, counts.dispatched, counts.dispatched, alone)
    return UnitKpi(
        code or "district", _unit_name(session, kind, code), counts, measures, score, kpi.grade(score)
    )


def _unit_name(session: Session, kind: str, code: str) -> str:
    if kind == "grid":
        return session.scalar(select(Grid.name).where(Grid.code == code)) or ""
    if kind == "logical":
        return session.scalar(select(LogicalGrid.name).where(LogicalGrid.code == code)) or ""
    if kind == "person":
        return find_person(session, code).name
    return session.scalar(select(Grid.name).where(Grid.parent_id.is_(None)).order_by(Grid.code)) or ""


def total(units: Iterable[kpi.UnitCounts]) -> Counts:
    out = Counts()
    for u in units:
        out = out + u.counts
    return out


def as_rows(units: Sequence[UnitKpi]) -> list[dict[str, Any]]:
    return [u.as_dict() for u in units]
