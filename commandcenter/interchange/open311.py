"""Open311 GeoReport v2 service requests (the civic-request exchange standard), JSON form.

A file is the JSON array that `GET /requests.json` returns. Mapping:

    service_request_id <-> the event's id there (external_id in, our event code out)
    service_code       <-> category code (service_name, the category name, is tried when the code is
                           not ours)
    status             <-> open/closed: `closed` imports as closed with closed_at = updated_datetime;
                           `open` imports as reported. Out, voided and closed cases are `closed`.
    lat / long         <-> WGS84 position
    requested_datetime <-> reported_at
    agency_responsible  -> the responsible unit's name (out); kept in `extra` (in)
    media_url          <-> the first media reference
Every other member is kept in `extra`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from commandcenter.domain.labels import STATUS_LABELS
from commandcenter.domain.status import Status
from commandcenter.interchange.event_records import SourceRow
from commandcenter.interchange.problems import Problems

NAMES = {
    "id": "service_request_id",
    "lat": "lat",
    "lon": "long",
    "time": "requested_datetime",
    "category": "service_code",
    "status": "status",
    "closed_at": "updated_datetime",
    "description": "description",
    "address": "address",
    "media_url": "media_url",
}
_CONSUMED = frozenset(NAMES.values())
# Statuses that are finished in the Open311 sense.
_CLOSED = frozenset({Status.CLOSED.value, Status.VOIDED.value})


def looks_like_open311(doc: Any) -> bool:
    return isinstance(doc, list) and (
        not doc or (isinstance(doc[0], dict) and "service_request_id" in doc[0])
    )


def read_open311(doc: Any, problems: Problems) -> Iterator[SourceRow]:
    if not isinstance(doc, list):
        problems.add("file", "", "expected a JSON array of Open311 service requests")
        return
    for number, item in enumerate(doc, start=1):
        where = f"request {number}"
        if not isinstance(item, dict):
            problems.add(where, "", "is not a JSON object")
            continue
        row = SourceRow(
            where,
            NAMES,
            external_id=item.get("service_request_id"),
            lat=item.get("lat"),
            lon=item.get("long"),
            time=item.get("requested_datetime"),
            category=item.get("service_code"),
            category_alt=item.get("service_name"),
            status=item.get("status"),
            closed_at=item.get("updated_datetime"),
            description=item.get("description"),
            address=item.get("address"),
            media_url=item.get("media_url"),
        )
        row.extra = {k: v for k, v in item.items() if k not in _CONSUMED and v is not None and v != ""}
        yield row


def to_open311(row: dict[str, Any]) -> dict[str, Any]:
    """One exported event row (see `events_export.event_rows`) as an Open311 request."""
    status = row["status"]
    closed = status in _CLOSED
    zh, _en = STATUS_LABELS[Status(status)]
    return {
        "service_request_id": row["id"],
        "status": "closed" if closed else "open",
        "status_notes": f"{zh} {status}",
        "service_name": row["category_name"],
        "service_code": row["category"],
        "description": row["description"] or row["title"],
        "agency_responsible": row["agency_responsible"],
        "service_notice": None,
        "requested_datetime": row["time"],
        "updated_datetime": row["closed_at"] if closed and row["closed_at"] else row["updated_at"],
        "expected_datetime": row["deadline"],
        "address": row["address"],
        "address_id": None,
        "zipcode": None,
        "lat": row["lat"],
        "long": row["lon"],
        "media_url": row["media_url"],
    }


def write_open311(rows: Sequence[dict[str, Any]], out: Any) -> None:
    json.dump([to_open311(r) for r in rows], out, ensure_ascii=False, indent=1)
    out.write("\n")
