"""Walking a review section by section in the browser: fields, show-if, required checks,
progress and resuming."""

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer, User
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, save, version_of


def _page(client: FlaskClient, review_id: int, section: str, query: str = "") -> str:
    response = client.get(f"/reviews/{review_id}/sections/{section}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _input(page: str, html_id: str) -> str:
    found = re.search(rf'<input[^>]*id="{html_id}"[^>]*>', page)
    assert found, html_id
    return found.group(0)


def _answers(app: Flask, review_id: int) -> dict[str, object]:
    with app.app_context():
        rows = db.session.scalars(select(ReviewAnswer).where(ReviewAnswer.review_id == review_id))
        return {row.question_id: row.value for row in rows}


def test_starting_from_the_request_page(
    client: FlaskClient, auth: AuthActions, qdir: object, reviewer: User, request_id: int
) -> None:
    auth.login(reviewer)
    request_page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "No review has been started yet." in request_page
    start_page = client.get(f"/reviews/start/data-request/{request_id}").get_data(as_text=True)
    assert "Mini review (version 1)" in start_page and "checked" in start_page
    response = client.post(
        f"/reviews/start/data-request/{request_id}", data={"questionnaire": "mini"}
    )
    assert response.status_code == 302
    assert re.search(r"/reviews/\d+/sections/basics$", response.headers["Location"])
    assert "Review 1" in client.get(f"/requests/{request_id}").get_data(as_text=True)


def test_questions_render_by_type_with_labels_and_help(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    basics = _page(client, review_id, "basics")
    assert '<fieldset class="question" id="question-B1"' in basics
    assert '<legend><span class="qid">B1</span> Who is asking?' in basics
    assert 'type="radio" value="university"' in basics
    assert "Help for the first question." in basics
    assert '<label class="label" for="answer-B4">' in basics and "<textarea" in basics
    details = _page(client, review_id, "details")
    assert 'step="any" type="number"' in _input(details, "answer-D1")
    assert 'type="date"' in _input(details, "answer-D2")
    assert 'type="checkbox" value="health"' in _input(details, "answer-D3-1")
    assert 'type="text"' in _input(details, "answer-D4")
    assert '<fieldset class="question" id="question-D3"' in details
    assert 'name="version" type="hidden"' in details


def test_a_question_whose_show_if_is_false_is_hidden(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    assert 'id="question-B3" data-question="B3" hidden' in _page(client, review_id, "basics")
    post_section(client, review_id, "basics", {"B2": "yes", "action": "save"}, 1)
    page = _page(client, review_id, "basics")
    assert 'id="question-B3" data-question="B3">' in page


def test_answers_to_hidden_questions_are_ignored(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"B1": "agency", "B2": "no", "B3": "no", "action": "save"}
    assert post_section(client, review_id, "basics", data, 1).status_code == 302
    assert "B3" not in _answers(app, review_id)
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    b3 = summary[summary.index('id="question-B3"') :][:400]
    assert "Not applicable (not asked)" in b3
    assert "Names stay in the data" not in summary  # its flag is not raised


def test_a_hidden_answer_is_kept_but_not_counted(
    app: Flask, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    save(app, reviewer, review_id, "basics", {"B2": "no"})
    assert _answers(app, review_id)["B3"] == "no"  # kept: it comes back if B2 is yes again
    with app.app_context():
        from ctdppeia.reviews.flags import review_flags

        review = db.session.get(Review, review_id)
        assert "names-kept" not in [flag.id for flag in review_flags(review)]


def test_a_draft_can_be_saved_incomplete(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    response = post_section(client, review_id, "basics", {"B4": "Later.", "action": "save"}, 1)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sections/basics")
    assert _answers(app, review_id) == {"B4": "Later."}
    page = _page(client, review_id, "basics")
    assert "Your answers were saved." in page
    assert "error-message" not in page


def test_save_and_continue_shows_what_is_missing_beside_each_field(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"B2": "yes", "B4": "Typed text", "action": "continue"}
    response = post_section(client, review_id, "basics", data, 1)
    assert response.status_code == 302
    assert "missing=1" in response.headers["Location"]
    assert _answers(app, review_id) == {"B2": "yes", "B4": "Typed text"}  # nothing lost
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This section is not complete yet" in page
    assert '<p class="error-message" id="answer-B1-error">Choose one answer.</p>' in page
    assert '<p class="error-message" id="answer-B3-error">Choose yes, no or not sure.</p>' in page
    assert 'aria-describedby="answer-B1-hint answer-B1-error"' in page
    assert "answer-B2-error" not in page
    assert "Typed text" in page
    with app.app_context():
        assert db.session.get(Review, review_id).completed_sections == []


def test_save_and_continue_marks_complete_and_moves_on(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"B1": "agency", "B2": "no", "action": "continue"}
    response = post_section(client, review_id, "basics", data, 1)
    assert response.headers["Location"].endswith("/sections/details")
    overview = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert re.search(r"Basics</a>\s*<span class=\"progress-state\">Complete · No flags", overview)
    assert re.search(r"Details</a>\s*<span class=\"progress-state\">Not started", overview)
    assert "Continue: Details" in overview  # resumes where the reviewer left off
    last = post_section(client, review_id, "details", {"D3": ["none"], "action": "continue"}, 2)
    assert last.headers["Location"].endswith(f"/reviews/{review_id}/summary")


def test_save_and_go_back(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    back = post_section(client, review_id, "details", {"D4": "Ana", "action": "back"}, 1)
    assert back.headers["Location"].endswith("/sections/basics")
    first = post_section(client, review_id, "basics", {"action": "back"}, 2)
    assert first.headers["Location"].endswith(f"/reviews/{review_id}")


def test_a_value_that_does_not_fit_saves_nothing_and_keeps_the_input(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"D1": "twelve", "D2": "2027-02-30", "D4": "Ana", "action": "save"}
    response = post_section(client, review_id, "details", data, 1)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Some answers could not be saved" in page and "Nothing was saved." in page
    assert "Enter a number, like 12 or 0.75." in page
    assert "Enter a real date, like 2027-01-31." in page
    assert 'value="twelve"' in page and 'value="Ana"' in page
    assert _answers(app, review_id) == {}


def test_numbers_dates_and_choices_are_stored_typed(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"D1": "0.75", "D2": "2027-01-31", "D3": ["race", "health"], "action": "save"}
    post_section(client, review_id, "details", data, 1)
    assert _answers(app, review_id) == {"D1": 0.75, "D2": "2027-01-31", "D3": ["race", "health"]}
    page = _page(client, review_id, "details")
    assert 'value="0.75"' in page and 'value="2027-01-31"' in page


def test_clearing_an_answer(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "details", {"D4": "Ana"})
    auth.login(reviewer)
    post_section(
        client, review_id, "details", {"D4": "", "action": "save"}, version_of(app, review_id)
    )
    assert _answers(app, review_id) == {"D4": None}


def test_the_visibility_endpoint_follows_the_typed_answers(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/sections/basics/visibility"
    assert client.post(url, data={"q_B2": "no"}).get_json() == {"hidden": ["B3"]}
    assert client.post(url, data={"q_B2": "yes"}).get_json() == {"hidden": []}


def test_the_page_has_no_inline_script_or_style(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = _page(client, review_id, "basics")
    assert "style=" not in page
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/js/site.js" defer>',
        '<script src="/static/js/review-section.js" defer>',
        '<script src="/static/js/review-autosave.js" defer>',
        '<script src="/static/js/session-timeout.js" defer>',
    ]


def test_an_unknown_section_is_not_found(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    assert client.get(f"/reviews/{review_id}/sections/nope").status_code == 404
    assert client.post(f"/reviews/{review_id}/sections/nope", data={}).status_code == 404


def test_other_agencies_cannot_see_the_review(
    client: FlaskClient, auth: AuthActions, make_user: object, review_id: int
) -> None:
    from ctdppeia.models import Role

    auth.login(Role.REVIEWER, agency="DOT")
    for url in (
        f"/reviews/{review_id}",
        f"/reviews/{review_id}/sections/basics",
        f"/reviews/{review_id}/summary",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/reviews/{review_id}/sections/basics", data={}).status_code == 404
    assert "Review" not in client.get("/reviews/").get_data(as_text=True).split("<h2>")[-1]
