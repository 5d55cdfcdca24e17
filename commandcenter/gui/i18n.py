"""Languages: Simplified Chinese by default, English selectable, through Qt's translation files.

The source strings are English; resources/translations/commandcenter_<lang>.ts holds the translations.
The .qm files are compiled from the .ts by pyside6-lrelease (.ci/setup does it); when a .qm is missing
or older than its .ts we compile it into the user's cache directory at start-up.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from commandcenter.gui.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


def _lrelease() -> str | None:
    found = shutil.which("pyside6-lrelease")
    if found:
        return found
    candidate = Path(sys.executable).with_name("pyside6-lrelease")
    return str(candidate) if candidate.exists() else None


def qm_file(lang: str) -> Path | None:
    """The compiled translation for `lang`, compiling it if needed (None if impossible)."""
    ts = resource("translations", f"commandcenter_{lang}.ts")
    if not ts.is_file():
        return None
    beside = ts.with_suffix(".qm")
    if beside.is_file() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    cached = Path(user_cache_dir("commandcenter", appauthor=False)) / "translations" / beside.name
    if cached.is_file() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    tool = _lrelease()
    if tool is None:
        log.warning("no pyside6-lrelease to compile %s", ts)
        return beside if beside.is_file() else None
    cached.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "-silent", str(ts), "-qm", str(cached)], check=False, timeout=60)
    return cached if cached.is_file() else None


# The translators in the application now, whichever Translators object installed them: the language is
# the application's, so choosing one always replaces the last choice.
_INSTALLED: list[QTranslator] = []


class Translators:
    """Installs our translator and Qt's own (dialog buttons etc.) for one language at a time."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.lang = "en"
        self._installed = _INSTALLED

    def use(self, lang: str) -> str:
        for t in self._installed:
            self.app.removeTranslator(t)
        self._installed.clear()
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        if self.lang != "en":
            ours = QTranslator(self.app)
            path = qm_file(self.lang)
            if path is not None and ours.load(str(path)):
                self.app.installTranslator(ours)
                self._installed.append(ours)
            qt = QTranslator(self.app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(QLocale(self.lang), "qtbase", "_", qt_dir):
                self.app.installTranslator(qt)
                self._installed.append(qt)
        QLocale.setDefault(QLocale(self.lang if self.lang != "en" else "en_US"))
        return self.lang

    @property
    def zh(self) -> bool:
        return self.lang.startswith("zh")
