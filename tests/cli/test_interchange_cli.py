"""`commandcenter import|export|bench import` through cli.main (both backends): exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from commandcenter.cli import main
from commandcenter.services import placement
from tests.interchange.util import EVENTS_CSV, GRIDS, REQUESTS


def _count(url: str, table: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        n = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(n)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    placement.clear_cache()


def test_import_grids_and_events(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "grids", str(GRIDS), "--db", db_url]) == 0
    assert "nanxi_grids.geojson: 7 grid(s): 7 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["import", "events", str(EVENTS_CSV), "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "11 event(s) read as csv: 11 new, 0 already present; 3 outside every grid (unassigned)" in out
    assert main(["import", "events", str(EVENTS_CSV), "--db", db_url]) == 0
    assert "11 event(s) read as csv: 0 new, 11 already present" in capsys.readouterr().out
    assert main(["import", "events", str(REQUESTS), "--db", db_url, "--source", "12345"]) == 0
    assert "4 event(s) read as open311: 4 new" in capsys.readouterr().out
    assert _count(db_url, "events") == 15 and _count(db_url, "event_steps") == 15


def test_refused_import_prints_every_problem_and_writes_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_ = EVENTS_CSV.read_text(encoding="utf-8")
    bad = text_.replace("NX-0002,28.8620", "NX-0002,NaN").replace(",XG05,", ",夜间施工,")
    path = tmp_path / "events.csv"
    path.write_text(bad, encoding="utf-8")
    assert main(["import", "events", str(path), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("commandcenter: error: 2 problem(s) found; nothing was imported\n")
    assert "events.csv: line 3 (id NX-0002): lat: 'NaN': is not a finite number" in err
    assert "events.csv: line 4 (id NX-0003): category: '夜间施工': unknown category" in err
    assert _count(db_url, "events") == 0 and _count(db_url, "event_steps") == 0
    # With a default category the unknown one is accepted (the NaN is still refused).
    path.write_text(text_.replace(",XG05,", ",夜间施工,"), encoding="utf-8")
    assert main(["import", "events", str(path), "--db", db_url, "--default-category", "XG09"]) == 0
    assert _count(db_url, "events") == 11


def test_dry_run_and_missing_file(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "grids", str(GRIDS), "--db", db_url, "--dry-run"]) == 0
    assert "(dry run: nothing written)" in capsys.readouterr().out
    assert _count(db_url, "grids") == 0
    assert main(["import", "events", str(tmp_path / "nope.csv"), "--db", db_url]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err


def test_custom_field_names(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hotline.csv"
    path.write_text("工单号,纬度,经度,时间,类型\nH1,28.835,104.955,2024-05-03 08:15,XG02\n", encoding="utf-8")
    argv = ["import", "events", str(path), "--db", db_url]
    assert main(argv) == 1
    assert (
        "hotline.csv: line 1: id: required column is missing (name it with --id-field); columns present: 工单号, 纬度"
        in (capsys.readouterr().err)
    )
    fields = ["--id-field", "工单号", "--lat-field", "纬度", "--lon-field", "经度", "--time-field", "时间"]
    assert main([*argv, *fields, "--category-field", "类型"]) == 0
    assert "1 new" in capsys.readouterr().out


def test_export_events_and_grids(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "grids", str(GRIDS), "--db", db_url]) == 0
    assert main(["import", "events", str(EVENTS_CSV), "--db", db_url]) == 0
    capsys.readouterr()
    out = tmp_path / "events.geojson"
    assert main(["export", "events", "--db", db_url, "--format", "geojson", "--out", str(out)]) == 0
    assert f"{out}: 11 event(s) written as geojson" in capsys.readouterr().out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 11 and "crs" not in doc
    assert not (tmp_path / "events.geojson.part").exists()
    assert (
        main(["export", "events", "--db", db_url, "--format", "open311", "--out", "-", "--status", "closed"])
        == 0
    )
    assert json.loads(capsys.readouterr().out) == []
    assert (
        main(["export", "events", "--db", db_url, "--format", "csv", "--out", "-", "--from", "2000-01-01"])
        == 0
    )
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 11 + 1  # NX-0010 spans two lines
    assert main(["export", "grids", "--db", db_url, "--format", "csv", "--wkt", "--out", "-"]) == 0
    assert "POLYGON" in capsys.readouterr().out
    assert (
        main(
            [
                "export",
                "grids",
                "--db",
                db_url,
                "--format",
                "geojson",
                "--out",
                str(tmp_path / "no" / "g.json"),
            ]
        )
        == 2
    )
    assert "no such directory" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "events",
                "--db",
                db_url,
                "--format",
                "csv",
                "--out",
                "-",
                "--from",
                "2024-05-02",
                "--to",
                "2024-05-01",
            ]
        )
        == 2
    )


def test_bench_import_runs_in_a_temporary_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "import", "--db", db_url, "--n", "400", "--naive-sample", "40"]) == 0
    out = capsys.readouterr().out
    assert "ours (" in out and "naive ORM" in out and "x the naive row-by-row insert" in out
    # The configured database is left alone (the trail cannot be deleted, so nothing is written there).
    assert _count(db_url, "events") == 0 and _count(db_url, "grids") == 0
