"""Board fixtures: a DPPEIA review of a DSS data request whose answers raise a flag routed to
the board, the people around it, and a helper to share it with a chosen period."""

from datetime import date, timedelta

import pytest
from flask import Flask

from ctdppeia.board import period, services
from ctdppeia.extensions import db
from ctdppeia.models import BoardShare, Review, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import demo as review_demo
from ctdppeia.reviews import services as review_services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.conftest import MakeUser

ANSWERS: dict[str, object] = {
    "P0": "no",
    "P1": "university",
    "P2": "Do families who get child care help earn more two years later?",
    "P4": "no",
    "C2": ["race-ethnicity", "income-benefits"],
    "A9": "zip",
    "C1": "SECRET-C1 case numbers and home addresses",
}


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")


@pytest.fixture
def member(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Marcus Bell")


@pytest.fixture
def other_member(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Lena Ortiz")


@pytest.fixture
def review_id(app: Flask, reviewer: User) -> int:
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        subject = create_request(
            actor,
            {"title": "Child care and wages", "requesting_org": "UConn",
             "contact_name": "José Núñez", "contact_email": "jose@example.edu",
             "requester_type": "university", "purpose": "Find out *why*.", "status": "draft"},
            [],
        )  # fmt: skip
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = review_services.start_review(
            actor, adapter_for("data-request"), subject, questionnaire
        )
        review_demo.fill(actor, review, ANSWERS)
        return review.id


def share(
    app: Flask,
    reviewer: User,
    review_id: int,
    opens: date | None = None,
    closes: date | None = None,
    summary: str = "We want to see if child care help leads to better pay.",
) -> int:
    """Share the review directly (no period rules): open today for 20 days by default."""
    today = period.today()
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        made = services.share_review(
            actor,
            review,
            summary,
            None,
            opens or today,
            closes or today + timedelta(days=20),
        )
        return made.id


def move_period(app: Flask, share_id: int, opens: date, closes: date) -> None:
    """Put the share's period elsewhere in time (as if days had passed)."""
    with app.app_context():
        found = db.session.get(BoardShare, share_id)
        found.opens_on, found.closes_on = opens, closes
        db.session.commit()
