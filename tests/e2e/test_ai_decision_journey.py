"""An AI use case from proposal to the public inventory, in a real browser: a reviewer proposes
it, answers the Responsible-AI review, records the high tier and ticks off its obligations,
and submits; two members of the advisory group vote with their reasons, the subcommittee
recommends, the chair decides (departing from the subcommittee, with the reason in writing),
the agency's approver confirms and signs, an AI reviewer publishes the system, and, signed
out, it is in the public inventory and in its CSV. The chair's decision and the publication
each pass through a check page (the decision's with a "Change" back to the form, the
publication's with the public entry's preview); submitting, signing, deciding and publishing
each end on a confirmation page. axe-core checks every page visited, the new pages at desktop
and phone width."""

import csv
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import update

from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.e2e.conftest import LiveUser, axe_at_widths, set_aside_open_items
from tests.factories.board import board_heard

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
SignIn = Callable[[Any, LiveUser], None]
DEPARTURE = "The vendor's tests on our own questions show the answers are right."


def _continue(page: Any, heading: str, axe_check: AxeCheck) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page, f"the section “{heading}”")


def _choose(page: Any, question: str, label: str) -> None:
    page.locator(f"#question-{question}").get_by_label(label, exact=True).check()


def _propose(page: Any, name: str, axe_check: AxeCheck) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI use cases").click()
    axe_check(page, "the AI use case list")
    page.get_by_role("link", name="Propose an AI use case").click()
    axe_check(page, "the proposal form")
    page.get_by_label("Name of the tool or system").fill(name)
    page.get_by_label("Who makes it").fill("Northwind Civic AI")
    page.get_by_label("What it does").fill("Answers questions about benefits from public pages.")
    page.get_by_label("What your agency will use it for").fill("Residents find the right form.")
    page.get_by_label("A pilot with real users").check()
    page.get_by_label("On the vendor's cloud service").check()
    page.get_by_label("Kind of AI").fill("Large language model")
    page.get_by_label("Public contact").fill("dss.ai@ct.gov")
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    axe_check(page, "the new use case")


def _answer_the_review(page: Any, axe_check: AxeCheck) -> None:
    """Every required answer, section by section (the intake's facts come pre-filled, but
    not I2, which the board reads: its words are written for residents)."""
    page.get_by_role("link", name="Start a review").click()
    axe_check(page, "the start page")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the system")
    expect(page.locator("#question-I11").get_by_label("Yes", exact=True)).to_be_checked()
    axe_check(page, "the intake section")
    page.locator("#answer-I2").fill("A chat window answers benefit questions from public pages.")
    page.locator("#question-D7 textarea").fill("Calls wait long; a search page was tried.")
    page.locator("#question-D8 textarea").fill("Nine answers in ten right on real questions.")
    page.get_by_label("Generative AI that writes text, images or code").check()
    _choose(page, "I10", "No")
    _choose(page, "I8", "Yes")
    page.locator("#question-I12 input").fill("2025-05-01")
    page.get_by_label("It has no role in decisions").check()
    _choose(page, "I9", "No")
    _continue(page, "Who it touches and what it leads to", axe_check)
    page.get_by_label("Residents, people who apply, or clients").check()
    _choose(page, "U1", "Yes")
    page.locator("#question-S6").get_by_label("None of these").check()
    page.locator("#question-E1").get_by_label(re.compile("^Nothing about one person")).check()
    page.locator("#question-D2").get_by_label("None of these").check()
    _continue(page, "Fairness and performance", axe_check)
    _choose(page, "K1", "No")
    _continue(page, "Privacy and security", axe_check)
    page.get_by_label("Public information only").check()
    page.get_by_label("No, the contract forbids it").check()
    _continue(page, "Telling people, and access", axe_check)
    _continue(page, "People in charge", axe_check)
    page.locator("#question-H4 input").fill("DSS Director of Communications")
    _continue(page, "Contract, records and the life of the system", axe_check)
    page.get_by_role("button", name="Save and continue").click()
    axe_check(page, "the end of the review")


def _high_tier_and_obligations(page: Any, review_url: str, axe_check: AxeCheck) -> None:
    page.goto(review_url)
    axe_check(page, "the review overview")
    page.get_by_role("link", name="Risk tier and obligations").first.click()
    axe_check(page, "the risk tier page")
    page.get_by_label("High risk").check()
    page.get_by_label("Why this tier").fill(
        "Residents rely on its answers to apply for benefits; we treat it as high-impact."
    )
    page.get_by_role("button", name="Record the tier").click()
    expect(page.get_by_text("High risk").first).to_be_visible()
    axe_check(page, "the risk tier page with the high tier")
    boxes = page.locator("input[type=checkbox][name$='-done']")
    assert boxes.count() >= 5  # the high tier's obligations
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Save the obligations").click()
    axe_check(page, "the obligations ticked off")


def _submit(page: Any, review_url: str, axe_check: AxeCheck) -> None:
    page.goto(review_url)
    page.get_by_role("link", name="Submit for approval").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit your recommendation")
    axe_check(page, "the submit page")
    page.get_by_label("Approve", exact=True).check()  # this questionnaire does not ask it
    page.get_by_label("Reasons for your recommendation").fill("The obligations are met.")
    page.get_by_label(re.compile("I answered these questions truthfully")).check()
    page.get_by_role("button", name="Sign and submit for approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review submitted for approval")
    expect(page.get_by_text("You signed the review and sent it for approval.")).to_be_visible()
    expect(page.get_by_role("heading", name="Who has been told")).to_be_visible()
    expect(page.get_by_text("The AI advisory group votes on the use case.")).to_be_visible()
    axe_at_widths(page, "the submitted confirmation")


def _only_these_members(live_app: Flask, members: list[LiveUser]) -> None:
    """The advisory group is these accounts: other AI reviewers made by earlier browser tests
    are switched off, so the quorum is the one this journey expects (two of three)."""
    with live_app.app_context():
        ids = [member.id for member in members]
        db.session.execute(
            update(User)
            .where(User.role == Role.AI_REVIEWER, User.id.not_in(ids))
            .values(active=False)
        )
        db.session.commit()


def _vote(page: Any, case_url: str, choice: str, why: str, axe_check: AxeCheck) -> None:
    page.goto(f"{case_url}/advisory")
    axe_check(page, "the advisory group's section")
    form = page.locator("form[action$='/recommendation']")
    form.get_by_label(choice, exact=True).check()
    form.get_by_label("Why").fill(why)
    form.get_by_role("button").click()
    expect(page.get_by_text("Your recommendation was saved.")).to_be_visible()
    axe_check(page, "the section after the vote")


def _advisory_group(
    page: Any, case_url: str, group: dict[str, LiveUser], sign_in: SignIn, axe_check: AxeCheck
) -> None:
    sign_in(page, group["sub"])
    _vote(page, case_url, "Approve", "It answers from public pages only.", axe_check)
    form = page.locator("form[action$='/subcommittee']")
    form.get_by_label("Approve with conditions").check()
    form.get_by_label("The subcommittee's reasons").fill("Test the answers before launch.")
    form.get_by_role("button").click()
    expect(page.get_by_text("The subcommittee's recommendation was saved.")).to_be_visible()
    axe_check(page, "the subcommittee's recommendation")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, group["member"])
    _vote(page, case_url, "Approve with conditions", "A person checks a sample.", axe_check)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, group["chair"])
    page.goto(f"{case_url}/advisory")
    form = page.locator("form[action$='/decision']")
    reason = form.get_by_label(re.compile("Why the decision differs"))
    expect(reason).to_be_hidden()  # asked only when the decision departs from the advice
    form.get_by_label("Approve", exact=True).check()
    expect(reason).to_be_visible()
    axe_check(page, "the decision form")
    form.get_by_label("The basis of the decision").fill("Both members approve.")
    form.get_by_role("button", name="Continue to check the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("explain why")
    axe_check(page, "the decision form showing errors")
    form = page.locator("form[action$='/decision']")
    form.get_by_label(re.compile("Why the decision differs")).fill(DEPARTURE)
    form.get_by_role("button", name="Continue to check the decision").click()
    _check_the_decision(page, case_url)
    page.get_by_role("button", name="Sign out").click()


def _check_the_decision(page: Any, case_url: str) -> None:
    """The check page shows what will be recorded; "Change" goes back to the form with the
    input kept; nothing is recorded until the check page's own button."""
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the decision before you record it"
    )
    expect(page.get_by_text(DEPARTURE)).to_be_visible()
    expect(page.get_by_text("Both members approve.")).to_be_visible()
    axe_at_widths(page, "the decision check page")
    page.get_by_role("button", name="Change the basis of the decision").click()
    basis = page.get_by_label("The basis of the decision")
    expect(basis).to_have_value("Both members approve.")
    expect(page.get_by_label(re.compile("Why the decision differs"))).to_have_value(DEPARTURE)
    assert page.url.endswith("/decision/change#basis")
    elsewhere = page.context.new_page()  # nothing recorded yet: the form is still offered
    elsewhere.goto(f"{case_url}/advisory")
    expect(elsewhere.get_by_role("button", name="Continue to check the decision")).to_be_visible()
    elsewhere.close()
    basis.fill("Both members approve, and the vendor's tests agree.")
    page.get_by_role("button", name="Continue to check the decision").click()
    expect(page.get_by_text("the vendor's tests agree")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision recorded: Approve")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    axe_at_widths(page, "the decided confirmation")
    page.get_by_role("link", name="Back to the advisory group").click()
    expect(page.get_by_text(DEPARTURE)).to_be_visible()


def _confirm(page: Any, review_url: str, axe_check: AxeCheck) -> None:
    page.goto(review_url)
    axe_check(page, "the review for the approver")
    page.get_by_role("link", name="Read the summary and decide").click()
    axe_check(page, "the summary for the approver")
    page.get_by_label(re.compile("I read this review and I confirm its decision")).check()
    page.get_by_role("button", name="Continue to sign").click()
    axe_check(page, "the confirmation step")
    set_aside_open_items(page)
    page.get_by_role("button", name="Sign and lock the review").click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review signed and locked")
    digest = page.locator(".confirmation-digest code").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    axe_at_widths(page, "the signed confirmation")


def _publish(page: Any, case_url: str, name: str, axe_check: AxeCheck) -> str:
    page.goto(case_url)
    axe_check(page, "the decided use case")
    page.get_by_role("link", name="Publish in the inventory").click()
    expect(page.get_by_label("Name of the system")).to_have_value(name)
    expect(page.get_by_label("Risk tier (required)")).to_have_value("high")
    axe_check(page, "the publish form")
    page.get_by_label("How to appeal a result", exact=True).fill("Call 2-1-1 and ask for a person.")
    page.get_by_role("button", name="Continue to check the entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the entry before you publish it"
    )
    preview = page.locator(".preview-frame")
    expect(preview.get_by_role("heading", level=3)).to_have_text(name)
    expect(preview.get_by_text("Call 2-1-1 and ask for a person.")).to_be_visible()
    axe_at_widths(page, "the publish check page")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published in the public AI inventory"
    )
    axe_at_widths(page, "the published confirmation")
    public_id = page.locator(".confirmation-reference strong").inner_text().split(",")[0]
    page.get_by_role("link", name="See the public entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    axe_check(page, "the published entry")
    return public_id


def _public_csv(page: Any, tmp_path: Path) -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.get_by_role("link", name="The inventory as CSV").click()
    path = tmp_path / "inventory.csv"
    download.value.save_as(path)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_from_proposal_to_the_public_inventory(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: SignIn,
    axe_check: AxeCheck,
    tmp_path: Path,
) -> None:
    name = f"Benefits question helper {uuid.uuid4().hex[:6]}"
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    approver = make_live_user(Role.APPROVER, agency="DSS")
    group = {
        "sub": make_live_user(Role.AI_REVIEWER, agency="DAS", high_risk_subcommittee=True),
        "member": make_live_user(Role.AI_REVIEWER, agency="DCF"),
        "chair": make_live_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True),
    }
    _only_these_members(live_app, list(group.values()))

    def sign_in_checked(page: Any, user: LiveUser) -> None:
        sign_in(page, user)
        axe_check(page, f"the home page of the {user.role.value}")

    sign_in_checked(page, reviewer)
    _propose(page, name, axe_check)
    case_url = page.url.split("?")[0].split("#")[0]
    _answer_the_review(page, axe_check)
    review_url = re.sub(r"(/reviews/\d+).*", r"\1", page.url)
    _high_tier_and_obligations(page, review_url, axe_check)
    # Residents use the chatbot, so its review goes to the Resident Advisory Board first
    # (tests/e2e/test_board_journey.py walks that part): shared, and heard with nothing said.
    with live_app.app_context():
        owner = db.session.get(User, reviewer.id)
    board_heard(live_app, owner, int(review_url.rsplit("/", 1)[1]))
    _submit(page, review_url, axe_check)
    page.get_by_role("button", name="Sign out").click()

    _advisory_group(page, case_url, group, sign_in_checked, axe_check)

    sign_in_checked(page, approver)
    _confirm(page, review_url, axe_check)
    page.get_by_role("button", name="Sign out").click()

    sign_in_checked(page, group["member"])
    public_id = _publish(page, case_url, name, axe_check)
    assert public_id.startswith("CT-DSS-")
    page.get_by_role("button", name="Sign out").click()

    page.goto("/login")
    axe_check(page, "the sign-in page")
    page.get_by_role("link", name="AI inventory").click()
    axe_check(page, "the public inventory")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    axe_check(page, "the public entry")
    page.goto("/ai-inventory")
    rows = {row["public_id"]: row for row in _public_csv(page, tmp_path)}
    row = rows[public_id]
    assert (row["name"], row["vendor"]) == (name, "Northwind Civic AI")
    assert (row["status"], row["risk_tier"], row["decision_role"]) == ("pilot", "high", "none")
    assert row["impact_assessment_before_use"] == "true"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["decision_date"])
