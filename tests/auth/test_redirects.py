"""Open redirect after sign-in: ?next= leads only to a path on this site, and never to a 500."""

import pytest
from flask.testing import FlaskClient

from ctdppeia.models import Role
from tests.conftest import PASSWORD, MakeUser

# As typed in the address bar (percent-encoded where a browser would send it so).
ATTACKS = [
    "/%09/evil.example",  # a tab, dropped by browsers: //evil.example
    "/\t/evil.example",
    "/%5C%5Cevil.example",  # backslashes, read as slashes by browsers
    "/%5Cevil.example",
    "//evil.example",
    "/%2F%2Fevil.example",  # an encoded // that a proxy may decode
    "/%2f/evil.example",
    "/%252F%252Fevil.example",  # arrives as /%2F%2Fevil.example
    "/%255C%255Cevil.example",
    "https://evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "/%0a/evil",
    "/%0d/evil",
    "%0d%0aSet-Cookie:x=y",
    "/x%0d%0aSet-Cookie:x=y",
    "/%00/evil",
    "evil.example",
    "///evil.example",
]


def _sign_in(client: FlaskClient, email: str, target: str) -> str:
    response = client.post(f"/login?next={target}", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, (target, response.status_code)
    return response.headers["Location"]


@pytest.mark.parametrize("target", ATTACKS)
def test_sign_in_never_leads_off_the_site(
    client: FlaskClient, make_user: MakeUser, target: str
) -> None:
    user = make_user(Role.REVIEWER)
    if "%00" in target:  # a NUL in a query value is refused before sign-in (400)
        response = client.post(f"/login?next={target}", data={"email": user.email})
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert _sign_in(client, user.email, target) == "/"


def test_backslash_target_given_raw_goes_home(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post(
        "/login",
        query_string={"next": "/\\evil.example"},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_a_genuine_path_with_a_query_is_followed(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    assert _sign_in(client, user.email, "/requests/1%3Fpage%3D2") == "/requests/1?page=2"


@pytest.mark.parametrize("target", ["/%E2%80%A8/evil.example", "/%E2%80%AE/x", "/r%C3%A9sum%C3%A9"])
def test_unicode_targets_stay_on_the_site(
    client: FlaskClient, make_user: MakeUser, target: str
) -> None:
    user = make_user(Role.REVIEWER)
    location = _sign_in(client, user.email, target)
    assert location.isascii() and location.startswith("/") and not location.startswith("//")
