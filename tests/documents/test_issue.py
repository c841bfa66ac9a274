"""Confirming a review signs and stores its PDF in the same transaction."""

import hashlib
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from ctdppeia.documents import job as signing_job
from ctdppeia.documents.identity import authority
from ctdppeia.extensions import db
from ctdppeia.models import (
    AUTHORITY_NAME,
    AuditEvent,
    DataRequest,
    Review,
    ReviewDocument,
    SigningKey,
)
from ctdppeia.pdf import verify_pdf
from ctdppeia.pdf.authority import Person, ensure_authority, issue_person
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.reviews.state import load_context
from tests.conftest import AuthActions
from tests.databases import instance_files
from tests.documents.conftest import APPROVER_NAME, REVIEWER_NAME, Made, write
from tests.factories.pdfs import needs_pdfsig, needs_pdftotext, pdf_text
from tests.factories.reviews import confirm, set_aside_all


def _document(review_id: int) -> ReviewDocument:
    return db.session.scalars(
        select(ReviewDocument).where(ReviewDocument.review_id == review_id)
    ).one()


def test_confirming_stores_the_signed_pdf(app: Flask, locked: Made) -> None:
    with app.app_context():
        review = db.session.get(Review, locked.review_id)
        document = _document(locked.review_id)
        assert review.is_locked
        assert document.schema == "ctdppeia-review/2"
        assert document.pdf.startswith(b"%PDF-")
        assert document.file_sha256 == hashlib.sha256(document.pdf).hexdigest()
        assert document.reviewer_signed_at == review.submitted_at
        assert document.approver_signed_at == review.confirmed_at
        assert document.certificate_serial != document.approver_certificate_serial
        assert document.snapshot_json is not None
        assert hashlib.sha256(document.snapshot_json.encode()).hexdigest() == (
            document.record_digest
        )


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
    signers = [
        line.split(":", 1)[1].strip()
        for line in output.splitlines()
        if "Signer Certificate Common Name" in line
    ]
    assert signers == [REVIEWER_NAME, APPROVER_NAME]  # two different people, each named


def test_each_signature_uses_the_signers_own_certificate_with_the_chain(
    app: Flask, locked: Made, signed_pdf: bytes, certificate: object
) -> None:
    report = verify_pdf(signed_pdf, [certificate])
    reviewer, approver = report.signatures
    assert reviewer.signer == REVIEWER_NAME and approver.signer == APPROVER_NAME
    assert "Reviewer" in (reviewer.certificate_subject or "")
    assert "Approver (agency data officer)" in (approver.certificate_subject or "")
    assert "@example.gov" in (approver.certificate_subject or "")
    assert reviewer.issuer == approver.issuer == "State of Connecticut signing authority"
    assert reviewer.trusted and approver.trusted
    with app.app_context():
        stranger = authority_elsewhere(Path(app.instance_path).parent / "other")
    assert not any(s.trusted for s in verify_pdf(signed_pdf, [stranger]).signatures)


def authority_elsewhere(folder: Path) -> object:
    from ctdppeia.pdf.authority import load_authority

    path = ensure_authority(folder / "ca.p12", b"x", "Some Other Office")
    return load_authority(path, b"x").asn1


def test_audit_log_names_signers_serial_and_digest(app: Flask, locked: Made) -> None:
    with app.app_context():
        document = _document(locked.review_id)
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "review.pdf_signed")
            .order_by(AuditEvent.id)
        ).all()
        assert [e.actor.name for e in events] == [REVIEWER_NAME, APPROVER_NAME]
        serials = (document.certificate_serial, document.approver_certificate_serial)
        for event, role, serial in zip(events, ("Reviewer", "Approver"), serials, strict=True):
            assert (event.scope_type, event.scope_id) == ("review", locked.review_id)
            assert (event.object_type, event.object_id) == ("review_document", document.id)
            assert event.changes["role"] == [None, role]
            assert event.changes["certificate_serial"] == [None, serial]
            assert event.changes["record_digest"] == [None, document.record_digest]
            assert serial is not None and serial in event.summary


SIGN = {"declaration": "y", "step": "sign", "note": "Seen and agreed."}


def _sign(app: Flask, submitted: Made) -> dict[str, str]:
    return {**SIGN, **set_aside_all(app, submitted.review_id)}


def _fail(*args: object, **kwargs: object) -> bytes:
    raise RuntimeError("the signing key is unavailable")


def _slow(*args: object, **kwargs: object) -> bytes:
    import time

    time.sleep(60)
    return b""


def _nothing_saved(app: Flask, submitted: Made) -> None:
    with app.app_context():
        review = db.session.get(Review, submitted.review_id)
        assert not review.is_locked and review.confirmed_by is None
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 0
        confirmed = select(AuditEvent).where(AuditEvent.action == "review.confirmed")
        assert db.session.scalars(confirmed).first() is None
        assert db.session.get(DataRequest, submitted.request_id).status != "decided"


def test_signing_over_the_time_limit_is_stopped_and_saves_nothing(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    submitted: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.config["SIGNING_TIMEOUT_SECONDS"] = 1
    monkeypatch.setattr(signing_job, "sign_document", _slow)
    auth.login(submitted.approver)
    response = client.post(f"/reviews/{submitted.review_id}/confirm", data=_sign(app, submitted))
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Signing took too long" in page and "within 1 seconds" in page
    _nothing_saved(app, submitted)


def test_signing_failure_rolls_the_confirmation_back(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    submitted: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(signing_job, "sign_pdf", _fail)  # fails inside the signing process
    auth.login(submitted.approver)
    response = client.post(f"/reviews/{submitted.review_id}/confirm", data=_sign(app, submitted))
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "The signed PDF could not be made" in page
    assert "The decision was not confirmed" in page
    _nothing_saved(app, submitted)
    monkeypatch.undo()
    response = client.post(f"/reviews/{submitted.review_id}/confirm", data=_sign(app, submitted))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Review, submitted.review_id).is_locked
        assert _document(submitted.review_id).pdf.startswith(b"%PDF-")


def test_confirming_over_http_issues_the_pdf(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.approver)
    assert (
        client.post(
            f"/reviews/{submitted.review_id}/confirm", data=_sign(app, submitted)
        ).status_code
        == 302
    )
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


def test_authority_is_made_once_in_the_database_without_writing_a_file(app: Flask) -> None:
    app.config["SIGNING_PASSPHRASE"] = None
    before = instance_files(app)
    with app.app_context():
        first = authority()
        second = authority()
        kept = db.session.scalars(select(SigningKey.name)).all()
    assert first.fingerprint == second.fingerprint
    assert kept == [AUTHORITY_NAME]
    assert instance_files(app) == before
    assert "State of Connecticut signing authority" in first.certificate.subject.rfc4514_string()


def test_each_signer_key_is_kept_encrypted_in_the_database(app: Flask, locked: Made) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    with app.app_context():
        keys = db.session.scalars(select(SigningKey).where(SigningKey.user_id.is_not(None))).all()
        document = _document(locked.review_id)
    assert {key.user_id for key in keys} == {locked.reviewer.id, locked.approver.id}
    assert {key.serial for key in keys} == {
        document.certificate_serial,
        document.approver_certificate_serial,
    }
    for key in keys:  # one per signer, encrypted with the passphrase
        with pytest.raises(ValueError):
            pkcs12.load_key_and_certificates(key.pkcs12, None)
    assert not (Path(app.instance_path) / "signers").exists()


def test_a_configured_agency_ca_issues_the_certificates(
    app: Flask, submitted: Made, tmp_path: Path
) -> None:
    path = ensure_authority(tmp_path / "agency-ca.p12", b"agency secret", "Agency Test CA")
    app.config.update(SIGNING_CA_PKCS12=str(path), SIGNING_CA_PASSPHRASE="agency secret")
    confirm(app, submitted.approver, submitted.review_id)
    with app.app_context():
        pdf = _document(submitted.review_id).pdf
        report = verify_pdf(pdf, [authority().asn1])
    assert report.ok
    assert {s.issuer for s in report.signatures} == {"Agency Test CA signing authority"}
    assert not (Path(app.instance_path) / "signing-authority.p12").exists()


def test_a_person_certificate_names_the_person(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    from ctdppeia.pdf.authority import load_authority

    ca = load_authority(ensure_authority(tmp_path / "ca.p12", b"pw", "Org"), b"pw")
    person = Person("Rosa Delgado", "rosa@example.gov", "Reviewer", "Department of Social Services")
    _, cert, chain = pkcs12.load_key_and_certificates(issue_person(ca, person, b"pw"), b"pw")
    assert cert is not None
    subject = cert.subject.rfc4514_string()
    for part in ("CN=Rosa Delgado", "O=Department of Social Services", "OU=Reviewer"):
        assert part in subject
    assert "rosa@example.gov" in subject
    assert cert.issuer == ca.certificate.subject and list(chain) == [ca.certificate]


def test_a_long_name_in_many_bytes_still_gets_a_certificate(tmp_path: Path) -> None:
    """X.509 limits a common name to 64 bytes of UTF-8; a name of 40 Vietnamese characters
    (or any 200-character name the account allows) is cut at a character, not refused."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from ctdppeia.pdf.authority import load_authority

    ca = load_authority(ensure_authority(tmp_path / "ca.p12", b"pw", "Org"), b"pw")
    name = "Nguyễn Văn An " * 10
    person = Person(name, "an@example.gov", "Approver", "Sở " * 40)
    _, cert, _chain = pkcs12.load_key_and_certificates(issue_person(ca, person, b"pw"), b"pw")
    assert cert is not None
    [common] = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert name.startswith(str(common.value)) and len(str(common.value).encode()) <= 64
    assert len(str(common.value).encode()) > 60
