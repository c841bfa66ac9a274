"""the AI use case's stored queue status, filled from its reviews and the advisory group's
records, with indexes for the filtered lists, the reviews waiting for an approver and what one
person answered

Where a use case stands in the queue was told in Python from its records, per use case, so a
filtered list read every candidate. The column is written with every change that moves it;
this migration fills it as SQL alone can: the tier of a submitted review waiting for the group
(which decides "waiting for the subcommittee") is taken from a recorded tier override, else
from a high flag raised on the review. `flask reviews refresh-flags` computes every use case's
status with the application's rules and writes any that differ.

Revision ID: wt01c0de0010
Revises: nt01c0de0010
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "wt01c0de0010"
down_revision = "nt01c0de0010"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_ai_use_case_queue_status", ["queue_status", "created_at", "id"]),
    ("ix_ai_use_case_agency_queue_status", ["agency_id", "queue_status", "created_at", "id"]),
]
# What one person answered, responded to or changed: "Waiting for you" leaves out the reviews
# an approver or a member of the group answered (separation of duties) in SQL.
PERSON_INDEXES = [
    ("ix_review_answer_updated_by", "review_answer", ["updated_by_id", "review_id"]),
    ("ix_flag_response_created_by", "flag_response", ["created_by_id", "review_id"]),
    ("ix_audit_event_actor_scope", "audit_event", ["actor_id", "scope_type", "scope_id"]),
]

LATEST = (
    "(SELECT max(r.id) FROM review r "
    "WHERE r.subject_kind = 'ai-use-case' AND r.subject_id = ai_use_case.id)"
)
HIGH = (
    f"(EXISTS (SELECT 1 FROM tier_override t WHERE t.review_id = {LATEST} AND t.tier = 'high') "
    f"OR (NOT EXISTS (SELECT 1 FROM tier_override t WHERE t.review_id = {LATEST}) "
    f"AND NOT EXISTS (SELECT 1 FROM presumption_rebuttal p WHERE p.review_id = {LATEST}) "
    f"AND EXISTS (SELECT 1 FROM review_flag f WHERE f.review_id = {LATEST} "
    "AND f.severity = 'high' AND f.cleared_at IS NULL)))"
)
FILL = f"""
UPDATE ai_use_case SET queue_status = CASE
  WHEN {LATEST} IS NULL THEN
    CASE WHEN retired_at IS NOT NULL THEN 'retired' ELSE 'new' END
  WHEN (SELECT submitted_at FROM review WHERE id = {LATEST}) IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM ai_decision d WHERE d.review_id = {LATEST}) THEN
    CASE WHEN {HIGH} AND NOT EXISTS (
      SELECT 1 FROM ai_subcommittee_recommendation s WHERE s.review_id = {LATEST})
    THEN 'waiting-for-subcommittee' ELSE 'waiting-for-decision' END
  WHEN retired_at IS NOT NULL THEN 'retired'
  WHEN (SELECT submitted_at FROM review WHERE id = {LATEST}) IS NULL THEN 'in-review'
  WHEN (SELECT confirmed_at FROM review WHERE id = {LATEST}) IS NULL THEN 'waiting-approval'
  ELSE 'decided'
END
"""


def upgrade() -> None:
    with op.batch_alter_table("ai_use_case") as batch_op:
        batch_op.add_column(
            sa.Column("queue_status", sa.String(40), nullable=False, server_default="new")
        )
    op.execute(FILL)
    for name, columns in INDEXES:
        op.create_index(name, "ai_use_case", columns)
    for name, table, columns in PERSON_INDEXES:
        op.create_index(name, table, columns)
    waiting = sa.text("submitted_at IS NOT NULL AND confirmed_at IS NULL")
    op.create_index(
        "ix_review_waiting",
        "review",
        ["subject_kind", "subject_id"],
        postgresql_where=waiting,
        sqlite_where=waiting,
    )


def downgrade() -> None:
    op.drop_index("ix_review_waiting", table_name="review")
    for name, table, _columns in reversed(PERSON_INDEXES):
        op.drop_index(name, table_name=table)
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="ai_use_case")
    with op.batch_alter_table("ai_use_case") as batch_op:
        batch_op.drop_column("queue_status")
