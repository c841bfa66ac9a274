"""A new review starts with what the request already says (prefill= on the questions)."""

from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, User
from ctdppeia.reviews.registry import QuestionnaireRegistry
from tests.conftest import AuthActions
from tests.factories.requests import new_request
from tests.factories.reviews import MINI

PURPOSE = "Learn whether child care subsidies help parents keep their jobs."


def _fill_request(app: Flask, request_id: int) -> None:
    with app.app_context():
        request = db.session.get(DataRequest, request_id)
        request.purpose = PURPOSE
        request.data_elements = "Wages by quarter\nChild care subsidy dates"
        request.delivery_date = date(2027, 1, 1)
        request.destruction_date = date(2028, 6, 30)
        db.session.commit()


def _start(client: FlaskClient, request_id: int) -> str:
    response = client.post(
        f"/reviews/start/data-request/{request_id}", data={"questionnaire": "dppeia"}
    )
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_new_review_starts_with_the_request_facts(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login()
    request_id = new_request(app, user)
    _fill_request(app, request_id)
    planning = client.get(_start(client, request_id)).get_data(as_text=True)
    p1 = planning.split('id="question-P1"')[1].split("</fieldset>")[0]
    assert '<input checked id="answer-P1-3" name="q_P1" type="radio" value="university">' in p1
    # P2 is read by the board: the purpose is beside it, for the reviewer, not its answer.
    textarea, beside = planning.split('id="answer-P2"')[1].split("</textarea>", 1)
    assert PURPOSE not in textarea
    assert "What the data request says (the board does not see it)" in beside.split("</div>")[0]
    assert PURPOSE in beside.split("</details>")[0]
    review_id = int(_start_location_id(planning))
    collection = client.get(f"/reviews/{review_id}/sections/collection").get_data(as_text=True)
    assert "Wages by quarter\nChild care subsidy dates" in collection
    with app.app_context():
        events = [e for e in audit.history(("review", review_id)) if e.action.endswith("prefilled")]
        assert sorted(next(iter(e.changes)) for e in events) == ["A6", "C1", "P1"]
        assert all("from the data request" in e.summary for e in events)
        assert all(e.actor_id == user.id for e in events)
    access = client.get(f"/reviews/{review_id}/sections/access").get_data(as_text=True)
    assert 'value="2028-06-30"' in access


def test_the_first_rating_counts_the_prefilled_answers(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login()
    empty = new_request(app, user, "Nothing written yet")
    with app.app_context():
        db.session.get(DataRequest, empty).requester_type = "federal"  # not a P1 option
        db.session.commit()
    full = new_request(app, user, "Everything written")
    _fill_request(app, full)
    # A missing answer raises no flag: it is listed once among what stops submission. The
    # purpose (P2, read by the board) is never filled from the request, so it stays listed.
    before = client.get(_summary(_start(client, empty))).get_data(as_text=True)
    after = client.get(_summary(_start(client, full))).get_data(as_text=True)
    purpose = "answer “In a few sentences, what is the project and what question will it answer?”"
    assert purpose in _act_first(before)
    assert purpose in _act_first(after)  # the reviewer writes it
    assert "The purpose of the project is not written down" not in before  # no such flag


def _summary(section_url: str) -> str:
    return section_url.split("/sections/")[0] + "/summary"


def _act_first(page: str) -> str:
    start = page.index('id="act-first"')
    return page[start : page.index("</section>", start)]


def test_a_requester_type_the_question_lacks_stays_unanswered(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user: User = auth.login()
    request_id = new_request(app, user)
    with app.app_context():
        db.session.get(DataRequest, request_id).requester_type = "federal"  # not a P1 option
        db.session.commit()
    page = client.get(_start(client, request_id)).get_data(as_text=True)
    assert "<input checked" not in page.split('id="question-P1"')[1].split("</fieldset>")[0]


def _start_location_id(page: str) -> str:
    marker = 'action="/reviews/'
    return page.split(marker)[1].split("/")[0]


def test_a_file_naming_an_unknown_field_is_not_offered(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "mini.md").write_text(
        MINI.replace("{#B1 type=choice required}", "{#B1 type=choice required prefill=requester}")
    )
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
        assert registry.offered("data-request") == []
        (problem,) = registry.problems()
    assert problem.file == "mini.md"
    assert "has no field 'requester'" in problem.message
    assert "did you mean 'requester-type'" in problem.message


def test_the_check_command_reports_an_unknown_field(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "mini.md"
    path.write_text(
        MINI.replace("{#B4 ", "{#B4 prefill=datasets ").replace(
            "{#B1 type=choice required}", "{#B1 type=choice required prefill=purpose}"
        )
    )
    result = app.test_cli_runner().invoke(args=["questionnaires", "check", str(path)])
    assert result.exit_code == 1
    assert "the field 'purpose' can pre-fill only text or longtext questions" in result.output
    assert ":" in result.output.split(" ")[0]
