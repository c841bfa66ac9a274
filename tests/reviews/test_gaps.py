"""Risk flags and gaps on the review pages: gaps are listed apart, never set the rating, and keep
their severity for the decision gate; the rating shows its meaning and obligations, each flag
its basis."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.reviews import workflow
from ctdppeia.reviews.errors import SubmissionRefused
from ctdppeia.reviews.flags import flag_panel
from tests.conftest import AuthActions
from tests.factories.reviews import save, start_review, use_questionnaire_folder

GAPPY = """---
id: mini
title: Mini review
version: "1"
subject: data-request
summary: A small questionnaire with a gap.
ratings:
  high: Needs changes before approval.
  medium:
    meaning: Discuss it with the requester.
    obligations:
      - Record how each concern is handled.
      - Review the request again within two years.
---

# Basics {#basics}

Who asks.

## Is there a signed agreement? {#B1 type=yesno required}

```flag
id: no-agreement
severity: high
category: legal
kind: gap
title: No signed agreement yet
when: B1 = no
advice: Sign the agreement before release.
basis: DataLinkCT data request process
```

## Are names included? {#B2 type=yesno required}

```flag
id: names
severity: medium
category: privacy
title: Names are included
when: B2 = yes
advice: Remove the names.
basis: DataLinkCT confidentiality policy
```
"""


@pytest.fixture
def gappy_review(app: Flask, tmp_path: Path, reviewer: User, request_id: int) -> int:
    use_questionnaire_folder(app, tmp_path / "questionnaires", GAPPY)
    review_id = start_review(app, reviewer, request_id)
    save(app, reviewer, review_id, "basics", {"B1": "no", "B2": "yes"}, complete=True)
    return review_id


def test_a_high_gap_does_not_set_the_rating(app: Flask, reviewer: User, gappy_review: int) -> None:
    with app.app_context():
        panel = flag_panel(db.session.get(Review, gappy_review))
    assert [entry.flag.id for entry in panel.entries] == ["no-agreement", "names"]
    assert [entry.flag.id for entry in panel.gaps] == ["no-agreement"]
    assert [entry.flag.id for entry in panel.risks] == ["names"]
    assert panel.rating == "medium"
    assert panel.rating_explanation == "Discuss it with the requester."
    assert panel.obligations == (
        "Record how each concern is handled.",
        "Review the request again within two years.",
    )


def test_a_high_gap_still_blocks_submission_until_answered(
    app: Flask, reviewer: User, gappy_review: int
) -> None:
    with app.app_context():
        review = db.session.get(Review, gappy_review)
        problems = workflow.submission_problems(review)
        assert [problem.flag_id for problem in problems] == ["no-agreement"]
        actor = db.session.get(User, reviewer.id)
        with pytest.raises(SubmissionRefused):
            workflow.submit_review(actor, review, "approve", "", "Fine.")
        workflow.respond_to_flag(actor, review, "no-agreement", "mitigation", "Signed first.")
        assert workflow.submission_problems(review) == []


@pytest.mark.parametrize("path", ["", "/sections/basics", "/summary", "/submit"])
def test_pages_list_gaps_apart_with_rating_obligations_and_basis(
    client: FlaskClient, auth: AuthActions, reviewer: User, gappy_review: int, path: str
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{gappy_review}{path}").get_data(as_text=True)
    panel = page[page.index('id="flags"') :]
    assert "Overall rating: <strong>Medium risk</strong>." in panel
    assert '<p class="rating-reason">Medium because names are included.</p>' in panel
    assert "Record how each concern is handled." in panel
    risks, gaps = panel.index('id="flags-risks"'), panel.index('id="flags-gaps"')
    assert risks < panel.index('id="flag-names"') < gaps < panel.index('id="flag-no-agreement"')
    assert "To close before approval (1)" in panel
    assert "<dt>Based on</dt>" in panel and "DataLinkCT data request process" in panel


def test_the_summary_names_the_gaps_and_the_list_rates_risks_only(
    client: FlaskClient, auth: AuthActions, reviewer: User, gappy_review: int
) -> None:
    auth.login(reviewer)
    summary = client.get(f"/reviews/{gappy_review}/summary").get_data(as_text=True)
    details = summary[: summary.index('id="flags"')]
    assert "<dt>To close before approval</dt>" in details
    assert '<p class="rating-reason">Medium because names are included.</p>' in details
    assert "Review the request again within two years." in details
    listing = client.get("/reviews/").get_data(as_text=True)
    assert "Medium risk" in listing and "High risk" not in listing
    # every raised flag counted, the gap too, in the words every page uses
    assert "2 flags: 1 high, 1 medium; 1 of them to close before approval" in listing
    assert "2 flags: 1 high, 1 medium; 1 of them to close before approval." in summary
