"""The brief's number formats: zero-safe, signed, Chinese dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from commandcenter.brief import text as t


def test_rates_and_changes() -> None:
    assert t.fmt_rate(None) == "—" and t.fmt_rate(99.94) == "99.9%" and t.fmt_rate(0.0) == "0.0%"
    assert t.fmt_ratio(3, 0) == "—" and t.fmt_ratio(3, 9) == "3/9"
    assert (t.fmt_change(3), t.fmt_change(-2), t.fmt_change(0)) == ("+3", "-2", "0")
    assert t.fmt_change_vs(6, 3.0) == "+100.0%" and t.fmt_change_vs(1, 0) == "—"
    assert t.fmt_score(None) == "—" and t.fmt_score(87.78) == "87.8"


def test_dates_durations_and_names() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    assert t.fmt_date_long(date(2026, 11, 19)) == "2026年11月19日（星期四）"
    end = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)  # midnight after the 19th, local
    assert t.fmt_cutoff(end, date(2026, 11, 19), tz) == "2026-11-19 24:00"
    assert (
        t.fmt_cutoff(datetime(2026, 11, 19, 6, 5, tzinfo=UTC), date(2026, 11, 19), tz) == "2026-11-19 14:05"
    )
    assert (
        t.fmt_overdue(173.8) == "超期7.2天"
        and t.fmt_overdue(-6.25) == "剩余6.2小时"
        and t.fmt_overdue(None) == "—"
    )
    assert t.names_list((), 0) == "无"
    assert t.names_list(("张三", "李四"), 2) == "张三、李四"
    assert t.names_list(tuple("甲乙丙丁戊己庚辛壬"), 12).endswith("等12人")
