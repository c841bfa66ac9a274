"""corrections of the advisory group's conditions: a new condition replaces one entered by
mistake, both are kept, and the correction itself is only ever added

Revision ID: f17c0a1e0008
Revises: e16c4a1a0007
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f17c0a1e0008"
down_revision = "e16c4a1a0007"
branch_labels = None
depends_on = None

KEPT = "a correction of a condition is kept as made: correct the new condition instead"

SQLITE_GUARDS = [
    "CREATE TRIGGER ai_condition_correction_kept_update BEFORE UPDATE ON "
    f"ai_condition_correction BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
    "CREATE TRIGGER ai_condition_correction_kept_delete BEFORE DELETE ON "
    f"ai_condition_correction BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
]
POSTGRESQL_GUARDS = [
    "CREATE OR REPLACE FUNCTION ai_condition_correction_kept() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_condition_correction_kept BEFORE UPDATE OR DELETE ON "
    "ai_condition_correction FOR EACH ROW EXECUTE FUNCTION ai_condition_correction_kept()",
]


def upgrade():
    op.create_table(
        "ai_condition_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Integer(), nullable=False),
        sa.Column("replacement_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_ai_condition_correction_reason_given")
        ),
        sa.CheckConstraint(
            "replacement_id <> condition_id",
            name=op.f("ck_ai_condition_correction_replaced_by_another"),
        ),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["ai_condition.id"],
            name=op.f("fk_ai_condition_correction_condition_id_ai_condition"),
        ),
        sa.ForeignKeyConstraint(
            ["replacement_id"],
            ["ai_condition.id"],
            name=op.f("fk_ai_condition_correction_replacement_id_ai_condition"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["user_account.id"],
            name=op.f("fk_ai_condition_correction_corrected_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_condition_correction")),
        sa.UniqueConstraint("condition_id", name=op.f("uq_ai_condition_correction_condition_id")),
        sa.UniqueConstraint(
            "replacement_id", name=op.f("uq_ai_condition_correction_replacement_id")
        ),
    )
    dialect = op.get_bind().dialect.name
    for sql in {"sqlite": SQLITE_GUARDS, "postgresql": POSTGRESQL_GUARDS}.get(dialect, []):
        op.execute(sql)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ai_condition_correction_kept() CASCADE")
    op.drop_table("ai_condition_correction")
