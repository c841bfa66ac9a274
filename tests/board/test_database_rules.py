"""The board tables' own rules: named checks, and revisions, responses and concern
acknowledgments only ever added."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ctdppeia.board import period, services
from ctdppeia.extensions import db
from ctdppeia.models import (
    BoardComment,
    BoardCommentRevision,
    BoardConcernAck,
    BoardResponse,
    BoardShare,
    Review,
    User,
)
from ctdppeia.models.timestamps import utcnow
from tests.board.conftest import share


@pytest.fixture
def comment_id(app: Flask, reviewer: User, member: User, review_id: int) -> int:
    share_id = share(app, reviewer, review_id)
    with app.app_context():
        found = db.session.get(BoardShare, share_id)
        author = db.session.get(User, member.id)
        said = services.post_comment(author, found, services.CommentInput("Hi.", False))
        services.edit_comment(author, said, services.CommentInput("Hello.", False))
        return said.id


def _refused(app: Flask, change: object) -> None:
    with app.app_context():
        with pytest.raises((IntegrityError, DBAPIError)):
            db.session.execute(change)  # type: ignore[call-overload]
            db.session.flush()
        db.session.rollback()


def test_the_period_closes_after_it_opens(app: Flask, reviewer: User, review_id: int) -> None:
    today = period.today()
    with app.app_context():
        db.session.add(
            BoardShare(
                review_id=db.session.get(Review, review_id).id, shared_by_id=reviewer.id,
                summary="S", opens_on=today, closes_on=today - timedelta(days=1),
            )
        )  # fmt: skip
        with pytest.raises(IntegrityError, match="closes_after_opening"):
            db.session.flush()


def test_a_comment_names_at_most_one_concern_and_hides_with_all_three(
    app: Flask, member: User, comment_id: int
) -> None:
    both = update(BoardComment).values(concern_flag_id="f", concern_question_id="P4")
    _refused(app, both)
    half = update(BoardComment).values(hidden_at=utcnow())
    _refused(app, half)
    with app.app_context():
        db.session.execute(
            update(BoardComment).values(
                hidden_at=utcnow(), hidden_by_id=member.id, hidden_reason="Off topic."
            )
        )
        db.session.commit()
        hidden = db.session.get(BoardComment, comment_id)
        with pytest.raises(services.BoardError, match="hid this comment"):
            services.edit_comment(
                db.session.get(User, member.id), hidden, services.CommentInput("x", False)
            )


def test_revisions_and_responses_are_only_added(
    app: Flask, reviewer: User, comment_id: int
) -> None:
    with app.app_context():
        db.session.add(
            BoardResponse(
                comment_id=comment_id, kind="not-adopted", text="Because.",
                responded_by_id=reviewer.id,
            )
        )  # fmt: skip
        db.session.commit()
    _refused(app, update(BoardCommentRevision).values(body="rewritten"))
    _refused(app, delete(BoardCommentRevision))
    _refused(app, update(BoardResponse).values(text="rewritten"))
    _refused(app, delete(BoardResponse))
    _refused(app, update(BoardResponse).values(kind="maybe"))


def test_concern_acknowledgements_are_only_added(
    app: Flask, reviewer: User, comment_id: int
) -> None:
    with app.app_context():
        db.session.add(
            BoardConcernAck(comment_id=comment_id, acknowledged_by_id=reviewer.id, note="Read.")
        )
        db.session.commit()
    for change in (
        update(BoardConcernAck).values(note="rewritten"),
        delete(BoardConcernAck),
    ):
        with app.app_context():
            with pytest.raises(DBAPIError, match="concern acknowledgements are only ever added"):
                db.session.execute(change)
                db.session.flush()
            db.session.rollback()
    with app.app_context():
        kept = db.session.scalars(select(BoardConcernAck)).one()
        assert (kept.comment_id, kept.note) == (comment_id, "Read.")
