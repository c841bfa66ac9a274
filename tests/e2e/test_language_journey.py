"""A board member switches the site to Spanish in a real browser; the choice stays."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from ctdppeia.models import Role
from tests.e2e.conftest import LiveUser, axe_check

pytestmark = pytest.mark.e2e


def test_a_board_member_reads_the_site_in_spanish(
    page: Any,
    make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None],
) -> None:
    member = make_live_user(Role.BOARD)
    sign_in(page, member)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Language / Idioma"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Language / Idioma")
    axe_check(page, "the language page in English")

    page.get_by_label("Español").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("status")).to_contain_text("Guardamos su idioma.")
    expect(page.get_by_label("Español")).to_be_checked()
    axe_check(page, "the language page in Spanish")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Inicio").click()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos la página")
    axe_check(page, "an error page in Spanish")

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("status")).to_contain_text("Usted cerró la sesión.")
    axe_check(page, "the sign-in page")
    sign_in(page, member)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Ir al contenido principal")).to_be_attached()
