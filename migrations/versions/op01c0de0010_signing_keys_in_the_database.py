"""signing keys in the database: the app's own signing authority and each signer's encrypted
key and certificate, one row per name (so two hosts issuing at once keep one)

Revision ID: op01c0de0010
Revises: ss01c0de0010
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "op01c0de0010"
down_revision = "ss01c0de0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("pkcs12", sa.LargeBinary(), nullable=False),
        sa.Column("serial", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_signing_key_user_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_signing_key"),
        sa.UniqueConstraint("name", name="uq_signing_key_name"),
    )
    op.create_index("ix_signing_key_user_id", "signing_key", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_signing_key_user_id", table_name="signing_key")
    op.drop_table("signing_key")
