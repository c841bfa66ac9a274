"""Shared fixtures for the review PDF tests: one build and one signing run per session."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.pdf import (
    build_pdf_with_boxes,
    ensure_signing_identity,
    load_signing_identity,
    record_digest,
    sign_pdf,
)
from ctdppeia.pdf.build import BuiltPdf
from ctdppeia.pdf.keys import SigningIdentity
from ctdppeia.pdf.signing import add_signature_fields

from .sample_snapshot import APPROVER, REVIEWER, rich_snapshot

PASSPHRASE = b"test passphrase"
ORGANISATION = "Connecticut Department of Social Services"


def layout_lines(data: bytes) -> list[str]:
    """Lines of ``pdftotext -layout`` output, so a table row stays on one line."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").splitlines()


@pytest.fixture
def snapshot() -> dict[str, Any]:
    return rich_snapshot()


@pytest.fixture(scope="session")
def session_snapshot() -> dict[str, Any]:
    return rich_snapshot()


@pytest.fixture(scope="session")
def digest(session_snapshot: dict[str, Any]) -> str:
    return record_digest(session_snapshot)


@pytest.fixture(scope="session")
def built(session_snapshot: dict[str, Any], digest: str) -> BuiltPdf:
    return build_pdf_with_boxes(session_snapshot, digest)


@pytest.fixture(scope="session")
def with_fields(built: BuiltPdf) -> bytes:
    return add_signature_fields(built.data, built.boxes)


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def identity(key_dir: Path) -> SigningIdentity:
    path = ensure_signing_identity(key_dir / "signing.p12", PASSPHRASE, ORGANISATION)
    return load_signing_identity(path, PASSPHRASE)


@pytest.fixture(scope="session")
def other_identity(key_dir: Path) -> SigningIdentity:
    path = ensure_signing_identity(key_dir / "other.p12", PASSPHRASE, "Some Other Office")
    return load_signing_identity(path, PASSPHRASE)


@pytest.fixture(scope="session")
def reviewer_signed(with_fields: bytes, identity: SigningIdentity, digest: str) -> bytes:
    return sign_pdf(
        with_fields,
        field="ReviewerSig",
        identity=identity,
        role="Reviewer",
        signer_name=REVIEWER,
        digest=digest,
        certify=True,
        when=datetime(2026, 11, 9, 16, 50, tzinfo=UTC),
    )


@pytest.fixture(scope="session")
def signed(reviewer_signed: bytes, identity: SigningIdentity, digest: str) -> bytes:
    return sign_pdf(
        reviewer_signed,
        field="ApproverSig",
        identity=identity,
        role="Approver",
        signer_name=APPROVER,
        digest=digest,
        certify=False,
        when=datetime(2026, 11, 9, 17, 5, tzinfo=UTC),
    )
