"""standard category catalogue and the working calendar of 2026

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from commandcenter.db.catalogue import STANDARD_CATEGORIES_V1
from commandcenter.domain.cn_holidays import EXTRA_WORKDAYS_2026, HOLIDAYS_2026

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

categories = sa.table(
    "categories",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("name_en", sa.String),
    sa.column("duty", sa.String),
    sa.column("event_class", sa.String),
    sa.column("department_kind", sa.String),
    sa.column("default_priority", sa.Integer),
)
limits = sa.table(
    "category_limits",
    sa.column("category_id", sa.Integer),
    sa.column("step", sa.String),
    sa.column("amount", sa.Float),
    sa.column("unit", sa.String),
)
calendar_days = sa.table(
    "calendar_days",
    sa.column("day", sa.Date),
    sa.column("is_workday", sa.Boolean),
    sa.column("name", sa.String),
)


def _limit(text: str) -> tuple[float, str]:
    if text.endswith("wd"):
        return float(text[:-2]), "workdays"
    return float(text.removesuffix("h")), "hours"


def upgrade() -> None:
    rows, limit_rows = [], []
    for i, c in enumerate(STANDARD_CATEGORIES_V1, start=1):
        rows.append(
            {
                "id": i,
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "duty": c.duty,
                "event_class": c.event_class,
                "department_kind": c.department_kind,
                "default_priority": c.priority,
            }
        )
        for step in ("verify", "dispatch", "handle", "check"):
            amount, unit = _limit(getattr(c, step))
            limit_rows.append({"category_id": i, "step": step, "amount": amount, "unit": unit})
    op.bulk_insert(categories, rows)
    op.bulk_insert(limits, limit_rows)
    op.bulk_insert(
        calendar_days,
        [{"day": d, "is_workday": False, "name": "法定节假日"} for d in sorted(HOLIDAYS_2026)]
        + [{"day": d, "is_workday": True, "name": "调休上班"} for d in sorted(EXTRA_WORKDAYS_2026)],
    )
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids above: move the identity on so later inserts do not collide.
        op.execute("SELECT setval(pg_get_serial_sequence('categories', 'id'), (SELECT max(id) FROM categories))")


def downgrade() -> None:
    op.execute("DELETE FROM category_limits")
    op.execute("DELETE FROM categories")
    op.execute("DELETE FROM calendar_days")
