"""Page keys (`?older=`, `?newer=`) are checked like every other query value: a key a list did
not make answers 400 with a plain message, never a 500. Before, an id above 2^31 failed in
PostgreSQL ("integer out of range"), a time pushed past the calendar by its offset failed in
Python (OverflowError), and a digit that is not ASCII failed in int()."""

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.security.test_large_ids import _callers, _fill
from tests.test_access_matrix import _as

MESSAGE = "That page of the list does not exist"
BROKEN_KEYS = (
    "2026-12-06T22:03:34_2147483648",  # one above the largest id a table holds
    "2026-12-06T22:03:34_99999999999999999999",
    "0001-01-01T00:00:00+14:00_1",  # before the calendar once moved to UTC
    "0001-01-01T00:00:00+01:00_1",
    "9999-12-31T23:59:59-14:00_1",  # after it
    "2026-01-01T00:00:00_\u00b2",  # digits Python calls digits, that int() refuses
    "2026-01-01T00:00:00_\u0663",
    "2026-01-01T00:00:00_-1",
    "2026-13-01T00:00:00_1",
    "yesterday_1",
    "x",
)
# Every list that pages with a key, and who may read it (None: signed out).
KEYED_LISTS = {
    "requests.index": Role.REVIEWER,
    "reviews.index": Role.REVIEWER,
    "ai.index": Role.AI_REVIEWER,
    "inventory.index": None,
}


@pytest.fixture
def users(make_user: MakeUser) -> dict[Role, User]:
    return {role: make_user(role, agency="DSS") for role in Role}


def _path(app: Flask, endpoint: str) -> str:
    return next(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


@pytest.mark.parametrize("endpoint", sorted(KEYED_LISTS))
def test_a_broken_page_key_is_refused_with_a_message(
    app: Flask, client: FlaskClient, users: dict[Role, User], endpoint: str
) -> None:
    role = KEYED_LISTS[endpoint]
    _as(client, users[role] if role else None)
    path = _path(app, endpoint)
    failures = []
    for key in BROKEN_KEYS:
        for direction in ("older", "newer"):
            response = client.get(f"{path}?{direction}={quote(key)}")
            if response.status_code != 400 or MESSAGE not in response.get_data(as_text=True):
                failures.append(f"{direction}={key!r}: {response.status_code}")
    assert failures == []
    assert client.get(f"{path}?older=2026-12-06T22:03:34_{2**31 - 1}").status_code == 200
    assert client.get(f"{path}?newer=0001-01-01T00:00:00_1").status_code == 200


def test_every_list_that_takes_a_page_key_is_covered(
    app: Flask, client: FlaskClient, users: dict[Role, User]
) -> None:
    """Every GET page, as everyone who may open it, with keys past the calendar: the lists
    above refuse them (400), no page fails, and no other page reads them."""
    values: dict[str, str] = {}
    refusing, failures = set(), []
    query = "?older=" + quote("0001-01-01T00:00:00+14:00_1") + "&newer=" + quote("x_2147483648")
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        url = _fill(app, rule.rule, users, values) + query
        for user in _callers(rule.endpoint, users):
            _as(client, user)
            code = client.get(url).status_code
            if code == 400:
                refusing.add(rule.endpoint)
            elif code == 500:
                failures.append(f"GET {url} as {user.role.value if user else 'signed out'}")
    assert failures == []
    # The read-only API refuses every parameter an operation does not take (tests/api), so
    # these keys too; it reads none of them.
    assert {endpoint for endpoint in refusing if not endpoint.startswith("api.")} == set(
        KEYED_LISTS
    )
