"""Action plan fixtures: a data-request review (the small test questionnaire) whose "names"
flag is raised and answered with a mitigation, and helpers to post the action form."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from ctdppeia.actions import services
from ctdppeia.actions.sources import Source
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAction, User
from ctdppeia.reviews import workflow
from tests.factories.requests import new_request
from tests.factories.reviews import FULL_BASICS, save, start_review

MITIGATION = "We will drop the names before the data leave the agency."
FLAG_SOURCE = "flag:names"


@pytest.fixture
def review_id(app: Flask, qdir: Path, reviewer: User) -> int:
    """A review with the "names" flag raised and mitigated."""
    request_id = new_request(app, reviewer)
    made = start_review(app, reviewer, request_id)
    save(app, reviewer, made, "basics", FULL_BASICS)
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review = db.session.get_one(Review, made)
        workflow.respond_to_flag(actor, review, "names", "mitigation", MITIGATION)
    return made


def action_form(**changes: Any) -> dict[str, Any]:
    """The action form as a browser posts it."""
    data: dict[str, Any] = {
        "title": "Remove names before delivery",
        "owner_user_id": "",
        "owner_name": "Office of the Chief Data Officer",
        "due_on": "2027-03-31",
        "status": "planned",
        "drop_reason": "",
        "evidence": "",
        "evidence_url": "",
    }
    data.update(changes)
    return data


def add_action(
    app: Flask, user: User, review_id: int, title: str = "Remove names", **changes: Any
) -> int:
    """An action made through the service, from the mitigated flag."""
    values: dict[str, Any] = {
        "title": title,
        "owner_user_id": None,
        "owner_name": "Data office",
        "due_on": date(2027, 3, 31),
    }
    values.update(changes)
    with app.app_context():
        actor = db.session.get_one(User, user.id)
        review = db.session.get_one(Review, review_id)
        source = Source("flag", "names", "Names are included", MITIGATION)
        return services.create_action(actor, review, source, services.ActionInput(**values)).id


def stored(app: Flask, action_id: int) -> ReviewAction:
    with app.app_context():
        action = db.session.get_one(ReviewAction, action_id)
        db.session.expunge(action)
        return action
