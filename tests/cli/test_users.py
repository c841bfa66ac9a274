"""Shell commands for accounts: create-user, set-user, seed-agencies."""

import re

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from ctdppeia.admin import services
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Role, User
from tests.conftest import PASSWORD, MakeUser

NEW_PASSWORD = "a brand new long password"


def _user(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = services.find_user(email)
        if user is not None:
            _ = user.agency.code
            db.session.expunge(user)
        return user


def _can_sign_in(app: Flask, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def _create(runner: FlaskCliRunner, *args: str, stdin: str | None = None) -> object:
    base = ["create-user", "--email", "ana@ct.gov", "--name", "Ana Ruiz"]
    return runner.invoke(args=[*base, *args], input=stdin)


# create-user ----------------------------------------------------------------------------------


def test_create_user_with_password(app: Flask, runner: FlaskCliRunner) -> None:
    result = _create(runner, "--role", "approver", "--agency", "dss", "--password", NEW_PASSWORD)
    assert result.exit_code == 0, result.output
    assert "Created ana@ct.gov (Approver (agency data officer), DSS)." in result.output
    assert "Password" not in result.output
    user = _user(app, "ana@ct.gov")
    assert user is not None and user.role is Role.APPROVER and user.agency.code == "DSS"
    assert _can_sign_in(app, "ana@ct.gov", NEW_PASSWORD)


def test_create_user_generates_and_prints_the_password_once(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = _create(
        runner, "--role", "ai_reviewer", "--agency", "DAS", "--subcommittee", stdin="\n\n"
    )
    assert result.exit_code == 0, result.output
    found = re.findall(r"Password \(shown once\): (\S+)", result.output)
    assert len(found) == 1
    password = found[0]
    assert result.output.count(password) == 1
    assert _can_sign_in(app, "ana@ct.gov", password)
    user = _user(app, "ana@ct.gov")
    assert user is not None and user.high_risk_subcommittee


def test_create_user_refuses_a_duplicate(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    make_user(Role.REVIEWER, email="ana@ct.gov", name="First Ana")
    result = _create(runner, "--role", "reviewer", "--agency", "DSS", "--password", NEW_PASSWORD)
    assert result.exit_code == 1
    assert "An account with the email address ana@ct.gov already exists." in result.output
    assert _user(app, "ana@ct.gov").name == "First Ana"  # type: ignore[union-attr]


def test_create_user_refuses_an_unknown_agency(app: Flask, runner: FlaskCliRunner) -> None:
    result = _create(runner, "--role", "reviewer", "--agency", "XYZ", "--password", NEW_PASSWORD)
    assert result.exit_code == 1
    assert "There is no agency with the code 'XYZ'." in result.output
    assert _user(app, "ana@ct.gov") is None


def test_create_user_refuses_a_short_password_and_a_bad_email(
    app: Flask, runner: FlaskCliRunner
) -> None:
    short = _create(runner, "--role", "reviewer", "--agency", "DSS", "--password", "short")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    bad = runner.invoke(
        args=[
            "create-user",
            "--email",
            "ana-at-ct.gov",
            "--name",
            "Ana",
            "--role",
            "reviewer",
            "--agency",
            "DSS",
            "--password",
            NEW_PASSWORD,
        ]
    )
    assert bad.exit_code == 1 and "Enter a valid email address" in bad.output
    assert _user(app, "ana@ct.gov") is None


def test_create_user_refuses_an_unknown_role(runner: FlaskCliRunner) -> None:
    result = _create(runner, "--role", "emperor", "--agency", "DSS", "--password", NEW_PASSWORD)
    assert result.exit_code == 2 and "Invalid value for '--role'" in result.output


# set-user -------------------------------------------------------------------------------------


def test_set_user_changes_role_agency_and_name(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER, agency="DSS")
    result = runner.invoke(
        args=[
            "set-user",
            user.email.upper(),
            "--role",
            "approver",
            "--agency",
            "oec",
            "--name",
            "New Name",
        ]
    )
    assert result.exit_code == 0, result.output
    assert f"{user.email}: role reviewer -> approver" in result.output
    assert f"{user.email}: agency DSS -> OEC" in result.output
    changed = _user(app, user.email)
    assert changed is not None
    assert (changed.role, changed.agency.code, changed.name) == (Role.APPROVER, "OEC", "New Name")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.updated"))
        assert event is not None and event.actor_id is None
        assert event.changes["role"] == ["reviewer", "approver"]


def test_set_user_deactivates_and_reactivates(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.ADMIN)
    result = runner.invoke(args=["set-user", user.email, "--inactive"])
    assert result.exit_code == 0, result.output
    assert "active True -> False" in result.output
    assert not _can_sign_in(app, user.email, PASSWORD)
    runner.invoke(args=["set-user", user.email, "--active"])
    assert _can_sign_in(app, user.email, PASSWORD)


def test_set_user_subcommittee(app: Flask, runner: FlaskCliRunner, make_user: MakeUser) -> None:
    user = make_user(Role.AI_REVIEWER)
    runner.invoke(args=["set-user", user.email, "--subcommittee"])
    assert _user(app, user.email).high_risk_subcommittee  # type: ignore[union-attr]
    runner.invoke(args=["set-user", user.email, "--no-subcommittee"])
    assert not _user(app, user.email).high_risk_subcommittee  # type: ignore[union-attr]


def test_set_user_reset_password_prints_it_once(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    result = runner.invoke(args=["set-user", user.email, "--reset-password"])
    assert result.exit_code == 0, result.output
    [password] = re.findall(r"\(shown once\): (\S+)", result.output)
    assert result.output.count(password) == 1
    assert _can_sign_in(app, user.email, password)
    assert not _can_sign_in(app, user.email, PASSWORD)


def test_set_user_set_password_asks_for_it(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    typed = f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = runner.invoke(args=["set-user", user.email, "--set-password"], input=typed)
    assert result.exit_code == 0, result.output
    assert "the password was changed" in result.output
    assert _can_sign_in(app, user.email, NEW_PASSWORD)


def test_set_user_refuses_a_short_password_before_changing_anything(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    result = runner.invoke(
        args=["set-user", user.email, "--role", "board", "--set-password"], input="short\nshort\n"
    )
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    assert _user(app, user.email).role is Role.REVIEWER  # type: ignore[union-attr]
    assert _can_sign_in(app, user.email, PASSWORD)


def test_set_user_errors(runner: FlaskCliRunner, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    unknown = runner.invoke(args=["set-user", "nobody@ct.gov", "--inactive"])
    assert unknown.exit_code == 1
    assert "There is no account with the email address nobody@ct.gov." in unknown.output
    agency = runner.invoke(args=["set-user", user.email, "--agency", "XYZ"])
    assert agency.exit_code == 1 and "There is no agency with the code 'XYZ'." in agency.output
    nothing = runner.invoke(args=["set-user", user.email])
    assert nothing.exit_code == 2 and "Nothing to change" in nothing.output
    both = runner.invoke(args=["set-user", user.email, "--reset-password", "--set-password"])
    assert both.exit_code == 2 and "not both" in both.output


def test_set_user_without_changes_says_so(runner: FlaskCliRunner, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER, agency="DSS")
    result = runner.invoke(args=["set-user", user.email, "--role", "reviewer"])
    assert result.exit_code == 0 and "nothing changed" in result.output


def test_set_user_help_documents_the_options(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["set-user", "--help"])
    for option in ("--role", "--agency", "--active / --inactive", "--reset-password"):
        assert option in result.output


# agencies and tables ----------------------------------------------------------------------------


def test_seed_agencies_is_idempotent(app: Flask, runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["seed-agencies"]).output.strip() == "Added 0 agencies."
    with app.app_context():
        db.session.delete(services.agency_by_code("OWS"))
        db.session.commit()
    assert runner.invoke(args=["seed-agencies"]).output.strip() == "Added 1 agency."


def test_create_user_cleans_the_name_and_refuses_a_long_one(
    app: Flask, runner: FlaskCliRunner
) -> None:
    base = ["create-user", "--email", "ana@ct.gov", "--role", "reviewer", "--agency", "DSS"]
    long_name = runner.invoke(args=[*base, "--name", "A" * 201, "--password", NEW_PASSWORD])
    assert long_name.exit_code != 0
    assert "the limit is 200" in long_name.output
    assert _user(app, "ana@ct.gov") is None
    name = "Ana \u202eziuR\x00"
    result = runner.invoke(args=[*base, "--name", name, "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    user = _user(app, "ana@ct.gov")
    assert user is not None and user.name == "Ana ziuR"
