"""Two people edit one review section in their own browsers: answers each changed alone both
survive, and an answer both changed waits for a choice shown side by side."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser
from tests.e2e.test_review_journey import _request

pytestmark = pytest.mark.e2e
AxeCheck = Callable[..., None]


def test_an_edit_conflict_loses_nothing(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")
    colleague = make_live_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    request_id, _ = _request(live_app, reviewer)
    sign_in(page, reviewer)
    page.goto(f"/requests/{request_id}")
    page.get_by_role("link", name="Start a review").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning and purpose")
    section_url = page.url
    other = page.context.browser.new_context(base_url=page.url.split("/reviews")[0])
    theirs = other.new_page()
    sign_in(theirs, colleague)
    theirs.goto(section_url)

    # different answers: both survive
    page.locator("#answer-P3").fill("Rosa's use of the answer.")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    theirs.locator("#answer-P2").fill("Colin's question.")
    theirs.get_by_role("button", name="Save as draft").click()
    expect(theirs.get_by_text("Your answers were saved.")).to_be_visible()
    expect(theirs.locator("#answer-P3")).to_have_value("Rosa's use of the answer.")

    # the same answer: nothing overwritten until a choice is made
    page.reload()
    theirs.reload()
    page.locator("#answer-P3").fill("Rosa's second thought.")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    theirs.locator("#answer-P3").fill("Colin's rewrite.")
    theirs.get_by_role("button", name="Save as draft").click()
    expect(theirs.get_by_role("heading", name="Someone else saved this review")).to_be_visible()
    choice = theirs.get_by_role("group", name="P3: which answer do you keep?")
    expect(choice).to_be_visible()
    axe_check(theirs, "the section with an edit conflict")
    choice.get_by_label("Keep their answer: Rosa's second thought.").check()
    theirs.get_by_role("button", name="Save as draft").click()
    expect(theirs.get_by_text("Your answers were saved.")).to_be_visible()
    expect(theirs.locator("#answer-P3")).to_have_value("Rosa's second thought.")
    expect(theirs.locator("#answer-P2")).to_have_value("Colin's question.")
    other.close()
