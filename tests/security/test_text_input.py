"""Free text through HTTP: every field has a length limit (refused with a message that gives
the limit, the form re-rendered, nothing saved), NUL and control characters are never stored,
and titles and names lose bidirectional control characters, so a name cannot show reversed."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User
from tests.conftest import AuthActions
from tests.factories.requests import request_form

OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "\u202eexe.pdf" shows as "fdp.exe"
ISOLATE = "\u2067"


def _requests(app: Flask) -> list[DataRequest]:
    with app.app_context():
        return list(db.session.scalars(select(DataRequest)))


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", limits.TITLE),
        ("requesting_org", limits.NAME),
        ("contact_name", limits.NAME),
        ("purpose", limits.PURPOSE),
        ("datasets", limits.DATASETS),
        ("data_elements", limits.DATA_ELEMENTS),
    ],
)
def test_request_fields_over_their_limit_are_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, field: str, limit: int
) -> None:
    auth.login(Role.REVIEWER)
    text = "a" * (limit + 1)
    response = client.post("/requests/new", data=request_form(app, **{field: text}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"This is {limit + 1:,} characters long; the limit is {limit:,}." in page
    assert "a" * (limit + 1) in page  # the input comes back whole, not cut
    assert _requests(app) == []


def test_request_fields_at_their_limit_are_saved(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    form = request_form(app, title="t" * limits.TITLE, purpose="p" * limits.PURPOSE)
    assert client.post("/requests/new", data=form).status_code == 302
    [saved] = _requests(app)
    assert (len(saved.title), len(saved.purpose)) == (limits.TITLE, limits.PURPOSE)


def test_nul_and_bidi_controls_are_not_stored_in_a_request(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    form = request_form(
        app,
        title=f"Budget{OVERRIDE}gnp.exe\x00",
        contact_name=f"Dana {ISOLATE}Lee\u2069",
        purpose="First\x00 line\r\nwith an Arabic isolate \u2067ok\u2069.",
    )
    assert client.post("/requests/new", data=form).status_code == 302
    [saved] = _requests(app)
    assert saved.title == "Budgetgnp.exe"
    assert saved.contact_name == "Dana Lee"
    # Long text keeps isolates (right-to-left writing needs them) but never NUL.
    assert saved.purpose == "First line\nwith an Arabic isolate \u2067ok\u2069."


def test_nul_in_a_search_or_a_path_is_refused_not_a_server_error(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/requests/?q=a%00b").status_code == 400
    assert client.get("/reviews/1/sections/a%00b").status_code == 404


def test_user_names_are_limited_and_cleaned(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.ADMIN)
    with app.app_context():
        from ctdppeia.admin.services import agency_by_code

        agency = agency_by_code("DSS").id
    form = {"email": "grace@ct.gov", "role": "reviewer", "agency_id": agency, "password": ""}
    long_name = "G" * (limits.NAME + 1)
    refused = client.post("/admin/users/new", data={**form, "name": long_name})
    assert f"the limit is {limits.NAME:,}" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "grace@ct.gov")) == 0
    name = f"Grace {OVERRIDE}reppoH\x00"
    assert client.post("/admin/users/new", data={**form, "name": name}).status_code == 200
    with app.app_context():
        saved = db.session.scalar(select(User).where(User.email == "grace@ct.gov"))
        assert saved is not None and saved.name == "Grace reppoH"


def test_a_nul_in_the_sign_in_form_is_not_a_server_error(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "a\x00@ct.gov", "password": "x\x00y"})
    assert response.status_code in (200, 400, 401)
