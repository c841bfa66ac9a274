"""The project page written for residents: the summary first (Spanish first for a Spanish
reader), what could go wrong for people in resident words (folded), what the agency says it
will do, then the comments; a "Write a comment" link at the top, a grouped concern picker, a
clear confirmation, the period in words; the name choice explained, and withdrawn."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.board import period
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, BoardComment, Review, Role, User
from ctdppeia.reviews import workflow
from ctdppeia.reviews.state import load_context
from tests.board.conftest import share
from tests.conftest import AuthActions, MakeUser

SPANISH_SUMMARY = "Queremos ver si la ayuda con el cuidado de niños mejora el sueldo."
FLAG = "no-community-voice"


@pytest.fixture
def share_id(app: Flask, reviewer: User, review_id: int) -> int:
    made = share(app, reviewer, review_id)
    with app.app_context():
        from ctdppeia.models import BoardShare

        db.session.get(BoardShare, made).summary_es = SPANISH_SUMMARY
        db.session.commit()
    return made


def _flag_texts(app: Flask, review_id: int) -> tuple[str, str, str]:
    """The flag's title, resident text and the advice addressed to reviewers."""
    with app.app_context():
        questionnaire = load_context(db.session.get(Review, review_id)).questionnaire
        flag = next(f for f in questionnaire.flags if f.id == FLAG)
        assert flag.resident and flag.advice
        return flag.title, flag.resident, flag.advice


def _post(client: FlaskClient, share_id: int, **data: str) -> str:
    response = client.post(f"/board/projects/{share_id}/comments", data={"concern": "", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return str(response.headers["Location"])


def test_the_page_reads_in_the_order_a_resident_needs(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, review_id: int,
    share_id: int,
) -> None:  # fmt: skip
    title, resident, advice = _flag_texts(app, review_id)
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    order = [
        'href="#new-comment"',  # the way to comment, at the top
        "What this project is about",
        "What could go wrong for people</h2>",
        "What the agency says it will do</h2>",
        '<h2 id="comments">Comments</h2>',
        '<h2 id="new-comment">Write a comment</h2>',
    ]
    places = [page.index(text) for text in order]
    assert places == sorted(places), order
    # The flag is folded: its resident text inside <details>, its title the summary.
    folded = re.search(
        rf"<details>\s*<summary><h3 data-content>{re.escape(title)}</h3></summary>\s*"
        rf"<p data-content>{re.escape(resident)}</p>",
        page,
    )
    assert folded is not None
    assert advice not in page  # never the staff's advice
    assert "The state workers have not answered this yet." not in page
    assert "The agency has not said yet what it will do about" in page
    # The period: the dates and the time left, in words.
    closes = period.today() + timedelta(days=20)
    assert "20 days left to comment." in page
    opens = period.today()
    assert f"You can comment from {opens:%B} {opens.day}, {opens.year} to " in page
    assert f"to {closes:%B} {closes.day}, {closes.year}." in page


def test_the_agency_plan_is_shown_once_answered(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int, share_id: int,
) -> None:  # fmt: skip
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        workflow.respond_to_flag(actor, review, FLAG, "mitigation", "We will ask the board first.")
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    plans = page[page.index("What the agency says it will do</h2>") : page.index('id="comments"')]
    assert "We will ask the board first." in plans
    assert "Mitigation or condition" in plans


def test_a_spanish_reader_gets_the_spanish_summary_first(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    with app.app_context():
        db.session.get(User, member.id).language = "es"  # type: ignore[union-attr]
        db.session.commit()
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    spanish = page.index(SPANISH_SUMMARY)
    english = page.index("We want to see if child care help leads to better pay.")
    assert spanish < english
    assert '<div class="prose" data-content lang="es">' in page
    assert "Leer el resumen en inglés" in page  # the English folded, marked lang="en"
    assert '<div class="prose" data-content lang="en">' in page


def test_an_english_reader_gets_the_english_summary_first(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    assert page.index("We want to see if child care help") < page.index(SPANISH_SUMMARY)


def test_the_concern_picker_is_grouped(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    select = page[page.index('<select id="concern"') : page.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[0] == "Flags the agency asks the board about"
    assert any(group.startswith("Questions: ") for group in groups)
    assert len(groups) == len(set(groups))  # each group once
    assert select.index('value=""') < select.index("<optgroup")  # "general" comes first
    assert 'value="flag:no-community-voice"' in select


def test_a_posted_comment_is_confirmed_where_the_page_lands(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    location = _post(client, share_id, body="Who reads the names?", concern="flag:" + FLAG)
    posted = int(location.rsplit("comment-", 1)[1])
    page = client.get(location.split("#")[0]).text
    assert "Your comment was posted." in page
    item = page[page.index(f'id="comment-{posted}"') :]
    assert item.index('class="board-posted" role="status"') < item.index("Who reads the names?")


def test_the_form_says_where_a_name_appears(
    client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    for where in ("the board's pages", "the signed PDF of the review", "the public record"):
        assert where in page, where
    assert "You can take your name off until the review is signed." in page
    assert 'name="show_name" type="checkbox" value="y">' in page  # not ticked by default


def test_a_name_is_taken_off_by_its_author_only(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, other_member: User,
    share_id: int, make_user: MakeUser,
) -> None:  # fmt: skip
    auth.login(member)
    location = _post(client, share_id, body="Signed with my name.", show_name="y")
    said = int(location.rsplit("comment-", 1)[1])
    page = client.get(f"/board/projects/{share_id}").text
    assert "Marcus Bell</strong>" in page and "Take my name off comment 1" in page
    auth.logout()
    auth.login(other_member)
    assert client.post(f"/board/comments/{said}/name").status_code == 403
    auth.logout()
    reviewer = make_user(Role.REVIEWER, agency="DSS")
    auth.login(reviewer)
    assert client.post(f"/board/comments/{said}/name").status_code == 403  # not a board member
    auth.logout()
    auth.login(member)
    assert client.post(f"/board/comments/{said}/name").status_code == 302
    page = client.get(f"/board/projects/{share_id}").text
    assert "Marcus Bell</strong>" not in page and "Board member</strong>" in page
    assert "Your name is off this comment." in page
    with app.app_context():
        assert db.session.get(BoardComment, said).show_name is False  # type: ignore[union-attr]
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "board.name_withdrawn")
        ).one()
        assert event.object_id == said
    assert client.post("/board/comments/99999/name").status_code == 404


def test_a_name_can_be_taken_off_after_the_period_closed(
    app: Flask, client: FlaskClient, auth: AuthActions, member: User, share_id: int
) -> None:
    auth.login(member)
    said = int(_post(client, share_id, body="Mine.", show_name="y").rsplit("comment-", 1)[1])
    from tests.board.conftest import move_period

    today = period.today()
    move_period(app, share_id, today - timedelta(days=30), today - timedelta(days=1))
    assert client.post(f"/board/comments/{said}/name").status_code == 302
    with app.app_context():
        assert db.session.get(BoardComment, said).show_name is False  # type: ignore[union-attr]


def test_a_board_member_is_named_as_a_resident(
    client: FlaskClient, auth: AuthActions, member: User
) -> None:
    auth.login(member)
    home = client.get("/").text
    assert "You are signed in as a Resident Advisory Board member." in home
    assert "Marcus Bell · Resident Advisory Board member</span>" in home
    assert "Office of Policy" not in home and ", OPM" not in home


def test_a_project_that_is_not_shared_does_not_exist_for_the_board(
    client: FlaskClient, auth: AuthActions, member: User, review_id: int
) -> None:
    auth.login(member)
    assert client.get("/board/projects/999").status_code == 404
    assert client.get(f"/reviews/{review_id}").status_code == 404
    assert client.get(f"/reviews/{review_id}/board/you-said-we-did").status_code == 404
