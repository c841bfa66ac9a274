"""accounts from the state's directory (single sign-on): where each account comes from, the
provider's identifier of the person, and the sealed access token to ask the provider again;
SAML's requests awaiting an answer and the assertions already used

Revision ID: ss01c0de0010
Revises: a5e0c0de0009
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "ss01c0de0010"
down_revision = "a5e0c0de0009"
branch_labels = None
depends_on = None


COLUMNS = (
    sa.Column("identity_source", sa.String(length=16), nullable=False, server_default="local"),
    sa.Column("directory_issuer", sa.String(length=255), nullable=True),
    sa.Column("directory_subject", sa.String(length=255), nullable=True),
    sa.Column("directory_token", sa.String(length=8000), nullable=True),
    sa.Column("directory_checked_at", sa.DateTime(timezone=True), nullable=True),
)


def upgrade() -> None:
    # Plain ADD COLUMNs (not a batch copy), so nothing else on the table is rebuilt.
    for column in COLUMNS:
        op.add_column("user_account", column)
    op.create_index(
        "uq_user_directory_id",
        "user_account",
        ["directory_issuer", "directory_subject"],
        unique=True,
    )
    op.create_table(
        "saml_request",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_saml_request"),
    )
    op.create_index("ix_saml_request_expires_at", "saml_request", ["expires_at"])
    op.create_table(
        "saml_assertion_used",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_saml_assertion_used"),
    )
    op.create_index("ix_saml_assertion_used_expires_at", "saml_assertion_used", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_saml_assertion_used_expires_at", table_name="saml_assertion_used")
    op.drop_table("saml_assertion_used")
    op.drop_index("ix_saml_request_expires_at", table_name="saml_request")
    op.drop_table("saml_request")
    op.drop_index("uq_user_directory_id", table_name="user_account")
    with op.batch_alter_table("user_account") as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column.name)
