"""The migrations build the same schema as the models, guards included."""

import hashlib

import pyotp
import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import request_search
from ctdppeia.models.review_lock import CHILD_TABLES
from tests.conftest import PASSWORD, TWO_STEP_KEY

SQLITE_TRIGGERS = """
    SELECT tbl_name, name, sql FROM sqlite_master
    WHERE type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%'
"""
POSTGRESQL_TRIGGERS = """
    SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) || ' -- ' || p.prosrc
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)
"""


@pytest.fixture
def empty_app(app: Flask) -> Flask:
    """The test app with its database emptied, so the migrations start from nothing."""
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    return app


def _upgrade_and_compare(app: Flask) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade()
    with db.engine.connect() as connection:
        # SQLite's search index is compared in the triggers test below, not as a model's table.
        opts = {"render_as_batch": True, "include_name": request_search.mapped}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_the_models(empty_app: Flask) -> None:
    with empty_app.app_context():
        differences = _upgrade_and_compare(empty_app)
        assert differences == []
        assert "review" in inspect(db.engine).get_table_names()


def test_upgrade_creates_the_append_only_guard(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        db.session.execute(
            text(
                "INSERT INTO audit_event (at, action, object_type, object_id, scope_type, "
                "scope_id, changes, summary, prev_hash, hash) VALUES (CURRENT_TIMESTAMP, 'x', "
                "'t', 1, 't', 1, '{}', '', :h, :h)"
            ),
            {"h": "0" * 64},
        )
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET summary = 'changed'"))
        db.session.rollback()


def test_downgrade_removes_everything(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # and it can be built again from nothing


def _guards() -> dict[str, dict[str, dict[str, str]]]:
    """The database's own rules as built: triggers (with their SQL, and on PostgreSQL the
    body of the function each one calls) and named CHECK constraints, per table."""
    query = SQLITE_TRIGGERS if db.engine.dialect.name == "sqlite" else POSTGRESQL_TRIGGERS
    triggers: dict[str, dict[str, str]] = {}
    for table, name, sql in db.session.execute(text(query)):
        triggers.setdefault(table, {})[name] = " ".join(sql.split())
    inspector = inspect(db.engine)
    checks = {
        table: {check["name"]: " ".join(check["sqltext"].split()) for check in found}
        for table in inspector.get_table_names()
        if (found := inspector.get_check_constraints(table))
    }
    db.session.rollback()
    return {"triggers": triggers, "checks": checks}


def test_upgrade_builds_the_same_triggers_and_checks_as_the_models(empty_app: Flask) -> None:
    with empty_app.app_context():
        db.create_all()
        from_models = _guards()
        db.drop_all()
        upgrade()
        from_migrations = _guards()
        dialect = db.engine.dialect.name
    assert from_migrations["triggers"] == from_models["triggers"]
    assert from_migrations["checks"] == from_models["checks"]
    # The comparison is about something: every guarded table has its triggers, and the
    # review's invariants are named checks.
    counts = {table: len(found) for table, found in from_migrations["triggers"].items()}
    guarded = {
        "audit_event",
        "review",
        "questionnaire_version",
        "review_document",
        "inventory_entry_version",
        "inventory_year",
        "board_comment_revision",
        "board_response",
        "ai_conflict",
        "ai_recommendation",
        "ai_subcommittee_recommendation",
        "ai_decision",
        "ai_condition",
        "ai_condition_correction",
        "board_concern_ack",
        *CHILD_TABLES,
    }
    if dialect == "sqlite":  # the search index, and the triggers that keep it
        guarded |= {"data_request", request_search.NAME}
        assert counts["data_request"] == 3
    assert set(counts) == guarded
    assert "ck_review_confirmer_is_not_submitter" in from_migrations["checks"]["review"]


def test_upgrade_links_existing_audit_events(empty_app: Flask) -> None:
    """Events written before the chain existed are linked in id order by the migration."""
    from ctdppeia.audit_chain import verify_chain

    with empty_app.app_context():
        upgrade(revision="3b39a4027dda")
        db.session.execute(text("INSERT INTO agency (code, name) VALUES ('DSS', 'Social')"))
        db.session.execute(
            text(
                "INSERT INTO user_account (email, name, password_hash, role, agency_id, active, "
                "high_risk_subcommittee, created_at) VALUES ('a@ct.gov', 'A', 'x', 'admin', "
                "1, true, false, CURRENT_TIMESTAMP)"
            )
        )
        for number, changes in enumerate(["{}", '{"title": ["Old", "New \u00e9"]}', "{}"]):
            db.session.execute(
                text(
                    "INSERT INTO audit_event (at, actor_id, action, object_type, object_id, "
                    "scope_type, scope_id, changes, summary) VALUES (:at, 1, 'x.changed', 't', "
                    ":n, 't', :n, :changes, 'old event')"
                ),
                {
                    "at": f"2026-01-0{number + 1} 10:00:00.12345{number}",
                    "n": number,
                    "changes": changes,
                },
            )
        db.session.commit()
        upgrade()
        report = verify_chain()
        assert report.ok and report.checked == 3
        assert db.session.execute(text("SELECT session_generation FROM user_account")).scalar() == 0
        with pytest.raises(DBAPIError, match="append-only"):  # the guard is back
            db.session.execute(text("UPDATE audit_event SET summary = 'changed'"))
        db.session.rollback()


def _account_as_of_f17b(app: Flask) -> int:
    """A reviewer with two-step sign-in on, written with the columns the account table had at
    revision f17b0c1a0008 (the models have more since)."""
    from ctdppeia.auth.mfa import codes
    from ctdppeia.models.user import hash_secret

    agency = db.session.execute(text("SELECT id FROM agency WHERE code = 'DSS'")).scalar_one()
    db.session.execute(
        text(
            "INSERT INTO user_account (email, name, password_hash, role, agency_id, active, "
            "high_risk_subcommittee, ai_chair, created_at, session_generation, mfa_secret, "
            "mfa_enabled_at) VALUES ('old.codes@example.gov', 'Old Codes', :hash, 'reviewer', "
            ":agency, :yes, :no, :no, CURRENT_TIMESTAMP, 0, :secret, CURRENT_TIMESTAMP)"
        ),
        {
            "hash": hash_secret(PASSWORD),
            "agency": agency,
            "yes": True,
            "no": False,
            "secret": codes.seal(TWO_STEP_KEY),
        },
    )
    found = db.session.execute(text("SELECT id FROM user_account")).scalar_one()
    return int(found)


def test_upgrade_retires_the_old_unsalted_recovery_codes(empty_app: Flask) -> None:
    """A code of the old kind (40 bits, unsalted SHA-256) no longer signs in once migrated,
    its hash is gone from the database, and its owner is asked to make new codes."""
    old_code = "dad61-764c7"
    old_hash = hashlib.sha256(b"dad61764c7").hexdigest()
    with empty_app.app_context():
        upgrade(revision="f17b0c1a0008")
        accounts.seed_agencies()
        user_id = _account_as_of_f17b(empty_app)
        db.session.execute(
            text("INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES (:user, :hash)"),
            {"user": user_id, "hash": old_hash},
        )
        db.session.commit()
        upgrade()
        stored = db.session.execute(text("SELECT code_hash, lookup FROM mfa_recovery_code"))
        assert [tuple(row) for row in stored] == [("retired", None)]
    client = empty_app.test_client()
    client.post("/login", data={"email": "old.codes@example.gov", "password": PASSWORD})
    assert client.post("/login/code", data={"code": old_code}).status_code == 401
    code = pyotp.TOTP(TWO_STEP_KEY).now()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    page = client.get("/account/two-step/").get_data(as_text=True)
    assert "Your recovery codes no longer work." in page and "Make new recovery codes" in page
