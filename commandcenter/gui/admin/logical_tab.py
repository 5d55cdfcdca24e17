"""Logical grids (departments): their tree, name, parent, leader, and the physical grids they cover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter.gui.admin.common import AdminContext, MessageLine, chosen_code, run
from commandcenter.services import admin

ROLE = Qt.ItemDataRole.UserRole


class LogicalGridsTab(QWidget):
    def __init__(self, ctx: AdminContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current: admin.LogicalGridInfo | None = None
        self.logicals: list[admin.LogicalGridInfo] = []
        self.grid_items: dict[str, QTreeWidgetItem] = {}
        self.message = MessageLine()

        self.tree = QTreeWidget(objectName="logicalTree")
        self.tree.setHeaderLabels([self.tr("Logical grid"), self.tr("Leader"), self.tr("Members")])
        self.newButton = QPushButton(self.tr("New logical grid"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.tree, 1)
        lv.addWidget(self.newButton)

        self.code = QLineEdit(objectName="logicalCode")
        self.name = QLineEdit(objectName="logicalName")
        self.kind = QLineEdit(objectName="logicalKind", placeholderText="court_enforcement")
        self.parent = QComboBox(objectName="logicalParent")
        self.leader = QLineEdit(
            objectName="logicalLeader", placeholderText=self.tr("person code, e.g. GLG01L")
        )
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(60)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Parent"), self.parent)
        form.addRow(self.tr("Leader"), self.leader)
        form.addRow(self.tr("Description"), self.description)

        self.coversAll = QCheckBox(self.tr("Covers the whole district"), objectName="coversAll")
        self.gridSearch = QLineEdit(
            placeholderText=self.tr("Search grids: code or name"), objectName="gridSearch"
        )
        self.grids = QTreeWidget(objectName="coverageTree")
        self.grids.setHeaderLabels([self.tr("Physical grids covered")])
        self.saveButton = QPushButton(self.tr("Save logical grid"), objectName="saveLogical")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addLayout(form)
        rv.addWidget(self.coversAll)
        rv.addWidget(self.gridSearch)
        rv.addWidget(self.grids, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.saveButton)
        rv.addLayout(row)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)

        self.tree.itemSelectionChanged.connect(self._selected)
        self.newButton.clicked.connect(lambda: self._show(None))
        self.coversAll.toggled.connect(lambda on: self.grids.setEnabled(not on))
        self.gridSearch.textChanged.connect(self._filter_grids)
        self.saveButton.clicked.connect(self.save)
        self._show(None)

    # ------------------------------------------------------------------------------- loading

    def set_grids(self, grids: list[admin.GridNode]) -> None:
        """The physical-grid tree with a check box on each node."""
        self.grids.clear()
        self.grid_items.clear()
        by_id: dict[int, QTreeWidgetItem] = {}
        for g in grids:  # ordered by code: parents first
            parent = by_id.get(g.parent_id) if g.parent_id else None
            item = QTreeWidgetItem([f"{g.code} {g.name}"])
            item.setData(0, ROLE, g.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            (parent.addChild(item) if parent else self.grids.addTopLevelItem(item))
            by_id[g.id] = item
            self.grid_items[g.code] = item
        for i in range(self.grids.topLevelItemCount()):
            self.grids.topLevelItem(i).setExpanded(True)
        self._mark_covered()

    def reload(self) -> None:
        run(self.ctx, self, self.message, admin.list_logical_grids, done=self._listed, key="admin-logical")

    def _listed(self, logicals: list[admin.LogicalGridInfo]) -> None:
        self.logicals = logicals
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for lg in logicals:
            item = QTreeWidgetItem([f"{lg.code} {lg.name}", lg.leader_name or "", str(lg.members)])
            item.setData(0, ROLE, lg.id)
            parent = items.get(lg.parent_code or "")
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[lg.code] = item
            if self.current is not None and lg.id == self.current.id:
                self.current = lg
                item.setSelected(True)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.blockSignals(False)
        self.parent.clear()
        self.parent.addItem(self.tr("(none: a department of its own)"), "")
        for lg in logicals:
            self.parent.addItem(f"{lg.code} {lg.name}", lg.code)
        self._show(self.current)

    def _selected(self) -> None:
        chosen = self.tree.selectedItems()
        if chosen:
            lid = chosen[0].data(0, ROLE)
            self._show(next((lg for lg in self.logicals if lg.id == lid), None))

    def _show(self, lg: admin.LogicalGridInfo | None) -> None:
        self.current = lg
        self.code.setText(lg.code if lg else "")
        self.name.setText(lg.name if lg else "")
        self.kind.setText(lg.kind if lg else "")
        self.parent.setCurrentIndex(max(0, self.parent.findData(lg.parent_code or "")) if lg else 0)
        self.description.setPlainText(lg.description or "" if lg else "")
        self.leader.setText(lg.leader_code or "" if lg else "")
        self.coversAll.setChecked(lg.covers_all if lg else True)
        self._mark_covered()

    def _mark_covered(self) -> None:
        covered = set(self.current.covered) if self.current else set()
        for code, item in self.grid_items.items():
            item.setCheckState(0, Qt.CheckState.Checked if code in covered else Qt.CheckState.Unchecked)

    def _filter_grids(self, text: str) -> None:
        """Show the grids whose code or name contains the text, with their ancestors."""
        needle = text.strip().lower()

        def visit(item: QTreeWidgetItem) -> bool:
            shown = not needle or needle in item.text(0).lower()
            child_shown = False
            for i in range(item.childCount()):
                child_shown = visit(item.child(i)) or child_shown
            item.setHidden(not (shown or child_shown))
            if needle and child_shown:
                item.setExpanded(True)
            return shown or child_shown

        for i in range(self.grids.topLevelItemCount()):
            visit(self.grids.topLevelItem(i))

    def checked_codes(self) -> list[str]:
        return [code for code, item in self.grid_items.items() if item.checkState(0) == Qt.CheckState.Checked]

    def check_grid(self, code: str, on: bool = True) -> None:
        item = self.grid_items.get(code)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------------------- saving

    def save(self) -> None:
        def done(saved: admin.LogicalGridInfo) -> None:
            self.current = saved
            self.message.ok(self.tr("Logical grid %1 saved.").replace("%1", saved.code))
            self.reload()

        run(
            self.ctx,
            self,
            self.message,
            _save,
            self.current.id if self.current else None,
            {
                "code": self.code.text(),
                "name": self.name.text(),
                "kind": self.kind.text(),
                "parent_code": chosen_code(self.parent) or None,
                "leader_code": self.leader.text(),
                "description": self.description.toPlainText(),
                "covers_all": self.coversAll.isChecked(),
                "grid_codes": self.checked_codes(),
                "expected_version": self.current.version if self.current else None,
            },
            done=done,
        )


def _save(session: object, actor: int, logical_id: int | None, values: dict) -> admin.LogicalGridInfo:
    return admin.save_logical_grid(session, actor, logical_id, **values)  # type: ignore[arg-type]
