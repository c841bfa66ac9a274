"""Helpers for the inventory tests: use cases, a fixed clock, and publishing through the form."""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.models import AIUseCase, Review, ReviewDocument, Role, User
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import add_decision, undecided_review


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


Sign = Callable[..., str]


def add_signed_record(use_case_id: int, at: datetime, approver_id: int) -> str:
    """Store a signed record of the use case's latest review (in an app context), as the
    approver's confirmation does; returns its digest. The signing itself is tested in
    tests/documents: here only its outcome matters, a review with a signed record."""
    use_case = db.session.get_one(AIUseCase, use_case_id)
    review = undecided_review(use_case) if _latest(use_case) is None else _latest(use_case)
    assert review is not None
    if review.submitted_at is None or review.submitted_at > at:
        review.submitted_at = at - timedelta(days=1)
        review.submitted_by_id = use_case.created_by_id
    review.confirmed_at, review.confirmed_by_id = at, approver_id
    digest = hashlib.sha256(f"record-{review.id}".encode()).hexdigest()
    db.session.add(
        ReviewDocument(
            review_id=review.id,
            schema="2",
            record_digest=digest,
            snapshot_json=None,
            pdf=b"%PDF-1.7 test",
            file_sha256=hashlib.sha256(b"%PDF-1.7 test").hexdigest(),
            reviewer_signed_at=at,
            approver_signed_at=at,
            certificate_serial="01",
            approver_certificate_serial="02",
        )
    )
    db.session.commit()
    return digest


def _latest(use_case: AIUseCase) -> Review | None:
    return db.session.scalar(
        select(Review)
        .where(Review.subject_kind == "ai-use-case", Review.subject_id == use_case.id)
        .order_by(Review.id.desc())
    )


@pytest.fixture
def sign(app: Flask, make_user: MakeUser) -> Sign:
    """Give a use case's latest Responsible-AI review a signed record, confirmed by an
    approver of its agency: sign(use_case_id)."""

    def add(use_case_id: int, at: datetime = datetime(2026, 2, 10, 15, 0, tzinfo=UTC)) -> str:
        with app.app_context():
            code = db.session.get_one(AIUseCase, use_case_id).agency.code
        approver = make_user(Role.APPROVER, agency=code)
        with app.app_context():
            return add_signed_record(use_case_id, at, approver.id)

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
        "development_stage": "pilot",
        "date_first_used": "2023-06-01",
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


def use_case_panel(use_case: AIUseCase) -> str:
    """The inventory's panel on a use case's page, rendered as its template hook renders it
    (with the values the panel registered), inside a request context."""
    from flask import render_template

    from ctdppeia.templatehooks import panels_at

    panel = next(p for p in panels_at("use_case_panels") if p.name == "inventory")
    values = panel.values(use_case=use_case, review=None) if panel.values else {}
    return render_template(panel.template, use_case=use_case, **(values or {}))
