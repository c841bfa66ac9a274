"""each review keeps the agency that owns its subject, with indexes for an approver's queue,
an agency's reviews, the decisions one person submitted and the AI use case list

The approver's "Waiting for you" panel, the approval queue and an agency's review list asked for
the reviews whose subject is among the ids of every subject the agency owns: a list that grows
with the agency's work. A subject's owner never changes, so the review keeps a copy, filled here
from the data requests and AI use cases, and the queues walk an index on it.

The column has no foreign key so that SQLite can add it in place (rebuilding the review table
would drop its lock triggers); on SQLite it is added NOT NULL with a default of 0 (SQLite
requires one), which the application never relies on.

Revision ID: sc23c0de0011
Revises: wt01c0de0010
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "sc23c0de0011"
down_revision = "wt01c0de0010"
branch_labels = None
depends_on = None

WAITING = "submitted_at IS NOT NULL AND confirmed_at IS NULL"
INDEXES = [
    # "Reviews sent back to you": the decisions one person submitted.
    ("ix_review_decision_submitted_by", "review_decision", ["submitted_by_id", "review_id"]),
    # The AI use case list unfiltered, newest first: everyone's, and one agency's.
    ("ix_ai_use_case_created", "ai_use_case", ["created_at", "id"]),
    ("ix_ai_use_case_agency_created", "ai_use_case", ["agency_id", "created_at", "id"]),
]
FILL = """
UPDATE review SET owner_agency_id = CASE subject_kind
  WHEN 'data-request' THEN
    (SELECT d.owner_agency_id FROM data_request d WHERE d.id = review.subject_id)
  WHEN 'ai-use-case' THEN
    (SELECT a.agency_id FROM ai_use_case a WHERE a.id = review.subject_id)
END
"""
# The lock trigger refuses any change to a confirmed review; the copy is not a change to the
# review's record, so the trigger is set aside while the column is filled.
SQLITE_LOCK = (
    "CREATE TRIGGER review_locked_update BEFORE UPDATE ON review "
    "WHEN OLD.confirmed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'review is locked: its "
    "answers, responses and decision can no longer change'); END"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.add_column(
            "review",
            sa.Column("owner_agency_id", sa.Integer(), nullable=False, server_default="0"),
        )
        op.execute("DROP TRIGGER review_locked_update")
        op.execute(FILL)
        op.execute(SQLITE_LOCK)
    else:
        op.add_column("review", sa.Column("owner_agency_id", sa.Integer(), nullable=True))
        op.execute("ALTER TABLE review DISABLE TRIGGER review_locked")
        op.execute(FILL)
        op.execute("ALTER TABLE review ENABLE TRIGGER review_locked")
        op.alter_column("review", "owner_agency_id", nullable=False)
    op.create_index(
        "ix_review_owner_waiting",
        "review",
        ["owner_agency_id", "submitted_at", "id"],
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )
    op.create_index("ix_review_owner_updated", "review", ["owner_agency_id", "updated_at", "id"])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_review_owner_updated", table_name="review")
    op.drop_index("ix_review_owner_waiting", table_name="review")
    op.drop_column("review", "owner_agency_id")
