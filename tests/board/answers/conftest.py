"""Fixtures for answering the board: the small questionnaire of the review tests, a review whose
`names-kept` flag routes it to the board, a shared project, and board comments."""

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.board.gate import today
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, Role, User
from tests.conftest import PASSWORD, MakeUser, put_session
from tests.reviews.conftest import (
    approver,
    complete_review,
    qdir,
    request_id,
    review_id,
    reviewer,
    save,
)

__all__ = ["approver", "complete_review", "qdir", "request_id", "review_id", "reviewer", "save"]

DECISION = {
    "recommendation": "approve",
    "conditions": "",
    "rationale": "The risks are handled.",
    "declaration": "y",
}
SIGN = {"declaration": "y", "step": "sign"}  # the approver's last step


def as_user(app: Flask, user: User) -> FlaskClient:
    """A new client signed in as `user`."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if response.location.endswith("/login/code"):  # two-step sign-in: tests/mfa type codes
        put_session(client, user)
    return client


def flagged_for_board(app: Flask, reviewer: User, review_id: int) -> None:
    """Complete the review so that the high `names-kept` flag (route: board) is raised and
    answered; nothing else stops submission."""
    complete_review(app, reviewer, review_id)
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "yes", "B3": "no"})
    with app.app_context():
        from ctdppeia.models import Review
        from ctdppeia.reviews import workflow

        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        workflow.respond_to_flag(actor, review, "names-kept", "mitigation", "Names go.")


def share(app: Flask, reviewer: User, review_id: int, opens: date, closes: date) -> int:
    with app.app_context():
        row = BoardShare(
            review_id=review_id,
            shared_by_id=reviewer.id,
            summary="We want to link names to wages.",
            opens_on=opens,
            closes_on=closes,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def open_share(app: Flask, reviewer: User, review_id: int) -> int:
    """Shared, the period open now."""
    opens, closes = today() - timedelta(days=2), today() + timedelta(days=12)
    return share(app, reviewer, review_id, opens, closes)


def close_period(app: Flask, share_id: int) -> None:
    """Move the period into the past (comments were posted while it was open)."""
    with app.app_context():
        row = db.session.get(BoardShare, share_id)
        row.opens_on, row.closes_on = today() - timedelta(days=20), today() - timedelta(days=1)
        db.session.commit()


def comment(
    app: Flask, share_id: int, author: User, body: str, *, parent: int | None = None,
    show_name: bool = False, concern_flag: str | None = None,
) -> int:  # fmt: skip
    with app.app_context():
        row = BoardComment(
            share_id=share_id,
            author_id=author.id,
            parent_id=parent,
            body=body,
            show_name=show_name,
            concern_flag_id=concern_flag,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.fixture
def member(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Marcus Bell")


@pytest.fixture
def member2(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Dana Ortiz")


@pytest.fixture
def admin(make_user: MakeUser) -> User:
    return make_user(Role.ADMIN, agency="OPM", name="Jordan Ellis")


def board_heard(app: Flask, reviewer: User, review_id: int) -> None:
    """When a raised flag routes the review to the board: shared, and the period closed with
    nothing said (so the review can be submitted)."""
    from ctdppeia.board.gate import needs_board
    from ctdppeia.models import Review

    with app.app_context():
        needed = needs_board(db.session.get(Review, review_id))
    if needed:
        opens, closes = today() - timedelta(days=20), today() - timedelta(days=1)
        share(app, reviewer, review_id, opens, closes)
