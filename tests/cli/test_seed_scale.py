"""`seed-scale`: sample requests in bulk that the app itself could have written."""

from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import func, select

from ctdppeia.audit_chain import verify_chain
from ctdppeia.extensions import db
from ctdppeia.models import (
    AIDecision,
    AIUseCase,
    DataRequest,
    FlagResponse,
    InventoryEntryVersion,
    Review,
    ReviewAnswer,
    ReviewDecision,
    ReviewFlagState,
)
from ctdppeia.requests.subject import status_from_reviews
from ctdppeia.reviews.state import build_context

PASSWORD = "scale password 12345"


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_seed_scale_refuses_outside_development_unless_forced(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config.update(TESTING=False, ENV="production")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["seed-scale", "3", "--password", PASSWORD])
    assert refused.exit_code != 0 and "development mode only" in refused.output
    with app.app_context():
        assert _count(DataRequest) == 0
    forced = runner.invoke(args=["seed-scale", "3", "--password", PASSWORD, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Added 3 requests" in forced.output


def test_seeded_rows_are_what_the_app_would_have_written(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-scale", "2100", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _count(DataRequest) == 2100
        requests_reviewed = db.session.scalar(
            select(func.count()).select_from(Review).where(Review.subject_kind == "data-request")
        )
        assert requests_reviewed == 1890  # every tenth request stays a draft
        assert _count(Review) == 1890 + 10  # and each published use case's approved review
        assert _count(AIDecision) == 10
        assert _count(ReviewAnswer) == 1890 * 12  # P0 and the 11 answers of each variant
        assert _count(AIUseCase) == 105 and _count(InventoryEntryVersion) == 10
        report = verify_chain()  # every event linked: the request's and the review's
        assert report.ok and report.checked == 2100 + 1890 + 10  # and the ten publications
        statuses = Counter(db.session.scalars(select(DataRequest.status)))
        assert statuses == {"in_review": 1890, "draft": 210}
        for review in db.session.scalars(select(Review).order_by(Review.id).limit(40)):
            _check_review(review)


def _check_review(review: Review) -> None:
    """Its flag state is what the questionnaire raises; a submitted one has its decision
    and a response to every high flag; its request's status follows it."""
    context = build_context(review)
    raised = {item.flag.id: item.flag.severity for item in context.evaluation.flags}
    stored = db.session.scalars(
        select(ReviewFlagState).where(ReviewFlagState.review_id == review.id)
    )
    assert {row.flag_id: row.severity for row in stored} == raised
    high = {flag_id for flag_id, severity in raised.items() if severity == "high"}
    responses = db.session.scalars(
        select(FlagResponse.flag_id).where(FlagResponse.review_id == review.id)
    )
    decisions = _count_where(ReviewDecision, review.id)
    if review.submitted_at is not None:
        assert set(responses) == high and decisions == 1
    else:
        assert list(responses) == [] and decisions == 0
    data_request = db.session.get(DataRequest, review.subject_id)
    assert data_request is not None
    assert data_request.status == status_from_reviews(data_request.id) == "in_review"


def _count_where(model: type, review_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.review_id == review_id)  # type: ignore[attr-defined]
    return db.session.scalar(query) or 0
