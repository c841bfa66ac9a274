"""The comment period: working days, and nothing posted or edited before or after it, by any
route."""

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.board import dates, period, services
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardCommentRevision, BoardShare, User
from tests.board.conftest import move_period, share
from tests.conftest import AuthActions


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 11, 27)
    assert period.working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert period.add_working_days(friday, 10) == date(2026, 12, 11)
    assert period.working_days_between(friday, date(2026, 12, 11)) == 10
    assert period.period_problem(friday, date(2026, 12, 10), 10, friday) is not None
    assert period.period_problem(friday, date(2026, 12, 11), 10, friday) is None


def test_time_left_in_words(app: Flask) -> None:
    today = date(2026, 11, 27)
    with app.test_request_context():
        assert dates.time_left(today, today + timedelta(days=3), today) == (
            "3 days left to comment. Closes on November 30, 2026"
        )
        assert dates.time_left(today, today + timedelta(days=1), today) == (
            "1 day left to comment. Closes on November 28, 2026"
        )
        assert dates.time_left(today - timedelta(1), today, today) == "Last day to comment: today"
        assert dates.time_left(today + timedelta(1), today + timedelta(9), today) == (
            "Opens in 1 day, on November 28, 2026"
        )
        assert dates.time_left(today - timedelta(9), today - timedelta(1), today) == (
            "Closed on November 26, 2026"
        )


def test_time_left_in_spanish(app: Flask) -> None:
    today = date(2026, 11, 27)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert dates.time_left(today, today + timedelta(days=3), today) == (
            "Quedan 3 días para comentar. Se cierra el 30 de noviembre de 2026"
        )
        assert dates.time_left(today - timedelta(1), today, today) == (
            "Último día para comentar: hoy"
        )
        assert dates.time_left(today + timedelta(2), today + timedelta(9), today) == (
            "Se abre en 2 días, el 29 de noviembre de 2026"
        )
        assert dates.time_left(today - timedelta(9), today - timedelta(1), today) == (
            "Se cerró el 26 de noviembre de 2026"
        )


@pytest.fixture
def thread(app: Flask, reviewer: User, member: User, review_id: int) -> tuple[int, int]:
    """A shared review with one comment by the member: (share id, comment id)."""
    share_id = share(app, reviewer, review_id)
    with app.app_context():
        author = db.session.get(User, member.id)
        found = db.session.get(BoardShare, share_id)
        said = services.post_comment(author, found, services.CommentInput("First.", False))
        return share_id, said.id


def _routes(share_id: int, comment_id: int) -> list[tuple[str, str, dict[str, str]]]:
    body = {"body": "Late words.", "concern": ""}
    return [
        ("POST", f"/board/projects/{share_id}/comments", body),
        ("POST", f"/board/comments/{comment_id}/replies", body),
        ("GET", f"/board/comments/{comment_id}/edit", {}),
        ("POST", f"/board/comments/{comment_id}/edit", body),
    ]


@pytest.mark.parametrize("when", ["before", "after"])
def test_nothing_is_accepted_outside_the_period(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, thread: tuple[int, int],
    when: str,
) -> None:  # fmt: skip
    share_id, comment_id = thread
    today = period.today()
    if when == "before":
        move_period(app, share_id, today + timedelta(days=1), today + timedelta(days=20))
    else:
        move_period(app, share_id, today - timedelta(days=20), today - timedelta(days=1))
    auth.login(member)
    for method, url, data in _routes(share_id, comment_id):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url)
        assert "Comments are closed" in response.get_data(as_text=True)
    page = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    assert "Post comment" not in page and "Edit comment" not in page and "Reply to" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoardComment)) == 1
        assert db.session.scalar(select(func.count()).select_from(BoardCommentRevision)) == 0
        assert db.session.get(BoardComment, comment_id).body == "First."
    with app.app_context():  # and the service refuses on its own, whatever calls it
        author = db.session.get(User, member.id)
        found = db.session.get(BoardShare, share_id)
        with pytest.raises(services.PeriodClosed):
            services.post_comment(author, found, services.CommentInput("x", False))


def test_the_first_and_last_days_are_open(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, thread: tuple[int, int]
) -> None:
    share_id, comment_id = thread
    today = period.today()
    auth.login(member)
    for opens, closes in ((today, today + timedelta(days=5)), (today - timedelta(5), today)):
        move_period(app, share_id, opens, closes)
        for method, url, data in _routes(share_id, comment_id):
            response = client.open(url, method=method, data=data)
            assert response.status_code in (200, 302), (method, url, response.status_code)
