"""A synthetic district (区 > 镇/街道 > 村/社区 > 网格 [> 微网格]) for demos, tests and benchmarks.

Pure and deterministic: the same arguments give identical output. No database.

How it is made: a population density (a dense urban core at `center`, a few town seats, a thin rural
background) is sampled into a cloud of "people" points. Each level is a Voronoi diagram of seeds drawn
from that cloud inside the parent, clipped to the parent, so children tile their parent exactly (up to
floating point) and urban units come out small. Child counts follow population, so grids hold similar
numbers of households.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from commandcenter.domain import gridcode
from commandcenter.domain.status import GridLevel
from commandcenter.geo.names import PLACE_STEMS, STREET_NAMES, TOWN_NAMES

Polygonal = Polygon | MultiPolygon

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
_ORDINALS = "二三四五六七八九"


@dataclass(frozen=True, slots=True)
class GridNode:
    code: str
    name: str
    level: GridLevel
    parent_code: str | None
    geometry: Polygonal
    households: int
    residents: int


@dataclass(frozen=True)
class DemoDistrict:
    """All nodes top down in hierarchical code order (the district first)."""

    county_code: str
    name: str
    center: tuple[float, float]
    nodes: tuple[GridNode, ...]
    _by_code: dict[str, GridNode] = field(init=False, repr=False, compare=False)
    _children: dict[str, list[GridNode]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[str, list[GridNode]] = {n.code: [] for n in self.nodes}
        for n in self.nodes:
            if n.parent_code is not None:
                children[n.parent_code].append(n)
        object.__setattr__(self, "_by_code", {n.code: n for n in self.nodes})
        object.__setattr__(self, "_children", children)

    @property
    def root(self) -> GridNode:
        return self.nodes[0]

    def node(self, code: str) -> GridNode:
        return self._by_code[code]

    def of_level(self, level: GridLevel) -> list[GridNode]:
        return [n for n in self.nodes if n.level == level]

    def children(self, code: str) -> list[GridNode]:
        return list(self._children.get(code, ()))

    def leaves(self) -> list[GridNode]:
        """The finest grids (micro-grids if generated), the input of `GridIndex`."""
        return [n for n in self.nodes if not self._children[n.code]]


@dataclass
class _Unit:
    """A node under construction."""

    code: gridcode.GridCode
    name: str
    geometry: Polygonal
    people: np.ndarray  # (k, 2) lon/lat of the population sample inside this unit
    urban: bool
    households: int = 0
    residents: int = 0
    children: list[_Unit] = field(default_factory=list)


class _Frame:
    """Local km <-> lon/lat around the center (equirectangular is ample at district scale)."""

    def __init__(self, center: tuple[float, float]) -> None:
        self.lon0, self.lat0 = center
        self.kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat0))

    def to_lonlat(self, xy_km: np.ndarray) -> np.ndarray:
        return np.column_stack([self.lon0 + xy_km[:, 0] / self.kx, self.lat0 + xy_km[:, 1] / KM_PER_DEG_LAT])

    def dist_km(self, lonlat: np.ndarray) -> np.ndarray:
        dx = (lonlat[:, 0] - self.lon0) * self.kx
        dy = (lonlat[:, 1] - self.lat0) * KM_PER_DEG_LAT
        return np.hypot(dx, dy)


def _district_outline(rng: np.random.Generator, frame: _Frame, radius_km: float) -> Polygon:
    # A star-shaped blob: radius modulated by a few low harmonics, always positive.
    theta = np.linspace(0.0, 2 * math.pi, 120, endpoint=False)
    r = np.ones_like(theta)
    for k in range(2, 6):
        r += rng.uniform(0.03, 0.11) * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
    r *= radius_km
    xy = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return Polygon(frame.to_lonlat(xy))


def _population(
    rng: np.random.Generator, frame: _Frame, outline: Polygon, n: int, radius_km: float
) -> np.ndarray:
    """`n` lon/lat points of a core + town seats + rural background density, inside `outline`."""
    angles = rng.uniform(0, 2 * math.pi, 3)
    dists = rng.uniform(0.45, 0.75, 3) * radius_km
    seats = np.column_stack([dists * np.cos(angles), dists * np.sin(angles)])
    out: list[np.ndarray] = []
    have = 0
    shapely.prepare(outline)
    while have < n:
        m = 2 * (n - have) + 100
        comp = rng.choice(3, size=m, p=[0.55, 0.27, 0.18])  # core, seats, background
        xy = rng.normal(0.0, 2.6, (m, 2))  # urban core, sigma 2.6 km
        seat = seats[rng.integers(3, size=m)]
        xy[comp == 1] = seat[comp == 1] + rng.normal(0.0, 1.1, (int((comp == 1).sum()), 2))
        bg = comp == 2
        xy[bg] = rng.uniform(-1.4 * radius_km, 1.4 * radius_km, (int(bg.sum()), 2))
        pts = frame.to_lonlat(xy)
        pts = pts[shapely.contains_xy(outline, pts[:, 0], pts[:, 1])]
        out.append(pts)
        have += len(pts)
    return np.concatenate(out)[:n]


def _apportion(total: int, weights: np.ndarray, minimum: int = 1) -> np.ndarray:
    """Split `total` into integers >= `minimum` roughly proportional to `weights` (largest remainder)."""
    counts = np.full(len(weights), minimum, dtype=np.int64)
    rest = total - counts.sum()
    if rest < 0:
        raise ValueError(f"cannot split {total} into {len(weights)} parts of at least {minimum}")
    share = weights / weights.sum() * rest
    counts += np.floor(share).astype(np.int64)
    short = int(total - counts.sum())
    order = np.lexsort((np.arange(len(weights)), -(share - np.floor(share))))
    counts[order[:short]] += 1
    return counts


def _polygonal(geom: BaseGeometry) -> Polygonal | None:
    """Drop the lines and points an intersection may add; None if no area is left."""
    if isinstance(geom, Polygon | MultiPolygon):
        return None if geom.is_empty else geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]
    polys += [p for g in getattr(geom, "geoms", []) if isinstance(g, MultiPolygon) for p in g.geoms]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _seeds(rng: np.random.Generator, parent: Polygonal, people: np.ndarray, k: int, mix: float) -> np.ndarray:
    """`k` distinct seed points inside `parent`: a share `mix` from the population, the rest uniform."""
    from_people = min(len(people), round(k * mix))
    chosen = people[rng.choice(len(people), size=from_people, replace=False)] if from_people else people[:0]
    need = k - from_people
    minx, miny, maxx, maxy = parent.bounds
    extra: list[np.ndarray] = []
    while need > 0:
        cand = np.column_stack([rng.uniform(minx, maxx, 4 * need + 8), rng.uniform(miny, maxy, 4 * need + 8)])
        cand = cand[shapely.contains_xy(parent, cand[:, 0], cand[:, 1])][:need]
        extra.append(cand)
        need -= len(cand)
    return np.concatenate([chosen, *extra])


def _split(
    rng: np.random.Generator, parent: _Unit, k: int, mix: float
) -> list[tuple[Polygonal, np.ndarray, np.ndarray]]:
    """Tile `parent` into `k` Voronoi cells; returns (geometry, seed, people inside) per cell."""
    shapely.prepare(parent.geometry)
    seeds = _seeds(rng, parent.geometry, parent.people, k, mix)
    if k == 1:
        return [(parent.geometry, seeds[0], parent.people)]
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=parent.geometry, ordered=True)
    pieces = shapely.intersection(np.asarray(cells.geoms, dtype=object), parent.geometry)
    # Each person goes to the Voronoi cell of the nearest seed (cheap and exact enough for weighting).
    d2 = ((parent.people[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2) if len(parent.people) else None
    owner = d2.argmin(axis=1) if d2 is not None else np.zeros(0, dtype=np.int64)
    out = []
    for i, piece in enumerate(pieces):
        geom = _polygonal(piece)
        if geom is None:  # cannot happen for a seed strictly inside the parent; guard anyway
            raise RuntimeError("Voronoi cell lost its area when clipped")
        out.append((geom, seeds[i], parent.people[owner == i]))
    return out


def _order(frame: _Frame, items: list[tuple[Polygonal, np.ndarray, np.ndarray]]) -> list[int]:
    """Number children from the urban core outwards, so low codes are central."""
    seeds = np.array([s for _, s, _ in items])
    return list(np.argsort(frame.dist_km(seeds), kind="stable"))


class _Namer:
    """Unique community names: stems without repetition, then 二/三... variants ("石堰二村")."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.stems = [PLACE_STEMS[i] for i in rng.permutation(len(PLACE_STEMS))]
        self.used = 0

    def next(self, suffix: str) -> str:
        i, self.used = self.used, self.used + 1
        stem = self.stems[i % len(self.stems)]
        rnd = i // len(self.stems)
        if rnd == 0:
            return stem + suffix
        if rnd > len(_ORDINALS):
            raise ValueError("too many communities for the name pool")
        return stem + _ORDINALS[rnd - 1] + suffix


def _township_names(rng: np.random.Generator, n_street: int, n_town: int) -> tuple[list[str], list[str]]:
    streets = [STREET_NAMES[i] for i in rng.permutation(len(STREET_NAMES))]
    towns = [TOWN_NAMES[i] for i in rng.permutation(len(TOWN_NAMES))]
    spare = [PLACE_STEMS[i] for i in rng.permutation(len(PLACE_STEMS))]
    while len(streets) < n_street:
        streets.append(spare.pop() + "街道")
    while len(towns) < n_town:
        towns.append(spare.pop() + "镇")
    return streets[:n_street], towns[:n_town]


def _households(rng: np.random.Generator, urban: bool) -> tuple[int, int]:
    households = int(rng.integers(300, 501) if urban else rng.integers(200, 421))
    residents = round(households * rng.uniform(2.6, 3.2))
    return households, residents


def _split_counts(rng: np.random.Generator, total: int, k: int) -> np.ndarray:
    """Split `total` into `k` positive-ish integer shares summing to `total`."""
    return _apportion(total, rng.uniform(0.6, 1.4, k), minimum=0)


def build_demo_district(
    seed: int = 1,
    center: tuple[float, float] = (104.62, 28.77),
    townships: int = 10,
    communities: int = 100,
    grids: int = 800,
    micro: bool = False,
    county_code: str = "511503",
    name: str = "南溪区",
    radius_km: float = 17.5,
) -> DemoDistrict:
    """Generate the demo district. `grids` is met exactly; every unit has at least one child."""
    if not 1 <= townships <= 99 + 99:
        raise ValueError("townships must be 1-198")
    if communities < townships or grids < communities:
        raise ValueError("need townships <= communities <= grids")
    rng = np.random.default_rng(seed)
    frame = _Frame(center)
    root_code = gridcode.build(county_code)
    outline = _district_outline(rng, frame, radius_km)
    people = _population(rng, frame, outline, max(30 * grids, 20_000), radius_km)
    root = _Unit(root_code, name, outline, people, urban=True)

    # Townships: seeds mostly uniform, so streets in the core are smaller but not tiny.
    t_items = _split(rng, root, townships, mix=0.35)
    t_order = _order(frame, t_items)
    n_street = max(1, round(0.4 * townships)) if townships > 1 else 0
    street_names, town_names = _township_names(rng, n_street, townships - n_street)
    # GB/T 10114 style: streets 001-099, towns 101-199.
    for rank, i in enumerate(t_order):
        geom, _, pts = t_items[i]
        street = rank < n_street
        seq = rank + 1 if street else 101 + rank - n_street
        label = street_names[rank] if street else town_names[rank - n_street]
        root.children.append(_Unit(root_code.child(seq), label, geom, pts, urban=street))

    def weights(units: list[_Unit], people_share: float) -> np.ndarray:
        pop = np.array([len(u.people) for u in units], dtype=float)
        area = np.array([u.geometry.area for u in units])
        return people_share * pop / max(pop.sum(), 1.0) + (1 - people_share) * area / area.sum()

    namer = _Namer(rng)
    c_counts = _apportion(communities, weights(root.children, 0.7))
    for township, k in zip(root.children, c_counts, strict=True):
        items = _split(rng, township, int(k), mix=0.7)
        # Residents' committees (社区) 001-199, villages (村) 201-399; a town's seat is a 社区.
        n_urban = len(items) if township.urban else max(1, len(items) // 5)
        for rank, i in enumerate(_order(frame, items)):
            geom, _, pts = items[i]
            urban = rank < n_urban
            seq = rank + 1 if urban else 201 + rank - n_urban
            label = namer.next("社区" if urban else "村")
            township.children.append(_Unit(township.code.child(seq), label, geom, pts, urban=urban))

    all_communities = [c for t in root.children for c in t.children]
    g_counts = _apportion(grids, weights(all_communities, 0.85))
    for community, k in zip(all_communities, g_counts, strict=True):
        items = _split(rng, community, int(k), mix=1.0)
        for rank, i in enumerate(_order(frame, items)):
            geom, _, pts = items[i]
            unit = _Unit(community.code.child(rank + 1), f"{community.name}第{rank + 1}网格", geom, pts,
                         urban=community.urban)  # fmt: skip
            unit.households, unit.residents = _households(rng, community.urban)
            community.children.append(unit)
            if micro:
                _add_micro(rng, frame, unit)

    nodes: list[GridNode] = []
    _sum_up(root)
    _flatten(root, None, nodes)
    nodes.sort(key=lambda n: gridcode.parse(n.code))
    return DemoDistrict(county_code=county_code, name=name, center=center, nodes=tuple(nodes))


def _add_micro(rng: np.random.Generator, frame: _Frame, grid: _Unit) -> None:
    k = int(rng.integers(3, 7))
    items = _split(rng, grid, k, mix=0.0)
    households = _split_counts(rng, grid.households, k)
    for rank, i in enumerate(_order(frame, items)):
        geom, _, pts = items[i]
        unit = _Unit(grid.code.child(rank + 1), f"{grid.name}第{rank + 1}微网格", geom, pts, grid.urban)
        unit.households = int(households[rank])
        unit.residents = round(unit.households * grid.residents / max(grid.households, 1))
        grid.children.append(unit)
    # Keep the parent an exact sum after rounding residents.
    grid.residents = sum(c.residents for c in grid.children)


def _sum_up(unit: _Unit) -> None:
    if unit.children:
        for child in unit.children:
            _sum_up(child)
        unit.households = sum(c.households for c in unit.children)
        unit.residents = sum(c.residents for c in unit.children)


def _flatten(unit: _Unit, parent: str | None, out: list[GridNode]) -> None:
    code = str(unit.code)
    out.append(
        GridNode(code, unit.name, unit.code.level, parent, unit.geometry, unit.households, unit.residents)
    )
    for child in unit.children:
        _flatten(child, code, out)


def leaf_grids(district: DemoDistrict) -> Sequence[tuple[int, str, Polygonal]]:
    """(id, code, geometry) of the leaves, ids 1..n in code order: ready for `GridIndex`."""
    return [(i, n.code, n.geometry) for i, n in enumerate(district.leaves(), start=1)]
