"""Review fixtures: a small questionnaire folder, a data request, and helpers to start and
answer reviews as a given user."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services
from ctdppeia.reviews.registry import QuestionnaireRegistry, questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.conftest import MakeUser

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


@pytest.fixture
def qdir(app: Flask, tmp_path: Path) -> Path:
    """A questionnaire folder holding mini.md, used by the app instead of the shipped one."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "mini.md").write_text(MINI)
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
    app.extensions["questionnaires"] = registry
    return folder


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.APPROVER, agency="DSS", name="Ana Approver")


def new_request(app: Flask, user: User, title: str = "Wages and child care") -> int:
    with app.app_context():
        owner = db.session.get(User, user.id)
        created = create_request(
            owner,
            {
                "title": title,
                "requesting_org": "UConn",
                "contact_name": "José Núñez",
                "contact_email": "jose@example.edu",
                "requester_type": "university",
                "purpose": "Find out *why*.",
                "status": "draft",
            },
            [],
        )
        return created.id


@pytest.fixture
def request_id(app: Flask, reviewer: User) -> int:
    return new_request(app, reviewer)


def start_review(app: Flask, user: User, request_id: int, questionnaire_id: str = "mini") -> int:
    with app.app_context():
        actor = db.session.get(User, user.id)
        adapter = adapter_for("data-request")
        subject = db.session.get(DataRequest, request_id)
        questionnaire = questionnaires().latest(questionnaire_id)
        assert questionnaire is not None
        return services.start_review(actor, adapter, subject, questionnaire).id


@pytest.fixture
def review_id(app: Flask, qdir: Path, reviewer: User, request_id: int) -> int:
    return start_review(app, reviewer, request_id)


Save = Callable[..., Any]


def save(
    app: Flask, user: User, review_id: int, section_id: str, values: dict[str, object], **kw: Any
) -> services.SaveOutcome:
    """Save typed answers at the review's current version (service level)."""
    with app.app_context():
        actor = db.session.get(User, user.id)
        review = db.session.get(Review, review_id)
        version = kw.pop("version", review.version)
        return services.save_section(actor, review, section_id, values, version, **kw)


def post_section(
    client: FlaskClient, review_id: int, section_id: str, data: dict[str, Any], version: int
) -> Any:
    """Post a section form as a browser would (field names q_<id>)."""
    form: dict[str, Any] = {"version": str(version)}
    for key, value in data.items():
        form[key if key in ("action",) else f"q_{key}"] = value
    return client.post(f"/reviews/{review_id}/sections/{section_id}", data=form)


def version_of(app: Flask, review_id: int) -> int:
    with app.app_context():
        return db.session.get(Review, review_id).version


FULL_BASICS = {"B1": "agency", "B2": "yes", "B3": "yes", "B4": "Nothing else."}
FULL_DETAILS = {"D1": 20, "D2": "2027-01-31", "D3": ["race"], "D4": "Ana"}


def complete_review(app: Flask, user: User, review_id: int) -> None:
    """Answer every required question, raising one medium flag and no high one."""
    save(app, user, review_id, "basics", FULL_BASICS, complete=True)
    save(app, user, review_id, "details", FULL_DETAILS, complete=True)
