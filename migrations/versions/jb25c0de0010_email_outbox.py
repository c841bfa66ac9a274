"""the email outbox: every email written in the transaction of the change that causes it,
then sent by a job

Revision ID: jb25c0de0010
Revises: ap27a0000001
Create Date: 2026-12-07 09:40:00

"""

import sqlalchemy as sa
from alembic import op


revision = "jb25c0de0010"
down_revision = "ap27a0000001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("abandoned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "length(trim(recipients)) > 0", name=op.f("ck_email_outbox_recipients_given")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_email_outbox_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    op.create_index("ix_email_outbox_unsent", "email_outbox", ["sent_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_email_outbox_unsent", table_name="email_outbox")
    op.drop_table("email_outbox")
