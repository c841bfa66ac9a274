"""Sessions end on the server: a copied session cookie stops working after sign-out, a password
change or reset, deactivation, and SESSION_ABSOLUTE_HOURS after sign-in however active."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ctdppeia.auth import sessions
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser

NEW_PASSWORD = "a fresh and quite long phrase"


def _copy_session(client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of the first one's session cookie (a stolen cookie)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = client.application.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _works(client: FlaskClient) -> bool:
    response = client.get("/requests/")
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def _admin_client(app: Flask, make_user: MakeUser) -> FlaskClient:
    client = app.test_client()
    AuthActions(client, make_user).login(Role.ADMIN)
    return client


def test_copied_cookie_stops_working_after_sign_out(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    thief = _copy_session(client)
    assert _works(thief)
    client.post("/logout")
    assert not _works(thief)
    assert not _works(client)


def test_signing_out_ends_every_session_of_the_account(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert _works(other)
    client.post("/logout")
    assert not _works(other)


def test_copied_cookie_stops_working_after_an_admin_reset(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    user = auth.login(Role.REVIEWER)
    thief = _copy_session(client)
    admin = _admin_client(app, make_user)
    response = admin.post(f"/admin/users/{user.id}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not _works(thief)
    assert not _works(client)
    assert _works(admin)


def test_copied_cookie_stops_working_after_deactivation_and_reactivation(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    user = auth.login(Role.REVIEWER)
    thief = _copy_session(client)
    admin = _admin_client(app, make_user)
    form = {"name": user.name, "role": "reviewer", "agency_id": str(user.agency_id)}
    form |= {"active": "", "high_risk_subcommittee": "", "ai_chair": ""}  # all unticked
    assert admin.post(f"/admin/users/{user.id}", data=form).status_code == 302
    assert not _works(thief)
    active = {**form, "active": "y"}
    assert admin.post(f"/admin/users/{user.id}", data=active).status_code == 302
    assert not _works(thief)  # reactivating does not bring old sessions back


def test_copied_cookie_stops_working_after_cli_reset(
    client: FlaskClient, runner: FlaskCliRunner, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    thief = _copy_session(client)
    result = runner.invoke(args=["set-user", user.email, "--reset-password"])
    assert result.exit_code == 0, result.output
    assert not _works(thief)


def test_changing_ones_password_keeps_this_session_and_ends_the_others(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    thief = _copy_session(client)
    page = client.get("/account/password")
    assert page.status_code == 200 and "Change your password" in page.get_data(as_text=True)
    data = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "repeat_password": NEW_PASSWORD,
    }
    response = client.post("/account/password", data=data)
    assert response.status_code == 302
    assert "Your password was changed" in client.get("/").get_data(as_text=True)
    assert _works(client)
    assert not _works(thief)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401
    data = {"email": user.email, "password": NEW_PASSWORD}
    assert fresh.post("/login", data=data).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong password here", NEW_PASSWORD, NEW_PASSWORD, "That is not your current password."),
        (PASSWORD, "aaaaaaaaaaaa", "aaaaaaaaaaaa", "too easy to guess"),
        (PASSWORD, "password1234", "password1234", "too common"),
        (PASSWORD, "short", "short", "at least 12 characters"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two new passwords are not the same."),
        (PASSWORD, PASSWORD, PASSWORD, "must differ from the current one"),
    ],
)
def test_password_change_refusals(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    current: str,
    new: str,
    repeat: str,
    message: str,
) -> None:
    user = auth.login(Role.BOARD)
    thief = _copy_session(client)
    data = {"current_password": current, "new_password": new, "repeat_password": repeat}
    response = client.post("/account/password", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html and "There is a problem" in html
    assert _works_home(thief)  # nothing changed, nothing ended
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def _works_home(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200


def test_session_is_refused_after_the_absolute_lifetime_however_active(
    app: Flask, client: FlaskClient, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    clock = {"now": start}
    monkeypatch.setattr(sessions, "now", lambda: clock["now"])
    auth.login(Role.REVIEWER)
    hours = app.config["SESSION_ABSOLUTE_HOURS"]
    assert hours == 12
    for step in range(1, 25):  # in use every 29 minutes, to 11 h 36 min: never idle
        clock["now"] = start + timedelta(minutes=29 * step)
        assert _works(client), step
    clock["now"] = start + timedelta(hours=hours, seconds=-1)
    assert _works(client)
    clock["now"] = start + timedelta(hours=hours)
    assert not _works(client)


def test_sign_in_starts_a_new_session(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session[sessions.GENERATION_KEY] == 0
        assert isinstance(session[sessions.SIGNED_IN_KEY], float)


def test_a_session_from_before_the_generation_check_is_refused(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    user: User = make_user(Role.REVIEWER)
    with client.session_transaction() as session:  # the kind of cookie made before this check
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not _works(client)
