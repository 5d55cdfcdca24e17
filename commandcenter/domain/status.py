"""Case statuses, steps and unit kinds shared by every layer.

Values are stored in the database as these strings; never rename a value without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a case stands in the closed loop."""

    REPORTED = "reported"  # 新上报: waiting for verification
    VOIDED = "voided"  # 作废: rejected at verification (terminal)
    VERIFIED = "verified"  # 已核实: waiting to be routed to a responsible unit
    ROUTED = "routed"  # 已分流: a unit is responsible, waiting for assignment to a person
    ASSIGNED = "assigned"  # 已交办: a person holds it, not yet accepted
    IN_PROGRESS = "in_progress"  # 处置中: accepted, being handled
    REWORK = "rework"  # 返工: a failed check sent it back to the assignee
    REPLIED = "replied"  # 已回复: result reported, waiting for the check
    CHECKED = "checked"  # 已核查: check passed, waiting for evaluation / closing
    CLOSED = "closed"  # 已结案 (terminal until reopened)
    PARKED = "parked"  # 挂账: clock stopped; resumes into `parked_from`


OPEN_STATUSES: frozenset[Status] = frozenset(set(Status) - {Status.VOIDED, Status.CLOSED})
TERMINAL_STATUSES: frozenset[Status] = frozenset({Status.VOIDED, Status.CLOSED})


class Step(StrEnum):
    """Every kind of row on the trail (全程留痕)."""

    REPORT = "report"
    VERIFY = "verify"
    VOID = "void"
    ROUTE = "route"
    ASSIGN = "assign"
    ACCEPT = "accept"
    REPLY = "reply"
    CHECK_PASS = "check_pass"
    CHECK_FAIL = "check_fail"
    RATE = "rate"
    CLOSE = "close"
    SEND_BACK = "send_back"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REJECT_EXTENSION = "reject_extension"
    PARK = "park"
    RESUME = "resume"
    ESCALATE = "escalate"
    SUPERVISE = "supervise"
    REOPEN = "reopen"
    SELF_HANDLE = "self_handle"
    TASK = "task"  # 派发任务: a department liaison sends a new task straight to a unit or a worker


class GridLevel(StrEnum):
    """Levels of the physical-grid hierarchy, top down."""

    DISTRICT = "district"  # 区
    TOWNSHIP = "township"  # 镇/街道
    COMMUNITY = "community"  # 村/社区
    GRID = "grid"  # 网格
    MICRO = "micro"  # 微网格


class UnitKind(StrEnum):
    """Kinds of responsible unit a case can be routed to."""

    GRID = "grid"  # a physical grid (its worker)
    CENTER = "center"  # the command center of a district/township/community (a physical grid node)
    LOGICAL = "logical"  # a logical grid (a department)


class Source(StrEnum):
    CITIZEN_APP = "citizen_app"
    PATROL = "patrol"
    HOTLINE = "hotline"
    DEPARTMENT = "department"
    SENSOR = "sensor"
    IMPORT = "import"


class Role(StrEnum):
    """Roles of people, for permissions."""

    OPERATOR = "operator"  # 综治中心值班员, scoped to a center (physical grid node)
    LIAISON = "liaison"  # 职能部门联络员, scoped to a logical grid
    LEADER = "leader"
    ADMIN = "admin"
    GRID_WORKER = "grid_worker"  # field, scoped to physical grids
    CITIZEN = "citizen"


class WorkerDuty(StrEnum):
    """The six roles of the all-subject grid worker (全科网格员)."""

    INFORMATION = "information"  # 信息员
    PUBLICITY = "publicity"  # 宣传员
    MEDIATION = "mediation"  # 调解员
    CO_MANAGEMENT = "co_management"  # 协管员
    SERVICE = "service"  # 服务员
    SUPERVISION = "supervision"  # 监督员


class SlaStep(StrEnum):
    """Steps that carry a time limit per category."""

    VERIFY = "verify"  # reported -> verified
    DISPATCH = "dispatch"  # verified -> assigned
    HANDLE = "handle"  # assigned -> replied
    CHECK = "check"  # replied -> checked


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
