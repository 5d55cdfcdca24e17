"""A tiny district for service tests: two townships, three grids with polygons, one person per role.

    330102            district (center)         OD  district operator
    330102001         township A (center)       OA  township A operator
      330102001001    community A
        ...001001001  grid A1   lon 120.0-120.1  WA1 its worker
        ...001001002  grid A2   lon 120.1-120.2  WA2 its worker
    330102002         township B (center)       OB  township B operator
      330102002001    community B
        ...002001001  grid B1   lon 120.2-120.3  WB1 its worker
    LG03 (market supervision) > LG0301           LS / LC their liaisons;  LG05: L5
    LD leader, AD admin, CZ and CY citizens.
All grids span lat 30.0-30.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commandcenter.db.engine import session_factory
from commandcenter.db.models import Grid, GridMembership, LogicalGrid, Person, RoleGrant

COUNTY, TOWN_A, TOWN_B = "330102", "330102001", "330102002"
COMM_A, COMM_B = "330102001001", "330102002001"
GRID_A1, GRID_A2, GRID_B1 = "330102001001001", "330102001001002", "330102002001001"

P_A1 = (120.05, 30.05)  # (lon, lat) inside grid A1
P_A2 = (120.15, 30.05)
P_B1 = (120.25, 30.05)
OUTSIDE = (121.5, 31.5)

_GRIDS = (
    # code, name, level, parent, (min lon, max lon)
    (COUNTY, "测试区", "district", None, (120.0, 120.3)),
    (TOWN_A, "甲街道", "township", COUNTY, (120.0, 120.2)),
    (COMM_A, "甲社区", "community", TOWN_A, (120.0, 120.2)),
    (GRID_A1, "甲社区第1网格", "grid", COMM_A, (120.0, 120.1)),
    (GRID_A2, "甲社区第2网格", "grid", COMM_A, (120.1, 120.2)),
    (TOWN_B, "乙街道", "township", COUNTY, (120.2, 120.3)),
    (COMM_B, "乙社区", "community", TOWN_B, (120.2, 120.3)),
    (GRID_B1, "乙社区第1网格", "grid", COMM_B, (120.2, 120.3)),
)
_LOGICAL = (("LG03", "市场监管网格", "market_supervision", None), ("LG0301", "市场监管一所", "market_supervision", "LG03"),
            ("LG05", "民政网格", "civil_affairs", None))  # fmt: skip
# person code -> (name, role, grid scope, logical scope)
PEOPLE = {
    "OD": ("区值班员", "operator", COUNTY, None),
    "OA": ("甲街道值班员", "operator", TOWN_A, None),
    "OB": ("乙街道值班员", "operator", TOWN_B, None),
    "WA1": ("甲一网格员", "grid_worker", GRID_A1, None),
    "WA2": ("甲二网格员", "grid_worker", GRID_A2, None),
    "WB1": ("乙一网格员", "grid_worker", GRID_B1, None),
    "LS": ("市场监管联络员", "liaison", None, "LG03"),
    "LC": ("一所联络员", "liaison", None, "LG0301"),
    "L5": ("民政联络员", "liaison", None, "LG05"),
    "LD": ("区领导", "leader", None, None),
    "AD": ("管理员", "admin", None, None),
    "CZ": ("群众甲", "citizen", None, None),
    "CY": ("群众乙", "citizen", None, None),
}


@dataclass(frozen=True)
class Tiny:
    people: dict[str, int]  # code -> id
    grids: dict[str, int]  # code -> id
    logical: dict[str, int]  # code -> id


def build(session: Session) -> Tiny:
    """Write the tiny district into an empty, migrated database (one transaction)."""
    with session.begin():
        grids: dict[str, Grid] = {}
        for code, name, level, parent, (lo, hi) in _GRIDS:
            geom = shapely.box(lo, 30.0, hi, 30.1)
            g = Grid(code=code, name=name, level=level, parent=grids.get(parent or ""), geom_wkb=shapely.to_wkb(geom),
                     min_lon=lo, max_lon=hi, min_lat=30.0, max_lat=30.1, centroid_lon=(lo + hi) / 2,
                     centroid_lat=30.05)  # fmt: skip
            grids[code] = g
            session.add(g)
        logical: dict[str, LogicalGrid] = {}
        for code, name, kind, parent in _LOGICAL:
            lg = LogicalGrid(code=code, name=name, kind=kind, parent=logical.get(parent or ""))
            logical[code] = lg
            session.add(lg)
        session.flush()
        people: dict[str, Person] = {}
        for code, (name, role, grid, lg) in PEOPLE.items():
            p = Person(code=code, name=name)
            session.add(p)
            session.flush()
            people[code] = p
            session.add(RoleGrant(person_id=p.id, role=role, grid_id=grids[grid].id if grid else None,
                                  logical_grid_id=logical[lg].id if lg else None))  # fmt: skip
            if role == "grid_worker":
                session.add(GridMembership(person_id=p.id, grid_id=grids[grid].id, role="grid_worker"))
    return Tiny(
        {c: p.id for c, p in people.items()},
        {c: g.id for c, g in grids.items()},
        {c: lg.id for c, lg in logical.items()},
    )


def fill(engine: Engine) -> None:
    with session_factory(engine)() as session:
        build(session)


def load(session: Session) -> Tiny:
    """The ids of an already built tiny district."""
    people = {r[0]: r[1] for r in session.execute(select(Person.code, Person.id))}
    grids = {r[0]: r[1] for r in session.execute(select(Grid.code, Grid.id))}
    logical = {r[0]: r[1] for r in session.execute(select(LogicalGrid.code, LogicalGrid.id))}
    session.rollback()
    return Tiny(people, grids, logical)
