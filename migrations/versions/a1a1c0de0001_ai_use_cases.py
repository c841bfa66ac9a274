"""AI use cases, their data requests, and a review's tier override and obligations

Revision ID: a1a1c0de0001
Revises: b2c0ffee0002
Create Date: 2026-11-28 08:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a1a1c0de0001"
down_revision = "b2c0ffee0002"
branch_labels = None
depends_on = None

LOCKED = "review is locked: its answers, responses and decision can no longer change"
GUARDED = ("tier_override", "review_obligation")


def _sqlite_guards(table: str) -> list[str]:
    new = "EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL)"
    old = "EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL)"
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
    return [
        f"CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table} WHEN {new} {raise_}",
        f"CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table} "
        f"WHEN {old} OR {new} {raise_}",
        f"CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table} WHEN {old} {raise_}",
    ]


def _postgresql_guards(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION review_child_locked()"
    ]


def upgrade():
    op.create_table(
        "ai_use_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("intended_use", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("hosting", sa.String(length=30), nullable=False),
        sa.Column("hosting_other", sa.String(length=200), nullable=False),
        sa.Column("technique", sa.String(length=200), nullable=False),
        sa.Column("public_contact", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_request_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.String(length=40), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stage IN ('lab-test', 'pilot', 'in-use', 'procurement')",
            name=op.f("ck_ai_use_case_stage_known"),
        ),
        sa.CheckConstraint(
            "hosting IN ('agency', 'state-data-centre', 'vendor-cloud', 'built-in', 'other')",
            name=op.f("ck_ai_use_case_hosting_known"),
        ),
        sa.CheckConstraint(
            "hosting <> 'other' OR length(trim(hosting_other)) > 0",
            name=op.f("ck_ai_use_case_hosting_other_given"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_ai_use_case_version_positive")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_ai_use_case_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_ai_use_case_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["source_request_id"],
            ["data_request.id"],
            name=op.f("fk_ai_use_case_source_request_id_data_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_use_case")),
        sa.UniqueConstraint("public_id", name=op.f("uq_ai_use_case_public_id")),
    )
    op.create_index(op.f("ix_ai_use_case_agency_id"), "ai_use_case", ["agency_id"], unique=False)
    op.create_table(
        "ai_use_case_request",
        sa.Column("use_case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["data_request.id"],
            name=op.f("fk_ai_use_case_request_request_id_data_request"),
        ),
        sa.ForeignKeyConstraint(
            ["use_case_id"],
            ["ai_use_case.id"],
            name=op.f("fk_ai_use_case_request_use_case_id_ai_use_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("use_case_id", "request_id", name=op.f("pk_ai_use_case_request")),
    )
    severities = "('high', 'medium', 'low', 'info')"
    op.create_table(
        "tier_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("computed_tier", sa.String(length=10), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"tier IN {severities}", name=op.f("ck_tier_override_tier_known")),
        sa.CheckConstraint(
            f"computed_tier IN {severities}", name=op.f("ck_tier_override_computed_tier_known")
        ),
        sa.CheckConstraint("tier <> computed_tier", name=op.f("ck_tier_override_tier_differs")),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_tier_override_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_tier_override_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_tier_override_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_override")),
        sa.UniqueConstraint("review_id", name="uq_tier_override_review_id"),
    )
    op.create_table(
        "review_obligation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_review_obligation_review_id_review")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_review_obligation_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_obligation")),
        sa.UniqueConstraint("review_id", "text", name="uq_review_obligation_text"),
    )
    op.create_index(
        op.f("ix_review_obligation_review_id"), "review_obligation", ["review_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    builders = {"sqlite": _sqlite_guards, "postgresql": _postgresql_guards}
    if dialect in builders:
        for table in GUARDED:
            for sql in builders[dialect](table):
                op.execute(sql)


def downgrade():
    op.drop_index(op.f("ix_review_obligation_review_id"), table_name="review_obligation")
    op.drop_table("review_obligation")
    op.drop_table("tier_override")
    op.drop_table("ai_use_case_request")
    op.drop_index(op.f("ix_ai_use_case_agency_id"), table_name="ai_use_case")
    op.drop_table("ai_use_case")
