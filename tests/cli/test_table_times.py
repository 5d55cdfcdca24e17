"""Every table the command line prints shows China time, whatever the command."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from commandcenter.cli.common import print_table


def test_utc_times_print_as_china_time() -> None:
    out = io.StringIO()
    print_table([{"at": datetime(2026, 11, 27, 20, 30, tzinfo=UTC)}], ["at"], out)
    assert out.getvalue().splitlines()[-1] == "2026-11-28 04:30"


def test_naive_times_print_unchanged() -> None:
    out = io.StringIO()
    print_table([{"at": datetime(2026, 11, 27, 20, 30)}], ["at"], out)
    assert out.getvalue().splitlines()[-1] == "2026-11-27 20:30"
