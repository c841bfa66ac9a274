"""Length limits and cleaning on review input, through HTTP: an answer, a flag response or a
decision over its limit is refused with a message that gives the limit, the form comes back
with what was typed, and nothing is saved; NUL never reaches the database."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.limits import LONG_TEXT, RESPONSE, TEXT_ANSWER
from ctdppeia.models import FlagResponse, ReviewAnswer, User
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, save, version_of


def _stored(app: Flask, review_id: int) -> dict[str, Any]:
    with app.app_context():
        rows = db.session.scalars(select(ReviewAnswer).where(ReviewAnswer.review_id == review_id))
        return {row.question_id: row.value for row in rows if row.value is not None}


def test_a_longtext_answer_over_the_limit_is_refused_not_cut(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    too_long = "word " * (LONG_TEXT // 5) + "END"
    data = {"B1": "agency", "B4": too_long}
    response = post_section(client, review_id, "basics", data, version_of(app, review_id))
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert f"This is {len(too_long):,} characters long; the limit is {LONG_TEXT:,}." in page
    assert "Some answers could not be saved" in page
    assert "word word word END</textarea>" in page  # the input comes back as typed
    assert _stored(app, review_id) == {}  # nothing half saved, not even B1


def test_a_longtext_answer_at_the_limit_is_saved_whole(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    text = ("x" * 99 + "\n") * (LONG_TEXT // 100)
    assert len(text) == LONG_TEXT
    response = post_section(client, review_id, "basics", {"B4": text}, version_of(app, review_id))
    assert response.status_code == 302
    assert _stored(app, review_id)["B4"] == text


def test_windows_line_breaks_count_once(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    text = ("x" * 98 + "\r\n") * (LONG_TEXT // 99)  # within the limit as the browser counts
    response = post_section(client, review_id, "basics", {"B4": text}, version_of(app, review_id))
    assert response.status_code == 302
    assert _stored(app, review_id)["B4"] == text.replace("\r\n", "\n")


def test_a_text_answer_over_the_limit_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    name = "N" * (TEXT_ANSWER + 1)
    response = post_section(client, review_id, "details", {"D4": name}, version_of(app, review_id))
    assert f"the limit is {TEXT_ANSWER:,}" in response.get_data(as_text=True)
    assert _stored(app, review_id) == {}


def test_nul_and_control_characters_are_never_stored(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = {"B4": "line one\x00\x07\nline two", "D4": "Ana\x00 \u202eLee"}
    post_section(client, review_id, "basics", {"B4": data["B4"]}, version_of(app, review_id))
    post_section(client, review_id, "details", {"D4": data["D4"]}, version_of(app, review_id))
    assert _stored(app, review_id) == {"B4": "line one\nline two", "D4": "Ana Lee"}


def test_a_flag_response_over_the_limit_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    auth.login(reviewer)
    text = "Because. " * (RESPONSE // 9 + 1)
    url = f"/reviews/{review_id}/flags/names-kept"
    response = client.post(url, data={"kind": "mitigation", "text": text})
    page = response.get_data(as_text=True)
    assert f"This is {len(text):,} characters long; the limit is {RESPONSE:,}." in page
    assert "Because. Because. </textarea>" in page
    with app.app_context():
        assert db.session.scalars(select(FlagResponse)).all() == []
    ok = client.post(url, data={"kind": "mitigation", "text": "Fine\x00 now."})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(FlagResponse.text)).all() == ["Fine now."]
