"""The analyses' flags in the review's flag list, and the analyses in the review snapshot."""

from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from ctdppeia.analyses.results import NO_REFERENCE
from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.pdf import build_pdf, record_digest
from ctdppeia.pdf.snapshot import validate_snapshot
from ctdppeia.reviews.flags import review_flags
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.reviews.workflow import submission_problems
from tests.analyses.conftest import ROWS, analysis_ids, answer_r3, form_data, post_table
from tests.conftest import AuthActions


@pytest.fixture(autouse=True)
def _signed_in(auth: AuthActions, reviewer: User) -> None:
    auth.login(reviewer)


def test_flags_appear_in_the_review_flag_panel_with_ratio_p_and_reference(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    flag_id = f"analysis-{analysis_id}-disparity-black-or-african-american"
    assert f'id="flag-{flag_id}"' in page
    item = page[page.index(f'id="flag-{flag_id}"') :].split("</li>")[0]
    assert "Benefit applications 2024: Adverse impact: Black or African American" in item
    assert "0.50 times the rate of White" in item  # the ratio and the reference
    assert "the reference: the group with the highest rate" in item
    assert "p &lt; 0.001" in item
    assert "Equity" in item and "High" in item
    assert f'id="flag-analysis-{analysis_id}-disparity-suppressed"' in page
    assert "Too few to report: Asian." in page


def test_flag_ids_are_unique_across_analyses(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    post_table(client, review_id)
    post_table(client, review_id, title="Second")
    with app.app_context():
        flags = review_flags(db.session.get(Review, review_id))
    ids = [flag.id for flag in flags if flag.source == "analysis"]
    assert len(ids) == 4 and len(set(ids)) == 4
    first, second = analysis_ids(app, review_id)
    assert {i.split("-disparity")[0] for i in ids} == {f"analysis-{first}", f"analysis-{second}"}


def test_a_high_analysis_flag_needs_a_response_before_submission(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    flag_id = f"analysis-{analysis_id}-disparity-black-or-african-american"
    with app.app_context():
        problems = submission_problems(db.session.get(Review, review_id))
        assert flag_id in {p.flag_id for p in problems}
    response = client.post(
        f"/reviews/{review_id}/flags/{flag_id}",
        data={"kind": "mitigation", "text": "We will look for the cause with DSS."},
    )
    assert response.status_code == 302
    with app.app_context():
        problems = submission_problems(db.session.get(Review, review_id))
        assert flag_id not in {p.flag_id for p in problems}


def test_removing_the_gap_removes_the_flag(app: Flask, client: FlaskClient, review_id: int) -> None:
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    rows = [("White", "200", "120"), ("Black or African American", "150", "88")]
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    assert client.post(url, data=form_data(rows)).status_code == 302
    with app.app_context():
        flags = review_flags(db.session.get(Review, review_id))
    assert not [flag for flag in flags if flag.source == "analysis"]


def floats_in(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for item in value.values() for f in floats_in(item)]
    if isinstance(value, list):
        return [f for item in value for f in floats_in(item)]
    return []


def test_the_snapshot_holds_the_public_view(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    with app.app_context():
        snapshot = build_snapshot(db.session.get(Review, review_id))
    validate_snapshot(snapshot)
    (item,) = snapshot["analyses"]
    assert floats_in(item) == []
    assert item["id"] == analysis_id
    assert item["title"] == "Benefit applications 2024"
    assert item["outcome_label"] == "Application approved"
    assert item["direction"] == "favourable" and item["reference_method"] == "best"
    assert item["reference_label"] == "White" and item["min_cell"] == 11
    groups = {group["label"]: group for group in item["groups"]}
    assert groups["Asian"]["suppressed"] is True
    assert groups["Asian"]["total"] is None and groups["Asian"]["outcome"] is None
    assert groups["Asian"]["rate"] is None and groups["Asian"]["ratio"] is None
    black = groups["Black or African American"]
    assert (black["total"], black["outcome"], black["rate"], black["ratio"]) == (
        150, 45, "0.300", "0.50",
    )  # fmt: skip
    assert black["four_fifths"] == "fail" and black["z_p"] == "<0.001"
    assert {flag["id"] for flag in item["flags"]} == {
        "disparity-black-or-african-american",
        "disparity-suppressed",
    }
    assert {"id", "severity", "title", "detail"} <= set(item["flags"][0])


def test_the_snapshot_states_when_no_group_can_be_the_reference(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    post_table(client, review_id, [("A", "5", "2"), ("B", "7", "3")])
    with app.app_context():
        snapshot = build_snapshot(db.session.get(Review, review_id))
    validate_snapshot(snapshot)
    (item,) = snapshot["analyses"]
    assert item["reference_label"] == NO_REFERENCE
    assert all(group["total"] is None for group in item["groups"])


def test_a_named_reference_that_became_too_small_is_replaced_and_said(
    app: Flask, client: FlaskClient, review_id: int, reviewer: User
) -> None:
    app.config["MIN_CELL_SIZE"] = 5
    rows = [*ROWS[:2], ("Hispanic or Latino", "12", "6")]
    response = post_table(client, review_id, rows, reference_method="named",
                          reference_label="Hispanic or Latino")  # fmt: skip
    assert response.status_code == 302
    answer_r3(app, reviewer, review_id, "min-10")
    with app.app_context():
        snapshot = build_snapshot(db.session.get(Review, review_id))
    (item,) = snapshot["analyses"]
    assert item["reference_method"] == "best" and item["reference_label"] == "White"
    note = next(f for f in item["flags"] if f["id"] == "disparity-reference-replaced")
    assert "Hispanic or Latino" in note["title"] and "best rate is used instead" in note["detail"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The chosen reference group could not be used: Hispanic or Latino" in page


def test_the_pdf_prints_the_analysis_without_small_group_counts(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    rows = [*ROWS[:2], ("American Indian or Alaska Native", "9137", "9131")]
    post_table(client, review_id, rows)
    with app.app_context():
        snapshot = build_snapshot(db.session.get(Review, review_id))
    pdf = build_pdf(snapshot, record_digest(snapshot), draft=True)
    words = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    words = " ".join(words.split())
    assert "Benefit applications 2024" in words and "too few to report" in words
    assert "0.50" in words and "White" in words
    assert "9,137" not in words and "9137" not in words and "9,131" not in words
