"""An email to the account's owner after each change to how they sign in: a password changed
or reset, two-step sign-in on, off or reset. In their language, saying what and when and what
to do if it was not them; never a password, key or code; nothing for work rolled back."""

from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.auth import change_notice
from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.auth.mfa.conftest import Clock
from tests.conftest import PASSWORD, TWO_STEP_KEY, AuthActions, MakeUser
from tests.mailsink import SmtpSink

NEW_PASSWORD = "a new and rather long phrase"
NOT_YOU = "If you did not, someone else may be able to sign in as you."


def _only(sink: SmtpSink, user: User) -> tuple[str, str]:
    assert [r for item in sink.received for r in item.recipients] == [user.email]
    message: EmailMessage = sink.messages[0]
    return str(message["Subject"]), str(message.get_content()).replace("\r\n", "\n")


def _no_secrets(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_own_password_change(
    smtp_sink: SmtpSink, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = auth.login(Role.REVIEWER)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = client.post("/account/password", data=data | {"repeat_password": NEW_PASSWORD})
    assert response.status_code == 302
    subject, text = _only(smtp_sink, user)
    assert subject == "Your password was changed"
    assert "Nov 28, 2026, 7:00 AM EST" in text and NOT_YOU in text
    assert f"{DEVELOPMENT_BASE_URL}/login" in text
    _no_secrets(text, PASSWORD, NEW_PASSWORD)


def test_a_refused_change_sends_nothing(
    smtp_sink: SmtpSink, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    data = {"current_password": "wrong", "new_password": NEW_PASSWORD}
    client.post("/account/password", data=data | {"repeat_password": NEW_PASSWORD})
    assert smtp_sink.received == []


def test_reset_by_an_admin_in_spanish(
    app: Flask, smtp_sink: SmtpSink, client: FlaskClient, auth: AuthActions,
    make_user: MakeUser,
) -> None:  # fmt: skip
    user = make_user(Role.REVIEWER)
    with app.app_context():
        found = db.session.get(User, user.id)
        assert found is not None
        found.language = "es"
        db.session.commit()
    auth.login(Role.ADMIN)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    subject, text = _only(smtp_sink, user)
    assert subject == "Un administrador le dio una contraseña nueva"
    assert "Hola" in text and "Si no fue usted" in text
    _no_secrets(text, NEW_PASSWORD)


def test_two_step_on_off_and_reset(
    app: Flask, smtp_sink: SmtpSink, client: FlaskClient, auth: AuthActions, clock: Clock,
    make_user: MakeUser,
) -> None:  # fmt: skip
    user = auth.login(Role.REVIEWER)
    page = client.get("/account/two-step/set-up").get_data(as_text=True)
    key = page.split('<code id="setup-key">')[1].split("</code>")[0].replace(" ", "")
    shown = client.post("/account/two-step/set-up", data={"code": clock.code(key)})
    recovery = shown.get_data(as_text=True).split("<li><code>")[1].split("</code>")[0]
    subject, text = _only(smtp_sink, user)
    assert subject == "Two-step sign-in was turned on"
    _no_secrets(text, key, recovery, clock.code(key))

    smtp_sink.received.clear()
    clock.advance(30)
    data = {"password": PASSWORD, "code": clock.code(key)}
    assert client.post("/account/two-step/turn-off", data=data).status_code == 302
    assert _only(smtp_sink, user)[0] == "Two-step sign-in was turned off"

    smtp_sink.received.clear()
    other = make_user(Role.APPROVER, two_step=True)
    client.post("/logout")
    auth.login(Role.ADMIN)
    assert client.post(f"/admin/users/{other.id}/two-step/reset").status_code == 302
    subject, text = _only(smtp_sink, other)
    assert subject == "An administrator turned off your two-step sign-in"
    _no_secrets(text, TWO_STEP_KEY)


def test_nothing_for_work_rolled_back(app: Flask, smtp_sink: SmtpSink, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    with app.app_context():
        found = db.session.get(User, user.id)
        assert found is not None
        change_notice.queue(found, change_notice.PASSWORD_CHANGED)
        db.session.rollback()
        db.session.commit()
    assert smtp_sink.received == []


def test_nothing_when_email_is_off(
    app: Flask, smtp_sink: SmtpSink, client: FlaskClient, auth: AuthActions
) -> None:
    app.config["MAIL_SERVER"] = None
    auth.login(Role.REVIEWER)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = client.post("/account/password", data=data | {"repeat_password": NEW_PASSWORD})
    assert response.status_code == 302 and smtp_sink.received == []


def test_an_unknown_change_is_a_mistake(app: Flask, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    with app.app_context(), pytest.raises(ValueError):
        change_notice.queue(db.session.get(User, user.id), "something")  # type: ignore[arg-type]
