"""Role codes (commandcenter.domain.status.Role) in the interface language: one set of words for the
acting-person list, the sign-in dialog and the session's status text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def role_name(role: str) -> str:
    names = {
        "operator": QCoreApplication.translate("Roles", "center operator"),
        "liaison": QCoreApplication.translate("Roles", "department liaison"),
        "leader": QCoreApplication.translate("Roles", "district leader"),
        "admin": QCoreApplication.translate("Roles", "administrator"),
        "grid_worker": QCoreApplication.translate("Roles", "field grid worker"),
        "citizen": QCoreApplication.translate("Roles", "citizen"),
    }
    return names.get(role, role)


def role_names(roles: str) -> str:
    """'liaison, admin' -> '部门联络员, 管理员' (in the interface language)."""
    return ", ".join(role_name(r.strip()) for r in roles.split(",") if r.strip())
