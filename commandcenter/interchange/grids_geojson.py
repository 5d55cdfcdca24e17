"""`commandcenter import grids FILE`: physical grids from a GeoJSON FeatureCollection, and back out.

Rules:
- The code is read from --code-field. A valid hierarchical code (see `domain.gridcode`) is stored in
  canonical form (zero padding stripped: ``511503101000000`` -> ``511503101``) and gives the level;
  any other code is kept as written and needs a level from the level property or --level.
- The parent is the --parent-field value when given; it must be in the file or the database. Without
  one, a hierarchical code is linked to its nearest ancestor found in the file or the database; a grid
  without any parent is allowed. Parents may come after their children in the file.
- Invalid geometry is repaired where possible (`geo.geometry.repair`; the notes are reported) and
  refused otherwise. A feature with a null geometry makes a grid without a polygon (not used for
  placement).
- Re-importing a code updates that grid (name, level, parent, geometry, counts, other properties);
  counts absent from the file are left as they are.
- All-or-nothing: every feature is checked first; problems name the file, feature number (1-based),
  code and field, and nothing is written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid
from commandcenter.domain import gridcode
from commandcenter.domain.status import GridLevel
from commandcenter.geo.geometry import GeometryError, Polygonal, from_wkb, load_polygon, to_wkb
from commandcenter.interchange.detect import load_json
from commandcenter.interchange.events_geojson import features
from commandcenter.interchange.problems import Problems

MAX_CODE = 18
# Properties our export writes that are computed here, not kept as given.
DERIVED_PROPERTIES = frozenset({"area_km2"})
MAX_NAME = 100
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON_EQUATOR = 111.320
# Level words people put in files, besides our own values.
LEVEL_WORDS: Mapping[str, GridLevel] = {
    "区": GridLevel.DISTRICT,
    "县": GridLevel.DISTRICT,
    "区县": GridLevel.DISTRICT,
    "镇": GridLevel.TOWNSHIP,
    "乡": GridLevel.TOWNSHIP,
    "街道": GridLevel.TOWNSHIP,
    "镇街": GridLevel.TOWNSHIP,
    "村": GridLevel.COMMUNITY,
    "社区": GridLevel.COMMUNITY,
    "村社区": GridLevel.COMMUNITY,
    "网格": GridLevel.GRID,
    "微网格": GridLevel.MICRO,
}


@dataclass(frozen=True)
class GridImportOptions:
    code_field: str = "code"
    name_field: str = "name"
    parent_field: str = "parent_code"
    level_field: str = "level"
    level: str | None = None  # for codes that do not tell their level
    households_field: str = "households"
    residents_field: str = "residents"


@dataclass
class GridInput:
    """One checked grid, ready to write."""

    where: str
    code: str
    name: str
    level: str
    parent_code: str | None  # explicit (checked to exist) or derived; resolved in `resolve_parents`
    parent_explicit: bool
    geometry: Polygonal | None
    households: int | None = None
    residents: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class GridImportResult:
    file: str
    features: int
    created: int
    updated: int
    unchanged: int
    notes: list[str]

    def summary(self) -> str:
        lines = [
            f"{self.file}: {self.features} grid(s): {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        ]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return s or None


def _canonical(code: str) -> str:
    return gridcode.normalize(code) if gridcode.is_valid(code) else code


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        value = int(value)
    n = int(str(value).strip())
    if n < 0:
        raise ValueError
    return n


def _level(value: str) -> GridLevel | None:
    v = value.strip()
    try:
        return GridLevel(v.lower())
    except ValueError:
        return LEVEL_WORDS.get(v)


def check_features(doc: Any, options: GridImportOptions, problems: Problems) -> list[GridInput]:
    """Check every feature (not parents across features: see `resolve_parents`)."""
    out: list[GridInput] = []
    seen: dict[str, str] = {}
    mapped = {
        *DERIVED_PROPERTIES,
        options.code_field,
        options.name_field,
        options.parent_field,
        options.level_field,
        options.households_field,
        options.residents_field,
    }
    for number, feature in enumerate(features(doc, problems), start=1):
        item = _check_feature(number, feature, options, problems, mapped)
        if item is None:
            continue
        if item.code in seen:
            problems.add(item.where, options.code_field, f"duplicate code: already used by {seen[item.code]}")
            continue
        seen[item.code] = item.where
        out.append(item)
    return out


def _check_feature(
    number: int, feature: Any, options: GridImportOptions, problems: Problems, mapped: set[str]
) -> GridInput | None:
    where = f"feature {number}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        problems.add(where, "type", "not a GeoJSON Feature")
        return None
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        problems.add(where, "properties", "is not an object")
        return None
    before = problems.total
    raw_code = _text(props.get(options.code_field))
    if raw_code is None:
        problems.add(
            where, options.code_field, "is missing or empty (name the code property with --code-field)"
        )
        return None
    where = f"{where} (code {raw_code})"
    code = _canonical(raw_code)
    if len(code) > MAX_CODE:
        problems.add(where, options.code_field, f"{raw_code!r} is {len(code)} characters; at most {MAX_CODE}")

    name = _text(props.get(options.name_field))
    if name is None:
        problems.add(
            where, options.name_field, "is missing or empty (name the name property with --name-field)"
        )
    elif len(name) > MAX_NAME:
        problems.add(where, options.name_field, f"is {len(name)} characters; at most {MAX_NAME}")

    notes: list[str] = []
    level = _feature_level(where, raw_code, props, options, problems, notes)

    parent_raw = _text(props.get(options.parent_field))
    parent = _canonical(parent_raw) if parent_raw else None
    if parent is not None:
        if parent == code:
            problems.add(where, options.parent_field, f"{parent_raw!r} is the grid's own code")
        elif (
            gridcode.is_valid(code)
            and gridcode.is_valid(parent)
            and not gridcode.parse(parent).is_ancestor_of(gridcode.parse(code))
        ):
            problems.add(
                where, options.parent_field, f"{parent_raw!r} is not an ancestor of code {raw_code!r}"
            )
    elif gridcode.is_valid(code):
        parent = gridcode.parent_code(code)  # provisional: the nearest existing ancestor is chosen later

    geometry = None
    raw_geom = feature.get("geometry")
    if raw_geom is None:
        notes.append("no geometry: the grid has no polygon and takes no events")
    else:
        try:
            geometry, geom_notes = load_polygon(raw_geom)
            notes += geom_notes
        except GeometryError as exc:
            problems.add(where, "geometry", str(exc))

    counts: dict[str, int | None] = {}
    for key, prop in (("households", options.households_field), ("residents", options.residents_field)):
        value = props.get(prop)
        counts[key] = None
        if value is None or value == "":
            continue
        try:
            counts[key] = _count(value)
        except (TypeError, ValueError):
            problems.add(where, prop, f"{value!r} is not a whole number >= 0")

    if problems.total != before or name is None or level is None:
        return None
    extra = {k: v for k, v in props.items() if k not in mapped and v is not None}
    return GridInput(
        where=where,
        code=code,
        name=name,
        level=level.value,
        parent_code=parent,
        parent_explicit=parent_raw is not None,
        geometry=geometry,
        households=counts["households"],
        residents=counts["residents"],
        properties=extra,
        notes=[f"{where}: {n}" for n in notes],
    )


def _feature_level(
    where: str,
    raw_code: str,
    props: Mapping[str, Any],
    options: GridImportOptions,
    problems: Problems,
    notes: list[str],
) -> GridLevel | None:
    given = _text(props.get(options.level_field))
    from_prop = _level(given) if given else None
    if given and from_prop is None:
        problems.add(
            where,
            options.level_field,
            f"{given!r} is not a level: use one of {', '.join(v.value for v in GridLevel)} "
            "or 区/镇/街道/村/社区/网格",
        )
        return None
    try:
        by_code = gridcode.level_of(raw_code)
    except gridcode.GridCodeError as exc:
        level = from_prop or (_level(options.level) if options.level else None)
        if level is None:
            problems.add(
                where,
                options.code_field,
                f"cannot tell the level: {exc}; give --level or a {options.level_field!r} property",
            )
        return level
    if from_prop is not None and from_prop != by_code:
        notes.append(f"{options.level_field} {given!r} ignored: the code says {by_code.value}")
    return by_code


def resolve_parents(
    items: list[GridInput], existing: Mapping[str, str | None], options: GridImportOptions, problems: Problems
) -> None:
    """Check explicit parents exist (file or database), pick the nearest existing ancestor for derived
    ones, and refuse cycles. `existing` maps database codes to their parent codes."""
    in_file = {g.code for g in items}
    known = in_file | set(existing)
    for g in items:
        if g.parent_code is None:
            continue
        if g.parent_explicit:
            if g.parent_code not in known:
                problems.add(
                    g.where,
                    options.parent_field,
                    f"parent {g.parent_code!r} is neither in the file nor in the database",
                )
            continue
        parent: str | None = g.parent_code
        while parent is not None and parent not in known:
            parent = gridcode.parent_code(parent)
        g.parent_code = parent
    # Cycles can only come from explicit parents (hierarchical codes always point up).
    parents = dict(existing)
    parents.update({g.code: g.parent_code for g in items})
    for g in items:
        seen = {g.code}
        p = parents.get(g.code)
        while p is not None:
            if p in seen:
                problems.add(g.where, options.parent_field, f"parent chain loops back to {p!r}")
                break
            seen.add(p)
            p = parents.get(p)


def area_km2(geom: Polygonal) -> float:
    """Area in km² in a local equirectangular frame at the grid's latitude (ample at grid scale)."""
    lat0 = shapely.get_coordinates(geom.centroid)[0, 1]
    kx = _KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
    return float(geom.area * kx * _KM_PER_DEG_LAT)


def geometry_columns(geom: Polygonal | None) -> dict[str, Any]:
    """The stored geometry and what is kept beside it (bbox, centroid, area)."""
    if geom is None:
        keys = (
            "geom_wkb",
            "min_lon",
            "min_lat",
            "max_lon",
            "max_lat",
            "centroid_lon",
            "centroid_lat",
            "area_km2",
        )
        return dict.fromkeys(keys)
    # One winding (RFC 7946's) for every stored polygon, so that re-importing an exported file finds
    # the same bytes and leaves the grid unchanged.
    geom = shapely.orient_polygons(geom)
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    c = geom.centroid
    return {
        "geom_wkb": to_wkb(geom),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "centroid_lon": c.x,
        "centroid_lat": c.y,
        "area_km2": area_km2(geom),
    }


def _existing_parents(session: Session) -> dict[str, str | None]:
    parent = Grid.__table__.alias("parent")
    g = Grid.__table__
    rows = session.execute(select(g.c.code, parent.c.code).outerjoin(parent, g.c.parent_id == parent.c.id))
    return {code: parent_code for code, parent_code in rows}


def upsert_grids(session: Session, items: Sequence[GridInput]) -> tuple[int, int, int]:
    """Create or update the grids (parents linked after all exist). Returns (created, updated, unchanged).
    Runs in the session's transaction; the caller commits."""
    codes = {g.code for g in items} | {g.parent_code for g in items if g.parent_code}
    by_code = {g.code: g for g in session.scalars(select(Grid).where(Grid.code.in_(sorted(codes))))}
    created = updated = 0
    touched: list[Grid] = []
    for item in items:
        grid = by_code.get(item.code)
        if grid is None:
            grid = Grid(code=item.code, properties={})
            session.add(grid)
            by_code[item.code] = grid
            created += 1
        grid.name = item.name
        grid.level = item.level
        for key, value in geometry_columns(item.geometry).items():
            setattr(grid, key, value)
        if item.households is not None:
            grid.households = item.households
        if item.residents is not None:
            grid.residents = item.residents
        if item.properties != (grid.properties or {}):
            grid.properties = item.properties
        touched.append(grid)
    for item, grid in zip(items, touched, strict=True):
        grid.parent = by_code[item.parent_code] if item.parent_code else None
    for grid in touched:
        if grid.id is not None and session.is_modified(grid, include_collections=False):
            updated += 1
    session.flush()
    return created, updated, len(items) - created - updated


def read_grids(path: Path, options: GridImportOptions, session: Session) -> list[GridInput]:
    """Checked grids of the file, or `ImportRefused` listing the problems."""
    problems = Problems(path.name)
    try:
        doc = load_json(path)
    except json.JSONDecodeError as exc:
        problems.add(f"line {exc.lineno} column {exc.colno}", "", f"not valid JSON: {exc.msg}")
        problems.raise_if_any()
    except UnicodeDecodeError as exc:
        problems.add("file", "", f"not UTF-8 text ({exc.reason}); GeoJSON must be UTF-8")
        problems.raise_if_any()
    items = check_features(doc, options, problems)
    if not problems:
        resolve_parents(items, _existing_parents(session), options, problems)
    problems.raise_if_any()
    return items


def import_grids(
    session: Session, path: Path | str, options: GridImportOptions | None = None
) -> GridImportResult:
    """Import one GeoJSON file into the session's transaction (the caller commits)."""
    path = Path(path)
    options = options or GridImportOptions()
    items = read_grids(path, options, session)
    created, updated, unchanged = upsert_grids(session, items)
    notes = [n for g in items for n in g.notes]
    return GridImportResult(path.name, len(items), created, updated, unchanged, notes)


# ------------------------------------------------------------------------------------------ export


def grid_rows(session: Session, level: str | None = None) -> list[dict[str, Any]]:
    """Every grid (optionally of one level) with its parent code, in hierarchical code order."""
    g = Grid.__table__
    parent = g.alias("parent")
    stmt = select(g, parent.c.code.label("parent_code")).outerjoin(parent, g.c.parent_id == parent.c.id)
    if level:
        stmt = stmt.where(g.c.level == level)
    rows = [dict(r._mapping) for r in session.execute(stmt)]
    rows.sort(key=lambda r: code_sort_key(r["code"]))
    return rows


def code_sort_key(code: str) -> tuple[int, Any]:
    """Hierarchical order for valid codes, then free-form codes as text."""
    if gridcode.is_valid(code):
        return (0, gridcode.parse(code).sort_key)
    return (1, code)


def iter_grid_features(rows: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in rows:
        geometry = None
        if r["geom_wkb"] is not None:
            # RFC 7946: exterior rings counterclockwise, holes clockwise.
            geometry = mapping(shapely.orient_polygons(from_wkb(r["geom_wkb"])))
        props = {k: v for k, v in (r["properties"] or {}).items()}
        props.update(
            {
                "code": r["code"],
                "name": r["name"],
                "level": r["level"],
                "parent_code": r["parent_code"],
                "households": r["households"],
                "residents": r["residents"],
                "area_km2": r["area_km2"],
            }
        )
        yield {"type": "Feature", "id": r["code"], "geometry": geometry, "properties": props}


def write_grids_geojson(rows: Sequence[dict[str, Any]], out: Any) -> None:
    doc = {"type": "FeatureCollection", "features": list(iter_grid_features(rows))}
    json.dump(doc, out, ensure_ascii=False)
    out.write("\n")
