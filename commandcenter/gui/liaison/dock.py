"""The "部门任务 / Department tasks" dock: the liaison's queue and measures, new tasks, bulk
assignment, reply tracking, and (administrators) the reply templates.

It is a view with its own small controller: it reads through the window's DbExecutor, refreshes on
the live hub's change sets (only while visible; hidden, it marks itself dirty), and asks the window to
show a case when a row is chosen. `install_liaison_dock` (in __init__) does the wiring.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter.gui.liaison import jobs
from commandcenter.gui.liaison.bulk_dialog import BulkAssignDialog
from commandcenter.gui.liaison.task_dialog import NewTaskDialog
from commandcenter.gui.liaison.templates_dialog import TemplatesDialog
from commandcenter.gui.liaison.tracking_model import IdRole, TrackingModel
from commandcenter.gui.queue_model import QueueModel
from commandcenter.gui.worker import DbExecutor
from commandcenter.services import liaison as li

REFRESH_MS = 60_000  # deadlines pass with time alone, without any database change


class LiaisonDock(QDockWidget):
    caseSelected = Signal(int)
    loaded = Signal(object)  # jobs.WorkspaceData, after the views show it

    def __init__(
        self,
        parent: QWidget,
        executor: DbExecutor,
        now_fn: Callable[[], datetime],
        categories: Callable[[], Sequence[tuple[int, str, str]]],
        zh: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("liaisonDock")
        self.executor = executor
        self.now_fn = now_fn
        self.categories = categories
        self.zh_fn = zh
        self.zh = zh()
        self.person_id: int | None = None
        self.department: str | None = None  # the chosen department's code (None: their first)
        self.data: jobs.WorkspaceData | None = None
        self.task_dialog: NewTaskDialog | None = None
        self._dirty = False
        self._auto_visibility = False

        body = QWidget()
        self.title = QLabel(objectName="liaisonTitle")
        self.title.setStyleSheet("font-weight:bold;font-size:14px")
        self.departments = QComboBox(objectName="liaisonDepartments")
        self.departments.setVisible(False)
        self.departments.activated.connect(self._department_chosen)
        self.measures = QLabel(objectName="liaisonMeasures")
        self.measures.setTextFormat(Qt.TextFormat.RichText)
        self.queue_model = QueueModel(self, self.zh)
        self.queue_view = self._table("liaisonQueue", self.queue_model)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.queue_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.queue_view.clicked.connect(lambda i: self._case_clicked(self.queue_view, i))
        self.tracking_model = TrackingModel(self, self.zh)
        self.tracking_view = self._table("liaisonTracking", self.tracking_model)
        self.tracking_view.clicked.connect(lambda i: self._case_clicked(self.tracking_view, i))
        self.tabs = QTabWidget(objectName="liaisonTabs")
        self.tabs.addTab(self.queue_view, "")
        self.tabs.addTab(self.tracking_view, "")
        self.new_button = QPushButton(objectName="newTaskButton")
        self.new_button.clicked.connect(self.open_new_task)
        self.bulk_button = QPushButton(objectName="bulkButton")
        self.bulk_button.clicked.connect(self.open_bulk)
        self.templates_button = QPushButton(objectName="templatesButton")
        self.templates_button.clicked.connect(self.open_templates)
        self.message = QLabel(objectName="liaisonMessage")
        self.message.setWordWrap(True)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.departments)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.bulk_button, self.templates_button):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.measures)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.visibilityChanged.connect(self._visible)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(REFRESH_MS)
        self.retranslate()
        self._update_buttons()

    def _table(self, name: str, model: object) -> QTableView:
        view = QTableView(objectName=name)
        view.setModel(model)  # type: ignore[arg-type]
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return view

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Department tasks"))
        self.new_button.setText(self.tr("New task…"))
        self.bulk_button.setText(self.tr("Bulk assign…"))
        self.templates_button.setText(self.tr("Reply templates…"))
        self._tab_titles()
        if self.data is not None:
            self._show(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.zh = self.zh_fn()
            self.queue_model.set_language(self.zh)
            self.tracking_model.set_language(self.zh)
            self.retranslate()
        super().changeEvent(event)

    def _tab_titles(self) -> None:
        n_queue = len(self.queue_model.rows)
        overdue = sum(t.overdue for t in self.tracking_model.rows)
        self.tabs.setTabText(0, self.tr("Department's cases (%1)").replace("%1", str(n_queue)))
        tracking = self.tr("Reply tracking (%1)").replace("%1", str(len(self.tracking_model.rows)))
        if overdue:
            tracking += " " + self.tr("%1 overdue").replace("%1", str(overdue))
        self.tabs.setTabText(1, tracking)

    # ------------------------------------------------------------------------------ loading

    def set_person(self, person_id: int | None, auto_visibility: bool = True) -> None:
        """The acting person changed: their workspace (shown at once if they are a liaison)."""
        if person_id == self.person_id and self.data is not None:
            return
        self.person_id = person_id
        self.department = None
        self.tracking_model.reset_memory()
        self._auto_visibility = auto_visibility
        self.reload()

    def reload(self) -> None:
        if self.person_id is None:
            return
        self._dirty = False
        self.executor.submit(
            jobs.load_workspace,
            self.person_id,
            self.department,
            self.now_fn(),
            done=self._loaded,
            failed=self._load_failed,
            key="liaison-workspace",
        )

    def _loaded(self, data: jobs.WorkspaceData) -> None:
        if data.workspace.person_id != self.person_id:
            return
        self.data = data
        self._show(data)
        if self._auto_visibility:
            self._auto_visibility = False
            if data.workspace.is_liaison:
                self.show()
                self.raise_()
            else:
                self.hide()
        self.loaded.emit(data)

    def _load_failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color:#d7191c")
        self.message.setText(str(error))

    def _show(self, data: jobs.WorkspaceData) -> None:
        ws = data.workspace
        self.departments.blockSignals(True)
        self.departments.clear()
        for d in ws.departments:
            self.departments.addItem(d.name, d.code)
        self.departments.setVisible(len(ws.departments) > 1)
        if data.queue is not None:
            self.departments.setCurrentIndex(max(0, self.departments.findData(data.queue.department.code)))
        self.departments.blockSignals(False)
        if data.queue is None:
            self.title.setText(self.tr("%1 is not a department liaison").replace("%1", ws.name))
            self.measures.setText("")
            self.queue_model.merge([])
            self.tracking_model.set_rows([])
        else:
            self.title.setText(f"{data.queue.department.name} · {ws.name}")
            self.measures.setText(self._measures_html(data.queue.measures))
            self._show_queue(data.queue)
            self._show_tracking(data.tracking)
        self._tab_titles()
        self._update_buttons()

    def _measures_html(self, m: li.DepartmentMeasures) -> str:
        rate = m.on_time_reply_rate
        rate_text = "—" if rate is None else f"{rate:.1f}%"
        parts = [
            (self.tr("Open"), str(m.open), "#1d3557"),
            (self.tr("Overdue"), str(m.overdue), "#d7191c" if m.overdue else "#1d3557"),
            (self.tr("Replied, awaiting check"), str(m.replied_awaiting_check), "#1d3557"),
            (self.tr("On-time replies, last 30 days"), rate_text, "#1a9641"),
        ]
        return "&nbsp;&nbsp;&nbsp;".join(
            f"{label} <b style='color:{color};font-size:15px'>{value}</b>" for label, value, color in parts
        )

    def _show_queue(self, queue: li.DepartmentQueue) -> None:
        selected = self.selected_case_ids()
        self.queue_model.merge([])  # the service's order (overdue first) is the order shown
        self.queue_model.merge(queue.rows)
        self._reselect(self.queue_view, self.queue_model.row_of, selected)
        self._fit_columns(self.queue_view)

    def _show_tracking(self, rows: list[li.TrackedTask]) -> None:
        current = self.tracking_view.currentIndex()
        keep = current.data(IdRole) if current.isValid() else None
        self.tracking_model.set_rows(rows)
        if keep is not None:
            self._reselect(self.tracking_view, self.tracking_model.row_of, [keep])
        self._fit_columns(self.tracking_view)

    @staticmethod
    def _fit_columns(view: QTableView, widest: int = 260) -> None:
        """Columns as wide as their contents, up to `widest` (the last one stretches)."""
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        for col in range(header.count() - 1):
            header.resizeSection(col, min(header.sectionSize(col), widest))

    @staticmethod
    def _reselect(view: QTableView, row_of: Callable[[int], int | None], ids: Sequence[int]) -> None:
        sm = view.selectionModel()
        for i in ids:
            row = row_of(i)
            if row is not None:
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                sm.select(view.model().index(row, 0), flags)

    def _department_chosen(self, _index: int) -> None:
        self.department = self.departments.currentData()
        self.tracking_model.reset_memory()
        self.reload()

    # ------------------------------------------------------------------------------ live

    def on_changes(self, changes: object) -> None:
        """A coalesced change set from the live hub: re-read if cases or their trail changed."""
        touches = getattr(changes, "touches", None)
        if touches is None or not touches("events", "event_steps", "logical_grids", "role_grants"):
            return
        self._tick()

    def _visible(self, visible: bool) -> None:
        if visible and (self._dirty or self.data is None):
            self.reload()

    def _tick(self) -> None:
        """Re-read now if shown; hidden, on the next show."""
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    # ------------------------------------------------------------------------------ actions

    def selected_case_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.queue_view.selectionModel().selectedRows()})
        return [self.queue_model.rows[r].id for r in rows if r < len(self.queue_model.rows)]

    def _update_buttons(self) -> None:
        ws = self.data.workspace if self.data else None
        liaison = self.data is not None and self.data.queue is not None
        self.new_button.setEnabled(liaison)
        self.bulk_button.setEnabled(liaison and bool(self.selected_case_ids()))
        self.templates_button.setEnabled(bool(ws and ws.is_admin))
        self.templates_button.setToolTip(
            "" if ws and ws.is_admin else self.tr("Only administrators edit templates")
        )

    def _case_clicked(self, view: QTableView, index: QModelIndex) -> None:
        if view is self.tracking_view:
            task_id = index.data(IdRole)
            if task_id is not None:
                self.tracking_model.acknowledge(int(task_id))
                self.caseSelected.emit(int(task_id))
            return
        if 0 <= index.row() < len(self.queue_model.rows):
            self.caseSelected.emit(self.queue_model.rows[index.row()].id)

    def open_new_task(self) -> NewTaskDialog | None:
        if self.person_id is None or self.data is None or self.data.queue is None:
            return None
        if self.task_dialog is not None:
            self.task_dialog.raise_()
            self.task_dialog.activateWindow()
            return self.task_dialog
        dialog = NewTaskDialog(
            self.window(), self.executor, self.person_id, self.categories(), self.zh, self.now_fn()
        )
        dialog.taskSent.connect(self._task_sent)
        dialog.pickArmed.connect(self._pick_armed)
        dialog.finished.connect(self._task_dialog_closed)
        self.task_dialog = dialog
        dialog.show()
        return dialog

    def _pick_armed(self, on: bool) -> None:
        """Say in the window's status bar that the next grid clicked is the task's target."""
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            if on:
                bar().showMessage(
                    self.tr("Pick mode: click the grid the task is for (or a place in the tree)")
                )
            else:
                bar().clearMessage()

    def _task_dialog_closed(self, _result: int) -> None:
        if self.task_dialog is not None:
            self.task_dialog.deleteLater()
        self.task_dialog = None

    def _task_sent(self, sent: li.TaskSent) -> None:
        self.message.setStyleSheet("color:#1a9641")
        self.message.setText(
            self.tr("Task %1 sent to %2").replace("%1", sent.changed.code).replace("%2", sent.target.label)
        )
        self.tabs.setCurrentWidget(self.tracking_view)
        self.reload()  # at once: the feed's echo comes too, harmlessly

    def on_grid_clicked(self, code: str) -> None:
        """The map's gridClicked: the target of the open task dialog, if it is picking."""
        if self.task_dialog is not None and self.task_dialog.picking:
            self.task_dialog.picked("grid", code)

    def on_unit_selected(self, kind: str, code: str) -> None:
        """The tree's unitSelected: the same as a map click while picking."""
        if self.task_dialog is not None and self.task_dialog.picking:
            self.task_dialog.picked(kind, code)

    def open_bulk(self) -> BulkAssignDialog | None:
        ids = set(self.selected_case_ids())
        if not ids or self.person_id is None or self.data is None or self.data.queue is None:
            return None
        cases = [r for r in self.queue_model.rows if r.id in ids]
        dialog = BulkAssignDialog(
            self.window(),
            self.executor,
            self.person_id,
            self.data.queue.department.code,
            cases,
            self.now_fn(),
            self.zh,
        )
        dialog.assigned.connect(lambda _results: self.reload())
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog

    def open_templates(self) -> TemplatesDialog | None:
        if self.person_id is None or not (self.data and self.data.workspace.is_admin):
            return None
        dialog = TemplatesDialog(self.window(), self.executor, self.person_id, self.categories(), self.zh)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog
