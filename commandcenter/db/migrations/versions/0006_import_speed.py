"""import speed

Revision ID: 0006
Revises: 0005

PLACEHOLDER (owned by the import-speed work): bulk-load speed changes.
"""

from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
