from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commandcenter.domain import gridcode
from commandcenter.domain.gridcode import GridCode, GridCodeError, build, parse
from commandcenter.domain.status import GridLevel

GOOD = [
    # (input, canonical, level)
    ("511503", "511503", GridLevel.DISTRICT),
    ("511503101", "511503101", GridLevel.TOWNSHIP),
    ("511503101001", "511503101001", GridLevel.COMMUNITY),
    ("51150310100103", "51150310100103", GridLevel.GRID),
    ("511503101001003", "511503101001003", GridLevel.GRID),
    ("511503101001003002", "511503101001003002", GridLevel.MICRO),
    ("110101001001001", "110101001001001", GridLevel.GRID),  # Beijing Dongcheng
    ("441900003", "441900003", GridLevel.TOWNSHIP),  # Dongguan: a city without counties
    # Padded forms: trailing zero groups are padding of a higher-level unit.
    ("511502101000000", "511502101", GridLevel.TOWNSHIP),
    ("511502101001000", "511502101001", GridLevel.COMMUNITY),
    ("511502000000000", "511502", GridLevel.DISTRICT),
    ("51150210100100", "511502101001", GridLevel.COMMUNITY),
    ("511502101001003000", "511502101001003", GridLevel.GRID),
    ("511502101000", "511502101", GridLevel.TOWNSHIP),
]

BAD = [
    # (input, substring of the reason)
    ("", "wrong length 0"),
    ("51150a", "non-digit character 'a' at position 6"),
    (" 511503", "non-digit character ' ' at position 1"),
    ("５１１５０３", "non-digit character '５' at position 1"),  # full-width digits
    ("511503-101", "non-digit character '-' at position 7"),
    ("5115031", "wrong length 7; allowed lengths are 6, 9, 12, 14, 15, 18"),
    ("5115031010010031", "wrong length 16"),
    ("51150310100100301", "wrong length 17"),
    ("000000", "province 00 is not a province code"),
    ("991503101", "province 99 is not a province code"),
    ("191503", "province 19 is not a province code"),
    ("510000", "prefecture digits 3-4 are 00"),
    ("511503000001000", "township sequence '000' is zero under a nonzero community sequence '001'"),
    ("511503000000001", "township sequence '000' is zero under a nonzero grid sequence '001'"),
    ("511503101000003", "community sequence '000' is zero under a nonzero grid sequence '003'"),
    ("511503101001000002", "grid sequence '000' is zero under a nonzero micro sequence '002'"),
]


@pytest.mark.parametrize(("raw", "canonical", "level"), GOOD)
def test_good_codes(raw: str, canonical: str, level: GridLevel) -> None:
    code = parse(raw)
    assert str(code) == canonical
    assert code.level == level
    assert gridcode.normalize(raw) == canonical
    assert gridcode.level_of(raw) == level
    assert gridcode.is_valid(raw)


@pytest.mark.parametrize(("raw", "reason"), BAD)
def test_bad_codes_say_why(raw: str, reason: str) -> None:
    with pytest.raises(GridCodeError) as info:
        parse(raw)
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)
    assert not gridcode.is_valid(raw)


def test_non_string_is_refused() -> None:
    with pytest.raises(GridCodeError, match="must be a string"):
        parse(511503)  # type: ignore[arg-type]
    assert not gridcode.is_valid(None)


def test_parent_child_and_ancestors() -> None:
    grid = parse("511503101001003")
    assert str(grid.parent) == "511503101001"
    assert gridcode.parent_code("511503101001003") == "511503101001"
    assert gridcode.parent_code("511503101000000") == "511503"  # padded township
    assert gridcode.parent_code("511503") is None
    assert gridcode.ancestors("511503101001003") == ["511503", "511503101", "511503101001"]
    assert gridcode.ancestors("511503") == []
    assert grid.parent is not None and grid.parent.child(3) == grid
    assert parse("511503101001").child("03") == parse("51150310100103")
    assert str(grid.child(2)) == "511503101001003002"
    assert parse("511503").child(101) == parse("511503101")


def test_child_errors() -> None:
    with pytest.raises(GridCodeError, match="3-digit grid sequence"):
        parse("51150310100103").child(1)  # a 17-digit micro code does not exist
    with pytest.raises(GridCodeError, match="no children"):
        parse("511503101001003002").child(1)
    with pytest.raises(GridCodeError, match="out of range"):
        parse("511503").child(0)
    with pytest.raises(GridCodeError, match="out of range"):
        parse("511503").child(1000)
    with pytest.raises(GridCodeError, match="must be 3 digits"):
        parse("511503").child("01")
    with pytest.raises(GridCodeError, match="is zero"):
        parse("511503101001").child("00")


def test_is_ancestor_of() -> None:
    district, township, grid = parse("511503"), parse("511503101"), parse("511503101001003")
    assert district.is_ancestor_of(grid)
    assert township.is_ancestor_of(grid)
    assert not grid.is_ancestor_of(township)
    assert not grid.is_ancestor_of(grid)
    assert not parse("511503102").is_ancestor_of(grid)
    assert not parse("511504").is_ancestor_of(grid)


def test_build() -> None:
    assert str(build("511503")) == "511503"
    assert str(build(511503, 101, 1, 3)) == "511503101001003"
    assert str(build("511503", "101", "001", "03")) == "51150310100103"
    assert str(build("511503", 101, 1, 3, 2)) == "511503101001003002"
    with pytest.raises(GridCodeError, match="township is missing"):
        build("511503", None, 1)
    with pytest.raises(GridCodeError, match="community sequence 0"):
        build("511503", 101, 0)
    with pytest.raises(GridCodeError, match="must be 6 digits"):
        build("51150")
    with pytest.raises(GridCodeError, match="province 00"):
        build("001503")


def test_sorting_puts_parents_first() -> None:
    codes = [
        "511503",
        "511503001",
        "511503001001",
        "511503001001001",
        "511503001001002",
        "511503001001002001",
        "511503001001010",
        "511503001002",
        "511503002",
        "511503101",
        "511503101201",
        "511504",
    ]
    shuffled = codes[:]
    random.Random(3).shuffle(shuffled)
    assert [str(c) for c in sorted(parse(c) for c in shuffled)] == codes
    assert parse("511503101") < parse("511503101001") < parse("511503102")


counties = st.sampled_from(["511503", "511502", "110101", "441900", "650102"])


@st.composite
def grid_codes(draw: st.DrawFn, max_seq: int = 999) -> GridCode:
    depth = draw(st.integers(0, 4))
    parts: list[int | str | None] = [None] * 4
    for i in range(depth):
        parts[i] = draw(st.integers(1, max_seq))
    if depth == 3 and draw(st.booleans()):
        parts[2] = f"{draw(st.integers(1, min(max_seq, 99))):02d}"  # a 2-digit grid sequence (14 digits)
    return build(draw(counties), *parts)


@given(grid_codes())
def test_round_trip(code: GridCode) -> None:
    text = str(code)
    assert len(text) in gridcode.ALLOWED_LENGTHS
    assert parse(text) == code
    # The padded 15-digit form of a higher-level unit parses back to the same code.
    if len(text) < 15 and len(text) != 14:
        assert parse(text.ljust(15, "0")) == code


# Small sequence numbers make ancestors, siblings and 2- vs 3-digit grids likely.
@given(st.lists(grid_codes(max_seq=3), min_size=2, max_size=40, unique_by=str))
def test_sorted_codes_are_hierarchical(codes: list[GridCode]) -> None:
    ordered = sorted(codes)
    for i, a in enumerate(ordered):
        for b in ordered[:i]:
            assert not a.is_ancestor_of(b), f"{a} sorted after its descendant {b}"
    # Pre-order: a code's descendants follow it as one contiguous block.
    for i, a in enumerate(ordered):
        below = [j for j, b in enumerate(ordered) if a.is_ancestor_of(b)]
        assert below == list(range(i + 1, i + 1 + len(below)))


@given(grid_codes())
def test_parent_is_prefix_and_ancestor(code: GridCode) -> None:
    parent = code.parent
    if parent is None:
        assert code.level == GridLevel.DISTRICT
        return
    assert str(code).startswith(str(parent))
    assert parent.is_ancestor_of(code)
    assert parent < code
    assert gridcode.ancestors(str(code))[-1] == str(parent)
