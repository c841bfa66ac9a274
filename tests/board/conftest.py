"""Board fixtures: a DPPEIA review of a DSS data request whose answers raise a flag routed to
the board, the people around it, and a helper to share it with a chosen period."""

from datetime import date, timedelta

import pytest
from flask import Flask

from ctdppeia.board import period, services
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import BoardShare, Review, Role, User
from tests.conftest import MakeUser
from tests.factories.board import BOARD_ANSWERS
from tests.factories.requests import new_request
from tests.factories.reviews import start_review


@pytest.fixture
def other_member(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Lena Ortiz")


@pytest.fixture
def review_id(app: Flask, reviewer: User) -> int:
    """A DPPEIA review of a DSS data request whose answers raise a flag routed to the board."""
    made = start_review(app, reviewer, new_request(app, reviewer, "Child care and wages"), "dppeia")
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review_demo.fill(actor, db.session.get_one(Review, made), BOARD_ANSWERS)
    return made


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
