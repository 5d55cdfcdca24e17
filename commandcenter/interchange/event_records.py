"""Checking one incoming event, whatever file format it came from.

Readers (CSV, GeoJSON, Open311) turn each row into a `SourceRow` of raw values plus the source's own
field names; `EventChecker` turns it into an `IncomingEvent` or records problems that name the file,
the row, the field, the value and what is wrong. Nothing here touches the database except through the
`CategoryLookup` it is given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from commandcenter.domain import gridcode
from commandcenter.domain.status import Status
from commandcenter.interchange.problems import Problems
from commandcenter.interchange.timeparse import TimeFormatError, parse_time

# Column widths of the events table (models.Event); longer values would fail at write time, after
# validation, so they are refused here with the row they came from.
MAX_EXTERNAL_ID = 64
MAX_TITLE = 200
MAX_ADDRESS = 200
MAX_ORIGINAL_CATEGORY = 64
MAX_MEDIA_URL = 500
MAX_GRID_CODE = 18

# Source status values that mean "closed" (Open311 and our own exports) or "voided" (rejected; ours);
# every other status is imported as `reported`: the steps in between happened in another system, with
# its people and units, and claiming them here would make the trail lie. A finished case stays
# finished, though: importing it as new work would send operators after something already done.
CLOSED_WORDS = frozenset({"closed", "close", "已结案", "结案", "已办结", "办结"})
VOIDED_WORDS = frozenset({"voided", "void", "已作废", "作废"})


@dataclass(slots=True)
class SourceRow:
    """One event as a reader found it: raw values (strings or JSON values), not yet checked."""

    where: str  # "line 7", "feature 3", "request 12"
    names: Mapping[str, str]  # our field -> the source's field name, for messages
    external_id: Any
    lat: Any
    lon: Any
    time: Any
    category: Any
    category_alt: Any = None  # Open311 service_name, tried when service_code is not ours
    title: Any = None
    description: Any = None
    address: Any = None
    media_url: Any = None
    claimed_grid: Any = None
    status: Any = None
    closed_at: Any = None
    source_received_at: Any = None  # when the source system received it (for the time flag)
    original_category: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class IncomingEvent:
    """A checked event, ready to be placed and written."""

    where: str
    external_id: str
    lon: float
    lat: float
    reported_at: datetime
    category_id: int
    original_category: str | None
    title: str
    description: str | None
    address: str | None
    media_url: str | None
    claimed_grid_code: str | None
    status: str
    closed_at: datetime | None
    source_received_at: datetime | None
    extra: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CategoryRef:
    id: int
    code: str
    name: str


class CategoryLookup:
    """Finds our category for a source value: by code (any case), Chinese name or English name."""

    def __init__(self, categories: list[CategoryRef], names_en: Mapping[int, str | None] | None = None):
        self._by_key: dict[str, CategoryRef] = {}
        self.by_code = {c.code: c for c in categories}
        for c in categories:
            self._by_key.setdefault(c.name.strip(), c)
            en = (names_en or {}).get(c.id)
            if en:
                self._by_key.setdefault(en.strip().casefold(), c)
        for c in categories:  # codes win over names
            self._by_key[c.code.upper()] = c

    def find(self, value: str) -> CategoryRef | None:
        v = value.strip()
        return self._by_key.get(v.upper()) or self._by_key.get(v) or self._by_key.get(v.casefold())


# Plain strings: an Enum member's .value costs a descriptor call per use, and rows come by the 100,000.
REPORTED = Status.REPORTED.value
CLOSED = Status.CLOSED.value
VOIDED = Status.VOIDED.value


def _text(value: Any) -> str | None:
    """A stripped string, or None for missing/empty values."""
    if value is None:
        return None
    if value.__class__ is str:
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON ids like 1017.0 -> "1017"
    s = str(value).strip()
    return s or None


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


class EventChecker:
    """Checks `SourceRow`s of one file; problems go to `problems`, duplicates are caught across rows."""

    def __init__(
        self,
        problems: Problems,
        categories: CategoryLookup,
        default_category: CategoryRef | None = None,
    ) -> None:
        self.problems = problems
        self.categories = categories
        self.default_category = default_category
        self._seen: dict[str, str] = {}
        self._claims: dict[str, str] = {}

    def check(self, row: SourceRow) -> IncomingEvent | None:
        """The checked event, or None after recording the row's problems."""
        try:
            event = self._fast(row)
        except (AttributeError, TypeError, ValueError):
            event = None
        return event if event is not None else self._slow(row)

    def _claimed(self, value: str) -> str:
        code = self._claims.get(value)
        if code is None:
            code = self._claims[value] = gridcode.normalize(value) if gridcode.is_valid(value) else value
        return code

    def _fast(self, row: SourceRow) -> IncomingEvent | None:
        """The common case, a valid row of strings, with few calls (imports run at 100,000 rows).

        Anything unusual (an error, a non-string value) returns None or raises, and `_slow` then checks
        the row field by field and says what is wrong; a valid row gets the same result either way.
        """
        external_id = row.external_id.strip()
        if not external_id or len(external_id) > MAX_EXTERNAL_ID or external_id in self._seen:
            return None
        if isinstance(row.lon, bool) or isinstance(row.lat, bool):
            return None
        lon = float(row.lon)
        lat = float(row.lat)
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # also False for NaN
            return None
        reported_at = parse_time(row.time)
        category = self.categories.find(row.category)
        if category is None:
            return None
        status = REPORTED
        closed_at = None
        if row.status:
            word = row.status.strip().casefold()
            if word in CLOSED_WORDS:
                status = CLOSED
                closed_at = parse_time(row.closed_at)
            elif word in VOIDED_WORDS:
                status = VOIDED
        # _text(v), inline for the usual str (a call per field and row adds up at 100,000 rows)
        v = row.source_received_at
        received = (v.strip() or None) if v.__class__ is str else _text(v)
        source_received = parse_time(received) if received is not None else None
        v = row.title
        title = (v.strip() or None) if v.__class__ is str else _text(v)
        v = row.address
        address = (v.strip() or None) if v.__class__ is str else _text(v)
        v = row.media_url
        media_url = (v.strip() or None) if v.__class__ is str else _text(v)
        v = row.claimed_grid
        claimed = (v.strip() or None) if v.__class__ is str else _text(v)
        if claimed is not None:
            claimed = self._claimed(claimed)
        if (
            (title is not None and len(title) > MAX_TITLE)
            or (address is not None and len(address) > MAX_ADDRESS)
            or (media_url is not None and len(media_url) > MAX_MEDIA_URL)
            or (claimed is not None and len(claimed) > MAX_GRID_CODE)
        ):
            return None
        where = row.where
        self._seen[external_id] = where
        v = row.original_category
        original = (v.strip() or None) if v.__class__ is str else _text(v)
        v = row.description
        description = (v.strip() or None) if v.__class__ is str else _text(v)
        return IncomingEvent(  # positional, in field order: faster than 16 keywords
            f"{where} (id {external_id})",
            external_id,
            lon,
            lat,
            reported_at,
            category.id,
            original,
            title or category.name,
            description,
            address,
            media_url,
            claimed,
            status,
            closed_at,
            source_received,
            row.extra,
        )

    def _slow(self, row: SourceRow) -> IncomingEvent | None:
        before = self.problems.total
        names = row.names
        where = row.where

        def bad(key: str, value: Any, message: str) -> None:
            shown = "" if value is None else f"{_show(value)}: "
            self.problems.add(where_id, names.get(key, key), f"{shown}{message}")

        external_id = _text(row.external_id)
        where_id = f"{where} (id {external_id})" if external_id else where
        if external_id is None:
            bad("id", None, "is empty; every event needs an id (it makes re-imports idempotent)")
        elif len(external_id) > MAX_EXTERNAL_ID:
            bad("id", external_id, f"is {len(external_id)} characters; at most {MAX_EXTERNAL_ID}")
        elif external_id in self._seen:
            bad("id", external_id, f"duplicate id: already used at {self._seen[external_id]}")
        else:
            self._seen[external_id] = where

        lon, lat = self._coordinates(row, bad, where_id)
        reported_at = self._time(row.time, "time", bad, required=True)
        category, original = self._category(row, bad)
        closed_at = None
        status = REPORTED
        status_text = _text(row.status)
        if status_text is not None and status_text.casefold() in CLOSED_WORDS:
            status = CLOSED
            closed_at = self._time(row.closed_at, "closed_at", bad, required=True)
        elif status_text is not None and status_text.casefold() in VOIDED_WORDS:
            status = VOIDED
        source_received = self._time(row.source_received_at, "received_at", bad, required=False)

        title = _text(row.title)
        if title is not None and len(title) > MAX_TITLE:
            bad("title", title[:20] + "...", f"is {len(title)} characters; at most {MAX_TITLE}")
        address = _text(row.address)
        if address is not None and len(address) > MAX_ADDRESS:
            bad("address", address[:20] + "...", f"is {len(address)} characters; at most {MAX_ADDRESS}")
        media_url = _text(row.media_url)
        if media_url is not None and len(media_url) > MAX_MEDIA_URL:
            bad(
                "media_url",
                media_url[:40] + "...",
                f"is {len(media_url)} characters; at most {MAX_MEDIA_URL}",
            )
        claimed = _text(row.claimed_grid)
        if claimed is not None:
            claimed = self._claimed(claimed)
            if len(claimed) > MAX_GRID_CODE:
                bad("grid_code", claimed, f"is {len(claimed)} characters; a grid code has at most 18")

        if self.problems.total != before:
            return None
        assert external_id is not None and lon is not None and lat is not None
        assert reported_at is not None and category is not None
        return IncomingEvent(
            where=where_id,
            external_id=external_id,
            lon=lon,
            lat=lat,
            reported_at=reported_at,
            category_id=category.id,
            original_category=original,
            title=title or category.name,
            description=_text(row.description),
            address=address,
            media_url=media_url,
            claimed_grid_code=claimed,
            status=status,
            closed_at=closed_at,
            source_received_at=source_received,
            extra=row.extra,
        )

    @staticmethod
    def _number(value: Any) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            return None

    def _coordinates(self, row: SourceRow, bad: Any, where_id: str) -> tuple[float | None, float | None]:
        lon = lat = None
        for key, raw in (("lon", row.lon), ("lat", row.lat)):
            if _text(raw) is None:
                bad(key, None, "is empty; every event needs a WGS84 position")
                continue
            x = self._number(raw)
            if x is None:
                bad(key, raw, "is not a number")
            elif not math.isfinite(x):
                bad(key, raw, "is not a finite number (NaN or infinity)")
            elif key == "lon":
                lon = x
            else:
                lat = x
        if lon is None or lat is None:
            return None, None
        if abs(lon) > 180 and abs(lat) > 90:
            lon_name, lat_name = row.names.get("lon", "lon"), row.names.get("lat", "lat")
            self.problems.add(
                where_id,
                lon_name if lon_name == lat_name else f"{lon_name}/{lat_name}",
                f"({lon}, {lat}): coordinate is not WGS84 lon/lat; it looks like projected metres (e.g. "
                "EPSG:3857 or a CGCS2000 Gauss-Kruger zone): convert to WGS84 degrees first",
            )
            return None, None
        if abs(lat) > 90:
            hint = " (are lat and lon swapped?)" if abs(lon) <= 90 else ""
            bad("lat", lat, f"is out of range -90..90{hint}")
            return None, None
        if abs(lon) > 180:
            bad("lon", lon, "is out of range -180..180")
            return None, None
        return lon, lat

    def _time(self, raw: Any, key: str, bad: Any, *, required: bool) -> datetime | None:
        text = _text(raw)
        if text is None:
            if required:
                bad(key, None, "is empty")
            return None
        try:
            return parse_time(text)
        except TimeFormatError as exc:
            bad(key, text, str(exc))
        return None

    def _category(self, row: SourceRow, bad: Any) -> tuple[CategoryRef | None, str | None]:
        value = _text(row.category)
        alt = _text(row.category_alt)
        if value is not None and (found := self.categories.find(value)) is not None:
            return found, _text(row.original_category)
        if alt is not None and (found := self.categories.find(alt)) is not None:
            # Matched by the source's category name: keep its own code as the original.
            return found, value[:MAX_ORIGINAL_CATEGORY] if value else _text(row.original_category)
        original = value or alt
        if self.default_category is not None:
            if original is not None and len(original) > MAX_ORIGINAL_CATEGORY:
                # Keep the whole value with the other source columns; the column holds a prefix.
                row.extra.setdefault(row.names.get("category", "category"), original)
                original = original[:MAX_ORIGINAL_CATEGORY]
            return self.default_category, original
        if original is None:
            bad("category", None, "is empty (give --default-category CODE to import such rows)")
        else:
            bad(
                "category",
                original,
                "unknown category: not one of our codes or names (see `commandcenter categories list`; "
                "give --default-category CODE to import it under a category of ours)",
            )
        return None, None
