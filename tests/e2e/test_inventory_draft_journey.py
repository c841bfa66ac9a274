"""The agency drafts, the advisory group publishes, in a real browser: the owner agency's
reviewer saves a draft of the entry from the use case's page (nothing published, what would
stop publication listed); an AI reviewer's publish form starts from it, naming who drafted it,
and publishing records what the agency wrote. Every page axe-clean."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check
from tests.factories.use_cases import approved_pothole_counter

pytestmark = pytest.mark.e2e

OVERSIGHT = "A road engineer checks every count before a repair is planned."


def test_the_agency_drafts_and_the_ai_reviewer_publishes_the_draft(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    name = f"Pothole counter {uuid.uuid4().hex[:6]}"
    owner = make_live_user(Role.REVIEWER, agency="DOT")
    chair = make_live_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True)
    use_case_id = approved_pothole_counter(live_app, owner.id, chair.id, name)

    sign_in(page, owner)
    page.goto(f"/ai-use-cases/{use_case_id}")
    page.get_by_role("link", name="Draft the inventory entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft the public AI inventory entry")
    page.get_by_label("How people oversee it", exact=True).fill(OVERSIGHT)
    page.get_by_label("Date first used", exact=True).fill("2026-03-02")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#draft-saved")).to_contain_text(owner.name)
    expect(page.locator("#draft-problems")).to_contain_text("4a-2e")  # shown, not blocking
    axe_check(page, "the agency's draft with what would stop publication")
    page.get_by_role("button", name="Sign out").click()

    publisher = make_live_user(Role.AI_REVIEWER, agency="DAS")
    sign_in(page, publisher)
    page.goto(f"/ai-use-cases/{use_case_id}/inventory")
    expect(page.locator("#agency-draft")).to_contain_text(owner.name)
    expect(page.get_by_label("How people oversee it", exact=True)).to_have_value(OVERSIGHT)
    axe_check(page, "the publish form starting from the agency's draft")
    page.get_by_label("Part in decisions").select_option("informs")
    page.get_by_label("Impact assessment before use").select_option("yes")
    page.get_by_label("Risk tier (required)").select_option("low")
    page.get_by_role("button", name="Continue to check the entry").click()
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published in the public AI inventory"
    )
    page.get_by_role("link", name="See the public entry").click()
    expect(page.locator("dl.entry")).to_contain_text(OVERSIGHT)
