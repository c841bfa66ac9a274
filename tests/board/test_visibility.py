"""What a board member may see: shared projects and only their shared parts. Every other page
answers them the same whether the id exists or not."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.demo import analyses as analyses_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from tests.board.conftest import share
from tests.conftest import AuthActions, MakeUser

MISSING = 2_000_000


def _add_analysis(app: Flask, reviewer: User, review_id: int) -> int:
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        return analyses_demo.add(actor, review, analyses_demo.EARNINGS).id


def test_the_project_page_shows_only_the_shared_parts(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    _add_analysis(app, reviewer, review_id)
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    # Shared: the summary, the board questions with their answers, the questionnaire's flags.
    assert "We want to see if child care help leads to better pay." in page
    assert "Do families who get child care help earn more two years later?" in page
    assert "Data Protection, Privacy" in page
    assert "No resident voice" in page or "residents" in page
    # Not shared: other answers, the request's own text, analyses, the history, the people.
    for secret in (
        "SECRET-C1",
        "Find out",
        "José Núñez",
        "Earnings two years after starting",
        "History",
        "Rosa Reviewer",
        "Source:",
    ):
        assert secret not in page, secret


def _normalised(text: str) -> str:
    """The page without what differs on every request: the form token and the request id."""
    text = re.sub(r'name="csrf_token" value="[^"]*"', "", text)
    return re.sub(r"<code>[0-9a-f]{32}</code>", "", text)


def test_walking_ids_teaches_a_board_member_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int, make_user: MakeUser,
) -> None:  # fmt: skip
    """Unshared and shared reviews alike: the staff pages answer as for an id that does not
    exist."""
    analysis_id = _add_analysis(app, reviewer, review_id)
    with app.app_context():
        request_id = db.session.get(Review, review_id).subject_id
    auth.login(member)
    templates = [
        "/reviews/{id}",
        "/reviews/{id}/summary",
        "/reviews/{id}/sections/planning",
        "/reviews/{id}/analyses",
        "/reviews/{id}/review.pdf",
        "/reviews/{id}/board",
        "/requests/{id}",
    ]
    for unshared_first in (True, False):
        if not unshared_first:
            share(app, reviewer, review_id)
        for template in templates:
            real = request_id if template.startswith("/requests") else review_id
            found = client.get(template.format(id=real))
            missing = client.get(template.format(id=MISSING))
            assert found.status_code == missing.status_code, template
            assert found.status_code in (403, 404), template
            assert _normalised(found.get_data(as_text=True)) == _normalised(
                missing.get_data(as_text=True)
            ), template
        real = client.get(f"/reviews/{review_id}/analyses/{analysis_id}")
        fake = client.get(f"/reviews/{MISSING}/analyses/{MISSING}")
        assert real.status_code == fake.status_code
        assert _normalised(real.get_data(as_text=True)) == _normalised(fake.get_data(as_text=True))


def test_projects_that_do_not_exist_answer_404(
    client: FlaskClient, auth: AuthActions, member: User
) -> None:
    auth.login(member)
    first = client.get(f"/board/projects/{MISSING}")
    second = client.get(f"/board/projects/{MISSING + 1}")
    assert first.status_code == second.status_code == 404
    assert _normalised(first.get_data(as_text=True)) == _normalised(second.get_data(as_text=True))
    assert client.post(f"/board/comments/{MISSING}/replies", data={"body": "x"}).status_code == 404


def test_staff_of_other_roles_cannot_use_the_board_pages(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int,
    make_user: MakeUser,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    for role in (Role.REVIEWER, Role.APPROVER, Role.ADMIN, Role.AI_REVIEWER):
        auth.login(make_user(role, agency="DSS"))
        assert client.get("/board/").status_code == 403
        assert client.get(f"/board/projects/{share_id}").status_code == 403
        body = {"body": "Staff words."}
        assert client.post(f"/board/projects/{share_id}/comments", data=body).status_code == 403
        auth.logout()


def test_the_board_home_replaces_nothing_to_do(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share(app, reviewer, review_id)
    auth.login(member)
    home = client.get("/").get_data(as_text=True)
    assert "There is nothing for your role to do here yet" not in home
    assert "Shared projects" in home
    board = client.get("/board/").get_data(as_text=True)
    assert "Open for comments" in board and "Child care and wages" in board
    assert "days left to comment" in board
