"""`commandcenter grids list`, `categories list`, `events list` (both backends), via cli.main."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from commandcenter.cli import main
from commandcenter.interchange.events_import import import_events
from commandcenter.services import placement
from tests.interchange.util import EVENTS_CSV, EXPECTED_CSV, load_grids


@pytest.fixture
def filled(db_url: str, session: Session) -> str:
    placement.clear_cache()
    load_grids(session)
    import_events(session, EVENTS_CSV)
    session.commit()
    return db_url


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_grids_list(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grids", "list", "--db", filled]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["code", "name", "level", "parent_code", "households", "residents", "area_km2"]
    assert lines[2].split()[:3] == ["511503001", "南溪街道", "township"]
    assert len(lines) == 2 + 7
    grids = _json(capsys, ["grids", "list", "--db", filled, "--format", "json", "--level", "grid"])
    assert [g["code"] for g in grids] == sorted({c for c in EXPECTED_CSV.values() if c})
    assert set(grids[0]) == {"code", "name", "level", "parent_code", "households", "residents", "area_km2"}
    assert grids[0]["parent_code"] == "511503001001" and grids[0]["households"] == 412


def test_grids_list_children_of_a_padded_parent_code(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    children = _json(
        capsys, ["grids", "list", "--db", filled, "--parent", "511503001000000", "--format", "json"]
    )
    assert [g["code"] for g in children] == ["511503001001", "511503001002"]
    assert main(["grids", "list", "--db", filled, "--parent", "511503009"]) == 2
    assert "no grid with code '511503009'" in capsys.readouterr().err


def test_categories_list(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cats = _json(capsys, ["categories", "list", "--db", db_url, "--format", "json"])
    assert len(cats) == 41
    xg04 = next(c for c in cats if c["code"] == "XG04")
    assert (xg04["name"], xg04["duty"], xg04["event_class"]) == (
        "井盖缺失破损",
        "co_management",
        "市政公用设施",
    )
    assert xg04["limits"]["verify"] == {"amount": 0.5, "unit": "hours"}
    assert xg04["limits"]["handle"] == {"amount": 4.0, "unit": "hours"}
    assert main(["categories", "list", "--db", db_url]) == 0
    table = capsys.readouterr().out
    assert "XG04  井盖缺失破损" in table and "0.5h" in table and "3wd" in table


def test_events_list_json(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    events = _json(capsys, ["events", "list", "--db", filled, "--format", "json", "--limit", "0"])
    assert len(events) == 11
    by_ext = {e["external_id"]: e for e in events}
    assert {k: v["grid_code"] for k, v in by_ext.items()} == EXPECTED_CSV
    e1 = by_ext["NX-0001"]
    assert {
        "id",
        "external_id",
        "code",
        "status",
        "grid_code",
        "lat",
        "lon",
        "category",
        "received_at",
    } <= set(e1)
    assert (e1["status"], e1["lat"], e1["lon"], e1["category"]) == ("reported", 28.835, 104.955, "XG02")
    assert e1["code"].startswith("E") and e1["received_at"].endswith("+08:00")


def test_events_list_filters(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["events", "list", "--db", filled, "--format", "json"]
    unassigned = _json(capsys, [*base, "--unassigned"])
    assert sorted(e["external_id"] for e in unassigned) == ["NX-0006", "NX-0007", "NX-0008"]
    assert all(e["grid_code"] is None for e in unassigned)
    in_b = _json(capsys, [*base, "--grid", "511503001002000"])  # a community: every grid below it
    assert sorted(e["external_id"] for e in in_b) == ["NX-0003", "NX-0004", "NX-0005", "NX-0011"]
    assert len(_json(capsys, [*base, "--grid", "511503001001002"])) == 3
    assert _json(capsys, [*base, "--status", "closed"]) == []
    assert len(_json(capsys, [*base, "--limit", "2"])) == 2
    assert main(["events", "list", "--db", filled]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["id", "code", "status"] and len(table) == 2 + 11
