"""Limits on board comments (the third security test's F9: one member posted 30 comments in
4 seconds, 30 emails to staff). Each limit refuses with 429 and a clear message, keeps what was
typed, saves nothing and tells nobody."""

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardNotice, User
from tests.board.conftest import share
from tests.factories.people import as_user
from tests.mailsink import SmtpSink


def _post(client: FlaskClient, share_id: int, body: str) -> int:
    url = f"/board/projects/{share_id}/comments"
    response = client.post(url, data={"body": body, "concern": ""})
    return response.status_code


def _comments(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(BoardComment.id))) or 0)


def test_one_member_cannot_flood_the_staff(
    app: Flask, reviewer: User, member: User, review_id: int, smtp_sink: SmtpSink
) -> None:
    app.config["BOARD_MEMBER_COMMENTS_PER_HOUR"] = 5
    share_id = share(app, reviewer, review_id)
    client = as_user(app, member)
    statuses = [_post(client, share_id, f"Comment number {n}.") for n in range(30)]
    assert statuses == [302] * 5 + [429] * 25
    response = client.post(
        f"/board/projects/{share_id}/comments", data={"body": "My typed words stay.", "concern": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "You have posted 5 comments and replies in the last hour" in page
    assert "My typed words stay.</textarea>" in page
    assert _comments(app) == 5
    to_staff = [m for m in smtp_sink.messages if reviewer.email in m["To"]]
    assert len(to_staff) == 5
    with app.app_context():
        notices = select(func.count(BoardNotice.id)).where(BoardNotice.kind == "comment")
        assert db.session.scalar(notices) == 5
    with app.app_context():  # a reply is limited the same way
        first = db.session.scalars(select(BoardComment.id).order_by(BoardComment.id)).first()
    response = client.post(f"/board/comments/{first}/replies", data={"body": "A reply, kept."})
    assert response.status_code == 429 and "A reply, kept.</textarea>" in response.get_data(
        as_text=True
    )
    with app.app_context():  # an hour later the member may post again
        for row in db.session.scalars(select(BoardComment)):
            row.created_at -= timedelta(hours=1)
        db.session.commit()
    assert _post(client, share_id, "An hour later.") == 302


@pytest.mark.parametrize(
    ("setting", "others_may_post", "message"),
    [
        ("BOARD_MEMBER_COMMENTS_PER_PROJECT", True, "on this project, the most one member can"),
        ("BOARD_PROJECT_COMMENTS_PER_HOUR", False, "in the last hour, the most it takes"),
        ("BOARD_PROJECT_COMMENTS_MAX", False, "the most it can take"),
    ],
)
def test_the_limits_per_member_and_per_project(
    app: Flask,
    reviewer: User,
    member: User,
    other_member: User,
    review_id: int,
    setting: str,
    others_may_post: bool,
    message: str,
) -> None:
    app.config[setting] = 3
    share_id = share(app, reviewer, review_id)
    client = as_user(app, member)
    assert [_post(client, share_id, f"Mine {n}.") for n in range(3)] == [302] * 3
    url = f"/board/projects/{share_id}/comments"
    response = client.post(url, data={"body": "One more.", "concern": ""})
    assert response.status_code == 429 and message in response.get_data(as_text=True)
    other = _post(as_user(app, other_member), share_id, "Another member's first comment.")
    assert other == (302 if others_may_post else 429)
    assert _comments(app) == (4 if others_may_post else 3)
