"""The database's own guard on locked reviews, in one place.

Once a review is confirmed (``review.confirmed_at`` is set) the database refuses:

* any UPDATE or DELETE of that review row;
* any INSERT, UPDATE or DELETE of its answers, flag responses, decisions and flag state
  (every table listed in ``CHILD_TABLES``, each with a ``review_id`` column).

It also refuses, always, any UPDATE or DELETE of a stored questionnaire version (the text a
review was answered under never changes) and of a flag response (responses are only added; the
latest one per flag is in force, the older ones are its history).

The service layer checks the same rules first and explains them to people; these triggers make
sure nothing else (a bug, a shell, a raw SQL statement) can get round them. ``attach`` registers
the SQL as DDL events so ``create_all`` makes it. A migration never imports this module: it carries
its own copy of the SQL, and tests/migrations checks that the two build the same triggers.
"""

from sqlalchemy import DDL, Table, event

LOCKED = "review is locked: its answers, responses and decision can no longer change"
FROZEN = "questionnaire versions are kept as they were first used and cannot change"
APPEND_ONLY = "flag responses are only ever added: give a new response instead"
CHILD_TABLES = (
    "review_answer",
    "flag_response",
    "review_decision",
    "review_flag",
    "outcome_analysis",
    "outcome_group",
    "tier_override",
    "review_obligation",
    "presumption_rebuttal",
)


def _sqlite_child(table: str) -> list[str]:
    locked = "EXISTS (SELECT 1 FROM review WHERE id = {ref}.review_id AND confirmed_at IS NOT NULL)"
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
    return [
        f"CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table} "
        f"WHEN {locked.format(ref='NEW')} {raise_}",
        f"CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table} "
        f"WHEN {locked.format(ref='OLD')} OR {locked.format(ref='NEW')} {raise_}",
        f"CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table} "
        f"WHEN {locked.format(ref='OLD')} {raise_}",
    ]


SQLITE_REVIEW = [
    f"CREATE TRIGGER review_locked_{op.lower()} BEFORE {op} ON review "
    f"WHEN OLD.confirmed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
    for op in ("UPDATE", "DELETE")
]
SQLITE_RESPONSES = [
    f"CREATE TRIGGER flag_response_append_only_{op.lower()} BEFORE {op} ON flag_response "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for op in ("UPDATE", "DELETE")
]
SQLITE_VERSION = [
    f"CREATE TRIGGER questionnaire_version_frozen_{op.lower()} BEFORE {op} "
    f"ON questionnaire_version BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
    for op in ("UPDATE", "DELETE")
]

POSTGRESQL_FUNCTIONS = [
    # Children of a review: checks the review of the old row and of the new row.
    "CREATE OR REPLACE FUNCTION review_child_locked() RETURNS trigger AS $$ BEGIN "  # nosec B608
    "IF TG_OP <> 'INSERT' THEN "
    "IF EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) "
    f"THEN RAISE EXCEPTION '{LOCKED}'; END IF; END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "IF EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) "
    f"THEN RAISE EXCEPTION '{LOCKED}'; END IF; RETURN NEW; END IF; "
    "RETURN OLD; END; $$ LANGUAGE plpgsql",
    # The review row itself: nothing changes once it is confirmed.
    "CREATE OR REPLACE FUNCTION review_row_locked() RETURNS trigger AS $$ BEGIN "
    f"IF OLD.confirmed_at IS NOT NULL THEN RAISE EXCEPTION '{LOCKED}'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION questionnaire_version_frozen() RETURNS trigger AS $$ BEGIN "
    f"RAISE EXCEPTION '{FROZEN}'; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION flag_response_append_only() RETURNS trigger AS $$ BEGIN "
    f"RAISE EXCEPTION '{APPEND_ONLY}'; END; $$ LANGUAGE plpgsql",
]
POSTGRESQL_REVIEW = [
    "CREATE TRIGGER review_locked BEFORE UPDATE OR DELETE ON review "
    "FOR EACH ROW EXECUTE FUNCTION review_row_locked()"
]
POSTGRESQL_VERSION = [
    "CREATE TRIGGER questionnaire_version_frozen BEFORE UPDATE OR DELETE "
    "ON questionnaire_version FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen()"
]


POSTGRESQL_RESPONSES = [
    "CREATE TRIGGER flag_response_append_only BEFORE UPDATE OR DELETE ON flag_response "
    "FOR EACH ROW EXECUTE FUNCTION flag_response_append_only()"
]


def _postgresql_child(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION review_child_locked()"
    ]


def statements_for(table: str, dialect: str) -> list[str]:
    """The SQL that guards one table (run after the table is created)."""
    if dialect == "sqlite":
        by_table = {
            "review": SQLITE_REVIEW,
            "questionnaire_version": SQLITE_VERSION,
            "flag_response": SQLITE_RESPONSES,
        }
        child = _sqlite_child(table) if table in CHILD_TABLES else []
        return [*child, *by_table.get(table, [])]
    if dialect == "postgresql":
        by_table = {
            "review": POSTGRESQL_REVIEW,
            "questionnaire_version": [*POSTGRESQL_FUNCTIONS, *POSTGRESQL_VERSION],
            "flag_response": POSTGRESQL_RESPONSES,
        }
        child = _postgresql_child(table) if table in CHILD_TABLES else []
        return [*child, *by_table.get(table, [])]
    return []


def attach(table: Table) -> None:
    """Create the table's guards whenever the table is created (``create_all``, tests)."""
    for dialect in ("sqlite", "postgresql"):
        for sql in statements_for(table.name, dialect):
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))
