"""The database's own guard on the AI advisory group's record.

* ``ai_decision``: a decision is never changed or deleted (a new one needs a re-assessment).
* ``ai_recommendation``: a member's vote changes freely until the decision; once a decision
  exists for the review, no vote of that review is added, changed or deleted.
* ``ai_conflict`` and ``ai_subcommittee_recommendation``: only ever added (a conflict cannot be
  withdrawn; the subcommittee records a new recommendation instead of rewriting one), and
  never added once the review is decided.
* ``ai_condition``: never deleted, and its text, owner, due date and decision never change;
  the only change is closing it, once, with its evidence.
* ``ai_condition_correction``: only ever added (a condition entered by mistake is replaced by
  a new one; both stay).

The service layer checks the same rules first and explains them to people; these triggers make
sure nothing else (a bug, a shell, a raw SQL statement) can get round them. ``attach`` registers
the SQL as DDL events so ``create_all`` makes it. A migration never imports this module: it
carries its own copy of the SQL, and tests/migrations checks that the two build the same
triggers.
"""

from sqlalchemy import DDL, Table, event

DECIDED = "the advisory group has decided on this review, so its record can no longer change"
KEPT = {
    "ai_decision": "a decision of the advisory group is kept as made and cannot change",
    "ai_conflict": "a declared conflict of interest is kept and cannot change",
    "ai_subcommittee_recommendation": "a recommendation of the subcommittee is kept as "
    "recorded: record a new one instead",
    "ai_condition_correction": "a correction of a condition is kept as made: correct the new "
    "condition instead",
}
CONDITION_KEPT = "a condition is kept as decided: it can only be closed, once, with its evidence"
ADDED_ONLY = ("ai_conflict", "ai_subcommittee_recommendation")
# A condition may change only by being closed: these columns stay as they were decided.
CONDITION_FIXED = ("decision_id", "text", "owner_user_id", "owner_name", "due_on")


def _sqlite_decided(table: str, ops: tuple[str, ...]) -> list[str]:
    decided = "EXISTS (SELECT 1 FROM ai_decision WHERE review_id = {ref}.review_id)"
    when = {
        "INSERT": decided.format(ref="NEW"),
        "UPDATE": f"{decided.format(ref='OLD')} OR {decided.format(ref='NEW')}",
        "DELETE": decided.format(ref="OLD"),
    }
    return [
        f"CREATE TRIGGER {table}_decided_{op.lower()} BEFORE {op} ON {table} "
        f"WHEN {when[op]} BEGIN SELECT RAISE(ABORT, '{DECIDED}'); END"
        for op in ops
    ]


def _sqlite_kept(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_kept_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{KEPT[table]}'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_condition() -> list[str]:
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in CONDITION_FIXED)
    return [
        "CREATE TRIGGER ai_condition_kept_update BEFORE UPDATE ON ai_condition "
        f"WHEN OLD.closed_at IS NOT NULL OR {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{CONDITION_KEPT}'); END",
        "CREATE TRIGGER ai_condition_kept_delete BEFORE DELETE ON ai_condition "
        f"BEGIN SELECT RAISE(ABORT, '{CONDITION_KEPT}'); END",
    ]


POSTGRESQL_DECIDED_FUNCTION = (
    "CREATE OR REPLACE FUNCTION ai_vote_decided() RETURNS trigger AS $$ BEGIN "  # nosec B608
    "IF TG_OP <> 'INSERT' THEN "
    "IF EXISTS (SELECT 1 FROM ai_decision WHERE review_id = OLD.review_id) "
    f"THEN RAISE EXCEPTION '{DECIDED}'; END IF; END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "IF EXISTS (SELECT 1 FROM ai_decision WHERE review_id = NEW.review_id) "
    f"THEN RAISE EXCEPTION '{DECIDED}'; END IF; RETURN NEW; END IF; "
    "RETURN OLD; END; $$ LANGUAGE plpgsql"
)


def _postgresql_decided(table: str, ops: str) -> list[str]:
    return [
        POSTGRESQL_DECIDED_FUNCTION,
        f"CREATE TRIGGER {table}_decided BEFORE {ops} ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ai_vote_decided()",
    ]


def _postgresql_kept(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_kept() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{KEPT[table]}'; END; $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {table}_kept BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_kept()",
    ]


def _postgresql_condition() -> list[str]:
    changed = " OR ".join(
        f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in CONDITION_FIXED
    )
    return [
        "CREATE OR REPLACE FUNCTION ai_condition_kept() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{CONDITION_KEPT}'; END IF; "
        f"IF OLD.closed_at IS NOT NULL OR {changed} "
        f"THEN RAISE EXCEPTION '{CONDITION_KEPT}'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER ai_condition_kept BEFORE UPDATE OR DELETE ON ai_condition "
        "FOR EACH ROW EXECUTE FUNCTION ai_condition_kept()",
    ]


def statements_for(table: str, dialect: str) -> list[str]:
    """The SQL that guards one of the advisory group's tables (run after it is created)."""
    if dialect == "sqlite":
        if table == "ai_recommendation":
            return _sqlite_decided(table, ("INSERT", "UPDATE", "DELETE"))
        if table in ADDED_ONLY:
            return [*_sqlite_decided(table, ("INSERT",)), *_sqlite_kept(table)]
        if table in ("ai_decision", "ai_condition_correction"):
            return _sqlite_kept(table)
        return _sqlite_condition() if table == "ai_condition" else []
    if dialect == "postgresql":
        if table == "ai_recommendation":
            return _postgresql_decided(table, "INSERT OR UPDATE OR DELETE")
        if table in ADDED_ONLY:
            return [*_postgresql_decided(table, "INSERT"), *_postgresql_kept(table)]
        if table in ("ai_decision", "ai_condition_correction"):
            return _postgresql_kept(table)
        return _postgresql_condition() if table == "ai_condition" else []
    return []


def attach(table: Table) -> None:
    """Create the table's guards whenever the table is created (``create_all``, tests)."""
    for dialect in ("sqlite", "postgresql"):
        for sql in statements_for(table.name, dialect):
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))
