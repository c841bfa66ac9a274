"""The files in deploy/ are the ones an operator installs (docs/deployment.md, "From an empty
host"): HAProxy's configuration is checked by HAProxy itself, the systemd units by
`systemd-analyze verify` (or, where it is missing, read as the INI files they are). The
HAProxy configuration also runs for real in front of two hosts in bench/hosts.py."""

import configparser
import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
INSTALLED = "/opt/ctdppeia"  # where the units expect the checkout (docs/deployment.md)
UNITS = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))
SETTINGS = {
    "CTDPPEIA_HTTP_BIND": "127.0.0.1:8080",
    "CTDPPEIA_SITE_HOST": "reviews.example.gov",
    "CTDPPEIA_HOST1": "10.0.0.11:8000",
    "CTDPPEIA_HOST2": "10.0.0.12:8000",
}

needs_haproxy = pytest.mark.skipif(
    shutil.which("haproxy") is None, reason="haproxy is not installed (apt-get install haproxy)"
)


def _haproxy_check(settings: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")} | settings
    return subprocess.run(
        ["haproxy", "-c", "-f", str(DEPLOY / "haproxy.cfg")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _self_signed_pem(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reviews.example.gov")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@needs_haproxy
def test_haproxy_accepts_the_configuration_as_installed() -> None:
    result = _haproxy_check(SETTINGS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stdout + result.stderr


@needs_haproxy
def test_haproxy_accepts_it_with_tls(tmp_path: Path) -> None:
    pem = tmp_path / "site.pem"
    _self_signed_pem(pem)
    tls = {"CTDPPEIA_TLS_PEM": str(pem), "CTDPPEIA_HTTPS_BIND": "127.0.0.1:8443"}
    result = _haproxy_check(SETTINGS | tls)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stdout + result.stderr


@needs_haproxy
def test_haproxy_accepts_it_unprivileged_as_the_benchmark_runs_it() -> None:
    result = _haproxy_check(SETTINGS | {"CTDPPEIA_HAPROXY_UNPRIVILEGED": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


@needs_haproxy
def test_haproxy_refuses_it_without_the_hosts() -> None:
    """A missing setting is an error at start, not a balancer without hosts."""
    missing = {k: v for k, v in SETTINGS.items() if k != "CTDPPEIA_HOST2"}
    assert _haproxy_check(missing).returncode != 0


def _units_here(folder: Path) -> list[Path]:
    """The units with this checkout and this virtual environment where the installed ones
    would be, so that systemd can check that every command they run exists."""
    venv_bin = f"{Path(sys.executable).parent}/"
    copies = []
    for unit in UNITS:
        text = unit.read_text().replace(f"{INSTALLED}/.venv/bin/", venv_bin)
        copy = folder / unit.name
        copy.write_text(text.replace(INSTALLED, str(ROOT)))
        copies.append(copy)
    return copies


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_finds_nothing_wrong_in_the_units(tmp_path: Path) -> None:
    result = subprocess.run(
        ["systemd-analyze", "verify", *map(str, _units_here(tmp_path))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def test_every_service_runs_from_the_installed_checkout_with_its_settings() -> None:
    """What systemd-analyze cannot know: the paths and the settings file are the ones the
    operator page installs, and each timer starts a service that is here."""
    services = {unit.name: _unit(unit) for unit in UNITS if unit.suffix == ".service"}
    assert set(services) == {
        "ctdppeia-web.service",
        "ctdppeia-worker.service",
        "ctdppeia-scheduler.service",
        "ctdppeia-daily.service",
    }
    for name, unit in services.items():
        service = unit["Service"]
        assert service["WorkingDirectory"] == INSTALLED, name
        assert service["EnvironmentFile"] == "/etc/ctdppeia/ctdppeia.env", name
        assert service["User"] == "ctdppeia", name
        assert service["ProtectSystem"] == "strict", name
    web = services["ctdppeia-web.service"]["Service"]
    assert web["ExecStart"] == f"{INSTALLED}/.venv/bin/gunicorn --config gunicorn.conf.py"
    assert web["ExecStartPre"] == f"{INSTALLED}/.venv/bin/flask --app ctdppeia db upgrade"
    # systemd waits longer than gunicorn's graceful shutdown (the signing limit + 30 s)
    assert int(web["TimeoutStopSec"]) > 90
    for timer in (unit for unit in UNITS if unit.suffix == ".timer"):
        assert f"{timer.stem}.service" in services, timer.name
        assert _unit(timer)["Timer"]["OnCalendar"]
