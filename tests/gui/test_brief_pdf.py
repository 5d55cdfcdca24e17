"""The brief's PDF, read back: every number equals the database's; pages saved as PNG to look at.

Pages go to artifacts/brief/ (gitignored): <name>.pdf and <name>-<page>.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from commandcenter.brief import build_brief
from commandcenter.brief import text as t
from commandcenter.brief.model import RankRow
from commandcenter.db import models as m
from commandcenter.domain import kpi
from commandcenter.gui.brief.layout import MARGIN_RIGHT, PAGE_W, keep_with_next
from commandcenter.gui.brief.mapimage import RAMP
from commandcenter.gui.brief.render import render_pdf
from tests.brief import expected as x

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "brief"
GENERATED = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 09:00 local, the morning after
PNG_DPI = 80

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed"
)


def make_pdf(brief, name: str) -> tuple[list[str], list[Path]]:  # type: ignore[no-untyped-def]
    """Render, then (text of each page, PNG of each page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    render_pdf(brief, pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    shown = subprocess.run(
        ["pdftoppm", "-r", str(PNG_DPI), "-png", str(pdf), str(ARTIFACTS / name)],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0 and not shown.stderr, shown.stderr  # a sound file, not just its text
    pngs = sorted(ARTIFACTS.glob(f"{name}-*.png"))
    assert len(pngs) == len(pages)
    return pages, pngs


def section(text: str, key: str) -> str:
    """The text from a section's heading to the next section's."""
    heads = list(t.SECTIONS.values())
    start = text.index(t.SECTIONS[key])
    later = [text.find(h, start + 1) for h in heads if text.find(h, start + 1) > start]
    return text[start : min(later, default=len(text))]


def rows(text: str, pattern: str) -> list[tuple[str, ...]]:
    return [mo.groups() for mo in re.finditer(pattern, text, re.M)]


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def check_common(pages: list[str], brief) -> str:  # type: ignore[no-untyped-def]
    text = "\n".join(pages)
    # Chinese extracts as itself: no Kangxi / supplement radicals in place of common ideographs.
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    assert brief.center_name in text and t.TITLE in text and t.fmt_date_long(brief.day) in text
    assert "生成时间：2026-11-20 09:00" in text
    for i, page in enumerate(pages, start=1):
        assert f"第{i}页共{len(pages)}页" in re.sub(r"\s+", "", page)
    for heading in t.SECTIONS.values():  # each once: no line left in the text layer of two pages
        assert text.count(heading) == 1, heading
    kept = keep_with_next(brief)
    for i, page in enumerate(pages[:-1], start=1):  # no page ends on a heading or a table's intro
        lines = [
            ln.strip()
            for ln in page.splitlines()
            if ln.strip() and not re.fullmatch(r"第\s*\d+\s*页\s*共\s*\d+\s*页", ln.strip())
        ]
        last = lines[-1]
        assert last not in kept and not last.startswith(("统计时点超期案件", "督办案件", "近7日共发现")), (
            i,
            last,
        )
    return text


def check_pages_fit(pngs: list[Path]) -> None:
    """Nothing is drawn in the right margin: no table runs off the page."""
    margin_x = round((PAGE_W - MARGIN_RIGHT + 1.5) / 25.4 * PNG_DPI)
    for png in pngs:
        image = QImage(str(png))
        for y in range(0, image.height(), 3):
            for xx in range(margin_x, image.width(), 3):
                assert QColor(image.pixel(xx, y)).lightness() > 245, f"{png.name}: ink at ({xx}, {y})"


def test_district_brief_numbers_equal_the_database(qapp, demo_session: Session, backend: str) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    brief = build_brief(s, x.DAY, now=x.DEMO_NOW, generated_at=GENERATED)
    pages, pngs = make_pdf(brief, f"district-{x.DAY}-{backend}")
    text = check_common(pages, brief)
    check_pages_fit(pngs)
    day0, day1 = x.midnight(x.DAY), x.midnight(x.DAY + timedelta(days=1))
    month0 = x.midnight(x.DAY.replace(day=1))
    center = x.scalar(s, "SELECT value FROM settings WHERE key = 'center'")
    assert (center if isinstance(center, dict) else __import__("json").loads(center))["name"] in pages[0]

    # 一、the headline table: today, the day before, the change, the 7-day mean.
    days = [x.DAY - timedelta(days=k) for k in range(7, -1, -1)]
    series = {
        "新上报案件": [x.new(s, x.midnight(d), x.midnight(d + timedelta(days=1))) for d in days],
        "结案": [x.closed(s, x.midnight(d), x.midnight(d + timedelta(days=1))) for d in days],
        "在办案件": [x.open_at(s, x.midnight(d + timedelta(days=1))) for d in days],
        "超期案件": [len(x.overdue_codes(s, x.midnight(d + timedelta(days=1)))) for d in days],
    }
    overview = section(text, "overview")
    found = {
        r[0]: r[1:]
        for r in rows(
            overview,
            r"^(新上报案件|结案|在办案件|超期案件)\s+([\d,]+)\s+([\d,]+)\s+([+-]?[\d,]+)\s+([\d.,]+)\s",
        )
    }
    assert set(found) == set(series)
    for label, values in series.items():
        today, before, change, mean = found[label]
        assert (_int(today), _int(before), _int(change)) == (values[-1], values[-2], values[-1] - values[-2])
        assert mean == f"{sum(values[:-1]) / 7:,.1f}"
    new_today = series["新上报案件"][-1]
    assert f"当日新上报案件{new_today:,}件" in overview.replace("\n", "")
    assert f"其中超期{series['超期案件'][-1]:,}件" in overview.replace("\n", "")

    # 二、measures: rate and numerator/denominator, for the day and the month to date.
    everything = lambda row: "all"  # noqa: E731
    day_c = vars(x.kpi_counts(s, day0, day1, everything)["all"])
    month_c = vars(x.kpi_counts(s, month0, day1, everything)["all"])
    measures = section(text, "measures")
    got = {r[0]: r[1:] for r in rows(measures, r"^(\S+率)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")}
    assert len(got) == 7
    for _key, label, num, den in t.MEASURE_ROWS:
        for (rate, ratio), c in ((got[label][0:2], day_c), (got[label][2:4], month_c)):
            part = c["dispatched"] - c["sent_back"] if not num else c[num]
            whole = c[den]
            assert ratio == (t.NO_DATA if whole == 0 else f"{part:,}/{whole:,}"), label
            assert rate == (t.NO_DATA if whole == 0 else f"{100.0 * part / whole:.1f}%"), label

    # 三、the 7-day table and the categories.
    dist = section(text, "distribution")
    for label, key in (
        ("新上报", "新上报案件"),
        ("结案", "结案"),
        ("在办", "在办案件"),
        ("超期", "超期案件"),
    ):
        (line,) = rows(dist, rf"^{label}((?:\s+[\d,]+){{7}})\s*$")
        assert [_int(v) for v in line[0].split()] == series[key][1:], label
    cats = x.by_category(s, day0, day1)
    total = sum(cats.values())
    listed = rows(dist, r"^\s*(\S+)\s+([\d,]+)\s+([\d.]+)%\s*$")
    shown = [(n, c, p) for n, c, p in listed if not n.startswith("其他")]
    assert shown and len(shown) == min(10, len(cats))
    for name, count, pct in shown:
        assert cats[name] == _int(count) and pct == f"{100.0 * _int(count) / total:.1f}"
    top = sorted(cats.values(), reverse=True)
    assert [_int(c) for _n, c, _p in shown] == top[: len(shown)]
    rest = [r for r in listed if r[0].startswith("其他")]
    assert (_int(rest[0][1]) if rest else 0) == sum(top[10:])

    # 四、map and hotspots: the day's cases shaded, hotspot counts recomputed from the points.
    located = sum(x.grid_day_counts(s, day0, day1).values())
    assert f"当日新上报案件{located:,}件按所在网格着色" in section(text, "map").replace("\n", "")
    spots = rows(
        section(text, "map"), r"^\s*(\d+)\s+(\S+ \S+)\s+(\S+)（([\d,]+)件）\s+([\d,]+)\s+([\d,]+)\s*$"
    )
    assert len(spots) == len(brief.map.hotspots) > 0
    recount = hotspot_recount(s, day1)
    for (rank, place, category, cat_n, n7, nday), spot in zip(spots, brief.map.hotspots, strict=True):
        assert (int(rank), place, category) == (spot.rank, spot.place, spot.category)
        assert (_int(n7), _int(nday), _int(cat_n)) == recount[(round(spot.lon, 4), round(spot.lat, 4))]

    # 五、oldest overdue; 六、supervised.
    overdue = x.overdue_codes(s, day1)
    sec = section(text, "overdue")
    assert f"统计时点超期案件{len(overdue):,}件" in sec
    assert [r[0] for r in rows(sec, r"^\s*\d+\s+(E\d{8}-\d{7})")] == overdue[:10]
    total_sv, open_sv, codes = x.supervised_codes(s, x.DAY, day1)
    sec = section(text, "supervised")
    assert f"督办案件{total_sv:,}件，其中在办{open_sv:,}件、当日办结{total_sv - open_sv:,}件" in sec
    assert [r[0] for r in rows(sec, r"^\s*\d+\s+(E\d{8}-\d{7})")] == codes[:15]

    # 七、recurring problems: each listed group checked against the database.
    sec = section(text, "recurring")
    listed = rows(
        sec,
        r"^\s*\d+\s+(\S+)\s+(\S+ \S+)\s+(\d+)\s+\d\d-\d\d \d\d:\d\d\s+\d\d-\d\d \d\d:\d\d\s+(\d+)\s+(E\d{8}-\d{7})\s*$",
    )
    assert len(listed) == len(brief.recurring) > 0
    assert f"重复发生的问题{brief.recurring_total:,}起" in sec
    for (category, _place, count, open_n, last_code), group in zip(listed, brief.recurring, strict=True):
        check_recurring_group(s, group.codes, category, int(count), int(open_n), last_code, day1)

    # 八、rankings (month to date), from counts summed per township / department in SQL.
    sec = section(text, "ranking")
    tops = x.department_tops(s)
    town = x.kpi_counts(s, month0, day1, lambda r: r.grid_code[:9] if r.grid_code else None)
    dept = x.kpi_counts(s, month0, day1, lambda r: tops.get(r.logical_id))
    towns = {
        c: vars(town.get(c, kpi.Counts()))
        for (c,) in x.q(s, "SELECT code FROM grids WHERE level = 'township'")
    }
    depts = {c: vars(dept.get(c, kpi.Counts())) for c in set(tops.values())}
    names = {c: n for c, n in x.q(s, "SELECT code, name FROM grids WHERE level = 'township'")}
    names |= {c: n for c, n in x.q(s, "SELECT code, name FROM logical_grids WHERE parent_id IS NULL")}
    printed = rows(
        sec, r"^\s*(\d+|—)\s+(\S+)\s+([\d,]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+([A-E]|—)\s*$"
    )
    assert len(printed) == len(towns) + len(depts)
    for counts in (towns, depts):
        scored = {
            u.code: u for u in kpi.score_units(kpi.UnitCounts(c, kpi.Counts(**v)) for c, v in counts.items())
        }
        for code, c in counts.items():
            (row,) = [r for r in printed if names[code].startswith(r[1])]
            me = kpi.measures(kpi.Counts(**c))
            assert _int(row[2]) == c["dispatched"]
            assert row[3:7] == tuple(
                t.fmt_rate(v)
                for v in (me.closure_rate, me.on_time_closure_rate, me.rework_rate, me.satisfaction_rate)
            )
            if c["dispatched"]:
                assert (int(row[0]), row[7], row[8]) == (
                    scored[code].position,
                    f"{scored[code].score:.1f}",
                    scored[code].grade,
                )

    # The map page shows the grids in the ramp's colours and the hotspots in red.
    map_page = next(i for i, p in enumerate(pages) if t.SECTIONS["map"] in p)
    assert colour_share(pngs[map_page], RAMP[0]) > 0.01
    assert colour_share(pngs[map_page], "#b0001a", tolerance=30) > 0.0002


def hotspot_recount(s: Session, cutoff: datetime) -> dict[tuple[float, float], tuple[int, int, int]]:
    """The hotspot rule again (~300 m cells, >= 5 and >= 3x the mean, touching cells merged), from SQL rows."""
    since = x.midnight(x.DAY - timedelta(days=6))
    received = x.epoch(s, "received_at")
    pts = x.q(
        s,
        f"SELECT lon, lat, {received}, category_id FROM events "
        "WHERE received_at >= :a AND received_at < :b AND lon IS NOT NULL AND lat IS NOT NULL",
        a=since,
        b=cutoff,
    )
    lon = np.array([p[0] for p in pts])
    lat = np.array([p[1] for p in pts])
    day = np.array([float(p[2]) >= x.midnight(x.DAY).timestamp() for p in pts])
    cat = np.array([p[3] for p in pts])
    k = np.cos(np.radians(lat.mean()))
    cx = np.floor((lon - lon.mean()) * 111_320.0 * k / 300.0).astype(int)
    cy = np.floor((lat - lat.mean()) * 110_574.0 / 300.0).astype(int)
    cells: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(zip(cx.tolist(), cy.tolist(), strict=True)):
        cells.setdefault(key, []).append(i)
    threshold = max(5, 3 * len(pts) / len(cells))
    hot = {c for c, members in cells.items() if len(members) >= threshold}
    out = {}
    while hot:
        stack, group = [hot.pop()], []
        while stack:
            c = stack.pop()
            group.append(c)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    n = (c[0] + dx, c[1] + dy)
                    if n in hot:
                        hot.remove(n)
                        stack.append(n)
        idx = [i for c in group for i in cells[c]]
        _values, counts = np.unique(cat[idx], return_counts=True)
        out[(round(float(lon[idx].mean()), 4), round(float(lat[idx].mean()), 4))] = (
            len(idx),
            int(day[idx].sum()),
            int(counts.max()),
        )
    return out


def check_recurring_group(
    s: Session, codes, category: str, count: int, open_n: int, last: str, cutoff: datetime
) -> None:  # type: ignore[no-untyped-def]
    listed = ",".join(f"'{c}'" for c in codes)
    received, closed = x.epoch(s, "e.received_at"), x.epoch(s, "e.closed_at")
    rows_ = x.q(
        s,
        f"SELECT e.code, c.name, e.lon, e.lat, {received}, {closed} FROM events e "
        f"JOIN categories c ON c.id = e.category_id WHERE e.code IN ({listed})",
    )
    assert len(rows_) == count == len(codes)
    assert {r[1] for r in rows_} == {category}
    assert sum(1 for r in rows_ if r[5] is None or float(r[5]) >= cutoff.timestamp()) == open_n
    assert max(rows_, key=lambda r: r[4])[0] == last
    lon = np.array([r[2] for r in rows_])
    lat = np.array([r[3] for r in rows_])
    dx = (lon[:, None] - lon[None, :]) * 111_320.0 * np.cos(np.radians(lat.mean()))
    dy = (lat[:, None] - lat[None, :]) * 110_574.0
    dist = np.hypot(dx, dy)
    assert (dist <= 100.0 + 1e-6).sum(axis=1).max() == count  # one case has all the others within 100 m


def colour_share(png: Path, hex_color: str, tolerance: int = 8) -> float:
    image = QImage(str(png))
    want = QColor(hex_color)
    hits = total = 0
    for y in range(0, image.height(), 2):
        for xx in range(0, image.width(), 2):
            c = QColor(image.pixel(xx, y))
            total += 1
            if (
                abs(c.red() - want.red()) <= tolerance
                and abs(c.green() - want.green()) <= tolerance
                and abs(c.blue() - want.blue()) <= tolerance
            ):
                hits += 1
    return hits / total


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_day_without_cases_and_a_unit_without_workers(qapp, demo_session: Session) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    grid = s.scalars(select(m.Grid).where(m.Grid.level == "grid").order_by(m.Grid.code)).first()
    assert grid is not None
    s.execute(delete(m.GridMembership).where(m.GridMembership.grid_id == grid.id))
    s.commit()

    empty = build_brief(s, date(2026, 9, 1), now=x.DEMO_NOW, generated_at=GENERATED)
    pages, pngs = make_pdf(empty, "empty-day-district")
    text = check_common(pages, empty)
    check_pages_fit(pngs)
    assert "当日新上报案件0件，与前一日持平" in text.replace("\n", "")
    assert re.search(r"^结案率\s+—\s+—\s+—\s+—\s*$", text, re.M)
    for key in ("overdue", "supervised", "recurring"):
        assert re.search(rf"^\s*{t.EMPTY}\s*$", section(text, key), re.M), key
    assert re.search(rf"^\s*{t.EMPTY}\s*$", section(text, "distribution"), re.M)  # no categories

    lonely = build_brief(s, x.DAY, grid.code, now=x.DEMO_NOW, generated_at=GENERATED)
    pages, pngs = make_pdf(lonely, "unit-without-workers")
    text = check_common(pages, lonely)
    check_pages_fit(pngs)
    assert f"网格员：{t.EMPTY}" in pages[0]
    assert grid.name in pages[0]
    a, z = x.midnight(x.DAY), x.midnight(x.DAY + timedelta(days=1))
    (line,) = rows(section(text, "overview"), r"^新上报案件\s+(\d+)\s")
    assert int(line[0]) == x.new(s, a, z, grid.code)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_long_tables_repeat_their_header_on_every_page(qapp, demo_session: Session) -> None:  # type: ignore[no-untyped-def]
    brief = build_brief(demo_session, x.DAY, now=x.DEMO_NOW, generated_at=GENERATED)
    base = brief.logical_ranking[0]
    many = tuple(
        RankRow(
            i + 1, f"LGX{i:02d}", f"测试部门{i:02d}", base.case_count, base.measures, base.score, base.grade
        )
        for i in range(90)
    )
    pages, pngs = make_pdf(replace(brief, logical_ranking=many), "long-ranking")
    check_pages_fit(pngs)
    with_rows = [p for p in pages if re.search(r"测试部门\d\d", p)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert re.search(r"名次\s+单位\s+派遣量\s+结案率", page), "the header row is repeated"
    numbers = [int(n) for page in with_rows for n in re.findall(r"测试部门(\d\d)", page)]
    assert numbers == list(range(90))  # every row once, in order, none cut in two
