"""`commandcenter simulate`, `watch`, `prune-changes` and `bench live`: the live side of the database."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from commandcenter.cli.common import CliError, add_db_arg, open_db, print_table
from commandcenter.db.engine import backend, resolve_url
from commandcenter.db.models import Event, TrailEntry
from commandcenter.interchange.timeparse import LOCAL_TZ
from commandcenter.live import Change, FeedError, FeedState, FeedStatus, open_feed, prune_change_log
from commandcenter.live.retention import DEFAULT_RETENTION


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    sim = commands.add_parser(
        "simulate",
        help="write what the phone apps would (reports, fixes, replies, ratings) until Ctrl-C",
        description="Simulate the citizen and grid-worker apps writing into the database, through a "
        "connection of its own. Needs grids and people: run `commandcenter demo` first.",
    )
    add_db_arg(sim)
    sim.add_argument("--rate", type=float, default=2.0, help="actions per second on average (default 2)")
    sim.add_argument("--duration", type=float, metavar="S", help="stop after S seconds (default: Ctrl-C)")
    sim.add_argument("--seed", type=int, help="random seed (same seed, same sequence of actions)")
    sim.add_argument("--quiet", action="store_true", help="print only the summary")
    sim.set_defaults(func=_simulate)

    watch = commands.add_parser(
        "watch",
        help="print every change to the database as it arrives (the change feed)",
        description="Follow the change feed: one line per change with its latency since it was made.",
    )
    add_db_arg(watch)
    watch.add_argument("--from-seq", type=int, metavar="N", help="start after change N (default: now)")
    watch.add_argument("--duration", type=float, metavar="S", help="stop after S seconds (default: Ctrl-C)")
    watch.set_defaults(func=_watch)

    prune = commands.add_parser(
        "prune-changes",
        help="delete old rows of the change log (run daily)",
        description="Delete change-log rows older than --days (the newest row is always kept). "
        "The change log only serves readers that were away; the trail is the history.",
    )
    add_db_arg(prune)
    prune.add_argument("--days", type=float, default=DEFAULT_RETENTION.days, help="keep this many days (7)")
    prune.set_defaults(func=_prune)

    live = bench.add_parser(
        "live",
        help="change-feed latency (commit in another process -> batch) beside a 30 s polling dashboard",
    )
    live.add_argument(
        "--db",
        metavar="URL",
        help="PostgreSQL server to create a temporary database on "
        "(default: $COMMANDCENTER_DB if PostgreSQL, else postgresql://postgres@127.0.0.1:5432/test)",
    )
    live.add_argument("--backend", choices=("both", "postgresql", "sqlite"), default="both")
    live.add_argument("--rates", default="1,100,1000", help="changes per second, comma-separated")
    live.add_argument("--seconds", type=float, default=5.0, help="length of each run (default 5)")
    live.set_defaults(func=_bench_live)


@contextlib.contextmanager
def _on_signals(handler: Callable[[], None]) -> Iterator[None]:
    """Route Ctrl-C and SIGTERM to `handler` (so the current transaction can finish)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, lambda _n, _f: handler())
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _local(t: datetime) -> str:
    return t.astimezone(LOCAL_TZ).strftime("%H:%M:%S.%f")[:-3]


# -------------------------------------------------------------------------------------- simulate


def _simulate(args: argparse.Namespace) -> int:
    from commandcenter.simulate import SimulationError, Simulator

    if args.rate <= 0:
        raise CliError("--rate must be positive")
    db = open_db(args)
    try:
        sim = Simulator(db.engine, rate=args.rate, seed=args.seed)
    except SimulationError as exc:
        raise CliError(str(exc)) from None
    where = db.engine.url.render_as_string(hide_password=True)
    until = f"for {args.duration:g} s" if args.duration else "until Ctrl-C"
    print(f"simulating the phone apps on {where} at {args.rate:g} actions/s {until} ...", file=sys.stderr)

    def show(o: Any) -> None:
        print(
            f"{_local(datetime.now(UTC))}  {o.action:<15} {o.code or o.event_id!s:<18} {o.status:<12} {o.detail}"
        )
        sys.stdout.flush()

    stop = threading.Event()
    with _on_signals(stop.set):
        summary = sim.run(args.duration, stop, None if args.quiet else show)
    print("\n".join(summary.lines()), file=sys.stderr if not args.quiet else sys.stdout)
    db.engine.dispose()
    return 0


# -------------------------------------------------------------------------------------- watch


def _describe(db: Any, batch: Sequence[Change]) -> dict[tuple[str, int], str]:
    """Event code and status for event rows, event code and step for trail rows."""
    out: dict[tuple[str, int], str] = {}
    event_ids = {c.row_id for c in batch if c.table == "events" and c.kind != "delete"}
    step_ids = {c.row_id for c in batch if c.table == "event_steps"}
    if not event_ids and not step_ids:
        return out
    with db.sessions() as session:
        if event_ids:
            for eid, code, status in session.execute(
                select(Event.id, Event.code, Event.status).where(Event.id.in_(event_ids))
            ):
                out[("events", eid)] = f"{code} {status}"
        if step_ids:
            rows = session.execute(
                select(TrailEntry.id, Event.code, TrailEntry.step, TrailEntry.to_status)
                .join(Event, Event.id == TrailEntry.event_id)
                .where(TrailEntry.id.in_(step_ids))
            )
            for sid, code, step, to_status in rows:
                out[("event_steps", sid)] = f"{code} {step} -> {to_status}"
    return out


def _status_line(status: FeedStatus) -> str:
    if status.state is FeedState.RECONNECTING:
        return f"[feed] reconnecting in {status.retry_in:.1f} s (attempt {status.attempt}): {status.error}"
    return f"[feed] {status.state.value} (last seq {status.last_seq})"


def _watch(args: argparse.Namespace) -> int:
    db = open_db(args)
    feed = open_feed(
        db.url,
        from_seq=args.from_seq,
        on_status=lambda s: print(_status_line(s), file=sys.stderr, flush=True),
    )
    where = db.engine.url.render_as_string(hide_password=True)
    start = "now" if args.from_seq is None else f"after change {args.from_seq}"
    print(f"watching {where} from {start} (Ctrl-C to stop)", file=sys.stderr)
    timer = threading.Timer(args.duration, feed.stop) if args.duration else None
    count = 0
    try:
        with _on_signals(feed.stop):
            feed.start()
            if timer:
                timer.start()
            for batch in feed.batches():
                now = datetime.now(UTC)
                info = _describe(db, batch)
                for c in batch:
                    latency = (now - c.at).total_seconds() * 1000
                    version = f"v{c.version}" if c.version is not None else ""
                    print(f"{_local(now)}  {latency:>7.1f} ms  #{c.seq:<8} {c.table:<20} {c.row_id:<8} "
                          f"{c.kind:<8} {version:<5} {info.get((c.table, c.row_id), '')}".rstrip())  # fmt: skip
                count += len(batch)
                sys.stdout.flush()
    except FeedError as exc:
        raise CliError(str(exc)) from None
    finally:
        if timer:
            timer.cancel()
        feed.close()
        db.engine.dispose()
    print(f"{count} changes; resume with --from-seq {feed.last_seq}", file=sys.stderr)
    return 0


# -------------------------------------------------------------------------------------- prune


def _prune(args: argparse.Namespace) -> int:
    from datetime import timedelta

    if args.days < 0:
        raise CliError("--days must not be negative")
    db = open_db(args)
    deleted = prune_change_log(db.engine, timedelta(days=args.days))
    print(f"deleted {deleted} change-log rows older than {args.days:g} days")
    db.engine.dispose()
    return 0


# -------------------------------------------------------------------------------------- bench


def _bench_live(args: argparse.Namespace) -> int:
    from commandcenter.live.bench import run_live_bench

    try:
        rates = [int(r) for r in args.rates.split(",") if r.strip()]
    except ValueError:
        raise CliError(f"--rates must be whole numbers separated by commas, not {args.rates!r}") from None
    if not rates or min(rates) <= 0 or args.seconds <= 0:
        raise CliError("rates and --seconds must be positive")
    pg = args.db
    if pg is None:
        configured = resolve_url(None)
        pg = configured if backend(configured) == "postgresql" else None
    if pg is not None and backend(resolve_url(pg)) != "postgresql":
        raise CliError("--db must be a PostgreSQL server URL (SQLite runs on a temporary file)")
    backends = ("postgresql", "sqlite") if args.backend == "both" else (args.backend,)
    t0 = time.monotonic()
    try:
        rows = run_live_bench(backends, rates, args.seconds, pg, log=lambda m: print(m, file=sys.stderr))
    except Exception as exc:  # a server we cannot create a database on, mostly
        if type(exc).__module__.startswith(("sqlalchemy", "psycopg")):
            raise CliError(f"benchmark failed: {str(exc).splitlines()[0]}") from None
        raise
    table = [
        {
            "backend": r.backend,
            "rate/s": r.rate,
            "conns": r.connections,
            "written": r.written,
            "received": r.received,
            "lost": r.lost,
            "p50 ms": f"{r.p50_ms:.1f}",
            "p95 ms": f"{r.p95_ms:.1f}",
            "max ms": f"{r.max_ms:.1f}",
            "30s-poll p50 s": f"{r.poll_p50_s:.1f}",
            "p95 s": f"{r.poll_p95_s:.1f}",
            "max s": f"{r.poll_max_s:.1f}",
        }
        for r in rows
    ]
    print(f"change feed: commit (writer process) -> batch arrival, {args.seconds:g} s per run")
    print_table(table, list(table[0]) if table else [])
    print(_verdict(rows))
    print(f"({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    return 0


def _verdict(rows: Sequence[Any]) -> str:
    lines = []
    for r in rows:
        if r.backend == "postgresql" and r.rate == 100:
            ok = r.p95_ms < 20 and r.lost == 0
            lines.append(f"PostgreSQL at 100/s: p95 {r.p95_ms:.1f} ms, lost {r.lost} -> "
                         f"{'meets' if ok else 'MISSES'} the target (p95 < 20 ms, nothing lost)")  # fmt: skip
        if r.backend == "sqlite" and r.rate == 100:
            ok = r.p95_ms < 500 and r.lost == 0
            lines.append(
                f"SQLite at 100/s: p95 {r.p95_ms:.1f} ms -> {'meets' if ok else 'MISSES'} the target (< 500 ms)"
            )
    return "\n".join(lines)
