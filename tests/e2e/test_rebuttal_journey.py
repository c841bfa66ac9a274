"""Setting aside a presumption of high impact in a real browser, with the keyboard alone: the
tier page refuses a determination without the official and the reason, then records it; the
tier, its plain sentence and the determination show on the tier, review, summary and use case
pages. axe-core checks every page visited."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.ai.services import create_use_case
from ctdppeia.demo import reviews
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
CASE = json.loads(
    (
        Path(__file__).resolve().parents[1]
        / "questionnaire"
        / "cases"
        / "rai-snap-renewal-prefill-rebuttal.json"
    ).read_text(encoding="utf-8")
)
OFFICIAL = CASE["rebuttal"]["decided_by"]
FIELDS = {
    "name": "Renewal pre-fill",
    "vendor": "Built by the agency",
    "description": "Fills in income on the SNAP renewal screen from state wage records.",
    "intended_use": "The worker checks every value before deciding.",
    "stage": "pilot",
    "hosting": "agency",
    "technique": "record matching model",
    "public_contact": "dss.ai@ct.gov",
}


def _answered(live_app: Flask, user: LiveUser) -> tuple[int, int]:
    with live_app.app_context():
        owner = db.session.get(User, user.id)
        use_case = create_use_case(owner, FIELDS, [])
        review = reviews.start(owner, "ai-use-case", use_case, "responsible-ai")
        assert review is not None
        reviews.fill(owner, review, CASE["answers"])
        return use_case.id, review.id


def test_set_aside_a_presumption_with_the_keyboard(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[..., None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    use_case_id, review_id = _answered(live_app, reviewer)
    sign_in(page, reviewer)
    page.goto(f"/ai-use-cases/reviews/{review_id}/tier")
    expect(page.get_by_text("Risk tier: High risk")).to_be_visible()
    expect(page.get_by_text("High because the system is used in applying for")).to_be_visible()
    axe_check(page, "the risk tier page with a presumption")

    page.get_by_role("button", name="Record the determination").focus()
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Name the official who made the determination.")
    expect(alert).to_contain_text("Give the reason the presumption does not hold.")
    axe_check(page, "the determination refused")

    page.get_by_label("Who decided: name and title of the official").focus()
    page.keyboard.type(OFFICIAL)
    page.keyboard.press("Tab")
    page.keyboard.type("Workers check every value against the records before deciding.")
    page.get_by_role("button", name="Record the determination").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The written determination was recorded.")).to_be_visible()
    expect(page.get_by_text("Risk tier: Medium risk").first).to_be_visible()
    expect(page.get_by_text(f"written determination of {OFFICIAL}").first).to_be_visible()
    axe_check(page, "the risk tier page with the determination")

    for url, what in (
        (f"/reviews/{review_id}", "the review overview"),
        (f"/reviews/{review_id}/summary", "the review summary"),
        (f"/ai-use-cases/{use_case_id}", "the use case page"),
    ):
        page.goto(url)
        expect(page.get_by_text("Risk tier: Medium risk").first).to_be_visible()
        expect(page.get_by_text("Medium because the system informs").first).to_be_visible()
        axe_check(page, what)
