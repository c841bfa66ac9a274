"""Two-step sign-in recovery codes leave the archive with the password hashes: an archive
made without password hashes holds none, so it and a password cannot pass both steps."""

import zipfile
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from ctdppeia.auth.mfa import codes
from ctdppeia.backup import export_archive
from ctdppeia.extensions import db
from ctdppeia.models import RecoveryCode, Role
from tests.conftest import create_test_user


def _account_with_codes(app: Flask) -> list[str]:
    user = create_test_user(app, 1, Role.REVIEWER, "DSS", two_step=True)
    with app.app_context():
        for code in codes.new_recovery_codes():
            db.session.add(codes.stored_recovery_code(user.id, code))
        db.session.commit()
        return list(db.session.scalars(select(RecoveryCode.code_hash)))


def _table(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        return opened.read("tables/mfa_recovery_code.jsonl")


def _everything(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        return b"".join(opened.read(name) for name in opened.namelist())


def test_an_archive_without_password_hashes_holds_no_recovery_code(
    migrated_app: Flask, tmp_path: Path
) -> None:
    hashes = _account_with_codes(migrated_app)
    assert len(hashes) == 10
    with migrated_app.app_context():
        manifest = export_archive(tmp_path / "plain.zip")
    assert manifest.member("mfa_recovery_code").rows == 0
    assert _table(tmp_path / "plain.zip") == b""
    data = _everything(tmp_path / "plain.zip")
    assert not any(h.encode() in data or h.split("$")[-1].encode() in data for h in hashes)


def test_an_archive_with_password_hashes_keeps_them(migrated_app: Flask, tmp_path: Path) -> None:
    hashes = _account_with_codes(migrated_app)
    with migrated_app.app_context():
        manifest = export_archive(tmp_path / "full.zip", with_password_hashes=True)
    assert manifest.member("mfa_recovery_code").rows == 10
    data = _table(tmp_path / "full.zip")
    assert all(h.encode() in data for h in hashes)
