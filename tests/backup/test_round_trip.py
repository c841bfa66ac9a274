"""The demo data goes SQLite -> archive -> PostgreSQL -> archive -> SQLite and comes back the
same: every row of every table, the PDFs' bytes and digests, valid signatures, an intact audit
chain. The SQLite -> archive -> SQLite trip always runs; the PostgreSQL leg needs
TEST_DATABASE_URL."""

import os
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import func, inspect, select, text

from ctdppeia.admin import services as accounts
from ctdppeia.audit_chain import verify_chain
from ctdppeia.backup import export_archive, import_archive
from ctdppeia.extensions import db
from ctdppeia.models import (
    Agency,
    AuditEvent,
    DataRequest,
    ReviewDocument,
    Role,
    User,
    request_search,
)
from tests.backup.conftest import (
    Demo,
    all_rows,
    chain_head,
    check_documents,
    migrated_sqlite,
    new_app,
    table_digests,
)
from tests.conftest import _close, _drop_everything

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _restore_and_check(demo: Demo, target: Flask, archive: Path) -> None:
    """Import `archive` into `target`, then compare it with the demo database in full."""
    with target.app_context():
        import_archive(archive)
    source_rows = all_rows(demo.app)
    assert all_rows(target) == source_rows
    filled = {name for name, rows in source_rows.items() if rows}
    assert {"review_document", "audit_event", "board_comment", "review_answer"} <= filled
    assert check_documents(target) == check_documents(demo.app) >= 2
    assert chain_head(target) == chain_head(demo.app)


def _export(app: Flask, path: Path) -> Path:
    with app.app_context():
        export_archive(path, with_password_hashes=True)
    return path


def test_the_archive_holds_every_table_of_the_database(demo: Demo) -> None:
    with demo.app.app_context():
        # SQLite's search index is not archived: the restored requests' triggers rebuild it.
        tables = inspect(db.engine).get_table_names()
        in_database = {t for t in tables if request_search.mapped(t, "table")} - {"alembic_version"}
    archived = {member.table for member in demo.manifest.tables}
    assert archived == in_database == set(db.metadata.tables)
    counts = all_rows(demo.app)
    assert {m.table: m.rows for m in demo.manifest.tables} == {
        name: len(rows) for name, rows in counts.items()
    }


def test_sqlite_to_archive_to_sqlite(demo: Demo, _migrated_sqlite: Path) -> None:
    target = migrated_sqlite(_migrated_sqlite, demo.folder, "sqlite-copy")
    _restore_and_check(demo, target, demo.archive)
    _search_index_in_step(target)
    again = _export(target, demo.folder / "sqlite-copy.zip")
    assert table_digests(again) == table_digests(demo.archive)
    _still_guarded_and_writable(target)


@pytest.mark.skipif(
    not PG_URL,
    reason="TEST_DATABASE_URL is not set: the PostgreSQL leg needs a PostgreSQL database",
)
def test_sqlite_to_postgresql_to_sqlite(demo: Demo, _migrated_sqlite: Path) -> None:
    postgres = new_app(demo.folder, str(PG_URL))
    with postgres.app_context():
        _drop_everything()
        flask_migrate.upgrade()
    try:
        _restore_and_check(demo, postgres, demo.archive)
        from_postgres = _export(postgres, demo.folder / "postgres.zip")
        assert table_digests(from_postgres) == table_digests(demo.archive)
        _still_guarded_and_writable(postgres)
    finally:
        _close(postgres)
    back = migrated_sqlite(_migrated_sqlite, demo.folder, "back-from-postgres")
    _restore_and_check(demo, back, from_postgres)
    assert table_digests(_export(back, demo.folder / "back.zip")) == table_digests(demo.archive)


def _search_index_in_step(app: Flask) -> None:
    """The restored requests are in SQLite's search index (FTS5 checks it against them)."""
    with app.app_context():
        title = db.session.scalars(select(DataRequest.title)).first()
        assert title is not None
        found = db.session.scalars(request_search.candidates(title)).all()
        assert len(found) >= 1
        name = request_search.NAME
        db.session.execute(text(f"INSERT INTO {name}({name}) VALUES ('integrity-check')"))
        db.session.rollback()


def _still_guarded_and_writable(app: Flask) -> None:
    """After a restore the guards still refuse changes, and new rows get new ids."""
    with app.app_context():
        document = db.session.scalars(select(ReviewDocument)).first()
        assert document is not None
        document.schema = "changed"
        with pytest.raises(Exception, match="kept as issued"):
            db.session.commit()
        db.session.rollback()
        event = db.session.scalars(select(AuditEvent)).first()
        assert event is not None
        event.summary = "rewritten"
        with pytest.raises(Exception, match="append-only"):
            db.session.commit()
        db.session.rollback()
        highest = db.session.scalar(select(func.max(User.id)))
        user = accounts.create_user(
            None,
            email="after.restore@example.gov",
            name="After Restore",
            role=Role.REVIEWER,
            agency=db.session.scalars(select(Agency)).first(),
            password="a long passphrase after the restore",
        )
        assert user.id > highest
        assert verify_chain().ok
