"""liaison tasks

Revision ID: 0008
Revises: 0007

PLACEHOLDER (owned by the liaison workspace work): reply templates and task tracking.
"""

from alembic import op  # noqa: F401

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
