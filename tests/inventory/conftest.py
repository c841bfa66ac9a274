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
from tests.conftest import AuthActions, MakeUser


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


@pytest.fixture
def make_use_case(app: Flask, make_user: MakeUser) -> MakeUseCase:
    """Create an AI use case and return its id: make_use_case(agency="DSS", name=...)."""
    owner: dict[str, User] = {}

    def make(agency: str = "DSS", **extra: Any) -> int:
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
            return use_case.id

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
        "decision_date": "2026-02-15",
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
    """POST the publish form for a use case; returns the response."""

    def post(use_case_id: int, **changes: Any) -> Any:
        return client.post(f"/ai-use-cases/{use_case_id}/inventory", data=entry_form(**changes))

    return post
