"""Data requests: recording, changing, listing, searching, and who may see them."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, DataRequest, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.requests import MakeRequest, agency_id, request_form
from tests.factories.reviews import start_review
from tests.requests.conftest import lock_review_of


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DataRequest)) or 0


def _titles(client: FlaskClient, query: str = "") -> list[str]:
    html = client.get(f"/requests/?{query}").get_data(as_text=True)
    return re.findall(r'<a href="/requests/\d+">([^<]+)</a>', html)


# Recording ------------------------------------------------------------------------------------


def test_reviewer_records_a_request(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    user = auth.login(Role.REVIEWER, agency="DSS")
    assert client.get("/requests/new").status_code == 200
    response = client.post("/requests/new", data=request_form(app))
    assert response.status_code == 302
    request_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        saved = db.session.get(DataRequest, request_id)
        assert saved is not None
        assert saved.owner_agency.code == "DSS" and saved.created_by_id == user.id
        assert [a.code for a in saved.data_holders] == ["DOH", "SDE"]
        assert str(saved.destruction_date) == "2028-03-01"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The request was saved." in html
    assert "<h1>Housing stability and school attendance</h1>" in html
    assert "<strong>stable housing</strong>" in html
    assert "Department of Housing, State Department of Education" in html
    assert "March 1, 2027" in html and "March 1, 2028" in html
    assert "<li>Attendance records</li>" in html and "<li>Days absent</li>" in html
    assert "Created request" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"delivery_date": "2027-06-01", "destruction_date": "2027-05-31"},
            "The destruction date must be on or after the delivery date.",
        ),
        ({"contact_email": "dana.lee-at-example"}, "Enter a valid email address."),
        ({"data_holders": None}, "Choose at least one agency that holds the data."),
        ({"requesting_org": ""}, "Name the organization asking for the data."),
        ({"purpose": "   "}, "Say what the data is for."),
        ({"delivery_date": "2027-02-30"}, "Not a valid date value."),
    ],
)
def test_errors_rerender_the_form_with_the_input(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    overrides: dict[str, object],
    message: str,
) -> None:
    auth.login(Role.REVIEWER)
    response = client.post("/requests/new", data=request_form(app, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert 'value="Housing stability and school attendance"' in html
    if "purpose" not in overrides:
        assert "Study whether **stable housing** helps" in html
    if "data_holders" in overrides:  # checkboxes: the fieldset is marked and described
        assert 'aria-describedby="data_holders-hint data_holders-error"' in html
    else:
        assert 'aria-invalid="true"' in html
    assert _count(app) == 0


def test_the_database_also_refuses_destruction_before_delivery(
    app: Flask, make_user: MakeUser, make_request: MakeRequest
) -> None:
    from datetime import date

    from sqlalchemy.exc import IntegrityError

    user = make_user(Role.REVIEWER)
    with pytest.raises(IntegrityError):
        make_request(user, delivery_date=date(2027, 6, 1), destruction_date=date(2027, 1, 1))


def test_admin_board_and_ai_reviewer_cannot_record_requests(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    for role in (Role.ADMIN, Role.BOARD, Role.AI_REVIEWER):
        auth.login(role)
        refused = 404 if role is Role.BOARD else 403  # nothing unshared exists for the board
        assert client.post("/requests/new", data=request_form(app)).status_code == refused
        auth.logout()
    assert _count(app) == 0


# Changing -------------------------------------------------------------------------------------


def test_edit_form_is_filled_in(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    request_id = make_request(user, title="Old title", holders=("OEC",))
    html = client.get(f"/requests/{request_id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in html
    checked = re.search(
        r'<input checked id="(data_holders-\d+)" name="data_holders" type="checkbox"', html
    )
    assert checked is not None
    assert f'<label for="{checked.group(1)}">OEC — Office of Early Childhood</label>' in html


def test_edit_records_old_and_new_values_in_the_history(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.APPROVER)
    request_id = make_request(user, title="Old title", holders=("OEC",))
    form = request_form(app, title="New title", data_holders=[agency_id(app, "DOL")])
    response = client.post(f"/requests/{request_id}/edit", data=form)
    assert response.status_code == 302
    html = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Your changes were saved." in html
    assert '<span class="change-field">Title</span>: Old title → New title' in html
    assert '<span class="change-field">Agencies whose data is asked for</span>: OEC → DOL' in html
    assert "Changed contact email, contact person, data elements, agencies" in html
    history = html.split("<h2>History</h2>")[1]
    assert "data_holders" not in history and "in_review" not in history
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "request.updated")
        event = db.session.scalar(query)
        assert event is not None and event.actor_id == user.id
        assert event.changes["title"] == ["Old title", "New title"]


def test_saving_without_changes_records_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    location = client.post("/requests/new", data=request_form(app)).headers["Location"]
    client.post(f"{location}/edit", data=request_form(app))
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "request.updated" not in actions


def test_edit_errors_keep_the_input_and_change_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    request_id = make_request(user, title="Old title")
    form = request_form(app, title="Typed title", contact_email="bad")
    html = client.post(f"/requests/{request_id}/edit", data=form).get_data(as_text=True)
    assert "Enter a valid email address." in html and 'value="Typed title"' in html
    with app.app_context():
        assert db.session.get(DataRequest, request_id).title == "Old title"  # type: ignore[union-attr]


# Listing --------------------------------------------------------------------------------------


def test_list_is_newest_first(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    for title in ("First", "Second", "Third"):
        make_request(user, title=title)
    assert _titles(client) == ["Third", "Second", "First"]


def _link(html: str, rel: str) -> str | None:
    """The href of the pagination link with `rel` ("next" is older, "prev" is newer)."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_list_pages_to_older_and_newer_requests(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    for number in range(1, 31):
        make_request(user, title=f"Request {number:02}")
    first = client.get("/requests/").get_data(as_text=True)
    assert "30 requests, newest first" in first
    assert _link(first, "prev") is None
    older = _link(first, "next")
    assert older is not None and "older=" in older
    page_one = _titles(client)
    assert len(page_one) == 25 and page_one[0] == "Request 30" and page_one[-1] == "Request 06"
    second = client.get(older).get_data(as_text=True)
    assert _titles(client, older.split("?", 1)[1]) == [f"Request {n:02}" for n in range(5, 0, -1)]
    assert _link(second, "next") is None
    newer = _link(second, "prev")
    assert newer is not None and "newer=" in newer
    assert _titles(client, newer.split("?", 1)[1]) == page_one


def test_an_unreadable_page_key_is_refused(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    """Every shape of broken key is in tests/security/test_page_keys.py."""
    user = auth.login(Role.REVIEWER)
    make_request(user, title="Only one")
    for key in ("older=yesterday_1", "newer=x", "older=2026-01-01T00:00:00_99999999999999999999"):
        assert client.get(f"/requests/?{key}").status_code == 400


def test_pagination_keeps_the_search(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    for number in range(27):
        make_request(user, title=f"Wage study {number}")
    make_request(user, title="Bus ridership")
    html = client.get("/requests/?q=wage&status=draft").get_data(as_text=True)
    older = _link(html, "next")
    assert older is not None and older.startswith("/requests/?q=wage&status=draft&older=")
    rest = _titles(client, older.split("?", 1)[1])
    assert rest == ["Wage study 1", "Wage study 0"]


def test_search_by_title_and_requester(
    client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    make_request(user, title="Child care and earnings", requesting_org="UConn Economics")
    make_request(user, title="Emergency room visits", requesting_org="Office of Health Strategy")
    make_request(user, title="Bus ridership", requesting_org="Transit 100% Co")
    assert _titles(client, "q=CHILD+care") == ["Child care and earnings"]
    assert _titles(client, "q=health+strategy") == ["Emergency room visits"]
    assert _titles(client, "q=100%25") == ["Bus ridership"]
    assert _titles(client, "q=%25") == ["Bus ridership"]  # % is a character, not a wildcard
    assert _titles(client, "q=nothing+like+this") == []
    assert "No requests match." in client.get("/requests/?q=zzz").get_data(as_text=True)


def test_filter_by_status_and_agency(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER, agency="DSS")
    make_request(user, title="Draft one", holders=("OEC",))
    in_review = make_request(user, title="In review one", holders=("DOL",))
    decided = make_request(user, title="Decided one", holders=("DOL", "OEC"))
    start_review(app, user, in_review, "dppeia")
    lock_review_of(app, user, start_review(app, user, decided, "dppeia"))
    assert _titles(client, "status=in_review") == ["In review one"]
    assert _titles(client, f"agency={agency_id(app, 'OEC')}") == ["Decided one", "Draft one"]
    assert _titles(client, f"agency={agency_id(app, 'DOL')}&status=decided") == ["Decided one"]
    assert len(_titles(client, f"agency={agency_id(app, 'DSS')}")) == 3  # the owner agency
    assert len(_titles(client, "status=unknown&agency=abc")) == 3  # nonsense is ignored


# Who sees what --------------------------------------------------------------------------------


@pytest.fixture
def dss_request(make_user: MakeUser, make_request: MakeRequest) -> int:
    author = make_user(Role.REVIEWER, agency="DSS")
    return make_request(author, title="DSS wage match", holders=("DOL",))


def _sign_in_as(auth: AuthActions, role: Role, agency: str) -> User:
    auth.logout()
    return auth.login(role, agency=agency)


def test_another_agency_gets_404(client: FlaskClient, auth: AuthActions, dss_request: int) -> None:
    _sign_in_as(auth, Role.REVIEWER, "DOT")
    assert client.get(f"/requests/{dss_request}").status_code == 404
    assert client.get(f"/requests/{dss_request}/edit").status_code == 404
    assert _titles(client) == []
    assert client.get("/requests/99999").status_code == 404


@pytest.mark.parametrize(("role", "agency"), [(Role.REVIEWER, "DOL"), (Role.APPROVER, "DSS")])
def test_owner_and_data_holder_agencies_see_it(
    client: FlaskClient, auth: AuthActions, dss_request: int, role: Role, agency: str
) -> None:
    _sign_in_as(auth, role, agency)
    assert client.get(f"/requests/{dss_request}").status_code == 200
    assert _titles(client) == ["DSS wage match"]


def test_admin_sees_every_request(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser, make_request: MakeRequest
) -> None:
    make_request(make_user(Role.REVIEWER, agency="DSS"), title="From DSS")
    other = make_request(make_user(Role.REVIEWER, agency="DOT"), title="From DOT")
    _sign_in_as(auth, Role.ADMIN, "OPM")
    assert _titles(client) == ["From DOT", "From DSS"]
    html = client.get(f"/requests/{other}").get_data(as_text=True)
    assert "From DOT" in html and "Change details" not in html
    assert "Record a new request" not in client.get("/requests/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.BOARD, Role.AI_REVIEWER])
def test_board_and_ai_reviewers_get_403(
    client: FlaskClient, auth: AuthActions, dss_request: int, role: Role
) -> None:
    _sign_in_as(auth, role, "DSS")
    refused = 404 if role is Role.BOARD else 403  # nothing unshared exists for the board
    assert client.get("/requests/").status_code == refused
    assert client.get(f"/requests/{dss_request}").status_code == refused
    assert "Data requests" not in client.get("/").get_data(as_text=True)
