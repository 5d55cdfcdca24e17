"""Helpers for the change-feed tests: collecting changes, writing rows, a TCP proxy to cut."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time

from sqlalchemy import Engine, text

from commandcenter.live import Change, ChangeFeed


def collect(feed: ChangeFeed, n: int, timeout: float = 15.0) -> list[Change]:
    """Poll until `n` changes arrived or `timeout` passed; return all that arrived."""
    out: list[Change] = []
    end = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < end:
        batch = feed.poll(min(0.5, max(0.0, end - time.monotonic())))
        assert [c.seq for c in batch] == sorted(c.seq for c in batch), "a batch must be in seq order"
        out.extend(batch)
    return out


def insert_people(engine: Engine, codes: list[str]) -> None:
    """One transaction inserting a person per code."""
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO people (code, name) VALUES (:code, :name)"),
            [{"code": c, "name": "测试"} for c in codes],
        )


def person_ids(engine: Engine, prefix: str) -> set[int]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM people WHERE code LIKE :p"), {"p": prefix + "%"})
        return {r[0] for r in rows}


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `cut()` drops every connection and refuses new ones
    until `restore()`, which looks to a client like the server going away and coming back."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        self._stop.clear()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)
        self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._thread.start()

    start = restore

    def cut(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()
            self._sockets.clear()

    close = cut

    def _accept(self, listener: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target)
                except OSError:
                    client.close()
                    continue
                with self._lock:
                    self._sockets += [client, upstream]
                threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
        finally:
            listener.close()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        pair = {a: b, b: a}
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([a, b], [], [], 0.1)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    pair[s].sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.close()
