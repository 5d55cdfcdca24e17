"""The closed loop (闭环) as a pure, data-driven state machine.

`apply(state, step, **args)` returns the next `CaseState` or raises; nothing here touches a database.
The service layer writes one trail row per applied step (step, from-status, to-status, args) and
`replay` rebuilds the state from those rows, so the trail alone is enough to know where a case stands.

Decisions worth knowing:
- Rating never changes the status. A rating on a checked case leaves it checked: closing is a separate
  act with its own trail row and actor, and a 1-star rating should make the operator look again rather
  than close the case behind their back. A center that wants auto-close writes a CLOSE row after RATE.
- A case is rated at most once per closing; reopening clears the rating so the new result can be rated.
- `deadline` is the handling deadline of the current assignee: set by assign/task/reopen (and
  optionally check-fail), moved by an approved extension, cleared when the assignee is removed.
- `responsible` holds the unit's stable code (grid code or logical-grid code), which is what
  permissions match on and what keeps trail args readable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Final, NamedTuple, TypeAlias

from commandcenter.domain.errors import DomainError
from commandcenter.domain.labels import STATUS_LABELS, STEP_LABELS, status_label, step_label
from commandcenter.domain.status import OPEN_STATUSES, Status, Step, UnitKind

__all__ = [
    "FORWARD",
    "STATUS_LABELS",
    "STEP_LABELS",
    "TRANSITIONS",
    "BadStepArgs",
    "CaseState",
    "Extension",
    "InvalidState",
    "PersonId",
    "StepNotAllowed",
    "TrailEntry",
    "TrailInconsistent",
    "UnitRef",
    "WorkflowError",
    "advance",
    "allowed_steps",
    "apply",
    "no_op",
    "replay",
    "step_args",
]

PersonId: TypeAlias = int | str

S = Status  # the table below reads better with the short name

# Statuses in which a person holds the case (so an assignee is required).
HELD: Final = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REWORK, S.REPLIED, S.CHECKED, S.CLOSED})
# Statuses in which a unit is responsible.
ROUTED_ON: Final = HELD | {S.ROUTED}
# Extensions are asked for and decided only while someone is handling the case.
EXTENDABLE: Final = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REWORK})
RATEABLE: Final = frozenset({S.CHECKED, S.CLOSED})
PARKABLE: Final = frozenset(OPEN_STATUSES - {S.PARKED})


# ---------------------------------------------------------------------------------------------- errors


class WorkflowError(DomainError):
    """Base of the state machine's refusals."""


class StepNotAllowed(WorkflowError):
    """The step cannot be taken from the case's current state."""

    def __init__(
        self,
        case_code: str,
        status: Status | None,
        step: Step,
        reason: str = "",
        allowed: Sequence[Step] = (),
        parked_from: Status | None = None,
    ) -> None:
        self.case_code = case_code
        self.status = status
        self.step = step
        self.reason = reason
        self.allowed = tuple(allowed)
        where = status_label(status)
        if parked_from is not None:
            where += f" (from {status_label(parked_from)})"
        because = f": {reason}" if reason else ""
        options = ", ".join(step_label(s) for s in self.allowed) or "none"
        super().__init__(
            f"case {case_code or '(new)'} is {where}; step {step_label(step)} is not allowed{because} "
            f"(allowed: {options})"
        )


class BadStepArgs(WorkflowError, ValueError):
    """The step is allowed but its arguments are missing or wrong."""

    def __init__(self, case_code: str, step: Step, problem: str) -> None:
        self.case_code = case_code
        self.step = step
        self.problem = problem
        super().__init__(f"case {case_code or '(new)'}: step {step_label(step)}: {problem}")


class InvalidState(WorkflowError, ValueError):
    """A `CaseState` whose fields contradict each other (e.g. assigned without an assignee)."""


class TrailInconsistent(WorkflowError):
    """A recorded trail does not replay: a row's from/to status or the step itself does not fit."""

    def __init__(self, case_code: str, index: int, problem: str) -> None:
        self.case_code = case_code
        self.index = index
        super().__init__(f"case {case_code or '(new)'}: trail row {index} does not replay: {problem}")


# ---------------------------------------------------------------------------------------------- values


class UnitRef(NamedTuple):
    """A responsible unit: its kind and its stable code (grid code or logical-grid code)."""

    kind: UnitKind
    code: str

    @classmethod
    def coerce(cls, value: object) -> UnitRef:
        """Accept a UnitRef, a (kind, code) pair or a {"kind", "code"} mapping (as stored in JSON)."""
        if isinstance(value, Mapping):
            value = (value.get("kind"), value.get("code"))
        if isinstance(value, tuple | list) and len(value) == 2:
            kind, code = value
            if isinstance(code, str) and code:
                try:
                    return cls(UnitKind(kind), code)
                except ValueError:
                    pass
        raise ValueError(f"not a unit (kind, code): {value!r}")


@dataclass(frozen=True)
class Extension:
    """A pending extension request: more hours on the current deadline, or a new deadline."""

    hours: float | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        if (self.hours is None) == (self.until is None):
            raise ValueError("an extension needs exactly one of hours or until")
        if self.hours is not None and not (_is_number(self.hours) and self.hours > 0):
            raise ValueError(f"extension hours must be a positive number, not {self.hours!r}")
        if self.until is not None and not _is_aware(self.until):
            raise ValueError("extension until must be a timezone-aware datetime")

    def new_deadline(self, current: datetime | None) -> datetime:
        if self.until is not None:
            return self.until
        if current is None or self.hours is None:
            raise ValueError("no current deadline to extend by hours")
        return current + timedelta(hours=self.hours)


@dataclass(frozen=True)
class CaseState:
    """Where one case stands in the loop; `status is None` means there is no case yet.

    Constructing a contradictory state raises `InvalidState`, so `apply` can never return one.
    """

    status: Status | None = None
    parked_from: Status | None = None
    assignee_id: PersonId | None = None
    responsible: UnitRef | None = None
    reworks: int = 0
    supervised: bool = False
    extension_pending: Extension | None = None
    rating: int | None = None
    deadline: datetime | None = None
    code: str = ""  # for messages only

    def __post_init__(self) -> None:
        # Rows from the database carry plain strings; normalise them once here.
        for name in ("status", "parked_from"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Status):
                object.__setattr__(self, name, Status(value))
        if self.responsible is not None and not isinstance(self.responsible, UnitRef):
            object.__setattr__(self, "responsible", UnitRef.coerce(self.responsible))
        problems = self.problems()
        if problems:
            raise InvalidState(f"case {self.code or '(new)'}: invalid state: " + "; ".join(problems))

    @property
    def effective_status(self) -> Status | None:
        """The status that matters for the invariants: while parked, the one it resumes into."""
        return self.parked_from if self.status is S.PARKED else self.status

    @property
    def rated(self) -> bool:
        return self.rating is not None

    def problems(self) -> list[str]:
        """Every invariant this state breaks (empty when valid)."""
        out: list[str] = []
        status, eff = self.status, self.effective_status
        if status is None:
            if _carries_data(self):
                out.append("a case that was never reported carries workflow data")
            return out
        if status is S.PARKED:
            if self.parked_from not in PARKABLE:
                out.append(f"parked needs parked_from among open statuses, not {self.parked_from}")
        elif self.parked_from is not None:
            out.append("parked_from is set but the case is not parked")
        if eff in HELD and self.assignee_id is None:
            out.append(f"{eff} needs an assignee")
        if eff not in HELD and self.assignee_id is not None:
            out.append(f"{eff} cannot have an assignee")
        if eff in ROUTED_ON and self.responsible is None:
            out.append(f"{eff} needs a responsible unit")
        if self.extension_pending is not None and eff not in EXTENDABLE:
            out.append(f"an extension cannot be pending while {eff}")
        if self.rating is not None and (eff not in RATEABLE or self.rating not in range(1, 6)):
            out.append(f"rating {self.rating!r} is not allowed while {eff}")
        if not isinstance(self.reworks, int) or self.reworks < 0:
            out.append(f"reworks must be a count, not {self.reworks!r}")
        if self.deadline is not None and not _is_aware(self.deadline):
            out.append("deadline must be timezone-aware")
        return out


def _carries_data(s: CaseState) -> bool:
    unset = (s.parked_from, s.assignee_id, s.responsible, s.extension_pending, s.rating, s.deadline)
    return any(v is not None for v in unset) or s.reworks != 0 or s.supervised


@dataclass(frozen=True)
class TrailEntry:
    """The workflow part of one trail row (who and when are the service layer's)."""

    step: Step
    from_status: Status | None
    to_status: Status
    args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", Step(self.step))
        object.__setattr__(self, "to_status", Status(self.to_status))
        if self.from_status is not None:
            object.__setattr__(self, "from_status", Status(self.from_status))


# ---------------------------------------------------------------------------------------------- table

Targets: TypeAlias = tuple[Status, ...]

_EXTENSION_STEPS: Final = (Step.REQUEST_EXTENSION, Step.APPROVE_EXTENSION, Step.REJECT_EXTENSION)


def _build_table() -> dict[Status | None, dict[Step, Targets]]:
    """Status -> (step -> the statuses it may lead to), in the order the UI should offer them."""
    table: dict[Status | None, dict[Step, Targets]] = {
        None: {Step.REPORT: (S.REPORTED,), Step.SELF_HANDLE: (S.REPLIED,), Step.TASK: (S.ASSIGNED, S.ROUTED)},
        S.REPORTED: {Step.VERIFY: (S.VERIFIED,), Step.VOID: (S.VOIDED,)},
        S.VERIFIED: {Step.ROUTE: (S.ROUTED,), Step.ESCALATE: (S.VERIFIED,)},
        S.ROUTED: {
            Step.ASSIGN: (S.ASSIGNED,),
            Step.ROUTE: (S.ROUTED,),  # a center forwards what was routed to it (elsewhere: see no_op)
            Step.SEND_BACK: (S.VERIFIED,),
            Step.ESCALATE: (S.VERIFIED,),
        },
        S.ASSIGNED: {
            Step.ACCEPT: (S.IN_PROGRESS,),
            Step.SEND_BACK: (S.ROUTED,),
            Step.ESCALATE: (S.VERIFIED,),
        },
        S.IN_PROGRESS: {Step.REPLY: (S.REPLIED,), Step.SEND_BACK: (S.ROUTED,), Step.ESCALATE: (S.VERIFIED,)},
        S.REWORK: {Step.REPLY: (S.REPLIED,)},
        S.REPLIED: {Step.CHECK_PASS: (S.CHECKED,), Step.CHECK_FAIL: (S.REWORK,)},
        S.CHECKED: {Step.CLOSE: (S.CLOSED,), Step.RATE: (S.CHECKED,)},
        S.CLOSED: {Step.REOPEN: (S.IN_PROGRESS, S.VERIFIED), Step.RATE: (S.CLOSED,)},
        S.VOIDED: {},
        S.PARKED: {Step.RESUME: tuple(s for s in S if s in PARKABLE)},
    }
    for status in EXTENDABLE:
        table[status].update({step: (status,) for step in _EXTENSION_STEPS})
    for status in PARKABLE:
        table[status][Step.PARK] = (S.PARKED,)
    for status in OPEN_STATUSES:
        table[status][Step.SUPERVISE] = (status,)
    return table


TRANSITIONS: Final[Mapping[Status | None, Mapping[Step, Targets]]] = _build_table()

# The step that moves a case on along the loop from each status (the case view says who may take it
# when the acting person may not); the other steps send back, park, flag or decide extensions.
FORWARD: Final[Mapping[Status, Step]] = {
    S.REPORTED: Step.VERIFY,
    S.VERIFIED: Step.ROUTE,
    S.ROUTED: Step.ASSIGN,
    S.ASSIGNED: Step.ACCEPT,
    S.IN_PROGRESS: Step.REPLY,
    S.REWORK: Step.REPLY,
    S.REPLIED: Step.CHECK_PASS,
    S.CHECKED: Step.CLOSE,
    S.PARKED: Step.RESUME,
}
assert all(step in TRANSITIONS[status] for status, step in FORWARD.items())


def _guard_rate(s: CaseState) -> str | None:
    return f"already rated {s.rating} stars" if s.rating is not None else None


def _guard_request(s: CaseState) -> str | None:
    return "an extension request is already pending" if s.extension_pending is not None else None


def _guard_decide(s: CaseState) -> str | None:
    return "no extension request is pending" if s.extension_pending is None else None


# Conditions beyond the status; each returns why the step is refused, or None.
_GUARDS: Final[Mapping[Step, Callable[[CaseState], str | None]]] = {
    Step.RATE: _guard_rate,
    Step.REQUEST_EXTENSION: _guard_request,
    Step.APPROVE_EXTENSION: _guard_decide,
    Step.REJECT_EXTENSION: _guard_decide,
}

# Free-text arguments any step may carry onto its trail row; they do not change the state.
_NOTE_ARGS: Final = frozenset({"note", "reason", "comment", "result", "media"})
_STEP_ARGS: Final[Mapping[Step, frozenset[str]]] = {
    Step.REPORT: frozenset({"responsible"}),
    Step.SELF_HANDLE: frozenset({"assignee_id", "responsible"}),
    Step.TASK: frozenset({"responsible", "assignee_id", "deadline"}),
    Step.ROUTE: frozenset({"responsible"}),
    Step.ASSIGN: frozenset({"assignee_id", "deadline"}),
    Step.CHECK_FAIL: frozenset({"deadline"}),
    Step.RATE: frozenset({"stars"}),
    Step.SEND_BACK: frozenset({"responsible"}),
    Step.REQUEST_EXTENSION: frozenset({"hours", "until"}),
    Step.APPROVE_EXTENSION: frozenset({"until"}),
    Step.ESCALATE: frozenset({"responsible"}),
    Step.REOPEN: frozenset({"assignee_id", "deadline", "responsible"}),
}


def step_args(step: Step) -> frozenset[str]:
    """The argument names `apply` accepts for `step`."""
    return _STEP_ARGS.get(step, frozenset()) | _NOTE_ARGS


# ---------------------------------------------------------------------------------------------- args


class _ArgError(Exception):
    """Raised by the effects; `apply` turns it into BadStepArgs with the case and step."""


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _is_aware(dt: object) -> bool:
    return isinstance(dt, datetime) and dt.utcoffset() is not None


def _person(args: Mapping[str, Any], name: str) -> PersonId:
    value = args.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise _ArgError(f"{name} must be a person id, not {value!r}")
    return value


def _opt_person(args: Mapping[str, Any], name: str) -> PersonId | None:
    return None if args.get(name) is None else _person(args, name)


def _unit(args: Mapping[str, Any], name: str = "responsible") -> UnitRef:
    try:
        return UnitRef.coerce(args.get(name))
    except ValueError as exc:
        raise _ArgError(f"{name}: {exc}") from None


def _opt_unit(args: Mapping[str, Any], name: str = "responsible") -> UnitRef | None:
    return None if args.get(name) is None else _unit(args, name)


def _opt_time(args: Mapping[str, Any], name: str) -> datetime | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, str):  # ISO text from a JSON trail
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise _ArgError(f"{name} is not an ISO datetime: {value!r}") from None
    if not _is_aware(value):
        raise _ArgError(f"{name} must be a timezone-aware datetime, not {value!r}")
    return value


def _stars(args: Mapping[str, Any]) -> int:
    value = args.get("stars")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise _ArgError(f"stars must be a whole number from 1 to 5, not {value!r}")
    return value


# ---------------------------------------------------------------------------------------------- effects

Effect: TypeAlias = Callable[[CaseState, Mapping[str, Any]], CaseState]


def _report(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    # responsible may stay None: the center of the case's grid holds a fresh report.
    return replace(s, status=S.REPORTED, responsible=_opt_unit(a))


def _self_handle(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, status=S.REPLIED, assignee_id=_person(a, "assignee_id"), responsible=_unit(a))


def _task(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    assignee = _opt_person(a, "assignee_id")
    return replace(
        s,
        status=S.ROUTED if assignee is None else S.ASSIGNED,
        responsible=_unit(a),
        assignee_id=assignee,
        deadline=_opt_time(a, "deadline"),
    )


def _to(status: Status) -> Effect:
    def effect(s: CaseState, a: Mapping[str, Any]) -> CaseState:
        return replace(s, status=status)

    return effect


def _route(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, status=S.ROUTED, responsible=_unit(a))


def _assign(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(
        s, status=S.ASSIGNED, assignee_id=_person(a, "assignee_id"), deadline=_opt_time(a, "deadline")
    )


def _reply(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    # A request still pending when the work is done no longer matters.
    return replace(s, status=S.REPLIED, extension_pending=None)


def _check_fail(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    deadline = _opt_time(a, "deadline") or s.deadline
    return replace(s, status=S.REWORK, reworks=s.reworks + 1, deadline=deadline)


def _rate(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, rating=_stars(a))


def _unheld(s: CaseState, status: Status, responsible: UnitRef | None) -> CaseState:
    """Take the case away from its assignee (send back, escalate)."""
    return replace(
        s, status=status, responsible=responsible, assignee_id=None, deadline=None, extension_pending=None
    )


def _send_back(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    if s.status is S.ROUTED:
        # Back to the center that routed it; the service names it, else the grid's own center.
        return _unheld(s, S.VERIFIED, _opt_unit(a))
    if "responsible" in a:
        raise _ArgError("responsible is only given when a routed case goes back to verification")
    return _unheld(s, S.ROUTED, s.responsible)  # back to the unit that assigned it


def _request_extension(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    hours, until = a.get("hours"), _opt_time(a, "until")
    try:
        request = Extension(hours=hours, until=until)
    except ValueError as exc:
        raise _ArgError(str(exc)) from None
    if hours is not None and s.deadline is None:
        raise _ArgError("the case has no deadline to extend by hours; ask for a new deadline (until)")
    if until is not None and s.deadline is not None and until <= s.deadline:
        raise _ArgError(f"the new deadline {until.isoformat()} is not later than {s.deadline.isoformat()}")
    return replace(s, extension_pending=request)


def _approve_extension(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    assert s.extension_pending is not None  # guarded
    deadline = _opt_time(a, "until") or s.extension_pending.new_deadline(s.deadline)
    return replace(s, deadline=deadline, extension_pending=None)


def _reject_extension(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, extension_pending=None)


def _park(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, status=S.PARKED, parked_from=s.status)


def _resume(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, status=s.parked_from, parked_from=None)


def _escalate(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    # The service fills in the center one level up.
    return _unheld(s, S.VERIFIED, _unit(a))


def _supervise(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    return replace(s, supervised=True)


def _reopen(s: CaseState, a: Mapping[str, Any]) -> CaseState:
    # An explicit assignee_id (even None: the worker has left) replaces the last one.
    assignee = _opt_person(a, "assignee_id") if "assignee_id" in a else s.assignee_id
    if assignee is None:
        if "deadline" in a:
            raise _ArgError("a deadline needs an assignee; a case reopened without one goes to verification")
        return replace(
            s, status=S.VERIFIED, assignee_id=None, deadline=None, rating=None, responsible=_opt_unit(a)
        )
    responsible = _opt_unit(a) or s.responsible
    deadline = _opt_time(a, "deadline") or s.deadline
    return replace(
        s, status=S.IN_PROGRESS, assignee_id=assignee, deadline=deadline, rating=None, responsible=responsible
    )


_EFFECTS: Final[Mapping[Step, Effect]] = {
    Step.REPORT: _report,
    Step.SELF_HANDLE: _self_handle,
    Step.TASK: _task,
    Step.VERIFY: _to(S.VERIFIED),
    Step.VOID: _to(S.VOIDED),
    Step.ROUTE: _route,
    Step.ASSIGN: _assign,
    Step.ACCEPT: _to(S.IN_PROGRESS),
    Step.REPLY: _reply,
    Step.CHECK_PASS: _to(S.CHECKED),
    Step.CHECK_FAIL: _check_fail,
    Step.RATE: _rate,
    Step.CLOSE: _to(S.CLOSED),
    Step.SEND_BACK: _send_back,
    Step.REQUEST_EXTENSION: _request_extension,
    Step.APPROVE_EXTENSION: _approve_extension,
    Step.REJECT_EXTENSION: _reject_extension,
    Step.PARK: _park,
    Step.RESUME: _resume,
    Step.ESCALATE: _escalate,
    Step.SUPERVISE: _supervise,
    Step.REOPEN: _reopen,
}
assert set(_EFFECTS) == set(Step), "every step needs an effect"


# ---------------------------------------------------------------------------------------------- API


def allowed_steps(state: CaseState) -> list[Step]:
    """The steps `apply` would accept from `state` (given valid arguments), in display order."""
    return [
        step
        for step in TRANSITIONS[state.status]
        if (guard := _GUARDS.get(step)) is None or guard(state) is None
    ]


def apply(state: CaseState, step: Step | str, /, **args: Any) -> CaseState:
    """The state after `step`; raises StepNotAllowed (wrong state) or BadStepArgs (wrong args)."""
    step = Step(step)
    targets = TRANSITIONS[state.status].get(step)
    reason = None
    if targets is not None and (guard := _GUARDS.get(step)) is not None:
        reason = guard(state)
    if targets is None or reason is not None:
        raise StepNotAllowed(
            state.code, state.status, step, reason or "", allowed_steps(state), state.parked_from
        )
    unknown = set(args) - step_args(step)
    if unknown:
        raise BadStepArgs(state.code, step, f"unexpected arguments {sorted(unknown)}")
    try:
        new = _EFFECTS[step](state, args)
    except _ArgError as exc:
        raise BadStepArgs(state.code, step, str(exc)) from None
    except InvalidState as exc:  # arguments that would break an invariant
        raise BadStepArgs(state.code, step, str(exc)) from None
    assert new.status in targets, f"{step} led to {new.status}, not one of {targets}"
    return new


def no_op(state: CaseState, step: Step | str, new: CaseState) -> str | None:
    """Why taking `step` from `state` to `new` would only add a trail row (None: it changes something).

    A routed case routed again to the unit it is routed to moves nothing: no status, no unit, no
    clock. (From verified, routing to the unit that holds the case does move it on: it is routed.)
    """
    if Step(step) is Step.ROUTE and state.status is S.ROUTED and new.responsible == state.responsible:
        unit = state.responsible
        assert unit is not None  # routed needs a unit
        return (
            f"the case is already routed to {unit.kind} {unit.code}; route it to another unit, or assign it"
        )
    return None


def advance(state: CaseState, step: Step | str, /, **args: Any) -> tuple[CaseState, TrailEntry]:
    """`apply`, plus the trail entry the service should write for it.

    A new step must change something (`no_op`): a repeated route is refused here with BadStepArgs,
    not in `apply`, so trails recorded before the rule (some hold such repeats) still replay.
    """
    new = apply(state, step, **args)
    assert new.status is not None
    reason = no_op(state, step, new)
    if reason is not None:
        raise BadStepArgs(state.code, Step(step), reason)
    return new, TrailEntry(Step(step), state.status, new.status, dict(args))


def replay(trail: Sequence[TrailEntry], *, code: str = "") -> CaseState:
    """Re-apply a recorded trail from nothing; raises TrailInconsistent where a row does not fit."""
    state = CaseState(code=code)
    for index, entry in enumerate(trail):
        if entry.from_status != state.status:
            raise TrailInconsistent(
                code, index, f"it starts from {entry.from_status} but the case was {state.status}"
            )
        try:
            state = apply(state, entry.step, **entry.args)
        except WorkflowError as exc:
            raise TrailInconsistent(code, index, str(exc)) from exc
        if state.status != entry.to_status:
            raise TrailInconsistent(
                code, index, f"it ends at {entry.to_status} but replays to {state.status}"
            )
    return state
