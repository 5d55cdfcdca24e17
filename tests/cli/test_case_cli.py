"""`commandcenter case ...`, `kpi` and `bench kpi` as a person would type them, on the demo database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from commandcenter.cli import main
from tests.dbutil import PG_ADMIN_URL

GRID = "511503001001003"  # township 511503001: operators O0011/O0012


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def centroid(url: str) -> tuple[str, str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        lon, lat = conn.execute(
            text("SELECT centroid_lon, centroid_lat FROM grids WHERE code = :c"), {"c": GRID}
        ).one()
    engine.dispose()
    return str(lon), str(lat)


def test_a_case_walks_the_whole_loop_from_the_command_line(
    demo_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db_url)
    lon, lat = centroid(demo_db_url)
    status, out, err = run(capsys, "case", "report", "--as", "R00001", "--lat", lat, "--lon", lon,
                           "--category", "XG02", "--title", "楼道堆放杂物", "--media", "m/1.jpg", *db)  # fmt: skip
    assert status == 0, err
    code = out.split(":")[0]
    assert code.startswith("E") and "新上报 reported (version 1)" in out

    steps = [
        ("verify", "--as", "O0011", "--note", "属实"),
        ("route", "--as", "O0011"),  # the suggestion: the category's department, LG02
        ("assign", "--as", "GLG02S", "--to", "GLG02L"),
        ("accept", "--as", "GLG02L"),
        ("extend", "--as", "GLG02L", "--hours", "24", "--reason", "需协调"),
        ("approve-extension", "--as", "L001"),
        ("park", "--as", "O0011", "--reason", "等待业主"),
        ("resume", "--as", "O0011"),
        ("reply", "--as", "GLG02L", "--result", "已清理", "--media", "m/2.jpg"),
        ("check", "--as", "O0011", "--fail", "--note", "未清理干净"),
        ("reply", "--as", "GLG02L", "--result", "已全部清理"),
        ("check", "--as", "O0011", "--pass"),
        ("rate", "--as", "R00001", "--stars", "5", "--comment", "满意"),
        ("close", "--as", "O0011"),
        ("reopen", "--as", "O0011", "--reason", "又堆上了"),
        ("supervise", "--as", "L001", "--note", "尽快"),
        ("reply", "--as", "GLG02L", "--result", "再次清理"),
        ("check", "--as", "O0011", "--pass"),
        ("close", "--as", "O0011", "--version", "19"),
    ]
    expected = ["已核实", "已分流", "已交办", "处置中", "处置中", "处置中", "挂账", "处置中", "已回复", "返工",
                "已回复", "已核查", "已核查", "已结案", "处置中", "处置中", "已回复", "已核查", "已结案"]  # fmt: skip
    for (action, *rest), label in zip(steps, expected, strict=True):
        status, out, err = run(capsys, "case", action, code, *rest, *db)
        assert status == 0, (action, err)
        assert out.startswith(f"{code}: ") and f"-> {label}" in out, out

    status, out, err = run(capsys, "case", "show", code, *db)
    assert status == 0, err
    assert "已结案 closed" in out and "trail 全程留痕 (20 steps" in out
    for label in ("事件上报 report", "申请延期 request extension", "挂账 park", "核查不通过 check fail",
                  "评价 rate", "重新打开 reopen", "督办 supervise"):  # fmt: skip
        assert label in out
    assert "responsible=logical:LG02" in out and "stars=5" in out

    status, out, _ = run(capsys, "case", "show", code, "--format", "json", *db)
    shown = json.loads(out)
    assert [t["step"] for t in shown["trail"]][:3] == ["report", "verify", "route"]
    assert set(shown["next_steps"]) == {"rate", "reopen"}
    status, out, _ = run(capsys, "case", "audit", code, *db)
    assert status == 0 and "agree" in out


def test_refusals_print_one_clear_line_and_exit_2(
    demo_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db_url)
    lon, lat = centroid(demo_db_url)
    _, out, _ = run(capsys, "case", "report", "--as", "R00001", "--lat", lat, "--lon", lon, "--category", "XG02",
                    "--title", "t", *db)  # fmt: skip
    code = out.split(":")[0]

    status, out, err = run(capsys, "case", "close", code, "--as", "O0011", *db)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        f"commandcenter: error: not allowed: case {code} is 新上报 reported; step 结案 close"
    )

    status, _, err = run(capsys, "case", "verify", code, "--as", "W00001", *db)
    assert status == 2 and "permission denied:" in err and "only operator, admin may" in err

    status, _, err = run(capsys, "case", "verify", code, "--as", "O0021", *db)
    assert status == 2 and "is an operator of" in err

    assert run(capsys, "case", "verify", code, "--as", "O0011", "--version", "1", *db)[0] == 0
    status, _, err = run(capsys, "case", "void", code, "--as", "O0012", "--version", "1", *db)
    assert status == 2 and "conflict:" in err and "已核实 verified (version 2)" in err

    status, _, err = run(capsys, "case", "route", code, "--as", "O0011", "--to", "logical:LG99", *db)
    assert status == 2 and "not found:" in err
    status, _, err = run(capsys, "case", "show", "E19990101-0000001", *db)
    assert status == 2 and "no case" in err

    # Nothing of the refused steps was written.
    _, out, _ = run(capsys, "case", "show", code, "--format", "json", *db)
    assert [t["step"] for t in json.loads(out)["trail"]] == ["report", "verify"]


def test_kpi_prints_the_ranking_and_json(demo_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", demo_db_url)
    status, out, err = run(
        capsys, "kpi", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "township", *db
    )
    assert status == 0, err
    assert "结案率" in out and "按期结案率" in out and "满意率" in out and "沙坪街道" in out
    assert "district" in out

    status, out, err = run(capsys, "kpi", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "logical-grid",
                           "--format", "json", *db)  # fmt: skip
    assert status == 0, err
    doc = json.loads(out)
    assert len(doc["units"]) == 16 and doc["district"]["counts"]["closed"] > 0
    assert [u["position"] for u in doc["units"]] == sorted(u["position"] for u in doc["units"])
    assert set(doc["units"][0]["measures"]) >= {"closure_rate", "satisfaction_rate"}
    assert doc["units"][0]["grade"] in "ABCDE"

    status, out, _ = run(capsys, "kpi", "--from", "2026-11-01", "--to", "2026-11-30", "--unit", "logical:LG02",
                         "--format", "json", *db)  # fmt: skip
    assert status == 0 and json.loads(out)["units"][0]["code"] == "LG02"

    status, _, err = run(capsys, "kpi", "--from", "2026-11-30", "--to", "2026-11-01", *db)
    assert status == 2 and "before" in err
    status, _, err = run(
        capsys, "kpi", "--from", "2026-11-01", "--to", "2026-11-30", "--unit", "nowhere", *db
    )
    assert status == 2 and "--unit" in err


@pytest.mark.postgres
def test_bench_kpi_runs_on_a_temporary_database(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "bench", "kpi", "--server", PG_ADMIN_URL, "--events", "3000", "--runs", "1"
    )
    assert status == 0, err
    assert "results agree" in out and "Python / SQL" in out
    engine = create_engine(PG_ADMIN_URL)
    with engine.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM pg_database WHERE datname LIKE 'cc_bench_kpi_%'")
        ).scalar()
    engine.dispose()
    assert left == 0


def test_a_liaison_tasks_a_grid_worker_and_a_worker_fixes_on_the_spot(
    demo_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db_url)
    status, out, err = run(capsys, "case", "task", "--as", "GLG03S", "--to", f"grid:{GRID}", "--category", "JD08",
                           "--title", "核查无证经营", "--deadline", "2026-12-31", *db)  # fmt: skip
    assert status == 0, err
    assert "派发任务 task -> 已交办 assigned" in out
    code = out.split(":")[0]
    _, out, _ = run(capsys, "case", "show", code, "--format", "json", *db)
    fields = json.loads(out)["fields"]
    worker = fields["assignee 处置人"].split("(")[1].rstrip(")")
    assert fields["deadline 处置时限"].startswith("2027-01-01T00:00")  # the end of Dec 31, China time
    assert run(capsys, "case", "accept", code, "--as", worker, *db)[0] == 0

    lon, lat = centroid(demo_db_url)
    status, out, err = run(capsys, "case", "self-handle", "--as", worker, "--lat", lat, "--lon", lon,
                           "--category", "XG07", "--title", "垃圾满溢", "--result", "已清运", *db)  # fmt: skip
    assert status == 0, err
    assert "自办 self-handle -> 已回复 replied" in out
    status, _, err = run(capsys, "case", "self-handle", "--as", "R00001", "--lat", lat, "--lon", lon,
                         "--category", "XG07", "--title", "t", "--result", "r", *db)  # fmt: skip
    assert status == 2 and "permission denied" in err
