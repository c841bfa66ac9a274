"""recovery codes: 120 bits, each stored with its own salt and the slow password hash, and a
keyed lookup value that picks the one row to check

The codes made before this revision were 40 bits with an unsalted SHA-256: a copy of the
database gave them back. Their hashes are replaced by "retired", which matches no code; the
two-step sign-in page asks their owners to make new codes.

Revision ID: a5e0c0de0009
Revises: f17b0c1a0008
Create Date: 2026-12-07 04:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a5e0c0de0009"
down_revision = "f17b0c1a0008"
branch_labels = None
depends_on = None

RETIRED = "retired"  # ctdppeia.models.user.RETIRED_RECOVERY_CODE, as it was at this revision


def upgrade() -> None:
    op.execute(
        sa.text("UPDATE mfa_recovery_code SET code_hash = :retired").bindparams(retired=RETIRED)
    )
    with op.batch_alter_table("mfa_recovery_code") as batch_op:
        batch_op.alter_column(
            "code_hash",
            existing_type=sa.String(length=64),
            type_=sa.String(length=256),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column("lookup", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # The new hashes do not fit the old column, and the old code could not check them.
    op.execute(sa.text("DELETE FROM mfa_recovery_code WHERE length(code_hash) > 64"))
    with op.batch_alter_table("mfa_recovery_code") as batch_op:
        batch_op.drop_column("lookup")
        batch_op.alter_column(
            "code_hash",
            existing_type=sa.String(length=256),
            type_=sa.String(length=64),
            existing_nullable=False,
        )
