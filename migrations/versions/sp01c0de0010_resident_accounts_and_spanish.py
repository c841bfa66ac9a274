"""accounts residents run themselves, and Spanish for the board's projects

- user_account.password_must_change: set when an administrator chose or reset the password;
  the account uses no page but the password change until its owner picks a new one.
- board_share.title_es: the project's title in Spanish, written when it is shared.
- board_comment.language: the language the comment was written in ('en', 'es'; the writer's
  interface language when posted; unknown for comments posted before this revision).

Revision ID: sp01c0de0010
Revises: ac710a5e0010
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "sp01c0de0010"
down_revision = "ac710a5e0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (not a batch copy): SQLite would otherwise rebuild tables that others
    # point at, and refuse to drop the old copy while rows refer to it.
    op.add_column(
        "user_account",
        sa.Column("password_must_change", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("board_share", sa.Column("title_es", sa.String(length=200), nullable=True))
    op.add_column("board_comment", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("board_comment") as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("board_share") as batch_op:
        batch_op.drop_column("title_es")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("password_must_change")
