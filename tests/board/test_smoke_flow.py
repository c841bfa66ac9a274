"""A board member reads a shared project, comments, replies and edits; the reviewer reads it."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.board.conftest import share
from tests.conftest import AuthActions


def test_the_whole_path(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    home = client.get("/board/")
    assert home.status_code == 200
    assert "New project" in home.get_data(as_text=True)
    page = client.get(f"/board/projects/{share_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "What happens next" in text
    posted = client.post(
        f"/board/projects/{share_id}/comments",
        data={"body": "Please *explain* more.", "concern": "flag:no-community-voice"},
    )
    assert posted.status_code == 302, posted.get_data(as_text=True)
    text = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert "<em>explain</em>" in text
    assert "Concern about:" in text
    auth.logout()
    auth.login(reviewer)
    text = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Board comments" in text and "<em>explain</em>" in text
