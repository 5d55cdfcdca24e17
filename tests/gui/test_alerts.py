"""Alerts for new overdue and urgent cases: once each, visible, and audible when the setting asks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from commandcenter.db.engine import make_engine
from commandcenter.gui.alerts import AlertSound, AlertTracker
from commandcenter.gui.paths import resource
from commandcenter.services.queues import CaseRow
from tests.gui.conftest import NOW


def _row(i: int, priority: int = 0) -> CaseRow:
    return CaseRow(
        id=i,
        code=f"E{i}",
        title="t",
        category_id=1,
        category="c",
        category_en="c",
        status="in_progress",
        priority=priority,
        supervised=False,
        grid_code=None,
        grid_name=None,
        address=None,
        assignee=None,
        received_at=NOW,
        step_deadline=None,
        closed_at=None,
        lat=None,
        lon=None,
        version=1,
        light=None,
        time_left_s=None,
    )


OVERDUE = frozenset({"in_progress", "overdue"})
NOT_OVERDUE = frozenset({"in_progress"})


def test_the_tracker_alerts_each_new_overdue_case_once() -> None:
    t = AlertTracker()
    assert t.baseline({1: "E1", 2: "E2"}, scope="A") == []  # the first read is what is there
    assert t.check([_row(1)], {1: OVERDUE}) == []  # known overdue: not news
    assert [r.id for r in t.check([_row(3)], {3: OVERDUE})] == [3]
    assert t.check([_row(3)], {3: OVERDUE}) == []  # another change to it: not news again
    assert t.baseline({1: "E1", 2: "E2", 3: "E3", 4: "E4"}, scope="A") == [(4, "E4")]  # turned overdue
    assert t.baseline({1: "E1", 2: "E2", 3: "E3", 4: "E4"}, scope="A") == []
    # Out of the queue (a reply), then overdue again (a failed check): news again.
    assert t.check([_row(3)], {3: NOT_OVERDUE}) == []
    assert [r.id for r in t.check([_row(3)], {3: OVERDUE})] == [3]
    # Urgent: only when it arrives new, once.
    assert [r.id for r in t.check([_row(7, priority=2)], {7: NOT_OVERDUE}, new={7})] == [7]
    assert t.check([_row(7, priority=2)], {7: NOT_OVERDUE}, new={7}) == []
    assert t.check([_row(8, priority=2)], {8: NOT_OVERDUE}) == []  # changed, not new
    # A different selection of cases (the place filter changed) is not news.
    assert t.baseline({9: "E9", 10: "E10"}, scope="B") == []


def test_the_shipped_sound_is_a_short_clean_wav() -> None:
    import wave

    path = resource("sounds", "alert.wav")
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 44_100)
        seconds = w.getnframes() / w.getframerate()
        frames = w.readframes(w.getnframes())
    assert 0.2 < seconds < 1.0
    import array

    samples = array.array("h", frames)
    assert max(abs(x) for x in samples) > 8000  # audible
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # faded in and out: no click


def test_the_sound_plays_or_falls_back_without_blocking(qapp, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sound = AlertSound()
    played: list[str] = []
    reasons: list[str] = []
    sound.played.connect(played.append)
    sound.fallback.connect(reasons.append)
    assert sound.play() is None and played == []  # off by default: silent
    sound.set_enabled(True)
    for _ in range(3):
        start = time.perf_counter()
        mode = sound.play()
        assert time.perf_counter() - start < 0.2, "playing must not block the GUI thread"
        qtbot.wait(50)
    assert played == [mode] * 3 and mode in ("sound", "beep")
    if mode == "beep":  # offscreen CI machines have no audio output: the beep, and one message why
        assert len(reasons) == 1 and reasons[0] == sound.why != ""
    else:
        assert reasons == []

    missing = AlertSound(path=tmp_path / "nothing.wav")
    missing.set_enabled(True)
    assert missing.play() == "beep" and str(tmp_path) in missing.why


def _insert_case(url: str, *, deadline: datetime, priority: int = 0, title: str = "警报测试") -> int:
    """A new report written by a separate connection (a phone app's server)."""
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"

    def stamp(t: datetime) -> Any:
        return t.replace(tzinfo=None).isoformat(" ") if sqlite else t

    try:
        with engine.begin() as conn:
            grid_id, lon, lat = conn.execute(
                text("SELECT id, centroid_lon, centroid_lat FROM grids WHERE level = 'grid' ORDER BY code")
            ).first()
            category = conn.execute(text("SELECT id FROM categories ORDER BY id")).scalar()
            return conn.execute(
                text(
                    "INSERT INTO events (category_id, title, lat, lon, grid_id, status, priority, received_at, "
                    "step_started_at, step_deadline) VALUES (:c, :title, :lat, :lon, :g, 'reported', :p, :t, "
                    ":t, :d) RETURNING id"
                ),
                {
                    "c": category,
                    "title": title,
                    "lat": lat,
                    "lon": lon,
                    "g": grid_id,
                    "p": priority,
                    "t": stamp(NOW - timedelta(hours=3)),
                    "d": stamp(deadline),
                },
            ).scalar_one()
    finally:
        engine.dispose()


def _touch(url: str, case_id: int) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE events SET title = title || '!', version = version + 1 WHERE id = :i"),
                {"i": case_id},
            )
    finally:
        engine.dispose()


def _overdue_in_demo(url: str) -> int:
    engine = make_engine(url)
    now: Any = NOW.replace(tzinfo=None).isoformat(" ") if engine.dialect.name == "sqlite" else NOW
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT id FROM events WHERE status IN ('assigned','in_progress','rework') "
                    "AND step_deadline < :now ORDER BY id LIMIT 1"
                ),
                {"now": now},
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_new_overdue_case_is_signalled_once(make_window, demo_db_url, qtbot, screenshots) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url)
    qtbot.waitUntil(
        lambda: "live" in window.connLabel.text() or "实时" in window.connLabel.text(), timeout=10_000
    )
    window.actionSound.setChecked(True)  # View > Sound for new overdue or urgent cases
    assert window.settings.value("alerts/sound", type=bool) is True
    played: list[str] = []
    window.alert_sound.played.connect(played.append)
    qtbot.waitUntil(lambda: window.alert_tracker._based, timeout=5000)  # the refresh's overdue read

    # A change to a case that was overdue already (its queue never shown): no alert.
    old = _overdue_in_demo(demo_db_url)
    with qtbot.waitSignal(window.deltaApplied, timeout=5000, check_params_cb=lambda d: old in d.ids):
        _touch(demo_db_url, old)
    assert played == [] and window.alertLabel.text() == ""

    # A new report already past its verification limit: one alert.
    new_id = _insert_case(demo_db_url, deadline=NOW - timedelta(hours=1))
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    model = window.queues.models["verify"]
    qtbot.waitUntil(lambda: model.row_of(new_id) is not None, timeout=5000)
    code = model.rows[model.row_of(new_id)].code
    assert code and code in window.alertLabel.text()
    assert window.queues.tab_flashing()
    assert new_id in model.flashing()
    cell = model.index(model.row_of(new_id), 2)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    qtbot.wait(200)
    assert window.queuesDock.grab().save(str(screenshots / "alert_flash.png"))
    if played[0] == "beep":  # no audio device here: said once in the status bar
        assert window.statusBar().currentMessage()

    # Another change to the same overdue case: no second alert.
    with qtbot.waitSignal(window.deltaApplied, timeout=5000, check_params_cb=lambda d: new_id in d.ids):
        _touch(demo_db_url, new_id)
    qtbot.wait(300)
    assert len(played) == 1

    # A new urgent case (not overdue): one more; with the setting off, shown but silent.
    urgent = _insert_case(demo_db_url, deadline=NOW + timedelta(hours=2), priority=2, title="紧急警报测试")
    qtbot.waitUntil(lambda: len(played) == 2, timeout=5000)
    window.actionSound.setChecked(False)
    assert window.settings.value("alerts/sound", type=bool) is False
    quiet = _insert_case(demo_db_url, deadline=NOW - timedelta(minutes=5), title="静音测试")
    qtbot.waitUntil(lambda: model.row_of(quiet) is not None and quiet in model.flashing(), timeout=5000)
    assert len(played) == 2
    assert urgent != quiet


def test_a_case_turning_overdue_with_time_is_signalled_once(make_window, demo_db_url, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db_url, live=False)
    window.actionSound.setChecked(True)
    played: list[str] = []
    window.alert_sound.played.connect(played.append)
    qtbot.waitUntil(lambda: window.alert_tracker._based, timeout=5000)
    engine = make_engine(demo_db_url)
    later = NOW + timedelta(hours=6)
    params: dict[str, Any] = {"now": NOW, "later": later}
    if engine.dialect.name == "sqlite":
        params = {k: v.replace(tzinfo=None).isoformat(" ") for k, v in params.items()}
    with engine.connect() as conn:
        turning = conn.execute(
            text(
                "SELECT count(*) FROM events WHERE status IN ('reported','verified','routed','assigned',"
                "'in_progress','rework','replied','checked') AND step_deadline >= :now AND step_deadline < :later"
            ),
            params,
        ).scalar_one()
    engine.dispose()
    if turning == 0:
        pytest.skip("no case of the demo reaches its limit in the next six hours")
    window.now_fn = lambda: later  # six hours on: the periodic refresh finds the cases that turned overdue
    window.refresh_all()
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert window.alertLabel.text()
    window.refresh_all()
    qtbot.wait(1000)
    assert len(played) == 1, "the same overdue cases are not news on the next refresh"


_PLAY_SCRIPT = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from commandcenter.gui.alerts import AlertSound
sound = AlertSound()
sound.set_enabled(True)
end = time.monotonic() + 5
while sound.mode == "sound" and sound._effect.status() != sound._effect.Status.Ready and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
mode = sound.play()
end = time.monotonic() + 1.5
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
print(mode, sound.why)
"""


@pytest.mark.skipif(
    not (shutil.which("pulseaudio") and shutil.which("parec")),
    reason="needs a PulseAudio server to make an audio output (apt-get install pulseaudio pulseaudio-utils)",
)
def test_the_alert_reaches_a_real_audio_output(tmp_path: Path) -> None:
    """With an audio output (a PulseAudio null sink here), the WAV itself is played: record it back."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("PULSE_SERVER", None)
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--load=module-null-sink sink_name=cc_test",
         "--load=module-native-protocol-unix"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    recorder = None
    try:
        socket = runtime / "pulse" / "native"
        end = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < end:
            time.sleep(0.05)
        assert socket.exists(), "the PulseAudio server started"
        recorder = subprocess.Popen(
            # Small fragments: parec otherwise holds seconds of samples, lost when it is stopped.
            [
                "parec",
                "-d",
                "cc_test.monitor",
                "--raw",
                "--format=s16le",
                "--channels=1",
                "--rate=44100",
                "--latency-msec=20",
                "--process-time-msec=10",
            ],
            env=env,
            stdout=subprocess.PIPE,
        )
        # Play only once the recorder records: its first samples (the idle sink's silence) have
        # come. Started together, the alert could end before parec connected (a flaky silence).
        assert recorder.stdout is not None
        first = recorder.stdout.read(4410 * 2)  # 0.1 s
        assert len(first) == 4410 * 2, "the recorder is recording"
        root = Path(__file__).resolve().parents[2]
        out = subprocess.run(
            [sys.executable, "-c", _PLAY_SCRIPT],
            env={**env, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        assert out.split()[0] == "sound", out
        time.sleep(0.3)  # the last fragments reach the recorder
    finally:
        if recorder is not None:
            recorder.terminate()
        daemon.terminate()
        daemon.wait(10)
    assert recorder is not None
    rest, _ = recorder.communicate(timeout=10)
    data = first + rest
    import array

    samples = array.array("h", data)
    assert samples and max(abs(x) for x in samples) > 5000, "the alert was heard on the output"
