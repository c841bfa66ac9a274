"""The board's thread in the review snapshot and in the PDF."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.board import services
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, Review, User
from ctdppeia.pdf.snapshot import validate_snapshot
from ctdppeia.reviews.snapshot import build_snapshot
from tests.board.conftest import share
from tests.conftest import AuthActions
from tests.factories.pdfs import needs_pdftotext, pdf_text


def _thread(app: Flask, reviewer: User, member: User, other: User, review_id: int) -> None:
    share_id = share(app, reviewer, review_id)
    with app.app_context():
        found = db.session.get(BoardShare, share_id)
        author = db.session.get(User, member.id)
        first = services.post_comment(
            author,
            found,
            services.CommentInput("Who checks the ZIP codes?", True, "no-community-voice"),
        )
        services.post_comment(
            db.session.get(User, other.id),
            found,
            services.CommentInput("I want to know too.", False),
            db.session.get(BoardComment, first.id),
        )


def test_the_snapshot_holds_the_thread(
    app: Flask, reviewer: User, member: User, other_member: User, review_id: int
) -> None:
    with app.app_context():
        empty = build_snapshot(db.session.get(Review, review_id))
    assert empty["comments"] == []
    _thread(app, reviewer, member, other_member, review_id)
    with app.app_context():
        snap = build_snapshot(db.session.get(Review, review_id))
    validate_snapshot(snap)
    [comment] = snap["comments"]
    assert comment["author"] == "Marcus Bell"
    assert comment["body"] == "Who checks the ZIP codes?"
    assert comment["concern"].startswith("Flag: ")
    assert comment["at"].endswith("Z")
    [reply] = comment["replies"]
    assert (reply["author"], reply["body"]) == ("Board member", "I want to know too.")


@needs_pdftotext
def test_the_pdf_prints_the_thread(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    other_member: User, review_id: int,
) -> None:  # fmt: skip
    auth.login(reviewer)
    before = pdf_text(client.get(f"/reviews/{review_id}/review.pdf").data)
    assert "The board made no comments on this review" in before
    _thread(app, reviewer, member, other_member, review_id)
    text = pdf_text(client.get(f"/reviews/{review_id}/review.pdf").data)
    assert "The board made no comments on this review" not in text
    assert "Comment 1: Marcus Bell" in text
    assert "A concern about: Flag:" in text
    assert "Who checks the ZIP codes?" in text
    assert "Reply from Board member" in text and "I want to know too." in text
