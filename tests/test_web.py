"""Site-wide behavior: error pages, security headers, cookies, CSRF, the append-only log."""

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from werkzeug.routing import Rule

from ctdppeia import create_app
from ctdppeia.access import public
from ctdppeia.audit import record
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser, put_session

LAYOUT = ('<a class="skip-link" href="#main">', '<main id="main"')


def _in_layout(html: str) -> bool:
    return all(marker in html for marker in LAYOUT)


# Error pages ------------------------------------------------------------------------------------


def test_404_page_in_the_site_layout(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert _in_layout(html) and "<title>Page not found — " in html
    assert "<h1>Page not found</h1>" in html and "Error code 404." in html


def test_403_page_in_the_site_layout(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.AI_REVIEWER)
    response = client.get("/admin/")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert _in_layout(html) and "<h1>You cannot do that</h1>" in html
    assert 'aria-label="Main"' in html  # the signed-in navigation is still there


def test_500_page_in_the_site_layout(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/explode-for-test")
    @public
    def explode() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/explode-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert _in_layout(html) and "<h1>Something went wrong on our side</h1>" in html
    assert "boom" not in html and "Traceback" not in html
    assert response.headers["X-Frame-Options"] == "DENY"


def test_405_page_lists_the_allowed_methods(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    response = client.get("/logout")
    assert response.status_code == 405
    assert _in_layout(response.get_data(as_text=True))
    assert "That action is not available here" in response.get_data(as_text=True)
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_400_page_on_a_missing_csrf_token(csrf_app: Flask, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    response = csrf_app.test_client().post(
        "/login", data={"email": user.email, "password": PASSWORD}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _in_layout(html) and "<h1>Your form expired</h1>" in html


def test_a_valid_csrf_token_is_accepted(csrf_app: Flask, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    client = csrf_app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token is not None
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data).status_code == 302


def _sample_url(rule: Rule) -> str:
    """The rule with every argument filled with a harmless value (CSRF is checked first)."""
    return re.sub(
        r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: "1" if m.group(1) else "x", rule.rule
    )


# The identity provider's cross-site POST of a SAML response carries no form token: the signed
# assertion answering this browser's own request is the proof (tests/sso/test_saml_sign_in.py).
CSRF_EXEMPT = {"saml.acs"}


def test_every_post_endpoint_refuses_a_missing_csrf_token(
    csrf_app: Flask, make_user: MakeUser
) -> None:
    admin = make_user(Role.ADMIN)
    posts = [rule for rule in csrf_app.url_map.iter_rules() if "POST" in (rule.methods or ())]
    assert {rule.endpoint for rule in posts} >= {"auth.login", "auth.logout", "requests.new"}
    failures = []
    for signed_in in (False, True):
        client = csrf_app.test_client()
        if signed_in:
            put_session(client, admin)
        for rule in posts:
            if rule.endpoint in CSRF_EXEMPT:
                continue
            response = client.post(_sample_url(rule), data={"anything": "x"})
            if response.status_code != 400 or b"Your form expired" not in response.data:
                failures.append(f"{rule.rule} ({signed_in=}): {response.status_code}")
    assert failures == []


# Headers and cookies ----------------------------------------------------------------------------


def _responses(client: FlaskClient, auth: AuthActions) -> dict[str, object]:
    found = {
        "login page": client.get("/login"),
        "static file": client.get("/static/css/site.css"),
        "redirect": client.get("/requests/"),
        "404": client.get("/nothing-here"),
        "failed sign-in": client.post("/login", data={"email": "a@b.gov", "password": "x"}),
    }
    auth.login(Role.REVIEWER)
    found["signed-in page"] = client.get("/requests/")
    found["403"] = client.get("/admin/")
    found["405"] = client.get("/logout")
    return found


def test_security_headers_on_every_response(client: FlaskClient, auth: AuthActions) -> None:
    for name, response in _responses(client, auth).items():
        headers = response.headers  # type: ignore[attr-defined]
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") == "same-origin", name
        assert headers.get("X-Frame-Options") == "DENY", name
        response.close()  # type: ignore[attr-defined]


def test_signed_in_pages_are_not_cached(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/requests/").headers["Cache-Control"] == "no-store"


def _session_cookie(client: FlaskClient, make_user: MakeUser) -> str:
    user = make_user(Role.REVIEWER)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_flags(client: FlaskClient, make_user: MakeUser) -> None:
    cookie = _session_cookie(client, make_user)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_secure_when_configured(app: Flask, make_user: MakeUser) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = _session_cookie(app.test_client(), make_user)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_https_setting_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("CTDPPEIA_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("CTDPPEIA_SESSION_IDLE_MINUTES", "10")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 600
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


# The audit log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET summary = 'changed'", "DELETE FROM audit_event"],
)
def test_the_database_refuses_to_change_the_audit_log(
    app: Flask, make_user: MakeUser, statement: str
) -> None:
    user = make_user(Role.REVIEWER)
    with app.app_context():
        record(None, "test.event", db.session.get(User, user.id), summary="original")
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        summaries = [event.summary for event in db.session.query(AuditEvent)]
        assert "original" in summaries and "changed" not in summaries


@pytest.mark.parametrize(
    ("role", "words"),
    [
        (Role.APPROVER, "You are signed in as approver (agency data officer) for the"),
        (Role.AI_REVIEWER, "You are signed in as AI reviewer (AI advisory group) for the"),
    ],
)
def test_the_home_page_names_the_role_in_a_sentence(
    client: FlaskClient, auth: AuthActions, role: Role, words: str
) -> None:
    auth.login(role)
    assert words in client.get("/").get_data(as_text=True)
