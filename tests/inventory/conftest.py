"""Helpers for the inventory tests: use cases, a fixed clock, and publishing through the form."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.models import AIUseCase, Role, User
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import add_decision


class Clock:
    """A clock the test sets: ``fixed_clock.set(2026, 3, 1)``."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)

    def set(self, *parts: int) -> None:
        self.moment = datetime(*parts, tzinfo=UTC)  # type: ignore[misc]

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    monkeypatch.setattr(clock, "now", fixed.now)
    return fixed


MakeUseCase = Callable[..., int]
Decide = Callable[..., None]


@pytest.fixture
def decide(app: Flask, make_user: MakeUser) -> Decide:
    """Record the advisory group's decision on a use case: decide(use_case_id, "approve").

    The decision is on the use case's latest Responsible-AI review when it has none yet (the
    review is marked submitted), else on a new review amending it, as a re-assessment is. The
    advisory group's own steps are tested in tests/advisory."""
    chair: list[User] = []

    def add(use_case_id: int, outcome: str = "approve") -> None:
        if not chair:
            chair.append(make_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True))
        with app.app_context():
            add_decision(use_case_id, chair[0].id, outcome)

    return add


@pytest.fixture
def make_use_case(app: Flask, make_user: MakeUser, decide: Decide) -> MakeUseCase:
    """Create an AI use case and return its id: make_use_case(agency="DSS", name=...).

    The advisory group approves it (`decided="approve"`), so it may be published; pass
    `decided=None` for a use case without a decision, or another outcome."""
    owner: dict[str, User] = {}

    def make(agency: str = "DSS", decided: str | None = "approve", **extra: Any) -> int:
        if agency not in owner:
            owner[agency] = make_user(Role.REVIEWER, agency=agency)
        with app.app_context():
            values = {
                "name": "Benefits chatbot",
                "vendor": "Acme AI",
                "description": "Answers questions about benefits from public pages.",
                "intended_use": "Help residents find the right form.",
                "stage": "pilot",
                "hosting": "vendor-cloud",
                "technique": "Generative AI",
                "public_contact": "ai.help@ct.gov",
                **extra,
            }
            use_case = AIUseCase(
                agency_id=accounts.agency_by_code(agency).id,
                created_by_id=owner[agency].id,
                **values,
            )
            db.session.add(use_case)
            db.session.commit()
            found = use_case.id
        if decided is not None:
            decide(found, decided)
        return found

    return make


def entry_form(**changes: Any) -> dict[str, Any]:
    """A complete publish form; pass a field to change it (None leaves it out)."""
    form = {
        "name": "Benefits chatbot",
        "vendor": "Acme AI",
        "capabilities_and_uses": "Answers questions about benefits from public pages.",
        "decision_role": "none",
        "impact_assessment_before_use": "yes",
        "status": "pilot",
        "risk_tier": "low",
        "risk_tier_basis": "It uses public pages only.",
        "ai_technique": "Generative AI",
        "data_used": "Public web pages of the agency",
        "personal_data": "no",
        "human_oversight": "Staff read a sample of answers every week.",
        "how_to_appeal": "Call the help line and ask for a person.",
        "public_contact": "ai.help@ct.gov",
        "decision_date": "2025-01-15",
        "next_review_date": "2029-02-15",
        "change_note": "",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def publisher(auth: AuthActions) -> User:
    """An AI reviewer, signed in."""
    return auth.login(Role.AI_REVIEWER, agency="DAS")


Publish = Callable[..., Any]


@pytest.fixture
def publish(client: FlaskClient, publisher: User) -> Publish:
    """POST the publish form for a use case, then its check page's "Publish"; returns the
    last response."""

    def post(use_case_id: int, **changes: Any) -> Any:
        url = f"/ai-use-cases/{use_case_id}/inventory"
        return through_check(client, url, entry_form(**changes), "publish")

    return post
