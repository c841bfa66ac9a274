"""The signed record: frozen at signing, signed by named people, nothing outside the signatures,
and readable as an accessible web page."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, DataRequest, Review, ReviewDocument, User
from tests.conftest import PASSWORD, AuthActions
from tests.documents.conftest import APPROVER_NAME, REVIEWER_NAME, Made, write
from tests.documents.tamper import append_junk, cut_after_first_signature, retitle
from tests.factories.pdfs import needs_pdfsig, needs_pdftotext, pdf_text
from tests.factories.reviews import set_aside_all

SIGN = {"declaration": "y", "step": "sign"}


def _words(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#39;", "'")


def _upload(client: FlaskClient, data: bytes) -> str:
    response = client.post(
        "/verify", data={"pdf": (io.BytesIO(data), "r.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    return _words(response.get_data(as_text=True))


def _document(app: Flask, review_id: int) -> ReviewDocument:
    with app.app_context():
        query = select(ReviewDocument).where(ReviewDocument.review_id == review_id)
        document = db.session.scalars(query).one()
        db.session.expunge(document)
        return document


# --- Signing is a deliberate act ------------------------------------------------------------


def test_submit_needs_the_reviewers_declaration(
    app: Flask, client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    from tests.factories.reviews import fill_review

    fill_review(app, in_progress.reviewer, in_progress.review_id)
    auth.login(in_progress.reviewer)
    data = {"recommendation": "approve", "conditions": "", "rationale": "Fine."}
    refused = client.post(f"/reviews/{in_progress.review_id}/submit", data=data)
    assert refused.status_code == 422
    assert "Tick the declaration to sign and submit the review." in refused.text
    assert "I answered these questions truthfully" in refused.text
    assert 'src="/static/js/signing.js"' in refused.text
    data["declaration"] = "y"
    assert client.post(f"/reviews/{in_progress.review_id}/submit", data=data).status_code == 302
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "review.submitted")
        ).one()
        assert "truthfully" in event.changes["declaration"][1]


def test_the_approver_reads_first_then_confirms_in_two_steps(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.approver)
    base = f"/reviews/{submitted.review_id}"
    summary = client.get(f"{base}/summary").text
    assert summary.index("<h2>Answers</h2>") < summary.index("Your decision as approver")
    assert "Your note for the record" in summary
    refused = client.post(f"{base}/confirm", data={"note": "Looks right.", "step": "check"})
    assert refused.status_code == 422
    assert "Tick the declaration to confirm and sign." in refused.text
    assert "Looks right." in refused.text  # the note is kept
    too_long = client.post(f"{base}/confirm", data={"note": "x" * 2001, "declaration": "y"})
    assert too_long.status_code == 422 and "Keep the note under 2000 characters." in too_long.text
    check = client.post(f"{base}/confirm", data={"note": "Looks right.", "declaration": "y"})
    assert check.status_code == 200
    words = _words(check.text)
    assert "What happens when you sign" in words
    assert "signed twice" in words and "The review locks" in words
    assert "The decision is final" in words and "Looks right." in words
    assert "data-signing-form" in check.text and "js/signing.js" in check.text
    with app.app_context():
        assert not db.session.get(Review, submitted.review_id).is_locked  # not yet
    sign = {**SIGN, **set_aside_all(app, submitted.review_id)}
    signed = client.post(f"{base}/confirm", data={**sign, "note": "Looks right."})
    assert signed.status_code == 302
    document = _document(app, submitted.review_id)
    assert '"approver_note":"Looks right."' in (document.snapshot_json or "")


@needs_pdftotext
def test_the_approvers_note_and_the_record_link_are_in_the_pdf(
    app: Flask, client: FlaskClient, submitted: Made
) -> None:
    forged = {"Host": "evil.example"}  # the link never comes from the request's Host
    data = {"email": submitted.approver.email, "password": PASSWORD}
    assert client.post("/login", data=data, headers=forged).status_code == 302
    note = "Confirmed after a call with the requester on 3 November."
    path = f"/reviews/{submitted.review_id}/confirm"
    sign = {**SIGN, **set_aside_all(app, submitted.review_id), "note": note}
    assert client.post(path, data=sign, headers=forged).status_code == 302
    document = _document(app, submitted.review_id)
    words = pdf_text(document.pdf)
    assert "Approver's note" in words and note in words
    link = f"{DEVELOPMENT_BASE_URL}/records/{document.record_digest}"
    assert link in words.replace(" ", "") and "evil.example" not in words


def test_the_signing_script_exists_and_needs_no_inline_code(client: FlaskClient) -> None:
    script = client.get("/static/js/signing.js")
    assert script.status_code == 200
    assert b"Signing\xe2\x80\xa6, this takes a few seconds" in script.data
    script.close()


def _agency_id(app: Flask, code: str) -> int:
    from ctdppeia.models import Agency

    with app.app_context():
        return db.session.scalars(select(Agency.id).where(Agency.code == code)).one()


# --- Freeze what was signed -----------------------------------------------------------------


def test_request_fields_of_a_locked_review_are_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.reviewer)
    form = {
        "title": "A new title",
        "requesting_org": "University of Connecticut",
        "contact_name": "José Núñez",
        "contact_email": "jose.nunez@example.edu",
        "requester_type": "university",
        "purpose": "Find out whether families who receive subsidies earn more.",
        "status": "decided",
        "data_holders": [_agency_id(app, "DSS")],
    }
    response = client.post(f"/requests/{locked.request_id}/edit", data=form)
    assert response.status_code == 409
    words = _words(response.text)
    assert "The title, data holders cannot change: a review of this request is signed" in words
    assert "start an amendment" in words
    assert 'value="A new title"' in response.text  # the input comes back
    with app.app_context():
        assert db.session.get(DataRequest, locked.request_id).title.startswith("Child care")


def test_renaming_the_signer_and_the_request_leaves_the_record_genuine(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        db.session.get(User, locked.reviewer.id).name = "Rosa Delgado-Smith"
        db.session.get(User, locked.approver.id).name = "An Nguyen"
        db.session.get(DataRequest, locked.request_id).requesting_org = "UConn"
        db.session.commit()
    words = _upload(client, signed_pdf)
    assert "Result: Genuine" in words
    assert "That review's record today Still gives the same digest" in words
    assert REVIEWER_NAME in words and APPROVER_NAME in words
    path = write(Path(app.instance_path), "r.pdf", signed_pdf)
    result = runner.invoke(args=["verify-pdf", str(path)])
    assert result.exit_code == 0 and "Result: Genuine" in result.output


# --- Nothing outside the signatures passes --------------------------------------------------


def _tampered(kind: str, signed_pdf: bytes) -> bytes:
    if kind == "cut":
        return cut_after_first_signature(signed_pdf)
    if kind == "retitled":
        return retitle(signed_pdf, "Another review", "ab" * 32)
    return append_junk(signed_pdf)


REASONS = {
    "cut": ("A signature is missing: Approver.", "Signatures missing Approver"),
    "retitled": (
        "Something lies outside the signatures: 1 update(s)",
        "Changed after signing Yes",
    ),
    "junk": (
        "Something lies outside the signatures: 48 bytes of other data after the end of the "
        "last signature.",
        "Changed after signing Yes",
    ),
}


@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_file_that_is_not_the_signed_record_is_refused_by_the_page(
    client: FlaskClient, locked: Made, signed_pdf: bytes, kind: str
) -> None:
    words = _upload(client, _tampered(kind, signed_pdf))
    assert "Result: Not valid" in words and "Genuine" not in words
    for reason in REASONS[kind]:
        assert reason in words, words


@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_file_that_is_not_the_signed_record_is_refused_by_the_command(
    app: Flask, runner: FlaskCliRunner, locked: Made, signed_pdf: bytes, kind: str
) -> None:
    path = write(Path(app.instance_path), f"{kind}.pdf", _tampered(kind, signed_pdf))
    result = runner.invoke(args=["verify-pdf", str(path)])
    assert result.exit_code == 1
    assert "Result: Not valid" in result.output
    assert REASONS[kind][0] in " ".join(result.output.split())


def test_the_retitled_file_says_what_the_update_changed(
    client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    words = _upload(client, retitle(signed_pdf, "Another review", "ab" * 32))
    changed = re.search(r"changed document information: ([/A-Za-z, ]+)", words)
    assert changed is not None
    assert {"/Subject", "/Title"} <= set(changed.group(1).split(", "))  # /ModDate too, mostly
    assert "the document information names another record digest (abababababababab…)" in words
    assert "Changed after signing Yes" in words


@needs_pdfsig
def test_pdfsig_also_sees_the_junk(signed_pdf: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "junk.pdf", append_junk(signed_pdf))
    output = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Not total document signed" in output


# --- The accessible equivalent ---------------------------------------------------------------


def test_the_record_page_shows_the_frozen_record_and_its_digest(
    app: Flask, client: FlaskClient, locked: Made
) -> None:
    document = _document(app, locked.review_id)
    with app.app_context():  # later changes to live data do not reach the record
        db.session.get(DataRequest, locked.request_id).requesting_org = "Renamed Org"
        db.session.get(User, locked.reviewer.id).name = "Someone Else"
        db.session.commit()
    page = client.get(f"/records/{document.record_digest}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    words = _words(text)
    assert document.record_digest in words
    assert "Child care subsidies and parents' earnings" in words
    assert "University of Connecticut" in words and "Renamed Org" not in words
    assert REVIEWER_NAME in words and "Someone Else" not in words
    assert '<h1 lang="en">' in text and '<th scope="col">Question</th>' in text
    assert '<th scope="row">' in text and "<caption" in text


def test_unknown_or_malformed_digests_are_not_found(client: FlaskClient, locked: Made) -> None:
    assert client.get(f"/records/{'0' * 64}").status_code == 404
    assert client.get("/records/not-a-digest").status_code == 404
    assert client.get(f"/records/{'A' * 64}").status_code == 404


def test_the_check_page_links_to_the_record(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    document = _document(app, locked.review_id)
    response = client.post(
        "/verify",
        data={"pdf": (io.BytesIO(signed_pdf), "r.pdf")},
        content_type="multipart/form-data",
    )
    assert f'href="/records/{document.record_digest}"' in response.get_data(as_text=True)


# --- The signing authority ------------------------------------------------------------------


def test_the_authority_certificate_can_be_downloaded_by_anyone(
    client: FlaskClient, certificate: object
) -> None:
    pem = client.get("/verify/authority.pem")
    assert pem.status_code == 200 and pem.data.startswith(b"-----BEGIN CERTIFICATE-----")
    der = client.get("/verify/authority.crt")
    assert der.status_code == 200
    assert x509.load_der_x509_certificate(der.data) == x509.load_pem_x509_certificate(pem.data)
    assert der.data == certificate.dump()  # type: ignore[attr-defined]
    page = _words(client.get("/verify").get_data(as_text=True))
    assert "What your PDF reader will say" in page
    assert "Use this certificate as a trusted root" in page


def test_nothing_is_half_saved_when_signing_fails(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    submitted: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ctdppeia.documents import job

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(job, "build_signable_pdf", broken)
    auth.login(submitted.approver)
    sign = {**SIGN, **set_aside_all(app, submitted.review_id)}
    response = client.post(f"/reviews/{submitted.review_id}/confirm", data=sign)
    assert response.status_code == 500
    with app.app_context():
        assert not db.session.get(Review, submitted.review_id).is_locked
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 0


def test_pdfs_signed_with_the_older_organisation_key_stay_trusted(app: Flask) -> None:
    from datetime import UTC, datetime

    from ctdppeia.documents.identity import trust_roots
    from ctdppeia.pdf import (
        build_signable_pdf,
        ensure_signing_identity,
        load_signing_identity,
        record_digest,
        sign_pdf,
        verify_pdf,
    )
    from tests.pdf.sample_snapshot import rich_snapshot

    legacy = Path(app.instance_path) / "signing.p12"
    path = ensure_signing_identity(legacy, b"test-passphrase", "Old")
    identity = load_signing_identity(path, b"test-passphrase")
    snapshot = rich_snapshot()
    digest = record_digest(snapshot)
    pdf = build_signable_pdf(snapshot, digest)
    for role, certify in (("Reviewer", True), ("Approver", False)):
        pdf = sign_pdf(
            pdf,
            field=f"{role}Sig",
            identity=identity,
            role=role,
            signer_name=role,
            digest=digest,
            certify=certify,
            when=datetime.now(UTC),
        )
    with app.app_context():
        assert verify_pdf(pdf, trust_roots()).ok
        (Path(app.instance_path) / "signing.p12").unlink()
        assert not verify_pdf(pdf, trust_roots()).ok
