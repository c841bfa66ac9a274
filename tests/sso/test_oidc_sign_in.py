"""Signing in with the state's directory through a real OpenID Connect provider, over HTTP: the
account made and kept in step from the groups, every refusal, signing out at the provider."""

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from joserfc import jwt
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Role, User
from ctdppeia.sso import client as sso_client
from tests.conftest import PASSWORD, put_session
from tests.factories.people import ACCOUNTS
from tests.sso.provider import CLIENT_ID, OTHER_CLIENT_ID, Provider, new_key, sign_in_at_provider

pytestmark = pytest.mark.usefixtures("directory_settings")


def start(client: FlaskClient, next_path: str | None = None) -> str:
    """The app's redirect to the provider's authorization endpoint."""
    response = client.get("/sign-in/state", query_string={"next": next_path} if next_path else {})
    assert response.status_code == 302
    return response.location


def sign_in(client: FlaskClient, login: str, next_path: str | None = None) -> Any:
    back = sign_in_at_provider(start(client, next_path), login)
    parts = urlsplit(back)
    return client.get(parts.path, query_string=parts.query)


def account(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            _ = user.agency.code
            db.session.expunge(user)
        return user


def actions(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.action).where(
            AuditEvent.object_type == "user_account", AuditEvent.object_id == user_id
        )
        return list(db.session.scalars(query))


def test_the_request_to_the_provider_carries_pkce_state_and_nonce(sso_app: Flask) -> None:
    query = parse_qs(urlsplit(start(sso_app.test_client())).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://localhost/sign-in/state/return"]


def test_first_sign_in_makes_the_account_from_the_directory(sso_app: Flask) -> None:
    client = sso_app.test_client()
    response = sign_in(client, "ana", next_path="/requests")
    assert response.status_code == 302 and response.location == "/requests"
    user = account(sso_app, "ana.reviewer@ct.gov")
    assert user is not None and user.from_directory and user.active
    assert (user.role, user.agency.code, user.name) == (Role.REVIEWER, "DSS", "Ana Reviewer")
    assert not user.check_password("any") and not user.check_password("")
    assert actions(sso_app, user.id) == ["user.created_from_directory"]
    assert client.get("/").status_code == 200


def test_the_role_and_agency_follow_the_directory_at_every_sign_in(
    sso_app: Flask, provider: Provider
) -> None:
    sign_in(sso_app.test_client(), "ana")
    provider.accounts["ana"]["groups"] = ["dss-approvers"]
    provider.write_accounts()
    sign_in(sso_app.test_client(), "ana")
    user = account(sso_app, "ana.reviewer@ct.gov")
    assert user is not None and user.role is Role.APPROVER
    assert actions(sso_app, user.id) == [
        "user.created_from_directory",
        "user.updated_from_directory",
    ]


@pytest.mark.parametrize(
    ("login", "words"),
    [
        ("ed", "not in a group that gives you a role"),  # a group mapped to nothing
        ("fay", "not in a group that gives you a role"),  # two roles: the directory must choose
        ("di", "with a second step"),  # an administrator without the multi-factor claim
    ],
)
def test_refused_sign_ins_make_no_account(sso_app: Flask, login: str, words: str) -> None:
    client = sso_app.test_client()
    response = sign_in(client, login)
    assert response.status_code == 403
    assert words in response.get_data(as_text=True)
    assert account(sso_app, ACCOUNTS[login]["email"]) is None
    assert client.get("/").status_code == 302  # not signed in


def test_an_administrator_with_the_multi_factor_claim_passes_the_two_step_gate(
    sso_app: Flask,
) -> None:
    sso_app.config["ADMIN_MFA_REQUIRED"] = True
    client = sso_app.test_client()
    assert sign_in(client, "cy").status_code == 302
    response = client.get("/admin/users/")
    assert response.status_code == 200, response.location


def test_someone_removed_from_every_group_is_signed_out_at_the_next_request(
    sso_app: Flask, provider: Provider
) -> None:
    client = sso_app.test_client()
    sign_in(client, "ana")
    assert client.get("/").status_code == 200
    provider.accounts["ana"]["groups"] = []
    provider.write_accounts()
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")
    user = account(sso_app, "ana.reviewer@ct.gov")
    assert user is not None and not user.active
    assert "user.removed_by_directory" in actions(sso_app, user.id)
    assert client.get("/").status_code == 302
    assert sign_in(sso_app.test_client(), "ana").status_code == 403


def test_a_replayed_code_is_refused(sso_app: Flask) -> None:
    first = sso_app.test_client()
    back = urlsplit(sign_in_at_provider(start(first), "ana"))
    assert first.get(back.path, query_string=back.query).status_code == 302
    replay = sso_app.test_client()
    fresh_state = parse_qs(urlsplit(start(replay)).query)["state"][0]
    code = parse_qs(back.query)["code"][0]
    response = replay.get(back.path, query_string={"code": code, "state": fresh_state})
    assert response.status_code == 400
    assert replay.get("/").status_code == 302


def test_a_return_without_the_state_this_browser_was_given_is_refused(sso_app: Flask) -> None:
    back = urlsplit(sign_in_at_provider(start(sso_app.test_client()), "ana"))
    other_browser = sso_app.test_client()
    assert other_browser.get(back.path, query_string=back.query).status_code == 400
    assert account(sso_app, "ana.reviewer@ct.gov") is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_the_return_address_never_leads_off_the_site(sso_app: Flask, target: str) -> None:
    response = sign_in(sso_app.test_client(), "ana", next_path=target)
    assert response.status_code == 302 and response.location == "/"


def _id_token(key: Any, **claims: Any) -> str:
    now = int(time.time())
    values = {"sub": "ana", "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": "n-1"}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, values | claims, key)


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": OTHER_CLIENT_ID},  # a token for another service
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 1200},  # expired
        {"nonce": "another-nonce"},  # not the nonce of this sign-in
        {"iss": "https://issuer.example"},  # another provider
    ],
)
def test_id_tokens_that_are_not_for_this_sign_in_are_refused(
    sso_app: Flask, provider: Provider, claims: dict[str, Any]
) -> None:
    with sso_app.test_request_context():
        client = sso_client.provider()
        good = _id_token(provider.keys[0], iss=provider.issuer)
        assert client.parse_id_token({"id_token": good}, nonce="n-1")["sub"] == "ana"
        bad = _id_token(provider.keys[0], **({"iss": provider.issuer} | claims))
        with pytest.raises(Exception) as refused:
            client.parse_id_token({"id_token": bad}, nonce="n-1")
        assert "claim" in str(refused.value).lower() or "expired" in str(refused.value).lower()


def test_a_token_signed_by_another_key_is_refused(sso_app: Flask, provider: Provider) -> None:
    forged = _id_token(new_key(provider.keys[0].kid), iss=provider.issuer)
    with sso_app.test_request_context(), pytest.raises(Exception, match=r"(?i)signature"):
        sso_client.provider().parse_id_token({"id_token": forged}, nonce="n-1")


def test_signing_out_ends_the_session_here_and_at_the_provider(sso_app: Flask) -> None:
    client = sso_app.test_client()
    sign_in(client, "ana")
    response = client.post("/logout")
    assert response.status_code == 302
    target = urlsplit(response.location)
    assert target.netloc.startswith("127.0.0.1:") and target.path == "/session/end"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/login"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/").status_code == 302


def test_the_sign_in_page_offers_the_state_account_first(sso_app: Flask) -> None:
    page = sso_app.test_client().get("/login").get_data(as_text=True)
    assert "Sign in with your state account" in page
    assert page.index("Sign in with your state account") < page.index('name="password"')


def test_a_staff_role_set_to_the_directory_refuses_its_local_password(
    sso_app: Flask, make_user: Any
) -> None:
    sso_app.config["DIRECTORY_ONLY_ROLES"] = ["reviewer", "admin"]
    sso_app.config["BREAK_GLASS_EMAILS"] = ["glass@ct.gov"]
    reviewer = make_user(Role.REVIEWER)
    member = make_user(Role.BOARD, agency="OPM")
    glass = make_user(Role.ADMIN, agency="OPM", email="glass@ct.gov", two_step=False)
    client = sso_app.test_client()
    refused = client.post("/login", data={"email": reviewer.email, "password": PASSWORD})
    assert refused.status_code == 403
    assert "Staff sign in with their state account" in refused.get_data(as_text=True)
    for user in (member, glass):
        response = sso_app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, user.email


def test_without_a_provider_the_directory_pages_do_not_exist(app: Flask) -> None:
    app.config["OIDC_ISSUER"] = None
    client = app.test_client()
    assert client.get("/sign-in/state").status_code == 404
    assert client.get("/sign-in/state/return?code=x&state=y").status_code == 404


def test_the_keys_are_fetched_again_when_the_provider_rotates_them(
    sso_app: Flask, provider: Provider
) -> None:
    assert sign_in(sso_app.test_client(), "ana").status_code == 302  # caches the keys
    old = provider.keys
    provider.restart_with_keys([new_key("key-2"), *old])
    try:
        assert sign_in(sso_app.test_client(), "bo").status_code == 302
        user = account(sso_app, "bo.approver@ct.gov")
        assert user is not None and user.role is Role.APPROVER
    finally:
        provider.restart_with_keys(old)


def test_accounts_json_is_not_changed_by_a_test(provider: Provider) -> None:
    assert json.loads((provider.folder / "accounts.json").read_text())["ana"]["groups"]


def test_an_administrator_sees_where_each_account_comes_from(
    sso_app: Flask, make_user: Any
) -> None:
    sign_in(sso_app.test_client(), "ana")
    directory_user = account(sso_app, "ana.reviewer@ct.gov")
    assert directory_user is not None
    make_user(Role.REVIEWER, email="local@ct.gov")
    admin = make_user(Role.ADMIN, agency="OPM", email="admin@ct.gov")
    client = sso_app.test_client()
    put_session(client, admin)
    listing = client.get("/admin/users/").get_data(as_text=True)
    assert "State directory" in listing and "Password" in listing
    page = client.get(f"/admin/users/{directory_user.id}").get_data(as_text=True)
    assert "The state directory: its groups set the role and agency" in page
    assert "Reset the password" not in page
    refused = client.post(
        f"/admin/users/{directory_user.id}/password", data={"password": "a long new passphrase 42"}
    )
    assert "has no password here" in refused.get_data(as_text=True)
    assert account(sso_app, "ana.reviewer@ct.gov").password_hash == "directory"  # type: ignore[union-attr]


def test_a_provider_that_does_not_list_groups_again_keeps_the_person_signed_in(
    sso_app: Flask, provider: Provider
) -> None:
    client = sso_app.test_client()
    sign_in(client, "ana")
    del provider.accounts["ana"]["groups"]  # as Entra ID's user information: no groups
    provider.write_accounts()
    assert client.get("/").status_code == 200
    user = account(sso_app, "ana.reviewer@ct.gov")
    assert user is not None and user.active


def test_a_token_the_provider_no_longer_accepts_ends_the_session(
    sso_app: Flask, provider: Provider
) -> None:
    client = sso_app.test_client()
    sign_in(client, "ana")
    provider.restart_with_keys(provider.keys)  # the provider forgets every token it issued
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")
    user = account(sso_app, "ana.reviewer@ct.gov")
    assert user is not None and user.active  # signed out, not closed: sign in again
    assert sign_in(client, "ana").status_code == 302
