"""Indicator formulas, the composite score, grades and rankings."""

from __future__ import annotations

from dataclasses import fields

import pytest

from commandcenter.domain.kpi import (
    DEPARTMENT_WEIGHTS,
    MEASURE_LABELS,
    Counts,
    Measures,
    UnitCounts,
    UnitScore,
    composite,
    grade,
    measures,
    rank,
    score_units,
)

FULL = Counts(
    should_close=200,
    closed=198,
    closed_on_time=180,
    dispatched=150,
    reworked=6,
    sent_back=3,
    to_verify=220,
    verified_on_time=209,
    to_dispatch=160,
    dispatched_on_time=152,
    ratings=50,
    satisfied=45,
)


def test_measures() -> None:
    m = measures(FULL)
    assert m == Measures(
        closure_rate=99.0,
        on_time_closure_rate=90.0,
        rework_rate=4.0,
        on_time_verification_rate=95.0,
        on_time_dispatch_rate=95.0,
        accurate_dispatch_rate=98.0,
        satisfaction_rate=90.0,
    )


def test_nothing_to_measure_is_none_not_zero() -> None:
    m = measures(Counts())
    assert all(getattr(m, f.name) is None for f in fields(m))
    partial = measures(Counts(ratings=4, satisfied=1))
    assert partial.satisfaction_rate == 25.0 and partial.closure_rate is None


def test_counts_are_counts() -> None:
    with pytest.raises(ValueError, match="closed"):
        Counts(closed=-1)
    with pytest.raises(ValueError, match="ratings"):
        Counts(ratings=1.5)  # type: ignore[arg-type]
    assert Counts(closed=1, ratings=2) + Counts(closed=3) == Counts(closed=4, ratings=2)


def test_labels_cover_every_measure() -> None:
    assert {f.name for f in fields(Measures)} | {"case_count"} == set(MEASURE_LABELS)
    assert MEASURE_LABELS["closure_rate"] == ("结案率", "closure rate")


# ---------------------------------------------------------------------------------------------- composite


def test_composite_for_a_department() -> None:
    m = measures(FULL)
    # 10% * 75 (150 of the busiest peer's 200) + 30% * 99 + 30% * 90 + 30% * (100 - 4)
    assert composite(m, 150, 200) == pytest.approx(0.1 * 75 + 0.3 * 99 + 0.3 * 90 + 0.3 * 96)
    assert composite(m, 200, 200, DEPARTMENT_WEIGHTS) == pytest.approx(10 + 0.3 * (99 + 90 + 96))


def test_composite_reweights_over_what_could_be_measured() -> None:
    m = measures(Counts(should_close=10, closed=10, closed_on_time=5))  # nothing dispatched: no rework rate
    assert composite(m, 0, 0) == pytest.approx((30 * 100 + 30 * 50) / 60)
    assert composite(measures(Counts()), 0, 0) == 0.0
    assert composite(measures(Counts()), 0, 10) == 0.0  # a unit with no cases among busy peers


def test_composite_with_custom_weights() -> None:
    m = measures(FULL)
    assert composite(m, 1, 1, {"satisfaction_rate": 1}) == pytest.approx(90)
    assert composite(m, 1, 1, {"rework_rate": 1, "closure_rate": 0}) == pytest.approx(96)
    with pytest.raises(ValueError, match="unknown measure"):
        composite(m, 1, 1, {"speed": 1})


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (100, "A"),
        (90, "A"),
        (89.999, "B"),
        (75, "B"),
        (74.9, "C"),
        (60, "C"),
        (59.9, "D"),
        (40, "D"),
        (39.9, "E"),
        (0, "E"),
    ],
)
def test_grade(score: float, letter: str) -> None:
    assert grade(score) == letter


# ---------------------------------------------------------------------------------------------- ranking


def test_rank_orders_by_score_then_code_and_shares_positions() -> None:
    ranked = rank([UnitScore("B", 80), UnitScore("C", 95), UnitScore("A", 80), UnitScore("D", 30)])
    assert [(u.code, u.position, u.grade) for u in ranked] == [
        ("C", 1, "A"),
        ("A", 2, "B"),
        ("B", 2, "B"),
        ("D", 4, "E"),
    ]
    assert rank([]) == []


def test_score_units_normalises_case_counts_among_peers() -> None:
    busy = UnitCounts("LG03", FULL, "执行网格")
    quiet = UnitCounts(
        "LG05", Counts(should_close=10, closed=10, closed_on_time=10, dispatched=15), "城管网格"
    )
    ranked = score_units([quiet, busy])
    assert [u.code for u in ranked] == ["LG03", "LG05"]
    assert ranked[0].score == pytest.approx(95.5)  # 10 + 30% * (99 + 90 + 96)
    assert ranked[0].measures == measures(FULL) and ranked[0].name == "执行网格"
    # The quiet unit: 10% * 10 (15 of the busiest 150) + 30% * 100 three times.
    assert ranked[1].score == pytest.approx(91) and (ranked[1].position, ranked[1].grade) == (2, "A")
