"""The public AI inventory: a clock the test sets, use cases the advisory group decided, signed
records of their reviews, and the publish form (the fixtures of the same names, in
``fixtures``, make them per test)."""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import render_template
from sqlalchemy import select

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, ReviewDocument
from ctdppeia.templatehooks import panels_at
from tests.factories.stored import stored_use_case
from tests.factories.use_cases import undecided_review

MakeUseCase = Callable[..., int]
Decide = Callable[..., None]
Sign = Callable[..., str]
Publish = Callable[..., Any]

# What `make_use_case` stores besides stored.USE_CASE's fields: the inventory asks for both.
INVENTORY_FIELDS: dict[str, Any] = {
    "technique": "Generative AI",
    "public_contact": "ai.help@ct.gov",
}


class Clock:
    """A clock the test sets: ``fixed_clock.set(2026, 3, 1)``."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)

    def set(self, *parts: int) -> None:
        self.moment = datetime(*parts, tzinfo=UTC)  # type: ignore[misc]

    def now(self) -> datetime:
        return self.moment


def inventory_use_case(agency: str, owner_id: int, **fields: Any) -> int:
    """A use case of the agency (its code) with what the inventory asks for (the fields of
    stored.USE_CASE and INVENTORY_FIELDS, changed by `fields`), stored and committed, in an app
    context: its id."""
    values = {**INVENTORY_FIELDS, **fields}
    use_case = stored_use_case(accounts.agency_by_code(agency).id, owner_id, **values)
    db.session.commit()
    return use_case.id


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


def use_case_panel(use_case: AIUseCase) -> str:
    """The inventory's panel on a use case's page, rendered as its template hook renders it
    (with the values the panel registered), inside a request context."""
    panel = next(p for p in panels_at("use_case_panels") if p.name == "inventory")
    values = panel.values(use_case=use_case, review=None) if panel.values else {}
    return render_template(panel.template, use_case=use_case, **(values or {}))
