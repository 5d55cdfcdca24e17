"""Shared helpers of the interchange tests: fixture files, row counts, loading the fixture grids."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from commandcenter.db.models import Event, Grid, Media, TrailEntry
from commandcenter.interchange.grids_geojson import import_grids

DATA = Path(__file__).resolve().parents[1] / "data"
GRIDS = DATA / "nanxi_grids.geojson"
EVENTS_CSV = DATA / "nanxi_events.csv"
EVENTS_GEOJSON = DATA / "nanxi_events.geojson"
REQUESTS = DATA / "nanxi_requests.json"

# Where each fixture event belongs (None: outside every grid, kept unassigned). The fixture's grids:
# 长春社区 (A) is split at a wavy line near 28.85 N into grid 001 (south) and 002 (north); 龙腾社区 (B)
# into 001 (west, plus a detached enclave) and 002 (east, with a hole for a reservoir and one for the
# enclave); the township's strip 28.86-28.87 N east of 104.97 E has no community and no grid.
A1, A2 = "511503001001001", "511503001001002"
B1, B2 = "511503001002001", "511503001002002"
EXPECTED_CSV = {
    "NX-0001": A1,
    "NX-0002": A2,
    "NX-0003": B1,
    "NX-0004": B2,
    "NX-0005": B1,  # in B1's enclave inside B2
    "NX-0006": None,  # in the reservoir (a hole of B2)
    "NX-0007": None,  # in the township but in no community
    "NX-0008": None,  # outside the district
    "NX-0009": A2,  # on the A1/A2 border vertex: the smaller grid (A2) wins
    "NX-0010": A2,
    "NX-0011": B2,
}
EXPECTED_GEOJSON = {"GJ-001": A1, "GJ-002": B1, "GJ-003": None, "GJ-004": B1}
EXPECTED_REQUESTS = {
    "12345-20240503-0001": A1,
    "12345-20240503-0002": B1,
    "12345-20240503-0003": B2,
    "12345-20240503-0004": None,
}


def counts(session: Session) -> dict[str, int]:
    """Rows per table that an import may write (change_log too, when the change feed exists)."""
    out = {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Grid, Event, TrailEntry, Media)
    }
    out["change_log"] = session.scalar(text("SELECT count(*) FROM change_log")) or 0
    return out


def load_grids(session: Session) -> None:
    import_grids(session, GRIDS)
    session.commit()


def grid_of(session: Session) -> dict[str, str | None]:
    """external_id -> grid code (None when unassigned) of every event."""
    rows = session.execute(
        select(Event.external_id, Grid.code).outerjoin(Grid, Grid.id == Event.grid_id)
    ).all()
    return {ext: code for ext, code in rows}
