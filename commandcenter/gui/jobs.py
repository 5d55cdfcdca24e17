"""What the window asks the database, bundled per purpose (each runs on a worker thread).

Each function takes a Session and returns plain objects; bundling keeps one refresh = one session
and a handful of queries, instead of many round trips.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from commandcenter.services import queues as q


@dataclass(frozen=True)
class StaticData:
    grids: list[q.GridFeature]
    tree: list[q.TreeNode]
    categories: list[tuple[int, str, str]]
    people: list[q.PersonChoice]
    center: tuple[str, str]
    basemap: dict[str, Any] | None


def load_static(session: Session) -> StaticData:
    return StaticData(
        grids=q.map_grids(session),
        tree=q.grid_tree(session),
        categories=q.categories(session),
        people=q.acting_people(session),
        center=q.center_name(session),
        basemap=q.setting(session, "basemap"),
    )


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    rows: list[q.CaseRow]
    queue: str
    cases: q.MapCases | None
    grid_counts: dict[str, tuple[int, int]] | None


def load_overview(
    session: Session, flt: q.CaseFilter, map_flt: q.CaseFilter | None, queue: str, now: datetime
) -> Overview:
    """Counts, one queue's rows and (when map_flt is given) the map's cases and grid counts."""
    return Overview(
        counts=q.queue_counts(session, flt, now),
        rows=q.queue_rows(session, queue, flt, now),
        queue=queue,
        cases=None if map_flt is None else q.map_cases(session, map_flt, now),
        grid_counts=None if map_flt is None else q.grid_counts(session, map_flt, now),
    )


@dataclass(frozen=True)
class Delta:
    """Changed cases, as the queues and the map need them."""

    ids: frozenset[int]
    rows: list[q.CaseRow]  # those still passing the queues' filter
    membership: dict[int, frozenset[str]]
    map_cases: q.MapCases  # those still on the map (open, placed, passing the map's filter)
    counts: dict[str, int]
    grid_counts: dict[str, tuple[int, int]]


def load_delta(
    session: Session, ids: Iterable[int], flt: q.CaseFilter, map_flt: q.CaseFilter, now: datetime
) -> Delta:
    ids = frozenset(ids)
    rows = q.case_rows(session, ids, flt, now)
    return Delta(
        ids=ids,
        rows=rows,
        membership={r.id: q.row_queues(r, now) for r in rows},
        map_cases=q.map_cases(session, map_flt, now, ids=ids),
        counts=q.queue_counts(session, flt, now),
        grid_counts=q.grid_counts(session, map_flt, now),
    )


@dataclass(frozen=True)
class UnitData:
    profile: q.UnitProfile
    coverage: list[str] | str | None


def load_unit(session: Session, kind: str, code: str, now: datetime) -> UnitData:
    profile = q.unit_profile(session, kind, code, now)
    coverage = q.logical_coverage(session, code) if kind == "logical" else None
    return UnitData(profile, coverage)
