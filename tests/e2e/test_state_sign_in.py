"""Signing in as a state employee would, in a real browser: one click on "Sign in with your
state account", the test directory's own sign-in page, and back with the role and agency its
groups give; a Resident Advisory Board member still signs in with their own password."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.admin import services as accounts
from ctdppeia.models import Role
from tests.e2e.conftest import E2E_PASSWORD, NO_CHROMIUM, _free_port, axe_check, chromium_path
from tests.e2e.sites import browser_tab, new_database, served, stored_account
from tests.factories.people import ACCOUNTS, GROUPS
from tests.sso.provider import Provider, node_ready


@pytest.fixture(scope="module")
def directory_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app under gunicorn, configured for a running test directory: (address, database)."""
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    if node_ready():
        pytest.skip(str(node_ready()))
    folder = tmp_path_factory.mktemp("state-sign-in")
    database = folder / "site.sqlite3"
    url = f"http://127.0.0.1:{_free_port()}"
    provider = Provider(folder=folder / "provider", app_base=url)
    provider.accounts = json.loads(json.dumps(ACCOUNTS))
    provider.start()
    with new_database(database).app_context():
        accounts.create_user(
            None, email="member@e2e.ct.gov", name="Rosa Member", role=Role.BOARD,
            agency=accounts.agency_by_code("OPM"), password=E2E_PASSWORD,
        )  # fmt: skip
    settings = {f"CTDPPEIA_{k}": json.dumps(v) for k, v in provider.settings(GROUPS).items()}
    settings["CTDPPEIA_DIRECTORY_ONLY_ROLES"] = json.dumps(["reviewer", "approver", "ai_reviewer"])
    try:
        with served(folder, database, url, settings):
            yield url, database
    finally:
        provider.stop()


@pytest.fixture
def tab(browser: Any, directory_site: tuple[str, Path]) -> Iterator[Any]:
    with browser_tab(browser, directory_site[0]) as page:
        yield page


@pytest.mark.parametrize("width", [1280, 390])
def test_a_state_employee_signs_in_with_one_click(
    tab: Any, directory_site: tuple[str, Path], width: int
) -> None:
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto("/login")
    axe_check(tab, f"sign-in page with the state account, {width} px")
    tab.get_by_role("link", name="Sign in with your state account").click()
    tab.get_by_label("Account").fill("ana")
    tab.get_by_label("Password").fill("the directory's password")
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{directory_site[0]}/")
    assert "Ana Reviewer" in tab.content()
    user = stored_account(directory_site[1], "ana.reviewer@ct.gov")
    assert user is not None and user.from_directory
    assert (user.role, user.agency.code) == (Role.REVIEWER, "DSS")


def test_a_board_member_still_signs_in_with_their_password(tab: Any) -> None:
    tab.goto("/login")
    tab.get_by_label("Email address").fill("member@e2e.ct.gov")
    tab.get_by_label("Password").fill(E2E_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/")
    assert "Rosa Member" in tab.content()


def test_someone_in_no_mapped_group_is_told_why(tab: Any) -> None:
    tab.goto("/login")
    tab.get_by_role("link", name="Sign in with your state account").click()
    tab.get_by_label("Account").fill("ed")
    tab.get_by_label("Password").fill("any")
    tab.get_by_role("button", name="Sign in").click()
    heading = tab.get_by_role("heading", level=1)
    assert heading.inner_text() == "You could not sign in"
    assert "not in a group that gives you a role" in tab.content()
    axe_check(tab, "refused directory sign-in")
