"""A walk-through that never wastes work, in a real browser at desktop and phone width: the
request's facts come pre-filled, a question that appears keeps the questionnaire's order,
answers are saved in the background, leaving with unsaved changes asks first, the idle sign-out
is announced with a way to stay, and the section list is one link away on a phone. axe-core
checks every page visited."""

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.requests.services import create_request
from tests.e2e.conftest import LiveServer, LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
PURPOSE = "Do child care subsidies help parents keep their jobs?"
ELEMENTS = "Case ID\nQuarterly wages"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(params=sorted(WIDTHS))
def tab(request: pytest.FixtureRequest, browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A new tab at desktop or phone width."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.phone = request.param == "phone"
    yield page
    context.close()


def _request(live_app: Flask, owner: LiveUser) -> int:
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": f"Child care and earnings {uuid.uuid4().hex[:6]}",
            "requesting_org": "Trinity College",
            "contact_name": "Mei Chen",
            "contact_email": "mei.chen@example.edu",
            "requester_type": "university",
            "purpose": PURPOSE,
            "data_elements": ELEMENTS,
            "destruction_date": date(2028, 6, 30),
            "status": "draft",
        }
        return create_request(user, fields, []).id


def _start(page: Any, live_app: Flask, reviewer: LiveUser, axe_check: AxeCheck) -> str:
    """Start a DPPEIA review through the pages; the URL of its first section. The first
    question (are the data already published?) is then answered no, so that every section is
    asked, and the page is loaded again."""
    request_id = _request(live_app, reviewer)
    page.goto(f"/reviews/start/data-request/{request_id}")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning and purpose")
    axe_check(page, "the first section, pre-filled")
    review_id = int(page.url.split("/reviews/")[1].split("/")[0])
    with live_app.app_context():
        user = db.session.get(User, reviewer.id)
        review_demo.fill(user, db.session.get(Review, review_id), {"P0": "no"})  # type: ignore[arg-type]
    page.goto(page.url)
    return str(page.url)


def test_the_review_starts_with_the_request_facts(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    first = _start(tab, live_app, reviewer, axe_check)
    expect(tab.get_by_label("A university or research group")).to_be_checked()
    expect(tab.locator("#answer-P2")).to_have_value("")  # read by the board: not filled
    tab.get_by_text("What the data request says (the board does not see it)").click()
    expect(tab.locator("#question-P2 .prefill-suggestion")).to_contain_text(PURPOSE[:40])
    tab.goto(first.replace("/planning", "/collection"))
    expect(tab.locator("#answer-C1")).to_have_value(ELEMENTS)
    axe_check(tab, "the collection section, pre-filled")


def test_a_question_that_appears_keeps_the_questionnaire_order(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    start = _start(tab, live_app, reviewer, axe_check)
    tab.goto(start.replace("/planning", "/access"))
    agreement = tab.locator("#question-A3")
    expect(agreement).to_be_hidden()
    axe_check(tab, "the access section")
    tab.get_by_label("Summary tables only").focus()
    tab.keyboard.press("ArrowUp")  # to "Records about single people, with names and numbers …"
    expect(
        tab.get_by_label("Records about single people, with names and numbers taken out")
    ).to_be_checked()
    expect(agreement).to_be_visible()  # at once: no waiting for the server
    expect(tab.locator("#visibility-status")).to_contain_text("more questions are now shown")
    shown = (
        "Array.from(document.querySelectorAll('[data-question]:not([hidden])'))"
        ".map(b => b.dataset.question)"
    )
    order = tab.evaluate(shown)
    assert order[:4] == ["A1", "A2", "A3", "A4"]  # the questionnaire's order, nothing moved
    everything = tab.evaluate(
        "Array.from(document.querySelectorAll('[data-question]')).map(b => b.dataset.question)"
    )
    assert [q for q in everything if q in order] == order

    tab.goto(start.replace("/planning", "/reporting"))
    tab.get_by_label("A public dashboard").check()
    expect(tab.locator("#question-R10")).to_be_visible()
    order = tab.evaluate(shown)
    assert order.index("R2") < order.index("R10") < order.index("R11")  # not "R1 R10 R11 R2"
    axe_check(tab, "the access section with the questions shown")


def test_answers_are_saved_in_the_background_and_leaving_asks_first(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    first = _start(tab, live_app, reviewer, axe_check)
    dialogs: list[str] = []

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    tab.on("dialog", answer)
    decision = tab.locator("#answer-P3")  # What decision ... will the answer help with?
    decision.press_sequentially("Plan subsidy outreach.")  # typed keys: a real user's input
    tab.locator("#sections-and-flags").get_by_role("link", name="What data are asked for").click()
    tab.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert tab.url == first  # still here, with the answer typed
    expect(decision).to_have_value("Plan subsidy outreach.")

    status = tab.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2}\.$"))
    axe_check(tab, "the section after a background save")
    tab.locator("#sections-and-flags").get_by_role("link", name="What data are asked for").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("What data are asked for")
    assert dialogs == ["beforeunload"]  # saved: leaving asks nothing
    tab.goto(first)
    expect(decision).to_have_value("Plan subsidy outreach.")


def test_the_idle_sign_out_is_announced_with_a_way_to_stay(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    first = _start(tab, live_app, reviewer, axe_check)
    tab.clock.install()
    tab.goto(first)
    warning = tab.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_hidden()
    tab.clock.fast_forward("26:00")  # SESSION_IDLE_MINUTES is 30; the warning comes 5 before
    expect(warning).to_be_visible()
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    axe_check(tab, "the idle sign-out warning")
    with tab.expect_response("**/reviews/keep-signed-in") as renewed:
        stay.click()
    assert renewed.value.status == 200
    expect(warning).to_be_hidden()


def test_the_section_list_is_one_link_away(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    _start(tab, live_app, reviewer, axe_check)
    jump = tab.get_by_role("link", name="Sections and flags")
    aside = tab.get_by_role("complementary", name="Sections and flags")
    if not tab.phone:
        expect(jump).to_be_hidden()  # beside the form already
        expect(aside).to_be_in_viewport()
        return
    expect(aside).not_to_be_in_viewport()
    jump.click()
    expect(aside).to_be_in_viewport()
    expect(aside).to_be_focused()
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone


def test_an_impossible_number_is_refused_and_the_summary_gets_focus(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    tab.goto(_start(tab, live_app, reviewer, axe_check).replace("/planning", "/analysis"))
    tab.locator("#question-N6").get_by_label("Yes", exact=True).check()
    tab.locator("#answer-N7").fill("50")
    tab.get_by_role("button", name="Save as draft").click()
    summary = tab.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a number from 0 to 10.")
    assert tab.title().startswith("Error: How the data will be studied")
    expect(tab.locator("#answer-N7")).to_have_value("50")
    axe_check(tab, "the analysis section with an impossible ratio")


def test_add_a_row_keeps_the_place_and_focuses_the_new_row(
    tab: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(tab, reviewer)
    review_id = _start(tab, live_app, reviewer, axe_check).split("/reviews/")[1].split("/")[0]
    tab.goto(f"/reviews/{review_id}/analyses/new")
    tab.locator("#groups-0-group").fill("White")
    tab.get_by_role("button", name="Add a row").click()
    expect(tab.locator("#new-row input.cell-group")).to_be_focused()
    expect(tab.locator("#new-row")).to_be_in_viewport()
    expect(tab.locator("#groups-0-group")).to_have_value("White")
    axe_check(tab, "the analysis form after adding a row")
