"""Confirming a review signs and stores its PDF in the same transaction."""

import hashlib
import os
import stat
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from ctdppeia.documents import services as document_services
from ctdppeia.documents.identity import signing_identity
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, DataRequest, Review, ReviewDocument
from ctdppeia.pdf import ensure_signing_identity, load_signing_identity, verify_pdf
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.reviews.state import load_context
from tests.conftest import AuthActions
from tests.documents.conftest import (
    APPROVER_NAME,
    REVIEWER_NAME,
    Made,
    confirm,
    needs_pdfsig,
    needs_pdftotext,
    pdf_text,
    write,
)


def _document(review_id: int) -> ReviewDocument:
    return db.session.scalars(
        select(ReviewDocument).where(ReviewDocument.review_id == review_id)
    ).one()


def test_confirming_stores_the_signed_pdf(app: Flask, locked: Made) -> None:
    with app.app_context():
        review = db.session.get(Review, locked.review_id)
        document = _document(locked.review_id)
        assert review.is_locked
        assert document.schema == "ctdppeia-review/1"
        assert document.pdf.startswith(b"%PDF-")
        assert document.file_sha256 == hashlib.sha256(document.pdf).hexdigest()
        assert document.reviewer_signed_at == review.submitted_at
        assert document.approver_signed_at == review.confirmed_at
        assert document.certificate_serial == signing_identity().serial_hex


def test_digest_is_of_the_final_snapshot_and_stays_the_same(app: Flask, locked: Made) -> None:
    from ctdppeia.pdf import record_digest

    with app.app_context():  # a new context: nothing cached from the confirmation
        review = db.session.get(Review, locked.review_id)
        snapshot = build_snapshot(review)
        assert snapshot["review"]["status"] == "locked"
        assert snapshot["decision"]["confirmed_by"] == APPROVER_NAME
        assert [s["role"] for s in snapshot["signers"]] == ["Reviewer", "Approver"]
        assert record_digest(snapshot) == _document(review.id).record_digest


def test_pyhanko_validates_both_signatures(
    app: Flask, locked: Made, signed_pdf: bytes, certificate: object
) -> None:
    with app.app_context():
        digest = _document(locked.review_id).record_digest
    report = verify_pdf(signed_pdf, [certificate])
    assert report.ok and report.signed_digest == digest == report.record_digest
    reviewer, approver = report.signatures
    assert (reviewer.role, reviewer.signer_name, reviewer.certifying) == (
        "Reviewer",
        REVIEWER_NAME,
        True,
    )
    assert (approver.role, approver.signer_name, approver.certifying) == (
        "Approver",
        APPROVER_NAME,
        False,
    )


@needs_pdftotext
def test_pdf_text_shows_cover_answers_and_digest(
    app: Flask, locked: Made, signed_pdf: bytes
) -> None:
    words = pdf_text(signed_pdf)
    with app.app_context():
        review = db.session.get(Review, locked.review_id)
        context = load_context(review)
        digest = _document(review.id).record_digest
        answered = [
            (q.id, q.label)
            for section in context.questionnaire.sections
            for q in section.questions
            if context.answer_text(q.id)
        ]
    for label in ("Organization", "Contact", "Reviewer", "Approver", "Decision", "Record digest"):
        assert label in words
    assert "Child care subsidies and parents' earnings" in words
    assert REVIEWER_NAME in words and APPROVER_NAME in words
    assert "University of Connecticut" in words
    assert f"sha256 {digest}" in words
    assert len(answered) > 40
    for qid, label in answered:
        assert f"{qid}. {label}" in words, qid


@needs_pdfsig
def test_pdfsig_says_both_signatures_are_valid(signed_pdf: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "review.pdf", signed_pdf)
    output = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert output.count("Signature is Valid.") == 2
    assert "ReviewerSig" in output and "ApproverSig" in output


def test_audit_log_names_signers_serial_and_digest(app: Flask, locked: Made) -> None:
    with app.app_context():
        document = _document(locked.review_id)
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "review.pdf_signed")
            .order_by(AuditEvent.id)
        ).all()
        assert [e.actor.name for e in events] == [REVIEWER_NAME, APPROVER_NAME]
        for event, role in zip(events, ("Reviewer", "Approver"), strict=True):
            assert (event.scope_type, event.scope_id) == ("review", locked.review_id)
            assert (event.object_type, event.object_id) == ("review_document", document.id)
            assert event.changes["role"] == [None, role]
            assert event.changes["certificate_serial"] == [None, document.certificate_serial]
            assert event.changes["record_digest"] == [None, document.record_digest]
            assert document.certificate_serial in event.summary


def _fail(*args: object, **kwargs: object) -> bytes:
    raise RuntimeError("the signing key is unavailable")


def test_signing_failure_rolls_the_confirmation_back(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    submitted: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(document_services, "sign_pdf", _fail)
    auth.login(submitted.approver)
    response = client.post(f"/reviews/{submitted.review_id}/confirm")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "The signed PDF could not be made" in page
    assert "The decision was not confirmed" in page
    with app.app_context():
        review = db.session.get(Review, submitted.review_id)
        assert not review.is_locked and review.confirmed_by is None
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 0
        confirmed = select(AuditEvent).where(AuditEvent.action == "review.confirmed")
        assert db.session.scalars(confirmed).first() is None
        assert db.session.get(DataRequest, submitted.request_id).status != "decided"
    monkeypatch.undo()
    response = client.post(f"/reviews/{submitted.review_id}/confirm")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Review, submitted.review_id).is_locked
        assert _document(submitted.review_id).pdf.startswith(b"%PDF-")


def test_confirming_over_http_issues_the_pdf(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.approver)
    assert client.post(f"/reviews/{submitted.review_id}/confirm").status_code == 302
    page = client.get(f"/reviews/{submitted.review_id}/summary").get_data(as_text=True)
    assert "Download the signed PDF" in page
    assert f"/reviews/{submitted.review_id}/review.pdf" in page


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE review_document SET record_digest = :fake",
        "UPDATE review_document SET pdf = :blob",
        "DELETE FROM review_document",
    ],
)
def test_stored_document_refuses_update_and_delete(app: Flask, locked: Made, sql: str) -> None:
    with app.app_context():
        before = _document(locked.review_id).pdf
        refused = pytest.raises(Exception, match="cannot change")
        with refused, db.engine.begin() as connection:
            connection.execute(text(sql), {"fake": "0" * 64, "blob": b"%PDF-fake"})
        db.session.expire_all()
        assert _document(locked.review_id).pdf == before


def test_key_and_passphrase_are_made_in_instance_on_first_use(app: Flask) -> None:
    app.config["SIGNING_PASSPHRASE"] = None
    instance = Path(app.instance_path)
    with app.app_context():
        first = signing_identity()
        second = signing_identity()
    assert first.serial_hex == second.serial_hex
    for name in ("signing.p12", "signing.pass"):
        mode = stat.S_IMODE(os.stat(instance / name).st_mode)
        assert mode == 0o600, name
    passphrase = (instance / "signing.pass").read_text().strip()
    assert len(passphrase) >= 32
    assert first.common_name == "State of Connecticut review signing"


def test_a_configured_pkcs12_is_used(app: Flask, submitted: Made, tmp_path: Path) -> None:
    path = ensure_signing_identity(tmp_path / "agency.p12", b"agency secret", "Agency Test CA")
    app.config.update(SIGNING_PKCS12=str(path), SIGNING_PASSPHRASE="agency secret")
    confirm(app, submitted.approver, submitted.review_id)
    serial = load_signing_identity(path, b"agency secret").serial_hex
    with app.app_context():
        assert _document(submitted.review_id).certificate_serial == serial
    assert not (Path(app.instance_path) / "signing.p12").exists()
