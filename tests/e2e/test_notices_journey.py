"""An AI reviewer learns of a case from Notices, follows it, and chooses a weekly digest, in a
real browser at 1280 and 390 pixels, with axe on each page."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import NoticeSetting, Role, User
from ctdppeia.notices.core import Item, notify
from tests.e2e.conftest import LiveUser, axe_check

pytestmark = pytest.mark.e2e


def _tell(live_app: Flask, user: LiveUser) -> None:
    with live_app.app_context(), transaction():
        item = Item("ai-use-case:0", "Benefits chatbot", "/ai-use-cases/")
        notify([db.session.get_one(User, user.id)], "ai.ready", item)


def test_an_ai_reviewer_finds_the_case_and_chooses_a_weekly_digest(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    member = make_live_user(Role.AI_REVIEWER, agency="DAS")
    _tell(live_app, member)
    sign_in(page, member)
    main = page.get_by_role("navigation", name="Main")
    expect(main.get_by_role("link", name="Notices 1 new")).to_be_visible()
    main.get_by_role("link", name="Notices 1 new").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notices")
    notice = page.get_by_role("link", name="Benefits chatbot: An AI use case is ready")
    expect(notice).to_be_visible()
    axe_check(page, "the notices page")

    page.get_by_role("link", name="Notice emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice emails")
    expect(page.get_by_label("Email me each notice")).to_be_checked()
    axe_check(page, "the notice emails page")
    page.get_by_label("Email me one digest a week").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your email preference is saved.")
    expect(page.get_by_label("Email me one digest a week")).to_be_checked()
    with live_app.app_context():
        assert db.session.get_one(NoticeSetting, member.id).email_mode == "weekly"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    axe_check(page, "the notice emails page on a phone")
    page.get_by_role("link", name="Back to your notices").click()
    page.get_by_role("link", name="Benefits chatbot: An AI use case is ready").click()
    page.wait_for_url("**/ai-use-cases/")
