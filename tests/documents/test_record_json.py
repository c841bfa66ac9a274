"""The review's record as JSON, beside the PDF: the frozen snapshot the PDF was signed on."""

import hashlib
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument, Role
from ctdppeia.pdf import verify_pdf
from tests.conftest import AuthActions, MakeUser
from tests.documents.conftest import Made


def _document(app: Flask, review_id: int) -> ReviewDocument:
    with app.app_context():
        query = db.select(ReviewDocument).where(ReviewDocument.review_id == review_id)
        document = db.session.scalars(query).one()
        db.session.expunge(document)
        return document


def test_locked_review_gives_the_signed_snapshot_byte_for_byte(
    app: Flask, client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.approver)
    response = client.get(f"/reviews/{locked.review_id}/review.json")
    document = _document(app, locked.review_id)
    assert response.status_code == 200 and response.mimetype == "application/json"
    expected = f'attachment; filename="review-{locked.review_id}.json"'
    assert response.headers["Content-Disposition"] == expected
    assert response.data == document.snapshot_json.encode("utf-8")
    assert hashlib.sha256(response.data).hexdigest() == document.record_digest
    assert response.headers["X-Record-Digest"] == document.record_digest
    assert json.loads(response.data)["review"]["id"] == locked.review_id


def test_the_json_digest_is_the_one_the_pdf_signatures_carry(
    client: FlaskClient, auth: AuthActions, certificate: object, locked: Made
) -> None:
    auth.login(locked.reviewer)
    record = client.get(f"/reviews/{locked.review_id}/review.json").data
    pdf = client.get(f"/reviews/{locked.review_id}/review.pdf").data
    report = verify_pdf(pdf, [certificate])
    assert report.ok
    assert report.signed_digest == report.record_digest == hashlib.sha256(record).hexdigest()


def test_the_record_stays_the_same_when_the_data_changes(
    app: Flask, client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    """The frozen record is served, not one rebuilt from today's names."""
    auth.login(locked.reviewer)
    before = client.get(f"/reviews/{locked.review_id}/review.json").data
    with app.app_context():
        reviewer = db.session.get(type(locked.reviewer), locked.reviewer.id)
        reviewer.name = "Someone Renamed"
        db.session.commit()
    after = client.get(f"/reviews/{locked.review_id}/review.json").data
    assert after == before and b"Someone Renamed" not in after


def test_unlocked_review_gives_a_draft_record(
    client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    response = client.get(f"/reviews/{in_progress.review_id}/review.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    expected = f'attachment; filename="review-{in_progress.review_id}-draft.json"'
    assert response.headers["Content-Disposition"] == expected
    assert response.headers["X-Record-Digest"] == hashlib.sha256(response.data).hexdigest()
    assert json.loads(response.data)["review"]["id"] == in_progress.review_id


def test_summary_links_to_the_record_beside_the_pdf(
    client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.reviewer)
    page = client.get(f"/reviews/{locked.review_id}/summary").get_data(as_text=True)
    assert "Download the record (JSON)" in page
    assert f'href="/reviews/{locked.review_id}/review.json"' in page
    assert "Preview the draft record" not in page


def test_summary_of_an_open_review_offers_the_draft_record(
    client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    page = client.get(f"/reviews/{in_progress.review_id}/summary").get_data(as_text=True)
    assert "Preview the draft record (JSON)" in page and "Download the record" not in page


def test_other_agency_gets_404(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser, locked: Made
) -> None:
    auth.login(make_user(Role.REVIEWER, agency="DOT"))
    assert client.get(f"/reviews/{locked.review_id}/review.json").status_code == 404
    assert client.get("/reviews/999999/review.json").status_code == 404


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 200), (Role.BOARD, 404)])
def test_other_roles_follow_the_review_rule(
    client: FlaskClient, auth: AuthActions, locked: Made, role: Role, status: int
) -> None:
    auth.login(role)
    assert client.get(f"/reviews/{locked.review_id}/review.json").status_code == status


def test_signed_out_is_sent_to_sign_in(client: FlaskClient, locked: Made) -> None:
    response = client.get(f"/reviews/{locked.review_id}/review.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_review_signed_before_records_were_kept_says_so(
    client: FlaskClient, auth: AuthActions, locked: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents issued before the snapshot was stored have no JSON to give: a 404 that says
    why, never a record rebuilt from today's data."""
    from ctdppeia.documents import services

    legacy = ReviewDocument(snapshot_json=None, record_digest="0" * 64)
    monkeypatch.setattr(services, "stored_document", lambda review: legacy)
    auth.login(locked.reviewer)
    response = client.get(f"/reviews/{locked.review_id}/review.json")
    assert response.status_code == 404
    assert "only its signed PDF can be downloaded" in response.get_data(as_text=True)
