""" "Forgot your password?": the emailed link works once, expires, cannot be forged; unknown
addresses get the same page; a reset ends every session of the account."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from ctdppeia.auth import forgot, reset_links, sessions
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser
from tests.mailsink import SmtpSink

NEW_PASSWORD = "a brand new and rather long phrase"
LINK = re.compile(r"https?://\S+/login/reset/(\S+)")
CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def _ask(app: Flask, client: FlaskClient, email: str) -> str:
    response = client.post("/login/forgot", data={"email": email})
    assert response.status_code == 200
    forgot.wait_for_sending(app)
    return response.get_data(as_text=True)


def _link_sent(app: Flask, client: FlaskClient, sink: SmtpSink, email: str) -> str:
    _ask(app, client, email)
    assert len(sink.messages) == 1
    body = sink.messages[0].get_content()
    found = LINK.search(body)
    assert found, body
    return "/login/reset/" + found.group(1)


def _signs_in(app: Flask, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def _still_signed_in(client: FlaskClient) -> bool:
    return client.get("/requests/").status_code == 200


def test_the_link_sets_a_new_password_and_ends_every_session(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink
) -> None:
    user = auth.login(Role.REVIEWER)
    assert _still_signed_in(client)
    visitor = app.test_client()
    link = _link_sent(app, visitor, smtp_sink, user.email.upper())
    assert smtp_sink.received[0].recipients == [user.email]
    page = visitor.get(link)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    saved = visitor.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert saved.status_code == 302 and saved.location.endswith("/login")
    assert not _still_signed_in(client)
    assert _signs_in(app, user.email, NEW_PASSWORD)
    assert not _signs_in(app, user.email, PASSWORD)


def test_a_used_link_is_refused(app: Flask, make_user: MakeUser, smtp_sink: SmtpSink) -> None:
    user = make_user(Role.BOARD)
    visitor = app.test_client()
    link = _link_sent(app, visitor, smtp_sink, user.email)
    form = {"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    assert visitor.post(link, data=form).status_code == 302
    again = visitor.post(link, data={"new_password": "x" * 20, "repeat_password": "x" * 20})
    assert again.status_code == 410
    assert "already used" in again.get_data(as_text=True)
    assert _signs_in(app, user.email, NEW_PASSWORD)


def test_a_weak_password_keeps_the_link_and_says_why(
    app: Flask, make_user: MakeUser, smtp_sink: SmtpSink
) -> None:
    user = make_user(Role.BOARD)
    visitor = app.test_client()
    link = _link_sent(app, visitor, smtp_sink, user.email)
    weak = visitor.post(link, data={"new_password": "short", "repeat_password": "short"})
    assert weak.status_code == 200
    assert "at least 12 characters" in weak.get_data(as_text=True)
    assert visitor.get(link).status_code == 200  # not used up
    assert _signs_in(app, user.email, PASSWORD)


def test_an_expired_link_is_refused(
    app: Flask, make_user: MakeUser, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(Role.BOARD)
    visitor = app.test_client()
    link = _link_sent(app, visitor, smtp_sink, user.email)
    start = sessions.now()
    monkeypatch.setattr(sessions, "now", lambda: start + timedelta(minutes=59))
    assert visitor.get(link).status_code == 200
    monkeypatch.setattr(sessions, "now", lambda: start + timedelta(minutes=61))
    late = visitor.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert late.status_code == 410
    assert "too old" in late.get_data(as_text=True)
    assert _signs_in(app, user.email, PASSWORD)


def test_forged_links_are_refused(app: Flask, client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.BOARD)
    with app.app_context():
        account = db.session.get(User, user.id)
        good = reset_links.make_token(account.id, account.password_hash)
        other_key = URLSafeTimedSerializer("another-secret", salt=reset_links.SALT)
        forged = [
            other_key.dumps([account.id, reset_links.fingerprint(account.password_hash)]),
            good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
            reset_links.make_token(account.id, "a guessed hash"),
            "not-a-token",
        ]
    assert client.get(f"/login/reset/{good}").status_code == 200
    form = {"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    for token in forged:
        assert client.post(f"/login/reset/{token}", data=form).status_code == 410, token
    assert _signs_in(app, user.email, PASSWORD)


def test_unknown_and_inactive_addresses_get_the_same_page(
    app: Flask, make_user: MakeUser, smtp_sink: SmtpSink
) -> None:
    known = make_user(Role.BOARD, email="known@example.gov")
    inactive = make_user(Role.BOARD, email="gone@example.gov")
    with app.app_context():
        db.session.get(User, inactive.id).active = False
        db.session.commit()
    pages = {  # each visitor's session has its own form token (the header's language form)
        email: CSRF.sub("", _ask(app, app.test_client(), email).replace(email, "ADDRESS"))
        for email in (known.email, inactive.email, "nobody@example.gov")
    }
    assert pages[known.email] == pages["nobody@example.gov"] == pages[inactive.email]
    assert "Check your email" in pages[known.email]
    assert [item.recipients for item in smtp_sink.received] == [[known.email]]


def test_asking_is_rate_limited(app: Flask, client: FlaskClient, smtp_sink: SmtpSink) -> None:
    for number in range(5):  # PASSWORD_RESET_LIMIT: 5 an hour
        assert client.post("/login/forgot", data={"email": f"n{number}@x.gov"}).status_code == 200
    assert client.post("/login/forgot", data={"email": "n9@x.gov"}).status_code == 429


def test_without_email_the_page_promises_none(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.BOARD)
    page = client.post("/login/forgot", data={"email": user.email}).get_data(as_text=True)
    assert "does not send email" in page
    assert "Check your email" not in page
    assert 'name="email"' not in page


def test_the_sign_in_page_offers_it(client: FlaskClient) -> None:
    assert 'href="/login/forgot"' in client.get("/login").get_data(as_text=True)
