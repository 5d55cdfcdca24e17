"""The administration trail (admin_audit): who changed what and when, filterable, newest first."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter.domain.calendar import DEFAULT_TZ
from commandcenter.gui.admin.common import AdminContext, MessageLine, fill_table, row_data, run
from commandcenter.services import admin


class AuditTab(QWidget):
    def __init__(self, ctx: AdminContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.entries: dict[int, admin.AuditEntry] = {}
        self.message = MessageLine()
        self.table_filter = QComboBox(objectName="auditTable")
        self.table_filter.addItem(self.tr("All tables"), "")
        for name in admin.AUDITED_TABLES:
            self.table_filter.addItem(name, name)
        self.action_filter = QComboBox(objectName="auditAction")
        for label, value in (
            (self.tr("All changes"), ""),
            (self.tr("insert"), "insert"),
            (self.tr("update"), "update"),
            (self.tr("delete"), "delete"),
        ):
            self.action_filter.addItem(label, value)
        self.search = QLineEdit(placeholderText=self.tr("Row key, person or login"), objectName="auditSearch")
        self.refresh = QPushButton(self.tr("Refresh"))
        bar = QHBoxLayout()
        for w in (self.table_filter, self.action_filter, self.search, self.refresh):
            bar.addWidget(w, 1 if w is self.search else 0)
        self.table = QTableWidget(0, 7, objectName="auditRows")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("By"),
                self.tr("Login"),
                self.tr("Table"),
                self.tr("Row"),
                self.tr("Change"),
                self.tr("Fields"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.detail = QPlainTextEdit(readOnly=True, objectName="auditDetail")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)
        for combo in (self.table_filter, self.action_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.search.returnPressed.connect(self.reload)
        self.refresh.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selected)

    def reload(self) -> None:
        run(
            self.ctx,
            self,
            self.message,
            _list,
            self.table_filter.currentData() or None,
            self.action_filter.currentData() or None,
            self.search.text(),
            done=self._listed,
            key="admin-audit",
        )

    def _listed(self, entries: list[admin.AuditEntry]) -> None:
        self.entries = {e.id: e for e in entries}
        actions = {"insert": self.tr("insert"), "update": self.tr("update"), "delete": self.tr("delete")}
        fill_table(
            self.table,
            [
                [
                    e.at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name or (self.tr("(system)") if e.actor_id is None else f"#{e.actor_id}"),
                    e.login,
                    e.table_name,
                    e.row_key,
                    actions.get(e.action, e.action),
                    ", ".join(e.changed),
                ]
                for e in entries
            ],
            [e.id for e in entries],
        )
        self.message.ok(self.tr("%1 changes shown (newest first).").replace("%1", str(len(entries))))

    def _selected(self) -> None:
        e = self.entries.get(row_data(self.table))
        if e is None:
            return
        lines = []
        for key in e.changed:
            before = (e.before or {}).get(key)
            after = (e.after or {}).get(key)
            lines.append(
                f"{key}: {json.dumps(before, ensure_ascii=False)} → {json.dumps(after, ensure_ascii=False)}"
            )
        self.detail.setPlainText("\n".join(lines))


def _list(
    session: object, actor: int, table: str | None, action: str | None, search: str
) -> list[admin.AuditEntry]:
    return admin.list_audit(session, actor, table=table, action=action, search=search)  # type: ignore[arg-type]
