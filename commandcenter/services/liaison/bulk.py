"""`bulk_assign`: several selected cases to one person (交办) or unit (分流), one transaction per case;
every case gets its own result (ok / conflict / refused with the reason), and a refusal of one never
undoes the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransactionOrigin

from commandcenter.db import models as m
from commandcenter.domain.errors import DomainError
from commandcenter.services import workflow_ops as ops
from commandcenter.services.errors import Conflict, NotFound
from commandcenter.services.liaison.common import Outcome, PersonRef
from commandcenter.services.liaison.targets import TaskTarget, resolve_target


@dataclass(frozen=True)
class BulkItem:
    case_id: int
    code: str
    outcome: Outcome
    message: str  # '' when ok; else why (the refusal or the conflict, as the services word it)
    version: int | None  # the case's version after the step (ok) or now (conflict)


def bulk_assign(
    session: Session,
    actor: PersonRef,
    cases: Sequence[tuple[int, int | None]],
    *,
    to: TaskTarget,
    deadline: datetime | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> list[BulkItem]:
    """交办 (to a person or a grid's worker) or 分流 (to a center or department) each of `cases`
    ((case id, version seen) pairs), each in its own transaction; one result per case, in order."""
    tx = session.get_transaction()
    if tx is not None and tx.origin is not SessionTransactionOrigin.AUTOBEGIN:
        raise RuntimeError("bulk_assign runs one transaction per case: call it outside session.begin()")
    if session.in_transaction():
        session.commit()
    ids = [int(i) for i, _v in cases]
    codes = {i: c for i, c in session.execute(select(m.Event.id, m.Event.code).where(m.Event.id.in_(ids)))}
    session.commit()
    results: list[BulkItem] = []
    try:
        resolved = resolve_target(session, to)
    except NotFound as exc:
        session.rollback()
        return [BulkItem(i, codes.get(i) or str(i), "refused", str(exc), None) for i in ids]
    finally:
        if session.in_transaction():
            session.commit()
    for case_id, version in cases:
        code = codes.get(case_id) or str(case_id)
        try:
            if resolved.assignee_id is not None:
                changed = ops.assign(
                    session,
                    actor,
                    case_id,
                    version,
                    to=resolved.assignee_id,
                    deadline=deadline,
                    note=note,
                    now=now,
                )
            else:
                changed = ops.route(session, actor, case_id, version, to=resolved.unit, note=note, now=now)
            results.append(BulkItem(case_id, changed.code or code, "ok", "", changed.version))
        except Conflict as exc:
            results.append(BulkItem(case_id, code, "conflict", str(exc), exc.current.version))
        except DomainError as exc:
            results.append(BulkItem(case_id, code, "refused", str(exc), None))
        except SQLAlchemyError as exc:  # e.g. the database's own row-level security said no
            session.rollback()
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            results.append(BulkItem(case_id, code, "refused", f"the database refused: {reason}", None))
    return results
