"""The map widget: Qt WebEngine showing the folium page, driven through a QWebChannel bridge.

The page (no data in it) is loaded as soon as the widget exists, so Chromium starts while the
database is being read. After that every change is a JSON message (`toPage`): the grid boundaries
once, the full case arrays, then diffs of changed cases, changed grid counts, selection. Case and
grid arrays are encoded by the services (base64 typed arrays) on the worker thread that read them;
here they are only wrapped with the operation and its sequence number, so the GUI thread does not
serialise 10,000 cases. The page answers with `painted(seq)` two animation frames after it drew a
message, which is how the benchmark times "on the pixels".

Messages sent before the page is ready are kept (the latest of each kind, the diffs after the
latest full set of cases) and sent, in order, once it is; after a reload (language change) the
grids, counts, shading and coverage are sent again by the view itself.
"""

from __future__ import annotations

import json
import time
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from commandcenter.gui.map.page import PageLabels, page_file

if TYPE_CHECKING:
    from commandcenter.services.queues import MapCases

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine, and remembers what it saw.

    Command centers run on closed networks: a page that tries to fetch from the internet would hang
    or leak, so the attempt is refused here and recorded (the tests assert none happened).
    """

    def __init__(self, parent: QObject | None = None, allowed_hosts: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.allowed_hosts = LOCAL_HOSTS | frozenset(allowed_hosts)
        self.seen: list[str] = []
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.seen.append(url.toString())
        if url.scheme().lower() in NETWORK_SCHEMES and url.host().lower() not in self.allowed_hosts:
            self.blocked.append(url.toString())
            info.block(True)


_PROFILE: tuple[QWebEngineProfile, LocalOnlyInterceptor] | None = None


def shared_profile(allowed_hosts: Iterable[str] = ()) -> tuple[QWebEngineProfile, LocalOnlyInterceptor]:
    """One off-the-record profile for every map view, owned by the application.

    Off the record: no disk cache to go stale. Owned by the application rather than a view, because a
    profile must outlive its pages (Qt warns and may crash when a profile dies first).
    """
    global _PROFILE
    if _PROFILE is None:
        app = QCoreApplication.instance()
        profile = QWebEngineProfile(app)
        interceptor = LocalOnlyInterceptor(profile, allowed_hosts)
        profile.setUrlRequestInterceptor(interceptor)
        _PROFILE = (profile, interceptor)
    return _PROFILE


_VIEWS: weakref.WeakSet[QWebEngineView] = weakref.WeakSet()


def track_view(view: QWebEngineView) -> None:
    """Remember a view whose page uses the shared profile (release_web_engine deletes it first)."""
    _VIEWS.add(view)


def release_web_engine() -> None:
    """Delete every view on the shared profile, then the profile; call before the QApplication goes.

    A QWebEngineProfile deleted while one of its pages lives ("Release of profile requested but
    WebEnginePage still not deleted") leaves Chromium with a dangling page, and the process crashes
    at exit. Left to Python's garbage collection at interpreter exit, the order is arbitrary.
    """
    global _PROFILE
    for view in list(_VIEWS):
        if shiboken6.isValid(view):
            page = view.page()
            if page is not None and shiboken6.isValid(page):
                page.setWebChannel(None)
            shiboken6.delete(view)
    _VIEWS.clear()
    if _PROFILE is not None:
        profile, _interceptor = _PROFILE
        _PROFILE = None
        if shiboken6.isValid(profile):
            # Pages made elsewhere on the profile (a test's probe) are deleted with their parents
            # above or by Qt's deferred deletion now, before the profile.
            QCoreApplication.sendPostedEvents(None, 0)
            shiboken6.delete(profile)


class MapBridge(QObject):
    """The object the page sees as `bridge`."""

    toPage = Signal(str)
    pageReady = Signal()
    caseClicked = Signal(int)
    gridClicked = Signal(str)
    painted = Signal(int)

    @Slot()
    def ready(self) -> None:
        self.pageReady.emit()

    @Slot(int)
    def caseClickedJs(self, case_id: int) -> None:
        self.caseClicked.emit(case_id)

    @Slot(str)
    def gridClickedJs(self, code: str) -> None:
        self.gridClicked.emit(code)

    @Slot(int)
    def paintedJs(self, seq: int) -> None:
        self.painted.emit(seq)


class MapView(QWebEngineView):
    """The whole-district map. `load_page` once (again on a language change), then the set/apply
    methods; everything may be called before the page is ready."""

    ready = Signal()
    caseClicked = Signal(int)
    gridClicked = Signal(str)
    painted = Signal(int)

    def __init__(self, parent: Any = None, allowed_hosts: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.profile, self.interceptor = shared_profile(allowed_hosts)
        page = QWebEnginePage(self.profile, self)
        self.setPage(page)
        track_view(self)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        self.bridge.pageReady.connect(self._on_ready)
        self.bridge.caseClicked.connect(self.caseClicked)
        self.bridge.gridClicked.connect(self.gridClicked)
        self.bridge.painted.connect(self.painted)
        self.is_ready = False
        self._seq = 0
        # Replayed on (re)load: the latest message of each kind, in this order.
        self._sticky: dict[str, str] = {}
        self._batch: list[str] | None = None  # messages held by batch()
        self._diffs: list[str] = []  # diffs after the latest full set of cases, while not ready
        self._counts: dict[str, tuple[int, int]] = {}  # what the page shows (or will)
        self._shade: str | None = None
        self.last_changed_codes: set[str] = set()  # grids whose counts the last set_grid_counts changed
        self.page_path: Path | None = None
        self.page_labels: PageLabels | None = None
        self.page_basemap: str | None = None
        self.load_requested_at = 0.0  # perf_counter() of the last load_page (the benchmark's start)
        self.last_diff_seq = 0  # the last diff's message, and when it was sent (for the benchmark)
        self.last_diff_at = 0.0

    # ----------------------------------------------------------------------------------- page

    def load_page(self, labels: PageLabels, basemap_url: str | None = None) -> None:
        """Load the page (rendered by folium once, then from the cache). Cases are not kept across a
        reload: the caller sends them again on `ready`; grids, counts, shading and coverage are re-sent
        from here."""
        self.load_requested_at = time.perf_counter()
        self.page_path = page_file(labels, basemap_url)
        self.page_labels = labels
        self.page_basemap = basemap_url
        self.is_ready = False
        self._sticky.pop("cases", None)
        self._sticky.pop("select", None)
        self._diffs.clear()
        self.load(QUrl.fromLocalFile(str(self.page_path)))

    def _on_ready(self) -> None:
        self.is_ready = True
        if self._counts or self._shade:
            self._sticky["grids"] = self._message("grids", self._counts_body(self._counts, full=True))
        for op in ("gridShapes", "grids", "shade", "coverage", "cases"):
            text = self._sticky.get(op)
            if text is not None:
                self.bridge.toPage.emit(text)
        for text in self._diffs:
            self.bridge.toPage.emit(text)
        self._diffs.clear()
        if "select" in self._sticky:
            self.bridge.toPage.emit(self._sticky["select"])
        self.ready.emit()

    def _message(self, op: str, body: str) -> str:
        """`body`: the JSON object's members after op and seq (already JSON text), or ""."""
        self._seq += 1
        head = f'{{"op":"{op}","seq":{self._seq}'
        return f"{head},{body}}}" if body else f"{head}}}"

    def _send(self, op: str, body: str, sticky: bool = True) -> int:
        text = self._message(op, body)
        if sticky:
            self._sticky[op] = text
        if self.is_ready:
            if self._batch is not None:
                self._batch.append(text)
            else:
                self.bridge.toPage.emit(text)
        elif op == "diff":
            self._diffs.append(text)
        return self._seq

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Messages sent inside go to the page as one (a JSON array), applied and drawn together:
        the cases and the grids' counts of one read are one drawing, not two."""
        self._batch = []
        try:
            yield
        finally:
            texts, self._batch = self._batch, None
            if len(texts) == 1:
                self.bridge.toPage.emit(texts[0])
            elif texts:
                self.bridge.toPage.emit("[" + ",".join(texts) + "]")

    @staticmethod
    def _json(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # ----------------------------------------------------------------------------------- data

    def set_grid_shapes(self, payload: str) -> int:
        """Every grid's boundary (services.queues.map_grid_payload, encoded on a worker thread)."""
        return self._send("gridShapes", f'"data":{payload}')

    def set_cases(self, cases: MapCases | str) -> int:
        """All cases on the map: a MapCases, or its `encode()` made on a worker thread."""
        data = cases if isinstance(cases, str) else cases.encode()
        self._diffs.clear()
        return self._send("cases", f'"data":{data}')

    def apply_diff(
        self,
        upsert: MapCases | str | None,
        remove: Sequence[int] = (),
        flash: Sequence[int] = (),
    ) -> int:
        parts = [f'"remove":{self._json(list(remove))}', f'"flash":{self._json(list(flash))}']
        if isinstance(upsert, str):
            parts.append(f'"upsert":{upsert}')
        elif upsert is not None and len(upsert):
            parts.append(f'"upsert":{upsert.encode()}')
        self.last_diff_at = time.perf_counter()  # handed to the channel (the page may have it at once)
        self.last_diff_seq = self._send("diff", ",".join(parts), sticky=False)
        return self.last_diff_seq

    def _counts_body(self, counts: Mapping[str, tuple[int, int]], full: bool) -> str:
        body = f'"counts":{self._json({k: list(v) for k, v in counts.items()})},"full":{"true" if full else "false"}'
        if self._shade:
            body += f',"mode":{self._json(self._shade)}'
        return body

    def set_grid_counts(self, counts: Mapping[str, tuple[int, int]], mode: str | None = None) -> int | None:
        """Open and overdue cases per grid code. Only the grids whose counts changed are sent (a
        batch of changes moves a few); None when nothing changed."""
        old = self._counts
        changed = {k: v for k, v in counts.items() if old.get(k) != v}
        changed.update({k: (0, 0) for k in old if k not in counts})
        self._counts = dict(counts)
        self.last_changed_codes = set(changed)
        if mode is not None and mode != self._shade:
            self._shade = mode
            return self._send("grids", self._counts_body(self._counts, full=True), sticky=False)
        if not changed:
            return None
        return self._send("grids", self._counts_body(changed, full=False), sticky=False)

    def grid_counts(self) -> dict[str, tuple[int, int]]:
        return dict(self._counts)

    def set_shading(self, mode: str) -> int:
        self._shade = mode
        return self._send("shade", f'"mode":{self._json(mode)}')

    def set_coverage(self, codes: Sequence[str] | str | None) -> int:
        value = codes if isinstance(codes, str) or codes is None else list(codes)
        return self._send("coverage", f'"codes":{self._json(value)}')

    def select(
        self,
        *,
        case_id: int | bool | None = False,
        grid_code: str | bool | None = False,
        bbox: Sequence[float] | None = None,
        center: Sequence[float] | None = None,
        zoom: int | None = None,
        home: bool = False,
    ) -> int:
        """Select a case and/or a grid (False = leave as is, None = clear), and frame the view:
        on bbox, on center, or on the whole district (home)."""
        payload: dict[str, Any] = {}
        if case_id is not False:
            payload["case"] = case_id
        if grid_code is not False:
            payload["grid"] = grid_code
        if bbox is not None:
            payload["bbox"] = list(bbox)
        if center is not None:
            payload["center"] = list(center)
            payload["zoom"] = zoom or 15
        if home:
            payload["home"] = True
        return self._send("select", self._json(payload)[1:-1])

    def run_js(self, script: str, callback: Any = None) -> None:
        if callback is None:
            self.page().runJavaScript(script)
        else:
            self.page().runJavaScript(script, 0, callback)
