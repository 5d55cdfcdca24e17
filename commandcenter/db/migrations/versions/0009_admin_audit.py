"""admin audit

Revision ID: 0009
Revises: 0008

PLACEHOLDER (owned by the administration work): the trail of administrative changes.
"""

from alembic import op  # noqa: F401

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
