"""Errors found in an input file, collected rather than raised one by one.

Imports are all-or-nothing: every row is checked first, and if anything is wrong nothing is written.
People fix files in one pass when they see all problems at once, so we collect them (up to a limit, to
keep the output readable) and raise one `ImportRefused` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED = 20  # problems shown in full; the rest are only counted


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place in a file: `file: where: field: what`."""

    file: str
    where: str  # "line 7 (id A-0007)", "feature 17 (code 511503101001003)", "file"
    field: str  # the source's own field name where there is one
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}: {self.where}: {field}{self.message}"


class ImportRefused(Exception):
    """The file was refused; nothing was written. `problems` holds the first `MAX_REPORTED`."""

    def __init__(self, problems: list[Problem], total: int) -> None:
        self.problems = problems
        self.total = total
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more problem(s) not shown")
        head = f"{self.total} problem(s) found; nothing was imported"
        return "\n".join([head, *lines])


class Problems:
    """Collects problems for one file; `raise_if_any` ends the validation phase."""

    def __init__(self, file: str, limit: int = MAX_REPORTED) -> None:
        self.file = file
        self.limit = limit
        self.items: list[Problem] = []
        self.total = 0

    def add(self, where: str, field: str, message: str) -> None:
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append(Problem(self.file, where, field, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportRefused(self.items, self.total)
