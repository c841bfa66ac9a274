"""Every documented way to configure the application, and the order they apply in."""

from pathlib import Path

import pytest
from flask import Flask

from ctdppeia import create_app
from ctdppeia.config import DEVELOPMENT_BASE_URL, PROJECT_ROOT, ConfigurationError


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty instance folder named by CTDPPEIA_INSTANCE_PATH."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(folder))
    return folder


def _write_config(instance: Path, text: str) -> None:
    (instance / "config.py").write_text(text)


def _production_settings(instance: Path) -> dict[str, str]:
    key = instance / "shared-authority.p12"
    key.write_bytes(b"an authority file copied to every host")
    return {
        "CTDPPEIA_SECRET_KEY": "a-secret-every-host-shares",
        "CTDPPEIA_SIGNING_CA_PKCS12": str(key),
        "CTDPPEIA_SIGNING_CA_PASSPHRASE": "its passphrase",
        "CTDPPEIA_SIGNING_PASSPHRASE": "the passphrase of the signers' keys",
        "CTDPPEIA_PUBLIC_BASE_URL": "https://ctdppeia.example",
    }


def test_defaults(instance: Path) -> None:
    app = create_app()
    assert app.instance_path == str(instance.resolve())
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'ctdppeia.sqlite3'}"
    assert app.config["SESSION_IDLE_MINUTES"] == 30
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 30 * 60
    assert app.config["SESSION_COOKIE_SECURE"] is False
    # In development the secret key is made on first use and kept in the instance folder.
    assert app.config["SECRET_KEY"] == (instance / "secret_key").read_text().strip()
    assert create_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_the_instance_folder_defaults_to_instance_beside_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CTDPPEIA_INSTANCE_PATH", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert app.instance_path == str(PROJECT_ROOT / "instance")


def test_instance_config_file_is_read(instance: Path) -> None:
    _write_config(
        instance,
        'DATABASE_URL = "postgresql://someone@db.example/ctdppeia"\n'
        "SESSION_IDLE_MINUTES = 12\n"
        'SECRET_KEY = "from-the-instance-file"\n',
    )
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://someone@db.example/ctdppeia"
    )
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 60
    assert app.config["SECRET_KEY"] == "from-the-instance-file"
    assert not (instance / "secret_key").exists()


def test_environment_variables_are_read_as_json_when_they_parse(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_DATABASE_URL", f"sqlite:///{instance / 'other.sqlite3'}")
    monkeypatch.setenv("CTDPPEIA_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("CTDPPEIA_MIN_CELL_SIZE", "5")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["MIN_CELL_SIZE"] == 5
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"


def test_environment_overrides_the_instance_file_which_overrides_the_defaults(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_config(instance, "SESSION_IDLE_MINUTES = 12\nMIN_CELL_SIZE = 7\n")
    monkeypatch.setenv("CTDPPEIA_SESSION_IDLE_MINUTES", "45")
    app = create_app()
    assert app.config["SESSION_IDLE_MINUTES"] == 45  # environment over the file
    assert app.config["MIN_CELL_SIZE"] == 7  # the file over the default
    assert app.config["REQUESTS_PER_PAGE"] == 25  # the default


def test_test_config_replaces_the_file_and_the_environment(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_config(instance, "MIN_CELL_SIZE = 7\n")
    monkeypatch.setenv("CTDPPEIA_SESSION_IDLE_MINUTES", "45")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MIN_CELL_SIZE": 3})
    assert app.config["MIN_CELL_SIZE"] == 3
    assert app.config["SESSION_IDLE_MINUTES"] == 30


# --- production ---------------------------------------------------------------------------


@pytest.fixture
def production(instance: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Production mode (CTDPPEIA_ENV unset) with every required setting in the environment."""
    monkeypatch.delenv("CTDPPEIA_ENV")
    settings = _production_settings(instance)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return settings


def test_production_starts_with_the_shared_settings(
    instance: Path, production: dict[str, str]
) -> None:
    app = create_app()
    assert app.config["ENV"] == "production"
    assert app.config["SECRET_KEY"] == "a-secret-every-host-shares"
    assert not (instance / "secret_key").exists()


def test_production_session_cookie_is_secure_and_host_only(production: dict[str, str]) -> None:
    app = create_app()
    response = app.test_client().get("/login", base_url="https://ctdppeia.example")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-ctdppeia=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Domain=" not in cookie and "Path=/" in cookie


def test_production_may_serve_plain_http_when_told(
    production: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_SESSION_COOKIE_SECURE", "false")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_NAME"] == "session"


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "SIGNING_CA_PKCS12",
        "SIGNING_CA_PASSPHRASE",
        "SIGNING_PASSPHRASE",
        "PUBLIC_BASE_URL",
    ],
)
def test_production_refuses_to_start_without_a_shared_setting(
    instance: Path, production: dict[str, str], monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.delenv(f"CTDPPEIA_{missing}")
    with pytest.raises(ConfigurationError, match=f"without {missing}.*CTDPPEIA_{missing}"):
        create_app()
    assert not (instance / "secret_key").exists()


def test_production_settings_may_come_from_the_instance_file(
    instance: Path, production: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CTDPPEIA_SECRET_KEY")
    _write_config(instance, 'SECRET_KEY = "kept-in-the-instance-file"\n')
    assert create_app().config["SECRET_KEY"] == "kept-in-the-instance-file"


def test_production_refuses_a_signing_key_this_host_does_not_have(
    production: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CTDPPEIA_SIGNING_CA_PKCS12", str(tmp_path / "missing.p12"))
    with pytest.raises(ConfigurationError, match=r"missing\.p12, which is not a file"):
        create_app()


def test_an_unknown_mode_is_refused(instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTDPPEIA_ENV", "staging")
    with pytest.raises(ConfigurationError, match="'staging'"):
        create_app()


def test_the_shell_commands_refuse_too(instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    monkeypatch.delenv("CTDPPEIA_ENV")
    runner = CliRunner()
    result = runner.invoke(FlaskGroup(create_app=create_app), ["routes"])
    assert result.exit_code != 0
    assert (
        "without SECRET_KEY, SIGNING_CA_PKCS12, SIGNING_CA_PASSPHRASE, SIGNING_PASSPHRASE, "
        "PUBLIC_BASE_URL" in str(result.exception)
    )


# --- the site's own address ---------------------------------------------------------------


def test_production_answers_only_to_the_host_of_its_public_address(
    production: dict[str, str],
) -> None:
    client = create_app().test_client()
    assert client.get("/healthz", base_url="https://ctdppeia.example").status_code == 200
    for host in ("evil.example", "ctdppeia.example.evil.example", "localhost"):
        response = client.get("/login", headers={"Host": host})
        assert response.status_code == 400, host


def test_production_may_trust_more_hosts_when_told(
    production: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_TRUSTED_HOSTS", "ctdppeia.example, probe.internal")
    app = create_app()
    assert app.config["TRUSTED_HOSTS"] == ["ctdppeia.example", "probe.internal"]
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "probe.internal"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    "address",
    ["reviews.ct.gov", "ftp://reviews.ct.gov", "https://", "https://reviews.ct.gov/?a=b",
     "https://someone@reviews.ct.gov", "https://reviews.ct.gov/#top"],
)  # fmt: skip
def test_an_unusable_public_address_is_refused(
    production: dict[str, str], monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    monkeypatch.setenv("CTDPPEIA_PUBLIC_BASE_URL", address)
    with pytest.raises(ConfigurationError, match=r"PUBLIC_BASE_URL is .*like https://"):
        create_app()


def test_development_links_start_with_the_address_make_run_serves(instance: Path) -> None:
    app = create_app()
    assert app.config["PUBLIC_BASE_URL"] == DEVELOPMENT_BASE_URL == "http://127.0.0.1:5000"
    assert app.config["TRUSTED_HOSTS"] is None  # any host name on a development machine


# --- behind a proxy -----------------------------------------------------------------------


def _where_from(app: Flask) -> tuple[str, str, str]:
    from flask import request

    from ctdppeia.access import public

    @app.route("/test-where")
    @public
    def where() -> str:
        return f"{request.remote_addr} {request.scheme} {request.host}"

    response = app.test_client().get(
        "/test-where",
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "reviews.ct.gov",
        },
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    address, scheme, host = response.get_data(as_text=True).split()
    return address, scheme, host


def test_forwarded_headers_are_ignored_unless_configured(instance: Path) -> None:
    assert _where_from(create_app()) == ("10.0.0.2", "http", "localhost")


def test_forwarded_headers_are_trusted_when_configured(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("FOR", "PROTO", "HOST"):
        monkeypatch.setenv(f"CTDPPEIA_PROXY_FIX_X_{name}", "1")
    assert _where_from(create_app()) == ("203.0.113.9", "https", "reviews.ct.gov")
