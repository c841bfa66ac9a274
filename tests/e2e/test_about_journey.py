"""The "About this questionnaire" page in a real browser: reached from the start of a review with
the keyboard, read at desktop width and at 390 px, axe-core clean."""

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
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def _request(live_app: Flask, owner: LiveUser) -> int:
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": f"Wages {uuid.uuid4().hex[:6]}", "requesting_org": "UConn",
            "contact_name": "Mei Chen", "contact_email": "mei@example.edu",
            "requester_type": "university", "purpose": "Pay and child care.", "status": "draft",
        }  # fmt: skip
        return create_request(user, fields, []).id


def test_the_about_page_is_one_link_from_the_start_of_a_review(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    request_id = _request(live_app, reviewer)
    sign_in(page, reviewer)
    page.goto(f"/reviews/start/data-request/{request_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a review")
    expect(page.get_by_text("working draft")).to_have_count(0)
    link = page.get_by_role("link", name=re.compile(r"^About this questionnaire\W+Data Protection"))
    expect(link).to_have_count(1)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("About this questionnaire")
    for heading in ("Sources", "Who maintains it", "How to propose a change"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    axe_check(page, "the About page")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"
    axe_check(page, "the About page at 390 px")
