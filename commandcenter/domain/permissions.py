"""Who may take which step on which case: a table of (role -> steps, scope test), pure.

Scopes are hierarchical codes matched by prefix: a physical grid code (canonical, unpadded: district 6
digits, township 9, community 12, grid 14/15) or a logical-grid code ("LG01" is the parent of "LG0103").
The workflow decides whether a step fits the case's state; this module decides whether the person may
take it. The service layer asks both.

Where a case "is" for an operator: the responsible unit's code when the case sits with a physical unit
(a grid or a center), else the case's own grid. So after escalation to the district center only
district operators act on it, and a case routed to a department stays with the operators of its grid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final, Literal, TypeAlias

from commandcenter.domain.errors import DomainError
from commandcenter.domain.labels import step_label
from commandcenter.domain.status import Role, Status, Step, UnitKind
from commandcenter.domain.workflow import FORWARD, TRANSITIONS, CaseState, PersonId, UnitRef

ScopeKind: TypeAlias = Literal["grid", "logical"]

DISTRICT_CODE_LENGTH: Final = 6  # a scope this short (or shorter) covers the whole district

# Roles whose grants must name a scope, and of which kind.
_SCOPE_REQUIRED: Final[Mapping[Role, ScopeKind]] = {
    Role.OPERATOR: "grid",
    Role.LIAISON: "logical",
    Role.GRID_WORKER: "grid",
}


class PermissionDenied(DomainError):
    """The person may not take the step on this case; `reason` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class RoleGrant:
    """One role a person holds, over a scope (a center's grid node, a logical grid, a worker's grid)."""

    role: Role
    scope_kind: ScopeKind | None = None
    scope_path: str | None = None
    scope_name: str = ""  # for messages, e.g. "执行网格"

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))
        needed = _SCOPE_REQUIRED.get(self.role)
        if needed is not None and (self.scope_kind != needed or not self.scope_path):
            raise ValueError(
                f"a {self.role} grant needs a {needed} scope, got {self.scope_kind} {self.scope_path}"
            )

    def describe(self) -> str:
        """'liaison of 执行网格 (LG03)'."""
        role = _role_name(self.role)
        if not self.scope_path:
            return role
        where = f"{self.scope_name} ({self.scope_path})" if self.scope_name else self.scope_path
        return f"{role} of {where}"


@dataclass(frozen=True)
class Actor:
    person_id: PersonId
    roles: frozenset[RoleGrant] = field(default_factory=frozenset)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))

    @property
    def label(self) -> str:
        return self.name or f"person {self.person_id}"


@dataclass(frozen=True)
class CaseContext:
    """What permissions need to know about a case (or, for report/self-handle/task, the case proposed)."""

    code: str
    status: Status | None
    grid_code: str | None  # the physical grid the event lies in; None while unplaced
    responsible: UnitRef | None = None
    assignee_id: PersonId | None = None
    reporter_id: PersonId | None = None
    grid_name: str = ""
    responsible_name: str = ""

    @classmethod
    def of(
        cls,
        state: CaseState,
        *,
        grid_code: str | None,
        reporter_id: PersonId | None = None,
        grid_name: str = "",
        responsible_name: str = "",
    ) -> CaseContext:
        return cls(
            state.code,
            state.status,
            grid_code,
            state.responsible,
            state.assignee_id,
            reporter_id,
            grid_name,
            responsible_name,
        )

    @property
    def label(self) -> str:
        return f"case {self.code}" if self.code else "the new case"

    def physical_code(self) -> str | None:
        """Where the case is for an operator (see the module doc)."""
        r = self.responsible
        if r is not None and r.kind in (UnitKind.GRID, UnitKind.CENTER):
            return r.code
        return self.grid_code

    def describe_responsible(self) -> str:
        r = self.responsible
        if r is None:
            return "no unit yet"
        return f"{self.responsible_name} ({r.code})" if self.responsible_name else f"{r.kind} {r.code}"

    def describe_place(self) -> str:
        code = self.physical_code()
        if self.responsible is not None and code == self.responsible.code:
            return f"is the responsibility of {self.describe_responsible()}"
        where = f"{self.grid_name} ({code})" if self.grid_name else f"grid {code}"
        return f"lies in {where}"


def _role_name(role: Role) -> str:
    return str(role).replace("_", " ")


def _within(code: str, scope: str) -> bool:
    return code.startswith(scope)


def _is_a(actor: Actor, grant: RoleGrant) -> str:
    """'张三 is a liaison of 执行网格 (LG03)'."""
    text = grant.describe()
    return f"{actor.label} is {'an' if text[0] in 'aeiou' else 'a'} {text}"


# ---------------------------------------------------------------------------------------------- scopes
# Each returns None when the grant covers the case, else the reason it does not.

Scope: TypeAlias = Callable[[Actor, RoleGrant, CaseContext], str | None]


def _anywhere(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    return None


def _center_scope(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    assert grant.scope_path is not None
    code = case.physical_code()
    who = _is_a(actor, grant)
    if code is None:
        if len(grant.scope_path) <= DISTRICT_CODE_LENGTH:
            return None
        return f"{who}; {case.label} has no grid yet, and only district-level operators act on unplaced cases"
    if _within(code, grant.scope_path):
        return None
    return f"{who}; {case.label} {case.describe_place()}"


def _logical_scope(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    assert grant.scope_path is not None
    r = case.responsible
    if r is not None and r.kind is UnitKind.LOGICAL and _within(r.code, grant.scope_path):
        return None
    return f"{_is_a(actor, grant)}; {case.label} is the responsibility of {case.describe_responsible()}"


def _assigned_to_me(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    if case.assignee_id is not None and case.assignee_id == actor.person_id:
        return None
    held = "nobody" if case.assignee_id is None else f"person {case.assignee_id}"
    return f"{case.label} is assigned to {held}, not to {actor.label}"


def _routed_to_my_grid(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    # A worker may return a case routed to their grid before anyone assigned it.
    r = case.responsible
    assert grant.scope_path is not None
    if (
        case.assignee_id is None
        and r is not None
        and r.kind is UnitKind.GRID
        and _within(r.code, grant.scope_path)
    ):
        return None
    return f"{_is_a(actor, grant)}; {case.label} is not waiting in that grid"


def _in_my_grid(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    assert grant.scope_path is not None
    if case.grid_code is not None and _within(case.grid_code, grant.scope_path):
        return None
    where = "has no grid" if case.grid_code is None else f"lies in grid {case.grid_code}"
    return f"{_is_a(actor, grant)}; {case.label} {where}"


def _own_case(actor: Actor, grant: RoleGrant, case: CaseContext) -> str | None:
    if case.reporter_id is not None and case.reporter_id == actor.person_id:
        return None
    return f"{actor.label} did not report {case.label}; citizens act only on their own reports"


# ---------------------------------------------------------------------------------------------- table


@dataclass(frozen=True)
class Rule:
    steps: frozenset[Step]
    scope: Scope


def _rule(steps: Iterable[Step], scope: Scope) -> Rule:
    return Rule(frozenset(steps), scope)


OPERATOR_STEPS: Final = frozenset(
    {
        Step.REPORT,  # hotline calls are typed in by the operator
        Step.VERIFY,
        Step.VOID,
        Step.ROUTE,
        Step.ASSIGN,
        Step.CHECK_PASS,
        Step.CHECK_FAIL,
        Step.CLOSE,
        Step.PARK,
        Step.RESUME,
        Step.ESCALATE,
        Step.SEND_BACK,
        Step.APPROVE_EXTENSION,
        Step.REJECT_EXTENSION,
        Step.REOPEN,
    }
)
_HANDLING: Final = (Step.ACCEPT, Step.REPLY, Step.REQUEST_EXTENSION, Step.SEND_BACK)

RULES: Final[Mapping[Role, tuple[Rule, ...]]] = {
    Role.OPERATOR: (_rule(OPERATOR_STEPS, _center_scope),),
    Role.LIAISON: (
        _rule((Step.ASSIGN, *_HANDLING), _logical_scope),
        _rule((Step.TASK,), _anywhere),  # a department may task any physical grid's worker
    ),
    Role.LEADER: (
        _rule((Step.SUPERVISE, Step.APPROVE_EXTENSION, Step.REJECT_EXTENSION, Step.CLOSE), _anywhere),
    ),
    Role.ADMIN: (_rule(Step, _anywhere),),
    Role.GRID_WORKER: (
        _rule(_HANDLING, _assigned_to_me),
        _rule((Step.SEND_BACK,), _routed_to_my_grid),
        _rule((Step.REPORT, Step.SELF_HANDLE), _in_my_grid),
    ),
    Role.CITIZEN: (_rule((Step.REPORT, Step.RATE), _own_case),),
}
assert set(RULES) == set(Role), "every role needs rules"


def roles_allowed(step: Step) -> list[Role]:
    """The roles that may take `step` on some case."""
    return [role for role in Role if any(step in rule.steps for rule in RULES[role])]


def why_not(actor: Actor, step: Step, case: CaseContext) -> str | None:
    """None when the actor may take the step, else the reason they may not."""
    step = Step(step)
    reasons: list[str] = []
    for grant in sorted(actor.roles, key=lambda g: (g.role, g.scope_path or "")):
        for rule in RULES[grant.role]:
            if step not in rule.steps:
                continue
            reason = rule.scope(actor, grant, case)
            if reason is None:
                return None
            reasons.append(reason)
    if reasons:
        return " and ".join(dict.fromkeys(reasons))  # keep order, drop repeats
    held = ", ".join(sorted({_role_name(g.role) for g in actor.roles})) or "no role"
    others = ", ".join(_role_name(r) for r in roles_allowed(step))
    return f"{actor.label} ({held}) may not {step_label(step)}: only {others} may"


def check(actor: Actor, step: Step, case: CaseContext) -> None:
    """Raise PermissionDenied, with the reason, unless the actor may take the step on the case."""
    reason = why_not(actor, step, case)
    if reason is not None:
        raise PermissionDenied(reason)


def may(actor: Actor, step: Step, case: CaseContext) -> bool:
    return why_not(actor, step, case) is None


def permitted_steps(actor: Actor, case: CaseContext, steps: Iterable[Step] = Step) -> list[Step]:
    """Those of `steps` the actor may take, e.g. `permitted_steps(a, ctx, allowed_steps(state))`."""
    return [step for step in steps if may(actor, step, case)]


# ---------------------------------------------------------------------------------------------- who may


@dataclass(frozen=True)
class Holder:
    """Who may take a step on a case, as the case view names them (the GUI words it).

    `of` says how the role's grant must reach the case: "assignee" (the person holding it),
    "reporter", "unit" (a member of the responsible unit `code`: a department's liaison, a grid's
    worker), "area" (an operator of a center over `code`, or a worker of grid `code`), "anyone".
    """

    role: Role
    of: Literal["assignee", "reporter", "unit", "area", "anyone"]
    code: str | None = None
    person_id: PersonId | None = None


# For each scope: the holder it stands for on this case, or None when no grant of that role can reach it.
_HOLDER_OF: Final[Mapping[Scope, Callable[[Role, CaseContext], Holder | None]]] = {
    _anywhere: lambda role, c: Holder(role, "anyone"),
    _center_scope: lambda role, c: Holder(role, "area", c.physical_code()),
    _logical_scope: lambda role, c: (
        Holder(role, "unit", c.responsible.code)
        if c.responsible is not None and c.responsible.kind is UnitKind.LOGICAL
        else None
    ),
    _assigned_to_me: lambda role, c: (
        None if c.assignee_id is None else Holder(role, "assignee", person_id=c.assignee_id)
    ),
    _routed_to_my_grid: lambda role, c: (
        Holder(role, "unit", c.responsible.code)
        if c.assignee_id is None and c.responsible is not None and c.responsible.kind is UnitKind.GRID
        else None
    ),
    _in_my_grid: lambda role, c: None if c.grid_code is None else Holder(role, "area", c.grid_code),
    _own_case: lambda role, c: (
        None if c.reporter_id is None else Holder(role, "reporter", person_id=c.reporter_id)
    ),
}
assert {rule.scope for rules in RULES.values() for rule in rules} <= set(_HOLDER_OF), "a scope without holder"
_NEAREST: Final = ("assignee", "reporter", "unit", "area", "anyone")


def holders(step: Step, case: CaseContext) -> list[Holder]:
    """Who may take `step` on the case, the nearest to it first (its assignee before its unit, its
    unit before the centers over it, those before leaders and administrators)."""
    step = Step(step)
    found: dict[Holder, None] = {}
    for role in Role:
        for rule in RULES[role]:
            if step in rule.steps and (holder := _HOLDER_OF[rule.scope](role, case)) is not None:
                found[holder] = None
    order = list(Role)
    return sorted(found, key=lambda h: (_NEAREST.index(h.of), order.index(h.role)))


@dataclass(frozen=True)
class Blocked:
    """A step ahead on the loop that the actor may not take: who may, and why not (`why_not`)."""

    step: Step
    holders: tuple[Holder, ...]
    reason: str


# Forward steps after which the same people stand around the case (only the status moves), so the
# walk ahead may go on; after route or assign others hold it and the walk stops.
_STATUS_ONLY: Final = frozenset({Step.VERIFY, Step.ACCEPT, Step.REPLY, Step.CHECK_PASS, Step.CLOSE})


def blocked_ahead(actor: Actor, case: CaseContext, limit: int = 3) -> list[Blocked]:
    """The steps ahead on the loop (workflow.FORWARD) that the actor may not take, from the next one
    up to the first they may take (at most `limit`): what the case view explains, e.g. for an operator
    on an assigned case accept and reply (the assignee's), not the check after them (the operator's)."""
    out: list[Blocked] = []
    status = case.status
    while status is not None and len(out) < limit:
        step = FORWARD.get(status)
        if step is None or step not in TRANSITIONS[status]:
            break
        reason = why_not(actor, step, case)
        if reason is None:
            break
        out.append(Blocked(step, tuple(holders(step, case)), reason))
        if step not in _STATUS_ONLY:
            break
        status = TRANSITIONS[status][step][0]
        case = replace(case, status=status)
    return out
