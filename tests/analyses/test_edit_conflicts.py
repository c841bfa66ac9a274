"""Two people changing one outcome analysis: a save from an older form writes only the parts
that person changed (title, outcome, direction, reference group, the table); a part both
changed waits for a choice, side by side, and is never overwritten silently."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, User
from tests.analyses.conftest import ROWS, analysis_ids, form_data, post_table, upload
from tests.edit_forms import Editor, carried, open_by_two
from tests.factories.people import as_user

THEIR_ROWS = [("White", "200", "130"), ("Black or African American", "150", "45")]
MY_ROWS = [("White", "210", "120"), ("Black or African American", "150", "45")]


def _hidden(page: str) -> dict[str, str]:
    """The version and the fingerprint of each part, as the page carries them."""
    return carried(page, "base_title", "base_groups")


def _stored(app: Flask, analysis_id: int) -> tuple[str, str, list[tuple[str, int, int]]]:
    with app.app_context():
        found = db.session.get(OutcomeAnalysis, analysis_id)
        assert found is not None
        return (
            found.title,
            found.outcome_label,
            [(g.label, g.total, g.outcome) for g in found.groups],
        )


@dataclass(frozen=True)
class Opened:
    """The reviewer (`mine`) and the approver (`theirs`) with the analysis's edit page open."""

    analysis_id: int
    url: str
    mine: Editor
    theirs: Editor


@pytest.fixture
def opened(app: Flask, reviewer: User, approver: User, review_id: int) -> Opened:
    """The reviewer adds an analysis to the review; then both open its edit page."""
    post_table(as_user(app, reviewer), review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    mine, theirs = open_by_two(app, reviewer, approver, url, "base_title", "base_groups")
    return Opened(analysis_id, url, mine, theirs)


def _post(
    editor: Editor, url: str, rows: Any = ROWS, hidden: dict[str, str] | None = None, **typed: str
) -> Any:
    """Post the table form with what the page carried (`hidden`: what another page carried)."""
    carried_back = editor.opened if hidden is None else hidden
    return editor.client.post(url, data={**form_data(rows, **typed), **carried_back})


def test_two_people_changing_different_parts_both_keep_theirs(app: Flask, opened: Opened) -> None:
    url, mine, theirs = opened.url, opened.mine, opened.theirs
    assert _post(theirs, url, THEIR_ROWS).status_code == 302
    # my form still holds the old table, which I never touched
    assert _post(mine, url, title="Approvals by group, 2024").status_code == 302
    title, _outcome, groups = _stored(app, opened.analysis_id)
    assert title == "Approvals by group, 2024"
    assert groups == [("White", 200, 130), ("Black or African American", 150, 45)]


def test_a_part_both_changed_is_shown_side_by_side_and_nothing_is_saved(
    app: Flask, opened: Opened
) -> None:
    url, mine, theirs = opened.url, opened.mine, opened.theirs
    assert (
        _post(theirs, url, THEIR_ROWS, outcome_label="Approved within 30 days").status_code == 302
    )

    refused = _post(mine, url, MY_ROWS, title="My title")
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
    assert _stored(app, opened.analysis_id) == (
        "Benefit applications 2024",
        "Approved within 30 days",
        [("White", 200, 130), ("Black or African American", 150, 45)],
    )


def test_pressing_save_again_after_the_conflict_writes_only_my_changes(
    app: Flask, opened: Opened
) -> None:
    url, mine, theirs = opened.url, opened.mine, opened.theirs
    assert (
        _post(theirs, url, THEIR_ROWS, outcome_label="Approved within 30 days").status_code == 302
    )
    page = _post(mine, url, MY_ROWS, title="My title").text

    # the form as the conflict page shows it, saved again with my table kept
    again = _post(
        mine,
        url,
        MY_ROWS,
        hidden=_hidden(page),
        title="My title",
        outcome_label="Approved within 30 days",
    )
    assert again.status_code == 302
    assert _stored(app, opened.analysis_id) == (
        "My title",
        "Approved within 30 days",
        [("White", 210, 120), ("Black or African American", 150, 45)],
    )


def test_putting_their_table_back_keeps_it(app: Flask, opened: Opened) -> None:
    url, mine, theirs = opened.url, opened.mine, opened.theirs
    assert _post(theirs, url, THEIR_ROWS).status_code == 302
    page = _post(mine, url, MY_ROWS, title="My title").text
    again = _post(mine, url, THEIR_ROWS, hidden=_hidden(page), title="My title")
    assert again.status_code == 302
    assert _stored(app, opened.analysis_id)[2] == [
        ("White", 200, 130),
        ("Black or African American", 150, 45),
    ]


def test_an_upload_from_an_old_page_keeps_their_title(
    app: Flask, review_id: int, opened: Opened
) -> None:
    analysis_id, client = opened.analysis_id, opened.mine.client
    upload_page = _hidden(client.get(f"/reviews/{review_id}/analyses/{analysis_id}/upload").text)
    assert _post(opened.theirs, opened.url, title="Their title").status_code == 302
    csv = b"group,total,outcome\nA,100,50\nB,100,20\n"
    saved = upload(client, review_id, csv, analysis_id=analysis_id, **upload_page)
    assert saved.status_code == 302
    title, _outcome, groups = _stored(app, opened.analysis_id)
    assert title == "Their title" and groups == [("A", 100, 50), ("B", 100, 20)]
