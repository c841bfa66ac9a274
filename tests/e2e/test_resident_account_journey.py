"""A resident, signed out, on a phone: chooses Spanish in the header with the keyboard, finds
"Forgot your password?" in Spanish; an account whose password an administrator chose is sent to
change it before anything else."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "a phrase only I know now"


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width}px"


def test_a_visitor_chooses_spanish_before_signing_in(page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    spanish = page.get_by_role("button", name="Español")
    spanish.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-current", "true")
    _fits_the_phone(page)
    axe_check(page, "the sign-in page in Spanish, on a phone")

    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Olvidó su contraseña?")
    expect(page.locator("main")).to_contain_text("Este sitio no envía correos")
    _fits_the_phone(page)
    axe_check(page, "forgot your password, in Spanish")

    page.goto("/ai-inventory")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inventario de IA del estado de Connecticut"
    )
    axe_check(page, "the AI inventory in Spanish")
    page.goto("/verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comprobar el PDF de una revisión")
    axe_check(page, "the PDF check in Spanish")


def test_a_password_an_administrator_chose_is_changed_first(
    page: Any,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    member = make_live_user(Role.BOARD, must_change_password=True)
    page.goto("/login")
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password").fill(member.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/password")
    expect(page.locator("main")).to_contain_text("An administrator chose your password")
    axe_check(page, "the password change an administrator's password leads to")
    page.goto("/board/")
    page.wait_for_url("**/account/password")
    page.get_by_label("Current password").fill(member.password)
    page.get_by_role("textbox", name="New password (required)", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    page.wait_for_url("**/")
    page.goto("/board/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/board/")
