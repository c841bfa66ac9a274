"""The whole review journey in a real browser: a reviewer answers the DPPEIA so that the
re-identification flag is raised, responds to it and submits; an approver confirms; the
summary is locked. axe-core checks every page visited, and one form is filled with the
keyboard only."""

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from ctdppeia.requests.services import create_request
from tests.e2e.conftest import LiveUser, axe_at_widths, set_aside_open_items

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
REID = "Race data for small areas, without a firm plan to hide small numbers, could identify people"


def _request(live_app: Flask, owner: LiveUser) -> tuple[int, str]:
    title = f"Child care and earnings by ZIP code {uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": title,
            "requesting_org": "Trinity College",
            "contact_name": "Mei Chen",
            "contact_email": "mei.chen@example.edu",
            "requester_type": "university",
            "purpose": "Do child care subsidies help parents keep jobs?",
            "status": "draft",
        }
        return create_request(user, fields, []).id, title


def _board_heard(live_app: Flask, reviewer: LiveUser, url: str) -> None:
    """The review was shared with the board and its period closed with nothing said (the
    board's own journey is tests/e2e/test_board_journey.py)."""
    from tests.factories.board import board_heard

    review_id = int(re.search(r"/reviews/(\d+)", url).group(1))  # type: ignore[union-attr]
    board_heard(live_app, reviewer, review_id)  # type: ignore[arg-type]


def _continue(page: Any, heading: str, axe_check: AxeCheck) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page, f"the section “{heading}”")


def _planning_with_the_keyboard(page: Any) -> None:
    """Whether the data are published (asked first), who is asking (radios, arrow keys), the
    project (typing), the laws (space on a checkbox), then Enter on the button: no mouse."""
    page.locator("#answer-P0-1").focus()
    page.keyboard.press("Space")  # no: the data are not already published
    expect(page.locator("#question-P0").get_by_label("No", exact=True)).to_be_checked()
    expect(page.locator("#question-P4")).to_be_visible()  # the rest of the review is asked
    page.locator("#answer-P1-0").focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # own agency -> sister agency -> DataLinkCT -> university
    expect(page.get_by_label("A university or research group")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#answer-P2")).to_be_focused()
    page.keyboard.type("We want to know whether child care subsidies help parents keep jobs.")
    page.keyboard.press("Tab")  # what the request says, folded beside P2, is the next stop
    expect(page.locator("#question-P2 .prefill-suggestion summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#answer-P3")).to_be_focused()
    page.keyboard.type("The Office of Early Childhood will plan its outreach with the answer.")
    page.locator("#answer-P8-4").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("The agency's own statute")).to_be_checked()
    citation = page.get_by_label("Cite the exact section and exception that allows this use.")
    expect(citation).to_be_visible()  # asked once a law is named
    citation.focus()
    page.keyboard.type("CGS 17b-749 allows research use of Care 4 Kids records.")
    page.locator("#answer-P15-1").focus()
    page.keyboard.press("Space")
    expect(page.locator("#question-P15").get_by_label("No", exact=True)).to_be_checked()
    page.locator("#answer-P11-1").focus()
    page.keyboard.press("Space")
    expect(page.locator("#question-P11").get_by_label("No", exact=True)).to_be_checked()
    page.locator("#answer-P13").focus()
    page.keyboard.type("The study team, care4kids.study@example.edu")
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")


def _answer_to_raise_the_reidentification_flag(page: Any, axe_check: AxeCheck) -> None:
    _planning_with_the_keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("What data are asked for")
    axe_check(page, "the collection section")
    page.get_by_label("List every data element you are asking for.").fill("Case ID, ZIP code, race")
    how_recorded = page.locator("#question-C6")
    expect(how_recorded).to_be_hidden()
    page.get_by_label("Race or ethnic group").check()
    expect(how_recorded).to_be_visible()  # shown as soon as race is chosen (decided by the server)
    page.get_by_label("Home address or exact place").check()
    page.locator("#question-C4").get_by_label("No", exact=True).check()
    page.locator("#question-C11").get_by_label("Yes", exact=True).check()
    _continue(page, "Who sees the data, and how they are kept safe", axe_check)
    page.get_by_label("Summary tables only").check()
    page.get_by_label("Inside the data-owning agency's own systems").check()
    page.get_by_label("ZIP code").check()
    page.get_by_label("No: only records held by Connecticut state government").check()
    page.locator("#question-A12").get_by_label("Yes", exact=True).check()
    _continue(page, "Algorithms and statistical tools", axe_check)
    page.locator("#question-G1").get_by_label("No", exact=True).check()
    _continue(page, "How the data will be studied", axe_check)
    _continue(page, "How the results are shared", axe_check)
    page.get_by_label("Internal use only").check()
    page.locator("#question-R2").get_by_label("No", exact=True).check()
    page.locator("#question-R3").get_by_label("11", exact=True).check()
    page.locator("#question-R5").get_by_label("Yes", exact=True).check()
    _continue(page, "Fairness, residents' voice and the decision", axe_check)
    page.get_by_label("Who could benefit from this project, and who could be harmed?").fill(
        "Parents could get better support. Small groups could be identified."
    )
    page.locator("#question-E2").get_by_label("No", exact=True).check()
    page.get_by_label("Approve with conditions").check()  # the recommendation is asked here only
    conditions = page.get_by_label("What conditions or changes are required?")
    expect(conditions).to_be_visible()
    conditions.fill("Publish county totals only.")
    _continue(page, "Summary of the review", axe_check)


def test_review_journey(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    approver = make_live_user(Role.APPROVER, agency="DSS")
    request_id, title = _request(live_app, reviewer)

    sign_in(page, reviewer)
    page.goto(f"/requests/{request_id}")
    expect(page.get_by_text("No review has been started yet.")).to_be_visible()
    axe_check(page, "the request page")
    page.get_by_role("link", name="Start a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a review")
    expect(page.get_by_label(re.compile("Data Protection, Privacy"))).to_be_checked()
    axe_check(page, "the start page")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning and purpose")
    axe_check(page, "the first section")

    _answer_to_raise_the_reidentification_flag(page, axe_check)
    flag = page.locator("#flag-reid-1")
    expect(flag).to_contain_text(REID)
    expect(flag).to_contain_text("Needs a response")
    expect(
        flag.get_by_role("link", name=re.compile("A9: What is the smallest area"))
    ).to_be_visible()

    flag.get_by_role("link", name=re.compile("Respond to this flag")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respond to a flag")
    axe_check(page, "the response form")
    page.get_by_role("button", name="Save the response").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose how you respond to this flag.")
    axe_check(page, "the response form showing errors")
    page.get_by_label("Mitigation or condition").check()
    page.get_by_label("What will be done, or why").fill(
        "Results will be shown for counties only, with counts under 11 hidden."
    )
    page.get_by_role("button", name="Save the response").click()
    expect(page.locator("#flag-reid-1")).to_contain_text("Response: Mitigation or condition")
    axe_check(page, "the review overview")

    _board_heard(live_app, reviewer, page.url)  # the flag routes it to the board
    _check_answers_and_submit(page, axe_check)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, approver)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", name="Waiting for your approval")).to_be_visible()
    axe_check(page, "the review list")
    page.get_by_role("row", name=re.compile(re.escape(title))).get_by_role("link").first.click()
    axe_check(page, "the review overview for the approver")
    page.get_by_role("link", name="Read the summary and decide").click()
    axe_check(page, "the summary for the approver")
    page.get_by_label("Your note for the record (optional)").fill("Agreed with the plan.")
    page.get_by_label(re.compile("I read this review and I confirm its decision")).check()
    page.get_by_role("button", name="Continue to sign").click()
    expect(page.get_by_role("heading", name="What happens when you sign")).to_be_visible()
    axe_check(page, "the confirmation step")
    set_aside_open_items(page)
    sign = page.get_by_role("button", name="Sign and lock the review")
    sign.click(timeout=60_000)  # the signed PDF is made now, then the review locks
    expect(page.get_by_role("heading", level=1)).to_have_text("Review signed and locked")
    expect(page.locator(".confirmation-digest code")).to_have_text(re.compile("^[0-9a-f]{64}$"))
    axe_at_widths(page, "the signed confirmation of a data request")
    page.get_by_role("link", name="Read the summary of the review").click()

    expect(page.locator(".review-meta")).to_contain_text("Decided and locked")
    expect(page.get_by_text("Publish county totals only.").first).to_be_visible()
    expect(page.locator("#flag-reid-1")).to_contain_text("Results will be shown for counties only")
    expect(page.get_by_role("link", name=re.compile("Change the answers"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Respond to this flag"))).to_have_count(0)
    axe_check(page, "the locked summary")
    page.goto(f"/requests/{request_id}")
    expect(page.locator(".status")).to_have_text("Decided")
    axe_check(page, "the decided request")


def _check_answers_and_submit(page: Any, axe_check: Callable[..., None]) -> None:
    """The summary is the check-your-answers page: a "Change" per answer goes to the question
    in its section; the submit form comes after the answers, with the declaration before the
    button; submitting ends on the confirmation page."""
    page.goto(re.sub(r"(/reviews/\d+).*", r"\1/summary", page.url))
    axe_at_widths(page, "the summary before submitting")
    page.get_by_role("link", name=re.compile(r"^Change P1: ")).click()
    assert re.search(r"/sections/planning#question-P1$", page.url)
    expect(page.locator("#question-P1")).to_be_visible()
    page.go_back()
    section = page.locator("#submit")
    expect(section.locator(".recommendation-answer")).to_contain_text("Approve with conditions")
    expect(section.get_by_role("radio")).to_have_count(0)  # asked in the questionnaire
    section.get_by_label("Reasons for your recommendation").fill("The risk is handled by the plan.")
    section.get_by_label(re.compile("I answered these questions truthfully")).check()
    section.get_by_role("button", name="Sign and submit for approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review submitted for approval")
    expect(page.get_by_text("An approver of")).to_be_visible()
    axe_at_widths(page, "the submitted confirmation of a data request")
