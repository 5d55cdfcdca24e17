"""The names of the source fields that carry each part of an event (CSV columns, GeoJSON properties)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class EventFields:
    """Source field names. The first five are required (CSV) and set by --id-field etc.; the others
    are used when present. Every source field not named here is kept in the event's `extra`."""

    id: str = "id"
    lat: str = "lat"
    lon: str = "lon"
    time: str = "time"
    category: str = "category"
    title: str = "title"
    description: str = "description"
    address: str = "address"
    media_url: str = "media_url"
    grid_code: str = "grid_code"  # the grid the source says the event is in (claimed_grid_code)
    status: str = "status"
    closed_at: str = "closed_at"
    received_at: str = "received_at"
    original_category: str = "original_category"

    REQUIRED = ("id", "lat", "lon", "time", "category")

    def names(self) -> dict[str, str]:
        """Our field -> the source's name, for messages."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
