"""Administration: people, their memberships and roles, categories and time limits, logical grids.

Every function takes the Session and the acting person (id or code), checks that the person is an
active administrator (`require_admin`), and runs as one transaction (`engine.unit_of_work`: its own,
or the caller's explicit one). Bad input raises `AdminInputError` naming the field and what is wrong
before anything is written; a missing row raises `NotFound`; a non-administrator `PermissionDenied`.
Results are plain frozen dataclasses, safe to hand to another thread. Every change lands on the
administration trail (`admin_audit`, migration 0009); see `acting`.

- `acting`: who acts (administrators only), the transaction, telling the audit triggers who it is.
- `common`: `AdminInputError`, `KEEP` and the field checks and lookups the others share.
- `people`, `memberships`, `roles`, `logins`: people, the grids and departments they belong to,
  their role grants, their PostgreSQL logins.
- `categories`: categories and their time limits; `logical_grids` and `coverage`: departments and
  the physical grids they cover; `saves`: the editors' create-or-change in one transaction.
- `audit`: reading the administration trail.

Import the names from here (`from commandcenter.services import admin; admin.grant_role(...)`).
"""

from __future__ import annotations

from commandcenter.domain.permissions import PermissionDenied
from commandcenter.services.admin.acting import is_admin, may_administer, require_admin
from commandcenter.services.admin.audit import AUDITED_TABLES, AuditEntry, list_audit
from commandcenter.services.admin.categories import (
    LIMIT_UNITS,
    MAX_LIMIT,
    CategoryInfo,
    create_category,
    list_categories,
    set_category_limits,
    update_category,
)
from commandcenter.services.admin.common import KEEP, AdminInputError
from commandcenter.services.admin.coverage import set_coverage
from commandcenter.services.admin.logical_grids import (
    GridNode,
    LogicalGridInfo,
    create_logical_grid,
    list_grids,
    list_logical_grids,
    update_logical_grid,
)
from commandcenter.services.admin.logins import (
    MIN_PASSWORD,
    create_login,
    set_login_enabled,
    set_login_password,
)
from commandcenter.services.admin.memberships import (
    GRID_MEMBER_ROLES,
    LOGICAL_MEMBER_ROLES,
    MembershipInfo,
    add_grid_membership,
    add_logical_membership,
    remove_membership,
)
from commandcenter.services.admin.people import (
    PersonDetail,
    PersonInfo,
    create_person,
    deactivate_person,
    get_person,
    list_people,
    set_person_active,
    update_person,
)
from commandcenter.services.admin.roles import GrantInfo, grant_role, revoke_role
from commandcenter.services.admin.saves import save_category, save_logical_grid
from commandcenter.services.errors import NotFound

__all__ = [
    "AUDITED_TABLES",
    "GRID_MEMBER_ROLES",
    "KEEP",
    "LIMIT_UNITS",
    "LOGICAL_MEMBER_ROLES",
    "MAX_LIMIT",
    "MIN_PASSWORD",
    "AdminInputError",
    "AuditEntry",
    "CategoryInfo",
    "GrantInfo",
    "GridNode",
    "LogicalGridInfo",
    "MembershipInfo",
    "NotFound",
    "PermissionDenied",
    "PersonDetail",
    "PersonInfo",
    "add_grid_membership",
    "add_logical_membership",
    "create_category",
    "create_logical_grid",
    "create_login",
    "create_person",
    "deactivate_person",
    "get_person",
    "grant_role",
    "is_admin",
    "list_audit",
    "list_categories",
    "list_grids",
    "list_logical_grids",
    "list_people",
    "may_administer",
    "remove_membership",
    "require_admin",
    "revoke_role",
    "save_category",
    "save_logical_grid",
    "set_category_limits",
    "set_coverage",
    "set_login_enabled",
    "set_login_password",
    "set_person_active",
    "update_category",
    "update_logical_grid",
    "update_person",
]
