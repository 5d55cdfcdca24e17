"""Workflow steps as the window takes them: one step = one transaction, run on a worker thread.

The services layer does the work (permission, state machine, optimistic version check, trail) and
returns a `Changed`; a `Conflict` carries the case's current state for the message.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from commandcenter.domain.status import Step

# Steps that need input, and so a dialog; the rest only take an optional note.
NEEDS_UNIT = frozenset({Step.ROUTE})
NEEDS_PERSON = frozenset({Step.ASSIGN})
NEEDS_HOURS = frozenset({Step.REQUEST_EXTENSION})
CHECK_STEPS = frozenset({Step.CHECK_PASS, Step.CHECK_FAIL})
NOTE_KEY: Mapping[Step, str] = {Step.REPLY: "result", Step.VOID: "reason", Step.SEND_BACK: "reason"}


def take_step(
    session: Session,
    person_id: int,
    case_id: int,
    expected_version: int | None,
    step: str,
    args: Mapping[str, Any],
    now: datetime | None = None,
) -> Any:
    """Take `step` on the case as the person through `services.workflow_ops`; returns its `Changed`.

    `args` is what the dialogs collect: a free text (under "note", "reason" or "result"), and for
    route a unit {"kind", "code"}, for assign "assignee_id", for an extension "hours".
    """
    from commandcenter.domain.workflow import UnitRef
    from commandcenter.services import workflow_ops as ops

    s = Step(step)
    kwargs: dict[str, Any] = {}
    if s in CHECK_STEPS:
        fn = ops.check
        kwargs["passed"] = s is Step.CHECK_PASS
    else:
        fn = getattr(ops, str(s))
    params = inspect.signature(fn).parameters
    text = next((args[k] for k in ("result", "note", "reason") if args.get(k)), None)
    for name in ("result", "note", "reason"):  # the step's own name for its free text
        if name in params:
            if text is not None or params[name].default is inspect.Parameter.empty:
                kwargs[name] = text or ""
            break
    if s in NEEDS_UNIT:
        unit = args["responsible"]
        kwargs["to"] = UnitRef.coerce(unit)
    if s in NEEDS_PERSON:
        kwargs["to"] = int(args["assignee_id"])
    if s in NEEDS_HOURS and args.get("hours"):
        kwargs["hours"] = float(args["hours"])
    if "now" in params and now is not None:
        kwargs["now"] = now
    return fn(session, person_id, case_id, expected_version, **kwargs)


def is_conflict(error: BaseException) -> bool:
    from commandcenter.services.errors import Conflict

    return isinstance(error, Conflict)


def is_refusal(error: BaseException) -> bool:
    """A refusal the person should read (not a crash): permission, state, arguments, conflict."""
    from commandcenter.domain.errors import DomainError

    return isinstance(error, DomainError)
