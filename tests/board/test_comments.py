"""Comments and replies: names, concerns, edits with their history, notices, bad input."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import (
    AuditEvent,
    BoardComment,
    BoardCommentRevision,
    BoardNotice,
    User,
)
from tests.board.conftest import share
from tests.conftest import AuthActions


@pytest.fixture
def share_id(app: Flask, reviewer: User, review_id: int) -> int:
    return share(app, reviewer, review_id)


def _post(client: FlaskClient, share_id: int, **data: str) -> int:
    response = client.post(f"/board/projects/{share_id}/comments", data={"concern": "", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("comment-", 1)[1])


def test_name_or_board_member(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    _post(client, share_id, body="Shown with my name.", show_name="y")
    _post(client, share_id, body="Shown without it.")
    page = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert page.count("Marcus Bell</strong>") == 1
    assert page.count("Board member</strong>") == 1


def test_a_concern_names_one_shared_flag_or_question(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    flag = _post(client, share_id, body="About the flag.", concern="flag:no-community-voice")
    question = _post(client, share_id, body="About P4.", concern="question:P4")
    refused = client.post(
        f"/board/projects/{share_id}/comments", data={"body": "x", "concern": "question:C1"}
    )
    assert refused.status_code == 422  # C1 is not shared with the board
    with app.app_context():
        first, second = db.session.get(BoardComment, flag), db.session.get(BoardComment, question)
        assert (first.concern_flag_id, first.concern_question_id) == ("no-community-voice", None)
        assert (second.concern_flag_id, second.concern_question_id) == (None, "P4")


def test_a_refused_comment_comes_back_with_every_concern_to_choose(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    for concern in ("", "question:P4"):
        page = client.post(
            f"/board/projects/{share_id}/comments", data={"body": "", "concern": concern}
        )
        assert page.status_code == 422
        text = page.get_data(as_text=True)
        assert "Write your comment." in text
        assert 'value="flag:no-community-voice"' in text and 'value="question:P4"' in text
        chosen = re.search(r'<option[^>]*\bselected\b[^>]*value="([^"]*)"', text)
        assert (chosen.group(1) if chosen else "") == concern


def test_edits_keep_their_history_and_show_it(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    said = _post(client, share_id, body="First words.")
    form = client.get(f"/board/comments/{said}/edit").get_data(as_text=True)
    assert "First words." in form
    for body in ("Second words.", "Third words."):
        response = client.post(f"/board/comments/{said}/edit", data={"body": body, "concern": ""})
        assert response.status_code == 302
    with app.app_context():
        revisions = db.session.scalars(
            select(BoardCommentRevision.body).order_by(BoardCommentRevision.id)
        )
        assert list(revisions) == ["First words.", "Second words."]
        assert db.session.get(BoardComment, said).edited_at is not None
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "board.comment_edited")
        )
    page = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert "Edited" in page and "<details" in page
    assert "First words." in page and "Second words." in page and "Third words." in page


def test_only_the_author_edits(
    client: FlaskClient, auth: AuthActions, member: User, other_member: User, share_id: int
) -> None:
    auth.login(member)
    said = _post(client, share_id, body="Mine.")
    auth.logout()
    auth.login(other_member)
    assert client.get(f"/board/comments/{said}/edit").status_code == 403
    posted = client.post(f"/board/comments/{said}/edit", data={"body": "Not mine."})
    assert posted.status_code == 403
    page = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert "Mine." in page and "Not mine." not in page and "Edit comment" not in page
    assert client.get("/board/comments/999999/edit").status_code == 404


def test_replies_thread_and_tell_the_author(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, other_member: User,
    share_id: int,
) -> None:  # fmt: skip
    auth.login(member)
    first = _post(client, share_id, body="A question.")
    client.get(f"/board/projects/{share_id}")  # the visit the home counts from
    auth.logout()
    auth.login(other_member)
    reply = client.post(f"/board/comments/{first}/replies", data={"body": "An answer."})
    assert reply.status_code == 302
    reply_id = int(reply.headers["Location"].rsplit("comment-", 1)[1])
    again = client.post(f"/board/comments/{reply_id}/replies", data={"body": "And more."})
    assert again.status_code == 302
    with app.app_context():
        replies = db.session.scalars(select(BoardComment).where(BoardComment.parent_id == first))
        assert [c.body for c in replies] == ["An answer.", "And more."]
        notices = db.session.scalars(select(BoardNotice).where(BoardNotice.kind == "reply"))
        assert [(n.user_id, n.comment_id) for n in notices] == [(member.id, reply_id)]
    auth.logout()
    auth.login(member)
    home = client.get("/board/").get_data(as_text=True)
    assert "2 new replies to you." in home


def test_bad_input_is_refused_and_given_back(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    long = "a" * (limits.BOARD_COMMENT + 1)
    response = client.post(f"/board/projects/{share_id}/comments", data={"body": long})
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "the limit is 4,000" in text and long in text
    empty = client.post(f"/board/projects/{share_id}/comments", data={"body": "  "})
    assert empty.status_code == 422 and "Write your comment." in empty.get_data(as_text=True)
    first = _post(client, share_id, body="Fine.")
    bad_reply = client.post(f"/board/comments/{first}/replies", data={"body": ""})
    assert bad_reply.status_code == 422 and "Write your reply." in bad_reply.get_data(as_text=True)
    with app.app_context():
        assert [c.body for c in db.session.scalars(select(BoardComment))] == ["Fine."]


def test_a_comment_holds_the_audit_chain_only_for_its_last_write(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    """Every write of the app queues for the chain: a comment takes it after its other writes
    (the comment, the staff's notices), as a section save does."""
    from tests.test_query_counts import counted

    auth.login(member)
    _post(client, share_id, body="First, so that every one-time load is done.")
    with counted(app) as sent:
        _post(client, share_id, body="How will parents hear about the results?")
    turn = ("audit_chain_take_turn", "DELETE FROM audit_event WHERE 0 = 1")
    taken = next(i for i, sql in enumerate(sent) if any(word in sql for word in turn))
    writes_after = [
        sql.split("(")[0]
        for sql in sent[taken + 1 :]
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and "INTO audit_event" not in sql
    ]
    assert writes_after == [], "\n".join(sent)
    assert any(sql.startswith("INSERT INTO board_notice") for sql in sent[:taken]), sent


def test_a_posted_comment_is_not_read_again_for_the_page_that_follows(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    """The redirect names the comment and the project from what the request already knows:
    after the commit, nothing of either is loaded again (each load is a query)."""
    from tests.test_query_counts import counted

    auth.login(member)
    _post(client, share_id, body="First, so that every one-time load is done.")
    with counted(app) as sent:
        response = client.post(
            f"/board/projects/{share_id}/comments", data={"body": "Who reads these?", "concern": ""}
        )
    assert response.status_code == 302
    last_write = max(i for i, sql in enumerate(sent) if sql.startswith("INSERT INTO audit_event"))
    reads_after = [sql for sql in sent[last_write + 1 :] if sql.startswith("SELECT")]
    assert reads_after == [], "\n".join(sent)
    with app.app_context():
        posted = db.session.scalars(select(BoardComment).order_by(BoardComment.id.desc())).first()
    assert posted is not None and posted.body == "Who reads these?"
    location = response.headers["Location"]
    assert location.endswith(f"/board/projects/{share_id}?posted={posted.id}#comment-{posted.id}")
