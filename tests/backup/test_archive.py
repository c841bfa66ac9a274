"""What an archive holds and how: every table and column, in a form read back exactly; password
hashes only when asked; and the `export` and `import` commands."""

import base64
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
)

from ctdppeia.backup import BackupError, export_archive, import_archive
from ctdppeia.backup.codec import codec_for
from ctdppeia.backup.tables import NO_PASSWORD, parents_first
from ctdppeia.extensions import db
from ctdppeia.models import Agency, User
from tests.backup.conftest import Demo, all_rows
from tests.conftest import PASSWORD


@pytest.fixture
def empty_app(migrated_app: Flask) -> Iterator[Flask]:
    with migrated_app.app_context():
        db.session.execute(delete(Agency))
        db.session.commit()
    yield migrated_app


def lines(archive: Path, table: str) -> list[dict[str, object]]:
    with zipfile.ZipFile(archive) as opened:
        data = opened.read(f"tables/{table}.jsonl").decode("utf-8")
    return [json.loads(line) for line in data.splitlines()]


def test_every_column_of_the_models_has_a_codec() -> None:
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            codec_for(column)  # raises BackupError for a type backups cannot store


def test_a_column_type_without_a_codec_is_refused_by_name() -> None:
    table = Table("measurement", MetaData(), Column("id", Integer), Column("ratio", Float))
    with pytest.raises(BackupError, match=r"measurement\.ratio has a type backups cannot store"):
        codec_for(table.c.ratio)


def _replies() -> Table:
    return Table(
        "reply",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("parent_id", ForeignKey("reply.id")),
    )


def test_rows_that_point_at_their_own_table_come_after_their_parents() -> None:
    rows = [{"id": 1, "parent_id": 3}, {"id": 2, "parent_id": None}, {"id": 3, "parent_id": 2}]
    assert [row["id"] for row in parents_first(_replies(), rows)] == [2, 3, 1]


def test_rows_that_point_at_each_other_in_a_circle_are_refused() -> None:
    rows = [{"id": 1, "parent_id": 2}, {"id": 2, "parent_id": 1}]
    with pytest.raises(BackupError, match="reply: row 1 points at itself through others"):
        list(parents_first(_replies(), rows))


def test_binary_columns_are_base64_and_times_carry_their_zone(demo: Demo) -> None:
    (document, *_) = lines(demo.archive, "review_document")
    pdf = base64.b64decode(str(document["pdf"]), validate=True)
    assert pdf.startswith(b"%PDF")
    created = datetime.fromisoformat(str(document["created_at"]))
    assert created.utcoffset() is not None and str(document["created_at"]).endswith("+00:00")
    events = lines(demo.archive, "audit_event")
    assert events[0]["prev_hash"] == "0" * 64 and events[1]["prev_hash"] == events[0]["hash"]


def test_a_new_table_is_exported_without_being_named(migrated_app: Flask, tmp_path: Path) -> None:
    probe = Table(
        "backup_probe",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("note", String(20)),
    )
    try:
        with migrated_app.app_context():
            probe.create(db.engine)
            with db.engine.begin() as connection:
                connection.execute(insert(probe), [{"id": 7, "note": "remember me"}])
            manifest = export_archive(tmp_path / "probe.zip")
            probe.drop(db.engine)
    finally:
        db.metadata.remove(probe)
    assert manifest.member("backup_probe").rows == 1
    assert lines(tmp_path / "probe.zip", "backup_probe") == [{"id": 7, "note": "remember me"}]


def test_password_hashes_are_left_out_unless_asked(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    archive = tmp_path / "no-hashes.zip"
    with demo.app.app_context():
        manifest = export_archive(archive)
    assert manifest.password_hashes is False
    with demo.app.app_context():
        hashes = [user.password_hash.encode() for user in db.session.scalars(select(User))]
    assert hashes
    with zipfile.ZipFile(archive) as opened:
        for name in opened.namelist():
            data = opened.read(name)
            assert not any(h in data or h.split(b"$")[-1] in data for h in hashes), name
            assert b"scrypt" not in data and b"pbkdf2" not in data, name
    assert {row["password_hash"] for row in lines(archive, "user_account")} == {None}
    with empty_app.app_context():
        import_archive(archive)
        users = list(db.session.scalars(select(User)))
        assert users and all(user.password_hash == NO_PASSWORD for user in users)
        assert not any(user.check_password(PASSWORD) for user in users)
    restored, source = all_rows(empty_app), all_rows(demo.app)
    for rows in (restored["user_account"], source["user_account"]):
        for row in rows:
            row.pop("password_hash")
    assert restored == source


def test_the_commands_export_and_import(demo: Demo, empty_app: Flask, tmp_path: Path) -> None:
    archive = tmp_path / "cli.zip"
    result = demo.app.test_cli_runner().invoke(args=["export", str(archive)])
    assert result.exit_code == 0, result.output
    tables = f"{len(db.metadata.tables)} tables"
    assert f"Wrote {archive}: {tables}" in result.output and "left out" in result.output
    again = demo.app.test_cli_runner().invoke(args=["export", str(archive)])
    assert again.exit_code == 1 and "already exists" in again.output
    result = empty_app.test_cli_runner().invoke(args=["import", str(archive)])
    assert result.exit_code == 0, result.output
    assert f"Restored {archive}: {tables}" in result.output
    assert "no account can sign in until an administrator" in result.output
    result = empty_app.test_cli_runner().invoke(args=["import", str(archive)])
    assert result.exit_code == 1 and "The database is not empty" in result.output
