"""OMB M-25-21's minimum practices for high-impact AI, one row a practice of a use case

Revision ID: ie27a0000001
Revises: jb25c0de0010
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "ie27a0000001"
down_revision = "jb25c0de0010"
branch_labels = None
depends_on = None

PRACTICES = "'testing', 'impact_assessment', 'monitoring', 'training', 'oversight', 'appeal', 'consultation'"
STATUSES = "'not_started', 'in_progress', 'done', 'waived'"
WAIVED = (
    "status <> 'waived' OR (waiver_granted_by IS NOT NULL AND length(trim(waiver_granted_by)) > 0 "
    "AND waiver_determination IS NOT NULL AND length(trim(waiver_determination)) > 0 "
    "AND waiver_granted_on IS NOT NULL AND waiver_recertify_on IS NOT NULL "
    "AND waiver_recertify_on > waiver_granted_on)"
)


def upgrade() -> None:
    op.create_table(
        "ai_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("use_case_id", sa.Integer(), nullable=False),
        sa.Column("practice", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("waiver_granted_by", sa.String(200), nullable=True),
        sa.Column("waiver_determination", sa.Text(), nullable=True),
        sa.Column("waiver_granted_on", sa.Date(), nullable=True),
        sa.Column("waiver_recertify_on", sa.Date(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"practice IN ({PRACTICES})", name="practice_known"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="status_known"),
        sa.CheckConstraint("length(trim(owner)) > 0", name="owner_given"),
        sa.CheckConstraint(
            "status <> 'done' OR (evidence IS NOT NULL AND length(trim(evidence)) > 0)",
            name="done_with_evidence",
        ),
        sa.CheckConstraint(WAIVED, name="waived_with_determination"),
        sa.ForeignKeyConstraint(
            ["use_case_id"], ["ai_use_case.id"], name="fk_ai_practice_use_case_id_ai_use_case"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name="fk_ai_practice_updated_by_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ai_practice"),
        sa.UniqueConstraint("use_case_id", "practice", name="uq_ai_practice_use_case_id"),
    )
    op.create_index("ix_ai_practice_use_case_id", "ai_practice", ["use_case_id"])


def downgrade() -> None:
    op.drop_index("ix_ai_practice_use_case_id", table_name="ai_practice")
    op.drop_table("ai_practice")
