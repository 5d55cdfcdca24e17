"""The brief's Chinese wording and number formats (the document is what district leaders read).

Kept out of the renderer so the wording can be tested and reused (CLI, e-mail) without Qt.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Final

TITLE: Final = "网格治理工作日报"
DEFAULT_CENTER: Final = "网格治理指挥中心"
WHOLE_DISTRICT: Final = "全区"
EMPTY: Final = "无"  # a list with nothing in it
NO_DATA: Final = "—"  # a rate with nothing to measure (denominator 0)
UNHELD: Final = "未指派"
MAX_WORKER_NAMES: Final = 8

LEVEL_LABELS: Final[dict[str, str]] = {
    "district": "全区",
    "township": "街道（镇）",
    "community": "社区（村）",
    "grid": "网格",
    "micro": "微网格",
    "prefix": "网格编码范围",
    "logical": "部门（逻辑网格）",
}

FIGURE_LABELS: Final[dict[str, str]] = {
    "new": "新上报案件",
    "closed": "结案",
    "open": "在办案件",
    "overdue": "超期案件",
}

# The measures of domain.md in the order of the national practice.
MEASURE_ROWS: Final[tuple[tuple[str, str, str, str], ...]] = (
    # (key, label, numerator field, denominator field) of kpi.Counts
    ("closure_rate", "结案率", "closed", "should_close"),
    ("on_time_closure_rate", "按期结案率", "closed_on_time", "should_close"),
    ("rework_rate", "返工率", "reworked", "dispatched"),
    ("on_time_verification_rate", "按时核实率", "verified_on_time", "to_verify"),
    ("on_time_dispatch_rate", "按时派遣率", "dispatched_on_time", "to_dispatch"),
    ("accurate_dispatch_rate", "准确派遣率", "", "dispatched"),  # (dispatched - sent back) / dispatched
    ("satisfaction_rate", "满意率", "satisfied", "ratings"),
)

SECTIONS: Final[dict[str, str]] = {
    "overview": "一、总体情况",
    "measures": "二、考核指标",
    "distribution": "三、案件分布",
    "map": "四、案件地图与热点",
    "overdue": "五、超期案件",
    "supervised": "六、督办案件",
    "recurring": "七、重复发生的问题",
    "ranking": "八、综合排名（本月累计）",
    "notes": "说明",
}

# What the measures mean, by the source of their counts (brief.measures); the notes print the one used.
MEASURE_NOTES: Final[dict[str, str]] = {
    "services.kpi": "考核指标与全区考核口径一致，按统计期（当日、本月1日至统计时点）计算：结案数为期内结案的案件；"
    "应结案数为期内结案与期内到期未结的案件之和；按期结案以在处置时限内回复为准；派遣、返工、回退按期内派遣的案件计；"
    "按时核实、按时派遣以各步骤的时限为准；满意率按期内的评价计；无可考核案件的指标显示为“—”。",
    "brief": "考核指标以当日（本月）受理的案件为基数、截至统计时点计算：应结案数为已结案数与已到处置时限未结案数之和；"
    "按时核实、按时派遣以各类别的时限为准（以工作日计的时限按自然日折算）；无可考核案件的指标显示为“—”。",
}

NOTES: Final[tuple[str, ...]] = (
    "统计口径：新上报按受理时间计；结案按结案时间计；在办、超期为统计时点的快照（已作废案件不计，挂账案件不计超期）。",
    MEASURE_NOTES["services.kpi"],
    "热点：近7日案件按约300米方格汇总，件数不少于5件且不低于有案方格平均数3倍的方格为热点，相邻热点方格合并。",
    "重复发生的问题：近7日内同一类别案件在同一地点（以某一案件为中心100米内）发生3次及以上。",
    "综合得分按案件量10%、结案率30%、按期结案率30%、(100-返工率)30%加权，无数据的指标不计入并按比例折算；"
    "等级A≥90、B≥75、C≥60、D≥40，其余为E。",
)

WEEKDAYS: Final = "一二三四五六日"


def prefix_name(code: str) -> str:
    return f"编码 {code} 下的网格"


def fmt_int(n: int) -> str:
    return f"{n:,}"


def fmt_rate(value: float | None) -> str:
    """'98.7%', or '—' when there was nothing to measure."""
    return NO_DATA if value is None else f"{value:.1f}%"


def fmt_ratio(part: int, whole: int) -> str:
    return NO_DATA if whole == 0 else f"{part:,}/{whole:,}"


def fmt_score(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1f}"


def fmt_change(delta: int) -> str:
    """'+3', '-2', '0'."""
    return f"{delta:+,d}" if delta else "0"


def fmt_avg(value: float) -> str:
    return f"{value:,.1f}"


def fmt_change_vs(value: float, base: float) -> str:
    """Relative change in percent, '—' against a base of 0."""
    if base == 0:
        return NO_DATA
    return f"{100.0 * (value - base) / base:+.1f}%"


def fmt_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_date_long(day: date) -> str:
    return f"{fmt_date(day)}（星期{WEEKDAYS[day.weekday()]}）"


def fmt_short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


def fmt_time(t: datetime | None, tz: tzinfo) -> str:
    """'11-19 14:05' in the center's zone ('' for None)."""
    return "" if t is None else t.astimezone(tz).strftime("%m-%d %H:%M")


def fmt_datetime(t: datetime, tz: tzinfo) -> str:
    return t.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def fmt_cutoff(t: datetime, day: date, tz: tzinfo) -> str:
    """'2026-11-19 24:00' for the end of the day, else the local time."""
    local = t.astimezone(tz)
    if local.date() > day and local.hour == 0 and local.minute == 0:
        return f"{day.isoformat()} 24:00"
    return local.strftime("%Y-%m-%d %H:%M")


def fmt_hours(hours: float) -> str:
    """A duration for people: '3.5天' from two days up, else '6.2小时'."""
    hours = abs(hours)
    if hours >= 48:
        return f"{hours / 24:.1f}天"
    return f"{hours:.1f}小时"


def fmt_overdue(hours: float | None) -> str:
    """'超期3.5天' / '剩余6.2小时' / '—'."""
    if hours is None:
        return NO_DATA
    return f"超期{fmt_hours(hours)}" if hours > 0 else f"剩余{fmt_hours(hours)}"


def names_list(names: tuple[str, ...], total: int) -> str:
    """'张三、李四等12人'; '无' for nobody."""
    if total == 0 or not names:
        return EMPTY
    shown = names[:MAX_WORKER_NAMES]
    text = "、".join(shown)
    return f"{text}等{total}人" if total > len(shown) else text
