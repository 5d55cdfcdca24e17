"""Export (GeoJSON RFC 7946, CSV, Open311) and the round trip into a fresh database (both backends)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commandcenter.db.engine import make_engine, session_factory
from commandcenter.db.models import Category, Event, Grid, Media
from commandcenter.interchange.events_export import event_rows, write_events
from commandcenter.interchange.events_import import EventImportOptions, import_events
from commandcenter.interchange.grids_csv import write_grids_csv
from commandcenter.interchange.grids_geojson import grid_rows, import_grids, write_grids_geojson
from commandcenter.services import placement
from tests.dbutil import DatabaseFactory
from tests.interchange.util import EVENTS_CSV, GRIDS, REQUESTS, load_grids


@pytest.fixture
def other(backend: str, db_factories: dict[str, DatabaseFactory]) -> Iterator[Session]:
    """A second fresh database of the same backend, as the other center importing our file."""
    factory = db_factories[backend]
    engine: Engine = make_engine(factory.copy(factory.template("empty")))
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


@pytest.fixture
def filled(session: Session) -> Session:
    placement.clear_cache()
    load_grids(session)
    import_events(session, EVENTS_CSV)
    import_events(session, REQUESTS, EventImportOptions(source_system="12345"))
    session.commit()
    return session


def _export(session: Session, fmt: str, **filters: Any) -> str:
    out = io.StringIO()
    write_events(event_rows(session, **filters), fmt, out)
    return out.getvalue()


def _comparable(session: Session, id_of: dict[str, str]) -> list[tuple[Any, ...]]:
    """What must survive a round trip, keyed by our export id (the event code in the first center)."""
    session.expire_all()
    rows = session.execute(
        select(
            Event.id,
            Event.code,
            Event.external_id,
            Category.code,
            Event.lat,
            Event.lon,
            Event.reported_at,
            Event.status,
            Event.closed_at,
            Event.title,
            Event.description,
            Event.address,
            Grid.code,
        )
        .join(Category, Category.id == Event.category_id)
        .outerjoin(Grid, Grid.id == Event.grid_id)
    ).all()
    media = {event_id: url for event_id, url in session.execute(select(Media.event_id, Media.url))}
    return sorted((id_of.get(r[1], r[2]), *r[3:], media.get(r[0])) for r in rows)


def test_geojson_is_rfc7946(filled: Session) -> None:
    doc = json.loads(_export(filled, "geojson"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == 15
    f = next(f for f in doc["features"] if f["properties"]["external_id"] == "NX-0001")
    assert f["geometry"] == {"type": "Point", "coordinates": [104.955, 28.835]}  # lon, lat
    assert f["id"].startswith("E") and f["properties"]["grid_code"] == "511503001001001"
    assert f["properties"]["time"] == "2024-05-03T08:15:00+08:00"


def test_open311_export_maps_status_category_and_media(filled: Session) -> None:
    requests = json.loads(_export(filled, "open311"))
    by_ext = {r["service_request_id"]: r for r in requests}
    code = filled.scalar(select(Event.code).where(Event.external_id == "12345-20240503-0001"))
    first = by_ext[code]
    assert (first["status"], first["service_code"], first["service_name"]) == ("open", "XG06", "道路破损")
    assert first["media_url"] == "https://media.example.gov.cn/12345/20240503-0001.jpg"
    assert (first["lat"], first["long"]) == (28.838, 104.965)
    assert first["requested_datetime"] == "2024-05-04T09:12:00+08:00"
    closed = next(r for r in requests if r["status"] == "closed")
    assert closed["updated_datetime"] == "2024-05-03T16:05:00+08:00"
    assert set(first) >= {"service_request_id", "agency_responsible", "expected_datetime", "address"}


def test_filters(filled: Session) -> None:
    assert len(event_rows(filled, statuses=["closed"])) == 1
    assert len(event_rows(filled, statuses=["reported", "closed"])) == 15
    received = filled.scalar(select(Event.received_at))
    day = received.astimezone(placement_tz()).date()
    assert len(event_rows(filled, date_from=day, date_to=day)) == 15
    assert event_rows(filled, date_to=date(2000, 1, 1)) == []


def placement_tz() -> Any:
    from commandcenter.interchange.timeparse import LOCAL_TZ

    return LOCAL_TZ


@pytest.mark.parametrize("fmt", ["csv", "geojson", "open311"])
def test_round_trip_into_a_fresh_database(filled: Session, other: Session, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"exported.{'json' if fmt == 'open311' else fmt}"
    path.write_text(_export(filled, fmt), encoding="utf-8")
    placement.clear_cache()
    import_grids(other, GRIDS)
    result = import_events(other, path, EventImportOptions(source_system="center-a"))
    other.commit()
    assert (result.new, result.present) == (15, 0)
    # In the second center, external_id is the first center's event code.
    id_of = {code: code for (code,) in filled.execute(select(Event.code))}
    ours = _comparable(filled, id_of)
    theirs = _comparable(other, {})
    if fmt == "open311":
        # Open311 has no title, and its description falls back to the title: compare what it carries.
        ours = [r[:7] + r[9:] for r in ours]
        theirs = [r[:7] + r[9:] for r in theirs]
    assert theirs == ours
    # The claimed grid is the first center's placement: consistent, so nothing is flagged.
    assert not other.scalars(select(Event).where(Event.position_flag)).all()
    again = import_events(other, path, EventImportOptions(source_system="center-a"))
    assert again.new == 0


def test_grids_geojson_export(filled: Session, other: Session, tmp_path: Path) -> None:
    out = io.StringIO()
    write_grids_geojson(grid_rows(filled), out)
    doc = json.loads(out.getvalue())
    assert "crs" not in doc and len(doc["features"]) == 7
    codes = [f["id"] for f in doc["features"]]
    assert codes[0] == "511503001" and codes[-1] == "511503001002002"
    b2 = next(f for f in doc["features"] if f["id"] == "511503001002002")
    assert b2["properties"]["parent_code"] == "511503001002" and b2["properties"]["网格员"] == "刘洋"
    polygon = shape(b2["geometry"])
    # RFC 7946 winding: exterior counterclockwise, holes clockwise.
    assert polygon.exterior.is_ccw and not any(h.is_ccw for h in polygon.interiors)
    stored = filled.scalar(select(Grid.geom_wkb).where(Grid.code == "511503001002002"))
    assert shapely.equals(polygon, shapely.from_wkb(stored))
    # ... and it imports back as the same grids.
    path = tmp_path / "grids.geojson"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = import_grids(other, path)
    assert result.created == 7
    again = import_grids(filled, path)
    assert (again.created, again.updated) == (0, 0)


def test_grids_csv_export(filled: Session) -> None:
    out = io.StringIO()
    write_grids_csv(grid_rows(filled, level="grid"), out, wkt=True)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["code"] for r in rows] == [
        "511503001001001",
        "511503001001002",
        "511503001002001",
        "511503001002002",
    ]
    assert rows[0]["name"] == "长春社区第1网格" and rows[0]["parent_code"] == "511503001001"
    assert rows[2]["wkt"].startswith("MULTIPOLYGON")
