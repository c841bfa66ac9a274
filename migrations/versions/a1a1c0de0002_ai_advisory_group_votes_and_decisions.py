"""AI advisory group votes and decisions

Revision ID: a1a1c0de0002
Revises: b0a4d5a4e002
Create Date: 2026-11-28 08:21:29

The advisory group's conflicts, recommendations, subcommittee recommendation, decision and
conditions, each on a Responsible-AI review; and the chair flag on accounts.

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1a1c0de0002"
down_revision = "b0a4d5a4e002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ai_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_ai_conflict_reason_given")),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_ai_conflict_review_id_review")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_ai_conflict_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_conflict")),
        sa.UniqueConstraint("review_id", "user_id", name=op.f("uq_ai_conflict_review_id")),
    )
    with op.batch_alter_table("ai_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ai_conflict_review_id"), ["review_id"], unique=False)

    op.create_table(
        "ai_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("members_eligible", sa.Integer(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('approve', 'approve-with-conditions', 'do-not-approve')",
            name=op.f("ck_ai_decision_outcome_known"),
        ),
        sa.CheckConstraint("length(trim(basis)) > 0", name=op.f("ck_ai_decision_basis_given")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_ai_decision_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_ai_decision_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_decision")),
        sa.UniqueConstraint("review_id", name=op.f("uq_ai_decision_review_id")),
    )
    op.create_table(
        "ai_recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("recommendation", sa.String(length=30), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "recommendation IN ('approve', 'approve-with-conditions', 'do-not-approve', 'abstain')",
            name=op.f("ck_ai_recommendation_recommendation_known"),
        ),
        sa.CheckConstraint(
            "length(trim(rationale)) > 0", name=op.f("ck_ai_recommendation_rationale_given")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_ai_recommendation_review_id_review")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_ai_recommendation_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_recommendation")),
        sa.UniqueConstraint("review_id", "user_id", name=op.f("uq_ai_recommendation_review_id")),
    )
    with op.batch_alter_table("ai_recommendation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ai_recommendation_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "ai_subcommittee_recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("recommendation", sa.String(length=30), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "recommendation IN ('approve', 'approve-with-conditions', 'do-not-approve')",
            name=op.f("ck_ai_subcommittee_recommendation_recommendation_known"),
        ),
        sa.CheckConstraint(
            "length(trim(rationale)) > 0",
            name=op.f("ck_ai_subcommittee_recommendation_rationale_given"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_ai_subcommittee_recommendation_recorded_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_ai_subcommittee_recommendation_review_id_review"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_subcommittee_recommendation")),
        sa.UniqueConstraint("review_id", name=op.f("uq_ai_subcommittee_recommendation_review_id")),
    )
    op.create_table(
        "ai_condition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(closed_at IS NULL AND closed_by_id IS NULL AND evidence IS NULL) OR "
            "(closed_at IS NOT NULL AND closed_by_id IS NOT NULL AND length(trim(evidence)) > 0)",
            name=op.f("ck_ai_condition_closed_with_evidence"),
        ),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_ai_condition_text_given")),
        sa.CheckConstraint(
            "owner_user_id IS NOT NULL OR length(trim(owner_name)) > 0",
            name=op.f("ck_ai_condition_owner_given"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user_account.id"],
            name=op.f("fk_ai_condition_closed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["ai_decision.id"],
            name=op.f("fk_ai_condition_decision_id_ai_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["user_account.id"],
            name=op.f("fk_ai_condition_owner_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_condition")),
    )
    with op.batch_alter_table("ai_condition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ai_condition_decision_id"), ["decision_id"], unique=False
        )

    op.add_column(
        "user_account",
        sa.Column("ai_chair", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("ai_chair")

    with op.batch_alter_table("ai_condition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ai_condition_decision_id"))

    op.drop_table("ai_condition")
    op.drop_table("ai_subcommittee_recommendation")
    with op.batch_alter_table("ai_recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ai_recommendation_review_id"))

    op.drop_table("ai_recommendation")
    op.drop_table("ai_decision")
    with op.batch_alter_table("ai_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ai_conflict_review_id"))

    op.drop_table("ai_conflict")
