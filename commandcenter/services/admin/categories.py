"""Event categories and their time limits per workflow step."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Category, CategoryLimit, LogicalGrid
from commandcenter.domain.status import SlaStep, WorkerDuty
from commandcenter.services.admin.acting import _acting_as
from commandcenter.services.admin.common import _KIND, AdminInputError, _logical, _pattern, _text
from commandcenter.services.errors import NotFound

LIMIT_UNITS: Final = ("hours", "workdays")
MAX_LIMIT: Final = {"hours": 24 * 365, "workdays": 250}


_CATEGORY_CODE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    name: str
    name_en: str | None
    duty: str
    event_class: str
    department_kind: str | None
    default_logical_code: str | None
    default_priority: int
    active: bool
    limits: Mapping[str, tuple[float, str]]  # step -> (amount, unit)


def _category_info(c: Category, lg_codes: Mapping[int, str]) -> CategoryInfo:
    return CategoryInfo(
        c.id,
        c.code,
        c.name,
        c.name_en,
        c.duty,
        c.event_class,
        c.department_kind,
        lg_codes.get(c.default_logical_grid_id) if c.default_logical_grid_id else None,
        int(c.default_priority or 0),
        bool(c.active),
        {lim.step: (float(lim.amount), lim.unit) for lim in c.limits},
    )


def _lg_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(LogicalGrid.id, LogicalGrid.code)).all())


def list_categories(session: Session, actor: int | str) -> list[CategoryInfo]:
    with _acting_as(session, actor, write=False):
        codes = _lg_codes(session)
        return [_category_info(c, codes) for c in session.scalars(select(Category).order_by(Category.code))]


def _limit(step: str, amount: object, unit: str) -> tuple[float, str]:
    field = f"limit of {step}"
    try:
        SlaStep(step)
    except ValueError:
        raise AdminInputError("step", f"{step!r} is not one of {', '.join(SlaStep)}") from None
    if unit not in LIMIT_UNITS:
        raise AdminInputError(f"{field} (unit)", f"{unit!r} is not one of {', '.join(LIMIT_UNITS)}")
    try:
        value = float(amount)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AdminInputError(field, f"{amount!r} is not a number") from None
    if not value > 0:
        raise AdminInputError(field, f"must be more than 0 {unit}, not {value:g}")
    if value > MAX_LIMIT[unit]:
        raise AdminInputError(field, f"{value:g} {unit} is too long (at most {MAX_LIMIT[unit]} {unit})")
    return value, unit


_CATEGORY_FIELDS: Final = (
    "code",
    "name",
    "name_en",
    "duty",
    "event_class",
    "department_kind",
    "default_logical_code",
    "default_priority",
    "active",
)


def _apply_category(session: Session, c: Category, fields: Mapping[str, Any]) -> None:
    with session.no_autoflush:  # one change, one UPDATE
        _set_category_fields(session, c, fields)


def _set_category_fields(session: Session, c: Category, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(_CATEGORY_FIELDS)
    if unknown:
        raise AdminInputError(
            sorted(unknown)[0], f"is not a field of a category ({', '.join(_CATEGORY_FIELDS)})"
        )
    if "code" in fields:
        code = _pattern("code", fields["code"], _CATEGORY_CODE, "letters, digits, _ and -, at most 16")
        other = session.scalar(select(Category.id).where(Category.code == code, Category.id != c.id))
        if other is not None:
            raise AdminInputError("code", f"a category with code {code!r} exists already")
        c.code = code
    if "name" in fields:
        c.name = _text("name", fields["name"], 64) or ""
    if "name_en" in fields:
        c.name_en = _text("name_en", fields["name_en"], 96, required=False)
    if "duty" in fields:
        try:
            c.duty = WorkerDuty(fields["duty"]).value
        except ValueError:
            raise AdminInputError(
                "duty", f"{fields['duty']!r} is not one of {', '.join(WorkerDuty)}"
            ) from None
    if "event_class" in fields:
        c.event_class = _text("event_class", fields["event_class"], 32) or ""
    if "department_kind" in fields:
        kind = (fields["department_kind"] or "").strip()
        c.department_kind = (
            _pattern("department_kind", kind, _KIND, "lower-case letters, digits and _") if kind else None
        )
    if "default_logical_code" in fields:
        code = (fields["default_logical_code"] or "").strip()
        c.default_logical_grid_id = _logical(session, "default_logical_code", code).id if code else None
    if "default_priority" in fields:
        try:
            priority = int(fields["default_priority"])
        except (TypeError, ValueError):
            priority = -1
        if priority not in (0, 1, 2):
            raise AdminInputError("default_priority", f"{fields['default_priority']!r} is not 0, 1 or 2")
        c.default_priority = priority
    if "active" in fields:
        c.active = bool(fields["active"])


def create_category(
    session: Session,
    actor: int | str,
    fields: Mapping[str, Any],
    limits: Mapping[str, tuple[float, str]] | None = None,
) -> CategoryInfo:
    """A new category; `fields` needs code, name, duty and event_class (see _CATEGORY_FIELDS)."""
    with _acting_as(session, actor):
        for needed in ("code", "name", "duty", "event_class"):
            if not str(fields.get(needed) or "").strip():
                raise AdminInputError(needed, "must not be empty")
        c = Category(default_priority=0, active=True)
        _apply_category(session, c, fields)
        checked = {step: _limit(step, amount, unit) for step, (amount, unit) in (limits or {}).items()}
        session.add(c)
        session.flush()
        for step, (amount, unit) in checked.items():
            session.add(CategoryLimit(category_id=c.id, step=step, amount=amount, unit=unit))
        session.flush()
        session.refresh(c)
        return _category_info(c, _lg_codes(session))


def _category(session: Session, category_id: int) -> Category:
    c = session.get(Category, category_id)
    if c is None:
        raise NotFound(f"no category with id {category_id}")
    return c


def update_category(
    session: Session, actor: int | str, category_id: int, fields: Mapping[str, Any]
) -> CategoryInfo:
    with _acting_as(session, actor):
        c = _category(session, category_id)
        _apply_category(session, c, fields)
        session.flush()
        return _category_info(c, _lg_codes(session))


def set_category_limits(
    session: Session,
    actor: int | str,
    category_id: int,
    limits: Mapping[str, tuple[float, str] | None],
) -> CategoryInfo:
    """Set (amount, unit) per workflow step; None removes a step's limit. All or nothing."""
    with _acting_as(session, actor):
        c = _category(session, category_id)
        checked = {
            step: None if value is None else _limit(step, value[0], value[1])
            for step, value in limits.items()
        }
        current = {lim.step: lim for lim in c.limits}
        for step, value in checked.items():
            row = current.get(step)
            if value is None:
                if row is not None:
                    c.limits.remove(row)
            elif row is None:
                c.limits.append(CategoryLimit(step=step, amount=value[0], unit=value[1]))
            elif (float(row.amount), row.unit) != value:
                row.amount, row.unit = value
        session.flush()
        return _category_info(c, _lg_codes(session))
