"""The public AI inventory in a real browser: an AI reviewer publishes a use case (fixing a
refused form first), then a signed-out visitor finds it from the sign-in page, filters the
list, opens the entry and reads its history; every page axe-clean, on a phone's width too."""

import re
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

PHONE = {"width": 390, "height": 844}
VENDOR = re.compile(r"^Vendor")  # not "Reason to withhold: Vendor"


def _fits_the_width(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_publish_then_read_the_inventory_signed_out(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    name = f"Pothole counter {uuid.uuid4().hex[:6]}"
    owner = make_live_user(Role.REVIEWER, agency="DOT")
    chair = make_live_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True)
    use_case_id = approved_pothole_counter(live_app, owner.id, chair.id, name)
    sign_in(page, make_live_user(Role.AI_REVIEWER, agency="DAS"))

    page.goto(f"/ai-use-cases/{use_case_id}/inventory")
    expect(page.get_by_label("Name of the system")).to_have_value(name)
    axe_check(page, "the publish form")
    page.get_by_label(VENDOR).fill("")
    page.get_by_role("button", name="Continue to check the entry").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter the vendor")
    expect(summary).to_contain_text("Say whether the system makes")
    axe_check(page, "the publish form showing errors")
    page.get_by_label(VENDOR).fill("Roadway Vision Ltd")
    page.get_by_label("Date first used", exact=True).fill("2026-01-05")
    page.get_by_label("Part in decisions").select_option("informs")
    page.get_by_label("Impact assessment before use").select_option("yes")
    page.get_by_label("Risk tier (required)").select_option("low")
    expect(page.get_by_label("Next review due")).to_have_value("2029-02-15")  # the decision's
    page.get_by_role("button", name="Continue to check the entry").click()
    expect(page.locator(".preview-frame").get_by_text("Roadway Vision Ltd")).to_be_visible()
    page.get_by_role("button", name="Change Vendor").click()  # back to the form, input kept
    expect(page.get_by_label(VENDOR)).to_have_value("Roadway Vision Ltd")
    expect(page.get_by_label("Risk tier (required)")).to_have_value("low")
    page.get_by_role("button", name="Continue to check the entry").click()
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published in the public AI inventory"
    )
    page.get_by_role("link", name="See the public entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    public_id = page.locator(".lead").inner_text().split(" ")[0]
    assert public_id.startswith("CT-DOT-")
    page.get_by_role("button", name="Sign out").click()

    page.goto("/login")
    page.get_by_role("link", name="AI inventory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connecticut state AI inventory")
    axe_check(page, "the inventory list")
    page.get_by_label("Agency").select_option("DOT")
    page.get_by_label("Status").select_option("pilot")
    page.get_by_role("button", name="Show systems").click()
    expect(page).to_have_url(re.compile(r"agency=DOT&year=&status=pilot"))
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    axe_check(page, "an inventory entry")

    page.set_viewport_size(PHONE)
    axe_check(page, "an inventory entry at 390 px")
    assert _fits_the_width(page)
    page.goto("/ai-inventory")
    axe_check(page, "the inventory list at 390 px")
    assert _fits_the_width(page)
