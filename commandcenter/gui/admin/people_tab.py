"""People: search, edit, memberships in physical and logical grids, roles, and (PostgreSQL) logins."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter.gui.admin.common import (
    AdminContext,
    MessageLine,
    chosen_code,
    fill_table,
    row_data,
    run,
    searchable,
)
from commandcenter.gui.roles import role_name
from commandcenter.services import admin


class PeopleTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AdminContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person: admin.PersonDetail | None = None
        self.grids: list[admin.GridNode] = []
        self.logicals: list[admin.LogicalGridInfo] = []
        self.message = MessageLine()

        # left: the list
        self.search = QLineEdit(placeholderText=self.tr("Search: code, name, phone, login"))
        self.search.setObjectName("peopleSearch")
        self.inactive = QCheckBox(self.tr("Inactive too"), checked=True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("peopleTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Full name"),
                self.tr("Phone"),
                self.tr("Login"),
                self.tr("Roles"),
                self.tr("Active"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.newButton = QPushButton(self.tr("New person"))
        self.newButton.setObjectName("newPerson")
        left = QWidget()
        lv = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.inactive)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.newButton)

        # right: the person
        self.code = QLineEdit(objectName="personCode")
        self.name = QLineEdit(objectName="personName")
        self.phone = QLineEdit(objectName="personPhone")
        self.active = QCheckBox(self.tr("Active"), checked=True)
        self.saveButton = QPushButton(self.tr("Save person"), objectName="savePerson")
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Full name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow("", self.active)
        form.addRow("", self.saveButton)
        personBox = QGroupBox(self.tr("Person"))
        personBox.setLayout(form)

        self.memberships = QTableWidget(0, 4, objectName="membershipTable")
        self.memberships.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Unit code"), self.tr("Grid or department"), self.tr("Role")]
        )
        self.memberships.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.memberKind = QComboBox(objectName="memberKind")
        self.memberKind.addItem(self.tr("Physical grid"), "grid")
        self.memberKind.addItem(self.tr("Logical grid"), "logical")
        self.memberUnit = searchable(QComboBox(objectName="memberUnit"))
        self.memberRole = QComboBox(objectName="memberRole")
        self.addMember = QPushButton(self.tr("Add"), objectName="addMembership")
        self.removeMember = QPushButton(self.tr("Remove selected"))
        mrow = QHBoxLayout()
        for w in (self.memberKind, self.memberUnit, self.memberRole, self.addMember):
            mrow.addWidget(w, 2 if w is self.memberUnit else 0)
        mbox = QGroupBox(self.tr("Memberships (one person in several grids, several people in one grid)"))
        mv = QVBoxLayout(mbox)
        mv.addWidget(self.memberships)
        mv.addLayout(mrow)
        mv.addWidget(self.removeMember, 0, Qt.AlignmentFlag.AlignRight)

        self.grants = QTableWidget(0, 2, objectName="grantTable")
        self.grants.setHorizontalHeaderLabels([self.tr("Role"), self.tr("Scope")])
        self.grants.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grantRole = QComboBox(objectName="grantRole")
        for role, label in self.role_labels().items():
            if role != "citizen":
                self.grantRole.addItem(label, role)
        self.grantScope = searchable(QComboBox(objectName="grantScope"))
        self.addGrant = QPushButton(self.tr("Grant"), objectName="addGrant")
        self.revokeGrant = QPushButton(self.tr("Revoke selected"))
        grow = QHBoxLayout()
        for w in (self.grantRole, self.grantScope, self.addGrant):
            grow.addWidget(w, 2 if w is self.grantScope else 0)
        gbox = QGroupBox(self.tr("Roles"))
        gv = QVBoxLayout(gbox)
        gv.addWidget(self.grants)
        gv.addLayout(grow)
        gv.addWidget(self.revokeGrant, 0, Qt.AlignmentFlag.AlignRight)

        self.loginState = QLabel(objectName="loginState")
        self.login = QLineEdit(objectName="loginName")
        self.password = QLineEdit(objectName="password1")
        self.password2 = QLineEdit(objectName="password2")
        for p in (self.password, self.password2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        self.createLogin = QPushButton(self.tr("Create login"), objectName="createLogin")
        self.setPassword = QPushButton(self.tr("Set password"), objectName="setPassword")
        self.enableLogin = QPushButton(self.tr("Enable login"), objectName="enableLogin")
        self.disableLogin = QPushButton(self.tr("Disable login"), objectName="disableLogin")
        lform = QFormLayout()
        lform.addRow(self.tr("State"), self.loginState)
        lform.addRow(self.tr("Login name"), self.login)
        lform.addRow(self.tr("Password"), self.password)
        lform.addRow(self.tr("Password again"), self.password2)
        lbuttons = QHBoxLayout()
        for b in (self.createLogin, self.setPassword, self.enableLogin, self.disableLogin):
            lbuttons.addWidget(b)
        lform.addRow(lbuttons)
        self.loginBox = QGroupBox(self.tr("Database login"))
        self.loginBox.setLayout(lform)
        if not ctx.postgres:
            self.loginBox.setEnabled(False)
            self.loginBox.setToolTip(
                self.tr(
                    "Logins exist only on PostgreSQL: the embedded SQLite database is a single-user demo."
                )
            )

        right = QWidget()
        rv = QVBoxLayout(right)
        for w in (personBox, mbox, gbox, self.loginBox):
            rv.addWidget(w)
        self.detail = right
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)

        self.search.textChanged.connect(self.reload)
        self.inactive.toggled.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selected)
        self.newButton.clicked.connect(self.new_person)
        self.saveButton.clicked.connect(self.save_person)
        self.memberKind.currentIndexChanged.connect(self._member_choices)
        self.addMember.clicked.connect(self.add_membership)
        self.removeMember.clicked.connect(self.remove_membership)
        self.grantRole.currentIndexChanged.connect(self._scope_choices)
        self.addGrant.clicked.connect(self.grant)
        self.revokeGrant.clicked.connect(self.revoke)
        self.createLogin.clicked.connect(self.create_login)
        self.setPassword.clicked.connect(self.set_password)
        self.enableLogin.clicked.connect(lambda: self.set_enabled(True))
        self.disableLogin.clicked.connect(lambda: self.set_enabled(False))
        self._member_choices()
        self._scope_choices()
        self._show(None)

    # ------------------------------------------------------------------------------- labels

    def role_labels(self) -> dict[str, str]:
        """The system roles, in the words the rest of the window uses (gui/roles.py)."""
        return {
            code: role_name(code)
            for code in ("operator", "liaison", "leader", "admin", "grid_worker", "citizen")
        }

    def member_role_labels(self, kind: str) -> dict[str, str]:
        if kind == "grid":
            return {
                "grid_worker": self.tr("Grid worker"),
                "grid_leader": self.tr("Grid leader"),
                "logical_member": self.tr("Department member working here"),
            }
        return {"liaison": self.tr("Liaison"), "leader": self.tr("Leader"), "member": self.tr("Member")}

    # ------------------------------------------------------------------------------- loading

    def set_units(self, grids: list[admin.GridNode], logicals: list[admin.LogicalGridInfo]) -> None:
        self.grids, self.logicals = grids, logicals
        self._member_choices()
        self._scope_choices()

    def reload(self) -> None:
        run(
            self.ctx,
            self,
            self.message,
            admin.list_people,
            self.search.text(),
            self.inactive.isChecked(),
            done=self._listed,
            key="admin-people",
        )

    def _listed(self, people: list[admin.PersonInfo]) -> None:
        labels = self.role_labels()
        rows = [
            [
                p.code,
                p.name,
                p.phone,
                p.login,
                "、".join(labels.get(r, r) for r in p.roles),
                self.tr("yes") if p.active else self.tr("no"),
            ]
            for p in people
        ]
        keep = self.person.person.id if self.person else None
        self.table.blockSignals(True)
        fill_table(self.table, rows, [p.id for p in people])
        for r, p in enumerate(people):
            if p.id == keep:
                self.table.selectRow(r)
        self.table.blockSignals(False)

    def _selected(self) -> None:
        pid = row_data(self.table)
        if pid is not None:
            self.load_person(int(pid))

    def load_person(self, person_id: int) -> None:
        run(self.ctx, self, self.message, admin.get_person, person_id, done=self._show, key="admin-person")

    def _show(self, detail: admin.PersonDetail | None) -> None:
        self.person = detail
        p = detail.person if detail else None
        self.code.setText(p.code if p else "")
        self.name.setText(p.name if p else "")
        self.phone.setText(p.phone or "" if p else "")
        self.active.setChecked(p.active if p else True)
        for box in (self.memberships, self.grants):
            box.setRowCount(0)
        has = detail is not None
        for w in (self.addMember, self.removeMember, self.addGrant, self.revokeGrant):
            w.setEnabled(has)
        self.loginBox.setEnabled(self.ctx.postgres and has)
        if detail is None:
            self.loginState.setText("")
            return
        kinds = {"grid": self.tr("Physical grid"), "logical": self.tr("Logical grid")}
        fill_table(
            self.memberships,
            [
                [kinds[m.kind], m.unit_code, m.unit_name, self.member_role_labels(m.kind).get(m.role, m.role)]
                for m in detail.memberships
            ],
            [(m.kind, m.id) for m in detail.memberships],
        )
        labels = self.role_labels()
        fill_table(
            self.grants,
            [
                [
                    labels.get(g.role, g.role),
                    f"{g.scope_code} {g.scope_name}" if g.scope_code else self.tr("whole district"),
                ]
                for g in detail.grants
            ],
            [g.id for g in detail.grants],
        )
        if not self.ctx.postgres:
            self.loginState.setText(self.tr("no logins on the SQLite demo"))
        elif p is not None and p.login:
            state = self.tr("enabled") if detail.login_enabled else self.tr("disabled")
            if detail.login_enabled is None:
                state = self.tr("no such role on the server")
            self.loginState.setText(f"{p.login} · {state}")
            self.login.setText(p.login)
        else:
            self.loginState.setText(self.tr("no login yet"))
            self.login.setText("")
        has_login = bool(p and p.login)
        self.createLogin.setEnabled(not has_login)
        self.login.setReadOnly(has_login)
        self.setPassword.setEnabled(has_login)
        self.enableLogin.setEnabled(has_login and detail.login_enabled is False)
        self.disableLogin.setEnabled(has_login and bool(detail.login_enabled))

    def _member_choices(self) -> None:
        kind = self.memberKind.currentData() or "grid"
        self.memberUnit.clear()
        if kind == "grid":
            for g in self.grids:
                self.memberUnit.addItem(f"{g.code} {g.name}", g.code)
        else:
            for lg in self.logicals:
                self.memberUnit.addItem(f"{lg.code} {lg.name}", lg.code)
        self.memberUnit.setCurrentIndex(-1)
        self.memberRole.clear()
        for role, label in self.member_role_labels(kind).items():
            self.memberRole.addItem(label, role)

    def _scope_choices(self) -> None:
        role = self.grantRole.currentData()
        self.grantScope.clear()
        if role == "liaison":
            for lg in self.logicals:
                self.grantScope.addItem(f"{lg.code} {lg.name}", lg.code)
        elif role == "operator":
            for g in self.grids:
                if g.level in ("district", "township", "community"):
                    self.grantScope.addItem(f"{g.code} {g.name}", g.code)
        elif role == "grid_worker":
            for g in self.grids:
                if g.level in ("grid", "micro"):
                    self.grantScope.addItem(f"{g.code} {g.name}", g.code)
        self.grantScope.setEnabled(role in ("liaison", "operator", "grid_worker"))
        self.grantScope.setCurrentIndex(-1)

    # ------------------------------------------------------------------------------- actions

    def _saved(self, text: str, person_id: int | None = None) -> Any:
        def done(_result: Any) -> None:
            self.message.ok(text)
            self.reload()
            pid = person_id or (self.person.person.id if self.person else None)
            if pid is not None:
                self.load_person(pid)
            self.changed.emit()

        return done

    def new_person(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.code.setFocus()

    def save_person(self) -> None:
        if self.person is None:
            run(
                self.ctx,
                self,
                self.message,
                _create_person,
                self.code.text(),
                self.name.text(),
                self.phone.text(),
                done=lambda made: self._saved(
                    self.tr("Person %1 created.").replace("%1", made.code), made.id
                )(made),
            )
            return
        run(
            self.ctx,
            self,
            self.message,
            _update_person,
            self.person.person.id,
            self.code.text(),
            self.name.text(),
            self.phone.text(),
            self.active.isChecked(),
            done=self._saved(self.tr("Saved.")),
        )

    def add_membership(self) -> None:
        if self.person is None:
            return
        kind = self.memberKind.currentData()
        fn = admin.add_grid_membership if kind == "grid" else admin.add_logical_membership
        run(
            self.ctx,
            self,
            self.message,
            fn,
            self.person.person.id,
            chosen_code(self.memberUnit),
            self.memberRole.currentData(),
            done=self._saved(self.tr("Membership added.")),
        )

    def remove_membership(self) -> None:
        chosen = row_data(self.memberships)
        if chosen is None:
            self.message.error(self.tr("Select a membership first."))
            return
        kind, mid = chosen
        run(
            self.ctx,
            self,
            self.message,
            admin.remove_membership,
            kind,
            mid,
            done=self._saved(self.tr("Removed.")),
        )

    def grant(self) -> None:
        if self.person is None:
            return
        role = self.grantRole.currentData()
        code = chosen_code(self.grantScope) if self.grantScope.isEnabled() else ""
        run(
            self.ctx,
            self,
            self.message,
            _grant,
            self.person.person.id,
            role,
            code,
            done=self._saved(self.tr("Role granted.")),
        )

    def revoke(self) -> None:
        gid = row_data(self.grants)
        if gid is None:
            self.message.error(self.tr("Select a role first."))
            return
        run(
            self.ctx,
            self,
            self.message,
            admin.revoke_role,
            int(gid),
            done=self._saved(self.tr("Role revoked.")),
        )

    def _passwords(self) -> str | None:
        if self.password.text() != self.password2.text():
            self.message.error(self.tr("password: the two passwords differ; type the same password twice"))
            return None
        return self.password.text()

    def _clear_passwords(self) -> None:
        self.password.clear()
        self.password2.clear()

    def create_login(self) -> None:
        password = self._passwords()
        if self.person is None or password is None:
            return
        run(
            self.ctx,
            self,
            self.message,
            admin.create_login,
            self.person.person.id,
            self.login.text(),
            password,
            done=self._saved(self.tr("Login created; the person can sign in now.")),
        )
        self._clear_passwords()

    def set_password(self) -> None:
        password = self._passwords()
        if self.person is None or password is None:
            return
        run(
            self.ctx,
            self,
            self.message,
            admin.set_login_password,
            self.person.person.id,
            password,
            done=self._saved(self.tr("Password changed.")),
        )
        self._clear_passwords()

    def set_enabled(self, enabled: bool) -> None:
        if self.person is None:
            return
        text = (
            self.tr("Login enabled.") if enabled else self.tr("Login disabled; its open sessions were ended.")
        )
        run(
            self.ctx,
            self,
            self.message,
            admin.set_login_enabled,
            self.person.person.id,
            enabled,
            done=self._saved(text),
        )


# Worker-thread helpers: the form's plain values -> the service's arguments.


def _create_person(session: Any, actor: int, code: str, name: str, phone: str) -> admin.PersonInfo:
    return admin.create_person(session, actor, code=code, name=name, phone=phone)


def _update_person(
    session: Any, actor: int, person_id: int, code: str, name: str, phone: str, active: bool
) -> admin.PersonInfo:
    from commandcenter.services.engine import unit_of_work

    with unit_of_work(session):  # the fields and the active flag: one change
        current = admin.get_person(session, actor, person_id).person
        info = admin.update_person(session, actor, person_id, code=code, name=name, phone=phone)
        if current.active != active:
            info = admin.set_person_active(session, actor, person_id, active)
        return info


def _grant(session: Any, actor: int, person_id: int, role: str, code: str) -> admin.GrantInfo:
    if role == "liaison":
        return admin.grant_role(session, actor, person_id, role, logical_code=code or None)
    if role in ("operator", "grid_worker"):
        return admin.grant_role(session, actor, person_id, role, grid_code=code or None)
    return admin.grant_role(session, actor, person_id, role)
