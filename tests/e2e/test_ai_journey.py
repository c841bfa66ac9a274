"""Proposing an AI use case (with data requests ticked and typed by number) and opening its
review's risk tier in a real browser, with axe-core on every page visited."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.ai.picker import RECENT
from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser
from tests.factories.requests import new_request

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def test_propose_a_use_case_and_open_its_risk_tier(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[..., None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    theirs = new_request(live_app, make_live_user(agency="DOL"), "Another agency's request")  # type: ignore[arg-type]
    older = new_request(live_app, reviewer, "Housing and wages, 2019")  # type: ignore[arg-type]
    for number in range(RECENT):  # newer ones push it off the list to tick
        newest = new_request(live_app, reviewer, f"Recent request {number}")  # type: ignore[arg-type]
    sign_in(page, reviewer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI use cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI use cases")
    axe_check(page, "the AI use case list")

    page.get_by_role("link", name="Propose an AI use case").click()
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the tool or system's name.")
    axe_check(page, "the proposal form showing errors")

    page.get_by_label("Name of the tool or system").fill("Letter helper")
    page.get_by_label("Who makes it").fill("Built by the state")
    page.get_by_label("What it does").fill("Suggests first drafts of routine letters.")
    page.get_by_label("What your agency will use it for").fill("Staff draft letters faster.")
    page.get_by_label("A test in the AI Enablement Lab").check()
    page.get_by_label("On the agency's own systems").check()
    expect(page.get_by_label(f"Request {older}: Housing and wages, 2019")).to_have_count(0)
    page.get_by_label(f"Request {newest}: Recent request {RECENT - 1}").check()
    numbers = page.get_by_label("Other data requests, by number")
    numbers.fill(str(theirs))
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Request {theirs} cannot be linked")
    expect(numbers).to_have_value(str(theirs))
    axe_check(page, "the proposal form refusing a request number")

    numbers.fill(str(older))
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter helper")
    expect(
        page.get_by_role("link", name=f"Request {older}: Housing and wages, 2019")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=f"Request {newest}: Recent request {RECENT - 1}")
    ).to_be_visible()
    axe_check(page, "the use case page")

    page.get_by_role("link", name="Start a review").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_label("What is the tool or system called, and who makes it?")).to_have_value(
        "Letter helper, made by Built by the state"
    )
    page.goto(page.url.split("/sections/")[0])
    page.get_by_role("link", name="Risk tier and obligations").click()
    expect(page.get_by_role("heading", name="Record a different tier")).to_be_visible()
    axe_check(page, "the risk tier page")
