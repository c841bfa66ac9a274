""" "Waiting for you" for a board member (shared projects open for comments that they have not
commented on) and for the reviewer (the board's comments still to answer)."""

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.board import period
from ctdppeia.models import Role, User
from tests.board.conftest import move_period, share
from tests.conftest import AuthActions, MakeUser
from tests.waiting_page import panel, says_nothing_waits

OPEN = "Projects open for your comments"
TO_ANSWER = "Board comments waiting for your answer"


def _comment(client: FlaskClient, share_id: int) -> None:
    data = {"concern": "", "body": "Who sees the names?"}
    response = client.post(f"/board/projects/{share_id}/comments", data=data)
    assert response.status_code == 302


def test_an_open_project_waits_for_each_member_until_they_comment(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    member: User,
    other_member: User,
    review_id: int,
) -> None:
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    waiting = panel(client, "/board/")[OPEN]
    assert waiting.total == 1 and waiting.overdue == 0
    assert waiting.titles == ["Child care and wages"]
    assert waiting.links == [f"/board/projects/{share_id}"]
    _comment(client, share_id)
    assert says_nothing_waits(client, "/board/")
    auth.logout()
    auth.login(other_member)
    assert panel(client, "/board/")[OPEN].total == 1


def test_a_project_not_open_yet_or_closed_does_not_wait(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User, review_id: int
) -> None:
    share_id = share(app, reviewer, review_id)
    today = period.today()
    move_period(app, share_id, today + timedelta(days=3), today + timedelta(days=30))
    auth.login(member)
    assert says_nothing_waits(client, "/board/")
    move_period(app, share_id, today - timedelta(days=30), today - timedelta(days=1))
    assert says_nothing_waits(client, "/board/")


def test_the_reviewer_answers_the_boards_comments_and_a_colleague_is_not_asked(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    member: User,
    review_id: int,
    make_user: MakeUser,
) -> None:
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    _comment(client, share_id)
    home = client.get("/board/").get_data(as_text=True)
    assert TO_ANSWER not in home  # the board member is never shown staff work
    auth.logout()
    auth.login(reviewer)
    waiting = panel(client)[TO_ANSWER]
    assert waiting.total == 1 and waiting.titles == ["Child care and wages"]
    assert waiting.links == [f"/reviews/{review_id}/board/answers"]
    assert OPEN not in panel(client)
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DSS", name="Colleague Reviewer"))
    assert TO_ANSWER not in panel(client)
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DOL", name="Other Reviewer"))
    assert says_nothing_waits(client)
