"""Importing events from CSV, GeoJSON and Open311 (both backends): placement, idempotence, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, Event, Media, TrailEntry
from commandcenter.interchange.events_import import EventImportOptions, import_events
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.problems import ImportRefused
from commandcenter.services import placement
from commandcenter.services.cases import audit
from commandcenter.services.tables import EVENTS
from tests.interchange.util import (
    EVENTS_CSV,
    EVENTS_GEOJSON,
    EXPECTED_CSV,
    EXPECTED_GEOJSON,
    EXPECTED_REQUESTS,
    REQUESTS,
    counts,
    grid_of,
    load_grids,
)

CSV_TEXT = EVENTS_CSV.read_text(encoding="utf-8")


@pytest.fixture
def gridded(session: Session) -> Session:
    placement.clear_cache()
    load_grids(session)
    return session


def _events(session: Session) -> dict[str, Event]:
    session.expire_all()  # the SQLite code trigger fills `code` after the insert: read rows afresh
    return {e.external_id: e for e in session.scalars(select(Event))}


def _csv(tmp_path: Path, text: str, name: str = "events.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _refused(session: Session, path: Path, options: EventImportOptions | None = None) -> list[str]:
    before = counts(session)
    with pytest.raises(ImportRefused) as info:
        import_events(session, path, options)
    session.rollback()
    assert counts(session) == before
    return [str(p) for p in info.value.problems]


def test_csv_events_land_in_the_right_grid(gridded: Session) -> None:
    now = datetime(2024, 5, 4, 9, 0, tzinfo=UTC)
    result = import_events(gridded, EVENTS_CSV, now=now)
    gridded.commit()
    assert (result.format, result.rows, result.new, result.present, result.unassigned) == (
        "csv",
        11,
        11,
        0,
        3,
    )
    assert grid_of(gridded) == EXPECTED_CSV
    events = _events(gridded)
    e1 = events["NX-0001"]
    assert (e1.source, e1.source_system, e1.status) == ("import", "import", "reported")
    assert e1.category.code == "XG02" and e1.original_category is None
    assert (e1.title, e1.description, e1.address) == (
        "楼下乱堆建筑垃圾",
        "小区门口堆放装修垃圾约两方，影响通行",
        "长春路12号",
    )
    assert e1.extra == {"上报人": "张桂兰", "渠道": "群众APP"}
    assert (e1.lat, e1.lon) == (28.835, 104.955)
    # Naive times are China local time; offsets and Z are honoured.
    assert e1.reported_at == datetime(2024, 5, 3, 0, 15, tzinfo=UTC)
    assert events["NX-0002"].reported_at == datetime(2024, 5, 3, 1, 40, tzinfo=UTC)
    assert events["NX-0003"].reported_at == datetime(2024, 5, 3, 2, 5, tzinfo=UTC)
    assert events["NX-0004"].reported_at == datetime(2024, 5, 3, 2, 30, tzinfo=UTC)
    assert events["NX-0002"].category.code == "XG01"  # matched by its Chinese name 占道经营
    assert events["NX-0010"].description == '居民反映：\n楼道堆放杂物，堵塞消防通道，存在"火灾"隐患'
    assert events["NX-0005"].description is None
    assert all(e.received_at == now for e in events.values())
    assert all(e.code == f"E20240504-{e.id:07d}" for e in events.values())
    assert not any(e.position_flag or e.time_flag for e in events.values())
    # A reported case's verification clock starts at receipt (XG02: verify within 1 hour).
    assert (e1.step_started_at, e1.step_deadline) == (now, datetime(2024, 5, 4, 10, 0, tzinfo=UTC))
    due = gridded.scalar(select(EVENTS.c.verify_due_at).where(EVENTS.c.id == e1.id))
    assert due == e1.step_deadline


def test_one_trail_row_per_imported_event(gridded: Session) -> None:
    result = import_events(gridded, EVENTS_CSV, EventImportOptions(source_system="12345热线"))
    gridded.commit()
    trail = gridded.scalars(select(TrailEntry).order_by(TrailEntry.event_id)).all()
    assert [t.event_id for t in trail] == sorted(result.event_ids)
    t = trail[0]
    assert (t.step, t.from_status, t.to_status, t.actor_id) == ("report", None, "reported", None)
    assert t.note == "imported from nanxi_events.csv (12345热线: NX-0001)"
    # data holds the step's workflow arguments: the trail replays to the case's state.
    assert t.data == {}
    event = gridded.get(Event, t.event_id)
    assert audit(gridded, event) == []


def test_reimport_adds_nothing(gridded: Session) -> None:
    import_events(gridded, EVENTS_CSV)
    gridded.commit()
    before = counts(gridded)
    again = import_events(gridded, EVENTS_CSV)
    gridded.commit()
    assert (again.new, again.present, again.present_differing) == (0, 11, 0)
    assert "0 new, 11 already present" in again.summary()
    assert counts(gridded) == before
    # Another source's events with the same ids are other events.
    other = import_events(gridded, EVENTS_CSV, EventImportOptions(source_system="other"))
    assert other.new == 11


def test_reimport_warns_when_the_stored_events_differ(gridded: Session, tmp_path: Path) -> None:
    import_events(gridded, EVENTS_CSV)
    gridded.commit()
    changed = CSV_TEXT.replace("NX-0001,28.8350,104.9550", "NX-0001,28.8351,104.9550")
    extra = changed + "NX-0012,28.8360,104.9560,2024-05-03 18:00,XG02,新事件,,,,\n"
    result = import_events(gridded, _csv(tmp_path, extra))
    assert (result.new, result.present, result.present_differing) == (1, 11, 1)
    assert "another system's file" in result.summary()


def test_unknown_category_needs_a_default(gridded: Session, tmp_path: Path) -> None:
    path = _csv(tmp_path, CSV_TEXT.replace(",XG05,", ",路灯夜间不亮,"))
    assert _refused(gridded, path) == [
        "events.csv: line 4 (id NX-0003): category: '路灯夜间不亮': unknown category: not one of our codes "
        "or names (see `commandcenter categories list`; give --default-category CODE to import it under "
        "a category of ours)"
    ]
    result = import_events(gridded, path, EventImportOptions(default_category="xg05"))
    gridded.commit()
    assert result.new == 11
    e3 = _events(gridded)["NX-0003"]
    assert (e3.category.code, e3.original_category) == ("XG05", "路灯夜间不亮")
    assert _events(gridded)["NX-0001"].original_category is None
    with pytest.raises(ImportRefused, match="'NOPE' is not a category code"):
        import_events(gridded, path, EventImportOptions(default_category="NOPE"))


# (what to replace in the fixture CSV, the expected problem line)
BAD_CSV = {
    "projected coordinates": (
        ("NX-0001,28.8350,104.9550", "NX-0001,3192000.5,11683000.2"),
        "events.csv: line 2 (id NX-0001): lon/lat: (11683000.2, 3192000.5): coordinate is not WGS84 lon/lat; "
        "it looks like projected metres (e.g. EPSG:3857 or a CGCS2000 Gauss-Kruger zone): convert to WGS84 "
        "degrees first",
    ),
    "lat out of range": (
        ("NX-0002,28.8620", "NX-0002,128.8620"),
        "events.csv: line 3 (id NX-0002): lat: 128.862: is out of range -90..90",
    ),
    "swapped": (
        ("NX-0002,28.8620,104.9620", "NX-0002,104.9620,28.8620"),
        "events.csv: line 3 (id NX-0002): lat: 104.962: is out of range -90..90 (are lat and lon swapped?)",
    ),
    "NaN": (
        ("NX-0003,28.8450", "NX-0003,NaN"),
        "events.csv: line 4 (id NX-0003): lat: 'NaN': is not a finite number (NaN or infinity)",
    ),
    "not a number": (
        ("28.8350,104.9550", "28.8350,东经104度"),
        "events.csv: line 2 (id NX-0001): lon: '东经104度': is not a number",
    ),
    "empty lon": (
        ("28.8350,104.9550", "28.8350,"),
        "events.csv: line 2 (id NX-0001): lon: is empty; every event needs a WGS84 position",
    ),
    "duplicate id": (
        ("NX-0011,", "NX-0001,"),
        "events.csv: line 13 (id NX-0001): id: 'NX-0001': duplicate id: already used at line 2",
    ),
    "unparsable time": (
        ("2024-05-03 13:45", "2024-05-03 25:45"),
        "events.csv: line 8 (id NX-0007): time: '2024-05-03 25:45': unparsable time: use ISO 8601 "
        "(2024-05-03T08:15:00+08:00), 'YYYY-MM-DD HH:MM[:SS]' or 'YYYY/MM/DD HH:MM' (naive times are "
        "Asia/Shanghai local)",
    ),
    "empty time": (
        (",2024-05-03 15:00,", ",,"),
        "events.csv: line 10 (id NX-0009): time: is empty",
    ),
    "missing column": (
        ("id,lat,lon,", "id,latitude,lon,"),
        "events.csv: line 1: lat: required column is missing (name it with --lat-field); columns present: "
        "id, latitude, lon, time, category, title, description, address, 上报人, 渠道",
    ),
    "too many fields": (
        ("龙腾小区,褚军,12345热线", "龙腾小区,褚军,12345热线,多余"),
        "events.csv: line 13: has 11 fields but the header has 10 (an unquoted comma?)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CSV))
def test_bad_csv_is_refused_with_line_and_field(gridded: Session, tmp_path: Path, case: str) -> None:
    (old, new), expected = BAD_CSV[case]
    assert old in CSV_TEXT
    assert _refused(gridded, _csv(tmp_path, CSV_TEXT.replace(old, new, 1))) == [expected]


def test_all_problems_of_a_file_are_listed(gridded: Session, tmp_path: Path) -> None:
    text = CSV_TEXT
    for (old, new), _expected in (BAD_CSV["NaN"], BAD_CSV["duplicate id"], BAD_CSV["unparsable time"]):
        text = text.replace(old, new, 1)
    text = text.replace(",XG05,", ",不存在的类别,")
    problems = _refused(gridded, _csv(tmp_path, text))
    assert [p.split(":")[1].strip() for p in problems] == [
        "line 4 (id NX-0003)",
        "line 4 (id NX-0003)",
        "line 8 (id NX-0007)",
        "line 13 (id NX-0001)",
    ]


def test_refused_import_leaves_existing_data_alone(gridded: Session, tmp_path: Path) -> None:
    import_events(gridded, EVENTS_CSV)
    gridded.commit()
    text = CSV_TEXT.replace("NX-00", "NY-00").replace("NY-0011,28.8550", "NY-0011,-128.8550")
    assert len(_refused(gridded, _csv(tmp_path, text))) == 1


def test_chinese_column_names_and_gb18030(gridded: Session, tmp_path: Path) -> None:
    text = (
        "编号,纬度,经度,上报时间,事件类型,事件标题,备注\n"
        "HX-1,28.8350,104.9550,2024/05/03 08:15,乱堆乱放,门口堆放垃圾,来自热线\n"
        "HX-2,28.8620,104.9620,2024-05-03 09:40:30,XG01,摊贩占道,\n"
    )
    fields = EventFields(
        id="编号", lat="纬度", lon="经度", time="上报时间", category="事件类型", title="事件标题"
    )
    path = _csv(tmp_path, text, "热线.csv", encoding="gb18030")
    result = import_events(gridded, path, EventImportOptions(fields=fields, source_system="hotline"))
    gridded.commit()
    assert result.new == 2
    events = _events(gridded)
    assert (events["HX-1"].title, events["HX-1"].extra) == ("门口堆放垃圾", {"备注": "来自热线"})
    assert events["HX-2"].reported_at == datetime(2024, 5, 3, 1, 40, 30, tzinfo=UTC)
    assert grid_of(gridded) == {"HX-1": "511503001001001", "HX-2": "511503001001002"}


def test_geojson_points_and_claimed_grids(gridded: Session) -> None:
    result = import_events(gridded, EVENTS_GEOJSON, EventImportOptions(source_system="gj"))
    gridded.commit()
    assert (result.format, result.new, result.unassigned, result.position_flagged) == ("geojson", 4, 1, 1)
    assert grid_of(gridded) == EXPECTED_GEOJSON
    events = _events(gridded)
    assert events["GJ-001"].claimed_grid_code == "511503001001001" and not events["GJ-001"].position_flag
    assert events["GJ-002"].position_flag  # claims A1 but lies in B1
    assert events["GJ-002"].category.code == "XG03"
    assert events["GJ-001"].extra == {"来源": "市民来电"}
    assert events["GJ-004"].title == "墙面小广告" and events["GJ-003"].reported_at == datetime(
        2024, 5, 6, 2, 30, tzinfo=UTC
    )


def test_geojson_problems_name_the_feature(gridded: Session, tmp_path: Path) -> None:
    text = EVENTS_GEOJSON.read_text(encoding="utf-8")
    text = text.replace("[104.9790, 28.8420]", "[11683000.2, 3192000.5]")
    text = text.replace(
        '"type": "Point", "coordinates": [104.9710, 28.8590]', '"type": "LineString", "coordinates": []'
    )
    path = tmp_path / "points.geojson"
    path.write_text(text, encoding="utf-8")
    assert _refused(gridded, path) == [
        "points.geojson: feature 2 (id GJ-002): geometry: (11683000.2, 3192000.5): coordinate is not WGS84 "
        "lon/lat; it looks like projected metres (e.g. EPSG:3857 or a CGCS2000 Gauss-Kruger zone): convert "
        "to WGS84 degrees first",
        "points.geojson: feature 4: geometry: 'LineString': expected a Point with [lon, lat]",
    ]


def test_open311_requests(gridded: Session) -> None:
    result = import_events(gridded, REQUESTS, EventImportOptions(source_system="12345"))
    gridded.commit()
    assert (result.format, result.new) == ("open311", 4)
    assert grid_of(gridded) == EXPECTED_REQUESTS
    events = _events(gridded)
    open_, closed = events["12345-20240503-0001"], events["12345-20240503-0002"]
    assert (open_.status, open_.closed_at, open_.category.code) == ("reported", None, "XG06")
    assert open_.extra["agency_responsible"] == "南溪区交通运输局"
    assert open_.extra["expected_datetime"] == "2024-05-07T18:00:00+08:00"
    assert (closed.status, closed.closed_at) == ("closed", datetime(2024, 5, 3, 8, 5, tzinfo=UTC))
    assert closed.step_deadline is None
    trail = gridded.scalars(select(TrailEntry).where(TrailEntry.event_id == closed.id)).one()
    assert trail.to_status == "closed"
    # Service code not ours, service name is: the category by name, the source's code kept.
    third = events["12345-20240503-0003"]
    assert (third.category.code, third.original_category) == ("JD08", "SC-0417")
    media = gridded.scalars(select(Media)).all()
    assert [(m.event_id, m.url) for m in media] == [
        (open_.id, "https://media.example.gov.cn/12345/20240503-0001.jpg")
    ]


def test_open311_unknown_service_is_refused(gridded: Session, tmp_path: Path) -> None:
    text = REQUESTS.read_text(encoding="utf-8").replace(
        '"service_name": "无证经营"', '"service_name": "夜市"'
    )
    path = tmp_path / "requests.json"
    path.write_text(text, encoding="utf-8")
    problems = _refused(gridded, path)
    assert len(problems) == 1
    assert problems[0].startswith(
        "requests.json: request 3 (id 12345-20240503-0003): service_code: 'SC-0417': unknown category"
    )


def test_format_is_detected_by_content(gridded: Session, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(EVENTS_GEOJSON.read_bytes())
    assert import_events(gridded, path).format == "geojson"
    path.write_bytes(REQUESTS.read_bytes())
    assert import_events(gridded, path).format == "open311"


def test_events_without_any_grid_are_kept(session: Session) -> None:
    placement.clear_cache()
    result = import_events(session, EVENTS_CSV)
    session.commit()
    assert result.unassigned == result.new == 11
    assert set(grid_of(session).values()) == {None}


def test_write_methods_store_the_same_rows(gridded: Session, backend: str) -> None:
    methods = ("copy", "core") if backend == "postgresql" else ("executemany", "core")
    now = datetime(2024, 5, 4, 9, 0, tzinfo=UTC)
    for method in methods:
        import_events(
            gridded, EVENTS_CSV, EventImportOptions(source_system=method, write_method=method), now=now
        )
    gridded.commit()
    cols = [c for c in EVENTS.c if c.name not in {"id", "code", "source_system"}]
    rows = {
        m: sorted(tuple(r) for r in gridded.execute(select(*cols).where(EVENTS.c.source_system == m)))
        for m in methods
    }
    assert rows[methods[0]] == rows[methods[1]]
    codes = gridded.execute(select(EVENTS.c.id, EVENTS.c.code)).all()
    assert all(code == f"E20240504-{i:07d}" for i, code in codes)


def test_category_names_in_english_match_too(gridded: Session, tmp_path: Path) -> None:
    name_en = gridded.scalar(select(Category.name_en).where(Category.code == "XG02"))
    path = _csv(tmp_path, CSV_TEXT.replace(",XG02,", f",{name_en.upper()},"))
    import_events(gridded, path)
    assert _events(gridded)["NX-0001"].category.code == "XG02"


def test_status_column_keeps_finished_cases_finished(gridded: Session, tmp_path: Path) -> None:
    text = (
        "id,lat,lon,time,category,status,closed_at\n"
        "S1,28.835,104.955,2024-05-03 08:15,XG02,closed,2024-05-03 17:00\n"
        "S2,28.835,104.955,2024-05-03 08:16,XG02,已作废,\n"
        "S3,28.835,104.955,2024-05-03 08:17,XG02,in_progress,\n"
    )
    import_events(gridded, _csv(tmp_path, text))
    gridded.commit()
    events = _events(gridded)
    assert (events["S1"].status, events["S1"].closed_at) == ("closed", datetime(2024, 5, 3, 9, 0, tzinfo=UTC))
    assert (events["S2"].status, events["S2"].closed_at, events["S2"].step_deadline) == ("voided", None, None)
    # A case in progress elsewhere is new work here: reported, its clock running.
    assert events["S3"].status == "reported" and events["S3"].step_deadline is not None
    to_status = dict(gridded.execute(select(TrailEntry.event_id, TrailEntry.to_status)).all())
    assert {e.external_id: to_status[e.id] for e in events.values()} == {
        "S1": "closed",
        "S2": "voided",
        "S3": "reported",
    }
    bad = text.replace("closed,2024-05-03 17:00", "closed,")
    assert _refused(gridded, _csv(tmp_path, bad.replace("S1,", "S9,"))) == [
        "events.csv: line 2 (id S9): closed_at: is empty"
    ]
