"""Numbers beyond 64 bits in a URL: ids in the path are not found (404); query values that no
list can use are refused (400). Before, `/requests/9223372036854775808` and `?page=<30 nines>`
failed with OverflowError (a 500)."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.limits import MAX_ID, MAX_PAGE
from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.test_access_matrix import ACCESS, PUBLIC, URL_VALUES, _as

HUGE = (str(MAX_ID + 1), str(2**63), str(10**30), "9" * 5000)
INT_ARGUMENT = re.compile(r"<int:([a-z_]+)>")
ANY_ARGUMENT = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


@pytest.fixture
def users(make_user: MakeUser) -> dict[Role, User]:
    return {role: make_user(role, agency="DSS") for role in Role}


def _callers(endpoint: str, users: dict[Role, User]) -> list[User | None]:
    """Everyone who may call the endpoint: signed out for public routes, else each listed role."""
    declared = ACCESS[endpoint]
    if declared == PUBLIC:
        return [None, *users.values()]
    return [user for role, user in users.items() if role in declared]


def _fill(app: Flask, rule: str, users: dict[Role, User], values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            values[name] = str(URL_VALUES[name](app, users))
        return values[name]

    return ANY_ARGUMENT.sub(value, rule)


def _int_rules(app: Flask) -> list[tuple[str, str, str, str]]:
    """(endpoint, method, rule, int argument) for every rule with an int in its path."""
    found = []
    for rule in app.url_map.iter_rules():
        for name in INT_ARGUMENT.findall(rule.rule):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule.rule, name))
    return found


def test_every_rule_with_an_int_has_a_case(app: Flask) -> None:
    assert len(_int_rules(app)) >= 20  # requests, reviews, analyses, documents, admin


def test_ids_beyond_64_bits_are_not_found(
    app: Flask, client: FlaskClient, users: dict[Role, User]
) -> None:
    values: dict[str, str] = {}
    failures = []
    for endpoint, method, rule, name in _int_rules(app):
        for huge in HUGE:
            url = _fill(app, rule.replace(f"<int:{name}>", huge), users, values)
            for user in _callers(endpoint, users):
                _as(client, user)
                code = client.open(url, method=method).status_code
                # Werkzeug answers 405 when a rule for another method has the same path.
                if code != 404 and not (method != "GET" and code == 405):
                    who = user.role.value if user else "signed out"
                    failures.append(f"{method} {url[:60]} as {who}: {code}")
    assert failures == []


def test_the_largest_id_is_simply_missing(client: FlaskClient, auth: object) -> None:
    auth.login(Role.REVIEWER)  # type: ignore[attr-defined]
    assert client.get(f"/requests/{MAX_ID}").status_code == 404
    assert client.get(f"/reviews/{MAX_ID}/analyses").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=" + "9" * 30,
        f"page={MAX_PAGE + 1}",
        f"page={10**18}",  # in 64 bits, but the list's offset would not be
        f"agency={10**30}",
        f"agency={2**63}",
        f"agency={MAX_ID + 1}",
        "page=1&status=%00",
    ],
)
def test_query_numbers_out_of_range_are_refused_on_every_page(
    app: Flask, client: FlaskClient, users: dict[Role, User], query: str
) -> None:
    values: dict[str, str] = {}
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        url = _fill(app, rule.rule, users, values) + "?" + query
        for user in _callers(rule.endpoint, users):
            _as(client, user)
            code = client.get(url).status_code
            if code != 400:
                failures.append(f"GET {url} as {user.role.value if user else 'signed out'}: {code}")
    assert failures == []


@pytest.mark.parametrize("endpoint", ["requests.index", "reviews.index", "admin.users"])
def test_list_pages_accept_a_page_in_range(
    app: Flask, client: FlaskClient, users: dict[Role, User], endpoint: str
) -> None:
    rule = next(r.rule for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    role = Role.ADMIN if endpoint == "admin.users" else Role.REVIEWER
    _as(client, users[role])
    assert client.get(f"{rule}?page={MAX_PAGE}").status_code == 200
    assert client.get(f"{rule}?page=2&q=" + "9" * 30).status_code == 200
