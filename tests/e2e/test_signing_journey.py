"""The approver's two-step confirmation in a real browser, at desktop and phone width: the
decision box below the review, the note and declaration, the page that says what signing does,
the progress message while signing, and the locked review."""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, ReviewDocument, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services, workflow
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.e2e.conftest import LiveUser, set_aside_open_items
from tests.factories.reviews import fill_review

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
STOP_SUBMIT = (
    "document.querySelector('form[data-signing-form]')"
    ".addEventListener('submit', (event) => event.preventDefault())"
)


def _submitted_review(live_app: Flask, reviewer: LiveUser) -> int:
    fields = {
        "title": "Housing vouchers and school moves",
        "requesting_org": "Yale University",
        "contact_name": "Ada Reyes",
        "contact_email": "ada.reyes@example.edu",
        "requester_type": "university",
        "purpose": "Do housing vouchers reduce school moves?",
        "status": "draft",
    }
    with live_app.app_context():
        user = db.session.get(User, reviewer.id)
        subject = db.session.get(DataRequest, create_request(user, fields, []).id)
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = services.start_review(user, adapter_for("data-request"), subject, questionnaire)
        review_id = review.id
    fill_review(live_app, reviewer, review_id)  # type: ignore[arg-type]
    with live_app.app_context():
        workflow.submit_review(
            db.session.get(User, reviewer.id),
            db.session.get(Review, review_id),
            "approve",
            "",
            "The plan is sound.",
        )
    return review_id


@pytest.mark.parametrize("width", [1280, 390])
def test_the_approver_signs_in_two_steps(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    approver = make_live_user(Role.APPROVER, agency="DSS")
    review_id = _submitted_review(live_app, reviewer)

    sign_in(page, approver)
    page.goto(f"/reviews/{review_id}/summary")
    box = page.locator("#approve")
    answers = page.get_by_role("heading", name="Answers", exact=True)
    assert answers.bounding_box()["y"] < box.bounding_box()["y"]  # read first, decide after
    box.get_by_label("Your note for the record (optional)").fill("Seen with the data officer.")
    box.get_by_role("button", name="Continue to sign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the decision")
    expect(page.locator(".error-summary")).to_contain_text("Tick the declaration")
    axe_check(page, "the confirmation form with an error")
    page.get_by_label("Your note for the record (optional)").fill("Seen with the data officer.")
    page.get_by_label("I read this review and I confirm its decision", exact=False).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="What happens when you sign")).to_be_visible()
    expect(page.locator("ol")).to_contain_text("The decision is final")
    axe_check(page, "the last step before signing")
    set_aside_open_items(page)
    page.evaluate(STOP_SUBMIT)  # hold the form back to see what the script shows
    page.get_by_role("button", name="Sign and lock the review").click()
    expect(page.locator("[data-signing-status]")).to_have_text(
        "Signing…, this takes a few seconds. Please wait and do not close this page."
    )
    expect(page.locator("[data-signing-button]")).to_be_disabled()

    page.reload()  # the same step again, sent for real this time
    set_aside_open_items(page)
    page.get_by_role("button", name="Sign and lock the review").click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review signed and locked", timeout=60_000
    )
    page.get_by_role("link", name="Read the summary of the review").click()
    expect(page.get_by_role("link", name="Download the signed PDF")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the record (JSON)").click()
    record = Path(download.value.path()).read_bytes()

    with live_app.app_context():
        query = select(ReviewDocument.record_digest).where(ReviewDocument.review_id == review_id)
        digest = db.session.scalars(query).one()
    assert hashlib.sha256(record).hexdigest() == digest  # the record the PDF was signed on
    page.goto(f"/records/{digest}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Housing vouchers and school moves")
    expect(page.locator("body")).to_contain_text(digest)
    expect(page.locator("body")).to_contain_text("Seen with the data officer.")
    axe_check(page, "the accessible signed record")
