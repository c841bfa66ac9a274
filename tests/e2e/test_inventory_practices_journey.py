"""The "deployed" stage and the Spanish entry in a real browser: an AI reviewer's "deployed"
is refused without a signed review (CGS 4-68jj), then until the agency has done or waived
each of OMB M-25-21's minimum practices; once they are, the entry is published, and a
signed-out visitor reads it in Spanish. Every page axe-clean."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.models import Role
from ctdppeia.practices.catalogue import PRACTICES
from tests.e2e.conftest import LiveUser, axe_check
from tests.factories.inventory import add_signed_record
from tests.factories.use_cases import approved_pothole_counter

pytestmark = pytest.mark.e2e

SPANISH_USES = "Cuenta los baches en las fotos de las cámaras. Así se planean los arreglos."


def _try_deployed(page: Any, use_case_id: int) -> Any:
    page.goto(f"/ai-use-cases/{use_case_id}/inventory")
    expect(page.get_by_label("Development stage")).to_have_value("deployed")
    page.get_by_label("Part in decisions").select_option("informs")
    page.get_by_label("Impact assessment before use").select_option("yes")
    page.get_by_label("Risk tier (required)").select_option("high")
    page.get_by_label("Date first used", exact=True).fill("2026-03-02")
    page.get_by_label("Official who accepted the remaining risk").fill("Ana Ruiz, Commissioner")
    page.get_by_label("What it can do and what it is used for, in Spanish", exact=True).fill(
        SPANISH_USES
    )
    page.get_by_role("button", name="Continue to check the entry").click()
    return page.get_by_role("alert")


def _keep_the_practices(page: Any, use_case_id: int) -> None:
    page.goto(f"/ai-use-cases/{use_case_id}/practices")
    axe_check(page, "the minimum practices")
    for key, (paragraph, _words, _column) in PRACTICES.items():
        page.get_by_role("link", name=f"Record {paragraph}", exact=True).click()
        page.get_by_label("Owner").fill("Road data team")
        page.get_by_label("Due date").fill("2026-04-03")
        if key == "consultation":
            page.get_by_label("Status").select_option("waived")
            page.get_by_label("Waiver granted by").fill("Chief AI Officer")
            page.get_by_label("Written determination").fill("Road photos show no people.")
            page.get_by_label("Date the waiver was granted").fill("2026-02-01")
            page.get_by_label("Recertify the waiver by").fill("2027-02-01")
        else:
            page.get_by_label("Status").select_option("done")
            page.get_by_label("Evidence").fill(f"Report for {paragraph}.")
        if key == "testing":
            axe_check(page, "a minimum practice's form")
        page.get_by_role("button", name="Save the practice").click()
        expect(page.locator(f"#practice-{key}")).to_contain_text(
            "Waived" if key == "consultation" else "Done"
        )


def test_deployed_waits_for_the_practices_and_the_entry_reads_in_spanish(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    name = f"Pothole counter {uuid.uuid4().hex[:6]}"
    owner = make_live_user(Role.REVIEWER, agency="DOT")
    chair = make_live_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True)
    approver = make_live_user(Role.APPROVER, agency="DOT")
    use_case_id = approved_pothole_counter(live_app, owner.id, chair.id, name, stage="in-use")
    publisher = make_live_user(Role.AI_REVIEWER, agency="DAS")
    sign_in(page, publisher)

    refused = _try_deployed(page, use_case_id)
    expect(refused).to_contain_text("no signed Responsible-AI review yet")
    axe_check(page, "the publish form refusing an unsigned deployment")
    with live_app.app_context():
        add_signed_record(use_case_id, datetime(2026, 3, 1, 15, tzinfo=UTC), approver.id)
    refused = _try_deployed(page, use_case_id)
    expect(refused).to_contain_text("Not yet done or waived: 4(b)(i)")
    expect(refused).not_to_contain_text("no signed")
    axe_check(page, "the publish form refusing open practices")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, owner)
    _keep_the_practices(page, use_case_id)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, publisher)
    _try_deployed(page, use_case_id)
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published in the public AI inventory"
    )
    page.get_by_role("link", name="See the public entry").click()
    entry_url = page.url
    page.get_by_role("button", name="Sign out").click()

    page.goto(entry_url)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(SPANISH_USES)).to_have_attribute("lang", "es")
    expect(page.locator("dl.entry")).to_contain_text("En uso pleno")  # deployed
    expect(page.locator("dl.entry")).to_contain_text("Con dispensa")  # the waived practice
    axe_check(page, "the public entry in Spanish")
