"""the language each user reads the site in (None: the browser's language)

Revision ID: 1a18c0ffee08
Revises: d4c0ffee0004
Create Date: 2026-11-28 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "1a18c0ffee08"
down_revision = 'd4c0ffee0004'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (not a batch copy), so nothing else on the table is rebuilt.
    op.add_column("user_account", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("language")
