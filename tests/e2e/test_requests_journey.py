"""A reviewer's path through the site in a real browser, with axe-core on every page visited."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def _fill_request(page: Any, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Purpose").fill("Find out whether **child care** helps parents keep jobs.")
    page.get_by_label("Requesting organization").fill("Trinity College, Department of Economics")
    page.get_by_label("Who is asking?").select_option("university")
    page.get_by_label("Contact person").fill("Mei Chen")
    page.get_by_label("Contact email").fill("mei.chen@example.edu")
    agencies = page.get_by_role("group", name="Agencies whose data is asked for")
    agencies.get_by_label("OEC — Office of Early Childhood").check()
    agencies.get_by_label("DOL — Department of Labor").check()
    page.get_by_label("Datasets").fill("Care 4 Kids enrollment\nWage records")
    page.get_by_label("Data elements").fill("Case ID\nQuarterly wages")
    page.get_by_label("Requested delivery date").fill("2027-02-01")
    page.get_by_label("Date the data will be destroyed or returned").fill("2029-01-31")


def test_record_find_and_open_a_request(
    page: Any,
    make_live_user: Callable[..., LiveUser],
    axe_check: AxeCheck,
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    title = f"Child care and earnings {uuid.uuid4().hex[:6]}"

    page.goto("/login")
    expect(page).to_have_title("Sign in — CT data and AI reviews")
    axe_check(page, "the sign-in page")
    page.get_by_label("Email address").fill(reviewer.email)
    page.get_by_label("Password").fill(reviewer.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {reviewer.name}")
    axe_check(page, "the home page")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data requests")
    axe_check(page, "the request list")

    page.get_by_role("link", name="Record a new request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a new data request")
    axe_check(page, "the new request form")

    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Save request").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Name the organization asking for the data.")
    expect(page.get_by_label("Title")).to_have_value(title)
    axe_check(page, "the new request form showing errors")

    _fill_request(page, title)
    page.get_by_role("button", name="Save request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("The request was saved.")).to_be_visible()
    expect(page.locator(".prose strong")).to_have_text("child care")
    axe_check(page, "the request page")

    page.get_by_role("link", name="Data requests").first.click()
    page.get_by_label("Search title or requester").fill(title.split()[-1])
    page.get_by_role("button", name="Show requests").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Trinity College")
    axe_check(page, "the search results")

    page.get_by_label("Search title or requester").fill("trinity college")
    page.get_by_role("button", name="Show requests").click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("table", name="Everything that happened")).to_contain_text(
        "Created request"
    )

    response = page.goto("/requests/999999")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(page, "the 404 page")


def test_keyboard_only_sign_in_and_skip_link(
    page: Any, make_live_user: Callable[..., LiveUser], axe_check: AxeCheck
) -> None:
    reviewer = make_live_user(Role.REVIEWER)
    page.goto("/login")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused field shows no outline"
    page.keyboard.type(reviewer.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(reviewer.password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {reviewer.name}")
    axe_check(page, "the home page after a keyboard sign-in")


def test_wrong_password_page_is_accessible(
    page: Any, make_live_user: Callable[..., LiveUser], axe_check: AxeCheck
) -> None:
    reviewer = make_live_user(Role.REVIEWER)
    page.goto("/login")
    page.get_by_label("Email address").fill(reviewer.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an active account")
    expect(page.get_by_label("Email address")).to_have_value(reviewer.email)
    axe_check(page, "the sign-in page after a wrong password")
