"""`commandcenter brief` and `commandcenter bench brief`, run as a user would (separate processes,
no display)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dbutil import PG_ADMIN_URL


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from commandcenter.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.mark.parametrize("backend", ["sqlite"])
def test_brief_command_writes_the_pdf_without_a_display(demo_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    done = run("brief", "--db", demo_db_url, "--date", "2026-11-19", "--unit", "511503001", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and "沙坪街道 2026-11-19" in done.stdout
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("backend", ["sqlite"])
def test_brief_command_refuses_clearly(demo_db_url: str, tmp_path: Path) -> None:
    done = run(
        "brief",
        "--db",
        demo_db_url,
        "--date",
        "2026-11-19",
        "--unit",
        "NOPE",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert done.returncode == 2 and "no grid or logical grid has the code 'NOPE'" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("brief", "--db", demo_db_url, "--date", "19.11.2026", "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "not a date" in done.stderr


@pytest.mark.postgres
@pytest.mark.slow
def test_bench_brief_creates_times_and_drops_its_database(tmp_path: Path) -> None:
    from sqlalchemy import text

    from tests.dbutil import pg_admin_engine

    done = run(
        "bench",
        "brief",
        "--events",
        "5000",
        "--runs",
        "1",
        "--server",
        PG_ADMIN_URL,
        "--out",
        str(tmp_path / "b.pdf"),
    )
    assert done.returncode == 0, done.stderr
    assert "5,000 synthetic events" in done.stdout and "median run: queries" in done.stdout
    assert (tmp_path / "b.pdf").stat().st_size > 20_000
    (name,) = re.findall(r"database (cc_bench_brief_\w+):", done.stderr)
    engine = pg_admin_engine()
    with engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
    engine.dispose()
    assert left == 0  # dropped after the run
