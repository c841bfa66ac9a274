"""the written determination that sets aside a presumption of high impact

Revision ID: f17b0c1a0008
Revises: f17c0a1e0008
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f17b0c1a0008"
down_revision = "f17c0a1e0008"
branch_labels = None
depends_on = None

LOCKED = "review is locked: its answers, responses and decision can no longer change"
TABLE = "presumption_rebuttal"


def _sqlite_guards() -> list[str]:
    new = "EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL)"
    old = "EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL)"
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
    return [
        f"CREATE TRIGGER {TABLE}_locked_insert BEFORE INSERT ON {TABLE} WHEN {new} {raise_}",
        f"CREATE TRIGGER {TABLE}_locked_update BEFORE UPDATE ON {TABLE} "
        f"WHEN {old} OR {new} {raise_}",
        f"CREATE TRIGGER {TABLE}_locked_delete BEFORE DELETE ON {TABLE} WHEN {old} {raise_}",
    ]


def _postgresql_guards() -> list[str]:
    return [
        f"CREATE TRIGGER {TABLE}_locked BEFORE INSERT OR UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION review_child_locked()"
    ]


def upgrade():
    severities = "('high', 'medium', 'low', 'info')"
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("flag_ids", sa.JSON(), nullable=False),
        sa.Column("tier_before", sa.String(length=10), nullable=False),
        sa.Column("tier_after", sa.String(length=10), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            f"tier_before IN {severities}", name=op.f("ck_presumption_rebuttal_tier_before_known")
        ),
        sa.CheckConstraint(
            f"tier_after IN {severities}", name=op.f("ck_presumption_rebuttal_tier_after_known")
        ),
        sa.CheckConstraint(
            "length(trim(decided_by)) > 0", name=op.f("ck_presumption_rebuttal_decided_by_given")
        ),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_presumption_rebuttal_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_presumption_rebuttal_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_presumption_rebuttal_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presumption_rebuttal")),
        sa.UniqueConstraint("review_id", name="uq_presumption_rebuttal_review_id"),
    )
    builders = {"sqlite": _sqlite_guards, "postgresql": _postgresql_guards}
    builder = builders.get(op.get_bind().dialect.name)
    if builder is not None:
        for sql in builder():
            op.execute(sql)


def downgrade():
    op.drop_table(TABLE)
