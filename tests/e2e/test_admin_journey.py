"""An administrator creates an account in a real browser; the new person signs in with it."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check

pytestmark = pytest.mark.e2e


def test_admin_creates_an_account_that_can_sign_in(
    page: Any,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    admin = make_live_user(Role.ADMIN, agency="OPM")
    email = f"new.person.{uuid.uuid4().hex[:6]}@ct.gov"
    sign_in(page, admin)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Administration").click()
    axe_check(page, "the administration page")
    page.get_by_role("link", name="All user accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("User accounts")
    page.get_by_label("Role").select_option("admin")
    page.get_by_role("button", name="Show accounts").click()
    expect(page.get_by_role("link", name=admin.name)).to_be_visible()
    axe_check(page, "the account list")

    page.get_by_role("link", name="Create an account").click()
    axe_check(page, "the new account form")
    page.get_by_label("Full name").fill("New Person")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a role.")
    expect(page.get_by_label("Full name")).to_have_value("New Person")
    axe_check(page, "the new account form showing errors")

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Role").select_option("approver")
    page.get_by_label("Agency").select_option(label="DSS — Department of Social Services")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account created")
    password = page.locator("#new-password").inner_text()
    axe_check(page, "the page showing a new password")

    page.get_by_role("link", name="Go to the account of New Person").click()
    expect(page.get_by_label("The account is active")).to_be_checked()
    axe_check(page, "an account page")
    page.get_by_role("link", name="Reset the password").click()
    axe_check(page, "the reset password page")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # A password an administrator chose (and saw) is changed first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_label("Current password").fill(password)
    page.locator("#new_password").fill("a phrase only the new person knows")
    page.get_by_label("Repeat the new password").fill("a phrase only the new person knows")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, New Person")
    expect(page.locator(".account-who")).to_contain_text("Approver (agency data officer), DSS")


def test_axe_check_reports_serious_problems(browser: Any) -> None:
    """The helper itself: a page with an unlabelled field and no language must fail it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<html><body><main><input type='text'></main></body></html>")
        with pytest.raises(pytest.fail.Exception) as failure:
            axe_check(page, "a broken page")
        message = str(failure.value)
        assert "on a broken page" in message and "label" in message and "critical" in message
    finally:
        context.close()
