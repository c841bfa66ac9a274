"""Two people changing one outcome analysis: a save from an older form writes only the parts
that person changed (title, outcome, direction, reference group, the table); a part both
changed waits for a choice, side by side, and is never overwritten silently."""

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, User
from tests.analyses.conftest import ROWS, analysis_ids, form_data, post_table, upload
from tests.conftest import PASSWORD

THEIR_ROWS = [("White", "200", "130"), ("Black or African American", "150", "45")]
MY_ROWS = [("White", "210", "120"), ("Black or African American", "150", "45")]


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client


def _hidden(page: str) -> dict[str, str]:
    """The version and the fingerprint of each part, as the page carries them."""
    bases = dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version is not None and "base_title" in bases and "base_groups" in bases
    return {**bases, "version": version.group(1)}


def _stored(app: Flask, analysis_id: int) -> tuple[str, str, list[tuple[str, int, int]]]:
    with app.app_context():
        found = db.session.get(OutcomeAnalysis, analysis_id)
        assert found is not None
        return (
            found.title,
            found.outcome_label,
            [(g.label, g.total, g.outcome) for g in found.groups],
        )


def _two_open(
    app: Flask, client: FlaskClient, reviewer: User, approver: User, review_id: int
) -> tuple[str, FlaskClient, dict[str, str], dict[str, str], int]:
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    colleague = _client(app, approver)
    return (
        url,
        colleague,
        _hidden(client.get(url).text),
        _hidden(colleague.get(url).text),
        analysis_id,
    )


def _post(
    client: FlaskClient, url: str, hidden: dict[str, str], rows: Any = ROWS, **typed: str
) -> Any:
    return client.post(url, data={**form_data(rows, **typed), **hidden})


def test_two_people_changing_different_parts_both_keep_theirs(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _client(app, reviewer)
    url, colleague, mine, theirs, analysis_id = _two_open(
        app, client, reviewer, approver, review_id
    )
    assert _post(colleague, url, theirs, THEIR_ROWS).status_code == 302
    # my form still holds the old table, which I never touched
    assert _post(client, url, mine, title="Approvals by group, 2024").status_code == 302
    title, _outcome, groups = _stored(app, analysis_id)
    assert title == "Approvals by group, 2024"
    assert groups == [("White", 200, 130), ("Black or African American", 150, 45)]


def test_a_part_both_changed_is_shown_side_by_side_and_nothing_is_saved(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _client(app, reviewer)
    url, colleague, mine, theirs, analysis_id = _two_open(
        app, client, reviewer, approver, review_id
    )
    assert (
        _post(
            colleague, url, theirs, THEIR_ROWS, outcome_label="Approved within 30 days"
        ).status_code
        == 302
    )

    refused = _post(client, url, mine, MY_ROWS, title="My title")
    assert refused.status_code == 409
    page = refused.text
    assert "Nothing from this page was saved yet" in page and "Ana Approver" in page
    assert re.search(
        r'<th scope="row">Groups \(outcome of total\)</th><td[^>]*>White: 130 of 200', page
    )
    assert '<th scope="row">Outcome</th>' not in page  # changed by the colleague only
    assert '<th scope="row">Title</th>' not in page  # changed by me only
    assert 'value="My title"' in page and 'value="210"' in page  # what I typed stays
    assert 'value="Approved within 30 days"' in page  # their part now shows in my form
    assert _stored(app, analysis_id) == (
        "Benefit applications 2024",
        "Approved within 30 days",
        [("White", 200, 130), ("Black or African American", 150, 45)],
    )


def test_pressing_save_again_after_the_conflict_writes_only_my_changes(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _client(app, reviewer)
    url, colleague, mine, theirs, analysis_id = _two_open(
        app, client, reviewer, approver, review_id
    )
    assert (
        _post(
            colleague, url, theirs, THEIR_ROWS, outcome_label="Approved within 30 days"
        ).status_code
        == 302
    )
    page = _post(client, url, mine, MY_ROWS, title="My title").text

    # the form as the conflict page shows it, saved again with my table kept
    again = _post(
        client,
        url,
        _hidden(page),
        MY_ROWS,
        title="My title",
        outcome_label="Approved within 30 days",
    )
    assert again.status_code == 302
    assert _stored(app, analysis_id) == (
        "My title",
        "Approved within 30 days",
        [("White", 210, 120), ("Black or African American", 150, 45)],
    )


def test_putting_their_table_back_keeps_it(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _client(app, reviewer)
    url, colleague, mine, theirs, analysis_id = _two_open(
        app, client, reviewer, approver, review_id
    )
    assert _post(colleague, url, theirs, THEIR_ROWS).status_code == 302
    page = _post(client, url, mine, MY_ROWS, title="My title").text
    again = _post(client, url, _hidden(page), THEIR_ROWS, title="My title")
    assert again.status_code == 302
    assert _stored(app, analysis_id)[2] == [
        ("White", 200, 130),
        ("Black or African American", 150, 45),
    ]


def test_an_upload_from_an_old_page_keeps_their_title(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _client(app, reviewer)
    url, colleague, _mine, theirs, analysis_id = _two_open(
        app, client, reviewer, approver, review_id
    )
    opened = _hidden(client.get(f"/reviews/{review_id}/analyses/{analysis_id}/upload").text)
    assert _post(colleague, url, theirs, title="Their title").status_code == 302
    csv = b"group,total,outcome\nA,100,50\nB,100,20\n"
    saved = upload(client, review_id, csv, analysis_id=analysis_id, **opened)
    assert saved.status_code == 302
    title, _outcome, groups = _stored(app, analysis_id)
    assert title == "Their title" and groups == [("A", 100, 50), ("B", 100, 20)]
