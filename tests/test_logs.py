"""Logs an operator can use, read from the handler the app configures (at the app's own level,
never raised by the test): one JSON line per request, request ids, the security events
docs/security.md lists; and /metrics, to the configured addresses only."""

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.logs import log_handler
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser, _test_settings


@pytest.fixture
def lines(app: Flask) -> io.StringIO:
    """What the app's configured handler writes, from now on."""
    stream = io.StringIO()
    log_handler(app).setStream(stream)
    return stream


def _read(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _events(stream: io.StringIO, name: str) -> list[dict[str, Any]]:
    return [line for line in _read(stream) if line.get("event") == name]


def test_the_app_logs_at_info_by_default(app: Flask) -> None:
    assert logging.getLogger("ctdppeia.auth.views").getEffectiveLevel() == logging.INFO


def test_one_json_line_per_request_with_its_route_status_and_account(
    client: FlaskClient, auth: AuthActions, lines: io.StringIO
) -> None:
    user = auth.login(Role.REVIEWER, agency="DSS")
    lines.truncate(0)
    lines.seek(0)
    response = client.get("/requests/999999")
    requests = [line for line in _read(lines) if line["logger"] == "ctdppeia.request"]
    assert len(requests) == 1
    line = requests[0]
    assert line["route"] == "/requests/<int:request_id>"  # the rule, never the id
    assert line["status"] == response.status_code == 404
    assert line["method"] == "GET"
    assert line["user_id"] == user.id and line["agency_id"] == user.agency_id
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_signed_out_requests_name_no_account(client: FlaskClient, lines: io.StringIO) -> None:
    client.get("/login")
    (line,) = [line for line in _read(lines) if line["logger"] == "ctdppeia.request"]
    assert line["route"] == "/login" and line["status"] == 200
    assert "user_id" not in line


def test_a_sane_request_id_from_the_balancer_is_kept(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-Id": "haproxy-7f3a:0042"})
    assert response.headers["X-Request-Id"] == "haproxy-7f3a:0042"


@pytest.mark.parametrize(
    "given", ["", "short", "a b c d e f g h", "x" * 65, "id;drop/../x", "<script>alert(1)</script>"]
)
def test_another_request_id_is_replaced(client: FlaskClient, given: str) -> None:
    response = client.get("/healthz", headers={"X-Request-Id": given})
    made = response.headers["X-Request-Id"]
    assert made != given and len(made) == 32 and made.isalnum()


def test_each_request_gets_its_own_id(client: FlaskClient) -> None:
    ids = {client.get("/healthz").headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3


def test_error_pages_show_the_request_id(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    response = client.get("/requests/999999")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f"<code>{response.headers['X-Request-Id']}</code>" in page
    assert "If you ask for help, give this reference:" in page


def test_sign_in_and_refusal_are_logged_without_the_password(
    client: FlaskClient, make_user: MakeUser, lines: io.StringIO
) -> None:
    user = make_user(Role.REVIEWER)
    client.post("/login", data={"email": "nobody@example.gov", "password": "a wrong guess"})
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    (refused,) = _events(lines, "sign-in.refused")
    (signed_in,) = _events(lines, "sign-in")
    assert refused["level"] == "WARNING" and refused["email"] == "nobody@example.gov"
    assert refused["message"].startswith("sign-in refused: 'nobody@example.gov' from ")
    assert signed_in["level"] == "INFO" and signed_in["user_id"] == user.id
    assert signed_in["address"] == "127.0.0.1"
    assert "request_id" in signed_in
    assert "a wrong guess" not in lines.getvalue() and PASSWORD not in lines.getvalue()


def test_a_paused_sign_in_is_logged(
    client: FlaskClient, make_user: MakeUser, lines: io.StringIO
) -> None:
    users = [make_user(Role.REVIEWER) for _ in range(6)]
    for user in users[:5]:  # LOGIN_FAILURE_LIMIT: 5 per minute from one address
        client.post("/login", data={"email": user.email, "password": "not the password"})
    response = client.post("/login", data={"email": users[5].email, "password": PASSWORD})
    assert response.status_code == 429
    (paused,) = _events(lines, "sign-in.paused")
    assert paused["level"] == "WARNING" and paused["address"] == "127.0.0.1"


def test_sign_out_is_logged(client: FlaskClient, auth: AuthActions, lines: io.StringIO) -> None:
    user = auth.login(Role.APPROVER)
    client.post("/logout")
    (signed_out,) = _events(lines, "sign-out")
    assert signed_out["level"] == "INFO" and signed_out["user_id"] == user.id


def test_a_role_change_is_logged(app: Flask, make_user: MakeUser, lines: io.StringIO) -> None:
    admin, user = make_user(Role.ADMIN), make_user(Role.REVIEWER)
    with app.app_context():
        target = db.session.get(User, user.id)
        accounts.update_user(
            db.session.get(User, admin.id),
            target,
            name=target.name,
            role=Role.APPROVER,
            agency=target.agency,
            active=True,
            high_risk_subcommittee=False,
        )
        accounts.update_user(
            db.session.get(User, admin.id),
            target,
            name="A new name",
            role=Role.APPROVER,
            agency=target.agency,
            active=True,
            high_risk_subcommittee=False,
        )
    (changed,) = _events(lines, "role-change")  # the second change kept the role
    assert changed["level"] == "WARNING"
    assert (changed["role_before"], changed["role_after"]) == ("reviewer", "approver")
    assert changed["user_id"] == user.id and changed["actor_id"] == admin.id


def test_an_export_is_logged(migrated_app: Flask, tmp_path: Path) -> None:
    lines = io.StringIO()
    log_handler(migrated_app).setStream(lines)
    runner = migrated_app.test_cli_runner()
    result = runner.invoke(args=["export", str(tmp_path / "backup.zip")])
    assert result.exit_code == 0, result.output
    (exported,) = _events(lines, "export")
    assert exported["level"] == "WARNING" and exported["with_password_hashes"] is False


def test_log_level_is_a_setting(app: Flask, client: FlaskClient, lines: io.StringIO) -> None:
    quiet = create_app({**_test_settings(app.config["DATABASE_URL"]), "LOG_LEVEL": "WARNING"})
    stream = io.StringIO()
    log_handler(quiet).setStream(stream)
    quiet.test_client().get("/healthz")
    quiet.test_client().get("/no-such-page")
    assert stream.getvalue() == ""  # request lines are INFO
    logging.getLogger("ctdppeia.request").warning("seen at WARNING")
    assert _read(stream)[-1]["message"] == "seen at WARNING"


def _metrics_app(app: Flask, allowed: object) -> Flask:
    settings = {**_test_settings(app.config["DATABASE_URL"]), "METRICS_ALLOWED_ADDRESSES": allowed}
    return create_app(settings)


def test_metrics_are_refused_unless_the_address_is_configured(app: Flask) -> None:
    assert app.test_client().get("/metrics").status_code == 404  # nobody by default
    allowed = _metrics_app(app, "10.0.0.5, 192.168.7.0/24")
    client = allowed.test_client()
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 is not listed
    outside = client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.8.1"})
    assert outside.status_code == 404
    inside = client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.7.20"})
    assert inside.status_code == 200
    assert inside.content_type.startswith("text/plain; version=")


def test_metrics_count_requests_by_route_and_status_with_latency(app: Flask) -> None:
    client = _metrics_app(app, ["127.0.0.1"]).test_client()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'ctdppeia_requests_total{method="GET",route="/healthz",status="200"} 2.0' in text
    assert 'ctdppeia_requests_total{method="GET",route="unmatched",status="404"} 1.0' in text
    assert 'ctdppeia_request_duration_seconds_bucket{le="60.0",route="/healthz"} 2.0' in text
    assert 'ctdppeia_request_duration_seconds_count{route="/healthz"} 2.0' in text
    assert "job" not in text  # no job queue yet: nothing about one is printed


def test_a_malformed_metrics_address_stops_the_start(app: Flask) -> None:
    with pytest.raises(ValueError, match=r"'10\.0\.0\.300' is not an address"):
        _metrics_app(app, "10.0.0.1, 10.0.0.300")
