"""Responsible units and people: codes as people type them <-> the rows and columns that store them.

A responsible unit is stored on an event as `responsible_kind` plus a grid id (grid or center) or a
logical-grid id; the workflow and the trail speak of it by its stable code (`UnitRef`). A "grid" unit is
a physical grid at the bottom of the hierarchy (its worker); a "center" is a node above (district,
township or community command center); a "logical" unit is a department.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid, LogicalGrid, Person
from commandcenter.domain import gridcode
from commandcenter.domain.status import GridLevel, UnitKind
from commandcenter.domain.workflow import UnitRef
from commandcenter.services.errors import NotFound

CENTER_LEVELS = frozenset({GridLevel.DISTRICT, GridLevel.TOWNSHIP, GridLevel.COMMUNITY})
GRID_LEVELS = frozenset({GridLevel.GRID, GridLevel.MICRO})

_KIND_WORDS = {"grid": UnitKind.GRID, "center": UnitKind.CENTER, "logical": UnitKind.LOGICAL}


@dataclass(frozen=True)
class UnitColumns:
    """The event columns that hold a responsible unit."""

    kind: str | None = None
    grid_id: int | None = None
    logical_id: int | None = None

    def values(self) -> dict[str, object]:
        return {
            "responsible_kind": self.kind,
            "responsible_grid_id": self.grid_id,
            "responsible_logical_id": self.logical_id,
        }


def parse_unit(text: str) -> UnitRef:
    """'grid:511503001001001', 'center:511503001', 'logical:LG02' -> UnitRef (codes not yet checked)."""
    kind, sep, code = text.partition(":")
    if not sep or kind.strip().lower() not in _KIND_WORDS or not code.strip():
        raise ValueError(f"not a unit: {text!r} (write grid:CODE, center:CODE or logical:CODE)")
    return UnitRef(_KIND_WORDS[kind.strip().lower()], code.strip())


def _grid_by_code(session: Session, code: str) -> Grid | None:
    candidates = [code]
    if gridcode.is_valid(code):
        candidates.append(gridcode.normalize(code))  # a padded code as people copy it from paper
    return session.scalars(select(Grid).where(Grid.code.in_(candidates))).first()


def grid_by_code(session: Session, code: str) -> Grid:
    grid = _grid_by_code(session, code)
    if grid is None:
        raise NotFound(f"no grid with code {code!r}")
    return grid


def logical_by_code(session: Session, code: str) -> LogicalGrid:
    lg = session.scalars(select(LogicalGrid).where(LogicalGrid.code == code)).first()
    if lg is None:
        raise NotFound(f"no logical grid (department) with code {code!r}")
    return lg


def resolve_unit(session: Session, unit: UnitRef) -> tuple[UnitRef, UnitColumns, str]:
    """Check that the unit exists and is of the kind claimed; its canonical ref, columns and name."""
    if unit.kind is UnitKind.LOGICAL:
        lg = logical_by_code(session, unit.code)
        return UnitRef(UnitKind.LOGICAL, lg.code), UnitColumns(unit.kind.value, None, lg.id), lg.name
    grid = grid_by_code(session, unit.code)
    level = GridLevel(grid.level)
    if unit.kind is UnitKind.GRID and level not in GRID_LEVELS:
        raise NotFound(f"{grid.name} ({grid.code}) is a {level} center, not a grid: write center:{grid.code}")
    if unit.kind is UnitKind.CENTER and level not in CENTER_LEVELS:
        raise NotFound(f"{grid.name} ({grid.code}) is a grid, not a center: write grid:{grid.code}")
    return UnitRef(unit.kind, grid.code), UnitColumns(unit.kind.value, grid.id, None), grid.name


def unit_columns(session: Session, unit: UnitRef | None) -> UnitColumns:
    return UnitColumns() if unit is None else resolve_unit(session, unit)[1]


def unit_from_columns(
    session: Session, kind: str | None, grid_id: int | None, logical_id: int | None
) -> tuple[UnitRef | None, str]:
    """The unit an event's columns name, and its display name; (None, '') when there is none."""
    if kind is None:
        return None, ""
    unit_kind = UnitKind(kind)
    if unit_kind is UnitKind.LOGICAL:
        row = session.execute(
            select(LogicalGrid.code, LogicalGrid.name).where(LogicalGrid.id == logical_id)
        ).first()
    else:
        row = session.execute(select(Grid.code, Grid.name).where(Grid.id == grid_id)).first()
    if row is None:
        raise NotFound(f"the responsible {kind} unit (id {grid_id or logical_id}) no longer exists")
    return UnitRef(unit_kind, row[0]), row[1]


def describe_unit(session: Session, unit: UnitRef | None) -> str:
    """'沙坪街道 (center 511503001)', or 'no unit'."""
    if unit is None:
        return "no unit"
    try:
        _, _, name = resolve_unit(session, unit)
    except NotFound:
        name = ""
    return f"{name} ({unit.kind} {unit.code})" if name else f"{unit.kind} {unit.code}"


def find_person(session: Session, ref: int | str) -> Person:
    """A person by id (int, or digits) or by code ('O0001', 'W00012', 'GLG02S')."""
    person = None
    if isinstance(ref, str):
        person = session.scalars(select(Person).where(Person.code == ref)).first()
        if person is None and ref.isdigit():
            person = session.get(Person, int(ref))
    else:
        person = session.get(Person, ref)
    if person is None:
        raise NotFound(f"no person with code or id {ref!r}")
    return person
