"""Choosing a use case's data requests: the agency's recent requests to tick, any other it may
see by its number; another agency's number or an unknown one refused with the input kept."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.admin import services as accounts
from ctdppeia.ai.picker import RECENT
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Role, User
from ctdppeia.requests.services import create_request
from tests.conftest import AuthActions, MakeUser
from tests.factories.requests import new_request
from tests.factories.use_cases import form_data, new_use_case


def _linked(app: Flask) -> list[int]:
    with app.app_context():
        return [item.id for item in db.session.query(AIUseCase).one().requests]


def _held_by_dss(app: Flask, owner: User) -> int:
    """A request of `owner`'s agency naming DSS as a data holder."""
    with app.app_context():
        author = db.session.get(User, owner.id)
        values = {
            "title": "Held by DSS",
            "requesting_org": "UConn",
            "contact_name": "Dana Lee",
            "contact_email": "dana@example.edu",
            "requester_type": "university",
            "purpose": "Research.",
        }
        return create_request(author, values, [accounts.agency_by_code("DSS").id]).id


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(AIUseCase).count()


def test_only_the_recent_requests_are_listed_and_an_older_one_is_linked_by_number(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    older = new_request(app, reviewer, "Housing and wages, 2019")
    recent = [new_request(app, reviewer, f"Recent {n}") for n in range(RECENT)]
    auth.login(reviewer)
    page = client.get("/ai-use-cases/new").get_data(as_text=True)
    assert f"Request {recent[0]}: Recent 0" in page and "Housing and wages" not in page
    assert page.count('name="requests"') == RECENT
    assert 'name="request_numbers"' in page and "Other data requests, by number" in page
    data = form_data(requests=[str(recent[-1])], request_numbers=f"#{older}, request {older}")
    response = client.post("/ai-use-cases/new", data=data)
    assert response.status_code == 302
    assert _linked(app) == sorted([older, recent[-1]])


def test_a_data_holder_agency_may_link_by_number_as_before(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user: MakeUser
) -> None:
    held = _held_by_dss(app, make_user(agency="DOL"))
    auth.login(reviewer)
    response = client.post("/ai-use-cases/new", data=form_data(request_numbers=str(held)))
    assert response.status_code == 302 and _linked(app) == [held]


@pytest.mark.parametrize("kind", ["another agency's", "unknown", "too large"])
def test_a_number_the_agency_cannot_link_is_refused_and_kept(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    make_user: MakeUser,
    kind: str,
) -> None:
    theirs = new_request(app, make_user(Role.REVIEWER, agency="DOL"), "Their request")
    number = {"another agency's": theirs, "unknown": theirs + 50, "too large": 9_999_999_999}[kind]
    auth.login(reviewer)
    response = client.post("/ai-use-cases/new", data=form_data(request_numbers=f"{number}"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(app) == 0
    assert (
        f"Request {number} cannot be linked: your agency has no request with this number." in page
    )
    assert f'value="{number}"' in page  # the input stays
    assert "Their request" not in page  # the same words whether it exists or not
    assert "BenefitsHelp chat" in page


def test_several_refused_numbers_and_text_that_is_not_a_number(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    ours = new_request(app, reviewer, "Ours")
    auth.login(reviewer)
    page = client.post(
        "/ai-use-cases/new", data=form_data(request_numbers=f"{ours}, 90001, 90002")
    ).get_data(as_text=True)
    assert "Requests 90001, 90002 cannot be linked" in page and _count(app) == 0
    page = client.post(
        "/ai-use-cases/new", data=form_data(request_numbers="the wages one")
    ).get_data(as_text=True)
    assert "“the” is not a request number." in page and 'value="the wages one"' in page
    many = ", ".join(str(n) for n in range(1, 23))
    page = client.post("/ai-use-cases/new", data=form_data(request_numbers=many)).get_data(
        as_text=True
    )
    assert "Add at most 20 requests at a time by number." in page
    too_long = client.post("/ai-use-cases/new", data=form_data(request_numbers="1" * 201))
    assert "the limit is 200" in too_long.get_data(as_text=True) and _count(app) == 0


def test_a_ticked_request_of_another_agency_is_still_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user: MakeUser
) -> None:
    theirs = new_request(app, make_user(agency="DOL"), "Their request")
    auth.login(reviewer)
    response = client.post("/ai-use-cases/new", data=form_data(requests=[str(theirs)]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"&#39;{theirs}&#39; is not a valid choice" in page
    assert _count(app) == 0


def test_editing_lists_the_linked_requests_adds_by_number_and_keeps_hidden_links(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user: MakeUser
) -> None:
    older = new_request(app, reviewer, "Housing and wages, 2019")
    [new_request(app, reviewer, f"Recent {n}") for n in range(RECENT)]
    hidden = new_request(app, make_user(agency="DOL"), "Their request")
    use_case_id = new_use_case(app, reviewer, request_ids=[older, hidden])
    auth.login(reviewer)
    page = client.get(f"/ai-use-cases/{use_case_id}/edit").get_data(as_text=True)
    assert f"Request {older}: Housing and wages, 2019" in page and "Their request" not in page
    another = new_request(app, reviewer, "Added later")
    data = form_data(version="1", requests=[], request_numbers=str(another))
    response = client.post(f"/ai-use-cases/{use_case_id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        linked = [item.id for item in db.session.get(AIUseCase, use_case_id).requests]
    assert linked == sorted([hidden, another])  # `older` unticked; the hidden one stays
    refused = client.post(
        f"/ai-use-cases/{use_case_id}/edit",
        data=form_data(version="2", request_numbers=str(hidden)),
    )
    assert f"Request {hidden} cannot be linked" in refused.get_data(as_text=True)
