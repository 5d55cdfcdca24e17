"""The morning brief: due at the set time, once a day, caught up after a late start; a real run."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from commandcenter.gui.brief.scheduler import RECHECK_MS, AutoBrief, DailyBriefScheduler, pdf_generator
from tests.brief import expected as x


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=x.TZ)


def make(tmp_path: Path, clock: list[datetime], generate, enabled: bool = True) -> DailyBriefScheduler:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    AutoBrief(enabled, time(7, 30), tmp_path / "out", "").save(settings)
    return DailyBriefScheduler(generate, settings, clock=lambda: clock[0])


def test_due_once_a_morning(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[date, str | None, Path]] = []

    def generate(day, unit, path, done):  # type: ignore[no-untyped-def]
        calls.append((day, unit, path))
        path.write_bytes(b"%PDF-1.4")
        done(path, None)

    clock = [local(2026, 11, 20, 7, 0)]
    s = make(tmp_path, clock, generate)
    s.check()
    assert calls == [] and s.timer.isActive()
    assert s.next_check_ms() == RECHECK_MS  # 30 min to go: look again in 5
    clock[0] = local(2026, 11, 20, 7, 28)
    assert s.next_check_ms() == 2 * 60 * 1000  # wakes at 07:30 sharp

    clock[0] = local(2026, 11, 20, 7, 30)
    with qtbot.waitSignal(s.generated, timeout=1000) as signal:
        s.check()
    assert calls == [(date(2026, 11, 19), None, tmp_path / "out" / "日报-2026-11-19-全区.pdf")]
    assert signal.args == [str(calls[0][2])]
    s.check()  # the file is there: not again
    clock[0] = local(2026, 11, 20, 22, 0)
    s.check()
    assert len(calls) == 1

    clock[0] = local(2026, 11, 21, 9, 45)  # the app started late the next day: caught up at once
    s.check()
    assert [c[0] for c in calls] == [date(2026, 11, 19), date(2026, 11, 20)]


def test_disabled_does_nothing_and_failures_are_signalled(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = [local(2026, 11, 20, 8, 0)]
    s = make(tmp_path, clock, lambda *a: pytest.fail("must not run"), enabled=False)
    s.check()
    assert not s.timer.isActive() and s.due_day() is None

    s = make(tmp_path, clock, lambda day, unit, path, done: done(None, "disk full"))
    with qtbot.waitSignal(s.failed, timeout=1000) as signal:
        s.check()
    assert signal.args == ["disk full"]


def test_settings_round_trip(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    AutoBrief(True, time(6, 5), tmp_path / "b", "511503001").save(settings)
    again = AutoBrief.load(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again == AutoBrief(True, time(6, 5), tmp_path / "b", "511503001")
    assert again.path_for(date(2026, 11, 19)).name == "日报-2026-11-19-511503001.pdf"


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_real_morning_brief(qtbot, demo_db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = [local(2026, 11, 20, 7, 45)]
    s = make(tmp_path, clock, pdf_generator(demo_db_url))
    with qtbot.waitSignal(s.generated, timeout=60_000) as signal:
        s.check()
    pdf = Path(signal.args[0])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "网格治理工作日报" in text and "2026年11月19日" in text
