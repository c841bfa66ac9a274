"""The demo data exported once per module from a migrated SQLite database, and helpers that
compare two databases row by row and check their signed PDFs and audit chain."""

import hashlib
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from ctdppeia.audit_chain import ChainHead, verify_chain
from ctdppeia.backup import Manifest, export_archive
from ctdppeia.backup.authenticity import archive_key
from ctdppeia.backup.tables import ordered_tables
from ctdppeia.demo import seed_demo
from ctdppeia.documents.checking import check_pdf
from ctdppeia.documents.identity import trust_roots
from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument
from ctdppeia.pdf import verify_pdf
from tests.conftest import _new_app

Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Demo:
    """The seeded demo database and its archive (password hashes included)."""

    folder: Path  # its instance folder (signing authority, signers' keys) is shared by targets
    app: Flask
    archive: Path
    manifest: Manifest


def new_app(folder: Path, url: str) -> Flask:
    """An app on `url` whose instance folder is `folder`/instance (as a restored host has)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CTDPPEIA_ENV", "development")
        return _new_app(folder, monkeypatch, url)


def migrated_sqlite(template: Path, folder: Path, name: str) -> Flask:
    """A new SQLite database built by the migrations (a copy of the suite's migrated file)."""
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return new_app(folder, f"sqlite:///{path}")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, _migrated_sqlite: Path) -> Demo:
    """The demo data and its archive, built once per test process: the tests read them and
    never change them (each import goes into a database of its own)."""
    folder = tmp_path_factory.mktemp("backup")
    app = migrated_sqlite(_migrated_sqlite, folder, "demo")
    archive = folder / "demo.zip"
    with app.app_context():
        seed_demo()
        manifest = export_archive(archive, with_password_hashes=True)
        db.engine.dispose()
    return Demo(folder, app, archive, manifest)


@pytest.fixture
def key(demo: Demo) -> bytes:
    """The key the test apps authenticate archives with (derived from their SECRET_KEY)."""
    with demo.app.app_context():
        return archive_key()


def all_rows(app: Flask) -> Rows:
    """Every row of every table, in primary-key order, as the models read them."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [
                dict(row)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in ordered_tables()
        }


def table_digests(archive: Path) -> dict[str, str]:
    """SHA-256 of each table file, computed from the bytes (not read from the manifest)."""
    with zipfile.ZipFile(archive) as opened:
        return {
            name: hashlib.sha256(opened.read(name)).hexdigest()
            for name in opened.namelist()
            if name.startswith("tables/")
        }


def check_documents(app: Flask) -> int:
    """Every stored PDF: its digests match, both signatures validate (pyHanko) against this
    installation's authority, and /verify's check finds it genuine here. Returns how many."""
    with app.app_context():
        documents = list(db.session.scalars(select(ReviewDocument)))
        roots = trust_roots()
        for document in documents:
            assert hashlib.sha256(document.pdf).hexdigest() == document.file_sha256
            snapshot = (document.snapshot_json or "").encode("utf-8")
            assert hashlib.sha256(snapshot).hexdigest() == document.record_digest
            report = verify_pdf(document.pdf, roots)
            assert report.ok and len(report.signatures) == 2, report
            assert report.signed_digest == document.record_digest
            check = check_pdf(document.pdf)
            assert check.ok and check.match is not None
            assert check.match.review_id == document.review_id and check.match.same_file
        return len(documents)


def chain_head(app: Flask) -> ChainHead:
    with app.app_context():
        report = verify_chain()
        assert report.ok, report.broken
        assert report.head is not None
        return report.head
