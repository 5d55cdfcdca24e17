"""The map widget: Qt WebEngine showing the folium page, driven through a QWebChannel bridge.

The page is loaded once. After that every change is a small JSON message (`toPage`): the full case
arrays once, then diffs of changed cases, grid counts, selection. The page answers with `painted(seq)`
two animation frames after it drew a message, which is how the benchmark times "on the pixels".
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from commandcenter.gui.map.page import PageLabels, build_page, write_page
from commandcenter.services.queues import GridFeature, MapCases

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
    """The whole-district map. Use `load_grids` once, then the set/apply/select methods."""

    ready = Signal()
    caseClicked = Signal(int)
    gridClicked = Signal(str)
    painted = Signal(int)

    def __init__(self, parent: Any = None, allowed_hosts: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.profile, self.interceptor = shared_profile(allowed_hosts)
        page = QWebEnginePage(self.profile, self)
        self.setPage(page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        self.bridge.pageReady.connect(self._on_ready)
        self.bridge.caseClicked.connect(self.caseClicked)
        self.bridge.gridClicked.connect(self.gridClicked)
        self.bridge.painted.connect(self.painted)
        self.is_ready = False
        self._pending: dict[str, str] = {}  # op -> latest message, sent once the page is ready
        self._seq = 0
        self._dir = Path(tempfile.mkdtemp(prefix="cc-map-"))
        self.page_path: Path | None = None

    # ----------------------------------------------------------------------------------- page

    def load_grids(
        self, grids: Sequence[GridFeature], labels: PageLabels, basemap_url: str | None = None
    ) -> None:
        html = build_page(grids, labels, basemap_url)
        self.page_path = write_page(html, self._dir)
        self.is_ready = False
        self.load(QUrl.fromLocalFile(str(self.page_path)))

    def _on_ready(self) -> None:
        self.is_ready = True
        pending, self._pending = self._pending, {}
        for text in pending.values():
            self.bridge.toPage.emit(text)
        self.ready.emit()

    def _send(self, op: str, payload: dict[str, Any], key: str | None = None) -> int:
        self._seq += 1
        payload = {"op": op, "seq": self._seq, **payload}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        if self.is_ready:
            self.bridge.toPage.emit(text)
        else:
            # Before the page is up only the latest state matters; a diff is folded into a later
            # full set by the caller (which re-sends everything on `ready`).
            self._pending[key or op] = text
        return self._seq

    # ----------------------------------------------------------------------------------- live

    def set_cases(self, cases: MapCases) -> int:
        return self._send("cases", {"data": cases.as_dict()})

    def apply_diff(
        self, upsert: MapCases | None, remove: Sequence[int] = (), flash: Sequence[int] = ()
    ) -> int:
        payload: dict[str, Any] = {"remove": list(remove), "flash": list(flash)}
        if upsert is not None and len(upsert):
            payload["upsert"] = upsert.as_dict()
        return self._send("diff", payload, key=f"diff{self._seq}")

    def set_grid_counts(self, counts: Mapping[str, tuple[int, int]], mode: str | None = None) -> int:
        payload: dict[str, Any] = {"counts": {k: list(v) for k, v in counts.items()}}
        if mode:
            payload["mode"] = mode
        return self._send("grids", payload)

    def set_shading(self, mode: str) -> int:
        return self._send("shade", {"mode": mode})

    def set_coverage(self, codes: Sequence[str] | str | None) -> int:
        return self._send(
            "coverage", {"codes": codes if isinstance(codes, str) or codes is None else list(codes)}
        )

    def select(
        self,
        *,
        case_id: int | bool | None = False,
        grid_code: str | bool | None = False,
        bbox: Sequence[float] | None = None,
        center: Sequence[float] | None = None,
        zoom: int | None = None,
    ) -> int:
        """Select a case and/or a grid (False = leave as is, None = clear), and frame the view."""
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
        return self._send("select", payload)

    def run_js(self, script: str, callback: Any = None) -> None:
        if callback is None:
            self.page().runJavaScript(script)
        else:
            self.page().runJavaScript(script, 0, callback)
