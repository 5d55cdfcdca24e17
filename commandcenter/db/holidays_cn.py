"""China's 2026 public holidays and the weekend days worked in their place (调休).

Data for the calendar_days table (migration 0002): each entry is (is_workday, name). Published by
the State Council each autumn; centers update it in the administration screen, so this is a
starting point, not law.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(first: date, last: date, name: str) -> dict[date, tuple[bool, str]]:
    days = (last - first).days + 1
    return {first + timedelta(days=i): (False, name) for i in range(days)}


CN_2026: dict[date, tuple[bool, str]] = {
    **_span(date(2026, 1, 1), date(2026, 1, 3), "元旦"),
    date(2026, 1, 4): (True, "元旦调休上班"),
    **_span(date(2026, 2, 15), date(2026, 2, 23), "春节"),
    date(2026, 2, 14): (True, "春节调休上班"),
    date(2026, 2, 28): (True, "春节调休上班"),
    **_span(date(2026, 4, 4), date(2026, 4, 6), "清明节"),
    **_span(date(2026, 5, 1), date(2026, 5, 5), "劳动节"),
    date(2026, 5, 9): (True, "劳动节调休上班"),
    **_span(date(2026, 6, 19), date(2026, 6, 21), "端午节"),
    **_span(date(2026, 9, 25), date(2026, 9, 27), "中秋节"),
    **_span(date(2026, 10, 1), date(2026, 10, 7), "国庆节"),
    date(2026, 9, 20): (True, "国庆节调休上班"),
    date(2026, 10, 10): (True, "国庆节调休上班"),
}
