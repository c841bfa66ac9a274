"""Length limits and cleaning on the analysis forms, through HTTP."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, User
from tests.analyses.conftest import analysis_ids, post_table
from tests.conftest import AuthActions


@pytest.fixture(autouse=True)
def _signed_in(auth: AuthActions, reviewer: User) -> None:
    auth.login(reviewer)


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", limits.TITLE), ("outcome_label", limits.OUTCOME_LABEL)],
)
def test_analysis_text_over_its_limit_is_refused(
    app: Flask, client: FlaskClient, review_id: int, field: str, limit: int
) -> None:
    response = post_table(client, review_id, **{field: "x" * (limit + 1)})
    page = response.get_data(as_text=True)
    assert f"This is {limit + 1:,} characters long; the limit is {limit:,}." in page
    assert "x" * (limit + 1) in page
    assert analysis_ids(app, review_id) == []


def test_analysis_text_is_cleaned(app: Flask, client: FlaskClient, review_id: int) -> None:
    rows = [("White\u202e\x00", "200", "120"), ("Black", "150", "45")]
    post_table(client, review_id, rows, title="Hiring\x00 \u2066rates\u2069")
    [analysis_id] = analysis_ids(app, review_id)
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert analysis.title == "Hiring rates"
        assert [g.label for g in analysis.groups] == ["White", "Black"]
