"""The agencies holding the data are checkboxes in a fieldset, not a Ctrl-click list."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role
from tests.conftest import AuthActions
from tests.factories.requests import MakeRequest, agency_id, request_form


def _fieldset(html: str) -> str:
    found = re.search(
        r'<fieldset class="field checkboxes[^"]*" id="data_holders".*?</fieldset>', html, re.S
    )
    assert found is not None, "no fieldset for the agencies"
    return found.group(0)


def test_the_new_request_form_offers_a_checkbox_per_agency(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER, agency="DSS")
    html = client.get("/requests/new").get_data(as_text=True)
    assert "<select" not in _fieldset(html) and "multiple" not in html
    assert "Ctrl" not in html
    block = _fieldset(html)
    assert "<legend" in block and "Agencies whose data is asked for" in block
    boxes = re.findall(
        r'<input id="(data_holders-\d+)" name="data_holders" type="checkbox" value="(\d+)"', block
    )
    assert len(boxes) >= 10
    for box_id, _value in boxes:
        assert f'<label for="{box_id}">' in block
    assert f'value="{agency_id(app, "DOL")}"' in block


def test_checked_agencies_are_saved_and_checked_again_on_the_edit_form(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER, agency="DSS")
    holders = [agency_id(app, "DOL"), agency_id(app, "OEC")]
    response = client.post("/requests/new", data=request_form(app, data_holders=holders))
    assert response.status_code == 302
    html = client.get(response.headers["Location"] + "/edit").get_data(as_text=True)
    checked = re.findall(
        r'<input checked id="data_holders-\d+" name="data_holders" type="checkbox" value="(\d+)"',
        _fieldset(html),
    )
    assert sorted(int(v) for v in checked) == sorted(holders)


def test_no_agency_checked_says_what_to_fix_and_keeps_the_input(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER, agency="DSS")
    response = client.post(
        "/requests/new", data=request_form(app, data_holders=None, title="Kept title")
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<a href="#data_holders">Agencies whose data is asked for: Choose at least one' in html
    block = _fieldset(html)
    assert (
        "field-error" in block
        and 'aria-describedby="data_holders-hint data_holders-error"' in block
    )
    assert 'value="Kept title"' in html


def test_an_unknown_agency_is_refused(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER, agency="DSS")
    response = client.post("/requests/new", data=request_form(app, data_holders=[999999]))
    assert response.status_code == 200
    assert "is not a valid choice for this field." in response.get_data(as_text=True)


def test_the_change_form_uses_the_same_checkboxes(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER, agency="DSS")
    request_id = make_request(user, holders=("DSS",))
    html = client.get(f"/requests/{request_id}/edit").get_data(as_text=True)
    checked = re.findall(
        r'<input checked id="data_holders-\d+" name="data_holders" type="checkbox" value="(\d+)"',
        _fieldset(html),
    )
    assert checked == [str(agency_id(app, "DSS"))]
