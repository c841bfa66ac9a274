"""Advisory group fixtures: an AI use case with a submitted Responsible-AI review, and the
members of the group (AI reviewers of different agencies, a chair, a subcommittee member)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, Role, User
from ctdppeia.models.review_tier import TierOverride
from ctdppeia.reviews.registry import pin, questionnaires
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser

CaseFactory = Callable[..., tuple[int, int]]
# A due date a condition decided today may have (not before the decision, not years ahead).
DUE = (date.today() + timedelta(days=120)).isoformat()


@pytest.fixture
def owner(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name="Owner Reviewer")


@pytest.fixture
def make_case(app: Flask, owner: User) -> CaseFactory:
    """make_case(tier=None|"low"|"medium"|"high", submitted=True) -> (use case id, review id)."""

    def make(tier: str | None = None, submitted: bool = True) -> tuple[int, int]:
        with app.app_context():
            use_case = AIUseCase(
                agency_id=owner.agency_id,
                name="Benefits chatbot",
                vendor="Acme AI",
                description="Answers questions about benefits from public pages.",
                intended_use="Help residents find the right form.",
                stage="pilot",
                hosting="vendor-cloud",
                created_by_id=owner.id,
            )
            db.session.add(use_case)
            db.session.flush()
            questionnaire = questionnaires().latest("responsible-ai")
            assert questionnaire is not None
            now = datetime.now(UTC)
            review = Review(
                subject_kind="ai-use-case",
                subject_id=use_case.id,
                owner_agency_id=use_case.agency_id,
                questionnaire_version=pin(questionnaire),
                started_by_id=owner.id,
                completed_sections=[],
                submitted_at=now if submitted else None,
                submitted_by_id=owner.id if submitted else None,
            )
            db.session.add(review)
            db.session.flush()
            if tier is not None:
                computed = "info" if tier != "info" else "low"
                db.session.add(
                    TierOverride(
                        review_id=review.id,
                        computed_tier=computed,
                        tier=tier,
                        reason="Set for the test.",
                        created_by_id=owner.id,
                    )
                )
            db.session.commit()
            return use_case.id, review.id

    return make


@pytest.fixture
def members(make_user: MakeUser) -> dict[str, User]:
    """Four AI reviewers of three agencies: a chair, a subcommittee member and two others."""
    return {
        "chair": make_user(Role.AI_REVIEWER, agency="DAS", name="Chair Person", ai_chair=True),
        "sub": make_user(
            Role.AI_REVIEWER, agency="OPM", name="Sub Member", high_risk_subcommittee=True
        ),
        "ana": make_user(Role.AI_REVIEWER, agency="DSS", name="Ana Member"),
        "ben": make_user(Role.AI_REVIEWER, agency="DCF", name="Ben Member"),
    }


def vote(
    client: FlaskClient, case: tuple[int, int], choice: str = "approve", why: str = "Fine."
) -> int:
    case_id, review_id = case
    url = f"/ai-use-cases/{case_id}/advisory/{review_id}/recommendation"
    response = client.post(url, data={"recommendation": choice, "rationale": why})
    return response.status_code


def as_member(auth: AuthActions, user: User) -> None:
    auth.logout()
    auth.login(user)


def decide(
    client: FlaskClient,
    case: tuple[int, int],
    outcome: str = "approve",
    conditions: list[tuple[str, str, str]] | None = None,
    departure: str | None = None,
) -> int:
    """POST the decision form, then its check page's "Record the decision" (`departure`: the
    chair's reason for departing from the subcommittee's recommendation)."""
    case_id, review_id = case
    data = {"outcome": outcome, "basis": "The review answers the risks."}
    if departure is not None:
        data["departure_reason"] = departure
    for index, (text, owner, due) in enumerate(conditions or []):
        data |= {
            f"conditions-{index}-text": text,
            f"conditions-{index}-owner": owner,
            f"conditions-{index}-due_on": due,
        }
    url = f"/ai-use-cases/{case_id}/advisory/{review_id}/decision"
    return through_check(client, url, data, "record").status_code
