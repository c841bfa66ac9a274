"""Proposing an AI use case and opening its review's risk tier in a real browser, with
axe-core on every page visited."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def test_propose_a_use_case_and_open_its_risk_tier(
    page: Any,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[..., None],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
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
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter helper")
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
