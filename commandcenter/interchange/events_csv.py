"""Reading events from CSV (spreadsheet exports) and writing them back.

Encoding: UTF-8 (with or without the BOM Excel writes), falling back to GB18030, which is what Chinese
Excel writes when saving "CSV". The delimiter is a comma, or a tab/semicolon when the header uses one.
Line numbers in messages are physical lines of the file, the header being line 1.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from commandcenter.interchange.event_records import SourceRow
from commandcenter.interchange.fields import EventFields
from commandcenter.interchange.problems import Problems

# Our fields that a reader maps to SourceRow attributes of another name.
_ATTR = {"id": "external_id", "grid_code": "claimed_grid", "received_at": "source_received_at"}
# SourceRow's value fields, in its constructor's order (after `where` and `names`).
_ROW_FIELDS = (
    "external_id",
    "lat",
    "lon",
    "time",
    "category",
    "category_alt",
    "title",
    "description",
    "address",
    "media_url",
    "claimed_grid",
    "status",
    "closed_at",
    "source_received_at",
    "original_category",
)


def read_text(path: Path, encoding: str | None = None) -> str:
    data = path.read_bytes()
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_events_csv(
    path: Path, fields: EventFields, problems: Problems, encoding: str | None = None
) -> Iterator[SourceRow]:
    """Yield one `SourceRow` per data row; file-level problems (missing columns) end the reading."""
    try:
        text = read_text(path, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        problems.add("file", "", f"cannot decode the file ({exc}); give --encoding")
        return
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.add("line 1", "", "the file is empty: expected a header line with column names")
        return
    yield from _rows(reader, header, fields, problems)


def _rows(reader: Any, header: list[str], fields: EventFields, problems: Problems) -> Iterator[SourceRow]:
    names = fields.names()
    position: dict[str, int] = {}
    for i, h in enumerate(header):
        if h in position:
            problems.add("line 1", h, f"column name appears twice (columns {position[h] + 1} and {i + 1})")
        position[h] = i
    missing = [names[k] for k in EventFields.REQUIRED if names[k] not in position]
    for column in missing:
        option = "--" + next(k for k in EventFields.REQUIRED if names[k] == column).replace("_", "-")
        problems.add(
            "line 1",
            column,
            f"required column is missing (name it with {option}-field); columns present: "
            + ", ".join(header),
        )
    if problems:
        return
    # SourceRow's value fields in constructor order, and the column feeding each (None: not in file).
    attrs = [_ATTR.get(ours, ours) for ours in names]
    column = {attr: position.get(name) for attr, name in zip(attrs, names.values(), strict=True)}
    width = len(header)
    order = [column.get(attr) for attr in _ROW_FIELDS]
    # Absent columns read an empty cell appended after the real ones, so one itemgetter does all.
    pick = operator.itemgetter(*[width if i is None else i for i in order])
    used = {i for i in order if i is not None}
    extra_cols = [(i, h) for i, h in enumerate(header) if i not in used]
    line = reader.line_num + 1  # the physical line the next record starts on
    for record in reader:
        start, line = line, reader.line_num + 1
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if len(record) > width:
            problems.add(
                f"line {start}",
                "",
                f"has {len(record)} fields but the header has {width} (an unquoted comma?)",
            )
            continue
        if len(record) < width:
            record = record + [""] * (width - len(record))
        record.append("")
        row = SourceRow(f"line {start}", names, *pick(record))
        extra = row.extra
        for i, h in extra_cols:  # a loop, not a comprehension: no call per row (100,000 rows)
            if (value := record[i]) != "":
                extra[h] = value
        yield row


EXPORT_COLUMNS: Sequence[str] = (
    "id",
    "external_id",
    "source_system",
    "status",
    "category",
    "category_name",
    "original_category",
    "title",
    "description",
    "address",
    "lat",
    "lon",
    "time",
    "received_at",
    "closed_at",
    "grid_code",
    "grid_name",
    "priority",
    "agency_responsible",
    "media_url",
)


def write_events_csv(rows: Sequence[dict[str, Any]], out: io.TextIOBase | Any) -> None:
    """Rows as produced by `events_export.event_rows`; UTF-8 with BOM so Excel shows Chinese text."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
