"""The owner agency's draft of a use case's next inventory entry version

Revision ID: ie27d0000001
Revises: ie27a0000001
Create Date: 2026-12-07 10:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "ie27d0000001"
down_revision = "ie27a0000001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inventory_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("use_case_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("based_on_version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("drafted_by_id", sa.Integer(), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("based_on_version >= 0", name="based_on_version_known"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.ForeignKeyConstraint(
            ["use_case_id"], ["ai_use_case.id"], name="fk_inventory_draft_use_case_id_ai_use_case"
        ),
        sa.ForeignKeyConstraint(
            ["drafted_by_id"],
            ["user_account.id"],
            name="fk_inventory_draft_drafted_by_id_user_account",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_draft"),
        sa.UniqueConstraint("use_case_id", name="uq_inventory_draft_use_case_id"),
    )


def downgrade() -> None:
    op.drop_table("inventory_draft")
