"""The queues' column filters, offscreen, on the small demo (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import text

from commandcenter.db.engine import make_engine
from commandcenter.gui.queue_model import choice_key


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
