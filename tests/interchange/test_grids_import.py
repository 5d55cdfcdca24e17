"""Importing grids from GeoJSON: hierarchy, levels, geometry repair, updates, refusals (both backends)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid
from commandcenter.geo.geometry import from_wkb
from commandcenter.interchange.grids_geojson import GridImportOptions, import_grids
from commandcenter.interchange.problems import ImportRefused
from tests.interchange.util import A1, A2, B1, GRIDS, counts


def _doc() -> dict[str, Any]:
    return json.loads(GRIDS.read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "grids.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _grids(session: Session) -> dict[str, Grid]:
    return {g.code: g for g in session.scalars(select(Grid))}


def _refused(session: Session, path: Path, options: GridImportOptions | None = None) -> list[str]:
    """Import must fail and leave every table as it was; returns the problem lines."""
    before = counts(session)
    with pytest.raises(ImportRefused) as info:
        import_grids(session, path, options)
    session.rollback()
    assert counts(session) == before
    return [str(p) for p in info.value.problems]


def test_import_builds_the_hierarchy(session: Session) -> None:
    result = import_grids(session, GRIDS)
    session.commit()
    assert (result.features, result.created, result.updated) == (7, 7, 0)
    grids = _grids(session)
    # Zero-padded 15-digit codes of higher levels are stored in canonical form.
    assert set(grids) == {"511503001", "511503001001", "511503001002", A1, A2, B1, "511503001002002"}
    parent = {code: (g.parent.code if g.parent else None) for code, g in grids.items()}
    assert parent == {
        "511503001": None,  # no parent in the file or the database: allowed
        "511503001001": "511503001",  # explicit, padded
        "511503001002": "511503001",  # derived from the code (no parent property)
        A1: "511503001001",  # parent after the child in the file
        A2: "511503001001",
        B1: "511503001002",
        "511503001002002": "511503001002",
    }
    levels = {code: g.level for code, g in grids.items()}
    assert (
        levels["511503001"] == "township" and levels["511503001001"] == "community" and levels[A1] == "grid"
    )
    a1 = grids[A1]
    assert (a1.name, a1.households, a1.residents) == ("长春社区第1网格", 412, 1096)
    assert a1.properties == {"网格员": "王晓燕"}
    assert grids["511503001001"].households == 0  # absent counts: the default
    geom = from_wkb(a1.geom_wkb)
    assert geom.is_valid and geom.geom_type == "Polygon"
    assert (a1.min_lon, a1.max_lon) == pytest.approx((104.95, 104.97))
    assert a1.area_km2 == pytest.approx(4.356, rel=1e-3)
    assert from_wkb(grids[B1].geom_wkb).geom_type == "MultiPolygon"


def test_reimport_updates_instead_of_duplicating(session: Session) -> None:
    import_grids(session, GRIDS)
    session.commit()
    before = counts(session)
    versions = {c: g.version for c, g in _grids(session).items()}
    again = import_grids(session, GRIDS)
    session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert counts(session)["grids"] == before["grids"]
    assert {c: g.version for c, g in _grids(session).items()} == versions


def test_reimport_changes_name_geometry_counts_and_parent(session: Session, tmp_path: Path) -> None:
    import_grids(session, GRIDS)
    session.commit()
    doc = _doc()
    feature = doc["features"][0]  # A1
    feature["properties"].update(name="长春社区一网格", households=420, parent_code="511503001000000")
    ring = feature["geometry"]["coordinates"][0]
    ring[0] = ring[-1] = [104.9495, 28.8295]  # move the first vertex a little
    result = import_grids(session, _write(tmp_path, doc))
    session.commit()
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    a1 = _grids(session)[A1]
    assert (a1.name, a1.households, a1.residents, a1.parent.code) == (
        "长春社区一网格",
        420,
        1096,
        "511503001",
    )
    assert a1.min_lon == pytest.approx(104.9495)
    assert a1.version == 2
    assert {c: g.version for c, g in _grids(session).items() if c != A1} == dict.fromkeys(
        set(_grids(session)) - {A1}, 1
    )
    assert counts(session)["grids"] == 7


def test_parents_only_in_the_database_are_found(session: Session, tmp_path: Path) -> None:
    import_grids(session, GRIDS)
    session.commit()
    doc = {"type": "FeatureCollection", "features": [copy.deepcopy(_doc()["features"][0])]}
    doc["features"][0]["properties"].update(code="511503001001003", name="长春社区第3网格")
    doc["features"][0]["properties"].pop("parent_code")
    import_grids(session, _write(tmp_path, doc))
    session.commit()
    assert _grids(session)["511503001001003"].parent.code == "511503001001"


def test_invalid_geometry_is_repaired_with_a_note(session: Session, tmp_path: Path) -> None:
    bowtie = [[[104.95, 28.83], [104.96, 28.84], [104.96, 28.83], [104.95, 28.84]]]  # unclosed too
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "511503001003001", "name": "蝴蝶网格"},
                "geometry": {"type": "Polygon", "coordinates": bowtie},
            }
        ],
    }
    result = import_grids(session, _write(tmp_path, doc))
    session.commit()
    notes = "\n".join(result.notes)
    assert "feature 1 (code 511503001003001)" in notes
    assert "not closed" in notes and "repaired" in notes
    geom = from_wkb(_grids(session)["511503001003001"].geom_wkb)
    assert geom.is_valid and geom.geom_type == "MultiPolygon" and shapely.area(geom) > 0


def test_free_form_codes_need_a_level(session: Session, tmp_path: Path) -> None:
    doc = _doc()
    doc["features"] = [doc["features"][0]]
    doc["features"][0]["properties"].update(code="NX-GRID-7")
    doc["features"][0]["properties"].pop("parent_code")
    path = _write(tmp_path, doc)
    problems = _refused(session, path)
    assert problems == [
        "grids.geojson: feature 1 (code NX-GRID-7): code: cannot tell the level: 'NX-GRID-7': non-digit "
        "character 'N' at position 1 (1-based); give --level or a 'level' property"
    ]
    import_grids(session, path, GridImportOptions(level="网格"))
    session.commit()
    assert _grids(session)["NX-GRID-7"].level == "grid"


def test_projected_coordinates_are_refused_with_feature_code_and_field(
    session: Session, tmp_path: Path
) -> None:
    doc = _doc()
    doc["features"][2]["geometry"] = {
        "type": "Polygon",
        "coordinates": [
            [
                [12958400.0, 4852300.0],
                [12958900.0, 4852300.0],
                [12958900.0, 4852800.0],
                [12958400.0, 4852300.0],
            ]
        ],
    }
    problems = _refused(session, _write(tmp_path, doc))
    assert len(problems) == 1
    assert problems[0].startswith(f"grids.geojson: feature 3 (code {B1}): geometry: ")
    assert "(12958400.0, 4852300.0)" in problems[0] and "WGS84" in problems[0]


def test_every_problem_is_reported_and_nothing_written(session: Session, tmp_path: Path) -> None:
    import_grids(session, GRIDS)
    session.commit()
    doc = _doc()
    f = doc["features"]
    f[0]["properties"]["households"] = "四百"  # not a number
    f[1]["properties"]["name"] = ""  # empty name
    f[2]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[104.95, 28.83], [104.96, 28.83], [104.95, 28.83]]],
    }
    f[3]["properties"]["parent_code"] = "511503009001000"  # unknown parent
    f[4]["properties"]["code"] = f[5]["properties"]["code"]  # duplicate code
    f[6]["geometry"] = {"type": "Point", "coordinates": [104.95, 28.83]}
    problems = _refused(session, _write(tmp_path, doc))
    text = "\n".join(problems)
    assert f"feature 1 (code {A1}): households: '四百' is not a whole number >= 0" in text
    assert f"feature 2 (code {A2}): name: is missing or empty" in text
    assert f"feature 3 (code {B1}): geometry: " in text
    assert "feature 6 (code 511503001002000): code: duplicate code: already used by feature 5" in text
    assert "feature 7 (code 511503001000000): geometry: geometry type 'Point' is not a grid polygon" in text
    assert "feature 4 (code 511503001002002): parent_code: '511503009001000' is not an ancestor" in text
    assert len(problems) == 6


def test_explicit_parent_must_exist(session: Session, tmp_path: Path) -> None:
    f = [x for x in _doc()["features"] if x["properties"]["code"] != "511503001002000"]
    f[3]["properties"]["parent_code"] = "511503001002000"
    problems = _refused(session, _write(tmp_path, {"type": "FeatureCollection", "features": f}))
    tail = "parent_code: parent '511503001002' is neither in the file nor in the database"
    assert problems == [
        f"grids.geojson: feature 3 (code {B1}): {tail}",
        f"grids.geojson: feature 4 (code 511503001002002): {tail}",
    ]


def test_explicit_parent_must_be_an_ancestor(session: Session, tmp_path: Path) -> None:
    doc = _doc()
    doc["features"][0]["properties"]["parent_code"] = "511503001002000"
    problems = _refused(session, _write(tmp_path, doc))
    assert problems == [
        f"grids.geojson: feature 1 (code {A1}): parent_code: '511503001002000' is not an ancestor of code '{A1}'"
    ]


def test_parent_cycles_are_refused(session: Session, tmp_path: Path) -> None:
    def feature(code: str, parent: str) -> dict[str, Any]:
        return {
            "type": "Feature",
            "properties": {"code": code, "name": code, "parent": parent},
            "geometry": None,
        }

    doc = {"type": "FeatureCollection", "features": [feature("A", "B"), feature("B", "A")]}
    problems = _refused(
        session, _write(tmp_path, doc), GridImportOptions(parent_field="parent", level="grid")
    )
    assert "loops back" in problems[0]


def test_not_a_feature_collection(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "Feature"', encoding="utf-8")
    assert _refused(session, path)[0].startswith("bad.geojson: line 1 column 19: not valid JSON")
    path.write_text('{"type": "Feature", "properties": {}, "geometry": null}', encoding="utf-8")
    assert _refused(session, path) == [
        "bad.geojson: file: type: 'Feature': expected a GeoJSON FeatureCollection"
    ]


def test_problem_list_is_capped(session: Session, tmp_path: Path) -> None:
    features = [
        {"type": "Feature", "properties": {"code": f"51150300100{i:04d}", "name": "x"}, "geometry": None}
        for i in range(1, 31)
    ]
    before = counts(session)
    with pytest.raises(ImportRefused) as info:
        import_grids(session, _write(tmp_path, {"type": "FeatureCollection", "features": features}))
    session.rollback()
    assert counts(session) == before
    assert info.value.total == 30 and len(info.value.problems) == 20
    assert "... and 10 more problem(s) not shown" in info.value.summary()
