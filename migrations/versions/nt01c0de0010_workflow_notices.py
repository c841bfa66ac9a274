"""notices of every workflow step, the email preference, and the claims of scheduled emails

Revision ID: nt01c0de0010
Revises: sp01c0de0010
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "nt01c0de0010"
down_revision = "sp01c0de0010"
branch_labels = None
depends_on = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["user_account.id"], name=op.f(f"fk_{table}_user_id_user_account")
    )


def upgrade():
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(trim(kind)) > 0", name=op.f("ck_notice_kind_given")),
        sa.CheckConstraint("path LIKE '/%'", name=op.f("ck_notice_path_is_local")),
        _user_fk("notice"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
    )
    op.create_index("ix_notice_user_created", "notice", ["user_id", "created_at"])
    op.create_table(
        "notice_setting",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email_mode", sa.String(length=10), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "email_mode IN ('each', 'daily', 'weekly', 'none')",
            name=op.f("ck_notice_setting_email_mode_known"),
        ),
        _user_fk("notice_setting"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notice_setting")),
    )
    op.create_table(
        "notice_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("notice_claim"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_claim")),
        sa.UniqueConstraint(
            "user_id", "kind", "item_key", "period", name=op.f("uq_notice_claim_once")
        ),
    )


def downgrade():
    op.drop_table("notice_claim")
    op.drop_table("notice_setting")
    op.drop_index("ix_notice_user_created", table_name="notice")
    op.drop_table("notice")
