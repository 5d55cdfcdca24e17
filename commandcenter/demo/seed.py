"""`commandcenter demo`: write the demo district, its people and 30 days of cases into a database."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import shapely
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from commandcenter.db import models as m
from commandcenter.db.engine import backend, session_factory
from commandcenter.demo.history import CategoryInfo, HistoryGenerator
from commandcenter.demo.organisation import build_organisation
from commandcenter.domain import sla
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.demo_district import DemoDistrict, build_demo_district

# Degrees to km near the district (for area): good to well under 1% at these latitudes.
KM_PER_DEG_LAT = 110.574


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 1
    center: tuple[float, float] = (104.62, 28.77)  # the paper's district, Yibin, Sichuan
    county_code: str = "511503"
    townships: int = 10
    communities: int = 100
    grids: int = 800
    days: int = 30
    events: int = 20_000
    now: datetime | None = None


# The demo district is always 南溪区 (build_demo_district's default name).
DEMO_CENTER_EN = "Nanxi District Governance Center"

# A district small enough for tests: every kind of row, in a second or two.
SMALL = DemoOptions(townships=3, communities=8, grids=40, days=10, events=600)


@dataclass(frozen=True)
class DemoSummary:
    grids: int
    logical_grids: int
    people: int
    events: int
    trail_rows: int
    by_status: dict[str, int]


class DatabaseNotEmpty(Exception):
    pass


def _deadline(start: datetime, amount: float, unit: str) -> datetime:
    return sla.deadline(start, sla.TimeLimit(amount, unit))  # type: ignore[arg-type]


def _grid_rows(district: DemoDistrict) -> tuple[list[dict[str, Any]], dict[str, int]]:
    ids = {node.code: i for i, node in enumerate(district.nodes, start=1)}
    rows = []
    for node in district.nodes:
        geom = node.geometry
        minx, miny, maxx, maxy = geom.bounds
        c = geom.centroid
        km_per_deg_lon = 111.320 * math.cos(math.radians(c.y))
        rows.append(
            {
                "id": ids[node.code],
                "code": node.code,
                "name": node.name,
                "level": node.level.value,
                "parent_id": ids.get(node.parent_code) if node.parent_code else None,
                "geom_wkb": shapely.to_wkb(geom),
                "min_lon": minx,
                "min_lat": miny,
                "max_lon": maxx,
                "max_lat": maxy,
                "centroid_lon": c.x,
                "centroid_lat": c.y,
                "area_km2": geom.area * KM_PER_DEG_LAT * km_per_deg_lon,
                "households": node.households,
                "residents": node.residents,
                "properties": {},
            }
        )
    return rows, ids


def _categories(session: Session, logical_by_kind: dict[str, int]) -> list[CategoryInfo]:
    out = []
    for cat in session.scalars(select(m.Category).order_by(m.Category.id)):
        if cat.department_kind in logical_by_kind:
            cat.default_logical_grid_id = logical_by_kind[cat.department_kind]
        out.append(
            CategoryInfo(
                id=cat.id,
                code=cat.code,
                name=cat.name,
                duty=cat.duty,
                department_kind=cat.department_kind,
                priority=cat.default_priority,
                limits={lim.step: (lim.amount, lim.unit) for lim in cat.limits},
            )
        )
    return out


def _bulk(session: Session, model: type[m.Base], rows: list[dict[str, Any]], chunk: int = 5000) -> None:
    """Core executemany: one statement per chunk. Rows get the same keys so none is sent row by row."""
    if not rows:
        return
    keys = sorted({k for row in rows for k in row})
    table = model.__table__
    for i in range(0, len(rows), chunk):
        batch = [{k: row.get(k) for k in keys} for row in rows[i : i + chunk]]
        session.execute(insert(table), batch)


def _move_sequences(session: Session) -> None:
    """Explicit ids were written: move PostgreSQL's identity sequences past them."""
    for table in ("grids", "logical_grids", "people", "events", "event_steps", "ratings", "media"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        )


def seed_demo(
    engine: Engine, options: DemoOptions = DemoOptions(), log: Callable[[str], None] = lambda _m: None
) -> DemoSummary:
    """Fill an empty (migrated) database with the demo. One transaction: all or nothing."""
    now = options.now or datetime.now(UTC).replace(microsecond=0)
    district = build_demo_district(
        seed=options.seed,
        center=options.center,
        townships=options.townships,
        communities=options.communities,
        grids=options.grids,
        county_code=options.county_code,
    )
    grid_rows, grid_ids = _grid_rows(district)
    org = build_organisation(district, grid_ids, options.seed)
    leaves = district.leaves()
    index = GridIndex([(grid_ids[n.code], n.code, n.geometry) for n in leaves])

    with session_factory(engine)() as session, session.begin():
        if session.scalar(select(func.count()).select_from(m.Grid)):
            raise DatabaseNotEmpty("the database already has grids: the demo goes into an empty database")
        log(f"grids: {len(grid_rows)}")
        _bulk(session, m.Grid, grid_rows)
        log(f"people: {len(org.people)}, logical grids: {len(org.logical_grids)}")
        _bulk(session, m.Person, org.people)
        _bulk(session, m.LogicalGrid, org.logical_grids)
        _bulk(session, m.LogicalGridCoverage, org.coverage)
        _bulk(session, m.RoleGrant, org.grants)
        _bulk(session, m.GridMembership, org.grid_memberships)
        _bulk(session, m.LogicalMembership, org.logical_memberships)
        top_by_kind = {lg["kind"]: lg["id"] for lg in reversed(org.logical_grids) if lg["parent_id"] is None}
        categories = _categories(session, top_by_kind)
        session.flush()

        generator = HistoryGenerator(
            seed=options.seed,
            district=district,
            org=org,
            grid_ids=grid_ids,
            categories=categories,
            assign=index.assign,
            now=now,
            days=options.days,
            deadline=_deadline,
        )
        history = generator.generate(options.events)
        log(f"events: {len(history.events)}, trail rows: {len(history.trail)}")
        _bulk(session, m.Event, history.events)
        trail = [{"id": i, **row} for i, row in enumerate(history.trail, start=1)]
        _bulk(session, m.TrailEntry, trail)
        _bulk(session, m.Rating, history.ratings)
        _bulk(session, m.Media, history.media)
        session.merge(
            m.Setting(
                key="center",
                value={
                    "name": f"{district.name}综治中心",
                    "name_en": DEMO_CENTER_EN,
                    "district": district.name,
                },
            )
        )
        if backend(engine) == "postgresql":
            _move_sequences(session)

    by_status: dict[str, int] = {}
    for row in history.events:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    return DemoSummary(
        grids=len(grid_rows),
        logical_grids=len(org.logical_grids),
        people=len(org.people),
        events=len(history.events),
        trail_rows=len(history.trail),
        by_status=by_status,
    )
