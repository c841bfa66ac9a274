"""AI use case fixtures: proposing a use case as a given user, and starting its review."""

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.ai.services import create_use_case
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, Role, User
from ctdppeia.reviews import services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.conftest import MakeUser

FIELDS: dict[str, Any] = {
    "name": "BenefitsHelp chat",
    "vendor": "Acme AI",
    "description": "A chat window answers general questions about SNAP and Medicaid.",
    "intended_use": "Residents ask questions on the DSS website.",
    "stage": "pilot",
    "hosting": "vendor-cloud",
    "hosting_other": "",
    "technique": "large language model",
    "public_contact": "ai@ct.gov",
}


def form_data(**changes: Any) -> dict[str, Any]:
    """The use case form as a browser posts it."""
    data = {**FIELDS, **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.APPROVER, agency="DSS", name="Ana Approver")


@pytest.fixture
def ai_reviewer(make_user: MakeUser) -> User:
    return make_user(Role.AI_REVIEWER, agency="DAS", name="Alex AI")


def new_use_case(
    app: Flask, user: User, request_ids: list[int] | None = None, **changes: Any
) -> int:
    with app.app_context():
        owner = db.session.get(User, user.id)
        return create_use_case(owner, {**FIELDS, **changes}, request_ids or []).id


@pytest.fixture
def use_case_id(app: Flask, reviewer: User) -> int:
    return new_use_case(app, reviewer)


def start_ai_review(app: Flask, user: User, use_case_id: int) -> int:
    with app.app_context():
        actor = db.session.get(User, user.id)
        questionnaire = questionnaires().latest("responsible-ai")
        assert questionnaire is not None
        subject = db.session.get(AIUseCase, use_case_id)
        return services.start_review(actor, adapter_for("ai-use-case"), subject, questionnaire).id


def post_section(
    client: FlaskClient, review_id: int, section_id: str, answers: dict[str, Any], version: int
) -> Any:
    form: dict[str, Any] = {"version": str(version), "action": "save"}
    for key, value in answers.items():
        form[f"q_{key}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return client.post(f"/reviews/{review_id}/sections/{section_id}", data=form)


def version_of(app: Flask, review_id: int) -> int:
    with app.app_context():
        return db.session.get(Review, review_id).version
