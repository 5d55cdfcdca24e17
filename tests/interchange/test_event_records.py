"""The row checker's fast path agrees with its field-by-field path, and the CSV reader's field order."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.db.catalogue import STANDARD_CATEGORIES_V1
from commandcenter.interchange.event_records import CategoryLookup, CategoryRef, EventChecker, SourceRow
from commandcenter.interchange.events_csv import _ROW_FIELDS
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.problems import Problems

LOOKUP = CategoryLookup([CategoryRef(i, c.code, c.name) for i, c in enumerate(STANDARD_CATEGORIES_V1, 1)])
NAMES = EventFields().names()

coordinate = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-200, 200).map(lambda x: f" {x:.6f} "),
    st.sampled_from(["", " ", "nan", "1e3", "abc", "104.5", "-90", "90.0000001"]),
    st.floats(-200, 200),
    st.booleans(),
)
text = st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["", "  ", "x" * 201]))
time_text = st.sampled_from(
    [
        "2024-05-03 08:15",
        "2024/05/03 08:15",
        "2024-05-03T00:15:00Z",
        "2024-13-01 00:00",
        "",
        "昨天",
        "2024-05-03",
    ]
)
category = st.sampled_from(["XG02", "xg02", " 占道经营 ", "Illegal dumping and piling", "unknown", "", None])
status = st.sampled_from([None, "", "open", "closed", " Closed ", "已结案", "assigned", "voided", "已作废"])


@st.composite
def rows(draw: st.DrawFn) -> SourceRow:
    return SourceRow(
        "line 2",
        NAMES,
        external_id=draw(st.one_of(st.text(max_size=5), st.integers(0, 99), st.none())),
        lat=draw(coordinate),
        lon=draw(coordinate),
        time=draw(time_text),
        category=draw(category),
        title=draw(text),
        description=draw(text),
        address=draw(text),
        claimed_grid=draw(st.sampled_from([None, "", "511503001001000", "X1", "5" * 19])),
        status=draw(status),
        closed_at=draw(time_text),
        source_received_at=draw(st.one_of(st.none(), time_text)),
    )


@settings(max_examples=400, deadline=None)
@given(rows())
def test_fast_path_agrees_with_the_checked_path(row: SourceRow) -> None:
    fast_checker = EventChecker(Problems("f"), LOOKUP)
    slow_checker = EventChecker(Problems("f"), LOOKUP)
    try:
        fast = fast_checker._fast(row)
    except (AttributeError, TypeError, ValueError):
        fast = None
    slow = slow_checker._slow(row)
    if fast is not None:
        assert slow == fast
        assert not slow_checker.problems
    # Whatever the path, a refused row always says why.
    assert (slow is None) == bool(slow_checker.problems)


def test_csv_reader_fills_source_rows_in_constructor_order() -> None:
    assert tuple(f.name for f in fields(SourceRow))[2:-1] == _ROW_FIELDS
