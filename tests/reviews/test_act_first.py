"""The summary leads with what to act on: what stops submission (each unanswered required
question once, each high flag without a response), then the medium flags that need a written
response; information flags fold away in a <details>."""

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from tests.conftest import AuthActions
from tests.factories.reviews import save, start_review, use_questionnaire_folder

MINI = """---
id: mini
title: Mini review
version: "1"
subject: data-request
summary: A small questionnaire.
---

# Basics {#basics}

## Is there a signed agreement? {#B1 type=yesno required}

```flag
id: no-agreement
severity: high
category: legal
kind: gap
title: No signed agreement yet
when: B1 = no
advice: Sign the agreement before release.
```

## Are names included? {#B2 type=yesno required}

```flag
id: names
severity: medium
category: privacy
title: Names are included
when: B2 = yes
advice: Remove the names.
```

```flag
id: outside
severity: info
category: legal
title: The requester is outside state government
when: B2 = yes
advice: Nothing to do.
```

## Who is the contact? {#B3 type=text required}
"""


@pytest.fixture
def review_id(app: Flask, tmp_path: Path, reviewer: User, request_id: int) -> int:
    use_questionnaire_folder(app, tmp_path / "questionnaires", MINI)
    review = start_review(app, reviewer, request_id)
    save(app, reviewer, review, "basics", {"B1": "no", "B2": "yes"})
    return review


@pytest.mark.parametrize("path", ["", "/summary"])
def test_what_to_act_on_comes_first(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int, path: str
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}{path}").get_data(as_text=True)
    act = page.index('id="act-first"')
    assert act < page.index('id="flags"')
    if path:
        assert act < page.index("<h2>Answers</h2>")
    first = page[act : page.index("</section>", act)]
    assert "Before the review can be submitted (2)" in first
    assert first.count("Who is the contact?") == 1  # the unanswered question, listed once
    assert "Respond to the high flag “No signed agreement yet”" in first
    assert "Medium flags that need a written response (1)" in first
    assert 'href="#flag-names">Names are included</a>' in first
    assert "The requester is outside state government" not in first
    assert "1 information flag: nothing has to change" in first


def test_information_flags_fold_away(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    folded = page.index('<details class="information-flags" id="flags-information">')
    assert "<summary>Information only (1): nothing has to change</summary>" in page
    assert page.index('id="flag-outside"') > folded
    assert page.index('id="flag-names"') < folded  # a medium flag stays in the open list


CASES = Path(__file__).resolve().parents[1] / "questionnaire" / "cases"


def test_a_well_governed_request_leads_with_the_few_things_to_act_on(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, request_id: int
) -> None:
    """The carefully governed DataLinkCT case, answered on the shipped DPPEIA as a reviewer
    would: its summary opens with the recommendation, the board step and its one medium flag;
    its four information flags are folded away."""
    case = json.loads((CASES / "dppeia-carefully-governed-early-childhood.json").read_text())
    review_id = start_review(app, reviewer, request_id, "dppeia")
    with app.app_context():
        actor, review = db.session.get(User, reviewer.id), db.session.get(Review, review_id)
        review_demo.fill(actor, review, case["answers"])
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    act = page.index('id="act-first"')
    first = page[act : page.index("</section>", act)]
    assert first.count("<li>") == 3, first
    assert "Before the review can be submitted (2)" in first
    assert "answer “What is the reviewer&#39;s recommendation?”" in first
    assert "Share this review with the Resident Advisory Board" in first
    assert "Medium flags that need a written response (1)" in first
    assert 'href="#flag-record-level">Records about single people will leave the agency' in first
    assert "4 information flags: nothing has to change" in first
    assert "<summary>Information only (4): nothing has to change</summary>" in page
