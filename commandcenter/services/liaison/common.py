"""What the liaison's modules share: the person and target types, the open statuses, the title limit,
the roles of an actor and the subtree of a department.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from sqlalchemy import Select, select

from commandcenter.db import models as m
from commandcenter.domain.permissions import Actor
from commandcenter.domain.status import OPEN_STATUSES, Role, Status

PersonRef = int | str
TargetKind = Literal["grid", "person", "center", "logical"]
Outcome = Literal["ok", "conflict", "refused"]

_OPEN: Final = tuple(sorted(str(s) for s in OPEN_STATUSES))
# Statuses in which a task still waits for its reply (a failed check's rework included).
AWAITING_REPLY: Final = frozenset(
    {Status.VERIFIED, Status.ROUTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REWORK}
)
TITLE_MAX: Final = 100


def _roles(actor: Actor) -> set[Role]:
    return {g.role for g in actor.roles}


def _subtree(code: str) -> Select[Any]:
    """Ids of the logical grid `code` and every one below it (codes nest by prefix)."""
    return select(m.LogicalGrid.id).where(m.LogicalGrid.code.startswith(code, autoescape=True))
