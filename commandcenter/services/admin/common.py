"""What the administrative changes share: the input error, KEEP, the field checks and lookups.

Bad input raises `AdminInputError` naming the field and what is wrong before anything is written; a
missing row raises `NotFound`.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy.orm import Session

from commandcenter.db.models import Grid, LogicalGrid, Person
from commandcenter.domain.errors import DomainError
from commandcenter.services.errors import NotFound
from commandcenter.services.units import grid_by_code, logical_by_code

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class _Keep:
    """'Leave this field as it is' (None means 'clear it' for optional fields)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


class AdminInputError(DomainError, ValueError):
    """A field of an administrative change is wrong; `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def _text(field: str, value: str | None, max_len: int, *, required: bool = True) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise AdminInputError(field, "must not be empty")
        return None
    if len(cleaned) > max_len:
        raise AdminInputError(field, f"is {len(cleaned)} characters long; at most {max_len}")
    return cleaned


def _pattern(field: str, value: str | None, pattern: re.Pattern[str], what: str) -> str:
    cleaned = (value or "").strip()
    if not pattern.match(cleaned):
        raise AdminInputError(field, f"{cleaned!r} is not valid: {what}")
    return cleaned


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    return person


def _grid(session: Session, field: str, code: str) -> Grid:
    try:
        return grid_by_code(session, (code or "").strip())
    except NotFound as exc:
        raise AdminInputError(field, str(exc)) from None


def _logical(session: Session, field: str, code: str) -> LogicalGrid:
    try:
        return logical_by_code(session, (code or "").strip())
    except NotFound as exc:
        raise AdminInputError(field, str(exc)) from None
