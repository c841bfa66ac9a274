"""version columns on data requests and outcome analyses (stale forms are refused)

Revision ID: b2c0ffee0002
Revises: 3b39a4027dda
Create Date: 2026-11-28 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0ffee0002"
down_revision = "3b39a4027dda"
branch_labels = None
depends_on = None

TABLES = ("data_request", "outcome_analysis")


def upgrade():
    # A plain ADD COLUMN (not a batch copy), so the triggers on outcome_analysis stay in place.
    for table in TABLES:
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade():
    for table in TABLES:
        op.drop_column(table, "version")
