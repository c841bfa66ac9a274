"""The Resident Advisory Board in a real browser: a board member signs in, opens the shared
project, comments with the keyboard only, marks it as a concern, and edits it. axe-core checks
every page, at desktop width and at 390 px."""

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.board import period, services
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services as review_services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.e2e.conftest import LiveUser
from tests.factories.board import BOARD_ANSWERS

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def _shared_project(live_app: Flask, owner: LiveUser) -> tuple[int, str]:
    title = f"Child care and wages {uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": title, "requesting_org": "UConn", "contact_name": "Mei Chen",
            "contact_email": "mei@example.edu", "requester_type": "university",
            "purpose": "Do child care subsidies help parents keep jobs?", "status": "draft",
        }  # fmt: skip
        subject = create_request(user, fields, [])
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = review_services.start_review(
            user, adapter_for("data-request"), subject, questionnaire
        )
        review_demo.fill(user, review, {"P0": "no", "P1": "university", "P4": "no", "A9": "zip"})
        today = period.today()
        share = services.share_review(
            user,
            db.session.get(Review, review.id),
            "We want to know if child care help leads to better pay.",
            "Queremos saber si la ayuda con el cuidado de niños mejora el sueldo.",
            today,
            today + timedelta(days=20),
        )
        return share.id, title


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width}px"


def test_a_board_member_comments_marks_a_concern_and_edits_it(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    member = make_live_user(Role.BOARD, agency="OPM", name="Marcus Bell")
    share_id, title = _shared_project(live_app, reviewer)
    sign_in(page, member)
    axe_check(page, "the home page")
    page.get_by_role("link", name="Shared projects").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects shared with the board")
    axe_check(page, "the board's home")
    page.get_by_role("link", name=title).first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    axe_check(page, "the project page")

    # The comment, with the keyboard only.
    body = page.get_by_role("textbox", name="Your comment")
    body.focus()
    page.keyboard.type("Please ask parents what *better pay* means to them.")
    page.keyboard.press("Tab")
    concern = page.get_by_role("combobox", name="Is this a concern about one flag or question?")
    expect(concern).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(concern).to_have_value(re.compile(r"^flag:"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Show my name")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your comment was posted.")).to_be_visible()
    expect(page.get_by_text("Concern about:")).to_be_visible()
    expect(page.locator(".board-comment em")).to_have_text("better pay")
    axe_check(page, "the project page with a comment")

    # The edit, with the keyboard too.
    page.get_by_role("link", name="Edit comment 1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your comment")
    axe_check(page, "the edit form")
    edit = page.get_by_role("textbox", name="Your comment")
    edit.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Please ask parents first.")
    page.get_by_role("button", name="Save changes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    expect(page.get_by_text("Please ask parents first.")).to_be_visible()
    history = page.locator("details.board-history summary")
    expect(history).to_contain_text("Edited on")
    history.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.board-history")).to_contain_text("better pay")
    axe_check(page, "the project page with an edited comment")

    # A reply opens from its summary, and has an accessible name of its own.
    page.locator("details.board-reply summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Your reply to comment 1")).to_be_visible()
    axe_check(page, "the project page with the reply form open")

    # At 390 px wide: nothing scrolls sideways, and axe is still clean.
    page.set_viewport_size({"width": 390, "height": 844})
    for url, what in ((f"/board/projects/{share_id}", "project"), ("/board/", "home")):
        page.goto(url)
        _fits(page)
        axe_check(page, f"the {what} page at 390 px")
    page.goto(f"/board/projects/{share_id}")
    page.get_by_role("link", name="Edit comment 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your comment")
    _fits(page)
    axe_check(page, "the edit form at 390 px")


def test_a_reviewer_shares_a_flagged_review(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    with live_app.app_context():
        user = db.session.get(User, reviewer.id)
        fields = {
            "title": f"Wages {uuid.uuid4().hex[:6]}", "requesting_org": "UConn",
            "contact_name": "Mei Chen", "contact_email": "mei@example.edu",
            "requester_type": "university", "purpose": "Pay and child care.", "status": "draft",
        }  # fmt: skip
        subject = create_request(user, fields, [])
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = review_services.start_review(
            user, adapter_for("data-request"), subject, questionnaire
        )
        review_demo.fill(user, review, BOARD_ANSWERS)
        review_id = review.id
    sign_in(page, reviewer)
    page.goto(f"/reviews/{review_id}")
    expect(page.get_by_text("A raised flag asks for the Resident Advisory Board")).to_be_visible()
    page.get_by_role("link", name="Share this with the Resident Advisory Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Share with the Resident Advisory Board"
    )
    axe_check(page, "the share form")
    page.get_by_label("Plain-language summary").fill(
        "The state wants to know if help with child care leads to better pay."
    )
    opens = period.today() + timedelta(days=1)
    page.get_by_label("Comments open on").fill(opens.isoformat())
    page.get_by_label("Comments close on").fill((opens + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Check the reading grade").click()
    expect(page.locator("#reading-grade")).to_contain_text("Grade 8 or below")
    axe_check(page, "the share form with the reading grade")
    page.get_by_role("button", name="Share with the board").click()
    expect(page.get_by_text("The summary is saved.")).to_be_visible()
    axe_check(page, "the share page once shared")
    page.goto(f"/reviews/{review_id}")
    expect(page.get_by_role("heading", name="Board comments")).to_be_visible()
    expect(page.get_by_text("No comments yet.")).to_be_visible()
    axe_check(page, "the review page of a shared review")
