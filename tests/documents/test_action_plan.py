"""The action plan in the signed record and the PDF: printed as it stood when the approver
signed, described by the record's schema, and absent from records without a plan (so older
records stay valid and keep their digest)."""

import json
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select

from ctdppeia.actions import plan, services
from ctdppeia.actions.sources import sources_of
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument, User
from ctdppeia.pdf import record_digest
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.schemas import signed_record_schema
from tests.conftest import AuthActions
from tests.documents.conftest import Made, stored_pdf
from tests.documents.test_record_schema import _every_key_described
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.reviews import confirm


def _add(app: Flask, made: Made, key: str, **values: Any) -> None:
    with app.app_context():
        review = db.session.get_one(Review, made.review_id)
        actor = db.session.get_one(User, made.reviewer.id)
        source = plan.source_or_404(review, key)
        defaults: dict[str, Any] = {"owner_user_id": None, "due_on": date(2027, 4, 30)}
        services.create_action(actor, review, source, services.ActionInput(**defaults | values))


def _flag_key(app: Flask, made: Made) -> str:
    with app.app_context():
        review = db.session.get_one(Review, made.review_id)
        found = [source.key for source in sources_of(review) if source.kind == "flag"]
        return found[0]


@needs_pdftotext
def test_the_signed_pdf_prints_the_plan(app: Flask, submitted: Made) -> None:
    with app.test_request_context():
        _add(
            app,
            submitted,
            _flag_key(app, submitted),
            title="Encrypt the delivery file",
            owner_name="DSS Office of Information Security",
        )
        _add(
            app,
            submitted,
            f"condition:{_decision_id(app, submitted)}",
            title="Delete the data by 2029",
            owner_name="Records office",
            status="dropped",
            drop_reason="The data are deleted at once after linking.",
        )
    confirm(app, submitted.approver, submitted.review_id)
    text = pdf_text(stored_pdf(app, submitted.review_id))
    assert "Action plan" in text
    assert "Encrypt the delivery file" in text
    assert "owner DSS Office of Information Security, due April 30, 2027, planned" in text
    assert "from a condition of the approval" in text
    assert "Why it was dropped: The data are deleted at once after linking." in text


def _decision_id(app: Flask, made: Made) -> int:
    with app.app_context():
        review = db.session.get_one(Review, made.review_id)
        decision = review.current_decision
        assert decision is not None
        return decision.id


def test_the_record_with_a_plan_is_described_by_the_schema(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    with app.test_request_context():
        _add(
            app,
            submitted,
            _flag_key(app, submitted),
            title="Encrypt it",
            owner_name="IT",
            evidence_url="https://example.gov/check",
            evidence="Checked.",
            status="done",
        )
    auth.login(submitted.reviewer)
    record = json.loads(client.get(f"/reviews/{submitted.review_id}/review.json").data)
    (action,) = record["actions"]
    assert (action["title"], action["status"], action["owner"]) == ("Encrypt it", "done", "IT")
    schema = signed_record_schema()
    assert list(Draft202012Validator(schema).iter_errors(record)) == []
    assert _every_key_described(schema, record) == []


def test_records_without_a_plan_have_no_actions_key_and_stay_valid(
    client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.reviewer)
    record = json.loads(client.get(f"/reviews/{locked.review_id}/review.json").data)
    assert "actions" not in record  # signed before any plan: the record as it was
    schema = signed_record_schema()
    assert "actions" not in schema["required"]
    assert list(Draft202012Validator(schema).iter_errors(record)) == []
    record["actions"] = [{"title": "Incomplete"}]  # a plan must be whole
    assert list(Draft202012Validator(schema).iter_errors(record)) != []


def test_a_locked_reviews_record_keeps_the_plan_it_was_signed_with(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    with app.test_request_context():
        _add(app, submitted, _flag_key(app, submitted), title="Encrypt it", owner_name="IT")
    confirm(app, submitted.approver, submitted.review_id)
    with app.test_request_context():
        _add(app, submitted, _flag_key(app, submitted), title="Added later", owner_name="IT")
        review = db.session.get_one(Review, submitted.review_id)
        query = select(ReviewDocument).where(ReviewDocument.review_id == review.id)
        document = db.session.scalars(query).one()
        rebuilt = build_snapshot(review)
        assert document.record_digest == record_digest(rebuilt)
    assert [item["title"] for item in rebuilt["actions"]] == ["Encrypt it"]
    auth.login(submitted.reviewer)
    page = client.get(f"/reviews/{submitted.review_id}").get_data(as_text=True)
    assert "Added later" in page  # the page shows the plan as it is now
