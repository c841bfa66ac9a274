"""Two-step sign-in in a real browser: an administrator sets it up with a code from an app
(computed here with pyotp), signs out, signs in with the password and a code, and reaches an
administration page. The "Show password" button works with the keyboard, and the strength
meter's words change as a new password is typed."""

import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check

pytestmark = pytest.mark.e2e


def _later_code(key: str) -> str:
    """The app's next code: later than the one used to set up, so it is not a replay (the
    server takes the code of the step after the current one, for a slow clock)."""
    return str(pyotp.TOTP(key).at(time.time() + 30))


def test_admin_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    page: Any, make_live_user: Callable[..., LiveUser], sign_in: Callable[[Any, LiveUser], None]
) -> None:
    admin = make_live_user(Role.ADMIN, agency="OPM")
    sign_in(page, admin)
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is off.")).to_be_visible()
    axe_check(page, "the two-step sign-in page")
    page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe_check(page, "the set-up page")

    key = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    axe_check(page, "the recovery codes page")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(admin.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Type your code")).to_be_visible()
    axe_check(page, "the code page")
    page.get_by_label("Code").fill("000000" if _later_code(key) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right.")
    axe_check(page, "the code page with an error")
    page.get_by_label("Code").fill(_later_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Welcome, {admin.name}")).to_be_visible()

    page.goto("/admin/users/")
    expect(page.get_by_role("heading", level=1)).to_have_text("User accounts")


def test_show_password_works_with_the_keyboard(page: Any) -> None:
    page.goto("/login")
    password = page.locator("#password")
    password.fill("a secret phrase")
    expect(password).to_have_attribute("type", "password")
    password.focus()
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Show password")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Space")
    expect(password).to_have_attribute("type", "text")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(password).to_have_attribute("type", "password")
    expect(button).to_have_attribute("aria-pressed", "false")
    axe_check(page, "the sign-in page with its show password button")


def test_the_strength_meter_follows_the_new_password(
    page: Any, make_live_user: Callable[..., LiveUser], sign_in: Callable[[Any, LiveUser], None]
) -> None:
    user = make_live_user(Role.REVIEWER)
    sign_in(page, user)
    page.goto("/account/password")
    expect(page.get_by_role("button", name="Show password")).to_have_count(3)  # one a field
    meter = page.locator("#new_password-meter")
    expect(meter).to_have_attribute("aria-live", "polite")
    page.locator("#new_password").press_sequentially("short")
    expect(meter).to_have_text("Too short: use at least 12 characters.")
    page.locator("#new_password").fill("")
    page.locator("#new_password").press_sequentially("abababababab")
    expect(meter).to_contain_text("Too few different letters or signs")
    page.locator("#new_password").fill("")
    page.locator("#new_password").press_sequentially("lantern orchard")
    expect(meter).to_contain_text("Long enough.")
    page.locator("#new_password").press_sequentially(" velvet compass")
    expect(meter).to_contain_text("A good length.")
    axe_check(page, "the change password page with the meter")


def test_a_recovery_code_signs_in_and_new_codes_replace_the_old(
    page: Any, make_live_user: Callable[..., LiveUser], sign_in: Callable[[Any, LiveUser], None]
) -> None:
    user = make_live_user(Role.REVIEWER)
    sign_in(page, user)
    page.goto("/account/two-step/set-up")
    key = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    shown = page.locator(".recovery-codes li").all_inner_texts()
    assert len(shown) == 10 and all(len(code) == 29 for code in shown)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(shown[0].upper().replace("-", " "))  # as someone types it
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Welcome, {user.name}")).to_be_visible()

    page.goto("/account/two-step/")
    expect(page.get_by_text("Recovery codes not used yet: 9.")).to_be_visible()
    page.get_by_role("link", name="Make new recovery codes").click()
    axe_check(page, "the page that makes new recovery codes")
    page.get_by_label("Password").fill(user.password)
    page.get_by_label("Code").fill(_later_code(key))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Your new recovery codes")).to_be_visible()
    renewed = page.locator(".recovery-codes li").all_inner_texts()
    assert len(renewed) == 10 and not set(renewed) & set(shown)
    axe_check(page, "the new recovery codes page")
