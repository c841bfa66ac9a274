"""A reviewer turns a flag's mitigation into an action with an owner and a due date, with the
keyboard, mends a refused form, and reads the plan at desktop width and at 390 px, with
axe-core clean on every page."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User
from ctdppeia.reviews import services, workflow
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.e2e.conftest import LiveUser
from tests.e2e.test_review_journey import _request

pytestmark = pytest.mark.e2e
AxeCheck = Callable[..., None]
# What sticks out past 390 px, said when a page scrolls sideways.
WIDE_ELEMENTS = """Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > 391)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
MITIGATION = "We will strip names and addresses before the file leaves the agency."


def _mitigated_review(live_app: Flask, reviewer: LiveUser) -> tuple[int, str]:
    """A DPPEIA review whose first raised flag has a mitigation: (review id, flag title)."""
    request_id, _title = _request(live_app, reviewer)
    with live_app.test_request_context():
        user = db.session.get_one(User, reviewer.id)
        subject = db.session.get_one(DataRequest, request_id)
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = services.start_review(user, adapter_for("data-request"), subject, questionnaire)
        answers = {"P0": "no", "P4": "no"}  # no resident voice: a flag to mitigate
        services.save_section(user, review, "planning", answers, review.version)
        entry = flag_panel(review).entries[0]
        workflow.respond_to_flag(user, review, entry.flag.id, "mitigation", MITIGATION)
        return review.id, entry.flag.title


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = [] if width <= 390 else page.evaluate(WIDE_ELEMENTS)
    assert width <= 390, f"the page scrolls sideways: {width}px, {wide}"


def test_an_action_from_a_flags_mitigation(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")
    review_id, flag_title = _mitigated_review(live_app, reviewer)
    sign_in(page, reviewer)
    page.goto(f"/reviews/{review_id}")
    plan = page.locator("#action-plan")
    expect(plan.get_by_role("heading", name="Action plan")).to_be_visible()
    expect(plan.get_by_text("No action has been added yet.")).to_be_visible()
    expect(plan.get_by_text(MITIGATION)).to_be_visible()
    axe_check(page, "the review page with its action plan")

    add = plan.get_by_role("link", name=re.compile(rf"^Add an action\W+{re.escape(flag_title)}$"))
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    expect(page.locator("#title")).to_have_value(MITIGATION)
    axe_check(page, "the new action form")

    # No owner and no date: refused, with what was typed kept.
    page.locator("#title").fill("Strip names and addresses before delivery")
    page.get_by_role("button", name="Add the action").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Choose a person or name an office.")
    expect(summary).to_contain_text("Give a due date")
    expect(page.locator("#title")).to_have_value("Strip names and addresses before delivery")
    assert page.title().startswith("Error:")
    axe_check(page, "the action form with errors")

    # With the keyboard: the owner from the list, a date, then Enter on the button.
    page.locator("#owner_user_id").focus()
    page.locator("#owner_user_id").select_option(label="Rosa Reviewer")
    page.locator("#due_on").fill("2027-03-31")
    page.get_by_role("button", name="Add the action").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The action was added to the plan.")).to_be_visible()
    row = page.locator("#action-plan table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Strip names and addresses before delivery")
    expect(row).to_contain_text("Rosa Reviewer")
    expect(row).to_contain_text("Planned")
    expect(page.locator("#action-plan").get_by_text("1 action so far")).to_be_visible()
    axe_check(page, "the review page with one action")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _no_sideways_scroll(page)
    axe_check(page, "the review page with one action at 390 px")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action")
    expect(page.get_by_text("Response to a flag")).to_be_visible()
    _no_sideways_scroll(page)
    axe_check(page, "the action page at 390 px")
    page.get_by_role("link", name="Change the action").click()
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Your changes to the action were saved.")).to_be_visible()
    expect(page.locator("dl.details")).to_contain_text("In progress")
    axe_check(page, "the changed action at 390 px")
