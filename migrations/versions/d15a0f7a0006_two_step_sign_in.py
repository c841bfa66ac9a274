"""two-step sign-in: each account's encrypted one-time code key, when it was switched on, the
last time step accepted, and the hashed one-time recovery codes

Revision ID: d15a0f7a0006
Revises: c12b0a4d0003
Create Date: 2026-11-28 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d15a0f7a0006"
down_revision = "c12b0a4d0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (not a batch copy), so nothing else on the table is rebuilt.
    op.add_column("user_account", sa.Column("mfa_secret", sa.String(length=400), nullable=True))
    op.add_column(
        "user_account", sa.Column("mfa_enabled_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("user_account", sa.Column("mfa_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "mfa_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_mfa_recovery_code_user_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mfa_recovery_code"),
    )
    op.create_index("ix_mfa_recovery_code_user_id", "mfa_recovery_code", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_mfa_recovery_code_user_id", table_name="mfa_recovery_code")
    op.drop_table("mfa_recovery_code")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("mfa_last_step")
        batch_op.drop_column("mfa_enabled_at")
        batch_op.drop_column("mfa_secret")
