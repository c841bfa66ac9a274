"""The public "Check a review PDF" page: any upload gets a verdict in words, never a crash."""

import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select, text

from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument, SigningKey
from tests.conftest import AuthActions
from tests.documents.conftest import Made
from tests.documents.tamper import append_page, flip_digest_digit


def _upload(client: FlaskClient, data: bytes, name: str = "review.pdf") -> tuple[int, str]:
    response = client.post(
        "/verify",
        data={"pdf": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response.status_code, _words(response.get_data(as_text=True))


def _words(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#39;", "'")


def _digest(app: Flask, review_id: int) -> str:
    with app.app_context():
        query = select(ReviewDocument.record_digest).where(ReviewDocument.review_id == review_id)
        return db.session.scalars(query).one()


def test_page_is_public_and_listed_on_sign_in(client: FlaskClient) -> None:
    page = client.get("/verify")
    assert page.status_code == 200
    assert "Check a review PDF" in page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    assert 'href="/verify"' in client.get("/login").get_data(as_text=True)


def test_good_file_lists_signatures_and_matches_the_review(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    status, words = _upload(client, signed_pdf)
    assert status == 200
    assert "Result: Genuine — Check a review PDF" in words  # the page title says it first
    assert f"it matches review #{locked.review_id}, locked on" in words
    assert "Signature 1: Reviewer: valid" in words and "Signature 2: Approver: valid" in words
    assert "Rosa Delgado" in words and "Nguyễn Văn An" in words
    assert "Changed after signing No" in words
    assert _digest(app, locked.review_id) in words
    assert "That review's record today Still gives the same digest" in words
    assert "Same file as the one issued here Yes, byte for byte" in words


def test_page_shows_no_review_content(client: FlaskClient, locked: Made, signed_pdf: bytes) -> None:
    _, words = _upload(client, signed_pdf)
    assert "Child care subsidies" not in words
    assert "University of Connecticut" not in words


def test_one_changed_byte_is_reported_as_altered(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    tampered = flip_digest_digit(signed_pdf, _digest(app, locked.review_id))
    status, words = _upload(client, tampered)
    assert status == 200
    assert "Result: Not valid" in words
    assert "The file was changed after it was signed." in words
    assert "Content intact No" in words and "Genuine" not in words


def test_page_added_after_signing_is_reported(
    client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    _, words = _upload(client, append_page(signed_pdf))
    assert "Result: Not valid" in words
    assert "Something was added to the file after it was signed." in words
    assert "Changed after signing Yes" in words
    assert "Yes: content was added that this signature does not allow" in words


def test_unsigned_pdf_has_no_signatures(
    client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    draft = client.get(f"/reviews/{in_progress.review_id}/review.pdf").data
    auth.logout()
    status, words = _upload(client, draft)
    assert status == 200
    assert "This PDF has no digital signatures." in words and "Genuine" not in words


def test_text_file_is_not_a_pdf(client: FlaskClient) -> None:
    status, words = _upload(client, b"Dear reviewer, here are my notes.\n", "notes.txt")
    assert status == 200
    assert "This is not a PDF file." in words


def test_empty_file_gets_a_message(client: FlaskClient) -> None:
    status, words = _upload(client, b"")
    assert status == 422
    assert "The file you chose is empty." in words and "Result:" not in words


def test_no_file_gets_a_message(client: FlaskClient) -> None:
    response = client.post("/verify", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a PDF file to check." in response.get_data(as_text=True)


def test_oversized_file_gets_a_message_on_the_page(app: Flask, client: FlaskClient) -> None:
    app.config["PDF_UPLOAD_LIMIT"] = 2048
    status, words = _upload(client, b"%PDF-1.7\n" + b"0" * 4096)
    assert status == 413
    assert "Check a review PDF" in words
    assert "The file is larger than 2 KB." in words


def test_upload_limit_is_the_pdf_limit_not_the_site_limit(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    status, words = _upload(client, signed_pdf)
    assert status == 200 and "Result: Genuine" in words


def test_live_data_changed_after_signing_does_not_change_the_verdict(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    """The check compares with the snapshot frozen at signing, not with today's data."""
    with app.app_context():
        db.session.execute(
            text("UPDATE data_request SET title = 'Another title' WHERE id = :id"),
            {"id": locked.request_id},
        )
        db.session.execute(
            text("UPDATE user_account SET name = 'Someone Else' WHERE id IN (:a, :b)"),
            {"a": locked.reviewer.id, "b": locked.approver.id},
        )
        db.session.commit()
    _, words = _upload(client, signed_pdf)
    assert "Result: Genuine" in words
    assert "That review's record today Still gives the same digest" in words


def test_file_signed_with_another_key_is_not_trusted(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    _forget_the_authority(app)  # a new authority is made on the next use
    _, words = _upload(client, signed_pdf)
    assert "Result: Not valid" in words
    assert "The signatures do not come from this site's signing authority." in words
    assert "No: the certificate was not issued by this site's signing authority" in words


def test_form_needs_its_csrf_token(app: Flask, client: FlaskClient) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        "/verify",
        data={"pdf": (io.BytesIO(b"%PDF-1.7"), "review.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert 'name="csrf_token"' in client.get("/verify").get_data(as_text=True)


def test_an_earlier_certificate_can_be_kept_trusted(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes, certificate: object
) -> None:
    """After the key is replaced, PDFs signed with the old one still check out if its
    certificate is kept in instance/trusted-certificates/."""
    _forget_the_authority(app)
    trusted = Path(app.instance_path) / "trusted-certificates"
    trusted.mkdir()
    (trusted / "old.der").write_bytes(certificate.dump())  # type: ignore[attr-defined]
    (trusted / "notes.txt").write_text("not a certificate")
    _, words = _upload(client, signed_pdf)
    assert "Result: Genuine" in words


def _forget_the_authority(app: Flask) -> None:
    """Remove the app's own signing authority (and the keys it issued) from the database."""
    with app.app_context():
        db.session.execute(delete(SigningKey))
        db.session.commit()
