"""The chair flag on accounts: set on the admin pages and with the account commands, only for
AI reviewers on the pages, and kept in the audit log."""

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import Agency, AuditEvent, Role, User
from tests.conftest import AuthActions, MakeUser


def _user(app: Flask, email: str) -> User:
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one()


def _form(app: Flask, role: str, **extra: str) -> dict[str, object]:
    with app.app_context():
        agency = db.session.scalars(select(Agency).where(Agency.code == "DAS")).one()
    form: dict[str, object] = {
        "name": "Carla Chair",
        "email": "carla@ct.gov",
        "role": role,
        "agency_id": agency.id,
        "password": "",
    }
    return form | extra


def test_an_admin_makes_an_ai_reviewer_a_chair(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    auth.login(make_user(Role.ADMIN, agency="OPM"))
    response = client.post("/admin/users/new", data=_form(app, "ai_reviewer", ai_chair="y"))
    assert "new-password" in response.get_data(as_text=True)  # created; its password shown
    assert _user(app, "carla@ct.gov").ai_chair
    page = client.get("/admin/users/").get_data(as_text=True)
    assert "Chair of the AI advisory group" in page
    user = _user(app, "carla@ct.gov")
    edit = {"name": user.name, "role": "ai_reviewer", "agency_id": user.agency_id, "active": "y"}
    edit |= {"high_risk_subcommittee": "", "ai_chair": ""}  # unticked boxes send ""
    assert client.post(f"/admin/users/{user.id}", data=edit).status_code == 302
    assert not _user(app, "carla@ct.gov").ai_chair  # the box left empty
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.updated")
        ).one()
        assert event.changes["ai_chair"] == [True, False]


def test_only_ai_reviewers_chair(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    auth.login(make_user(Role.ADMIN, agency="OPM"))
    response = client.post("/admin/users/new", data=_form(app, "reviewer", ai_chair="y"))
    assert "Only AI reviewers can chair the AI advisory group." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "carla@ct.gov")) is None


def test_the_commands_set_and_clear_the_chair(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.AI_REVIEWER)
    result = runner.invoke(args=["set-user", user.email, "--chair"])
    assert result.exit_code == 0, result.output
    assert "ai_chair False -> True" in result.output
    assert _user(app, user.email).ai_chair
    runner.invoke(args=["set-user", user.email, "--no-chair"])
    assert not _user(app, user.email).ai_chair
    args = ["create-user", "--email", "dan@ct.gov", "--name", "Dan Chair", "--role"]
    args += ["ai_reviewer", "--agency", "DAS", "--chair", "--password", "a long enough pass"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert _user(app, "dan@ct.gov").ai_chair
