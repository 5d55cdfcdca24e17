"""The queues' column filters, offscreen, on the small demo (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import text

from commandcenter.db.engine import make_engine
from commandcenter.gui.queue_model import IdRole, choice_key


def _other_db(url: str, sql: str, **params: Any) -> None:
    """A write by a separate connection, as a phone app's server would make it."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def _shown_ids(panel: Any, key: str) -> list[int]:
    proxy = panel.proxies[key]
    model = panel.models[key]
    return [model.rows[proxy.mapToSource(proxy.index(r, 0)).row()].id for r in range(proxy.rowCount())]


def test_column_filters_narrow_the_rows_and_survive_a_live_update(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    window = make_window(demo_db_url)
    panel = window.queues
    key = "in_progress"
    window.queueTabs.setCurrentIndex(panel.keys.index(key))
    model = panel.models[key]
    qtbot.waitUntil(lambda: len(model.rows) == panel.counts[key], timeout=5000)
    total = len(model.rows)
    tab = panel.keys.index(key)
    assert window.queueTabs.tabText(tab).endswith(f"({total})")
    assert not window.queues.clearButton.isEnabled()

    # The category with most cases here, but not all of them: a choice filter.
    by_category = Counter(r.category_id for r in model.rows)
    category, n_category = by_category.most_common(1)[0]
    assert n_category < total
    options = panel.options(key, "category")
    assert {k for _text, k in options} == set(by_category)
    panel.set_column_filter(key, "category", category)
    assert sorted(_shown_ids(panel, key)) == sorted(r.id for r in model.rows if r.category_id == category)
    assert window.queueTabs.tabText(tab).endswith(f"({n_category}/{total})")
    assert panel.clearButton.isEnabled()

    # Combined with a text filter on another column (case code digits: contains).
    rows_in = [r for r in model.rows if r.category_id == category]
    needle = rows_in[0].code[-2:]
    panel.set_column_filter(key, "code", needle)
    expected = {r.id for r in rows_in if needle in r.code}
    assert set(_shown_ids(panel, key)) == expected
    assert window.queueTabs.tabText(tab).endswith(f"({len(expected)}/{total})")
    panel.set_column_filter(key, "code", "")

    # Select a filtered-in case; then, from another connection, move one case into the category
    # and one out of it. The filter holds, the tab count follows, the selection stays.
    selected = rows_in[0].id
    window.select_case(selected, pan=False)
    qtbot.waitUntil(lambda: panel.selected_id(key) == selected, timeout=5000)
    leaving = rows_in[-1].id
    assert leaving != selected
    joining = next(r.id for r in model.rows if r.category_id != category)
    other_category = next(c for c in by_category if c != category)
    for case_id, cat in ((joining, category), (leaving, other_category)):
        _other_db(
            demo_db_url,
            "UPDATE events SET category_id = :c, version = version + 1 WHERE id = :i",
            c=cat,
            i=case_id,
        )
    qtbot.waitUntil(
        lambda: joining in _shown_ids(panel, key) and leaving not in _shown_ids(panel, key), timeout=5000
    )
    assert all(choice_key(r, "category") == category for r in model.rows if r.id in _shown_ids(panel, key))
    assert len(_shown_ids(panel, key)) == n_category
    assert panel.proxies[key].choices == {"category": category}
    assert panel.editors[key]["category"].key() == category
    assert panel.selected_id(key) == selected
    qtbot.waitUntil(lambda: window.queueTabs.tabText(tab).endswith(f"({n_category}/{total})"), timeout=5000)

    window.resize(1600, 960)
    qtbot.wait(300)
    assert window.queuesDock.grab().save(str(screenshots / "queues_filtered.png"))

    # While its tab is hidden, a filtered queue's changes are held back; its title still counts them.
    window.queueTabs.setCurrentIndex(panel.keys.index("verify"))
    another = next(r.id for r in model.rows if r.category_id != category and r.id != leaving)
    with qtbot.waitSignal(window.deltaApplied, timeout=5000, check_params_cb=lambda d: another in d.ids):
        _other_db(
            demo_db_url,
            "UPDATE events SET category_id = :c, version = version + 1 WHERE id = :i",
            c=category,
            i=another,
        )
    assert another in panel._pending[key] and another not in _shown_ids(panel, key)
    qtbot.waitUntil(
        lambda: window.queueTabs.tabText(tab).endswith(f"({n_category + 1}/{total})"), timeout=5000
    )
    window.queueTabs.setCurrentIndex(tab)
    assert another in _shown_ids(panel, key) and len(_shown_ids(panel, key)) == n_category + 1

    # One click clears them.
    assert panel.clearButton.isEnabled()
    panel.clearButton.click()
    assert len(_shown_ids(panel, key)) == total == len(model.rows)
    assert window.queueTabs.tabText(tab).endswith(f"({total})")
    assert panel.editors[key]["category"].key() is None
    assert not panel.clearButton.isEnabled()


def test_light_and_status_choices_and_editors_under_the_header(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot
) -> None:
    window = make_window(demo_db_url)
    panel = window.queues
    key = "overdue"
    window.queueTabs.setCurrentIndex(panel.keys.index(key))
    model = panel.models[key]
    qtbot.waitUntil(lambda: len(model.rows) == panel.counts[key] > 0, timeout=5000)
    lights = [k for _t, k in panel.options(key, "light")]
    assert lights == sorted(set(lights), key=lights.index) and "red" in lights
    panel.set_column_filter(key, "light", "red")
    assert _shown_ids(panel, key) and all(
        model.rows[model.row_of(i)].light == "red" for i in _shown_ids(panel, key)
    )
    statuses = Counter(r.status for r in model.rows)
    status = statuses.most_common()[-1][0]
    panel.set_column_filter(key, "status", status)
    assert {model.rows[model.row_of(i)].status for i in _shown_ids(panel, key)} <= {status}

    # The editors sit under the header's labels, each over its own column.
    view = panel.views[key]
    header = view.horizontalHeader()
    col = model.COLUMNS.index("title")
    editor = panel.editors[key]["title"]
    assert editor.isVisible() and editor.parent() is header
    assert header.height() >= editor.height() + 10
    assert abs(editor.x() - header.sectionViewportPosition(col)) <= 2
    # Another tab's filters are its own.
    assert not panel.proxies["verify"].active


def _highlighted(panel: Any, key: str) -> set[int]:
    """The case ids of the rows highlighted (selected) in a queue's table."""
    view = panel.views[key]
    return {i.data(IdRole) for i in view.selectionModel().selectedRows()}


def _as_admin(window: Any) -> None:
    admin = next(p for p in window.static.people if p.detail.startswith("admin"))
    window._acting_changed(admin.id)


def test_after_the_check_the_case_is_in_the_to_close_tab(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot, screenshots
) -> None:
    """A case that passed the check waits for closing in its own tab (it used to be in none)."""
    window = make_window(demo_db_url)
    _as_admin(window)
    panel = window.queues
    keys = panel.keys
    # The new tabs sit after "to check" and before "unassigned", each with its count.
    assert keys.index("check") < keys.index("to_close") < keys.index("parked") < keys.index("unassigned")
    before = panel.counts["to_close"]
    assert before > 0 and panel.counts["parked"] > 0
    assert window.queueTabs.tabText(keys.index("to_close")) == f"待结案 ({before})"
    assert window.queueTabs.tabText(keys.index("parked")) == f"挂账 ({panel.counts['parked']})"

    window.queueTabs.setCurrentIndex(keys.index("check"))
    qtbot.waitUntil(lambda: len(panel.models["check"].rows) == panel.counts["check"] > 0, timeout=5000)
    target = panel.models["check"].rows[0]
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        window.select_case(target.id, pan=False)
    qtbot.waitUntil(lambda: window.case.button("check_pass") is not None, timeout=5000)
    assert _highlighted(panel, "check") == {target.id}

    with qtbot.waitSignal(window.deltaApplied, timeout=10_000):
        window.run_step("check_pass", {"note": "核查通过"})
    assert panel.models["check"].row_of(target.id) is None
    assert _highlighted(panel, "check") == set()  # no other case highlighted in its place
    qtbot.waitUntil(lambda: panel.counts["to_close"] == before + 1, timeout=5000)
    assert window.queueTabs.tabText(keys.index("to_close")) == f"待结案 ({before + 1})"

    # In the To close tab, highlighted there (the queue follows the case view), grey, no time left.
    window.queueTabs.setCurrentIndex(keys.index("to_close"))
    model = panel.models["to_close"]
    qtbot.waitUntil(lambda: model.row_of(target.id) is not None, timeout=5000)
    qtbot.waitUntil(lambda: len(model.rows) == before + 1, timeout=5000)
    row = model.rows[model.row_of(target.id)]
    assert row.status == "checked" and row.light is None and row.time_left_s is None
    assert _highlighted(panel, "to_close") == {target.id} and panel.selected_id("to_close") == target.id
    assert window.case.detail is not None and window.case.detail.row.id == target.id
    qtbot.wait(200)
    assert window.queuesDock.grab().save(str(screenshots / "queues_to_close.png"))


def test_a_case_stepped_out_of_the_queue_shown_leaves_no_highlight(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot
) -> None:
    """After verifying the highlighted case, the "to verify" tab highlights nothing (not the next
    case, which the operator would take for the one on view); the case view keeps the stepped case."""
    window = make_window(demo_db_url)
    _as_admin(window)
    panel = window.queues
    key = "verify"
    window.queueTabs.setCurrentIndex(panel.keys.index(key))
    qtbot.waitUntil(lambda: len(panel.models[key].rows) == panel.counts[key] >= 2, timeout=5000)
    first = _shown_ids(panel, key)[0]  # Qt would move the selection to the row below it
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        panel.views[key].selectRow(0)
    assert window.case_id == first and _highlighted(panel, key) == {first}
    qtbot.waitUntil(lambda: window.case.button("verify") is not None, timeout=5000)

    with qtbot.waitSignal(window.deltaApplied, timeout=10_000):
        window.run_step("verify", {"note": "核实属实"})
    assert first not in _shown_ids(panel, key) and _shown_ids(panel, key)
    assert _highlighted(panel, key) == set() and panel.selected_id(key) is None
    assert not panel.views[key].currentIndex().isValid()
    qtbot.waitUntil(
        lambda: window.case.detail is not None and window.case.detail.row.status == "verified", timeout=5000
    )
    assert window.case_id == first and window.case.detail.row.id == first
    qtbot.wait(100)  # nothing later (the counts, the case's reload) moves the highlight either
    assert _highlighted(panel, key) == set() and window.case_id == first

    # The case's new tab highlights it; back in "to verify", still nothing.
    window.queueTabs.setCurrentIndex(panel.keys.index("dispatch"))
    qtbot.waitUntil(lambda: _highlighted(panel, "dispatch") == {first}, timeout=5000)
    window.queueTabs.setCurrentIndex(panel.keys.index(key))
    assert _highlighted(panel, key) == set()

    # A case picked elsewhere (the map) that is not in the queue shown clears its highlight too.
    panel.views[key].selectRow(0)
    other = _shown_ids(panel, key)[0]
    qtbot.waitUntil(lambda: window.case_id == other, timeout=5000)
    window.select_case(first, pan=False)
    assert _highlighted(panel, key) == set()


def test_a_column_filter_hiding_the_shown_case_leaves_no_highlight(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot
) -> None:
    """Filtering the shown case out highlights no other row; clearing the filter highlights it again."""
    window = make_window(demo_db_url)
    panel = window.queues
    key = "in_progress"
    window.queueTabs.setCurrentIndex(panel.keys.index(key))
    model = panel.models[key]
    qtbot.waitUntil(lambda: len(model.rows) == panel.counts[key] > 0, timeout=5000)
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        panel.views[key].selectRow(0)
    shown = window.case_id
    row = model.rows[model.row_of(shown)]
    other = next(r for r in model.rows if r.category_id != row.category_id)
    panel.set_column_filter(key, "category", other.category_id)
    assert shown not in _shown_ids(panel, key) and _shown_ids(panel, key)
    assert _highlighted(panel, key) == set() and window.case_id == shown
    panel.clear_filters()
    assert _highlighted(panel, key) == {shown} and window.case_id == shown


def test_overdue_over_a_weekend_reads_overdue_and_the_longest_overdue_sorts_first(  # type: ignore[no-untyped-def]
    make_window, demo_db_url, qtbot
) -> None:
    """Working-day limits stop the clock outside working hours: a case whose deadline passed on
    Friday night is overdue by no working time on Saturday. It reads 已超时 (not 超时 0分钟, nor a
    bare 0分钟 beside a red light), and of such cases the one overdue longest comes first."""
    from dataclasses import replace
    from datetime import timedelta

    from commandcenter.domain.status import Light
    from commandcenter.gui.queue_model import format_duration

    assert format_duration(-0.0, True, overdue=True) == "已超时" and format_duration(-30, False) == "overdue"
    assert format_duration(-7200, True) == "超时 2小时0分" and format_duration(7200, True) == "2小时0分"

    window = make_window(demo_db_url, live=False)
    window.queueTabs.setCurrentIndex(window.queues.keys.index("in_progress"))
    model = window.queues.models["in_progress"]
    qtbot.waitUntil(lambda: len(model.rows) >= 2, timeout=5000)
    base = model.rows[0]
    friday = base.received_at
    older = replace(base, id=10**9, light=Light.RED, time_left_s=-0.0, step_deadline=friday)
    newer = replace(
        base, id=10**9 + 1, light=Light.RED, time_left_s=-0.0, step_deadline=friday + timedelta(hours=5)
    )
    late_by_work = replace(base, id=10**9 + 2, light=Light.RED, time_left_s=-3600.0, step_deadline=friday)
    model.upsert([newer, older, late_by_work])
    assert model.text(older, "time_left") == "已超时"
    keys = {r.id: model._sort_key(r, "time_left") for r in (older, newer, late_by_work)}
    assert keys[late_by_work.id] < keys[older.id] < keys[newer.id]
