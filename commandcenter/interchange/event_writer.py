"""Writing many checked events (and their trail rows) fast, inside the caller's transaction.

Three ways (`commandcenter bench import` measures them):
- "copy" (PostgreSQL, the default there): ids are taken from the sequence in one query (returned as
  runs of consecutive ids, not one row per id), codes are made here (db.codes), the events go in with
  binary COPY ... FROM STDIN on the session's own connection (so in the same transaction), and their
  trail rows with one INSERT ... SELECT from those events (the server makes them; nothing to send).
- "executemany" (SQLite, the default there): the DB-API cursor's executemany with values already
  converted by the columns' own SQLAlchemy bind processors (so they are stored exactly as the ORM
  stores them), with ids and codes assigned here (see `_sqlite_events`).
- "core" (both): SQLAlchemy Core `insert()` executemany with RETURNING (insertmanyvalues). Portable,
  and much slower for large files; kept as the reference.
Either way the database's own triggers run (the change feed; the event code trigger where a row
comes without a code, see migration 0006).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring as _quote
from typing import Any, NamedTuple

import psycopg
from psycopg.types.json import set_json_dumps
from sqlalchemy import JSON, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from commandcenter.db.codes import event_codes
from commandcenter.db.engine import backend
from commandcenter.db.models import Media, TrailEntry
from commandcenter.domain.status import Step
from commandcenter.services.tables import EVENTS


class EventRow(NamedTuple):
    """One events-table row as the writers take it (the field order is the COPY column order)."""

    source: str
    source_system: str
    external_id: str
    category_id: int
    original_category: str | None
    title: str
    description: str | None
    lat: float
    lon: float
    address: str | None
    reported_at: datetime
    received_at: datetime
    grid_id: int | None
    claimed_grid_code: str | None
    position_flag: bool
    time_flag: bool
    status: str
    closed_at: datetime | None
    step_started_at: datetime | None
    step_deadline: datetime | None
    verify_due_at: datetime | None
    extra: dict[str, Any]  # last: the writers send the last value as JSON


EVENT_COLUMNS = EventRow._fields
# `data` (the step's arguments) is left to its default, {}: the 'report' step of an import has none.
TRAIL_COLUMNS = ("event_id", "step", "at", "from_status", "to_status", "note")
_dumps = json.JSONEncoder(ensure_ascii=False).encode
_CHUNK = 10_000  # rows per Core executemany call: bounds memory of the compiled batches


@dataclass(frozen=True, slots=True)
class TrailInfo:
    """What the trail row of every imported event says."""

    note: str
    source_system: str


METHODS = ("copy", "executemany", "core")


def write_method(session: Session, requested: str = "auto") -> str:
    """The method to use: "auto" picks COPY on PostgreSQL and executemany on SQLite."""
    kind = backend(session.get_bind().engine)
    if requested == "auto":
        return "copy" if kind == "postgresql" else "executemany"
    if requested not in METHODS:
        raise ValueError(f"unknown write method {requested!r}; use one of {', '.join(METHODS)}")
    if (requested == "copy") != (kind == "postgresql") and requested != "core":
        raise ValueError(f"write method {requested!r} does not work on {kind}")
    return requested


def write_events(
    session: Session,
    rows: Sequence[EventRow],
    trail: TrailInfo,
    at: datetime,
    media: Sequence[tuple[int, str]] = (),
    method: str = "auto",
    catalog: dict[str, Any] | None = None,
) -> list[int]:
    """Insert `rows` (all with trail.source_system and distinct external ids) and one 'report' trail
    row each; return their ids in row order. `media` holds (row index, url) pairs. Runs in the
    session's transaction. `catalog` (COPY only) keeps what was looked up in the database's catalog
    (column types, the id sequence) for the next call in the same transaction: one import writes in
    chunks, and each look-up is a round trip."""
    if not rows:
        return []
    session.flush()  # anything pending in the ORM goes first, on the same connection
    how = write_method(session, method)
    if how == "copy":
        ids = _copy_events(session, rows, {} if catalog is None else catalog)
    elif how == "executemany":
        ids = _sqlite_events(session, rows)
    else:
        ids = _core_events(session, rows)
    # The trail's `data` is the step's arguments: the services replay it through the workflow, whose
    # 'report' step takes only `responsible`. So where the case came from goes in the note (the event
    # row keeps source_system and external_id as columns too).
    if how == "copy":
        _trail_from_events(session, ids, trail, at)
    else:
        step = Step.REPORT.value
        trail_rows = [
            (event_id, step, at, None, row.status, f"{trail.note} ({trail.source_system}: {row.external_id})")
            for event_id, row in zip(ids, rows, strict=True)
        ]
        if how == "executemany":
            _executemany(session, TrailEntry.__table__, TRAIL_COLUMNS, trail_rows)
        else:
            _core_insert(session, TrailEntry.__table__, TRAIL_COLUMNS, trail_rows)
    if media:
        session.execute(
            insert(Media.__table__),
            [{"event_id": ids[i], "kind": "photo", "url": url} for i, url in media],
        )
    return ids


def _executemany(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Plain DB-API executemany; each value converted by its column's bind processor, as Core would."""
    conn = session.connection()
    dialect = conn.dialect
    procs = [
        (i, _processor(table.c[c].type, p))
        for i, c in enumerate(columns)
        if (p := table.c[c].type.dialect_impl(dialect).bind_processor(dialect))
    ]

    def convert(r: tuple[Any, ...]) -> list[Any]:
        v = list(r)
        for i, p in procs:
            v[i] = p(v[i])
        return v

    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cur = conn.connection.driver_connection.cursor()
    try:
        cur.executemany(sql, map(convert, rows))
    except sqlite3.Error as exc:  # as SQLAlchemy would raise it (callers catch DBAPIError)
        raise DBAPIError(sql, None, exc) from exc
    finally:
        cur.close()


def _processor(type_: Any, process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    if isinstance(type_, JSON):
        return json_text  # same document, without SQLAlchemy's per-value overhead
    try:
        is_datetime = type_.python_type is datetime
    except NotImplementedError:
        is_datetime = False
    return _memo(process) if is_datetime else process


def _memo(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`process` with a cache: an import repeats the same few values (one receipt time, one due time
    per category) in every row, and converting a datetime costs several microseconds."""
    cache: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            out = cache[value] = process(value)
            return out
        except TypeError:  # unhashable
            return process(value)

    return cached


def _sqlite_events(session: Session, rows: Sequence[EventRow]) -> list[int]:
    """SQLite: the first row gets its id (and code) the normal way, which also takes the database's
    single write lock for this transaction. Nobody else can insert before we commit, so the other
    rows take the next ids explicitly, with their codes computed here: that saves the code trigger's
    UPDATE per row, which costs more than the INSERT itself."""
    table = EVENTS
    _executemany(session, table, EVENT_COLUMNS, rows[:1])
    first = int(session.execute(select(func.max(table.c.id))).scalar_one())
    ids = list(range(first, first + len(rows)))
    codes = event_codes((r.received_at, i) for i, r in zip(ids[1:], rows[1:], strict=True))
    rest = [(i, code, *r) for i, code, r in zip(ids[1:], codes, rows[1:], strict=True)]
    _executemany(session, table, ("id", "code", *EVENT_COLUMNS), rest)
    return ids


def _core_events(session: Session, rows: Sequence[EventRow]) -> list[int]:
    table = EVENTS
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = [dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows[start : start + _CHUNK]]
        ids.extend(session.execute(stmt, chunk).scalars().all())
    return ids


def _core_insert(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(
            insert(table), [dict(zip(columns, r, strict=True)) for r in rows[start : start + _CHUNK]]
        )


def _raw(session: Session) -> Any:
    """The psycopg connection under the session's current transaction."""
    return session.connection().connection.driver_connection


# `n` ids from the events sequence (its oid inlined: a name or parameter would be looked up per row),
# as runs (first id, length): other writers may take ids in between, so they need not be consecutive,
# but nearly always are, and 100,000 one-id rows cost the client more than the server's nextval calls.
_TAKE_IDS = """
SELECT min(id), count(*) FROM (
    SELECT id, id - row_number() OVER (ORDER BY id) AS run
    FROM (SELECT nextval({seq}::regclass) AS id FROM generate_series(1, {n})) taken
) numbered GROUP BY run ORDER BY 1
"""


def _take_ids(session: Session, n: int, catalog: dict[str, Any]) -> list[int]:
    with _raw(session).cursor() as cur:
        seq = catalog.get("events id sequence")
        if seq is None:
            cur.execute("SELECT pg_get_serial_sequence('events', 'id')::regclass::oid::bigint")
            (seq,) = cur.fetchone() or (None,)
            catalog["events id sequence"] = seq
        cur.execute(_TAKE_IDS.format(seq=int(seq), n=int(n)))
        ids = [i for first, length in cur.fetchall() for i in range(first, first + length)]
    if len(ids) != n:  # cannot happen; a silent mismatch would pair rows with wrong trail rows
        raise RuntimeError(f"asked the events sequence for {n} ids, got {len(ids)}")
    return ids


# The trail rows of events just written, made by the server from the rows themselves (the same values
# and note as the other methods build here): nothing to pack and send per row.
_TRAIL_FROM_EVENTS = text(
    "INSERT INTO event_steps (event_id, step, at, from_status, to_status, note) "
    "SELECT id, :step, :at, NULL, status, :note || ' (' || source_system || ': ' || external_id || ')' "
    "FROM events WHERE id BETWEEN :first AND :last AND source_system = :source ORDER BY id"
)


def _trail_from_events(session: Session, ids: Sequence[int], trail: TrailInfo, at: datetime) -> None:
    params = {"step": Step.REPORT.value, "at": at, "note": trail.note, "source": trail.source_system}
    written = 0
    for first, last in _runs(ids):
        written += session.execute(_TRAIL_FROM_EVENTS, {**params, "first": first, "last": last}).rowcount
    if written != len(ids):  # each id is an event just written with this source: cannot differ
        raise RuntimeError(f"wrote {written} trail rows for {len(ids)} events")


def _runs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive ids, in order."""
    runs: list[tuple[int, int]] = []
    first = prev = ids[0]
    for i in ids[1:]:
        if i != prev + 1:
            runs.append((first, prev))
            first = i
        prev = i
    runs.append((first, prev))
    return runs


def _copy_events(session: Session, rows: Sequence[EventRow], catalog: dict[str, Any]) -> list[int]:
    # Explicit ids let COPY write the rows and still tell us their ids; codes made here spare the
    # code trigger (it fires only for a NULL code).
    ids = _take_ids(session, len(rows), catalog)
    codes = event_codes((r.received_at, i) for i, r in zip(ids, rows, strict=True))
    _copy(
        session,
        "events",
        ("id", "code", *EVENT_COLUMNS),
        ((i, code, *r) for i, code, r in zip(ids, codes, rows, strict=True)),
        catalog,
    )
    return ids


def _copy(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    catalog: dict[str, Any] | None = None,
) -> None:
    """COPY rows in (binary format); a dict value goes to a jsonb column. A database error comes out as
    SQLAlchemy's DBAPIError, as from any other statement (callers catch that one)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    try:
        _copy_rows(_raw(session), sql, table, columns, rows, {} if catalog is None else catalog)
    except psycopg.Error as exc:
        raise DBAPIError(sql, None, exc) from exc


def _copy_rows(
    raw: Any,
    sql: str,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    catalog: dict[str, Any],
) -> None:
    with raw.cursor() as cur:
        # The server's own column types, for binary COPY: it then parses no text at all (timestamps
        # and floats as text cost the server more than the client's binary packing).
        types = catalog.get(f"{table} types")
        if types is None:
            cur.execute(
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                (table,),
            )
            types = catalog[f"{table} types"] = dict(cur.fetchall())
        set_json_dumps(json_text, context=cur)
        with cur.copy(sql) as copy:
            copy.set_types([types[c] for c in columns])
            write = copy.write_row
            for r in rows:
                write(r)


def json_text(doc: dict[str, Any]) -> str:
    """`json.dumps(doc, ensure_ascii=False)`, several times faster for the usual flat {str: str}."""
    try:
        return "{" + ", ".join([f"{_quote(k)}: {_quote(v)}" for k, v in doc.items()]) + "}"
    except (TypeError, AttributeError):  # a non-string value: numbers, lists, nested objects
        return _dumps(doc)
