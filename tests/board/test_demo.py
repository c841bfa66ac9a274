"""The demo data: the board member finds a shared project open for comments, with comments."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, User
from tests.conftest import put_session


def test_the_demo_board_member_sees_real_work(
    app: Flask, client: FlaskClient, seeded_demo: str
) -> None:
    with app.app_context():
        share = db.session.scalar(select(BoardShare).order_by(BoardShare.id))  # the open one
        assert share is not None and share.opens_on < share.closes_on
        query = select(BoardComment).where(BoardComment.share_id == share.id)
        comments = list(db.session.scalars(query))
        assert len(comments) == 3
        assert any(c.concern_question_id for c in comments)
        assert any(c.parent_id for c in comments)
        member = db.session.scalar(select(User).where(User.email == "board@demo.ct.gov"))
        db.session.expunge(member)
    put_session(client, member)
    home = client.get("/board/").get_data(as_text=True)
    assert "Child care subsidies" in home and "left to comment" in home
    page = client.get(f"/board/projects/{share.id}").get_data(as_text=True)
    assert "Resumen en español" in page
    assert "Records about each person worry me." in page and "Post comment" in page
    # The concern names a question the board is shown, by its words, not only its number.
    concern = page.split("Concern about:</strong>")[1].split("</p>")[0]
    assert "What will leave the agency?" in concern, concern
