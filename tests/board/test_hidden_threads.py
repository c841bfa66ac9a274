"""A hidden comment is closed: nobody replies to it, to a reply in its thread or to a hidden
reply, its author cannot edit it, and the thread offers no form for it."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Role, User
from tests.board.conftest import share
from tests.conftest import MakeUser
from tests.factories.people import as_user


def _post(client: FlaskClient, url: str, body: str) -> int:
    response = client.post(url, data={"body": body, "concern": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("comment-", 1)[1])


def _count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(BoardComment.id))) or 0)


def test_no_reply_and_no_edit_under_a_hidden_comment(
    app: Flask,
    reviewer: User,
    member: User,
    other_member: User,
    review_id: int,
    make_user: MakeUser,
) -> None:
    share_id = share(app, reviewer, review_id)
    marcus, lena = as_user(app, member), as_user(app, other_member)
    first = _post(marcus, f"/board/projects/{share_id}/comments", "A rude comment.")
    reply = _post(lena, f"/board/comments/{first}/replies", "A reply before it was hidden.")
    other = _post(marcus, f"/board/projects/{share_id}/comments", "A fine comment.")
    rude_reply = _post(marcus, f"/board/comments/{other}/replies", "A rude reply.")
    moderator = as_user(app, make_user(Role.ADMIN, agency="OPM"))
    for hidden in (first, rude_reply):
        response = moderator.post(f"/board/comments/{hidden}/hide", data={"reason": "Rude."})
        assert response.status_code == 302
    before = _count(app)
    for parent in (first, reply, rude_reply):  # the hidden comment, a reply to it, a hidden reply
        response = lena.post(f"/board/comments/{parent}/replies", data={"body": "Still here?"})
        assert response.status_code == 403, parent
        assert "A moderator hid this comment, so no one can reply to it." in response.get_data(
            as_text=True
        )
    assert _count(app) == before
    assert _post(lena, f"/board/comments/{other}/replies", "A reply to the fine one.")
    for hidden in (first, rude_reply):
        assert marcus.get(f"/board/comments/{hidden}/edit").status_code == 403
        response = marcus.post(f"/board/comments/{hidden}/edit", data={"body": "Sorry."})
        assert response.status_code == 403
    page = lena.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert f'action="/board/comments/{first}/replies"' not in page
    assert f'action="/board/comments/{other}/replies"' in page
