"""Proposing, reading and changing AI use cases through the web pages."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, AuditEvent, User
from tests.conftest import AuthActions
from tests.factories.use_cases import FIELDS, form_data, new_use_case


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(AIUseCase).count()


def test_a_reviewer_proposes_a_use_case(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    auth.login(reviewer)
    assert "Propose an AI use case" in client.get("/ai-use-cases/new").get_data(as_text=True)
    response = client.post("/ai-use-cases/new", data=form_data())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "BenefitsHelp chat" in page and "Acme AI" in page and "A pilot with real users" in page
    assert "Not rated yet" in page
    with app.app_context():
        use_case = db.session.query(AIUseCase).one()
        assert use_case.agency.code == "DSS" and use_case.version == 1
        event = db.session.query(AuditEvent).filter_by(action="ai_use_case.created").one()
        assert event.object_id == use_case.id
    listing = client.get("/ai-use-cases/").get_data(as_text=True)
    assert "BenefitsHelp chat" in listing and "New: no review yet" in listing


def test_missing_and_too_long_fields_are_refused_and_kept(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    auth.login(reviewer)
    data = form_data(name="", hosting="other", hosting_other="", vendor="V" * 201)
    response = client.post("/ai-use-cases/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the tool or system&#39;s name." in page
    assert "Say where the system runs." in page
    assert "the limit is 200" in page
    assert "A chat window answers general questions" in page  # the input stays
    assert _count(app) == 0
    response = client.post("/ai-use-cases/new", data=form_data(stage="tomorrow"))
    assert "Not a valid choice" in response.get_data(as_text=True) and _count(app) == 0


def test_only_requests_the_agency_sees_can_be_linked(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user
) -> None:
    from tests.factories.requests import new_request

    ours = new_request(app, reviewer, "Our wages request")
    theirs = new_request(app, make_user(agency="DOL"), "Their request")
    auth.login(reviewer)
    page = client.get("/ai-use-cases/new").get_data(as_text=True)
    assert "Our wages request" in page and "Their request" not in page
    response = client.post("/ai-use-cases/new", data=form_data(requests=[str(theirs)]))
    assert response.status_code == 200 and _count(app) == 0
    response = client.post("/ai-use-cases/new", data=form_data(requests=[str(ours)]))
    assert response.status_code == 302
    with app.app_context():
        assert [r.id for r in db.session.query(AIUseCase).one().requests] == [ours]
    request_page = client.get(f"/requests/{ours}").get_data(as_text=True)
    assert "AI use cases" in request_page and "BenefitsHelp chat" in request_page


def test_an_edit_from_an_old_copy_is_refused_with_the_differences(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    auth.login(reviewer)
    first = client.post(
        f"/ai-use-cases/{use_case_id}/edit", data=form_data(name="Chat v2", version="1")
    )
    assert first.status_code == 302
    auth.logout()
    auth.login(approver)
    stale = client.post(
        f"/ai-use-cases/{use_case_id}/edit", data=form_data(name="Chat v3", version="1")
    )
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "was saved by Rosa Reviewer" in page and "Chat v2" in page and "Chat v3" in page
    with app.app_context():
        assert db.session.get(AIUseCase, use_case_id).name == "Chat v2"
    again = client.post(
        f"/ai-use-cases/{use_case_id}/edit", data=form_data(name="Chat v3", version="2")
    )
    assert again.status_code == 302
    with app.app_context():
        use_case = db.session.get(AIUseCase, use_case_id)
        assert use_case.name == "Chat v3" and use_case.version == 3
    history = client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True)
    assert "Changed name" in history


def test_the_same_save_twice_is_not_a_conflict(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    auth.login(reviewer)
    data = form_data(name="Chat v2", version="1")
    assert client.post(f"/ai-use-cases/{use_case_id}/edit", data=data).status_code == 302
    assert client.post(f"/ai-use-cases/{use_case_id}/edit", data=data).status_code == 302
    assert FIELDS["name"] != "Chat v2"
