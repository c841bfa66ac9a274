"""Helpers for the data request tests: the form a reviewer fills in, and requests made directly."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for

MakeRequest = Callable[..., int]


def agency_id(app: Flask, code: str) -> int:
    with app.app_context():
        return accounts.agency_by_code(code).id


def request_form(app: Flask, **overrides: Any) -> dict[str, Any]:
    """A valid filled-in request form; a None override leaves that field out."""
    form: dict[str, Any] = {
        "title": "Housing stability and school attendance",
        "requesting_org": "Yale School of Public Health",
        "contact_name": "Dana Lee",
        "contact_email": "dana.lee@example.edu",
        "requester_type": "university",
        "purpose": "Study whether **stable housing** helps children attend school.",
        "data_holders": [agency_id(app, "DOH"), agency_id(app, "SDE")],
        "datasets": "Homeless management information system\nAttendance records",
        "data_elements": "Student ID\nDays absent",
        "delivery_date": "2027-03-01",
        "destruction_date": "2028-03-01",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def make_request(app: Flask) -> MakeRequest:
    """Record a request as `user` directly: make_request(user, title=..., holders=("DSS",))."""

    def make(user: User, holders: tuple[str, ...] = (), **fields: Any) -> int:
        values: dict[str, Any] = {
            "title": "A request",
            "requesting_org": "Some organization",
            "contact_name": "Sam Contact",
            "contact_email": "sam@example.org",
            "requester_type": "nonprofit",
            "purpose": "A purpose.",
            "delivery_date": date(2027, 1, 1),
            "destruction_date": date(2028, 1, 1),
        }
        values.update(fields)
        with app.app_context():
            author = db.session.get(User, user.id)
            holder_ids = [accounts.agency_by_code(code).id for code in holders]
            return create_request(author, values, holder_ids).id

    return make


def start_review_of(app: Flask, user: User, request_id: int) -> int:
    """Start a DPPEIA review of the request as `user` (service level)."""
    with app.app_context():
        actor = db.session.get(User, user.id)
        subject = db.session.get(DataRequest, request_id)
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        adapter = adapter_for("data-request")
        return services.start_review(actor, adapter, subject, questionnaire).id


def lock_review_of(app: Flask, user: User, review_id: int) -> None:
    """Mark the review submitted and confirmed directly, then let the request follow it."""
    with app.app_context():
        other = User(email=f"approver-{review_id}@example.gov", name="Locking Approver",
                     role=Role.APPROVER, agency_id=db.session.get(User, user.id).agency_id,
                     password_hash="x")  # fmt: skip
        db.session.add(other)
        review = db.session.get(Review, review_id)
        now = utcnow()
        review.submitted_at, review.submitted_by_id = now, user.id
        review.confirmed_at, review.confirmed_by = now + timedelta(seconds=1), other
        adapter = adapter_for("data-request")
        adapter.on_review_status_changed(adapter.get(review.subject_id), "locked", other)
        db.session.commit()
