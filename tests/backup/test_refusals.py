"""An import refuses, naming the problem, and leaves the database as it was: a database that is
not empty or not at the archive's migration, a damaged or changed archive, a file that is no
archive; and an archive the database refuses half-way is not half-imported."""

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from ctdppeia.backup import BackupError, import_archive
from ctdppeia.backup.archive import MANIFEST
from ctdppeia.backup.authenticity import SEAL, seal
from ctdppeia.backup.tables import ordered_tables
from ctdppeia.extensions import db
from ctdppeia.models import Agency
from tests.backup.conftest import Demo
from tests.backup.crafted import rewritten


@pytest.fixture
def empty_app(migrated_app: Flask) -> Iterator[Flask]:
    """A database built by the migrations, with nothing in it (not even the agencies)."""
    with migrated_app.app_context():
        db.session.execute(delete(Agency))
        db.session.commit()
    yield migrated_app


def rows_in(app: Flask) -> int:
    with app.app_context():
        return sum(
            db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in ordered_tables()
        )


def refused(app: Flask, archive: Path) -> str:
    with app.app_context(), pytest.raises(BackupError) as raised:
        import_archive(archive)
    return str(raised.value)


def test_a_database_with_data_is_refused(demo: Demo, migrated_app: Flask) -> None:
    before = rows_in(migrated_app)
    message = refused(migrated_app, demo.archive)
    assert "The database is not empty" in message and "agency (" in message
    assert rows_in(migrated_app) == before


def test_a_database_at_another_migration_is_refused(demo: Demo, empty_app: Flask) -> None:
    with empty_app.app_context():
        flask_migrate.stamp(revision="a1a1c0de0002")
    message = refused(empty_app, demo.archive)
    assert "The database is at migration a1a1c0de0002" in message
    assert "flask --app ctdppeia db upgrade" in message
    assert rows_in(empty_app) == 0


def test_a_database_not_built_by_the_migrations_is_refused(demo: Demo, app: Flask) -> None:
    assert "has no migration revision" in refused(app, demo.archive)


def test_an_archive_of_another_migration_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    def older(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["revision"] = ["b0a4d5a4e001"]
        return json.dumps(manifest).encode()

    message = refused(empty_app, rewritten(demo.archive, tmp_path / "old.zip", older, key=key))
    assert "The archive was made at migration b0a4d5a4e001" in message
    assert rows_in(empty_app) == 0


def test_a_changed_table_file_is_refused_by_its_checksum(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    def tampered(name: str, data: bytes) -> bytes:
        return data.replace(b"approve", b"deny") if name.endswith("review_decision.jsonl") else data

    message = refused(empty_app, rewritten(demo.archive, tmp_path / "bad.zip", tampered))
    assert "tables/review_decision.jsonl is damaged or was changed" in message
    assert "SHA-256" in message and "Nothing was restored" in message
    assert rows_in(empty_app) == 0


def test_a_row_the_database_refuses_leaves_nothing_behind(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    """A late table breaks a CHECK constraint, after most others went in: all rolled back."""

    def bad_kind(name: str, data: bytes) -> bytes:
        if not name.endswith("board_response.jsonl"):
            return data
        row = json.loads(data.splitlines()[0])
        row["kind"] = "not-a-kind"
        return (json.dumps(row) + "\n").encode()

    names = [table.name for table in ordered_tables()]
    assert names.index("board_response") >= len(names) - 5
    archive = rewritten(
        demo.archive, tmp_path / "refused.zip", bad_kind, fix_checksums=True, key=key
    )
    message = refused(empty_app, archive)
    assert "The database refused a row of board_response, so nothing was restored" in message
    assert "kind_known" in message
    assert rows_in(empty_app) == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip at all", "it is not a zip file"),
        (None, f"it has no {MANIFEST}"),
        (b'{"format": "ctdppeia-backup", "format_version": 99}', "format version 99"),
        (b'{"format": "something-else"}', "This is not a ctdppeia backup"),
    ],
)
def test_a_file_that_is_no_archive_is_refused(
    empty_app: Flask, tmp_path: Path, key: bytes, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "file.zip"
    if content == b"not a zip at all":
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("tables/agency.jsonl", b"")
            if content is not None:
                archive.writestr(MANIFEST, content)
                archive.writestr(SEAL, seal(content, key))
    assert expected in refused(empty_app, path)
    assert rows_in(empty_app) == 0
