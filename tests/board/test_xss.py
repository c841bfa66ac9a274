"""Comments and summaries are escaped and sanitized wherever staff or the board read them."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.board.conftest import share
from tests.conftest import AuthActions
from tests.security.xss_corpus import PAYLOADS, markup_problems


def test_payloads_never_reach_a_page_as_markup(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    app.config["BOARD_MEMBER_COMMENTS_PER_HOUR"] = len(PAYLOADS) + 1  # every payload, a reply
    corpus = "\n\n".join(PAYLOADS)
    share_id = share(app, reviewer, review_id, summary=corpus)
    auth.login(member)
    for payload in PAYLOADS:
        response = client.post(
            f"/board/projects/{share_id}/comments",
            data={"body": payload, "concern": "", "show_name": "y"},
        )
        assert response.status_code == 302
    first = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    comment_id = re.search(r'id="comment-(\d+)"', first).group(1)  # type: ignore[union-attr]
    client.post(f"/board/comments/{comment_id}/replies", data={"body": corpus})
    client.post(f"/board/comments/{comment_id}/edit", data={"body": corpus, "concern": ""})
    pages = [
        client.get(f"/board/projects/{share_id}").get_data(as_text=True),
        client.get(f"/board/comments/{comment_id}/edit").get_data(as_text=True),
        client.get("/board/").get_data(as_text=True),
    ]
    auth.logout()
    auth.login(reviewer)
    pages += [
        client.get(f"/reviews/{review_id}").get_data(as_text=True),
        client.get(f"/reviews/{review_id}/summary").get_data(as_text=True),
        client.get(f"/reviews/{review_id}/board").get_data(as_text=True),
    ]
    for html in pages:
        assert markup_problems(html) == []
    assert "XSS-11" in pages[0]  # the text stays, only the markup goes
