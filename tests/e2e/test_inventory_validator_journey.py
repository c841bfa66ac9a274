"""Publishing refused by the inventory's validator, in a real browser: an AI reviewer's entry
with a leftover redaction mark, a link to an entry that does not exist and a contact that is
not an email address is refused with each message on its field; once fixed, it publishes.
Every page axe-clean."""

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


def test_publishing_is_refused_with_the_validators_messages(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    name = f"Sign counter {uuid.uuid4().hex[:6]}"
    owner = make_live_user(Role.REVIEWER, agency="DOT")
    chair = make_live_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True)
    use_case_id = approved_pothole_counter(live_app, owner.id, chair.id, name)
    sign_in(page, make_live_user(Role.AI_REVIEWER, agency="DAS"))

    page.goto(f"/ai-use-cases/{use_case_id}/inventory")
    page.get_by_label("Part in decisions").select_option("informs")
    page.get_by_label("Impact assessment before use").select_option("yes")
    page.get_by_label("Risk tier (required)").select_option("low")
    page.get_by_label("Date first used", exact=True).fill("2026-01-05")
    page.get_by_label("How people oversee it", exact=True).fill(
        "A [REDACTED] team checks every count."
    )
    page.get_by_label("How to appeal a result", exact=True).fill(
        "Read /ai-inventory/CT-DOT-9999 first."
    )
    page.get_by_label("Public contact").fill("the roads office")
    page.get_by_role("button", name="Continue to check the entry").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Remove the leftover redaction mark “[REDACTED]”")
    expect(summary).to_contain_text("The link /ai-inventory/CT-DOT-9999 leads to no public page")
    expect(summary).to_contain_text("Give an email address, such as ai.help@ct.gov.")
    oversight = page.locator(
        ".field-error", has=page.get_by_label("How people oversee it", exact=True)
    )
    expect(oversight).to_contain_text("redaction mark")
    axe_check(page, "the publish form refused by the validator")

    page.get_by_label("How people oversee it", exact=True).fill("A roads team checks every count.")
    page.get_by_label("How to appeal a result", exact=True).fill("Read /ai-inventory first.")
    page.get_by_label("Public contact").fill("dot.ai@ct.gov")
    page.get_by_role("button", name="Continue to check the entry").click()
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published in the public AI inventory"
    )
    axe_check(page, "the confirmation after the validator passed")
