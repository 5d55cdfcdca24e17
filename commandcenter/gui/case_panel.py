"""The case view: fields, media, the trail as a timeline, light and time left, and the step buttons."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from commandcenter.domain.calendar import center_time
from commandcenter.domain.labels import STATUS_LABELS, STEP_LABELS
from commandcenter.domain.permissions import Blocked, Holder
from commandcenter.domain.status import Light, Role, Status, Step
from commandcenter.gui.queue_model import LIGHT_COLORS, format_duration
from commandcenter.services.queues import CaseDetail, TrailItem

# Fields shown in the details table, in this order (the rest of the row stays in the database).
FIELDS = (
    "code",
    "title",
    "description",
    "address",
    "lat",
    "lon",
    "source",
    "reporter_name",
    "reporter_phone",
    "reported_at",
    "received_at",
    "priority",
    "supervised",
    "step_deadline",
    "deadline",
    "extension_until",
    "reworks",
    "sent_backs",
    "rating",
    "position_flag",
    "time_flag",
    "version",
)


def media_url(url: str, base: str | None) -> str | None:
    """A media reference as an address to open: absolute ones as they are, relative ones against
    the media store's base address; None when relative with no base known."""
    if "://" in url:
        return url
    if not base:
        return None
    return base.rstrip("/") + "/" + url.lstrip("/")


def status_text(status: str | None, zh: bool) -> str:
    try:
        zh_label, en_label = STATUS_LABELS[Status(status)]
    except ValueError:
        return status or ""
    return zh_label if zh else en_label.replace("_", " ")


def step_text(step: str, zh: bool) -> str:
    try:
        zh_label, en_label = STEP_LABELS[Step(step)]
    except ValueError:
        return step
    return zh_label if zh else en_label


class _NoteDelegate(QStyledItemDelegate):
    """A step's note (a child row, first column spanned over the tree's width): as tall as its text
    wrapped to that width. Qt sizes a spanned row by its first column only, which would cut it."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if not index.parent().isValid():
            return hint
        # The tree's width less a scroll bar, shown or not: the wrap never depends on the scroll bar,
        # so laying out again cannot make it come and go.
        bar = self.tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = max(self.tree.width() - 2 * self.tree.frameWidth() - bar - 12, 60)
        text = str(index.data() or "")
        box = option.fontMetrics.boundingRect(QRect(0, 0, width, 1_000_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(60, box.height() + 6)


class CasePanel(QObject):
    stepRequested = Signal(str)

    def __init__(
        self,
        title: QLabel,
        clock: QLabel,
        message: QLabel,
        buttons: QWidget,
        trail: QTreeWidget,
        fields: QTableWidget,
        media: QListWidget,
        field_label: Callable[[str], str],
    ) -> None:
        super().__init__(title)
        self.title, self.clock, self.message = title, clock, message
        self.buttons, self.trail, self.fields, self.media = buttons, trail, fields, media
        self.field_label = field_label
        self.media_base: str | None = None  # the media store's address (settings table: media)
        media.itemActivated.connect(self._open_media)
        self.detail: CaseDetail | None = None
        self.zh = True
        self._buttons: list[QPushButton] = []
        # Who takes the loop's next steps when the acting person may not (issue #5 keeps the buttons
        # to exactly the steps they may take; this line says why the others are missing).
        self.ahead = QLabel(buttons)
        self.ahead.setObjectName("caseAhead")
        self.ahead.setWordWrap(True)
        self.ahead.setStyleSheet("color:#555")
        self.ahead.setVisible(False)
        # The trail: one row per step; a step's note on its own full-width line below it, wrapped, so
        # a reply is read in full in the narrow dock (the note column is not used).
        self.trail.setColumnHidden(3, True)
        self.trail.setIndentation(0)
        self.trail.setUniformRowHeights(False)
        self.trail.setWordWrap(True)
        self.trail.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.trail.setItemDelegate(_NoteDelegate(self.trail))
        self.trail.installEventFilter(self)  # a wider or narrower dock re-wraps the notes
        self.fields.setWordWrap(True)
        self.fields.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.trail:
            old, new = event.oldSize().width(), event.size().width()  # type: ignore[attr-defined]
            if old != new:
                self.trail.doItemsLayout()
        return False

    @property
    def case_id(self) -> int | None:
        return None if self.detail is None else self.detail.row.id

    def clear(self) -> None:
        self.detail = None
        self.title.setText(self.tr("Select a case in a queue or on the map"))
        self.clock.setText("")
        self.trail.clear()
        self.fields.setRowCount(0)
        self.media.clear()
        self._set_buttons([])
        self.show_message("")

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setVisible(bool(text))
        color = "#b00020" if error else "#1a6f2f"
        self.message.setStyleSheet(f"color:{color}; font-weight:bold")
        self.message.setText(text)

    def show_case(self, d: CaseDetail, zh: bool, busy: bool = False) -> None:
        self.detail = d
        self.zh = zh
        r = d.row
        category = r.category if zh else r.category_en
        place = r.grid_name or self.tr("(outside every grid)")
        supervised_text = self.tr("Supervised")
        supervised = f" <span style='color:#b00020'>{supervised_text}</span>" if r.supervised else ""
        self.title.setText(
            f"<b style='font-size:15px'>{html.escape(r.code)}</b> {html.escape(r.title)}{supervised}<br>"
            f"{html.escape(category)} · {html.escape(place)} · <b>{html.escape(status_text(r.status, zh))}</b>"
        )
        color = LIGHT_COLORS[r.light].name()
        left = (
            format_duration(r.time_left_s, zh, overdue=r.light is Light.RED)
            if r.time_left_s is not None
            else self.tr("no running clock")
        )
        assignee_text = self.tr("Assignee")
        unit_text = self.tr("Unit")
        who = f" · {assignee_text}: {html.escape(r.assignee)}" if r.assignee else ""
        unit = f" · {unit_text}: {html.escape(d.responsible[2])}" if d.responsible else ""
        self.clock.setText(
            f"<span style='color:{color};font-size:18px'>●</span> {html.escape(left)}{who}{unit}"
        )
        self._fill_trail(d, zh)
        self._fill_fields(d)
        self._fill_media(d)
        self._set_buttons(d.allowed_steps, busy, getattr(d, "ahead", []))

    def _fill_media(self, d: CaseDetail) -> None:
        """'照片 · 上报 · 11-20 13:05 · 0000129-350.jpg': what, with which step (before or after the
        handling), when, which file; the whole address in the tooltip; a double click opens it."""
        kinds = {"photo": self.tr("photo"), "video": self.tr("video"), "audio": self.tr("audio")}
        self.media.clear()
        for m in d.media:
            parts = [kinds.get(m.kind, m.kind)]
            if m.step:
                parts.append(step_text(m.step, self.zh))
            if m.taken_at:
                parts.append(center_time(m.taken_at).strftime("%m-%d %H:%M"))
            parts.append(m.url.rsplit("/", 1)[-1])
            item = QListWidgetItem(" · ".join(parts))
            item.setData(Qt.ItemDataRole.UserRole, m.url)
            item.setToolTip(media_url(m.url, self.media_base) or m.url)
            self.media.addItem(item)

    def _open_media(self, item: QListWidgetItem) -> None:
        url = str(item.data(Qt.ItemDataRole.UserRole) or "")
        resolved = media_url(url, self.media_base)
        if resolved is None:
            self.show_message(
                self.tr(
                    "%1 is kept in the media store, whose address is not set (setting 'media', base_url)."
                ).replace("%1", url)
            )
            return
        if not QDesktopServices.openUrl(QUrl(resolved)):
            self.show_message(self.tr("Could not open %1").replace("%1", resolved))

    def _fill_trail(self, d: CaseDetail, zh: bool) -> None:
        self.trail.clear()
        note_color = QBrush(QColor("#333"))
        for t in d.trail:
            moved = status_text(t.to_status, zh) if t.from_status != t.to_status else ""
            step = step_text(t.step, zh) + (f" → {moved}" if moved else "")
            item = QTreeWidgetItem([center_time(t.at).strftime("%m-%d %H:%M"), step, t.actor or ""])
            self.trail.addTopLevelItem(item)
            text = "\n".join(x for x in (self._handed_to(t), _step_text(t)) if x)
            if text:
                for col in range(3):
                    item.setToolTip(col, text)
                line = QTreeWidgetItem(["    " + text])
                line.setForeground(0, note_color)
                line.setToolTip(0, text)
                item.addChild(line)
                line.setFirstColumnSpanned(True)
                item.setExpanded(True)
        header = self.trail.header()
        header.setStretchLastSection(True)
        self.trail.setColumnWidth(0, 82)
        self.trail.resizeColumnToContents(1)
        self.trail.setColumnWidth(1, min(max(self.trail.columnWidth(1), 100), 170))
        if d.trail:
            last = self.trail.topLevelItem(len(d.trail) - 1)
            self.trail.scrollToItem(last.child(0) if last.childCount() else last)

    def _handed_to(self, t: TrailItem) -> str:
        """'交由 城管网格 · 期限 11-16 17:01', '承办人 王云康', '延长 48 小时': what the step's data
        says beyond its text (the services keep codes and ids; the target's name comes with it)."""
        data = t.data if isinstance(t.data, dict) else {}
        parts = []
        if t.target and "responsible" in data:
            parts.append(self.tr("to %1").replace("%1", t.target))
        elif t.target and "assignee_id" in data:
            parts.append(self.tr("assignee %1").replace("%1", t.target))
        if isinstance(data.get("hours"), int | float):
            parts.append(self.tr("%1 more hours").replace("%1", f"{data['hours']:g}"))
        for key, label in (("until", self.tr("until %1")), ("deadline", self.tr("deadline %1"))):
            when = _parse_time(data.get(key))
            if when is not None:
                parts.append(label.replace("%1", center_time(when).strftime("%m-%d %H:%M")))
        return " · ".join(parts)

    def _fill_fields(self, d: CaseDetail) -> None:
        rows: list[tuple[str, str]] = []
        reply, verdict = latest_reply(d, self.zh)
        for name in FIELDS:
            if name not in d.fields:
                continue
            rows.append((self.field_label(name), self.field_value(name, d.fields[name])))
            if name == "description":  # the reply and its check, read in full when checking
                if reply is not None:
                    rows.append((self.tr("Reply text"), reply))
                if verdict is not None:
                    rows.append((self.tr("Check result"), verdict))
        self.fields.setRowCount(len(rows))
        for i, (label, text) in enumerate(rows):
            self.fields.setItem(i, 0, QTableWidgetItem(label))
            value_item = QTableWidgetItem(text)
            value_item.setToolTip(text)
            self.fields.setItem(i, 1, value_item)
        self.fields.resizeColumnToContents(0)

    def field_value(self, name: str, value: object) -> str:
        """A column's value in words: the source, yes/no, the priority; times on the center's clock."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, datetime):
            return center_time(value).strftime("%Y-%m-%d %H:%M")
        if name == "source":
            sources = {
                "citizen_app": self.tr("citizen app"),
                "patrol": self.tr("grid worker's patrol"),
                "hotline": self.tr("hotline"),
                "department": self.tr("department"),
                "sensor": self.tr("sensor"),
                "import": self.tr("imported"),
            }
            return sources.get(str(value), str(value))
        if name == "priority" and isinstance(value, int):
            # The categories' words (administration), with the queue's marks.
            words = {0: self.tr("normal"), 1: self.tr("urgent") + " !", 2: self.tr("very urgent") + " !!"}
            return words.get(value, str(value))
        return str(value)

    def _set_buttons(self, steps: list[str], busy: bool = False, ahead: list[Blocked] | None = None) -> None:
        layout = self.buttons.layout()
        for b in self._buttons:
            layout.removeWidget(b)
            b.deleteLater()
        self._buttons = []
        for i, step in enumerate(steps):
            b = QPushButton(step_text(step, self.zh))
            b.setObjectName(f"step_{step}")
            b.setEnabled(not busy)
            b.clicked.connect(lambda _c=False, s=step: self.stepRequested.emit(s))
            layout.addWidget(b, i // 4, i % 4)
            self._buttons.append(b)
        layout.removeWidget(self.ahead)
        text = self.ahead_text(ahead or [])
        self.ahead.setText(text)
        # The permission rules' own reasons are English: shown in the English interface only (the
        # line itself already says who may, in the interface's language).
        self.ahead.setToolTip("" if self.zh else "\n".join(b.reason for b in ahead or []))
        self.ahead.setVisible(bool(text))
        if text:
            layout.addWidget(self.ahead, (len(steps) + 3) // 4, 0, 1, 4)

    def ahead_text(self, ahead: list[Blocked]) -> str:
        """'签收、回复：由承办人 张三 或 部门联络员（城管网格）办理', a line per group of steps that
        the same people take."""
        groups: list[tuple[list[Step], tuple[Holder, ...]]] = []
        for b in ahead:
            if groups and groups[-1][1] == b.holders:
                groups[-1][0].append(b.step)
            else:
                groups.append(([b.step], b.holders))
        lines = []
        for group_steps, holders in groups:
            # Administrators may take every step: named only when nobody else may.
            named = [h for h in holders if h.role is not Role.ADMIN] or list(holders)
            who = [self._holder_text(h) for h in named]
            joined = who[-1] if len(who) == 1 else self._or(self._list(who[:-1]), who[-1])
            # Check: pass or fail, one decision (the buttons name both).
            what = self._list(
                [
                    self.tr("check the reply") if s is Step.CHECK_PASS else step_text(s, self.zh)
                    for s in group_steps
                ]
            )
            lines.append(self.tr("%1: taken by %2").replace("%1", what).replace("%2", joined))
        return "\n".join(lines)

    def _list(self, parts: list[str]) -> str:
        out = parts[0]
        for part in parts[1:]:
            out = self.tr("%1, %2").replace("%1", out).replace("%2", part)
        return out

    def _or(self, first: str, last: str) -> str:
        return self.tr("%1 or %2").replace("%1", first).replace("%2", last)

    def _unit_name(self, code: str | None) -> str:
        d = self.detail
        if d is not None and d.responsible is not None and d.responsible[1] == code:
            return d.responsible[2]
        if d is not None and code is not None and d.row.grid_code == code:
            return d.row.grid_name or code
        return code or ""

    def _holder_text(self, h: Holder) -> str:
        d = self.detail
        if h.of == "assignee":
            name = d.row.assignee if d is not None and d.row.assignee else ""
            return self.tr("the assignee %1").replace("%1", name).strip()
        if h.of == "reporter":
            return self.tr("the reporter")
        if h.role is Role.LIAISON:
            return self.tr("the liaison of %1").replace("%1", self._unit_name(h.code))
        if h.role is Role.GRID_WORKER:
            return self.tr("the grid worker of %1").replace("%1", self._unit_name(h.code))
        if h.role is Role.OPERATOR:
            if d is not None and d.responsible is not None and d.responsible[:2] == ("center", h.code):
                return self.tr("an operator of %1").replace("%1", d.responsible[2])
            return self.tr("an operator of the case's center")
        if h.role is Role.LEADER:
            return self.tr("a leader")
        if h.role is Role.ADMIN:
            return self.tr("an administrator")
        return str(h.role)

    def set_busy(self, busy: bool) -> None:
        for b in self._buttons:
            b.setEnabled(not busy)

    def button(self, step: str) -> QPushButton | None:
        return next((b for b in self._buttons if b.objectName() == f"step_{step}"), None)


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _step_text(t: object) -> str:
    """A trail row's free text: a reply's result (and its note), else the note or the reason the
    step's data keeps (void, send back, a failed check ...)."""
    data = getattr(t, "data", None) or {}
    data = data if isinstance(data, dict) else {}
    note = getattr(t, "note", None) or str(data.get("reason") or "")  # a reason: void, send back ...
    result = data.get("result")
    if result and note and note != result:
        return f"{result}\n{note}"
    return str(result or note or "")


def latest_reply(d: CaseDetail, zh: bool) -> tuple[str | None, str | None]:
    """The latest reply's text and, if checked since, the check's verdict ('核查不通过：仍不亮')."""
    reply_at = None
    for i, t in enumerate(d.trail):
        if t.step in (Step.REPLY, Step.SELF_HANDLE):
            reply_at = i
    if reply_at is None:
        return None, None
    reply = _step_text(d.trail[reply_at])
    verdict = None
    for t in d.trail[reply_at + 1 :]:
        if t.step in (Step.CHECK_PASS, Step.CHECK_FAIL):
            why = _step_text(t)
            verdict = step_text(t.step, zh) + (("：" if zh else ": ") + why if why else "")
    return reply, verdict
