"""action plans: an action with an owner, a due date, a status and evidence, made from a
flag's mitigation, a condition of an approval or of the AI advisory group, or a tier obligation

Revision ID: ac710a5e0010
Revises: op01c0de0010
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "ac710a5e0010"
down_revision = "op01c0de0010"
branch_labels = None
depends_on = None

STATUSES = "status IN ('planned', 'in-progress', 'done', 'dropped')"
SOURCES = "source_kind IN ('flag', 'condition', 'ai-condition', 'obligation')"


def _fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_review_action_{column}_{table}")
    )


def _check(sql: str, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sql, name=op.f(f"ck_review_action_{name}"))


def upgrade():
    op.create_table(
        "review_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("drop_reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _check(STATUSES, "status_known"),
        _check(SOURCES, "source_known"),
        _check("length(trim(title)) > 0", "title_given"),
        _check("owner_user_id IS NOT NULL OR length(trim(owner_name)) > 0", "owner_given"),
        _check("status <> 'dropped' OR length(trim(drop_reason)) > 0", "drop_reason_given"),
        _check("version >= 1", "version_positive"),
        _fk("review_id", "review"),
        _fk("agency_id", "agency"),
        _fk("owner_user_id", "user_account"),
        _fk("created_by_id", "user_account"),
        _fk("updated_by_id", "user_account"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_action")),
    )
    with op.batch_alter_table("review_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_action_review_id"), ["review_id"])
        batch_op.create_index(batch_op.f("ix_review_action_agency_id"), ["agency_id"])
        batch_op.create_index("ix_review_action_open_due", ["status", "due_on"])


def downgrade():
    with op.batch_alter_table("review_action", schema=None) as batch_op:
        batch_op.drop_index("ix_review_action_open_due")
        batch_op.drop_index(batch_op.f("ix_review_action_agency_id"))
        batch_op.drop_index(batch_op.f("ix_review_action_review_id"))
    op.drop_table("review_action")
