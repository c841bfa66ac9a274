"""Outcome analysis fixtures: a DPPEIA review of a DSS data request, people to use it, and
helpers to post the table form, upload files and lock the review."""

from collections.abc import Sequence
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from flask.testing import EnvironBuilder, FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from ctdppeia.extensions import db
from ctdppeia.models import (
    AuditEvent,
    OutcomeAnalysis,
    OutcomeGroup,
    Review,
    ReviewDecision,
    User,
)
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import services
from ctdppeia.reviews.state import load_context
from tests.factories.requests import new_request
from tests.factories.reviews import start_review

# A table with a clear gap: B is at 0.5 of A, C is too small to report.
ROWS: list[tuple[str, str, str]] = [
    ("White", "200", "120"),
    ("Black or African American", "150", "45"),
    ("Asian", "8", "4"),
]
OPTIONS: dict[str, str] = {
    "title": "Benefit applications 2024",
    "outcome_label": "Application approved",
    "direction": "favourable",
    "reference_method": "best",
    "reference_label": "",
}


@pytest.fixture
def review_id(app: Flask, reviewer: User) -> int:
    """A DPPEIA review of a DSS data request, started by the reviewer."""
    request_id = new_request(app, reviewer, "Child care and wages")
    return start_review(app, reviewer, request_id, "dppeia")


def form_data(rows: Sequence[tuple[str, str, str]] = ROWS, **options: str) -> dict[str, str]:
    """The table form as a browser posts it."""
    data = {**OPTIONS, **options}
    for i, (label, total, outcome) in enumerate(rows):
        data[f"groups-{i}-group"] = label
        data[f"groups-{i}-total"] = total
        data[f"groups-{i}-outcome"] = outcome
    return data


def post_table(client: FlaskClient, review_id: int, rows: Sequence[tuple[str, str, str]] = ROWS,
               **options: str) -> TestResponse:  # fmt: skip
    return client.post(f"/reviews/{review_id}/analyses/new", data=form_data(rows, **options))


def upload(client: FlaskClient, review_id: int, content: bytes, name: str = "groups.csv",
           analysis_id: int | None = None, **options: str) -> TestResponse:  # fmt: skip
    """Post a file to the upload form; the test client's spooled copy of a large body is
    closed afterwards (it would otherwise leak a temporary file)."""
    path = f"/reviews/{review_id}/analyses"
    path += f"/{analysis_id}/upload" if analysis_id else "/upload"
    data: dict[str, Any] = {**OPTIONS, **options, "file": (BytesIO(content), name)}
    builder = EnvironBuilder(client.application, path=path, method="POST", data=data,
                             content_type="multipart/form-data")  # fmt: skip
    environ = builder.get_environ()
    try:
        response = client.open(environ)
        response.get_data()
        response.close()
    finally:
        environ["wsgi.input"].close()
        builder.close()
    return response


def analysis_ids(app: Flask, review_id: int) -> list[int]:
    with app.app_context():
        query = select(OutcomeAnalysis.id).where(OutcomeAnalysis.review_id == review_id)
        return list(db.session.scalars(query.order_by(OutcomeAnalysis.id)))


def stored_rows(app: Flask) -> tuple[int, int]:
    """(analyses, group rows) in the whole database."""
    with app.app_context():
        analyses = db.session.scalar(select(func.count()).select_from(OutcomeAnalysis))
        groups = db.session.scalar(select(func.count()).select_from(OutcomeGroup))
        return int(analyses or 0), int(groups or 0)


def events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def lock_review(app: Flask, review_id: int, reviewer: User, approver: User) -> None:
    """Submit and confirm the review directly, as if the workflow had run."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        now = utcnow()
        db.session.add(
            ReviewDecision(review=review, recommendation="approve", rationale="Fine.",
                           submitted_by_id=reviewer.id, submitted_at=now)
        )  # fmt: skip
        review.submitted_at, review.submitted_by_id = now, reviewer.id
        db.session.commit()
        review.confirmed_at = now + timedelta(seconds=1)
        review.confirmed_by_id = approver.id
        db.session.commit()


def answer_r3(app: Flask, user: User, review_id: int, value: str) -> None:
    """Answer R3 (the smallest count shown), after P0 (the data are not already published:
    otherwise the reporting section is not asked)."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        questionnaire = load_context(review).questionnaire
        actor = db.session.get(User, user.id)
        if questionnaire.has_question("P0"):
            first = questionnaire.section_of("P0").id
            services.save_section(actor, review, first, {"P0": "no"}, review.version)
        section = questionnaire.section_of("R3").id
        services.save_section(actor, review, section, {"R3": value}, review.version)
