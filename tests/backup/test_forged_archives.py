"""The third security test's crafted archives (fault 6), each imported into a new, migrated,
empty database: each is refused through `flask import` with a message that names the problem,
exit status 1, and the database left empty.

Forged without the key (as anyone holding the file can), every change is refused by the
manifest's MAC. Forged by a holder of ARCHIVE_KEY (the MAC recomputed, `key=`), the checks
after it refuse on their own: the audit chain, the row rules, the secrets the manifest says are
absent, and the read limits.
"""

import json
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from ctdppeia.backup import BackupError, export_archive, import_archive
from ctdppeia.backup.archive import MANIFEST
from ctdppeia.backup.authenticity import SEAL
from ctdppeia.backup.rules import WITHHELD
from ctdppeia.backup.tables import ordered_tables
from ctdppeia.extensions import db
from ctdppeia.models import Agency, AuditEvent
from tests.backup.conftest import Demo
from tests.backup.crafted import (
    confirmed_event_changed,
    manifest_edit,
    planted_admin,
    reviewer_changed,
    rewritten,
    table_edit,
    written,
)

NOT_AUTHENTIC = "The archive is not authentic: its manifest.hmac does not match its manifest"


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


def refused_by_import(app: Flask, archive: Path) -> str:
    """`flask import ARCHIVE` fails with status 1 and leaves the database empty; its output."""
    result = app.test_cli_runner().invoke(args=["import", str(archive)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert "Restored" not in result.output
    assert rows_in(app) == 0
    return " ".join(result.output.split())


def event_id(demo: Demo, action: str) -> int:
    with demo.app.app_context():
        query = select(func.min(AuditEvent.id)).where(AuditEvent.action == action)
        return int(db.session.scalar(query) or 0)


# The audit chain (a5, a6).


@pytest.mark.parametrize("relink", [False, True], ids=["a5-changed", "a6-every-hash-recomputed"])
def test_a_rewritten_audit_event_is_refused_without_the_key(
    demo: Demo, empty_app: Flask, tmp_path: Path, relink: bool
) -> None:
    edit = table_edit("audit_event", lambda rows: confirmed_event_changed(rows, relink))
    archive = rewritten(demo.archive, tmp_path / "a5.zip", edit, fix_checksums=True)
    assert "Error: " + NOT_AUTHENTIC in refused_by_import(empty_app, archive)


def test_a_rewritten_audit_event_is_refused_by_the_chain_even_with_the_key(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    edit = table_edit("audit_event", lambda rows: confirmed_event_changed(rows, relink=False))
    archive = rewritten(demo.archive, tmp_path / "a5k.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    changed = event_id(demo, "review.confirmed")
    assert f"The archive's audit log is broken at event {changed}" in message
    assert "its content does not match its hash (the event was changed)" in message
    assert f"The {changed - 1} events before it are linked correctly" in message


def test_a_removed_audit_event_is_refused_by_the_chain(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    edit = table_edit("audit_event", lambda rows: rows[:5] + rows[6:])
    archive = rewritten(demo.archive, tmp_path / "gap.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "broken at event 7: its link to the event before it does not match" in message


# Secrets the manifest says are absent (a7).


def test_a_planted_administrator_is_refused_without_the_key(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    archive = rewritten(
        _without_hashes(demo, tmp_path),
        tmp_path / "a7.zip",
        table_edit("user_account", planted_admin),
        fix_checksums=True,
    )
    assert NOT_AUTHENTIC in refused_by_import(empty_app, archive)


def test_a_password_hash_in_an_archive_without_hashes_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    edit = table_edit("user_account", planted_admin)
    source = _without_hashes(demo, tmp_path)
    archive = rewritten(source, tmp_path / "a7k.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/user_account.jsonl, line" in message
    assert "password_hash holds a secret, but the manifest says the archive was made without " in (
        message
    )
    assert "no account can sign in" not in message


def test_a_recovery_code_hash_in_an_archive_without_hashes_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    def plant_code(name: str, data: bytes) -> bytes:
        if name != "tables/mfa_recovery_code.jsonl":
            return data
        columns = db.metadata.tables["mfa_recovery_code"].columns
        code = {column.name: None for column in columns} | {"id": 1, "user_id": 1}
        code["code_hash"] = "ab" * 32
        return (json.dumps(code) + "\n").encode()

    source = _without_hashes(demo, tmp_path)
    archive = rewritten(source, tmp_path / "codes.zip", plant_code, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/mfa_recovery_code.jsonl, line 1: code_hash holds a secret" in message


def test_every_secret_left_out_without_hashes_is_a_column_of_the_models() -> None:
    """A renamed secret column fails here, never silently stops being checked."""
    for table, column in WITHHELD:
        assert column in db.metadata.tables[table].columns, (table, column)


def _without_hashes(demo: Demo, folder: Path) -> Path:
    path = folder / "no-hashes.zip"
    with demo.app.app_context():
        export_archive(path)
    return path


# Field rules (a8) and column rules.


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"email": "reviewer@demo.ct.gov, evil@evil.example"},
            "email is not an email address",
        ),
        ({"email": "Reviewer@Demo.ct.gov"}, "email is not written as the account form keeps it"),
        ({"name": "Rev\r\nBcc: evil@evil.example"}, "name holds characters the account form"),
        ({"name": "x" * 201}, "name is 201 characters long; the column holds 200"),
        ({"role": "superuser"}, "role is not one of ['admin', 'ai_reviewer', 'approver'"),
        ({"active": "yes"}, "active is not of the column's type"),
        ({"agency_id": 2**40}, "agency_id is not a whole number the column holds"),
        ({"agency_id": None}, "agency_id is empty, and the column requires a value"),
    ],
    ids=["address-list", "upper-case", "cr-lf", "too-long", "enum", "type", "integer", "empty"],
)
def test_an_account_the_forms_would_refuse_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes, values: dict[str, object],
    expected: str,
) -> None:  # fmt: skip
    edit = table_edit("user_account", reviewer_changed(values))
    archive = rewritten(demo.archive, tmp_path / "a8.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/user_account.jsonl, line" in message and expected in message


def test_a_request_contact_that_is_no_address_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    def change(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [rows[0] | {"contact_email": "a@example.org, evil@evil.example"}, *rows[1:]]

    edit = table_edit("data_request", change)
    archive = rewritten(demo.archive, tmp_path / "contact.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/data_request.jsonl, line 1: contact_email is not an email address" in message


# Read limits (a3), text that is not UTF-8 (a10), nesting (a11).


def _one_long_line(size: int) -> bytes:
    return b'{"id": "' + b"a" * size + b'"}\n'


def test_a_huge_line_is_refused_in_constant_memory(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    """a3: a table file that is one 32 MiB line (about 32 KB compressed), with a line limit of
    1 MiB: refused at line 1, and no more than a few MiB is ever held."""
    empty_app.config["ARCHIVE_MAX_LINE_BYTES"] = 2**20
    edit = lambda name, data: _one_long_line(32 * 2**20) if name.endswith("/agency.jsonl") else data  # noqa: E731
    archive = rewritten(demo.archive, tmp_path / "a3.zip", edit, fix_checksums=True, key=key)
    assert archive.stat().st_size < 2**20
    tracemalloc.start()
    try:
        with empty_app.app_context(), pytest.raises(BackupError) as raised:
            import_archive(archive)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    assert "tables/agency.jsonl, line 1 is larger than 1,048,576 bytes (1.0 MiB)" in str(
        raised.value
    )
    message = refused_by_import(empty_app, archive)
    assert "ARCHIVE_MAX_LINE_BYTES" in message


def test_a_line_past_the_limit_after_many_short_ones_is_named(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    empty_app.config["ARCHIVE_MAX_LINE_BYTES"] = 4096
    edit = table_edit("agency", lambda rows: [*rows, rows[0] | {"name": "n" * 5000}])
    archive = rewritten(demo.archive, tmp_path / "long.zip", edit, fix_checksums=True, key=key)
    with demo.app.app_context():
        agencies = db.session.scalar(select(func.count()).select_from(Agency))
    message = refused_by_import(empty_app, archive)
    assert f"tables/agency.jsonl, line {agencies + 1} is larger than 4,096 bytes" in message


def test_a_table_file_past_the_size_limit_is_refused(demo: Demo, empty_app: Flask) -> None:
    """A zip bomb: the limit is checked against the declared size, and again while reading."""
    empty_app.config["ARCHIVE_MAX_MEMBER_BYTES"] = 4096
    message = refused_by_import(empty_app, demo.archive)
    assert "is larger than 4,096 bytes (0.0 MiB), the most `import` reads" in message
    assert "ARCHIVE_MAX_MEMBER_BYTES" in message


def test_a_manifest_past_the_size_limit_is_refused(demo: Demo, empty_app: Flask) -> None:
    empty_app.config["ARCHIVE_MAX_MANIFEST_BYTES"] = 1024
    message = refused_by_import(empty_app, demo.archive)
    assert "manifest.json is larger than 1,024 bytes" in message
    assert "ARCHIVE_MAX_MANIFEST_BYTES" in message


@pytest.mark.parametrize("with_key", [False, True], ids=["forged", "key-holder"])
def test_a_manifest_that_is_not_utf8_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes, with_key: bool
) -> None:
    """a10."""
    edit = manifest_edit(lambda data: data.replace(b'"dialect"', b'"dialect\xff"', 1))
    archive = rewritten(demo.archive, tmp_path / "a10.zip", edit, key=key if with_key else None)
    message = refused_by_import(empty_app, archive)
    if with_key:
        assert "manifest.json is not UTF-8 text (byte " in message
    else:
        assert NOT_AUTHENTIC in message


def test_a_row_that_is_not_utf8_is_refused_with_its_line(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if not name.endswith("/agency.jsonl"):
            return data
        first, second, rest = data.split(b"\n", 2)
        return b"\n".join([first, second.replace(b'"name":"', b'"name":"\xc3\x28', 1), rest])

    archive = rewritten(demo.archive, tmp_path / "utf8.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/agency.jsonl, line 2 is not UTF-8 text (byte " in message


@pytest.mark.parametrize("with_key", [False, True], ids=["forged", "key-holder"])
def test_a_deeply_nested_manifest_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes, with_key: bool
) -> None:
    """a11: 100,000 levels (about 200 KB)."""
    nested = b"[" * 100_000 + b"]" * 100_000
    edit = manifest_edit(lambda data: data.replace(b'"dialect"', b'"deep": ' + nested + b', "d', 1))
    archive = rewritten(demo.archive, tmp_path / "a11.zip", edit, key=key if with_key else None)
    message = refused_by_import(empty_app, archive)
    if with_key:
        assert "manifest.json: its JSON nests 100001 levels deep, more than the 64" in message
    else:
        assert NOT_AUTHENTIC in message


def test_a_deeply_nested_row_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    def deep(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        value: object = "bottom"
        for _ in range(200):
            value = [value]
        return [rows[0] | {"changes": value}, *rows[1:]]

    edit = table_edit("audit_event", deep)
    archive = rewritten(demo.archive, tmp_path / "deep.zip", edit, fix_checksums=True, key=key)
    message = refused_by_import(empty_app, archive)
    assert "tables/audit_event.jsonl, line 1: its JSON nests 201 levels deep" in message


# The archive's files and the key.


def test_two_files_of_one_name_are_refused(demo: Demo, empty_app: Flask, tmp_path: Path) -> None:
    """a13."""
    with zipfile.ZipFile(demo.archive) as old:
        files = {name: old.read(name) for name in old.namelist()}
    archive = written(tmp_path / "a13.zip", files)
    with zipfile.ZipFile(archive, "a") as again, pytest.warns(UserWarning, match="Duplicate"):
        again.writestr("tables/agency.jsonl", b"")
    message = refused_by_import(empty_app, archive)
    assert "The archive holds more than one file named ['tables/agency.jsonl']" in message


def test_an_archive_without_its_mac_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    with zipfile.ZipFile(demo.archive) as old:
        files = {name: old.read(name) for name in old.namelist() if name != SEAL}
    message = refused_by_import(empty_app, written(tmp_path / "unsealed.zip", files))
    assert "The archive has no manifest.hmac, so it cannot be authenticated" in message


def test_an_archive_made_with_another_key_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    archive = tmp_path / "other-key.zip"
    demo.app.config["ARCHIVE_KEY"] = "another deployment's archive key, 40 chars"
    try:
        with demo.app.app_context():
            export_archive(archive)
    finally:
        demo.app.config["ARCHIVE_KEY"] = None
    assert NOT_AUTHENTIC in refused_by_import(empty_app, archive)
    empty_app.config["ARCHIVE_KEY"] = "another deployment's archive key, 40 chars"
    result = empty_app.test_cli_runner().invoke(args=["import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "The archive was authentic and its" in result.output


def test_production_refuses_to_export_or_import_without_the_key(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    saved = [
        (app, {k: app.config[k] for k in ("TESTING", "ENV", "ARCHIVE_KEY")})
        for app in (demo.app, empty_app)
    ]
    for app, _ in saved:
        app.config.update(TESTING=False, ENV="production")
    try:
        result = demo.app.test_cli_runner().invoke(args=["export", str(tmp_path / "new.zip")])
        assert result.exit_code == 1 and not (tmp_path / "new.zip").exists()
        assert "ARCHIVE_KEY is not set" in result.output
        assert "Set CTDPPEIA_ARCHIVE_KEY" in " ".join(result.output.split())
        assert "ARCHIVE_KEY is not set" in refused_by_import(empty_app, demo.archive)
        empty_app.config["ARCHIVE_KEY"] = "too short"
        assert "ARCHIVE_KEY is 9 characters long" in refused_by_import(empty_app, demo.archive)
    finally:
        for app, settings in saved:
            app.config.update(settings)


def test_a_genuine_archive_reports_its_chain_head(demo: Demo, empty_app: Flask) -> None:
    result = empty_app.test_cli_runner().invoke(args=["import", str(demo.archive)])
    assert result.exit_code == 0, result.output
    with demo.app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last is not None
        head, count = last.hash, db.session.scalar(select(func.count(AuditEvent.id)))
    assert f"its {count} audit events are linked correctly" in result.output
    assert f"chain head: event {last.id}, SHA-256 {head}" in result.output
    with zipfile.ZipFile(demo.archive) as archive:
        assert {MANIFEST, SEAL} <= set(archive.namelist())


def test_a_damaged_file_in_the_archive_is_refused_without_a_traceback(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    """The manifest stored uncompressed, one of its bytes changed in place: a wrong CRC."""
    archive = tmp_path / "damaged.zip"
    with zipfile.ZipFile(demo.archive) as old, zipfile.ZipFile(archive, "w") as new:
        for name in old.namelist():
            new.writestr(name, old.read(name), compress_type=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    at = data.index(b'"dialect"')
    data[at + 1] = ord("D")
    archive.write_bytes(bytes(data))
    message = refused_by_import(empty_app, archive)
    assert f"{archive} is damaged: a file in it cannot be unpacked (Bad CRC-32" in message


def test_an_encrypted_file_in_the_archive_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path
) -> None:
    """The manifest marked encrypted in the zip's directory (general purpose flag, bit 0)."""
    data = bytearray(demo.archive.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first entry of the central directory
    while data[entry + 46 : entry + 46 + len(MANIFEST)] != MANIFEST.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 8] |= 0x1
    archive = tmp_path / "encrypted.zip"
    archive.write_bytes(bytes(data))
    message = refused_by_import(empty_app, archive)
    assert "The archive holds encrypted files, which `import` never reads: ['manifest.json']" in (
        message
    )


def test_a_table_file_under_another_name_is_refused(
    demo: Demo, empty_app: Flask, tmp_path: Path, key: bytes
) -> None:
    """The manifest points two tables at one file (made with the key)."""

    def same_file(data: bytes) -> bytes:
        manifest = json.loads(data)
        agency, *_ = manifest["tables"]
        agency["path"] = "tables/user_account.jsonl"
        return json.dumps(manifest).encode()

    archive = rewritten(demo.archive, tmp_path / "path.zip", manifest_edit(same_file), key=key)
    message = refused_by_import(empty_app, archive)
    assert "The manifest names 'tables/user_account.jsonl' as the file of agency" in message
