"""Pushing new overdue and urgent cases at the operator: which ones, once each, and the sound.

`AlertTracker` decides: a case is alerted when it enters the overdue queue, or arrives new with
priority 2 or more (urgent), and only once while it stays overdue (a later change to the same overdue
case is not news; leaving the queue and coming back is). `AlertSound` plays resources/sounds/alert.wav
through QtMultimedia's QSoundEffect when the setting asks for it. Offscreen, on a server without sound
or where QtMultimedia cannot load (its libpulse missing), it falls back to QApplication.beep() and
says so once. Nothing here waits: QSoundEffect loads and plays on its own thread, and is loaded
ahead when the setting is turned on.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QApplication

from commandcenter.gui.paths import resource
from commandcenter.services.queues import CaseRow

log = logging.getLogger(__name__)

URGENT_PRIORITY = 2
ALERT_WAV = ("sounds", "alert.wav")

Mode = Literal["sound", "beep"]


class AlertTracker:
    """Which cases are news: newly overdue, or newly arrived and urgent; each once.

    It remembers the overdue cases it knows of: those read by the window's refreshes (`baseline`,
    every minute: this is how a case that turned overdue with time alone, without any change in the
    database, is found) and those it alerted. A case is forgotten only when a change shows it out of
    the overdue queue, so its next overdue spell is news again.
    """

    def __init__(self) -> None:
        self._known: set[int] = set()  # overdue cases already known or alerted
        self._urgent: set[int] = set()  # new urgent cases already alerted
        self._scope: Hashable = None
        self._based = False

    def baseline(self, overdue: Mapping[int, str], scope: Hashable = None) -> list[tuple[int, str]]:
        """The overdue cases a refresh read (id -> code): those not known before, i.e. newly overdue.

        The first read, and a read with another scope (the place or category filter changed), only
        records what is there: a different selection of cases is not news.
        """
        if not self._based or scope != self._scope:
            self._based, self._scope = True, scope
            self._known = set(overdue)
            return []
        fresh = [(i, code) for i, code in overdue.items() if i not in self._known]
        self._known.update(overdue)
        return fresh

    def check(
        self,
        rows: Sequence[CaseRow],
        membership: Mapping[int, frozenset[str]],
        already_overdue: Iterable[int] = (),
        new: Iterable[int] = (),
        removed: Iterable[int] = (),
    ) -> list[CaseRow]:
        """The changed rows to alert, in the order given.

        `already_overdue`: cases the overdue queue held before this change (not news);
        `new`: ids inserted by this change; `removed`: ids that left every view.
        """
        seen = set(already_overdue)
        fresh = set(new)
        for i in removed:
            self._known.discard(i)
        hits: list[CaseRow] = []
        for r in rows:
            overdue = "overdue" in membership.get(r.id, frozenset())
            hit = overdue and r.id not in seen and r.id not in self._known
            if overdue:
                self._known.add(r.id)
            else:
                self._known.discard(r.id)  # out of the queue: its next overdue spell is news again
            if r.id in fresh and r.priority >= URGENT_PRIORITY and r.id not in self._urgent:
                self._urgent.add(r.id)
                hit = True
            if hit:
                hits.append(r)
        return hits


class AlertSound(QObject):
    """The alert's sound: the shipped WAV through QSoundEffect, else the system beep."""

    played = Signal(str)  # "sound" or "beep"
    fallback = Signal(str)  # why there is no real sound (emitted once)

    def __init__(self, parent: QObject | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.path = path or resource(*ALERT_WAV)
        self.enabled = False
        self._effect: Any = None
        self._mode: Mode | None = None  # decided on first use
        self._why = ""
        self._told = False

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on:
            self.prepare()  # load now, so the first alert plays at once

    def prepare(self) -> Mode:
        """Decide once how alerts sound (creating the effect touches the audio system)."""
        if self._mode is not None:
            return self._mode
        self._mode, self._why = self._open()
        if self._mode == "beep":
            log.info("alert sound falls back to the system beep: %s", self._why)
        return self._mode

    def _open(self) -> tuple[Mode, str]:
        if not self.path.is_file():
            return "beep", self.tr("the sound file %1 is missing").replace("%1", str(self.path))
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:  # e.g. libpulse.so.0 not installed
            return "beep", self.tr("Qt Multimedia cannot load: %1").replace("%1", str(exc))
        if not QMediaDevices.audioOutputs():
            return "beep", self.tr("no audio output device")
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(self.path)))
        effect.setVolume(0.8)
        self._effect = effect
        return "sound", ""

    @property
    def mode(self) -> Mode | None:
        return self._mode

    @property
    def why(self) -> str:
        return self._why

    def play(self) -> Mode | None:
        """Sound the alert if enabled; returns how (None: the setting is off)."""
        if not self.enabled:
            return None
        mode = self.prepare()
        if mode == "sound":
            from PySide6.QtMultimedia import QSoundEffect

            if self._effect.status() == QSoundEffect.Status.Error:
                # The device refused the file (format, device gone): beep from now on.
                self._mode, self._effect = "beep", None
                self._why = self.tr("the audio device cannot play the alert sound")
                mode = "beep"
            else:
                self._effect.play()
        if mode == "beep":
            QApplication.beep()
            if not self._told:
                self._told = True
                self.fallback.emit(self._why)
        self.played.emit(mode)
        return mode
