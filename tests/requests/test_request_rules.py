"""A request's status follows its reviews, and a form saved from an old copy loses nothing."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role
from tests.conftest import PASSWORD, AuthActions, MakeUser
from tests.factories.requests import MakeRequest, agency_id, request_form
from tests.factories.reviews import start_review
from tests.requests.conftest import lock_review_of


def _stored(app: Flask, request_id: int) -> DataRequest:
    with app.app_context():
        found = db.session.get(DataRequest, request_id)
        _ = [agency.code for agency in found.data_holders]
        db.session.expunge(found)
        return found


def _version_in(html: str) -> str:
    found = re.search(r'name="version" type="hidden" value="(\d+)"', html) or re.search(
        r'type="hidden" name="version" value="(\d+)"', html
    )
    assert found, "the form carries its version"
    return found.group(1)


# The status -----------------------------------------------------------------------------------


def test_a_posted_status_is_ignored(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    auth.login(Role.REVIEWER)
    assert 'name="status"' not in client.get("/requests/new").text
    response = client.post("/requests/new", data=request_form(app, status="decided"))
    request_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert _stored(app, request_id).status == "draft"
    edit = client.get(f"/requests/{request_id}/edit").text
    assert 'name="status"' not in edit
    form = request_form(app, title="Changed", status="withdrawn", version=_version_in(edit))
    assert client.post(f"/requests/{request_id}/edit", data=form).status_code == 302
    stored = _stored(app, request_id)
    assert (stored.title, stored.status) == ("Changed", "draft")


def test_the_status_follows_the_reviews(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    user = auth.login(Role.REVIEWER)
    request_id = make_request(user, status="decided")  # a status given directly is ignored too
    assert _stored(app, request_id).status == "draft"
    first = start_review(app, user, request_id, "dppeia")
    assert _stored(app, request_id).status == "in_review"
    second = start_review(app, user, request_id, "dppeia")
    lock_review_of(app, user, first)
    assert _stored(app, request_id).status == "in_review"  # the second is still open
    lock_review_of(app, user, second)
    assert _stored(app, request_id).status == "decided"
    page = client.get(f"/requests/{request_id}").text
    assert "Decided" in page and "it follows the request" in page


# Stale forms ----------------------------------------------------------------------------------


def _signed_in(app: Flask, make_user: MakeUser, role: Role) -> tuple[FlaskClient, object]:
    user = make_user(role, agency="DSS")
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client, user


def test_a_stale_request_form_is_refused_and_keeps_what_was_typed(
    app: Flask, make_user: MakeUser, make_request: MakeRequest
) -> None:
    first, author = _signed_in(app, make_user, Role.REVIEWER)
    second, _ = _signed_in(app, make_user, Role.APPROVER)
    request_id = make_request(author, title="Original title", holders=("OEC",))
    old_first = _version_in(first.get(f"/requests/{request_id}/edit").text)
    old_second = _version_in(second.get(f"/requests/{request_id}/edit").text)

    saved = request_form(app, title="First save", version=old_first)
    assert first.post(f"/requests/{request_id}/edit", data=saved).status_code == 302

    typed = request_form(
        app, title="Second save", data_holders=[agency_id(app, "DOL")], version=old_second
    )
    refused = second.post(f"/requests/{request_id}/edit", data=typed)
    assert refused.status_code == 409
    page = refused.text
    assert "Nothing from this page was saved yet" in page
    assert "First save" in page and 'value="Second save"' in page  # both versions shown
    assert re.search(
        r"<th scope=\"row\">Title</th><td[^>]*>First save</td><td[^>]*>Second save", page
    )
    stored = _stored(app, request_id)
    assert stored.title == "First save"
    assert [a.code for a in stored.data_holders] == ["DOH", "SDE"]

    again = request_form(
        app, title="Second save", data_holders=[agency_id(app, "DOL")], version=_version_in(page)
    )
    assert second.post(f"/requests/{request_id}/edit", data=again).status_code == 302
    stored = _stored(app, request_id)
    assert stored.title == "Second save" and [a.code for a in stored.data_holders] == ["DOL"]


def test_a_stale_form_that_matches_what_is_saved_goes_through(
    app: Flask, make_user: MakeUser, make_request: MakeRequest
) -> None:
    first, author = _signed_in(app, make_user, Role.REVIEWER)
    request_id = make_request(author, title="Original title")
    old = _version_in(first.get(f"/requests/{request_id}/edit").text)
    same = request_form(app, title="Same change", version=old)
    assert first.post(f"/requests/{request_id}/edit", data=same).status_code == 302
    assert first.post(f"/requests/{request_id}/edit", data=same).status_code == 302  # no loss
    assert _stored(app, request_id).title == "Same change"


def _opened_request(client: FlaskClient, request_id: int) -> dict[str, str]:
    """The hidden inputs of the edit page: the version and a fingerprint of each field."""
    page = client.get(f"/requests/{request_id}/edit").text
    bases = dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page))
    assert "base_title" in bases and "base_data_holders" in bases
    return {**bases, "version": _version_in(page)}


def test_two_people_changing_different_request_fields_both_keep_theirs(
    app: Flask, make_user: MakeUser, make_request: MakeRequest
) -> None:
    first, author = _signed_in(app, make_user, Role.REVIEWER)
    second, _ = _signed_in(app, make_user, Role.APPROVER)
    request_id = make_request(author, title="Original title")
    start = request_form(app, **_opened_request(first, request_id))
    assert first.post(f"/requests/{request_id}/edit", data=start).status_code == 302
    opened_first, opened_second = (
        _opened_request(first, request_id),
        _opened_request(second, request_id),
    )

    mine = request_form(app, title="First title", **opened_first)
    assert first.post(f"/requests/{request_id}/edit", data=mine).status_code == 302
    theirs = request_form(app, purpose="Second purpose", **opened_second)
    assert second.post(f"/requests/{request_id}/edit", data=theirs).status_code == 302
    stored = _stored(app, request_id)
    assert stored.title == "First title"  # the stale copy of the title did not come back
    assert stored.purpose == "Second purpose"

    # the same stale page changing the title too: refused, the title shown side by side
    clash = request_form(app, title="Second title", purpose="Second purpose", **opened_second)
    refused = second.post(f"/requests/{request_id}/edit", data=clash)
    assert refused.status_code == 409
    assert re.search(
        r"<th scope=\"row\">Title</th><td[^>]*>First title</td><td[^>]*>Second title", refused.text
    )
    assert _stored(app, request_id).title == "First title"
    again = _opened_hidden(refused.text)
    chosen = request_form(app, title="Second title", purpose="Second purpose", **again)
    assert second.post(f"/requests/{request_id}/edit", data=chosen).status_code == 302
    assert _stored(app, request_id).title == "Second title"


def _opened_hidden(page: str) -> dict[str, str]:
    return {
        **dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page)),
        "version": _version_in(page),
    }
