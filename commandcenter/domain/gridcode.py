"""Hierarchical grid codes (网格编码).

Layout, all ASCII digits::

    county(6, GB/T 2260) + township(3, GB/T 10114) + community(3) + grid(2 or 3) + micro(3)

Canonical lengths: 6 district, 9 township, 12 community, 14/15 grid, 18 micro. A micro-grid extends a
3-digit grid sequence only (18 digits; there is no 17).

Padded input: a higher-level unit written at full length with trailing zero groups, e.g. the township
``511502101000000``, is accepted by `parse` and reduced to its canonical form (``511502101``). Trailing
all-zero groups are always padding, so a canonical code never has a zero group; a zero group followed by
a nonzero one (``511502000001``) is an error.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from commandcenter.domain.status import GridLevel

_DIGITS = frozenset("0123456789")  # str.isdigit() would accept full-width and other Unicode digits
ALLOWED_LENGTHS: tuple[int, ...] = (6, 9, 12, 14, 15, 18)

# Province prefixes of GB/T 2260 (mainland, Taiwan, Hong Kong, Macao).
PROVINCE_CODES: frozenset[int] = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
})  # fmt: skip

_LEVELS: tuple[GridLevel, ...] = (
    GridLevel.DISTRICT,
    GridLevel.TOWNSHIP,
    GridLevel.COMMUNITY,
    GridLevel.GRID,
    GridLevel.MICRO,
)
_PART_NAMES: tuple[str, ...] = ("county", "township", "community", "grid", "micro")


class GridCodeError(ValueError):
    """A string that is not a grid code; the message says why."""


@functools.total_ordering
@dataclass(frozen=True, slots=True, repr=False)
class GridCode:
    """A parsed, canonical grid code.

    `parts` holds the digit groups top down, e.g. ``("511503", "101", "001", "003")``. Build instances
    with `parse` or `build`; the constructor does not validate. Ordering is hierarchical: a parent sorts
    before its children, and siblings by sequence number.
    """

    parts: tuple[str, ...]

    @property
    def level(self) -> GridLevel:
        return _LEVELS[len(self.parts) - 1]

    @property
    def county(self) -> str:
        return self.parts[0]

    @property
    def parent(self) -> GridCode | None:
        return GridCode(self.parts[:-1]) if len(self.parts) > 1 else None

    @property
    def ancestors(self) -> tuple[GridCode, ...]:
        """Proper ancestors, top down (district first)."""
        return tuple(GridCode(self.parts[:i]) for i in range(1, len(self.parts)))

    def child(self, seq: int | str) -> GridCode:
        """The child with sequence `seq` (int -> 3 digits; str kept as written, 2 digits for a grid)."""
        depth = len(self.parts)
        if depth == len(_LEVELS):
            raise GridCodeError(f"{self}: a micro-grid has no children")
        if depth == 4 and len(self.parts[3]) != 3:
            raise GridCodeError(f"{self}: micro-grids need a 3-digit grid sequence, this grid has 2 digits")
        part = _sequence_part(_PART_NAMES[depth], seq, two_digits_ok=depth == 3)
        return GridCode((*self.parts, part))

    def is_ancestor_of(self, other: GridCode) -> bool:
        """True if `self` is a proper ancestor of `other` (a code is not its own ancestor)."""
        n = len(self.parts)
        return n < len(other.parts) and other.parts[:n] == self.parts

    @property
    def sort_key(self) -> tuple[tuple[int, int], ...]:
        # Tuple prefix order puts parents first; width breaks the tie between "03" and "003".
        return tuple((int(p), len(p)) for p in self.parts)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, GridCode):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return "".join(self.parts)

    def __repr__(self) -> str:
        return f"GridCode({str(self)!r})"


def _sequence_part(name: str, seq: int | str, *, two_digits_ok: bool) -> str:
    if isinstance(seq, bool) or not isinstance(seq, int | str):
        raise GridCodeError(f"{name} sequence must be an int or a digit string, got {type(seq).__name__}")
    if isinstance(seq, int):
        if not 1 <= seq <= 999:
            raise GridCodeError(f"{name} sequence {seq} is out of range 1-999")
        return f"{seq:03d}"
    widths = (2, 3) if two_digits_ok else (3,)
    if len(seq) not in widths or not set(seq) <= _DIGITS:
        allowed = " or ".join(str(w) for w in widths)
        raise GridCodeError(f"{name} sequence {seq!r} must be {allowed} digits")
    if int(seq) == 0:
        raise GridCodeError(f"{name} sequence {seq!r} is zero; sequences start at 1")
    return seq


def _check_county(code: str, county: str) -> None:
    province = int(county[:2])
    if province not in PROVINCE_CODES:
        raise GridCodeError(
            f"{code!r}: county part {county!r} is not a plausible GB/T 2260 code: "
            f"province {county[:2]} is not a province code (11-82, e.g. 51 Sichuan)"
        )
    if county[2:4] == "00":
        raise GridCodeError(
            f"{code!r}: county part {county!r} is not a plausible GB/T 2260 code: "
            "prefecture digits 3-4 are 00 (that is a whole province)"
        )


def _split(code: str) -> list[str]:
    if len(code) == 14:
        return [code[:6], code[6:9], code[9:12], code[12:14]]
    return [code[:6]] + [code[i : i + 3] for i in range(6, len(code), 3)]


def parse(code: str | GridCode) -> GridCode:
    """Parse a code (canonical or zero-padded) into its canonical `GridCode`.

    Raises `GridCodeError` naming the first problem: a non-digit (1-based position), a wrong length,
    an implausible county part, or a zero sequence followed by a nonzero one.
    """
    if isinstance(code, GridCode):
        return code
    if not isinstance(code, str):
        raise GridCodeError(f"a grid code must be a string, got {type(code).__name__} {code!r}")
    for i, ch in enumerate(code):
        if ch not in _DIGITS:
            raise GridCodeError(f"{code!r}: non-digit character {ch!r} at position {i + 1} (1-based)")
    if len(code) not in ALLOWED_LENGTHS:
        allowed = ", ".join(str(n) for n in ALLOWED_LENGTHS)
        raise GridCodeError(f"{code!r}: wrong length {len(code)}; allowed lengths are {allowed}")
    parts = _split(code)
    _check_county(code, parts[0])
    # Trailing zero groups are padding of a higher-level unit; strip them.
    while len(parts) > 1 and int(parts[-1]) == 0:
        parts.pop()
    for i, part in enumerate(parts[1:], start=1):
        if int(part) == 0:
            j = next(j for j in range(i + 1, len(parts)) if int(parts[j]) != 0)
            raise GridCodeError(
                f"{code!r}: {_PART_NAMES[i]} sequence {part!r} is zero under a nonzero "
                f"{_PART_NAMES[j]} sequence {parts[j]!r}; only trailing zeros are padding"
            )
    return GridCode(tuple(parts))


def normalize(code: str) -> str:
    """The canonical string of `code`: zero padding stripped (``511502101000000`` -> ``511502101``)."""
    return str(parse(code))


def build(
    county: str | int,
    township: int | str | None = None,
    community: int | str | None = None,
    grid: int | str | None = None,
    micro: int | str | None = None,
) -> GridCode:
    """Build a code from its parts; ints are zero-padded to 3 digits, strings are kept as written."""
    county_s = str(county)
    if len(county_s) != 6 or not set(county_s) <= _DIGITS:
        raise GridCodeError(f"county part {county_s!r} must be 6 digits")
    _check_county(county_s, county_s)
    code = GridCode((county_s,))
    given = (township, community, grid, micro)
    for i, seq in enumerate(given, start=1):
        if seq is None:
            if any(s is not None for s in given[i:]):
                raise GridCodeError(f"{_PART_NAMES[i]} is missing but a lower level is given")
            break
        code = code.child(seq)
    return code


def level_of(code: str | GridCode) -> GridLevel:
    return parse(code).level


def parent_code(code: str | GridCode) -> str | None:
    """Canonical parent code, or None for a district."""
    parent = parse(code).parent
    return None if parent is None else str(parent)


def is_valid(code: object) -> bool:
    try:
        parse(code)  # type: ignore[arg-type]
    except GridCodeError:
        return False
    return True


def ancestors(code: str | GridCode) -> list[str]:
    """Canonical codes of the proper ancestors, top down (district first)."""
    return [str(a) for a in parse(code).ancestors]
