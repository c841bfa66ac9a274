"""Reviews: the small test questionnaire, starting and answering reviews through the services
and the section form, and taking a DPPEIA review to submitted and approved."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from ctdppeia.extensions import db
from ctdppeia.models import RESPONSE_KINDS, DataRequest, Review, User
from ctdppeia.questionnaire import Question, evaluate
from ctdppeia.reviews import services, setaside, workflow
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.registry import QuestionnaireRegistry, questionnaires
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import adapter_for
from tests.factories.board import board_heard
from tests.factories.people import as_user
from tests.factories.requests import new_request

MINI = """---
id: mini
title: Mini review
version: "1"
subject: data-request
summary: A small questionnaire for tests.
ratings:
  high: Needs changes before approval.
  medium: Discuss it with the requester.
---

# Basics {#basics}

Who asks, and about names.

## Who is asking? {#B1 type=choice required}

- agency: A state agency
- university: A university

Help for the first question.

## Are names included? {#B2 type=yesno required}

```flag
id: names
severity: medium
category: privacy
title: Names are included
when: B2 = yes
advice: Remove the names.
```

## Will names be removed after linking? {#B3 type=yesno required show-if="B2 = yes"}

```flag
id: names-kept
severity: high
category: privacy
title: Names stay in the data
when: B3 = no
advice: Require that names be removed.
route: board
```

## Anything else? {#B4 type=longtext}

# Details {#details}

## Smallest count in a table cell {#D1 type=number}

```flag
id: small-cells
severity: high
category: privacy
title: Small counts could identify people
when: D1 < 11
advice: Combine groups so every count is at least 11.
```

## Delivery date {#D2 type=date}

## Kinds of data {#D3 type=multi required}

- race: Race
- health: Health
- none: None of these

## Contact name {#D4 type=text}
"""


# The DPPEIA review's request (`dppeia_review`): the signed record's tests read these words.
DPPEIA_REQUEST: dict[str, Any] = {
    "title": "Child care subsidies and parents' earnings",
    "requesting_org": "University of Connecticut",
    "contact_email": "jose.nunez@example.edu",
    "purpose": "Find out whether families who receive subsidies earn more.",
}

# The approver's decision form, and the last step that signs it (the board's and notices'
# tests walk the pages).
DECISION = {
    "recommendation": "approve",
    "conditions": "",
    "rationale": "The risks are handled.",
    "declaration": "y",
}
SIGN = {"declaration": "y", "step": "sign"}
# The reviewer's submit form recommending approval with a condition (`waiting_for_approval`).
WITH_CONDITION = {
    "recommendation": "approve-with-conditions",
    "conditions": "Delete by 2029.",
    "rationale": "The risks are handled.",
    "declaration": "y",
}

FULL_BASICS = {"B1": "agency", "B2": "yes", "B3": "yes", "B4": "Nothing else."}
FULL_DETAILS = {"D1": 20, "D2": "2027-01-31", "D3": ["race"], "D4": "Ana"}


def use_questionnaire_folder(app: Flask, folder: Path, text: str = MINI) -> Path:
    """Make the app read its questionnaires from a new `folder` holding only mini.md (`text`:
    its text, id mini)."""
    folder.mkdir()
    (folder / "mini.md").write_text(text)
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
    app.extensions["questionnaires"] = registry
    return folder


def start_review(app: Flask, user: User, request_id: int, questionnaire_id: str = "mini") -> int:
    """Start a review of the data request as `user` (service level)."""
    with app.app_context():
        actor = db.session.get_one(User, user.id)
        adapter = adapter_for("data-request")
        subject = db.session.get_one(DataRequest, request_id)
        questionnaire = questionnaires().latest(questionnaire_id)
        assert questionnaire is not None
        return services.start_review(actor, adapter, subject, questionnaire).id


def dppeia_review(app: Flask, reviewer: User, **request: Any) -> tuple[int, int]:
    """A draft data request of the reviewer's agency and a DPPEIA review of it: (review id,
    request id). `request`: its fields other than DPPEIA_REQUEST's."""
    request_id = new_request(app, reviewer, **{**DPPEIA_REQUEST, **request})
    return start_review(app, reviewer, request_id, "dppeia"), request_id


def save(
    app: Flask, user: User, review_id: int, section_id: str, values: Mapping[str, object], **kw: Any
) -> services.SaveOutcome:
    """Save typed answers at the review's current version (service level)."""
    with app.app_context():
        actor = db.session.get_one(User, user.id)
        review = db.session.get_one(Review, review_id)
        version = kw.pop("version", review.version)
        return services.save_section(actor, review, section_id, values, version, **kw)


def post_section(
    client: FlaskClient,
    review_id: int,
    section_id: str,
    data: dict[str, Any],
    version: int,
    action: str | None = None,
) -> Any:
    """Post a section form as a browser would (field names q_<id>; `action`: the button)."""
    form: dict[str, Any] = {"version": str(version)}
    if action is not None:
        form["action"] = action
    for key, value in data.items():
        form[key if key in ("action",) else f"q_{key}"] = value
    return client.post(f"/reviews/{review_id}/sections/{section_id}", data=form)


def version_of(app: Flask, review_id: int) -> int:
    with app.app_context():
        return db.session.get_one(Review, review_id).version


def complete_review(app: Flask, user: User, review_id: int) -> None:
    """Answer every required question of mini.md, raising one medium flag and no high one."""
    save(app, user, review_id, "basics", FULL_BASICS, complete=True)
    save(app, user, review_id, "details", FULL_DETAILS, complete=True)


def sample_answer(question: Question) -> object:
    """A valid answer for any question type."""
    return {
        "yesno": "yes",
        "choice": question.option_values[0] if question.options else None,
        "multi": [question.option_values[0]] if question.options else None,
        "text": f"Answer to {question.id}",
        "longtext": f"A longer answer to {question.id}, in plain words.",
        "number": 20 if question.max is None or question.max >= 20 else question.max,
        "date": "2027-01-31",
    }[question.type]


def fill_review(app: Flask, user: User, review_id: int, hear_board: bool = True) -> None:
    """Answer every question that is asked and respond to every high flag, so the review can
    be submitted (with `hear_board`, a review the board must hear is shared and its period
    closed with nothing said)."""
    with app.app_context():
        questionnaire = load_context(db.session.get_one(Review, review_id)).questionnaire
    # The whole review: P0 "no" (the data are not already published), so nothing is skipped.
    answers: dict[str, object] = {"P0": "no"} if questionnaire.has_question("P0") else {}
    for _ in range(3):  # answers reveal other questions; three rounds settle the DPPEIA
        hidden = evaluate(questionnaire, answers).hidden
        answers = {
            q.id: "no" if q.id == "P0" else sample_answer(q)
            for section in questionnaire.sections
            for q in section.questions
            if q.id not in hidden
        }
    for section in questionnaire.sections:
        values = {q.id: answers[q.id] for q in section.questions if q.id in answers}
        with app.app_context():
            review = db.session.get_one(Review, review_id)
            actor = db.session.get_one(User, user.id)
            services.save_section(actor, review, section.id, values, review.version, complete=True)
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        for entry in flag_panel(review).unanswered_high:
            actor = db.session.get_one(User, user.id)
            kind = next(iter(RESPONSE_KINDS))
            workflow.respond_to_flag(actor, review, entry.flag.id, kind, "We will fix this.")
    if hear_board:
        board_heard(app, user, review_id)  # a board flag: shared, and the period has closed


def waiting_for_approval(app: Flask, reviewer: User, title: str, days_ago: int = 0) -> int:
    """A new data request of the reviewer's agency whose mini review (``qdir``) the reviewer
    completed and submitted through the page (WITH_CONDITION), backdated `days_ago` days: it
    waits for an approver of the agency. Its review id."""
    review_id = start_review(app, reviewer, new_request(app, reviewer, title))
    complete_review(app, reviewer, review_id)
    submitted = as_user(app, reviewer).post(f"/reviews/{review_id}/submit", data=WITH_CONDITION)
    assert submitted.status_code == 302
    when = datetime.now(UTC) - timedelta(days=days_ago)
    with app.app_context():  # a plain UPDATE: the review's own version and times stay
        db.session.execute(update(Review).where(Review.id == review_id).values(submitted_at=when))
        db.session.commit()
    return review_id


def submit(app: Flask, reviewer: User, review_id: int) -> None:
    """Fill the review in and submit it, recommending approval with a condition."""
    fill_review(app, reviewer, review_id)
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review = db.session.get_one(Review, review_id)
        workflow.submit_review(actor, review, "approve-with-conditions", "Delete by 2029.", "Ok.")


def confirm(app: Flask, approver: User, review_id: int) -> None:
    """Approve the submitted review, setting aside any item still to close."""
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        inputs = setaside.each_with(review, "Closed before release.")  # open gaps set aside
        workflow.confirm_review(db.session.get_one(User, approver.id), review, "", inputs)


def set_aside_all(app: Flask, review_id: int) -> dict[str, str]:
    """The confirm form's reasons setting aside every item to close before approval."""
    with app.app_context():
        inputs = setaside.each_with(db.session.get_one(Review, review_id), "Closed before release.")
    return {setaside.FIELD + flag_id: reason for flag_id, reason in inputs[setaside.STEP].items()}


def flagged_for_board(app: Flask, reviewer: User, review_id: int) -> None:
    """Complete the mini review so that the high `names-kept` flag (route: board) is raised
    and answered; nothing else stops submission."""
    complete_review(app, reviewer, review_id)
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "yes", "B3": "no"})
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review = db.session.get_one(Review, review_id)
        workflow.respond_to_flag(actor, review, "names-kept", "mitigation", "Names go.")
