"""Changing one's own password in the browser: the page is accessible, a weak password is
refused with a message, and the new one works."""

from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check, sign_in

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "lantern orchard velvet compass"


def test_change_own_password(page: Any, make_live_user: Any) -> None:
    user: LiveUser = make_live_user(Role.BOARD)
    sign_in(page, user)
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    axe_check(page, "the change password page")

    page.get_by_label("Current password").fill(user.password)
    page.locator("#new_password").fill("password1234")
    page.get_by_label("Repeat the new password").fill("password1234")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="New password: This password is too common")
    ).to_be_visible()
    axe_check(page, "the change password page with an error")

    page.get_by_label("Current password").fill(user.password)
    page.locator("#new_password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password was changed.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Welcome, {user.name}")).to_be_visible()
