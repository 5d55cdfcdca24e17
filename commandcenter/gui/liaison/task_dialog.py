""" "New task…": a task for a grid's worker, a person or a center, with deadline and reply template.

Not modal: the liaison picks the target on the map or in the tree while it is open. "Pick on the
map" arms the pick mode; the dock hands the next grid clicked (or tree node selected) to `picked`.
Every database question goes through the window's DbExecutor (worker threads).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commandcenter.gui.liaison import jobs
from commandcenter.gui.worker import DbExecutor
from commandcenter.services import liaison as li

TargetRole = Qt.ItemDataRole.UserRole + 1
KIND_ICONS = {"grid": "▦", "center": "◎", "person": "☺", "logical": "◇"}
# Membership roles and center levels as the services store them, in words (Chinese, English).
ROLE_WORDS = {
    "grid_worker": ("网格员", "grid worker"),
    "grid_leader": ("网格长", "grid leader"),
    "logical_member": ("部门网格员", "department member in the grid"),
    "leader": ("部门负责人", "department leader"),
    "liaison": ("联络员", "liaison"),
    "member": ("部门成员", "department member"),
}
LEVEL_WORDS = {
    "district": ("区中心", "district center"),
    "township": ("镇街中心", "township center"),
    "community": ("村社区中心", "community center"),
}


def choice_text(c: li.TargetChoice, zh: bool) -> str:
    """'☺ 林志成  网格员 · 铜鼓社区第3网格', '▦ 铜鼓社区第3网格  林志成', '◎ 沙坪街道  镇街中心'."""
    words = ROLE_WORDS if c.kind == "person" else LEVEL_WORDS
    pair = words.get(c.role)
    role = (pair[0] if zh else pair[1]) if pair else c.role
    extra = " · ".join(x for x in (role, c.detail) if x)
    return f"{KIND_ICONS.get(c.kind, '')} {c.name}  {extra}".strip()


class SearchEdit(QLineEdit):
    """A search box: Enter searches (returnPressed) and goes no further (not to the dialog)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class NoEnterDialog(QDialog):
    """Enter in a text box must search there, never press "Send" or "Assign" (QDialogButtonBox makes
    its accept button the default when shown, so turning autoDefault off is not enough)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Only a button that has the focus is pressed by Enter (an explicit choice).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            event.accept()
            return
        super().keyPressEvent(event)


class NewTaskDialog(NoEnterDialog):
    taskSent = Signal(object)  # li.TaskSent
    pickArmed = Signal(bool)

    def __init__(
        self,
        parent: QWidget,
        executor: DbExecutor,
        person_id: int,
        categories: Sequence[tuple[int, str, str]],
        zh: bool,
        now: datetime,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newTaskDialog")
        self.setWindowTitle(self.tr("New task"))
        self.setModal(False)
        self.executor = executor
        self.person_id = person_id
        self.now = now
        self.zh = zh
        self.target: li.ResolvedTarget | None = None
        self.form: jobs.TaskForm | None = None
        self._deadline_touched = False
        self._template_text = ""  # the text the last template put in

        self.category = QComboBox(objectName="taskCategory")
        for cid, name, name_en in categories:
            self.category.addItem(name if zh else name_en, cid)
        self.title_edit = QLineEdit(objectName="taskTitle")
        self.title_edit.setMaxLength(li.TITLE_MAX)
        self.title_edit.setPlaceholderText(self.tr("What is to be done, in a few words"))

        # Target: the map or tree, a search, or a center.
        self.target_label = QLabel(self.tr("No target chosen yet"), objectName="taskTarget")
        self.target_label.setWordWrap(True)
        self.pick_button = QPushButton(self.tr("Pick on the map or in the tree"), objectName="pickButton")
        self.pick_button.setCheckable(True)
        self.pick_button.toggled.connect(self._pick_toggled)
        self.search_edit = SearchEdit(objectName="targetSearch")
        self.search_edit.setPlaceholderText(self.tr("Search a grid, place or person, then Enter"))
        self.search_edit.returnPressed.connect(self._search)
        self.results = QListWidget(objectName="targetResults")
        self.results.setMaximumHeight(110)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        self.center = QComboBox(objectName="centerCombo")
        self.center.addItem(self.tr("— or a township center —"), None)
        self.center.activated.connect(self._center_chosen)
        self.results.setVisible(False)  # until a search is made
        target_box = QVBoxLayout()
        target_box.addWidget(self.target_label)
        row = QHBoxLayout()
        row.addWidget(self.pick_button)
        row.addWidget(self.center, 1)
        target_box.addLayout(row)
        target_box.addWidget(self.search_edit)
        target_box.addWidget(self.results)

        self.deadline = QDateTimeEdit(objectName="taskDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.deadline.dateTimeChanged.connect(self._deadline_edited)
        self.template = QComboBox(objectName="templateCombo")
        self.template.activated.connect(lambda _i: self.use_template())
        self.text = QPlainTextEdit(objectName="taskText")
        self.text.setPlaceholderText(self.tr("The task and what the reply must contain"))
        self.message = QLabel(objectName="taskMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Send to"), target_box)
        form.addRow(self.tr("Deadline"), self.deadline)
        form.addRow(self.tr("Reply template"), self.template)
        form.addRow(self.tr("Task text"), self.text)
        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton(
            self.tr("Send task"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("sendTaskButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 640)

        self.category.currentIndexChanged.connect(lambda _i: self._load_form())
        self.executor.submit(li.centers, done=self._centers_loaded)
        self._load_form()
        self._update_send()

    # ------------------------------------------------------------------------------ category

    def _load_form(self) -> None:
        cid = self.category.currentData()
        if cid is None:
            return
        self.executor.submit(
            jobs.load_task_form, int(cid), self.now, done=self._form_loaded, key="liaison-form"
        )

    def _form_loaded(self, form: jobs.TaskForm) -> None:
        if form.category_id != self.category.currentData():
            return
        self.form = form
        self.template.clear()
        self.template.addItem(self.tr("— no template —"), None)
        for t in form.templates:
            general = "" if t.category_id is not None else self.tr(" (any category)")
            self.template.addItem(t.title + general, t.id)
        if form.templates:
            self.template.setCurrentIndex(1)
            # A text the last template filled in follows the category; one the liaison wrote stays.
            if self.text.toPlainText().strip() in ("", self._template_text):
                self.use_template()
        if not self._deadline_touched and form.deadline is not None:
            self._set_deadline(form.deadline)

    def _set_deadline(self, when: datetime) -> None:
        self.deadline.blockSignals(True)
        self.deadline.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
        self.deadline.blockSignals(False)

    def _deadline_edited(self, _value: QDateTime) -> None:
        self._deadline_touched = True

    def chosen_deadline(self) -> datetime:
        return datetime.fromtimestamp(self.deadline.dateTime().toSecsSinceEpoch(), UTC)

    def use_template(self) -> None:
        tid = self.template.currentData()
        chosen = next((t for t in (self.form.templates if self.form else []) if t.id == tid), None)
        if chosen is not None:
            self._template_text = chosen.body.strip()
            self.text.setPlainText(chosen.body)

    # ------------------------------------------------------------------------------ target

    def _pick_toggled(self, on: bool) -> None:
        self.message.setText(self.tr("Click a grid on the map, or a place in the tree.") if on else "")
        self.message.setStyleSheet("")
        self.pickArmed.emit(on)

    @property
    def picking(self) -> bool:
        return self.pick_button.isChecked()

    def picked(self, kind: str, code: str) -> None:
        """A grid clicked on the map (or a node of the tree) while the pick mode is armed."""
        self.pick_button.setChecked(False)
        self.executor.submit(jobs.pick, kind, code, done=self.set_target, failed=self._target_failed)

    def _search(self) -> None:
        text = self.search_edit.text().strip()
        if text:
            self.executor.submit(li.search_targets, text, done=self._search_done, key="liaison-search")

    def _search_done(self, hits: list[li.TargetChoice]) -> None:
        self.results.clear()
        self.results.setVisible(True)
        for h in hits:
            item = QListWidgetItem(choice_text(h, self.zh))
            item.setData(TargetRole, h.target)
            self.results.addItem(item)
        if not hits:
            self.results.addItem(self.tr("Nothing found"))

    def _result_chosen(self, item: QListWidgetItem) -> None:
        target = item.data(TargetRole)
        if isinstance(target, li.TaskTarget):
            self.executor.submit(li.resolve_target, target, done=self.set_target, failed=self._target_failed)

    def _centers_loaded(self, centers: list[li.TargetChoice]) -> None:
        for c in centers:
            self.center.addItem(c.name, c.target)

    def _center_chosen(self, _index: int) -> None:
        target = self.center.currentData()
        if isinstance(target, li.TaskTarget):
            self.executor.submit(li.resolve_target, target, done=self.set_target, failed=self._target_failed)

    def set_target(self, target: li.ResolvedTarget) -> None:
        self.target = target
        kind = {
            "grid": self.tr("Worker of grid"),
            "person": self.tr("Person"),
            "center": self.tr("Center"),
            "logical": self.tr("Department"),
        }[target.target.kind]
        self.target_label.setText(f"{kind}: {target.label}")
        self.target_label.setStyleSheet("font-weight:bold")
        self.message.setText("")
        self._update_send()

    def _target_failed(self, error: BaseException) -> None:
        self.target = None
        self.target_label.setText(str(error))
        self.target_label.setStyleSheet("color:#d7191c")
        self._update_send()

    def _update_send(self) -> None:
        self.send_button.setEnabled(self.target is not None)

    # ------------------------------------------------------------------------------ send

    def args(self) -> dict[str, Any]:
        assert self.target is not None
        return {
            "category": int(self.category.currentData()),
            "title": self.title_edit.text(),
            "target": self.target.target,
            "deadline": self.chosen_deadline(),
            "text": self.text.toPlainText(),
            "template_id": self.template.currentData(),
            "now": self.now,
        }

    def send(self) -> None:
        if self.target is None:
            return
        self.send_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Sending …"))
        self.executor.submit(
            jobs.send_task, self.person_id, self.args(), done=self._sent, failed=self._failed
        )

    def _sent(self, sent: li.TaskSent) -> None:
        self.message.setText(
            self.tr("Sent: %1 to %2").replace("%1", sent.changed.code).replace("%2", sent.target.label)
        )
        self.taskSent.emit(sent)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color:#d7191c")
        self.message.setText(str(error))
        self._update_send()

    def done(self, result: int) -> None:  # closing ends the pick mode too
        self.pick_button.setChecked(False)
        super().done(result)
