"""AI use cases: the use case form, use cases and their Responsible-AI reviews made through the
services or stored directly, and the advisory group's votes and decisions through its pages."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.admin import services as accounts
from ctdppeia.ai.services import create_use_case
from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIUseCase, Review, User
from ctdppeia.models.review_tier import TierOverride
from ctdppeia.reviews import services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.checkpages import through_check
from tests.conftest import AuthActions
from tests.factories.stored import stored_review, stored_use_case

CaseFactory = Callable[..., tuple[int, int]]
# A due date a condition decided today may have (not before the decision, not years ahead).
DUE = (date.today() + timedelta(days=120)).isoformat()

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
    """The use case form as a browser posts it (a None change leaves that field out)."""
    data = {**FIELDS, **changes}
    return {key: value for key, value in data.items() if value is not None}


def new_use_case(
    app: Flask, user: User, request_ids: list[int] | None = None, **changes: Any
) -> int:
    """A use case proposed by `user` through the services (the fields of FIELDS)."""
    with app.app_context():
        owner = db.session.get_one(User, user.id)
        return create_use_case(owner, {**FIELDS, **changes}, request_ids or []).id


def start_ai_review(app: Flask, user: User, use_case_id: int) -> int:
    """Start the use case's Responsible-AI review as `user` (service level)."""
    with app.app_context():
        actor = db.session.get_one(User, user.id)
        questionnaire = questionnaires().latest("responsible-ai")
        assert questionnaire is not None
        subject = db.session.get_one(AIUseCase, use_case_id)
        return services.start_review(actor, adapter_for("ai-use-case"), subject, questionnaire).id


def stored_case(
    app: Flask, owner: User, tier: str | None = None, submitted: bool = True
) -> tuple[int, int]:
    """A use case of the owner's agency and its Responsible-AI review, stored directly
    (`submitted`: waiting for the advisory group; `tier`: set by hand): (use case id, review
    id). The ``make_case`` fixture."""
    with app.app_context():
        use_case = stored_use_case(owner.agency_id, owner.id)
        review = stored_review(use_case, owner.id, submitted)
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


def vote(
    client: FlaskClient, case: tuple[int, int], choice: str = "approve", why: str = "Fine."
) -> int:
    """A member's recommendation through the page; the response's status."""
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


def undecided_review(use_case: AIUseCase) -> Review:
    """The latest review of the use case if it has no decision, else a new one amending it."""
    last = db.session.scalar(
        select(Review)
        .where(Review.subject_kind == "ai-use-case", Review.subject_id == use_case.id)
        .order_by(Review.id.desc())
    )
    decided = last is not None and db.session.scalar(
        select(AIDecision.id).where(AIDecision.review_id == last.id)
    )
    if last is not None and not decided:
        if last.submitted_at is None:
            last.submitted_at, last.submitted_by_id = datetime.now(UTC), use_case.created_by_id
        return last
    amends_id = None if last is None else last.id
    return stored_review(use_case, use_case.created_by_id, amends_id=amends_id)


def add_decision(use_case_id: int, chair_id: int, outcome: str = "approve") -> None:
    """Store a chair's decision on the use case's latest undecided review (in an app
    context; see ``decide``)."""
    review = undecided_review(db.session.get_one(AIUseCase, use_case_id))
    db.session.add(
        AIDecision(
            review_id=review.id,
            outcome=outcome,
            basis="The review answers the risks.",
            tier="low",
            next_review_on=date(2029, 2, 15),
            quorum=2,
            members_eligible=3,
            decided_by_id=chair_id,
        )
    )
    db.session.commit()


# The use cases `one_per_queue_status` writes, by name, and the queue status each is in.
QUEUE_STATUSES = {
    "No review": "new",
    "In review": "in-review",
    "Before the group": "waiting-for-decision",
    "High tier": "waiting-for-subcommittee",
    "Decided by the group": "waiting-approval",
    "Confirmed": "decided",
}


def one_per_queue_status(owner: User, chair: User, approver: User) -> None:
    """One use case of the owner's agency per entry of QUEUE_STATUSES, written straight to the
    database (in an app context, the three users loaded in it); the chair decides, the
    approver confirms."""

    def reviewed(name: str, submitted: bool = True) -> Review:
        use_case = stored_use_case(owner.agency_id, owner.id, name=name)
        return stored_review(use_case, owner.id, submitted)

    stored_use_case(owner.agency_id, owner.id, name="No review")
    reviewed("In review", submitted=False)
    reviewed("Before the group")
    high = reviewed("High tier")
    db.session.add(
        TierOverride(
            review_id=high.id,
            computed_tier="low",
            tier="high",
            reason="For the test.",
            created_by_id=owner.id,
        )
    )
    add_decision(reviewed("Decided by the group").subject_id, chair.id)
    confirmed = reviewed("Confirmed")
    add_decision(confirmed.subject_id, chair.id)
    confirmed.confirmed_at, confirmed.confirmed_by_id = datetime.now(UTC), approver.id
    db.session.commit()


def approved_pothole_counter(
    app: Flask, owner_id: int, chair_id: int, name: str, stage: str = "pilot"
) -> int:
    """A DOT use case (road cameras counting potholes) the advisory group approved: its id.
    The inventory's browser journeys publish it."""
    with app.app_context():
        use_case = stored_use_case(
            accounts.agency_by_code("DOT").id,
            owner_id,
            name=name,
            vendor="Roadway Vision Ltd",
            description="Counts potholes in photos from road cameras.",
            intended_use="Plan road repairs.",
            stage=stage,
            technique="Computer vision",
            public_contact="dot.ai@ct.gov",
        )
        db.session.commit()
        add_decision(use_case.id, chair_id)
        return use_case.id
