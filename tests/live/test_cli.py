"""`commandcenter simulate`, `watch`, `prune-changes` and `bench live` from the command line."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text

from commandcenter.cli import main
from commandcenter.demo.seed import SMALL, seed_demo
from tests.dbutil import DatabaseFactory
from tests.live.helpers import insert_people


@pytest.fixture
def small_demo_sqlite(db_factories: dict[str, DatabaseFactory]) -> str:
    factory = db_factories["sqlite"]
    return factory.copy(factory.template("live_sim_small_demo", lambda e: seed_demo(e, SMALL)))


def test_simulate_runs_and_prints_a_summary(
    small_demo_sqlite: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["simulate", "--db", small_demo_sqlite, "--rate", "20", "--duration", "1", "--seed", "3"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "citizen_report" in out  # one line per action
    assert "actions in" in err  # the summary


def test_simulate_on_a_database_without_grids_says_what_to_do(
    db_factories: dict[str, DatabaseFactory], capsys: pytest.CaptureFixture[str]
) -> None:
    factory = db_factories["sqlite"]
    empty = factory.copy(factory.template("empty"))
    assert main(["simulate", "--db", empty, "--duration", "1"]) == 2
    assert "run `commandcenter demo` first" in capsys.readouterr().err


def test_watch_prints_each_change(db_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    def write() -> None:
        insert_people(engine, ["cli1"])
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO events (category_id, title) VALUES (1, 'watch me')"))

    timer = threading.Timer(0.8, write)
    timer.start()
    # --from-seq 0: the writes may land before `watch` has started on a loaded machine; none may be missed.
    code = main(["watch", "--db", db_url, "--from-seq", "0", "--duration", "4"])
    timer.join()
    out, err = capsys.readouterr()
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2, out
    assert "people" in lines[0] and "insert" in lines[0] and " ms " in lines[0]
    assert "events" in lines[1] and "v1" in lines[1] and "reported" in lines[1] and " E" in lines[1]
    assert "[feed] live" in err and "resume with --from-seq" in err


def test_watch_from_seq_replays(db_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    insert_people(engine, ["r1", "r2"])
    assert main(["watch", "--db", db_url, "--from-seq", "0", "--duration", "1"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_prune_changes(db_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    insert_people(engine, ["x1", "x2", "x3"])
    assert main(["prune-changes", "--db", db_url, "--days", "0"]) == 0
    assert "deleted 2 change-log rows" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_bench_live_prints_its_table(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.dbutil import PG_ADMIN_URL

    args = ["bench", "live", "--backend", kind, "--rates", "50", "--seconds", "1", "--db", PG_ADMIN_URL]
    assert main(args) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith(kind))
    cells = row.split()
    assert cells[1:6] == ["50", "1", "50", "50", "0"]  # rate, connections, written, received, lost
    assert "30s-poll p50 s" in out
