"""the AI advisory group's record is kept: guards on its tables, the chair's reason for
departing from the subcommittee, and the subcommittee's recommendations as a history

Revision ID: c13a1de00004
Revises: a1a1c0de0003
Create Date: 2026-11-28 10:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c13a1de00004"
down_revision = "a1a1c0de0003"
branch_labels = None
depends_on = None

DECIDED = "the advisory group has decided on this review, so its record can no longer change"
DECISION_KEPT = "a decision of the advisory group is kept as made and cannot change"
CONFLICT_KEPT = "a declared conflict of interest is kept and cannot change"
SUBCOMMITTEE_KEPT = (
    "a recommendation of the subcommittee is kept as recorded: record a new one instead"
)
CONDITION_KEPT = "a condition is kept as decided: it can only be closed, once, with its evidence"


def _sqlite_when(ref: str) -> str:
    return f"EXISTS (SELECT 1 FROM ai_decision WHERE review_id = {ref}.review_id)"


def _sqlite_raise(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


SQLITE_GUARDS = [
    "CREATE TRIGGER ai_conflict_decided_insert BEFORE INSERT ON ai_conflict "
    f"WHEN {_sqlite_when('NEW')} {_sqlite_raise(DECIDED)}",
    f"CREATE TRIGGER ai_conflict_kept_update BEFORE UPDATE ON ai_conflict "
    f"{_sqlite_raise(CONFLICT_KEPT)}",
    f"CREATE TRIGGER ai_conflict_kept_delete BEFORE DELETE ON ai_conflict "
    f"{_sqlite_raise(CONFLICT_KEPT)}",
    "CREATE TRIGGER ai_recommendation_decided_insert BEFORE INSERT ON ai_recommendation "
    f"WHEN {_sqlite_when('NEW')} {_sqlite_raise(DECIDED)}",
    "CREATE TRIGGER ai_recommendation_decided_update BEFORE UPDATE ON ai_recommendation "
    f"WHEN {_sqlite_when('OLD')} OR {_sqlite_when('NEW')} {_sqlite_raise(DECIDED)}",
    "CREATE TRIGGER ai_recommendation_decided_delete BEFORE DELETE ON ai_recommendation "
    f"WHEN {_sqlite_when('OLD')} {_sqlite_raise(DECIDED)}",
    "CREATE TRIGGER ai_subcommittee_recommendation_decided_insert BEFORE INSERT ON "
    f"ai_subcommittee_recommendation WHEN {_sqlite_when('NEW')} {_sqlite_raise(DECIDED)}",
    "CREATE TRIGGER ai_subcommittee_recommendation_kept_update BEFORE UPDATE ON "
    f"ai_subcommittee_recommendation {_sqlite_raise(SUBCOMMITTEE_KEPT)}",
    "CREATE TRIGGER ai_subcommittee_recommendation_kept_delete BEFORE DELETE ON "
    f"ai_subcommittee_recommendation {_sqlite_raise(SUBCOMMITTEE_KEPT)}",
    f"CREATE TRIGGER ai_decision_kept_update BEFORE UPDATE ON ai_decision "
    f"{_sqlite_raise(DECISION_KEPT)}",
    f"CREATE TRIGGER ai_decision_kept_delete BEFORE DELETE ON ai_decision "
    f"{_sqlite_raise(DECISION_KEPT)}",
    "CREATE TRIGGER ai_condition_kept_update BEFORE UPDATE ON ai_condition "
    "WHEN OLD.closed_at IS NOT NULL OR NEW.decision_id IS NOT OLD.decision_id "
    "OR NEW.text IS NOT OLD.text OR NEW.owner_user_id IS NOT OLD.owner_user_id "
    "OR NEW.owner_name IS NOT OLD.owner_name OR NEW.due_on IS NOT OLD.due_on "
    f"{_sqlite_raise(CONDITION_KEPT)}",
    f"CREATE TRIGGER ai_condition_kept_delete BEFORE DELETE ON ai_condition "
    f"{_sqlite_raise(CONDITION_KEPT)}",
]

POSTGRESQL_GUARDS = [
    "CREATE OR REPLACE FUNCTION ai_vote_decided() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "IF EXISTS (SELECT 1 FROM ai_decision WHERE review_id = OLD.review_id) "
    f"THEN RAISE EXCEPTION '{DECIDED}'; END IF; END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "IF EXISTS (SELECT 1 FROM ai_decision WHERE review_id = NEW.review_id) "
    f"THEN RAISE EXCEPTION '{DECIDED}'; END IF; RETURN NEW; END IF; "
    "RETURN OLD; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_conflict_decided BEFORE INSERT ON ai_conflict "
    "FOR EACH ROW EXECUTE FUNCTION ai_vote_decided()",
    "CREATE OR REPLACE FUNCTION ai_conflict_kept() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{CONFLICT_KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_conflict_kept BEFORE UPDATE OR DELETE ON ai_conflict "
    "FOR EACH ROW EXECUTE FUNCTION ai_conflict_kept()",
    "CREATE TRIGGER ai_recommendation_decided BEFORE INSERT OR UPDATE OR DELETE ON "
    "ai_recommendation FOR EACH ROW EXECUTE FUNCTION ai_vote_decided()",
    "CREATE TRIGGER ai_subcommittee_recommendation_decided BEFORE INSERT ON "
    "ai_subcommittee_recommendation FOR EACH ROW EXECUTE FUNCTION ai_vote_decided()",
    "CREATE OR REPLACE FUNCTION ai_subcommittee_recommendation_kept() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{SUBCOMMITTEE_KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_subcommittee_recommendation_kept BEFORE UPDATE OR DELETE ON "
    "ai_subcommittee_recommendation FOR EACH ROW EXECUTE FUNCTION "
    "ai_subcommittee_recommendation_kept()",
    "CREATE OR REPLACE FUNCTION ai_decision_kept() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{DECISION_KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_decision_kept BEFORE UPDATE OR DELETE ON ai_decision "
    "FOR EACH ROW EXECUTE FUNCTION ai_decision_kept()",
    "CREATE OR REPLACE FUNCTION ai_condition_kept() RETURNS trigger AS $$ BEGIN "
    f"IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{CONDITION_KEPT}'; END IF; "
    "IF OLD.closed_at IS NOT NULL OR NEW.decision_id IS DISTINCT FROM OLD.decision_id "
    "OR NEW.text IS DISTINCT FROM OLD.text OR NEW.owner_user_id IS DISTINCT FROM "
    "OLD.owner_user_id OR NEW.owner_name IS DISTINCT FROM OLD.owner_name "
    "OR NEW.due_on IS DISTINCT FROM OLD.due_on "
    f"THEN RAISE EXCEPTION '{CONDITION_KEPT}'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ai_condition_kept BEFORE UPDATE OR DELETE ON ai_condition "
    "FOR EACH ROW EXECUTE FUNCTION ai_condition_kept()",
]

SQLITE_TRIGGERS = [sql.split()[2] for sql in SQLITE_GUARDS]
POSTGRESQL_TRIGGERS = {
    "ai_conflict": ("ai_conflict_decided", "ai_conflict_kept"),
    "ai_recommendation": ("ai_recommendation_decided",),
    "ai_subcommittee_recommendation": (
        "ai_subcommittee_recommendation_decided",
        "ai_subcommittee_recommendation_kept",
    ),
    "ai_decision": ("ai_decision_kept",),
    "ai_condition": ("ai_condition_kept",),
}
POSTGRESQL_FUNCTIONS = (
    "ai_vote_decided",
    "ai_conflict_kept",
    "ai_subcommittee_recommendation_kept",
    "ai_decision_kept",
    "ai_condition_kept",
)


def upgrade():
    with op.batch_alter_table("ai_decision") as batch:
        batch.add_column(sa.Column("departure_reason", sa.Text(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_ai_decision_departure_reason_given"),
            "departure_reason IS NULL OR length(trim(departure_reason)) > 0",
        )
    with op.batch_alter_table("ai_subcommittee_recommendation") as batch:
        batch.drop_constraint("uq_ai_subcommittee_recommendation_review_id", type_="unique")
        batch.create_index("ix_ai_subcommittee_recommendation_review_id", ["review_id"])
    dialect = op.get_bind().dialect.name
    guards = {"sqlite": SQLITE_GUARDS, "postgresql": POSTGRESQL_GUARDS}.get(dialect, [])
    for sql in guards:
        op.execute(sql)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if dialect == "postgresql":
        for table, names in POSTGRESQL_TRIGGERS.items():
            for name in names:
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("ai_subcommittee_recommendation") as batch:
        batch.drop_index("ix_ai_subcommittee_recommendation_review_id")
        batch.create_unique_constraint(
            "uq_ai_subcommittee_recommendation_review_id", ["review_id"]
        )
    with op.batch_alter_table("ai_decision") as batch:
        batch.drop_constraint(op.f("ck_ai_decision_departure_reason_given"), type_="check")
        batch.drop_column("departure_reason")
