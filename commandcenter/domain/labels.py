"""Chinese and English labels for statuses and steps, shared by messages, the CLI and the GUI."""

from __future__ import annotations

from typing import Final

from commandcenter.domain.status import Status, Step

STATUS_LABELS: Final[dict[Status, tuple[str, str]]] = {
    Status.REPORTED: ("新上报", "reported"),
    Status.VOIDED: ("已作废", "voided"),
    Status.VERIFIED: ("已核实", "verified"),
    Status.ROUTED: ("已分流", "routed"),
    Status.ASSIGNED: ("已交办", "assigned"),
    Status.IN_PROGRESS: ("处置中", "in_progress"),
    Status.REWORK: ("返工", "rework"),
    Status.REPLIED: ("已回复", "replied"),
    Status.CHECKED: ("已核查", "checked"),
    Status.CLOSED: ("已结案", "closed"),
    Status.PARKED: ("挂账", "parked"),
}

# The state before the first step: there is no case yet.
NO_STATUS_LABEL: Final[tuple[str, str]] = ("未上报", "not yet reported")

# "report" and "escalate" are both 上报 in everyday speech; the labels keep them apart.
STEP_LABELS: Final[dict[Step, tuple[str, str]]] = {
    Step.REPORT: ("事件上报", "report"),
    Step.VERIFY: ("核实", "verify"),
    Step.VOID: ("作废", "void"),
    Step.ROUTE: ("分流", "route"),
    Step.ASSIGN: ("交办", "assign"),
    Step.ACCEPT: ("签收", "accept"),
    Step.REPLY: ("回复", "reply"),
    Step.CHECK_PASS: ("核查通过", "check pass"),
    Step.CHECK_FAIL: ("核查不通过", "check fail"),
    Step.RATE: ("评价", "rate"),
    Step.CLOSE: ("结案", "close"),
    Step.SEND_BACK: ("回退", "send back"),
    Step.REQUEST_EXTENSION: ("申请延期", "request extension"),
    Step.APPROVE_EXTENSION: ("批准延期", "approve extension"),
    Step.REJECT_EXTENSION: ("驳回延期", "reject extension"),
    Step.PARK: ("挂账", "park"),
    Step.RESUME: ("恢复", "resume"),
    Step.ESCALATE: ("上报上级", "escalate"),
    Step.SUPERVISE: ("督办", "supervise"),
    Step.REOPEN: ("重新打开", "reopen"),
    Step.SELF_HANDLE: ("自办", "self-handle"),
    Step.TASK: ("派发任务", "task"),
}


def status_label(status: Status | None) -> str:
    """'已结案 closed'; None (no case yet) reads '未上报 not yet reported'."""
    zh, en = NO_STATUS_LABEL if status is None else STATUS_LABELS[status]
    return f"{zh} {en}"


def step_label(step: Step) -> str:
    """'核实 verify'."""
    zh, en = STEP_LABELS[step]
    return f"{zh} {en}"
