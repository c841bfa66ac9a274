"""A reviewer on a phone reads an outcome analysis: one plain sentence first, the statistics
folded away, advice that fits; then the questionnaire's analysis section links the analysis and
fills N6, N7 and N8 from it, saved only when the reviewer saves. axe on every page."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, sign_in
from tests.e2e.test_walkthrough import _start

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
ROWS = [("Asian", "1000", "100"), ("Black", "1000", "230"), ("White", "4200", "252")]


def test_the_analysis_says_its_result_in_words_and_fills_the_section(
    page: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    axe_check: AxeCheck,
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(page, reviewer)
    first = _start(page, live_app, reviewer, axe_check)
    review_id = first.split("/reviews/")[1].split("/")[0]

    page.goto(f"/reviews/{review_id}/analyses/new")
    page.get_by_label("Title").fill("Chronic absence 2025")
    page.get_by_label("What is counted as the outcome?").fill("Chronically absent")
    page.get_by_label("A bad outcome (for example denied, investigated, flagged)").check()
    for n, (group, total, outcome) in enumerate(ROWS):
        if n >= page.locator("input.cell-group").count():
            page.get_by_role("button", name="Add a row").click()
        page.locator(f"#groups-{n}-group").fill(group)
        page.locator(f"#groups-{n}-total").fill(total)
        page.locator(f"#groups-{n}-outcome").fill(outcome)
    page.get_by_role("button", name="Save analysis").first.click()

    headline = page.locator("#headline")
    expect(headline).to_have_text(
        "The group “Black” was 3.8 times as likely as the group “White” to have the outcome "
        "“Chronically absent” (23.0% against 6.0%)."
    )
    statistics = page.locator("details.statistics")
    expect(statistics.get_by_text("p-value (z-test)")).to_be_hidden()
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    axe_check(page, "the analysis page at 390 px")
    statistics.locator("summary").first.click()
    expect(statistics.get_by_text("p-value (z-test)")).to_be_visible()
    expect(page.get_by_text("The gap is large and unlikely to be chance.").first).to_be_visible()
    axe_check(page, "the analysis page with its statistics open")

    page.goto(first.replace("/planning", "/analysis"))
    expect(page.get_by_role("link", name="Chronic absence 2025").first).to_be_visible()
    expect(page.locator("#answer-N7")).to_have_value("0.26")
    expect(page.locator("#answer-N8")).to_have_value("1000")
    axe_check(page, "the analysis section filled from the analysis")
    page.get_by_role("button", name="Save as draft").click()
    page.goto(first.replace("/planning", "/analysis"))
    expect(page.locator("#answer-N7")).to_have_value("0.26")
    expect(page.get_by_text("are filled in below from")).to_have_count(0)  # saved now
