"""Signing in with SAML 2.0 in a real browser: "Sign in with your state account" leads to the
test identity provider's page (pysaml2's IdP, served on 127.0.0.1), whose signed response the
browser posts back to the app under gunicorn."""

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.models import Role
from tests.e2e.conftest import (
    NO_CHROMIUM,
    _free_port,
    axe_check,
    chromium_path,
)
from tests.e2e.sites import browser_tab, new_database, served, stored_account
from tests.factories.people import GROUPS
from tests.sso.saml_idp import IdentityProvider, key_and_certificate, xmlsec_ready
from tests.sso.saml_site import IdentityProviderSite, serving

PEOPLE = {
    "ana": {
        "email": ["ana.reviewer@ct.gov"],
        "name": ["Ana Reviewer"],
        "groups": ["dss-reviewers"],
    },
    "ed": {"email": ["ed@ct.gov"], "name": ["Ed Other"], "groups": ["unmapped"]},
}


@pytest.fixture(scope="module")
def saml_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app under gunicorn and the identity provider's site, each trusting the other."""
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    if xmlsec_ready():
        pytest.skip(str(xmlsec_ready()))
    folder = tmp_path_factory.mktemp("saml-site")
    database = folder / "site.sqlite3"
    url, idp_port = f"http://127.0.0.1:{_free_port()}", _free_port()
    idp = IdentityProvider(folder, base=f"http://127.0.0.1:{idp_port}").start()
    key_file, cert_file = key_and_certificate(folder, "sp")
    new_database(database)
    settings = {
        "CTDPPEIA_SAML_IDP_METADATA_FILE": idp.metadata_file,
        "CTDPPEIA_SAML_SP_KEY_FILE": key_file,
        "CTDPPEIA_SAML_SP_CERT_FILE": cert_file,
        "CTDPPEIA_DIRECTORY_GROUPS": json.dumps(GROUPS),
        "CTDPPEIA_PUBLIC_BASE_URL": url,
    }
    with served(folder, database, url, settings):
        with urllib.request.urlopen(f"{url}/saml/metadata", timeout=10) as metadata:
            idp.trust(metadata.read().decode())
        with serving(IdentityProviderSite(idp, PEOPLE), idp_port):
            yield url, database


@pytest.fixture
def tab(browser: Any, saml_site: tuple[str, Path]) -> Iterator[Any]:
    with browser_tab(browser, saml_site[0]) as page:
        yield page


def _sign_in_at_the_directory(tab: Any, account: str) -> None:
    tab.goto("/login")
    tab.get_by_role("link", name="Sign in with your state account").click()
    tab.get_by_label("Account").fill(account)
    tab.get_by_label("Password").fill("the directory's password")
    tab.get_by_role("button", name="Sign in").click()
    tab.get_by_role("button", name="Continue").click()


def test_a_state_employee_signs_in_with_saml(tab: Any, saml_site: tuple[str, Path]) -> None:
    _sign_in_at_the_directory(tab, "ana")
    tab.wait_for_url(f"{saml_site[0]}/")
    assert "Ana Reviewer" in tab.content()
    axe_check(tab, "home page after a SAML sign-in")
    user = stored_account(saml_site[1], "ana.reviewer@ct.gov")
    assert user is not None and user.from_directory and user.role is Role.REVIEWER


def test_someone_in_no_mapped_group_is_refused(tab: Any) -> None:
    _sign_in_at_the_directory(tab, "ed")
    assert tab.get_by_role("heading", level=1).inner_text() == "You could not sign in"
    assert "not in a group that gives you a role" in tab.content()
