"""`commandcenter db ...`, `demo` and `bench assign` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from commandcenter.cli import main


def test_demo_then_bench_assign_on_a_new_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'center.sqlite'}"
    assert main(["db", "current", "--db", url]) == 0
    assert "(no schema)" in capsys.readouterr().out
    assert main(["demo", "--small", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "600" in out
    assert main(["db", "current", "--db", url]) == 0
    assert "up to date" in capsys.readouterr().out
    # A second demo into the same database is refused, not doubled.
    assert main(["demo", "--small", "--db", url]) == 2
    assert "already has grids" in capsys.readouterr().err
    assert main(["bench", "assign", "--db", url, "--points", "20000", "--naive-sample", "300"]) == 0
    out = capsys.readouterr().out
    assert "40 grids" in out
    assert "(ours)" in out and "naive" in out and "NO" not in out


def test_bad_demo_position_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert main(["demo", "--small", "--lat", "128.8", "--db", url]) == 2
    assert "not a WGS84 position" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["db", "current"], ["demo", "--small"], ["bench", "gui"]])
def test_a_database_that_does_not_exist_is_said_so(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/cc_no_such_database"
    assert main([*command, "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("commandcenter: error: cannot use the database:")
    assert 'database "cc_no_such_database" does not exist' in err and "Traceback" not in err
