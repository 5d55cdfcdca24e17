"""Imports written chunk by chunk while the file is still being read (PostgreSQL), with small chunks so
the fixture file spans several: bad rows late in a file, re-imports, trail and change feed per event."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from commandcenter.db.models import Event, TrailEntry
from commandcenter.interchange import events_import
from commandcenter.interchange.events_import import import_events
from commandcenter.interchange.problems import ImportRefused
from commandcenter.interchange.read_ahead import ReadAhead
from commandcenter.services import placement
from tests.interchange.util import EVENTS_CSV, EXPECTED_CSV, counts, grid_of, load_grids

CSV_TEXT = EVENTS_CSV.read_text(encoding="utf-8")


@pytest.fixture
def gridded(session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setattr(events_import, "CHUNK", 2)  # 11 fixture events: 6 writes
    placement.clear_cache()
    load_grids(session)
    return session


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_bad_last_row_leaves_nothing_and_the_transaction_usable(gridded: Session, tmp_path: Path) -> None:
    before = counts(gridded)
    bad = CSV_TEXT.replace("NX-0011,28.8550", "NX-0011,-128.8550")
    with pytest.raises(ImportRefused) as info:
        import_events(gridded, _csv(tmp_path, bad))
    assert [str(p) for p in info.value.problems] == [
        "events.csv: line 13 (id NX-0011): lat: -128.855: is out of range -90..90"
    ]
    # No rollback by the caller: the import undid its own chunks (trail and change feed included).
    assert counts(gridded) == before
    result = import_events(gridded, EVENTS_CSV)  # the same transaction goes on
    gridded.commit()
    assert result.new == 11 and grid_of(gridded) == EXPECTED_CSV


def test_a_database_error_mid_import_leaves_nothing(
    gridded: Session, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    # As if another import of the same source committed NX-0009 after this one looked: the write of
    # the 5th chunk hits the unique (source_system, external_id) key.
    gridded.add(Event(category_id=1, source_system="import", external_id="NX-0009", code="E-TAKEN"))
    gridded.commit()
    before = counts(gridded)
    monkeypatch.setattr(events_import, "_any_stored", lambda *_args: False)
    with pytest.raises(DBAPIError, match=r"uq_events_source_system_external_id|UNIQUE"):
        import_events(gridded, EVENTS_CSV)
    if backend == "sqlite":
        gridded.rollback()  # checked before writing, one write: nothing to undo but the transaction
    assert counts(gridded) == before


def test_reimport_across_chunks_adds_only_new_events(gridded: Session, tmp_path: Path) -> None:
    first = import_events(gridded, EVENTS_CSV)
    gridded.commit()
    changed = CSV_TEXT.replace("NX-0005,28.8530", "NX-0005,28.8531")
    changed += "NX-0012,28.8360,104.9560,2024-05-03 18:00,XG02,新事件,,,,\n"
    again = import_events(gridded, _csv(tmp_path, changed))
    gridded.commit()
    assert (again.rows, again.new, again.present, again.present_differing) == (12, 1, 11, 1)
    assert len(set(first.event_ids) | set(again.event_ids)) == 12
    events = gridded.scalars(select(Event)).all()
    assert len(events) == 12
    assert all(e.code and e.code.endswith(f"-{e.id:07d}") for e in events)
    trail = gridded.execute(select(TrailEntry.event_id, TrailEntry.step, TrailEntry.to_status)).all()
    assert sorted(trail) == sorted((e.id, "report", e.status) for e in events)
    feed = set(gridded.execute(text("SELECT table_name, row_id FROM change_log WHERE kind = 'insert'")).all())
    assert {("events", e.id) for e in events} <= feed
    steps = gridded.scalars(select(TrailEntry.id)).all()
    assert {("event_steps", i) for i in steps} <= feed


def test_read_ahead_passes_items_and_errors() -> None:
    assert list(ReadAhead(iter(range(5)), depth=1)) == [0, 1, 2, 3, 4]

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("line 9: broken")

    got = []
    with pytest.raises(ValueError, match="line 9: broken"):
        for item in ReadAhead(failing()):
            got.append(item)
    assert got == [1]


def test_read_ahead_stops_its_thread_when_the_consumer_stops() -> None:
    produced = []

    def endless() -> Iterator[int]:
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    reader = ReadAhead(endless(), depth=2)
    for item in reader:
        if item == 3:
            break
    time.sleep(0.2)
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
    assert len(produced) <= 3 + 1 + 2 + 1  # consumed, in the queue, and one being put
