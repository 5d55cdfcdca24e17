"""What the simulator needs to know about a database: grids, workers, citizens, categories, hotspots.

Read once at start (a simulator run is short compared with how often grids or staff change).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, CategoryLimit, Grid, GridMembership, Person, RoleGrant
from commandcenter.domain.status import Role
from commandcenter.services.placement import leaf_grids
from commandcenter.simulate.profile import HOTSPOT_KINDS, HotspotKind

M_PER_DEG_LAT = 110_574.0


class SimulationError(RuntimeError):
    """The database cannot be simulated on (no grids, no categories)."""


@dataclass(frozen=True)
class LeafGrid:
    id: int
    code: str
    name: str
    residents: int
    geometry: BaseGeometry


@dataclass(frozen=True)
class Who:
    id: int | None
    name: str
    phone: str | None = None


@dataclass(frozen=True)
class CategoryRef:
    id: int
    code: str
    name: str
    priority: int
    limits: dict[str, tuple[float, str]]  # SlaStep value -> (amount, unit)


@dataclass(frozen=True)
class Hotspot:
    lon: float
    lat: float
    grid: LeafGrid
    kind: HotspotKind
    popularity: float


@dataclass
class World:
    leaves: list[LeafGrid]
    workers_by_grid: dict[int, list[Who]]  # leaf grid id -> its grid workers
    citizens: list[Who]
    categories: dict[str, CategoryRef]
    hotspots: list[Hotspot] = field(default_factory=list)

    @property
    def workers(self) -> list[tuple[Who, LeafGrid]]:
        by_id = {g.id: g for g in self.leaves}
        return [(w, by_id[gid]) for gid, ws in self.workers_by_grid.items() for w in ws]


def load_world(session: Session, seed: int = 1) -> World:
    leaves = _leaves(session)
    if not leaves:
        raise SimulationError("this database has no grids to report from: run `commandcenter demo` first")
    categories = _categories(session)
    if not categories:
        raise SimulationError("this database has no event categories: run `commandcenter db upgrade`")
    world = World(leaves, _workers(session, leaves), _citizens(session), categories)
    world.hotspots = make_hotspots(leaves, random.Random(seed * 7_368_787 + 11))
    return world


def _leaves(session: Session) -> list[LeafGrid]:
    rows = leaf_grids(session)
    info = {
        r.id: (r.name, r.residents)
        for r in session.execute(
            select(Grid.id, Grid.name, Grid.residents).where(Grid.id.in_([r[0] for r in rows]))
        )
    }
    out = []
    for gid, code, wkb in rows:
        name, residents = info[gid]
        geom = shapely.from_wkb(wkb)
        shapely.prepare(geom)
        out.append(LeafGrid(gid, code, name, int(residents or 0), geom))
    return out


def _workers(session: Session, leaves: list[LeafGrid]) -> dict[int, list[Who]]:
    """Grid workers per leaf grid; a leaf without its own worker is served by its parent's."""
    parent: dict[int, int | None] = {r[0]: r[1] for r in session.execute(select(Grid.id, Grid.parent_id))}
    rows = session.execute(
        select(GridMembership.grid_id, Person.id, Person.name, Person.phone)
        .join(Person, Person.id == GridMembership.person_id)
        .where(GridMembership.role == Role.GRID_WORKER.value, Person.active)
        .order_by(GridMembership.grid_id, Person.id)
    ).all()
    direct: dict[int, list[Who]] = {}
    for grid_id, pid, name, phone in rows:
        direct.setdefault(grid_id, []).append(Who(pid, name, phone))
    out: dict[int, list[Who]] = {}
    for leaf in leaves:
        node: int | None = leaf.id
        while node is not None and node not in direct:
            node = parent.get(node)
        if node is not None:
            out[leaf.id] = direct[node]
    return out


def _citizens(session: Session) -> list[Who]:
    rows = session.execute(
        select(Person.id, Person.name, Person.phone)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.role == Role.CITIZEN.value, Person.active)
        .distinct()
        .order_by(Person.id)
    ).all()
    return [Who(pid, name, phone) for pid, name, phone in rows]


def _categories(session: Session) -> dict[str, CategoryRef]:
    limits: dict[int, dict[str, tuple[float, str]]] = {}
    for cid, step, amount, unit in session.execute(
        select(CategoryLimit.category_id, CategoryLimit.step, CategoryLimit.amount, CategoryLimit.unit)
    ):
        limits.setdefault(cid, {})[step] = (float(amount), unit)
    rows = session.execute(
        select(Category.id, Category.code, Category.name, Category.default_priority).where(Category.active)
    ).all()
    return {
        code: CategoryRef(cid, code, name, int(prio), limits.get(cid, {})) for cid, code, name, prio in rows
    }


def random_point_in(geom: BaseGeometry, rng: random.Random) -> tuple[float, float]:
    """A uniform random point inside a polygon (rejection sampling in its bounding box)."""
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(1000):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(geom, x, y):
            return x, y
    p = geom.representative_point()
    return p.x, p.y


def offset(lon: float, lat: float, metres: float, rng: random.Random) -> tuple[float, float]:
    """A point `metres` away from (lon, lat) in a random direction."""
    angle = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.sin(angle) / M_PER_DEG_LAT
    dlon = metres * math.cos(angle) / (M_PER_DEG_LAT * 1.0068 * math.cos(math.radians(lat)))
    return lon + dlon, lat + dlat


def make_hotspots(leaves: list[LeafGrid], rng: random.Random) -> list[Hotspot]:
    """Places where problems recur: mostly in populous grids; a few are much busier than the rest."""
    count = max(4, min(40, len(leaves) // 6))
    weights = np.array([max(1, g.residents) for g in leaves], dtype=float)
    chosen = rng.choices(leaves, weights=list(weights), k=count)
    spots = []
    for i, grid in enumerate(chosen):
        lon, lat = random_point_in(grid.geometry, rng)
        kind = HOTSPOT_KINDS[i % len(HOTSPOT_KINDS)] if i < len(HOTSPOT_KINDS) else rng.choice(HOTSPOT_KINDS)
        spots.append(Hotspot(lon, lat, grid, kind, popularity=1.0 / (1 + i) ** 0.8))  # Zipf-like
    return spots
