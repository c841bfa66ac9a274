"""A new AI reviewer learns of a case before the group from the home page: "Waiting for you"
names it with its date and links to the place to vote; accessible at 1280 and 390 px."""

import uuid
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check, sign_in
from tests.factories.stored import stored_review, stored_use_case

pytestmark = pytest.mark.e2e


def _case_before_the_group(live_app: Flask, owner: LiveUser) -> str:
    """A use case of the owner's agency whose review is submitted; its name."""
    name = f"Claims helper {uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        agency_id = accounts.agency_by_code(owner.agency).id
        use_case = stored_use_case(agency_id, owner.id, name=name)
        stored_review(use_case, owner.id)
        db.session.commit()
    return name


def test_an_ai_reviewer_sees_the_case_waiting_for_their_vote(
    page: Any, make_live_user: Any, live_app: Flask
) -> None:
    owner: LiveUser = make_live_user(Role.REVIEWER)
    member: LiveUser = make_live_user(Role.AI_REVIEWER, agency="DAS")
    name = _case_before_the_group(live_app, owner)
    sign_in(page, member)
    expect(page.get_by_role("heading", name="Waiting for you", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="AI cases waiting for your vote")).to_be_visible()
    link = page.get_by_role("link", name=name)
    expect(link).to_be_visible()
    axe_check(page, "the home page with Waiting for you")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(link).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    axe_check(page, "the home page with Waiting for you at 390 px")
    link.click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
