"""Small portable SQL building blocks (PostgreSQL and SQLite) for the brief's aggregate queries."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class epoch(FunctionElement[float]):
    """Seconds since 1970-01-01 UTC of a timestamp column, on both databases."""

    type = Float()
    inherit_cache = True
    name = "epoch"


@compiles(epoch, "postgresql")
def _epoch_pg(element: epoch, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    # UTCDateTime stores naive UTC text on SQLite; julianday() reads it.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


def count_if(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    """SUM(CASE WHEN cond THEN 1 ELSE 0 END), 0 on no rows."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def bucket_counts(col: Any, edges: Sequence[datetime]) -> list[ColumnElement[Any]]:
    """One conditional count per half-open interval [edges[i], edges[i+1]).

    Conditional sums rather than GROUP BY a CASE expression: the same CASE rendered twice with bound
    parameters is not the same expression to PostgreSQL, and the time zone stays in Python.
    """
    return [
        count_if(and_(col >= lo, col < hi)).label(f"b{i}")
        for i, (lo, hi) in enumerate(itertools.pairwise(edges))
    ]
