"""China's public holidays and adjusted working days (调休) as data, for the default calendar.

Source: 国务院办公厅关于2026年部分节假日安排的通知 (4 Nov 2025). This is configurable data, not law:
add a year when the State Council publishes it, and let a center override it (local holidays, changes).
Holiday ranges include the weekend days inside them; that is harmless (a weekend day is not worked anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def _year(ranges: Iterable[tuple[date, date]]) -> frozenset[date]:
    out: set[date] = set()
    for first, last in ranges:
        out |= _days(first, last)
    return frozenset(out)


HOLIDAYS_2026: Final[frozenset[date]] = _year(
    [
        (date(2026, 1, 1), date(2026, 1, 3)),  # 元旦 New Year
        (date(2026, 2, 15), date(2026, 2, 23)),  # 春节 Spring Festival
        (date(2026, 4, 4), date(2026, 4, 6)),  # 清明节 Qingming
        (date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节 Labour Day
        (date(2026, 6, 19), date(2026, 6, 21)),  # 端午节 Dragon Boat
        (date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节 Mid-Autumn
        (date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节 National Day
    ]
)

# Weekend days that are worked (调休上班).
EXTRA_WORKDAYS_2026: Final[frozenset[date]] = frozenset(
    {
        date(2026, 1, 4),  # Sunday, after New Year
        date(2026, 2, 14),  # Saturday, before Spring Festival
        date(2026, 2, 28),  # Saturday, after Spring Festival
        date(2026, 5, 9),  # Saturday, after Labour Day
        date(2026, 9, 20),  # Sunday, before National Day
        date(2026, 10, 10),  # Saturday, after National Day
    }
)

HOLIDAYS: Final[frozenset[date]] = HOLIDAYS_2026
EXTRA_WORKDAYS: Final[frozenset[date]] = EXTRA_WORKDAYS_2026
