"""The indicators of digital city management (考核指标) as pure formulas over counts.

Counting is the database's job (SQL over a period and a unit); this module turns counts into rates in
percent, a weighted composite score, a grade A-E and a ranking, so SQL and Python agree by construction.
A rate whose denominator is 0 is None ("no data"), never 0 and never a ZeroDivisionError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Final

MEASURE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "closure_rate": ("结案率", "closure rate"),
    "on_time_closure_rate": ("按期结案率", "on-time closure rate"),
    "rework_rate": ("返工率", "rework rate"),
    "on_time_verification_rate": ("按时核实率", "on-time verification rate"),
    "on_time_dispatch_rate": ("按时派遣率", "on-time dispatch rate"),
    "accurate_dispatch_rate": ("准确派遣率", "accurate dispatch rate"),
    "satisfaction_rate": ("满意率", "satisfaction rate"),
    "case_count": ("案件量", "case count"),
}


@dataclass(frozen=True)
class Counts:
    should_close: int = 0  # cases due to be closed in the period (应结案数)
    closed: int = 0
    closed_on_time: int = 0
    dispatched: int = 0
    reworked: int = 0
    sent_back: int = 0
    to_verify: int = 0
    verified_on_time: int = 0
    to_dispatch: int = 0
    dispatched_on_time: int = 0
    ratings: int = 0
    satisfied: int = 0  # ratings of 4-5 stars

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{f.name} must be a count (int >= 0), not {value!r}")

    def __add__(self, other: Counts) -> Counts:
        """Counts of two units or periods together (rates are never added, counts are)."""
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Measures:
    """Rates in percent (0-100), None when there was nothing to measure."""

    closure_rate: float | None
    on_time_closure_rate: float | None
    rework_rate: float | None
    on_time_verification_rate: float | None
    on_time_dispatch_rate: float | None
    accurate_dispatch_rate: float | None
    satisfaction_rate: float | None


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def measures(c: Counts) -> Measures:
    return Measures(
        closure_rate=percent(c.closed, c.should_close),
        on_time_closure_rate=percent(c.closed_on_time, c.should_close),
        rework_rate=percent(c.reworked, c.dispatched),
        on_time_verification_rate=percent(c.verified_on_time, c.to_verify),
        on_time_dispatch_rate=percent(c.dispatched_on_time, c.to_dispatch),
        accurate_dispatch_rate=percent(c.dispatched - c.sent_back, c.dispatched),
        satisfaction_rate=percent(c.satisfied, c.ratings),
    )


# Weights by measure name ("case_count" is the unit's case count relative to the busiest peer).
# "On-time handling" for a department is its on-time closure rate.
DEPARTMENT_WEIGHTS: Final[Mapping[str, float]] = {
    "case_count": 10,
    "closure_rate": 30,
    "on_time_closure_rate": 30,
    "rework_rate": 30,
}
# Lower is better for these; they score as 100 - rate.
INVERTED: Final = frozenset({"rework_rate"})


def composite(
    m: Measures,
    case_count: int,
    max_case_count: int,
    weights: Mapping[str, float] = DEPARTMENT_WEIGHTS,
) -> float:
    """Weighted score 0-100. A measure with no data drops out and the others are reweighted, so a unit
    is judged on what it did; a unit with nothing measurable scores 0."""
    scores: dict[str, float | None] = {f.name: getattr(m, f.name) for f in fields(m)}
    scores["case_count"] = percent(case_count, max_case_count)
    total = weight_sum = 0.0
    for name, weight in weights.items():
        if name not in scores:
            raise ValueError(f"unknown measure in weights: {name!r}")
        value = scores[name]
        if value is None or weight == 0:
            continue
        total += weight * (100.0 - value if name in INVERTED else value)
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


GRADES: Final[tuple[tuple[float, str], ...]] = ((90, "A"), (75, "B"), (60, "C"), (40, "D"))


def grade(score: float) -> str:
    """A >= 90, B >= 75, C >= 60, D >= 40, else E."""
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "E"


@dataclass(frozen=True)
class UnitCounts:
    code: str
    counts: Counts
    name: str = ""

    @property
    def case_count(self) -> int:
        return self.counts.dispatched  # cases the unit was given in the period


@dataclass(frozen=True)
class UnitScore:
    code: str
    score: float
    name: str = ""
    measures: Measures | None = None
    position: int = 0  # 1-based after `rank`; equal scores share a position
    grade: str = ""


def score_units(
    units: Iterable[UnitCounts], weights: Mapping[str, float] = DEPARTMENT_WEIGHTS
) -> list[UnitScore]:
    """Composite scores of peers (case counts normalised to the busiest of them), ranked."""
    units = list(units)
    busiest = max((u.case_count for u in units), default=0)
    scored = []
    for u in units:
        m = measures(u.counts)
        scored.append(UnitScore(u.code, composite(m, u.case_count, busiest, weights), u.name, m))
    return rank(scored)


def rank(units: Iterable[UnitScore]) -> list[UnitScore]:
    """By score descending, ties by code; equal scores share a position (1, 1, 3)."""
    ordered = sorted(units, key=lambda u: (-u.score, u.code))
    out: list[UnitScore] = []
    for i, u in enumerate(ordered):
        position = out[-1].position if out and out[-1].score == u.score else i + 1
        out.append(UnitScore(u.code, u.score, u.name, u.measures, position, grade(u.score)))
    return out
