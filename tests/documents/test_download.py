"""Downloading a review's PDF: the stored signed file, or a DRAFT preview; who may."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.documents import services
from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument, Role
from ctdppeia.pdf import verify_pdf
from tests.conftest import AuthActions, MakeUser
from tests.documents.conftest import Made, stored_pdf
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.reviews import confirm


def test_locked_review_gives_the_stored_pdf_every_time(
    app: Flask, client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.reviewer)
    first = client.get(f"/reviews/{locked.review_id}/review.pdf")
    second = client.get(f"/reviews/{locked.review_id}/review.pdf")
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/pdf"
    expected = f'attachment; filename="review-{locked.review_id}.pdf"'
    assert first.headers["Content-Disposition"] == expected
    assert first.data == second.data == stored_pdf(app, locked.review_id)


def test_unlocked_review_gives_an_unsigned_draft(
    client: FlaskClient, auth: AuthActions, certificate: object, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    response = client.get(f"/reviews/{in_progress.review_id}/review.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    expected = f'attachment; filename="review-{in_progress.review_id}-draft.pdf"'
    assert response.headers["Content-Disposition"] == expected
    assert verify_pdf(response.data, [certificate]).kind == "no-signatures"


@needs_pdftotext
def test_draft_preview_says_draft(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.approver)
    data = client.get(f"/reviews/{submitted.review_id}/review.pdf").data
    assert "DRAFT" in pdf_text(data)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 0


def test_summary_links_to_the_draft_preview(
    client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    page = client.get(f"/reviews/{in_progress.review_id}/summary").get_data(as_text=True)
    assert "Preview the draft PDF" in page and "Download the signed PDF" not in page
    assert f"/reviews/{in_progress.review_id}/review.pdf" in page


def test_other_agency_gets_404(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser, locked: Made
) -> None:
    auth.login(make_user(Role.REVIEWER, agency="DOT"))
    assert client.get(f"/reviews/{locked.review_id}/review.pdf").status_code == 404
    assert client.get("/reviews/999999/review.pdf").status_code == 404


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 200), (Role.BOARD, 404)])
def test_other_roles_follow_the_review_rule(
    client: FlaskClient, auth: AuthActions, in_progress: Made, role: Role, status: int
) -> None:
    auth.login(role)
    assert client.get(f"/reviews/{in_progress.review_id}/review.pdf").status_code == status


def test_signed_out_is_sent_to_sign_in(client: FlaskClient, in_progress: Made) -> None:
    response = client.get(f"/reviews/{in_progress.review_id}/review.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_download_never_signs(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    submitted: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A locked review whose PDF is missing (only a database changed by hand holds one) is
    not signed on a GET: the download says so, and nothing is stored."""
    monkeypatch.setattr(services, "store_document", lambda review, record: None)
    confirm(app, submitted.approver, submitted.review_id)
    monkeypatch.undo()
    monkeypatch.setattr(services, "make_signed_record", _must_not_sign)
    auth.login(submitted.reviewer)
    response = client.get(f"/reviews/{submitted.review_id}/review.pdf")
    assert response.status_code == 404
    assert "its signed PDF is not stored" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 0


def _must_not_sign(*_args: object) -> None:
    raise AssertionError("a download signed a PDF")
