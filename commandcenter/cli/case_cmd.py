"""`commandcenter case ...` (show a case, take any workflow step), `commandcenter kpi`, `bench kpi`.

Every step subcommand takes the case code, `--as PERSON` (a person code such as O0001, or an id) and
optionally `--version N` (refuse if the case has moved past the version you looked at). A refusal
prints one line saying why and exits with status 2; nothing is written.

Times (`--deadline`, `--until`) are ISO dates or datetimes; without an offset they are China time, and
a bare date means the end of that day.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from commandcenter.cli.common import CliError, add_db_arg, add_format_arg, open_db, print_json, print_table
from commandcenter.domain.errors import DomainError
from commandcenter.domain.kpi import MEASURE_LABELS
from commandcenter.domain.labels import status_label, step_label
from commandcenter.domain.status import Step
from commandcenter.interchange.timeparse import LOCAL_TZ, TimeFormatError, parse_time
from commandcenter.services import workflow_ops as ops
from commandcenter.services.changes import Changed
from commandcenter.services.errors import BadStepArgs, Conflict, NotFound, PermissionDenied, StepNotAllowed

# ---------------------------------------------------------------------------------------------- parsing


def _when(text: str) -> datetime:
    """A deadline as typed: a bare date means the end of that day (China time)."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day + timedelta(days=1), datetime.min.time(), LOCAL_TZ).astimezone(UTC)
        return parse_time(text)
    except (TimeFormatError, ValueError) as exc:
        raise argparse.ArgumentTypeError(f"not a date or time: {text!r} ({exc})") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _stars(text: str) -> int:
    if text not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(f"stars are a whole number from 1 to 5, not {text!r}")
    return int(text)


# ---------------------------------------------------------------------------------------------- register

# subcommand -> (help, function that takes the step given the parsed args)
StepRunner = Callable[[Any, argparse.Namespace], Changed]


def _step_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("code", metavar="CODE", help="the case code (E20261120-0000123) or id")
    p.add_argument(
        "--as", dest="actor", metavar="PERSON", required=True, help="who takes the step (code or id)"
    )
    p.add_argument("--version", type=int, metavar="N", help="refuse if the case is no longer at version N")
    add_db_arg(p)
    return p


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    case = commands.add_parser("case", help="show a case with its trail, or take a workflow step on it")
    sub = case.add_subparsers(dest="case_command", required=True, metavar="ACTION")

    show = sub.add_parser("show", help="the case's fields, clock and whole trail (全程留痕)")
    show.add_argument("code", metavar="CODE")
    add_db_arg(show)
    add_format_arg(show)
    show.set_defaults(func=_show)

    audit = sub.add_parser("audit", help="check that the case's row agrees with its trail")
    audit.add_argument("code", metavar="CODE")
    add_db_arg(audit)
    audit.set_defaults(func=_audit)

    _register_new_cases(sub)
    _register_steps(sub)

    k = commands.add_parser("kpi", help="the measures (考核指标) for a period, ranked by unit")
    k.add_argument("--from", dest="first", type=_day, required=True, metavar="YYYY-MM-DD")
    k.add_argument("--to", dest="last", type=_day, required=True, metavar="YYYY-MM-DD", help="inclusive")
    k.add_argument(
        "--by",
        choices=["township", "community", "grid", "logical-grid", "person"],
        default="township",
        help="rank these units (default township)",
    )
    k.add_argument(
        "--unit",
        metavar="KIND:CODE",
        help="only this unit instead of a ranking: district, grid:CODE (any level), logical:CODE, person:CODE",
    )
    add_db_arg(k)
    add_format_arg(k)
    k.set_defaults(func=_kpi)

    b = bench.add_parser("kpi", help="a month's measures by township over 1,000,000 events: SQL vs Python")
    b.add_argument(
        "--server",
        metavar="URL",
        help="PostgreSQL server to create the temporary database on "
        "(default $COMMANDCENTER_BENCH_PG, else postgresql://postgres@127.0.0.1:5432/test)",
    )
    b.add_argument("--events", type=int, default=1_000_000, help="synthetic events (default 1,000,000)")
    b.add_argument("--runs", type=int, default=5, help="timed runs of the SQL (the best is reported)")
    b.set_defaults(func=_bench_kpi)


def _register_new_cases(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="事件上报: report a new case at a place")
    rep.add_argument("--as", dest="actor", metavar="PERSON", required=True)
    rep.add_argument("--lat", type=float, required=True)
    rep.add_argument("--lon", type=float, required=True)
    rep.add_argument("--category", required=True, metavar="CODE", help="e.g. XG02 (see `categories list`)")
    rep.add_argument("--title", required=True)
    rep.add_argument("--description")
    rep.add_argument("--address")
    rep.add_argument("--media", action="append", default=[], metavar="URL", help="photo/video (repeatable)")
    rep.add_argument("--note")
    add_db_arg(rep)
    rep.set_defaults(func=_run_new, runner=_report)

    sh = sub.add_parser("self-handle", help="自办: a grid worker fixed a small matter on the spot")
    sh.add_argument("--as", dest="actor", metavar="PERSON", required=True)
    sh.add_argument("--lat", type=float, required=True)
    sh.add_argument("--lon", type=float, required=True)
    sh.add_argument("--category", required=True, metavar="CODE")
    sh.add_argument("--title", required=True)
    sh.add_argument("--result", required=True, help="what was done")
    sh.add_argument("--media", action="append", default=[], metavar="URL")
    add_db_arg(sh)
    sh.set_defaults(func=_run_new, runner=_self_handle)

    tk = sub.add_parser(
        "task", help="派发任务: a department liaison sends a task to a unit or a grid's worker"
    )
    tk.add_argument("--as", dest="actor", metavar="PERSON", required=True)
    tk.add_argument(
        "--to", required=True, metavar="UNIT", help="grid:CODE (its worker), center:CODE or logical:CODE"
    )
    tk.add_argument("--category", required=True, metavar="CODE")
    tk.add_argument("--title", required=True)
    tk.add_argument("--assignee", metavar="PERSON", help="a particular person (default: the grid's worker)")
    tk.add_argument("--deadline", type=_when, help="default: the category's handling limit")
    tk.add_argument("--lat", type=float)
    tk.add_argument("--lon", type=float)
    tk.add_argument("--description")
    tk.add_argument("--note")
    add_db_arg(tk)
    tk.set_defaults(func=_run_new, runner=_task)


def _register_steps(sub: argparse._SubParsersAction) -> None:
    def simple(
        name: str, help_text: str, fn: Callable[..., Changed], text: str, required: bool = False
    ) -> None:
        p = _step_parser(sub, name, help_text)
        p.add_argument(f"--{text}", required=required, help=f"{text} (kept on the trail)")
        p.set_defaults(
            func=_run_step,
            runner=lambda db, a: fn(db, a.actor, a.code, a.version, **{text: getattr(a, text)}),
        )

    simple("verify", f"{step_label(Step.VERIFY)}: the report is real and in scope", ops.verify, "note")
    simple("void", f"{step_label(Step.VOID)}: reject the report", ops.void, "reason")
    simple("accept", f"{step_label(Step.ACCEPT)}: the assignee takes the case on", ops.accept, "note")
    simple("close", f"{step_label(Step.CLOSE)}", ops.close, "note")
    simple(
        "send-back", f"{step_label(Step.SEND_BACK)}: not ours, back to who sent it", ops.send_back, "reason"
    )
    simple("reject-extension", f"{step_label(Step.REJECT_EXTENSION)}", ops.reject_extension, "reason")
    simple("park", f"{step_label(Step.PARK)}: stop the clock", ops.park, "reason", required=True)
    simple("resume", f"{step_label(Step.RESUME)}: restart the clock", ops.resume, "note")
    simple("escalate", f"{step_label(Step.ESCALATE)}: to the center one level up", ops.escalate, "reason")
    simple(
        "supervise", f"{step_label(Step.SUPERVISE)}: a leader's flag with a note", ops.supervise, "note", True
    )

    p = _step_parser(sub, "route", f"{step_label(Step.ROUTE)}: make a unit responsible")
    p.add_argument(
        "--to", metavar="UNIT", help="grid:CODE, center:CODE or logical:CODE (default: the suggestion)"
    )
    p.add_argument("--note")
    p.set_defaults(func=_run_step, runner=_route)

    p = _step_parser(sub, "assign", f"{step_label(Step.ASSIGN)}: give the case to a person")
    p.add_argument("--to", required=True, metavar="PERSON")
    p.add_argument("--deadline", type=_when, help="default: the category's handling limit from now")
    p.add_argument("--note")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.assign(
        db, a.actor, a.code, a.version, to=a.to, deadline=a.deadline, note=a.note))  # fmt: skip

    p = _step_parser(sub, "reply", f"{step_label(Step.REPLY)}: report the result")
    p.add_argument("--result", required=True)
    p.add_argument("--media", action="append", default=[], metavar="URL", help="photo/video (repeatable)")
    p.add_argument("--note")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.reply(
        db, a.actor, a.code, a.version, result=a.result, media=a.media, note=a.note))  # fmt: skip

    p = _step_parser(sub, "check", "核查: pass the result, or fail it back to the assignee (rework)")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--pass", dest="passed", action="store_true", help="核查通过")
    verdict.add_argument("--fail", dest="failed", action="store_true", help="核查不通过: rework")
    p.add_argument("--deadline", type=_when, help="rework deadline (default: the handling limit from now)")
    p.add_argument("--note")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.check(
        db, a.actor, a.code, a.version, passed=a.passed, deadline=a.deadline, note=a.note))  # fmt: skip

    p = _step_parser(sub, "rate", f"{step_label(Step.RATE)}: 1-5 stars")
    p.add_argument("--stars", type=_stars, required=True)
    p.add_argument("--comment")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.rate(
        db, a.actor, a.code, a.version, stars=a.stars, comment=a.comment))  # fmt: skip

    p = _step_parser(sub, "extend", f"{step_label(Step.REQUEST_EXTENSION)}: ask for more time")
    more = p.add_mutually_exclusive_group(required=True)
    more.add_argument("--hours", type=float, help="hours more than the current deadline")
    more.add_argument("--until", type=_when, help="a new deadline")
    p.add_argument("--reason")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.request_extension(
        db, a.actor, a.code, a.version, hours=a.hours, until=a.until, reason=a.reason))  # fmt: skip

    p = _step_parser(sub, "approve-extension", f"{step_label(Step.APPROVE_EXTENSION)}: the deadline moves")
    p.add_argument("--until", type=_when, help="a different deadline than the one asked for")
    p.add_argument("--note")
    p.set_defaults(func=_run_step, runner=lambda db, a: ops.approve_extension(
        db, a.actor, a.code, a.version, until=a.until, note=a.note))  # fmt: skip

    p = _step_parser(sub, "reopen", f"{step_label(Step.REOPEN)}: back to handling (or to verification)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--assignee", metavar="PERSON", help="default: the last assignee")
    who.add_argument("--to-verification", action="store_true", help="back to verification, nobody assigned")
    p.add_argument("--to", metavar="UNIT", help="a new responsible unit")
    p.add_argument("--deadline", type=_when, help="default: the handling limit from now")
    p.add_argument("--reason")
    p.set_defaults(func=_run_step, runner=_reopen)


# ---------------------------------------------------------------------------------------------- runners


def _report(session: Any, a: argparse.Namespace) -> Changed:
    return ops.report(
        session, a.actor, category=a.category, lat=a.lat, lon=a.lon, title=a.title,
        description=a.description, address=a.address, media=a.media, note=a.note,
    )  # fmt: skip


def _self_handle(session: Any, a: argparse.Namespace) -> Changed:
    return ops.self_handle(
        session, a.actor, category=a.category, lat=a.lat, lon=a.lon, title=a.title, result=a.result,
        media=a.media,
    )  # fmt: skip


def _task(session: Any, a: argparse.Namespace) -> Changed:
    return ops.task(
        session, a.actor, category=a.category, title=a.title, to=a.to, assignee=a.assignee,
        deadline=a.deadline, lat=a.lat, lon=a.lon, description=a.description, note=a.note,
    )  # fmt: skip


def _route(session: Any, a: argparse.Namespace) -> Changed:
    to = a.to
    if to is None:
        from commandcenter.services.cases import load_event
        from commandcenter.services.routing import suggest_route

        hint = suggest_route(session, load_event(session, a.code))
        if hint is None:
            raise CliError(
                f"no suggestion for case {a.code}: give --to grid:CODE, center:CODE or logical:CODE"
            )
        to = hint
        session.rollback()  # the look-up's read transaction; the step runs in its own
    return ops.route(session, a.actor, a.code, a.version, to=to, note=a.note)


def _reopen(session: Any, a: argparse.Namespace) -> Changed:
    assignee = a.assignee if a.assignee is not None else ops.KEEP
    return ops.reopen(
        session, a.actor, a.code, a.version, assignee=assignee, to_verification=a.to_verification,
        to=a.to, deadline=a.deadline, reason=a.reason,
    )  # fmt: skip


_REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (Conflict, "conflict"),
    (PermissionDenied, "permission denied"),
    (StepNotAllowed, "not allowed"),
    (BadStepArgs, "bad arguments"),
    (NotFound, "not found"),
    (DomainError, "refused"),
)


def _refusal(exc: Exception) -> CliError:
    kind = next(label for cls, label in _REFUSALS if isinstance(exc, cls))
    return CliError(f"{kind}: {exc}", exit_code=2)


def _take(args: argparse.Namespace) -> Changed:
    db = open_db(args)
    with db.sessions() as session:
        try:
            return args.runner(session, args)
        except DomainError as exc:
            raise _refusal(exc) from None


def _run_new(args: argparse.Namespace) -> int:
    changed = _take(args)
    print(f"{changed.code}: {step_label(changed.step)} -> {status_label(changed.new_status)} (version 1)")
    return 0


def _run_step(args: argparse.Namespace) -> int:
    changed = _take(args)
    print(
        f"{changed.code}: {step_label(changed.step)} -> {status_label(changed.new_status)} "
        f"(version {changed.version})"
    )
    return 0


# ---------------------------------------------------------------------------------------------- show


def _display_width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _local(value: Any) -> Any:
    return value.astimezone(LOCAL_TZ) if isinstance(value, datetime) else value


def _details(data: dict[str, Any]) -> str:
    parts = []
    for key, value in data.items():
        if key in ("note", "reason", "comment", "result") or value is None:
            continue
        if isinstance(value, dict) and "kind" in value:
            value = f"{value['kind']}:{value.get('code')}"
        elif isinstance(value, str) and len(value) > 19 and value[4] == "-" and "T" in value:
            value = _local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}={value}")
    return "; ".join(parts)


def _show(args: argparse.Namespace) -> int:
    from commandcenter.services.case_view import case_view

    db = open_db(args)
    with db.sessions() as session:
        try:
            view = case_view(session, args.code)
        except DomainError as exc:
            raise _refusal(exc) from None
    if args.format == "json":
        print_json(
            {
                "fields": {k: _local(v) for k, v in view.fields.items()},
                "next_steps": [s.value for s in view.next_steps],
                "trail": [
                    {
                        "id": t.id,
                        "at": t.at,
                        "step": t.step.value,
                        "actor": t.actor,
                        "from": t.from_status.value if t.from_status else None,
                        "to": t.to_status.value,
                        "note": t.note,
                        "data": t.data,
                    }
                    for t in view.trail
                ],
            }
        )
        return 0
    labels = {**view.fields, "next 可办理": ", ".join(step_label(s) for s in view.next_steps) or "-"}
    width = max(_display_width(k) for k in labels)
    for key, value in labels.items():
        value = _local(value)
        text = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)
        print(key + " " * (width - _display_width(key)) + "  " + text)
    print()
    print(f"trail 全程留痕 ({len(view.trail)} steps, times in China time):")
    rows = [
        {
            "#": i,
            "at": _local(t.at),
            "step": t.step_label,
            "by": t.actor,
            "from -> to": f"{t.from_status.value if t.from_status else '-'} -> {t.to_status.value}",
            "note": t.note or "",
            "details": _details(t.data),
        }
        for i, t in enumerate(view.trail, start=1)
    ]
    print_table(rows, ["#", "at", "step", "by", "from -> to", "note", "details"])
    return 0


def _audit(args: argparse.Namespace) -> int:
    from commandcenter.services.cases import audit, load_event

    db = open_db(args)
    with db.sessions() as session:
        try:
            problems = audit(session, load_event(session, args.code))
        except DomainError as exc:
            raise _refusal(exc) from None
    if not problems:
        print(f"{args.code}: the row and its trail agree")
        return 0
    for problem in problems:
        print(f"{args.code}: {problem}")
    return 1


# ---------------------------------------------------------------------------------------------- kpi

_RATE_COLUMNS = (
    "closure_rate",
    "on_time_closure_rate",
    "rework_rate",
    "on_time_verification_rate",
    "on_time_dispatch_rate",
    "accurate_dispatch_rate",
    "satisfaction_rate",
)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _kpi_row(u: Any) -> dict[str, Any]:
    row = {"#": u.position or "", "code": u.code, "name": u.name, "grade": u.grade, "score": f"{u.score:.1f}"}
    row["cases"] = u.counts.dispatched
    for name in _RATE_COLUMNS:
        row[MEASURE_LABELS[name][0]] = _pct(getattr(u.measures, name))
    return row


def _kpi(args: argparse.Namespace) -> int:
    from commandcenter.services import kpi

    if args.last < args.first:
        raise CliError(f"--to {args.last} is before --from {args.first}")
    period = kpi.Period.days(args.first, args.last)
    now = datetime.now(UTC)  # a step still waiting is late only once its due time has passed
    db = open_db(args)
    with db.sessions() as session:
        try:
            if args.unit:
                kind, _, code = args.unit.partition(":")
                if kind not in ("district", "grid", "logical", "person") or (kind != "district" and not code):
                    raise CliError(
                        f"--unit {args.unit!r}: write district, grid:CODE, logical:CODE or person:CODE"
                    )
                units = [kpi.indicators(session, period, kind=kind, code=code, now=now)]
                district = None
            else:
                units = kpi.ranking(session, period, args.by, now=now)
                district = kpi.indicators(session, period, now=now)
        except DomainError as exc:
            raise _refusal(exc) from None
    if args.format == "json":
        print_json(
            {
                "from": args.first,
                "to": args.last,
                "by": None if args.unit else args.by,
                "units": kpi.as_rows(units),
                "district": district.as_dict() if district else None,
            }
        )
        return 0
    title = args.unit or f"by {args.by}"
    print(f"measures 考核指标 {args.first} .. {args.last} ({title}); rates in %, cases = dispatched")
    rows = [_kpi_row(u) for u in units]
    if district is not None:
        rows.append(
            {**_kpi_row(district), "#": "", "code": "district", "name": f"{district.name} (all 全区)"}
        )
    columns = ["#", "code", "name", "grade", "score", "cases", *(MEASURE_LABELS[n][0] for n in _RATE_COLUMNS)]
    print_table(rows, columns)
    legend = ", ".join(f"{MEASURE_LABELS[n][0]} = {MEASURE_LABELS[n][1]}" for n in _RATE_COLUMNS)
    print(f"({legend})", file=sys.stdout)
    return 0


# ---------------------------------------------------------------------------------------------- bench


def _bench_kpi(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from commandcenter.services.kpi_bench import default_server, format_rows, run_kpi_bench

    server = args.server or default_server()
    try:
        result = run_kpi_bench(server, events=args.events, runs=args.runs, log=lambda m: print(f"  {m}"))
    except SQLAlchemyError as exc:  # a server that is down or refuses CREATE DATABASE: one line
        raise CliError(f"bench kpi on {server}: {exc}") from None
    print(format_rows(result))
    return 0
