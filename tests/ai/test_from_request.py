"""A DPPEIA review whose flag is routed to AI review offers "Start an AI use case from this
request": pre-filled from the request, and linked both ways."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.requests import new_request
from tests.factories.reviews import post_section, start_review
from tests.factories.use_cases import form_data

OFFER = "Start an AI use case from this request"


def dppeia_review(app: Flask, reviewer: User) -> tuple[int, int]:
    request_id = new_request(app, reviewer, "Scores for child care applications")
    return request_id, start_review(app, reviewer, request_id, "dppeia")


def answer_g1(app: Flask, client: FlaskClient, review_id: int, value: str) -> None:
    with app.app_context():
        version = db.session.get(Review, review_id).version
    response = post_section(client, review_id, "algorithms", {"G1": value}, version, "save")
    assert response.status_code == 302


def test_the_ai_review_flag_offers_a_prefilled_linked_use_case(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    request_id, review_id = dppeia_review(app, reviewer)
    auth.login(reviewer)
    answer_g1(app, client, review_id, "no")
    assert OFFER not in client.get(f"/reviews/{review_id}").get_data(as_text=True)
    answer_g1(app, client, review_id, "yes")
    for page in (f"/reviews/{review_id}", f"/reviews/{review_id}/summary"):
        text = client.get(page).get_data(as_text=True)
        assert OFFER in text and f"/ai-use-cases/new?from_request={request_id}" in text

    form = client.get(f"/ai-use-cases/new?from_request={request_id}").get_data(as_text=True)
    assert 'value="Scores for child care applications"' in form
    assert "Find out *why*." in form  # the request's purpose fills the intended use
    assert (
        f'<input checked id="requests-0" name="requests" type="checkbox" value="{request_id}">'
        in form
    )

    data = form_data(name="Child care score", intended_use="Find out why.")
    data["requests"] = [str(request_id)]
    response = client.post(f"/ai-use-cases/new?from_request={request_id}", data=data)
    assert response.status_code == 302
    with app.app_context():
        use_case = db.session.query(AIUseCase).one()
        assert use_case.source_request_id == request_id
        assert [item.id for item in use_case.requests] == [request_id]
        use_case_id = use_case.id
    shown = client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True)
    assert "Started from the data request" in shown
    assert "Scores for child care applications" in shown
    request_page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Child care score" in request_page and "started from this request" in request_page


def test_only_the_owner_agency_starts_one(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user: MakeUser
) -> None:
    request_id, _ = dppeia_review(app, reviewer)
    auth.login(make_user(agency="DOL"))
    assert client.get(f"/ai-use-cases/new?from_request={request_id}").status_code == 404
    auth.logout()
    holder = make_user(agency="DOL")
    with app.app_context():
        from ctdppeia.models import Agency, DataRequest

        data_request = db.session.get(DataRequest, request_id)
        data_request.data_holders.append(db.session.query(Agency).filter_by(code="DOL").one())
        db.session.commit()
    auth.login(holder)  # a data holder reads the request but does not start a use case from it
    assert client.get(f"/ai-use-cases/new?from_request={request_id}").status_code == 403
    answer = client.post(f"/ai-use-cases/new?from_request={request_id}", data=form_data())
    assert answer.status_code == 403
    with app.app_context():
        assert db.session.query(AIUseCase).count() == 0
