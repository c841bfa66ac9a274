"""Two people change the same analysis: the save from the older form is refused (409), shows
both versions and keeps what was typed; saving again after a look goes through."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, Role, User
from tests.analyses.conftest import ROWS, analysis_ids, form_data, post_table, upload
from tests.conftest import PASSWORD, AuthActions, MakeUser


def _version_in(html: str) -> str:
    found = re.search(r'name="version" type="hidden" value="(\d+)"', html) or re.search(
        r'type="hidden" name="version" value="(\d+)"', html
    )
    assert found, "the form carries its version"
    return found.group(1)


def _stored(app: Flask, analysis_id: int) -> tuple[str, list[tuple[str, int, int]]]:
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        return analysis.title, [(g.label, g.total, g.outcome) for g in analysis.groups]


def test_a_stale_table_form_is_refused_and_keeps_what_was_typed(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    make_user: MakeUser,
    review_id: int,
) -> None:
    auth.login(reviewer)
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    colleague = app.test_client()
    other = make_user(Role.APPROVER, agency="DSS", name="Ana Approver")
    colleague.post("/login", data={"email": other.email, "password": PASSWORD})
    mine = _version_in(client.get(url).text)
    theirs = _version_in(colleague.get(url).text)

    first = form_data(ROWS, title="Their title", version=theirs)
    assert colleague.post(url, data=first).status_code == 302

    rows = [("White", "200", "120"), ("Black or African American", "150", "99")]
    refused = client.post(url, data=form_data(rows, title="My title", version=mine))
    assert refused.status_code == 409
    page = refused.text
    assert "Nothing from this page was saved yet" in page and "Ana Approver" in page
    assert "Their title" in page and 'value="My title"' in page and 'value="99"' in page
    assert _stored(app, analysis_id)[0] == "Their title"

    again = client.post(url, data=form_data(rows, title="My title", version=_version_in(page)))
    assert again.status_code == 302
    assert _stored(app, analysis_id) == (
        "My title",
        [("White", 200, 120), ("Black or African American", 150, 99)],
    )


def test_a_stale_upload_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    edit = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    old = _version_in(client.get(f"/reviews/{review_id}/analyses/{analysis_id}/upload").text)
    assert client.post(edit, data=form_data(ROWS, title="Changed", version=old)).status_code == 302
    csv = b"group,total,outcome\nA,100,50\nB,100,20\n"
    refused = upload(client, review_id, csv, analysis_id=analysis_id, title="Upload", version=old)
    assert refused.status_code == 409
    assert _stored(app, analysis_id)[0] == "Changed"
