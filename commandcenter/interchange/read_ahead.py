"""Running a generator one step ahead in a thread, so reading a file overlaps writing it.

An import's reading, checking and placing is Python work on the client; writing is mostly the
database server's work (index entries, foreign-key checks, triggers) in another process. With the
reader in a thread, the next chunk is read while the server stores the last one; the main thread
only waits on the server's socket, which releases the GIL.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_POLL = 0.05  # seconds between looks at the stop flag while the queue is full


@dataclass
class _Failed:
    error: BaseException


class _Done:
    pass


class ReadAhead(Generic[T]):
    """Iterate `source` in a thread, at most `depth` items ahead of the consumer. An exception in
    `source` is raised in the consumer; closing the iteration early stops the thread.

    `busy` is the time the thread spent producing (not waiting for the consumer)."""

    def __init__(self, source: Iterator[T], depth: int = 2, name: str = "read-ahead") -> None:
        self._source = source
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self.busy = 0.0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            t0 = time.perf_counter()
            for item in self._source:
                self.busy += time.perf_counter() - t0
                if not self._put(item):
                    return
                t0 = time.perf_counter()
            self.busy += time.perf_counter() - t0
            self._put(_Done())
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failed(exc))

    def __iter__(self) -> Iterator[T]:
        self._thread.start()
        try:
            while True:
                item = self._queue.get()
                if isinstance(item, _Done):
                    return
                if isinstance(item, _Failed):
                    raise item.error
                yield item  # type: ignore[misc]
        finally:
            self._stop.set()
            self._thread.join()
