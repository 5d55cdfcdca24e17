"""The brief's document as Qt rich text (the HTML subset QTextDocument lays out and paginates).

No Qt here: this turns a Brief into markup and names the images the renderer must supply (IMAGES).
Lengths are CSS pixels (1/96 inch): QTextDocument's layout scales them to its paint device's
resolution, while the page size it is given is in device pixels. Tables use <thead>, which QTextDocument repeats on every page a
table runs onto.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from commandcenter.brief import text as t
from commandcenter.brief.cases import holder_text
from commandcenter.brief.model import Brief, CaseLine, MeasureSet, RankRow

# Page geometry (A4) in millimetres; the header and footer are painted in the margins.
PAGE_W: Final = 210.0
PAGE_H: Final = 297.0
MARGIN_LEFT: Final = 20.0
MARGIN_RIGHT: Final = 20.0
MARGIN_TOP: Final = 24.0
MARGIN_BOTTOM: Final = 20.0
BODY_W: Final = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
BODY_H: Final = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM

# Images by name -> printed size (width, height) in mm.
# Chart titles are drawn into the images: a caption paragraph in the same table cell could be left at
# the foot of a page while its chart moves to the next.
CHART_TITLES: Final[dict[str, str]] = {
    "hours": "当日分时段新上报（件）",
    "trend": "近7日新上报与结案（件）",
}
IMAGES: Final[dict[str, tuple[float, float]]] = {
    "hours": (83.0, 56.0),
    "trend": (83.0, 56.0),
    "categories": (98.0, 66.0),
    "map": (BODY_W, 142.0),
}

RED: Final = "#c00000"
HEAD_BG: Final = "#e9eef5"
MARK_BG: Final = "#fff4d6"
GRID: Final = "#9aa3ad"
SANS_CSS: Final = "'Noto Sans CJK SC'"
SERIF_CSS: Final = "'Noto Serif CJK SC'"


CSS_DPI: Final = 96.0


@dataclass(frozen=True)
class Layout:
    dpi: float = CSS_DPI

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)


def _e(value: object) -> str:
    return escape(str(value))


def _p(text: str, *, size: float = 10.5, bold: bool = False, align: str = "left", color: str = "#000000",
       family: str = SERIF_CSS, top: float = 0, bottom: float = 0, lay: Layout, indent: bool = False) -> str:  # fmt: skip
    style = (
        f"font-family:{family}; font-size:{size}pt; font-weight:{'bold' if bold else 'normal'}; "
        f"color:{color}; margin-top:{lay.px(top)}px; margin-bottom:{lay.px(bottom)}px; "
        f"line-height:135%;"
    )
    if indent:
        # Two ideographic spaces, the Chinese paragraph indent (Qt does not scale text-indent to the
        # device, and collapses U+3000 unless spaces are preserved).
        style += " white-space:pre-wrap;"
        text = "\u3000\u3000" + text
    return f'<p align="{align}" style="{style}">{text}</p>'


def _heading(key: str, lay: Layout) -> str:
    return _p(_e(t.SECTIONS[key]), size=13, bold=True, family=SANS_CSS, top=5, bottom=2.5, lay=lay)


def _sub(text: str, lay: Layout) -> str:
    return _p(_e(text), size=10.5, bold=True, family=SANS_CSS, top=2.5, bottom=1.5, lay=lay)


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    lay: Layout,
    *,
    align: Sequence[str] | None = None,
    marked: Sequence[bool] | None = None,
    size: float = 8.5,
    width: str = "100%",
    nowrap: Sequence[int] = (0,),
) -> str:
    """A ruled table whose header row repeats on each page. Cells are escaped here.

    Column widths are relative (percent of the table): absolute widths would not leave room for the
    cell padding and borders Qt adds, and the right edge would run off the page.
    """
    align = align or ["left"] * len(headers)
    total = float(sum(widths))
    pad = lay.px(1.1)
    keep = [' style="white-space:nowrap;"' if i in nowrap else "" for i in range(len(headers))]
    head = "".join(
        f'<th width="{100.0 * w / total:.2f}%" bgcolor="{HEAD_BG}" align="center"{k}>{_e(h)}</th>'
        for h, w, k in zip(headers, widths, keep, strict=True)
    )
    body = []
    for i, row in enumerate(rows):
        bg = f' bgcolor="{MARK_BG}"' if marked and marked[i] else ""
        cells = "".join(
            f'<td align="{a}"{bg}{k}>{_e(c).replace(chr(10), "<br>")}</td>'
            for c, a, k in zip(row, align, keep, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<table width="{width}" cellspacing="0" cellpadding="{pad}" border="1" '
        f'style="border-collapse:collapse; border-style:solid; border-color:{GRID}; '
        f'font-family:{SANS_CSS}; font-size:{size}pt; margin-top:{lay.px(1)}px; margin-bottom:{lay.px(2)}px;">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _none(lay: Layout) -> str:
    return _p(t.EMPTY, size=10.5, lay=lay, indent=True)


def _img(name: str, lay: Layout) -> str:
    w, h = IMAGES[name]
    return f'<p style="margin:0px;"><img src="brief:{name}" width="{lay.px(w)}" height="{lay.px(h)}"></p>'


# ------------------------------------------------------------------------------------------ sections


def _title(b: Brief, lay: Layout) -> str:
    tz = b.tz
    u = b.unit
    scope = " › ".join(u.path) if u.path else u.name
    facts = [f"范围：{scope}（{u.level_label}）"]
    if u.kind == "grid":
        facts.append(
            f"网格 {t.fmt_int(u.leaf_grids)} 个，{t.fmt_int(u.households)} 户，居民 {t.fmt_int(u.residents)} 人"
        )
        workers = f"网格员：{t.names_list(u.workers, u.worker_count)}"
        if u.leaf_grids > 1:
            missing = t.EMPTY if u.grids_without_worker == 0 else f"{u.grids_without_worker} 个"
            workers += f"；未配备网格员的网格：{missing}"
        facts.append(workers)
    else:
        facts.append(f"成员：{t.names_list(u.workers, u.worker_count)}")
    rule = (
        f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:{lay.px(1.5)}px; '
        f'margin-bottom:{lay.px(2.5)}px;"><tr><td bgcolor="{RED}" style="font-size:1pt;">&nbsp;</td></tr></table>'
    )
    return "".join(
        [
            _p(_e(b.center_name), size=15, align="center", color=RED, top=0, bottom=1, lay=lay),
            _p(_e(t.TITLE), size=24, bold=True, align="center", color=RED, top=1, bottom=1.5, lay=lay),
            _p(_e(t.fmt_date_long(b.day)), size=12, align="center", bottom=0, lay=lay),
            rule,
            _p(
                _e(
                    f"统计时点：{t.fmt_cutoff(b.cutoff, b.day, tz)}｜生成时间：{t.fmt_datetime(b.generated_at, tz)}"
                ),
                size=9,
                family=SANS_CSS,
                align="center",
                color="#333333",
                bottom=1,
                lay=lay,
            ),
            *(_p(_e(f), size=9, family=SANS_CSS, align="center", color="#333333", lay=lay) for f in facts),
        ]
    )


def summary_sentences(b: Brief) -> list[str]:
    """The overview in words: what a leader reads first."""
    tz = b.tz
    new, closed, open_, overdue = (b.figure(k) for k in ("new", "closed", "open", "overdue"))
    change = new.change
    trend = f"较前一日{'增加' if change > 0 else '减少'}{abs(change):,}件" if change else "与前一日持平"
    out = [
        f"当日新上报案件{new.value:,}件，{trend}，近7日日均{t.fmt_avg(new.average7)}件；结案{closed.value:,}件。"
        f"截至{t.fmt_cutoff(b.cutoff, b.day, tz)}，在办案件{open_.value:,}件，其中超期{overdue.value:,}件。"
    ]
    parts = []
    if b.by_category:
        top = b.by_category[0]
        parts.append(f"上报最多的类别是{top.name}（{top.count:,}件）")
    if any(b.by_hour):
        peak = max(b.by_hour)
        parts.append(f"上报高峰在{b.by_hour.index(peak)}时（{peak:,}件）")
    if parts:
        out.append("；".join(parts) + "。")
    out.append(
        f"近7日发现热点{len(b.map.hotspots)}处、重复发生的问题{b.recurring_total:,}起；"
        f"督办案件{b.supervised_total:,}件，其中在办{b.supervised_open:,}件。"
    )
    return out


def _overview(b: Brief, lay: Layout) -> str:
    rows = [
        [f.label, t.fmt_int(f.value), t.fmt_int(f.previous), t.fmt_change(f.change), t.fmt_avg(f.average7),
         t.fmt_change_vs(f.value, f.average7)]
        for f in b.figures
    ]  # fmt: skip
    return "".join(
        [
            _heading("overview", lay),
            *(_p(_e(s), lay=lay, indent=True, bottom=1) for s in summary_sentences(b)),
            _table(
                ["指标", "当日", "前一日", "较前一日", "近7日日均", "较7日日均"],
                rows,
                [40, 24, 24, 26, 28, 28],
                lay,
                align=["left", "right", "right", "right", "right", "right"],
                size=9,
            ),
        ]
    )


def _measure_cells(ms: MeasureSet, key: str, num: str, den: str) -> tuple[str, str]:
    rate = getattr(ms.measures, key)
    whole = getattr(ms.counts, den)
    part = (
        ms.counts.dispatched - ms.counts.sent_back
        if key == "accurate_dispatch_rate"
        else getattr(ms.counts, num)
    )
    return t.fmt_rate(rate), t.fmt_ratio(part, whole)


def _measures(b: Brief, lay: Layout) -> str:
    rows = []
    for key, label, num, den in t.MEASURE_ROWS:
        d_rate, d_ratio = _measure_cells(b.day_measures, key, num, den)
        m_rate, m_ratio = _measure_cells(b.month_measures, key, num, den)
        rows.append([label, d_rate, d_ratio, m_rate, m_ratio])
    return "".join(
        [
            _heading("measures", lay),
            _table(
                ["指标", "当日", "当日（件）", "本月累计", "本月累计（件）"],
                rows,
                [40, 28, 36, 30, 36],
                lay,
                align=["left", "right", "right", "right", "right"],
                size=9,
            ),
        ]
    )


def _distribution(b: Brief, lay: Layout) -> str:
    two_up = (
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="50%" align="left">{_img("hours", lay)}</td>'
        f'<td width="50%" align="right">{_img("trend", lay)}</td>'
        f"</tr></table>"
    )
    days = b.trend
    trend_rows = [
        ["新上报", *(t.fmt_int(d.new) for d in days)],
        ["结案", *(t.fmt_int(d.closed) for d in days)],
        ["在办", *(t.fmt_int(d.open) for d in days)],
        ["超期", *(t.fmt_int(d.overdue) for d in days)],
    ]
    trend_table = _table(
        ["日期", *(t.fmt_short_date(d.day) for d in days)],
        trend_rows,
        [23] + [21] * len(days),
        lay,
        align=["left"] + ["right"] * len(days),
    )
    parts = [_heading("distribution", lay), two_up, trend_table, _sub("当日新上报案件类别", lay)]
    if not b.by_category:
        parts.append(_none(lay))
    else:
        total = sum(c.count for c in b.by_category)
        shown = b.by_category[:10]
        rows = [[c.name, t.fmt_int(c.count), f"{100.0 * c.count / total:.1f}%"] for c in shown]
        rest = b.by_category[10:]
        if rest:
            n = sum(c.count for c in rest)
            rows.append([f"其他（{len(rest)}类）", t.fmt_int(n), f"{100.0 * n / total:.1f}%"])
        table = _table(["类别", "件数", "占比"], rows, [38, 13, 16], lay, align=["left", "right", "right"])
        image_share = 100.0 * IMAGES["categories"][0] / BODY_W
        parts.append(
            f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td width="{image_share:.1f}%" valign="top">{_img("categories", lay)}</td>'
            f'<td width="{100 - image_share:.1f}%" valign="top" align="right">{table}</td></tr></table>'
        )
    return "".join(parts)


def _map(b: Brief, lay: Layout) -> str:
    mp = b.map
    parts = [_heading("map", lay), _img("map", lay)]
    note = f"当日新上报案件{mp.located:,}件按所在网格着色"
    note += f"；另有{mp.unlocated:,}件不在本单位的网格内，未在图上着色。" if mp.unlocated else "。"
    parts.append(_p(_e(note), size=9, family=SANS_CSS, color="#333333", top=1, lay=lay))
    parts.append(_sub("热点（近7日）", lay))
    if not mp.hotspots:
        parts.append(_none(lay))
    else:
        rows = [
            [
                str(h.rank),
                h.place,
                f"{h.category}（{h.category_count:,}件）",
                t.fmt_int(h.count7),
                t.fmt_int(h.count_day),
            ]
            for h in mp.hotspots
        ]
        parts.append(
            _table(
                ["编号", "位置", "主要类别", "近7日（件）", "当日（件）"],
                rows,
                [12, 62, 46, 26, 24],
                lay,
                align=["center", "left", "left", "right", "right"],
            )
        )
    return "".join(parts)


def _matter(line: CaseLine) -> str:
    """'路口流动摊贩占道经营（占道经营）', or just the title when it is the category's name."""
    return line.title if line.title in ("", line.category) else f"{line.title}（{line.category}）"


def _time_limit(line: CaseLine, b: Brief) -> str:
    """Where a case stood against its time limit at the cut-off."""
    if line.closed_at is not None and line.closed_at < b.cutoff:
        return f"已办结 {t.fmt_time(line.closed_at, b.tz)}"
    return t.fmt_overdue(line.overdue_hours)


def _overdue(b: Brief, lay: Layout) -> str:
    parts = [_heading("overdue", lay)]
    if not b.oldest_overdue:
        parts.append(_p(_e(f"统计时点超期案件{b.overdue_total:,}件。"), lay=lay, indent=True))
        parts.append(_none(lay))
        return "".join(parts)
    shown = len(b.oldest_overdue)
    parts.append(
        _p(
            _e(f"统计时点超期案件{b.overdue_total:,}件，以下为超期时间最长的{shown}件。"),
            lay=lay,
            indent=True,
        )
    )
    rows = [
        [str(i), c.code, _matter(c), c.place, holder_text(c), c.status,
         t.fmt_hours(c.overdue_hours or 0.0)]
        for i, c in enumerate(b.oldest_overdue, start=1)
    ]  # fmt: skip
    parts.append(
        _table(
            ["序号", "案件编号", "事项（类别）", "位置", "责任单位 / 承办人", "当前状态", "超期时长"],
            rows,
            [8, 30, 35, 30, 32, 15, 17],
            lay,
            align=["center", "left", "left", "left", "left", "center", "right"],
            nowrap=(0, 1, 5, 6),
        )
    )
    return "".join(parts)


def _supervised(b: Brief, lay: Layout) -> str:
    tz = b.tz
    parts = [_heading("supervised", lay)]
    closed = b.supervised_total - b.supervised_open
    parts.append(
        _p(
            _e(f"督办案件{b.supervised_total:,}件，其中在办{b.supervised_open:,}件、当日办结{closed:,}件。"),
            lay=lay,
            indent=True,
        )
    )
    if not b.supervised:
        parts.append(_none(lay))
        return "".join(parts)
    rows = [
        [str(i), c.code, _matter(c), c.place,
         (t.fmt_time(c.supervised_at, tz) or t.NO_DATA) + (f"\n{c.note}" if c.note else ""),
         holder_text(c), c.status, _time_limit(c, b)]
        for i, c in enumerate(b.supervised, start=1)
    ]  # fmt: skip
    parts.append(
        _table(
            [
                "序号",
                "案件编号",
                "事项（类别）",
                "位置",
                "督办时间及意见",
                "责任单位 / 承办人",
                "当前状态",
                "统计时点时限",
            ],
            rows,
            [8, 30, 27, 25, 21, 24, 14, 21],
            lay,
            align=["center", "left", "left", "left", "left", "left", "center", "left"],
            nowrap=(0, 1, 6),
            size=8.0,
        )
    )
    if b.supervised_total > len(b.supervised):
        parts.append(_p(_e(f"另有{b.supervised_total - len(b.supervised)}件未列出。"), size=9, lay=lay))
    return "".join(parts)


def _recurring(b: Brief, lay: Layout) -> str:
    tz = b.tz
    parts = [_heading("recurring", lay)]
    if not b.recurring:
        parts.append(_none(lay))
        return "".join(parts)
    parts.append(
        _p(
            _e(f"近7日共发现重复发生的问题{b.recurring_total:,}起，按次数列出前{len(b.recurring)}起。"),
            lay=lay,
            indent=True,
        )
    )
    rows = [
        [str(i), r.category, r.place, str(r.count), t.fmt_time(r.first, tz), t.fmt_time(r.last, tz), str(r.open_count), r.codes[-1]]
        for i, r in enumerate(b.recurring, start=1)
    ]  # fmt: skip
    parts.append(
        _table(
            ["序号", "类别", "地点", "次数", "首次", "最近", "未结", "最近案件"],
            rows,
            [9, 25, 44, 11, 19, 19, 11, 32],
            lay,
            align=["center", "left", "left", "right", "center", "center", "right", "left"],
            nowrap=(0, 4, 5, 7),
        )
    )
    return "".join(parts)


def _rank_rows(rows: Sequence[RankRow]) -> list[list[str]]:
    return [
        [str(r.position) if r.position is not None else t.NO_DATA, r.name, t.fmt_int(r.case_count),
         t.fmt_rate(r.measures.closure_rate), t.fmt_rate(r.measures.on_time_closure_rate),
         t.fmt_rate(r.measures.rework_rate), t.fmt_rate(r.measures.satisfaction_rate),
         t.fmt_score(r.score), r.grade or t.NO_DATA]
        for r in rows
    ]  # fmt: skip


def _ranking(b: Brief, lay: Layout) -> str:
    headers = ["名次", "单位", "派遣量", "结案率", "按期结案率", "返工率", "满意率", "综合得分", "等级"]
    widths = [10, 50, 14, 17, 19, 15, 15, 17, 13]
    align = ["center", "left", "right", "right", "right", "right", "right", "right", "center"]
    parts = [_heading("ranking", lay)]
    for title, rows in (("街道（镇）", b.township_ranking), ("部门（逻辑网格）", b.logical_ranking)):
        parts.append(_sub(title, lay))
        if not rows:
            parts.append(_none(lay))
            continue
        parts.append(
            _table(headers, _rank_rows(rows), widths, lay, align=align, marked=[r.highlighted for r in rows])
        )
    return "".join(parts)


def _notes(b: Brief, lay: Layout) -> str:
    notes = list(t.NOTES)
    notes[1] = t.MEASURE_NOTES.get(b.measures_source, notes[1])
    # A borderless table: Qt moves a table row to the next page whole, so no note is split.
    rows = "".join(
        f'<tr><td width="4%" valign="top">{i}.</td><td width="96%">{_e(n)}</td></tr>'
        for i, n in enumerate(notes, 1)
    )
    table = (
        f'<table width="100%" cellspacing="0" cellpadding="{lay.px(0.4)}" border="0" '
        f'style="font-family:{SANS_CSS}; font-size:8pt; color:#444444;">{rows}</table>'
    )
    return _p(_e(t.SECTIONS["notes"]), size=9, bold=True, family=SANS_CSS, top=4, bottom=1, lay=lay) + table


def build_html(brief: Brief) -> str:
    lay = Layout()
    body = "".join(
        [
            _title(brief, lay),
            _overview(brief, lay),
            _measures(brief, lay),
            _distribution(brief, lay),
            _map(brief, lay),
            _overdue(brief, lay),
            _supervised(brief, lay),
            _recurring(brief, lay),
            _ranking(brief, lay),
            _notes(brief, lay),
        ]
    )
    return f'<html><body style="font-family:{SERIF_CSS};">{body}</body></html>'


def keep_with_next(brief: Brief) -> frozenset[str]:
    """Paragraphs that must not end a page: headings, and the sentences that introduce a table."""
    subs = {"当日新上报案件类别", "热点（近7日）", "街道（镇）", "部门（逻辑网格）"}
    heads = set(t.SECTIONS.values())
    return frozenset(heads | subs)
