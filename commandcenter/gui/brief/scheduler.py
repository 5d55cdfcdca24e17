"""Generating the brief every morning into a folder (optional, off by default).

Settings (QSettings, the app's own): brief/auto/enabled, brief/auto/time ("HH:MM"),
brief/auto/folder, brief/auto/unit (empty = the district). Each morning at the set time the brief of
the day before is written to `<folder>/日报-<day>-<unit>.pdf`. The check runs at the set time and at
least every few minutes, so a machine that was asleep or an app started late catches up the same
morning; an existing file is never regenerated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer, Signal

from commandcenter.domain.calendar import DEFAULT_TZ

KEY = "brief/auto/"
RECHECK_MS = 5 * 60 * 1000  # re-evaluate at least this often (sleep, clock changes)


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / "网格治理日报"


@dataclass(frozen=True)
class AutoBrief:
    enabled: bool = False
    at: time = time(7, 30)
    folder: Path = Path()
    unit: str = ""  # empty: the district

    @classmethod
    def load(cls, settings: QSettings) -> AutoBrief:
        raw = str(settings.value(KEY + "time", "07:30"))
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
        at = time(int(match[1]) % 24, int(match[2]) % 60) if match else time(7, 30)
        enabled = str(settings.value(KEY + "enabled", "false")).lower() in ("true", "1")
        folder = Path(str(settings.value(KEY + "folder", "") or default_folder()))
        return cls(enabled, at, folder, str(settings.value(KEY + "unit", "") or ""))

    def save(self, settings: QSettings) -> None:
        settings.setValue(KEY + "enabled", self.enabled)
        settings.setValue(KEY + "time", self.at.strftime("%H:%M"))
        settings.setValue(KEY + "folder", str(self.folder))
        settings.setValue(KEY + "unit", self.unit)
        settings.sync()

    def path_for(self, day: date) -> Path:
        return self.folder / f"日报-{day.isoformat()}-{self.unit or '全区'}.pdf"


# generate(day, unit code or None, path, on_done(path or None, error or None))
Generate = Callable[[date, str | None, Path, Callable[[Path | None, str | None], None]], None]


class DailyBriefScheduler(QObject):
    """Writes yesterday's brief once a day at the set time. `clock` and `generate` are injectable."""

    generated = Signal(str)  # the PDF's path
    failed = Signal(str)

    def __init__(
        self,
        generate: Generate,
        settings: QSettings | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._generate = generate
        self._settings = settings or QSettings()
        self._clock = clock
        self._busy = False
        self.config = AutoBrief.load(self._settings)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def reload(self) -> None:
        """Read the settings again (the dialog saved them) and re-arm."""
        self.config = AutoBrief.load(self._settings)
        self.check()

    def local_now(self) -> datetime:
        return self._clock().astimezone(DEFAULT_TZ)

    def due_day(self, now: datetime | None = None) -> date | None:
        """The day whose brief should exist by now, if its file is missing (None: nothing to do)."""
        local = (now or self._clock()).astimezone(DEFAULT_TZ)
        if not self.config.enabled or local.time() < self.config.at:
            return None
        day = local.date() - timedelta(days=1)
        return None if self.config.path_for(day).exists() else day

    def next_check_ms(self, now: datetime | None = None) -> int:
        """Milliseconds to the next set time, at most RECHECK_MS."""
        local = (now or self._clock()).astimezone(DEFAULT_TZ)
        target = datetime.combine(local.date(), self.config.at, tzinfo=DEFAULT_TZ)
        if target <= local:
            target += timedelta(days=1)
        return max(1000, min(RECHECK_MS, int((target - local).total_seconds() * 1000)))

    def check(self) -> None:
        """Generate the brief if one is due, then re-arm the timer (stopped while disabled)."""
        if not self.config.enabled:
            self.timer.stop()
            return
        day = self.due_day()
        if day is not None and not self._busy:
            self._busy = True
            path = self.config.path_for(day)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._generate(day, self.config.unit or None, path, self._done)
        self.timer.start(self.next_check_ms())

    def _done(self, path: Path | None, error: str | None) -> None:
        self._busy = False
        if error is not None or path is None:
            self.failed.emit(error or "unknown error")
        else:
            self.generated.emit(str(path))


def pdf_generator(db_url: str) -> Generate:
    """The real `generate`: content on a pool thread, pages on the GUI thread (where Qt draws)."""
    from commandcenter.gui.brief.render import render_pdf
    from commandcenter.gui.brief.worker import start_build

    def generate(
        day: date, unit: str | None, path: Path, done: Callable[[Path | None, str | None], None]
    ) -> None:
        job = start_build(db_url, day, unit)  # the worker module keeps it until it has reported

        def built(brief: object) -> None:
            try:
                render_pdf(brief, path)  # type: ignore[arg-type]
            except Exception as exc:  # a full disk, a folder that went away
                done(None, str(exc))
            else:
                done(path, None)

        def failed(message: str) -> None:
            done(None, message)

        job.signals.done.connect(built)
        job.signals.failed.connect(failed)

    return generate


_installed: DailyBriefScheduler | None = None


def install_daily_brief(db_url: str, parent: QObject | None = None) -> DailyBriefScheduler:
    """Start the morning brief for the app (the main window calls this once, at start-up)."""
    global _installed
    current = installed_scheduler()
    if current is None:
        _installed = current = DailyBriefScheduler(pdf_generator(db_url), parent=parent)
        current.check()
    return current


def installed_scheduler() -> DailyBriefScheduler | None:
    """The app's scheduler; None once the window that owned it is gone (a new one installs its own)."""
    global _installed
    if _installed is not None and not shiboken6.isValid(_installed):
        _installed = None
    return _installed
