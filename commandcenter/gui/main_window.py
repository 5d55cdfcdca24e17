"""The command-center window: map in the middle; queues, places, profile and case in docks.

The window is the controller: it keeps the filter, the selection and who the app acts as, sends
every database question to the worker pool (jobs.py) and hands the plain answers to the views.
Live changes arrive from the LiveHub as coalesced ChangeSets; only the changed cases are re-read.
"""

from __future__ import annotations

import html
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QWidget
from sqlalchemy.engine import make_url

from commandcenter.domain.calendar import center_time
from commandcenter.domain.status import Step
from commandcenter.gui import jobs
from commandcenter.gui.actions import (
    CHECK_STEPS,
    NEEDS_PERSON,
    NEEDS_UNIT,
    is_conflict,
    is_refusal,
    take_step,
)
from commandcenter.gui.alerts import AlertSound, AlertTracker
from commandcenter.gui.case_panel import CasePanel, latest_reply, step_text
from commandcenter.gui.filter_bar import FilterBar
from commandcenter.gui.i18n import Translators
from commandcenter.gui.liaison import install_liaison_dock
from commandcenter.gui.live import ChangeSet, LiveHub
from commandcenter.gui.map import prestart
from commandcenter.gui.map.prestart import page_labels
from commandcenter.gui.map.view import MapView
from commandcenter.gui.paths import missing_map_assets, resource
from commandcenter.gui.profile_panel import ProfilePanel
from commandcenter.gui.queues_panel import QueuesPanel
from commandcenter.gui.refusals import Refusals
from commandcenter.gui.step_dialog import StepDialog
from commandcenter.gui.tree_panel import TreePanel
from commandcenter.gui.uiload import load_into, retranslate_form
from commandcenter.gui.worker import DbExecutor
from commandcenter.services import people_picker
from commandcenter.services import queues as q

log = logging.getLogger(__name__)

PAINT_WAIT_MS = 200  # the longest start() waits for the window's first paint
MAP_WAIT_MS = 5000  # the longest the queues wait for the map's first complete frame
AFTER_PAINT_MS = 150  # the longest a batch's queue update waits for the map's frame
PERIODIC_REFRESH_MS = 60_000  # lights turn yellow/red with time alone, without any database change


class MainWindow(QMainWindow):
    """Built from ui/main_window.ui."""

    # start(): the reads wait for the window's first paint. A class attribute: event() runs while
    # the form is loaded, before __init__ has set anything.
    _awaiting_paint = False

    firstScreen = Signal()
    deltaApplied = Signal(object)
    countsApplied = Signal(object)
    caseShown = Signal(int)
    stepDone = Signal(object)

    def __init__(
        self,
        executor: DbExecutor,
        url: str,
        translators: Translators,
        settings: QSettings,
        now_fn: Callable[[], datetime] | None = None,
        live: bool = True,
    ) -> None:
        super().__init__()
        load_into(self, "main_window.ui")
        self.executor = executor
        self.url = url
        self.translators = translators
        self.settings = settings
        self.now_fn = now_fn or (lambda: datetime.now(UTC))
        self.timings: dict[str, float] = {"start": time.perf_counter()}
        self.unit: tuple[str, str, str] | None = None  # kind, code, name
        self.case_id: int | None = None
        self.static: jobs.StaticData | None = None
        self._dirty_queues: set[str] = set(q.QUEUE_KEYS)
        self._profile_dirty = False
        self._first_screen_done = False
        self._pending_first: set[str] = {"map", "queues", "static"}  # static: the tree, the filters
        # Sequence numbers of the first grid shapes, grid counts and cases sent to the map page: the
        # map is complete once a frame after all of them is painted.
        self._map_first: dict[str, int] = {}
        self._busy_step = False
        self._step_taken = ""  # the step last sent to the services (its refusal names it)
        # GUI-thread work that can wait for the map's first complete frame (filling the queues, the
        # brief's scheduler): Chromium's side of the page runs on this thread, so time spent here
        # before then delays the map. None once the map is complete (see _after_map).
        self._until_map: list[Callable[[], None]] | None = []
        self._tree_counts: dict[str, tuple[int, int]] | None = None
        self._map_flt: q.CaseFilter | None = None
        self._after_paint: list[tuple[int, Callable[[], None]]] = []  # (map message, then this)
        self._tree_changed: set[str] = set()

        # Views. The map page (no data in it) was started with the application (map/prestart.py) or
        # starts loading now: Chromium starts while the window is built and the database is read.
        self._basemap_setting = str(self.settings.value("map/basemap_url", "") or "") or None
        labels = page_labels()
        started = prestart.take(labels, self._basemap_setting)
        self.map = started or MapView(self.mapHost)
        self.mapLayout.addWidget(self.map)
        if started is None:
            self.map.load_page(labels, self._basemap_setting)
        else:
            self.map.show()
        self.queues = QueuesPanel(self.queueTabs, self.zh)
        self.tree = TreePanel(self.gridTree, self.treeFilter)
        self.profile = ProfilePanel(self.profileTitle, self.profileFacts, self.chartHost)
        self.case = CasePanel(
            self.caseTitle,
            self.caseClock,
            self.caseMessage,
            self.stepButtons,
            self.caseTrail,
            self.caseFields,
            self.caseMedia,
            self._field_label,
        )
        self.filters = FilterBar(self.filterBar)
        self.filters.zh = self.zh
        self.tabifyDockWidget(self.profileDock, self.caseDock)
        self.resizeDocks([self.treeDock], [260], Qt.Orientation.Horizontal)
        self.resizeDocks([self.profileDock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.queuesDock], [300], Qt.Orientation.Vertical)
        self._status_widgets()
        self._menus()

        # Wiring: views -> controller.
        self.queues.caseSelected.connect(lambda i: self.select_case(i, pan=True))
        self.queues.visibleQueueChanged.connect(self._queue_shown)
        self.tree.unitSelected.connect(lambda kind, code: self.select_unit(kind, code, from_tree=True))
        self.map.caseClicked.connect(lambda i: self.select_case(i, pan=False))
        self.map.gridClicked.connect(lambda code: self.select_unit("grid", code, from_map=True))
        self.map.ready.connect(self._map_ready)
        self.map.painted.connect(self._map_painted)
        if self.map.is_ready:  # a started page that became ready before this window existed
            self._map_ready()
        self.case.stepRequested.connect(self._step_requested)
        self.filters.filterChanged.connect(self.refresh_all)
        self.filters.searchRequested.connect(self._search)
        self.filters.actingChanged.connect(self._acting_changed)
        self.filters.placeCleared.connect(self._place_cleared)
        self.profileDock.visibilityChanged.connect(self._profile_visible)
        self.executor.failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))

        # Timers: the clock, and the periodic re-read of lights.
        self.clock = QTimer(self)
        self.clock.timeout.connect(self._tick)
        self.clock.start(1000)
        self.periodic = QTimer(self)
        self.periodic.timeout.connect(self.refresh_all)
        self.periodic.start(PERIODIC_REFRESH_MS)

        self.hub: LiveHub | None = None
        self.live = live
        self.connect_live()
        # True when signed in with a personal login: the acting person is that login's (gui/session.py).
        self.acting_fixed = False
        self._restore()
        # The department liaison's dock (gui/liaison): shown when the acting person is a liaison.
        self.liaison = install_liaison_dock(self)
        self.retranslate()

    # ---------------------------------------------------------------------------------- set-up

    @property
    def zh(self) -> bool:
        return self.translators.zh

    def _status_widgets(self) -> None:
        sb = self.statusBar()
        self.dbLabel = QLabel()
        self.connLabel = QLabel()
        self.lastChangeLabel = QLabel()
        self.clockLabel = QLabel()
        self.alertLabel = QLabel()
        self.alertLabel.setStyleSheet("color:#d7191c;font-weight:bold")
        sb.addWidget(self.alertLabel, 1)
        for w in (self.dbLabel, self.connLabel, self.lastChangeLabel, self.clockLabel):
            sb.addPermanentWidget(w)
        parsed = make_url(self.url)
        where = parsed.database or ""
        if parsed.get_backend_name() == "postgresql":
            where = f"{parsed.host or 'localhost'}/{parsed.database}"
        self._db_text = f"{parsed.get_backend_name()}: {where}"
        self._conn_text = ""
        self._last_change: datetime | None = None
        # The feed's last state and the text made of it: the text is made again in a new language.
        self._feed_state: Any = None
        self._feed_text = ""

    def _menus(self) -> None:
        self.actionQuit.triggered.connect(self.close)
        self.actionRefresh.triggered.connect(self.refresh_all)
        self.actionBrief.triggered.connect(self.open_brief)
        from commandcenter.gui.admin import AdminEntry

        self.admin_entry = AdminEntry(self)  # 管理 menu: enabled for administrators only
        themes = QActionGroup(self)
        for a in (self.actionThemeOperator, self.actionThemeWall):
            themes.addAction(a)
        self.actionThemeOperator.triggered.connect(lambda: self.set_theme("operator"))
        self.actionThemeWall.triggered.connect(lambda: self.set_theme("videowall"))
        shading = QActionGroup(self)
        for a in (self.actionShadeOpen, self.actionShadeOverdue):
            shading.addAction(a)
        self.actionShadeOpen.triggered.connect(lambda: self.set_shading("open"))
        self.actionShadeOverdue.triggered.connect(lambda: self.set_shading("overdue"))
        langs = QActionGroup(self)
        for a in (self.actionChinese, self.actionEnglish):
            langs.addAction(a)
        self.actionChinese.triggered.connect(lambda: self.set_language("zh_CN"))
        self.actionEnglish.triggered.connect(lambda: self.set_language("en"))
        # New overdue or urgent cases: which ones (once each), and the sound (gui/alerts.py).
        self.alert_tracker = AlertTracker()
        self.alert_sound = AlertSound(self)
        self.alert_sound.fallback.connect(self._sound_fallback)
        self._alert_clear = QTimer(self)
        self._alert_clear.setSingleShot(True)
        self._alert_clear.timeout.connect(lambda: self.alertLabel.setText(""))
        self.actionSound.toggled.connect(self._sound_toggled)

    def open_brief(self) -> None:
        """The daily brief of the unit selected in the tree (or the district): preview, print, PDF."""
        from commandcenter.gui.brief.dialog import open_brief_preview

        open_brief_preview(self, self.url, unit_code=self.unit[1] if self.unit is not None else None)

    def _restore(self) -> None:
        from commandcenter.gui.window_layout import WindowLayout

        s = self.settings

        def own_visibility() -> list[Any]:  # the liaison dock shows itself for a liaison
            liaison = getattr(self, "liaison", None)  # installed after _restore
            return [liaison] if liaison is not None else []

        # The geometry now, the docks at the first show, with the window's final size (window_layout).
        self.layout_keeper = WindowLayout(self, s, own_visibility)
        self.layout_keeper.restore()
        self.shading = str(s.value("map/shading", "open"))
        (self.actionShadeOverdue if self.shading == "overdue" else self.actionShadeOpen).setChecked(True)
        self.theme = str(s.value("window/theme", "operator"))
        (self.actionThemeWall if self.theme == "videowall" else self.actionThemeOperator).setChecked(True)
        self.set_theme(self.theme)
        (self.actionChinese if self.zh else self.actionEnglish).setChecked(True)
        self.actionSound.setChecked(s.value("alerts/sound", False, type=bool))
        person = s.value("acting/person")
        self.acting_person: int | None = int(person) if person not in (None, "") else None

    def _save(self) -> None:
        s = self.settings
        self.layout_keeper.save()
        s.setValue("map/shading", self.shading)
        s.setValue("window/theme", self.theme)
        if self.acting_person is not None and not self.acting_fixed:
            s.setValue("acting/person", self.acting_person)
        s.sync()

    def connect_live(self) -> None:
        """A live hub on self.url (not started); again after a new sign-in (gui/session.py)."""
        if not self.live:
            return
        self.hub = LiveHub(self.url, parent=self, prefetch=self._prefetch_map)
        self.hub.changed.connect(self.on_changes)
        self.hub.status.connect(self._feed_status)
        self.hub.failed.connect(
            lambda text: self._set_conn(self.tr("not live: %1").replace("%1", text), False)
        )

    def retranslate(self) -> None:
        """Every text of the window in the current language (again after a language change).

        The form's own texts first (uiload; its LanguageChange filter has usually done it already):
        the window title below replaces the form's.
        """
        retranslate_form(self)
        title = self.tr("Grid-governance command center")
        name = "" if self.static is None else self.static.center[0 if self.zh else 1]
        self.setWindowTitle(f"{name} · {title}" if name else title)
        self.filters.zh = self.zh
        self.filters.retranslate()
        self.queues.set_language(self.zh)
        # The empty case and profile views: their prompt (a shown case or unit is read again by
        # set_language and shown in the new language).
        if self.case.detail is None:
            self.case.clear()
        if self.profile.profile is None:
            self.profile.clear()
        if self._feed_state is not None and self._conn_text == self._feed_text:
            self._feed_status(self._feed_state)  # the state's name in the new language
        else:
            self._refresh_status()

    def changeEvent(self, event: QEvent) -> None:
        # Qt posts LanguageChange when the translators change (set_language, or another window's
        # choice); uiload's event filter has retranslated the form's texts just before this.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---------------------------------------------------------------------------------- start

    def start(self) -> None:
        """Load everything (on worker threads) and start listening for changes, once the shown
        window has painted itself: painting (~30 ms of the GUI thread) while the map's data is
        read made both slower (the GIL changing hands at every Python call Qt makes), and the
        operator sees the window, its empty map already in place, at once."""
        self.timings["shown"] = time.perf_counter()
        self._awaiting_paint = True
        # A window that is not painted (hidden, minimised) starts anyway.
        QTimer.singleShot(PAINT_WAIT_MS, self._start_reads)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if self._awaiting_paint and event.type() == QEvent.Type.Paint:  # being painted now
            QTimer.singleShot(0, self._start_reads)
        return handled

    def _start_reads(self) -> None:
        if not self._awaiting_paint:
            return
        self._awaiting_paint = False
        self.timings["start"] = time.perf_counter()
        missing = missing_map_assets()
        if missing:
            self.alertLabel.setText(
                self.tr("Map files are not installed (run .ci/setup): %1").replace("%1", str(missing[0]))
            )
        # A worker thread holding the GIL keeps the GUI thread waiting up to the switch interval
        # (5 ms by default) whenever it calls into Qt; 1 ms keeps batches and the page responsive.
        sys.setswitchinterval(0.001)
        # One thread until the map is complete, for the map's reads alone (its boundaries, then its
        # cases; the page draws the boundaries while the cases are read). The rest (the tree, the
        # filters' lists, the queues: ~100 ms of Python for a queue of 2,000 rows) would share the
        # GIL and the machine's cores with them and hold the map back by as much.
        self._threads = self.executor.pool.maxThreadCount()
        self.executor.pool.setMaxThreadCount(1)
        self.executor.submit(jobs.load_map_static, done=self._map_static_loaded, key="mapstatic")
        self.executor.submit(
            jobs.load_map,
            self.map_filter(),
            self.now_fn(),
            done=self._map_data_loaded,
            failed=self._map_read_failed,
            key="mapdata",
        )

        def then() -> None:
            self.executor.submit(jobs.load_static, False, done=self._static_loaded, key="static")
            self.refresh_all(with_map=False)

        self._after_map(then)
        if self.hub is not None:
            self.hub.start()
        # Not waiting forever for a map that cannot draw (no web engine, assets missing).
        QTimer.singleShot(MAP_WAIT_MS, self._map_complete)
        self._after_map(lambda: QTimer.singleShot(0, self._install_brief))  # after the queues

    def _install_brief(self) -> None:
        from commandcenter.gui.brief.scheduler import install_daily_brief  # imports the PDF renderer

        self._brief_scheduler = install_daily_brief(self.url, self)

    def _after_map(self, fn: Callable[[], None]) -> None:
        if self._until_map is None:
            fn()
        else:
            self._until_map.append(fn)

    def _map_complete(self) -> None:
        if self._until_map is not None:
            self.executor.pool.setMaxThreadCount(getattr(self, "_threads", 3))
        waiting, self._until_map = self._until_map, None
        for fn in waiting or ():
            fn()

    def _map_read_failed(self, error: BaseException) -> None:
        log.warning("reading the map's cases failed: %s", error)
        self.executor.failed.emit(f"{type(error).__name__}: {error}")
        self._map_complete()  # the rest of the window does not wait for a map that cannot come

    def _map_static_loaded(self, data: jobs.MapStatic) -> None:
        self.timings["map_static"] = time.perf_counter()
        self._set_map_static(data.grid_shapes, data.basemap)

    def _set_map_static(self, grid_shapes: str, basemap_setting: dict[str, Any] | None) -> None:
        basemap = self._basemap_setting or (basemap_setting or {}).get("url") or None
        if basemap != self.map.page_basemap:  # the center's tile server, set in the database
            self.map.load_page(page_labels(), basemap)
            self._map_first.pop("cases", None)
        self._map_first.setdefault("shapes", self.map.set_grid_shapes(grid_shapes))

    def _static_loaded(self, data: jobs.StaticData) -> None:
        self.static = data
        self.case.media_base = data.media_base
        self.timings["static"] = time.perf_counter()
        if data.grid_shapes is not None:  # a reload after grids changed (not the start's)
            self._set_map_static(data.grid_shapes, data.basemap)
        # 1,000 tree items take ~0.1 s here: after the map's first frame (see _after_map).
        self._after_map(lambda: self.tree.set_nodes(data.tree, self.tr("Logical grids (departments)")))
        self.filters.set_categories(data.categories)
        if self.acting_person is None and data.people:
            self.acting_person = data.people[0].id
        self.filters.set_people(data.people, self.acting_person)
        self.liaison.set_person(self.acting_person)
        self.retranslate()
        if "static" in self._pending_first:
            self._after_map(self._static_shown)

    def _static_shown(self) -> None:
        self._pending_first.discard("static")
        self._check_first_screen()

    # ---------------------------------------------------------------------------------- filters

    def queue_filter(self) -> q.CaseFilter:
        return self.filters.case_filter(self.now_fn())

    def map_filter(self) -> q.CaseFilter:
        # The map keeps the whole district in view around the selected place: no unit restriction.
        flt = self.queue_filter().with_unit(None, None)
        self._map_flt = flt  # what the live hub's prefetch reads (an immutable value)
        return flt

    def refresh_all(self, with_map: bool = True) -> None:
        """Counts, the visible queue, and the map's cases and shading, in one worker job."""
        key = self.queues.current_key()
        self._dirty_queues = set(q.QUEUE_KEYS) - {key}
        if with_map:  # first: the map's part is the longer one
            self.executor.submit(
                jobs.load_map, self.map_filter(), self.now_fn(), done=self._map_data_loaded, key="mapdata"
            )
        self.executor.submit(
            jobs.load_overview,
            self.queue_filter(),
            None,
            key,
            self.now_fn(),
            done=self._overview_loaded,
            key="overview",
        )
        # The overdue cases as of now: how the alerts find cases that turned overdue with time alone.
        scope = replace(self.queue_filter(), since=None, until=None)
        self.executor.submit(
            q.overdue_codes,
            scope,
            self.now_fn(),
            done=lambda codes, s=scope: self._overdue_read(codes, s),
            key="overdue_codes",
        )
        if self.unit is not None:
            self._load_unit()

    def _overview_loaded(self, ov: jobs.Overview) -> None:
        if self._until_map is not None:  # filling a queue of thousands of rows takes ~0.2 s here
            self._until_map.append(lambda: self._overview_loaded(ov))
            return
        self.queues.set_counts(ov.counts)
        self.queues.merge(ov.queue, ov.rows)
        if ov.cases is not None:
            self._map_first.setdefault("cases", self.map.set_cases(ov.cases))
        if ov.grid_counts is not None:
            self._set_grid_counts(ov.grid_counts)
        if "queues" in self._pending_first:
            self.timings["queues"] = time.perf_counter()
            self._pending_first.discard("queues")
            self._check_first_screen()
        if self.case_id is not None:
            self.queues.select_case(self.case_id)

    def _map_data_loaded(self, data: jobs.MapData) -> None:
        self.timings.setdefault("map_data", time.perf_counter())
        with self.map.batch():
            self._map_first.setdefault("cases", self.map.set_cases(data.cases))
            self._set_grid_counts(data.grid_counts)

    def _queue_shown(self, key: str) -> None:
        if key in self._dirty_queues:
            self._dirty_queues.discard(key)
            self.executor.submit(
                q.queue_rows,
                key,
                self.queue_filter(),
                self.now_fn(),
                done=lambda rows, k=key: self.queues.merge(k, rows),
                key=f"queue:{key}",
            )

    # ---------------------------------------------------------------------------------- map

    def _map_ready(self) -> None:
        self.timings.setdefault("map_ready", time.perf_counter())
        # A reloaded page (language, basemap) needs the cases again; a first page that is ready
        # before its data gets them when they arrive (asking again would drop the read under way).
        if "cases" not in self._map_first and "map_data" in self.timings:
            self.refresh_all()
        if self.unit is not None and self.unit[0] == "grid":
            # A reloaded page (language, basemap) frames the chosen place again, not the district.
            self.map.select(grid_code=self.unit[1], bbox=self._grid_bbox(self.unit[1]))

    def _map_painted(self, seq: int) -> None:
        if self._after_paint:
            self._painted_up_to(seq)
        first = self._map_first
        complete = {"shapes", "cases", "counts"} <= first.keys() and seq >= max(first.values())
        if "map" in self._pending_first and complete:
            self.timings["map_painted"] = time.perf_counter()
            self._pending_first.discard("map")
            self._map_complete()
            self._check_first_screen()

    def _set_grid_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """Grid shading and the tree's numbers: only the grids whose counts changed are touched."""
        seq = self.map.set_grid_counts(counts, self.shading)
        if seq is not None:
            self._map_first.setdefault("counts", seq)
        elif "counts" not in self._map_first:
            self._map_first["counts"] = 0  # nothing to shade: nothing to wait for
        # The tree's numbers a moment later (a batch changes ~100 nodes, ~10 ms of item updates): the
        # map and the queues show a batch first.
        if self._tree_counts is None:
            self._tree_changed = set()
            QTimer.singleShot(0, self._update_tree_counts)
        self._tree_counts = counts
        self._tree_changed |= self.map.last_changed_codes

    def _update_tree_counts(self) -> None:
        t0 = time.perf_counter()
        counts, self._tree_counts = self._tree_counts, None
        if counts is not None:
            self.tree.set_counts(counts, changed=self._tree_changed)
        self.timings["last_tree_gui_ms"] = (time.perf_counter() - t0) * 1000

    def _check_first_screen(self) -> None:
        if not self._pending_first and not self._first_screen_done:
            self._first_screen_done = True
            self.timings["first_screen"] = time.perf_counter()
            self.firstScreen.emit()

    def set_shading(self, mode: str) -> None:
        self.shading = mode
        self.map.set_shading(mode)

    # ---------------------------------------------------------------------------------- live

    def on_changes(self, changes: ChangeSet) -> None:
        self.liaison.on_changes(changes)
        if changes.last_at is not None:
            self._last_change = changes.last_at
        if changes.touches("grids", "logical_grids", "logical_grid_coverage"):
            self.executor.submit(jobs.load_static, done=self._static_loaded, key="static")
        if changes.truncated & {"events"}:
            self.refresh_all()
            return
        ids = changes.event_ids()
        if ids:
            self.apply_case_changes(
                ids, flash=changes.inserted.get("events", set()), prefetched=changes.prefetched
            )
        elif self.case_id is not None and changes.touches("media", "event_steps"):
            self._load_case(self.case_id)
        self._refresh_status()

    def _prefetch_map(self, changes: ChangeSet) -> jobs.MapDelta | None:
        """On the live hub's thread: the changed cases as the map draws them (see jobs.MapDelta)."""
        flt = self._map_flt
        if flt is None:
            return None
        return jobs.read_map_delta(self.executor.factory, changes.event_ids(), flt, self.now_fn())

    def apply_case_changes(
        self,
        ids: set[int],
        flash: set[int] = frozenset(),  # type: ignore[assignment]
        prefetched: object = None,
    ) -> None:
        map_done = isinstance(prefetched, jobs.MapDelta) and prefetched.ids == frozenset(ids)

        def read_rows() -> None:
            map_flt = self.map_filter()  # also what the next prefetch reads
            self.executor.submit(
                jobs.load_delta,
                ids,
                self.queue_filter(),
                None if map_done else map_flt,  # the map's part was prefetched: not read twice
                self.now_fn(),
                done=lambda d, f=set(flash): self._delta_loaded(d, f, map_done),
            )

        if not map_done:
            read_rows()
            return
        # The map first: its page draws in its own process. The queues' read (and the counts after
        # it) waits for that frame, at most AFTER_PAINT_MS: on a busy machine the drawing then
        # does not share the CPU with them.
        t0 = time.perf_counter()
        on_map = prefetched.on_map  # type: ignore[union-attr]
        seq = self.map.apply_diff(
            prefetched.upsert,  # type: ignore[union-attr]
            remove=sorted(set(ids) - on_map),
            flash=sorted(set(flash) & on_map),
        )
        self.timings["last_map_delta_gui_ms"] = (time.perf_counter() - t0) * 1000
        self._after_paint.append((seq, read_rows))
        QTimer.singleShot(AFTER_PAINT_MS, lambda: self._painted_up_to(seq))

    def _painted_up_to(self, seq: int) -> None:
        """Run what waited for the page to paint message `seq` (or gave up waiting)."""
        due = [fn for s, fn in self._after_paint if s <= seq]
        self._after_paint = [(s, fn) for s, fn in self._after_paint if s > seq]
        for fn in due:
            fn()

    def _delta_loaded(self, d: jobs.Delta, flash: set[int], map_done: bool = False) -> None:
        t0 = self.timings["last_delta_at"] = time.perf_counter()
        if not map_done:  # the map first: its page draws in its own process while we go on here
            self.map.apply_diff(d.map_upsert, remove=sorted(d.ids - d.on_map), flash=sorted(flash & d.on_map))
            self.timings["last_map_delta_gui_ms"] = 0.0
        kept = {r.id for r in d.rows}
        before_overdue = self.queues.holds("overdue", d.ids)
        self.queues.apply(d.rows, [i for i in d.ids if i not in kept], d.membership)
        if self.case_id in d.ids:
            self._load_case(self.case_id)
        if self.unit is not None:
            if self.profileDock.isVisible():
                self._load_unit()
            else:
                self._profile_dirty = True
        self._alert(d, before_overdue, flash)
        # Counts need aggregates over every case: a job of their own, coalesced with the next
        # batch's, submitted last (its thread then competes with nothing of ours here).
        self.executor.submit(
            jobs.load_counts,
            self.queue_filter(),
            self.map_filter(),
            self.now_fn(),
            done=self._counts_loaded,
            key="counts",
        )
        self.timings["last_delta_gui_ms"] = (time.perf_counter() - t0) * 1000
        self.deltaApplied.emit(d)

    def _counts_loaded(self, c: jobs.Counts) -> None:
        t0 = time.perf_counter()
        self.queues.set_counts(c.counts)
        self._set_grid_counts(c.grid_counts)
        self.timings["last_counts_gui_ms"] = (time.perf_counter() - t0) * 1000
        self.countsApplied.emit(c)

    def _alert(self, d: jobs.Delta, before_overdue: set[int], new: set[int]) -> None:
        """Push new overdue and new urgent cases at the operator: text, flashing rows and tab, sound."""
        kept = {r.id for r in d.rows}
        hits = self.alert_tracker.check(d.rows, d.membership, before_overdue, new, d.ids - kept)
        self._signal_alert([(r.id, r.code) for r in hits])

    def _overdue_read(self, codes: dict[int, str], scope: q.CaseFilter) -> None:
        self._signal_alert(self.alert_tracker.baseline(codes, scope))

    def _signal_alert(self, hits: list[tuple[int, str]]) -> None:
        if not hits:
            return
        codes = ", ".join(code for _i, code in hits[:3]) + (" …" if len(hits) > 3 else "")
        self.alertLabel.setText(self.tr("New overdue or urgent: %1").replace("%1", codes))
        self._alert_clear.start(15_000)
        self.queues.flash([i for i, _code in hits])
        self.alert_sound.play()  # only if the setting asks for it

    def _sound_toggled(self, on: bool) -> None:
        self.settings.setValue("alerts/sound", on)
        self.alert_sound.set_enabled(on)

    def _sound_fallback(self, why: str) -> None:
        self.statusBar().showMessage(
            self.tr("No sound for alerts (%1): the system beep is used instead.").replace("%1", why), 15_000
        )

    def _feed_status(self, status: Any) -> None:
        names = {
            "connecting": self.tr("connecting"),
            "catching_up": self.tr("catching up"),
            "live": self.tr("live"),
            "reconnecting": self.tr("reconnecting"),
            "stopped": self.tr("stopped"),
        }
        text = names.get(str(status.state), str(status.state))
        if status.error:
            text += f" ({status.error[:40]})"
        self._feed_state, self._feed_text = status, text
        self._set_conn(text, str(status.state) == "live")

    def _set_conn(self, text: str, ok: bool) -> None:
        self._conn_text = text
        self.connLabel.setStyleSheet("color:#1a9641" if ok else "color:#d7191c")
        self._refresh_status()

    def _refresh_status(self) -> None:
        db_text = self.tr("Database")
        feed_text = self.tr("Feed")
        last_text = self.tr("Last change")
        self.dbLabel.setText(f"{db_text}: {self._db_text}")
        self.connLabel.setText(f"{feed_text}: {self._conn_text or '—'}")
        last = center_time(self._last_change).strftime("%H:%M:%S") if self._last_change else "—"
        self.lastChangeLabel.setText(f"{last_text}: {last}")

    def _tick(self) -> None:
        self.clockLabel.setText(center_time().strftime("%Y-%m-%d %H:%M:%S"))
        self.queues.tick()

    # ---------------------------------------------------------------------------------- selection

    def select_case(self, case_id: int, pan: bool = True) -> None:
        self.case_id = case_id
        self.queues.select_case(case_id)
        self.map.select(case_id=case_id)
        self.caseDock.raise_()
        self.case.show_message("")
        self._load_case(case_id, pan=pan)

    def _load_case(self, case_id: int, pan: bool = False) -> None:
        self.executor.submit(
            q.case_detail,
            case_id,
            self.acting_person,
            self.now_fn(),
            done=lambda d, p=pan: self._case_loaded(d, p),
            key="case",
        )

    def _case_loaded(self, d: q.CaseDetail | None, pan: bool) -> None:
        if d is None or d.row.id != self.case_id:
            return
        self.case.show_case(d, self.zh, busy=self._busy_step)
        if pan and d.row.lat is not None and d.row.lon is not None:
            self.map.select(center=(d.row.lat, d.row.lon), zoom=15)
        self.caseShown.emit(d.row.id)

    def select_unit(self, kind: str, code: str, from_tree: bool = False, from_map: bool = False) -> None:
        name = code
        if self.static is not None:
            node = next((n for n in self.static.tree if n.kind == kind and n.code == code), None)
            name = node.name if node else code
        self.unit = (kind, code, name)
        self.filters.set_unit(self.unit)
        if not from_tree:
            self.tree.select(kind, code)
        if kind == "grid":
            bbox = None if from_map else self._grid_bbox(code)
            self.map.select(grid_code=code, bbox=bbox)
            self.map.set_coverage(None)
        self.profileDock.raise_()
        self.refresh_all(with_map=False)

    def _load_unit(self) -> None:
        if self.unit is None:
            return
        kind, code, _name = self.unit
        self.executor.submit(jobs.load_unit, kind, code, self.now_fn(), done=self._unit_loaded, key="unit")

    def _grid_bbox(self, code: str) -> Sequence[float] | None:
        if self.static is None:
            return None
        return next((g.bbox for g in self.static.grids if g.code == code), None)

    def _unit_loaded(self, data: jobs.UnitData) -> None:
        if self.unit is None or data.profile.code != self.unit[1]:
            return
        self.profile.show_profile(data.profile, self.zh)
        if data.profile.kind == "logical":
            self.map.set_coverage(data.coverage)

    def _profile_visible(self, visible: bool) -> None:
        if visible and self._profile_dirty:
            self._profile_dirty = False
            self._load_unit()

    def _place_cleared(self) -> None:
        self.unit = None
        self.map.select(grid_code=None, home=True)
        self.map.set_coverage(None)
        self.profile.clear()  # the prompt only: no facts, no charts
        # No place in the tree either: else choosing the same place there again would not select it.
        self.tree.view.selectionModel().clear()
        self.refresh_all(with_map=False)

    def _search(self, text: str) -> None:
        if not text.strip():
            return
        self.executor.submit(q.search, text, done=self._search_done, key="search")

    def _search_done(self, hits: list[q.SearchHit]) -> None:
        if not hits:
            self.statusBar().showMessage(self.tr("Nothing found"), 5000)
            return
        hit = hits[0]
        if hit.kind == "case":
            self.select_case(hit.id, pan=True)
        else:
            self.select_unit(hit.kind, hit.code)

    def _acting_changed(self, person_id: int) -> None:
        self.acting_person = person_id
        self.settings.setValue("acting/person", person_id)
        self.liaison.set_person(person_id)
        if self.case_id is not None:
            self._load_case(self.case_id)

    # ---------------------------------------------------------------------------------- steps

    def _step_requested(self, step: str) -> None:
        d = self.case.detail
        if d is None or self.acting_person is None:
            return
        s = Step(step)
        if s in NEEDS_UNIT:
            self.executor.submit(q.route_targets, d.row.id, done=lambda units: self._ask(step, units=units))
        elif s in NEEDS_PERSON:
            # Only the people the acting person may pick, nearest first (services.people_picker).
            self.executor.submit(
                people_picker.candidates,
                d.row.id,
                self.acting_person,
                step,
                done=lambda people: self._ask(step, people=people),
                failed=lambda error: self.case.show_message(str(error)),
            )
        else:
            self._ask(step)

    def _ask(self, step: str, units: Any = (), people: Any = ()) -> None:
        d = self.case.detail
        if d is None:
            return
        label = step_text(step, self.zh)
        if Step(step) in CHECK_STEPS:
            label = self.tr("Check the reply")
        # A routed case is not routed again to its own unit; a check shows the reply it judges.
        current = d.responsible[:2] if d.responsible and d.row.status == "routed" else None
        reply = latest_reply(d, self.zh)[0]
        dialog = StepDialog(
            self,
            step,
            label,
            f"{d.row.code} {d.row.title}",
            units,
            people,
            current_unit=current,
            reply=reply,
            deadline=d.fields.get("deadline"),
            now=self.now_fn(),
        )
        dialog.setObjectName("stepDialog")
        self._open_dialog = dialog
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.run_step(dialog.chosen_step(), dialog.args())
        finally:
            self._open_dialog = None
            dialog.deleteLater()

    def run_step(self, step: str, args: dict[str, Any]) -> None:
        """Take a step on the shown case as the acting person (worker thread; one transaction)."""
        d = self.case.detail
        if d is None or self.acting_person is None:
            return
        self._busy_step = True
        self._step_taken = step
        self.case.set_busy(True)
        self.case.show_message(self.tr("Saving …"), error=False)
        self.executor.submit(
            take_step,
            self.acting_person,
            d.row.id,
            d.row.version,
            step,
            args,
            self.now_fn(),
            done=self._step_ok,
            failed=self._step_failed,
        )

    def _step_ok(self, changed: Any) -> None:
        self._busy_step = False
        self.case.show_message(
            self.tr("Done: %1").replace("%1", step_text(str(changed.step), self.zh)), error=False
        )
        # Do not wait for the feed: show our own change at once (the feed's echo is harmless).
        self.apply_case_changes({changed.event_id})
        self._load_case(changed.event_id)
        self.stepDone.emit(changed)

    def _step_failed(self, error: BaseException) -> None:
        self._busy_step = False
        if is_conflict(error) or is_refusal(error):
            # Said in the window's language from the error's fields (the services word it in English).
            self.case.show_message(Refusals(self.zh).describe(error, self._step_taken))
        else:
            log.exception("step failed", exc_info=error)
            self.case.show_message(f"{type(error).__name__}: {error}")
        if self.case_id is not None:
            self._load_case(self.case_id)
            self.apply_case_changes({self.case_id})
        self.stepDone.emit(error)

    # ---------------------------------------------------------------------------------- look

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        path = resource("themes", f"{theme}.qss")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(path.read_text(encoding="utf-8") if path.is_file() else "")

    def set_language(self, lang: str) -> None:
        self.settings.setValue("ui/language", lang)
        self.translators.use(lang)
        # Now, not when Qt's LanguageChange arrives (it is posted, to the window's QWindow): the
        # texts below build on these. The event retranslates again, which changes nothing.
        self.retranslate()
        if self.static is not None:
            self.tree.set_nodes(self.static.tree, self.tr("Logical grids (departments)"))
        # The page's texts are in its HTML: build it again (grids, counts and shading are re-sent by
        # the view; the cases by _map_ready).
        self.map.load_page(page_labels(), self.map.page_basemap)
        self._map_first.pop("cases", None)
        if self.case_id is not None:
            self._load_case(self.case_id)
        if self.unit is not None:
            self._load_unit()

    def _field_label(self, name: str) -> str:
        labels = {
            "code": self.tr("Code"),
            "title": self.tr("Title"),
            "description": self.tr("Description"),
            "address": self.tr("Address"),
            "lat": self.tr("Latitude"),
            "lon": self.tr("Longitude"),
            "source": self.tr("Source"),
            "reporter_name": self.tr("Reporter"),
            "reporter_phone": self.tr("Reporter's phone"),
            "reported_at": self.tr("Reported at (device)"),
            "received_at": self.tr("Received at"),
            "priority": self.tr("Priority"),
            "supervised": self.tr("Supervised"),
            "step_deadline": self.tr("Step deadline"),
            "deadline": self.tr("Handling deadline"),
            "extension_until": self.tr("Extension requested until"),
            "reworks": self.tr("Reworks"),
            "sent_backs": self.tr("Sent back"),
            "rating": self.tr("Rating"),
            "position_flag": self.tr("Position outside its grid"),
            "time_flag": self.tr("Device time far from receipt"),
            "version": self.tr("Version"),
        }
        return labels.get(name, name)

    # ---------------------------------------------------------------------------------- close

    def shutdown(self) -> None:
        self._awaiting_paint = False  # a start() still waiting for the first paint reads nothing
        if self.hub is not None:
            self.hub.stop()
            self.hub = None
        self.clock.stop()
        self.periodic.stop()
        self.executor.close()
        self.executor.wait(5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save()
        self.shutdown()
        super().closeEvent(event)


def describe(widget: QWidget) -> str:
    """Short text for logs and tests."""
    return html.escape(widget.objectName())
