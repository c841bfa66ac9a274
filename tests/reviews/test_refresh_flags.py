"""`flask reviews refresh-flags`: a review whose stored flag state was written under earlier
rules gets the flags its answers raise now, so the lists count them right; a locked review is
never changed."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select, text

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewFlagState, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.flags import tally_flags, tally_many
from ctdppeia.reviews.refresh import NOTE
from tests.conftest import AuthActions
from tests.factories.requests import new_request
from tests.factories.reviews import complete_review, save, start_review

RIGHT = "2 flags: 1 high, 1 medium"  # names (medium) and names-kept (high)
STALE = "1 flag: 1 high"  # small-cells only


def _write_stale_state(app: Flask, review_id: int) -> None:
    """What earlier rules could have stored: `small-cells` raised although D1 has no answer
    (a test on a blank counted as true), the two flags the answers raise not raised."""
    with app.app_context():
        rows = db.session.scalars(
            select(ReviewFlagState).where(ReviewFlagState.review_id == review_id)
        )
        for row in rows:
            row.cleared_at = utcnow()
        db.session.add(
            ReviewFlagState(
                review_id=review_id, flag_id="small-cells", severity="high", question_ids=["D1"]
            )
        )
        db.session.commit()


def _lock(app: Flask, review_id: int, reviewer: User, approver: User) -> None:
    """Confirm the review in the database (the signing itself is tested elsewhere)."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        now = utcnow()
        review.submitted_at, review.submitted_by_id = now - timedelta(minutes=5), reviewer.id
        review.confirmed_at, review.confirmed_by_id = now, approver.id
        db.session.commit()


def _flag_rows(app: Flask, review_id: int) -> list[Any]:
    with app.app_context():
        query = text("SELECT * FROM review_flag WHERE review_id = :id ORDER BY id")
        return list(db.session.execute(query, {"id": review_id}).all())


def _list_text(app: Flask, review_id: int) -> str:
    """The count the lists show (stored state) for the review."""
    with app.test_request_context():
        review = db.session.get(Review, review_id)
        return tally_many([review])[review_id].text


def _refresh_events(app: Flask) -> list[tuple[str, int, str]]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.summary.contains(NOTE))
        return [(e.action, e.scope_id, e.summary) for e in db.session.scalars(query)]


@pytest.fixture
def two_reviews(app: Flask, qdir: Path, reviewer: User, approver: User) -> tuple[int, int]:
    """An open review and a locked one, both answered the same and both with a stale state."""
    open_id = start_review(app, reviewer, new_request(app, reviewer, "Open"))
    locked_id = start_review(app, reviewer, new_request(app, reviewer, "Locked"))
    for review_id in (open_id, locked_id):
        complete_review(app, reviewer, review_id)
        save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "yes", "B3": "no"})
        save(app, reviewer, review_id, "details", {"D1": None, "D3": ["race"]})
        assert _list_text(app, review_id) == RIGHT
        _write_stale_state(app, review_id)
        assert _list_text(app, review_id) == STALE
    _lock(app, locked_id, reviewer, approver)
    return open_id, locked_id


def test_refresh_gives_an_open_review_the_flags_its_answers_raise(
    app: Flask, runner: FlaskCliRunner, two_reviews: tuple[int, int]
) -> None:
    open_id, locked_id = two_reviews
    locked_rows = _flag_rows(app, locked_id)
    result = runner.invoke(args=["reviews", "refresh-flags"])
    assert result.exit_code == 0, result.output
    assert "Checked 1 reviews not locked (1 locked reviews left as they are)" in result.output
    assert f"1 brought up to date: review {open_id}." in result.output
    assert _list_text(app, open_id) == RIGHT
    with app.test_request_context():
        review = db.session.get(Review, open_id)
        assert tally_many([review])[open_id] == tally_flags(review)
    # The locked review keeps every row as it was, stale or not.
    assert _flag_rows(app, locked_id) == locked_rows
    assert _list_text(app, locked_id) == STALE
    # Each flag raised or cleared is in the open review's history, by the system.
    events = _refresh_events(app)
    assert sorted((action, scope) for action, scope, _ in events) == [
        ("review.flag_cleared", open_id),
        ("review.flag_raised", open_id),
        ("review.flag_raised", open_id),
    ]
    assert f"Flag no longer raised: Small counts could identify people ({NOTE})" in [
        summary for _, _, summary in events
    ]
    with app.app_context():
        actors = db.session.scalars(
            select(AuditEvent.actor_id).where(AuditEvent.summary.contains(NOTE))
        )
        assert set(actors) == {None}


def test_refresh_again_changes_nothing(
    app: Flask, runner: FlaskCliRunner, two_reviews: tuple[int, int]
) -> None:
    open_id, _ = two_reviews
    assert runner.invoke(args=["reviews", "refresh-flags"]).exit_code == 0
    rows, events = _flag_rows(app, open_id), _refresh_events(app)
    again = runner.invoke(args=["reviews", "refresh-flags"])
    assert again.exit_code == 0
    assert "every stored flag state is up to date" in again.output
    assert _flag_rows(app, open_id) == rows and _refresh_events(app) == events


def test_check_reports_a_stale_review_and_changes_nothing(
    app: Flask, runner: FlaskCliRunner, two_reviews: tuple[int, int]
) -> None:
    open_id, _ = two_reviews
    rows = _flag_rows(app, open_id)
    result = runner.invoke(args=["reviews", "refresh-flags", "--check"])
    assert result.exit_code == 1
    assert f"1 out of date (nothing changed): review {open_id}." in result.output
    assert _flag_rows(app, open_id) == rows and _refresh_events(app) == []
    assert _list_text(app, open_id) == STALE


def test_the_review_list_counts_right_after_the_refresh(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    runner: FlaskCliRunner,
    reviewer: User,
    two_reviews: tuple[int, int],
) -> None:
    auth.login(reviewer)
    assert client.get("/reviews/").text.count(STALE) == 2
    assert runner.invoke(args=["reviews", "refresh-flags"]).exit_code == 0
    page = client.get("/reviews/").text
    assert page.count(RIGHT) == 1 and page.count(STALE) == 1  # the locked one as it was
