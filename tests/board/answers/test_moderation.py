"""Moderation: only an administrator hides a comment, with a reason; the note stays, the
replies stay, the author is told, and the audit log has it."""

from flask import Flask
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardNotice, User
from tests.factories.board import comment, open_share
from tests.factories.people import as_user


def _comment(app: Flask, comment_id: int) -> BoardComment:
    with app.app_context():
        row = db.session.get(BoardComment, comment_id)
        db.session.expunge(row)
        return row


def test_an_administrator_hides_a_comment_with_a_reason(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User, admin: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    rude = comment(app, share_id, member, "Something rude.")
    reply = comment(app, share_id, member2, "Please be kind.", parent=rude)
    client = as_user(app, admin)
    listing = client.get("/board/moderation").text
    assert "Something rude." in listing and f"/board/comments/{rude}/hide" in listing
    assert "Something rude." in client.get(f"/board/comments/{rude}/hide").text
    response = client.post(f"/board/comments/{rude}/hide", data={"reason": "Rude words."})
    assert response.status_code == 302
    hidden = _comment(app, rude)
    assert hidden.hidden_reason == "Rude words." and hidden.hidden_by_id == admin.id
    assert hidden.body == "Something rude."  # the text is kept, not changed
    page = as_user(app, member).get(f"/board/projects/{share_id}/you-said-we-did").text
    assert "Hidden by a moderator on " in page and ": Rude words." in page
    assert "Something rude." not in page
    assert "Please be kind." in page  # the reply stays
    with app.app_context():
        events = audit.history(("review", review_id))
        assert any(e.action == "board.comment_hidden" and e.object_id == rude for e in events)
        notice = db.session.scalars(select(BoardNotice).where(BoardNotice.kind == "hidden")).one()
        assert (notice.user_id, notice.comment_id) == (member.id, rude)
    assert _comment(app, reply).hidden_at is None


def test_a_reason_is_needed_and_a_hidden_comment_stays_as_it_was(
    app: Flask, reviewer: User, review_id: int, member: User, admin: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Something rude.")
    client = as_user(app, admin)
    refused = client.post(f"/board/comments/{cid}/hide", data={"reason": " "})
    assert refused.status_code == 422 and "Say why the comment is hidden." in refused.text
    long = client.post(f"/board/comments/{cid}/hide", data={"reason": "x" * 1_001})
    assert long.status_code == 422 and "the limit is 1,000" in long.text
    assert _comment(app, cid).hidden_at is None
    client.post(f"/board/comments/{cid}/hide", data={"reason": "Rude words."})
    again = client.post(f"/board/comments/{cid}/hide", data={"reason": "Other words."})
    assert again.status_code == 403
    assert _comment(app, cid).hidden_reason == "Rude words."
    assert client.post("/board/comments/999999/hide", data={"reason": "x"}).status_code == 404


def test_only_an_administrator_moderates(
    app: Flask, reviewer: User, approver: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Fine words.")
    for user in (member, reviewer, approver):
        client = as_user(app, user)
        refused = 404 if user is member else 403  # nothing unshared exists for the board
        assert client.get("/board/moderation").status_code == refused
        assert client.get(f"/board/comments/{cid}/hide").status_code == refused
        response = client.post(f"/board/comments/{cid}/hide", data={"reason": "No."})
        assert response.status_code == refused
    assert _comment(app, cid).hidden_at is None
