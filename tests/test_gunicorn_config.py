"""The shipped gunicorn.conf.py: the settings production runs with (its served behaviour is in
tests/faults/test_served_logs.py)."""

import logging
import logging.config
import runpy
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.config import DefaultConfig
from ctdppeia.logs import JsonFormatter

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.fixture
def conf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    return runpy.run_path(str(CONF))


def _time_limits() -> dict[str, float]:
    """Every time limit of the app's settings, in seconds (the CPU-time limit included). The
    *_RECHECK_SECONDS settings are not limits: they say how often a signed-in person's directory
    groups are asked again, between requests."""
    return {
        name: float(getattr(DefaultConfig, name))
        for name in dir(DefaultConfig)
        if name.endswith("_SECONDS") and not name.endswith("_RECHECK_SECONDS")
    }


def test_the_timeout_is_above_every_time_limit_of_the_app(conf: dict[str, Any]) -> None:
    limits = _time_limits()
    assert limits["SIGNING_TIMEOUT_SECONDS"] == 60
    assert {"VERIFY_TIMEOUT_SECONDS", "MAIL_TIMEOUT_SECONDS"} <= set(limits)
    assert conf["timeout"] > max(limits.values())
    assert conf["graceful_timeout"] > limits["SIGNING_TIMEOUT_SECONDS"]  # a signing finishes


def test_threads_in_a_few_processes_that_are_replaced_in_turn(conf: dict[str, Any]) -> None:
    assert conf["worker_class"] == "gthread"
    assert conf["threads"] == 4 and conf["workers"] >= 2
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["wsgi_app"] == "ctdppeia:create_app()"
    assert conf["accesslog"] is None  # the app writes one line per request itself


def test_the_operator_can_size_it_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.4:8000,127.0.0.1:8000")
    monkeypatch.setenv("CTDPPEIA_SIGNING_TIMEOUT_SECONDS", "90")
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] == 3
    assert conf["bind"] == ["10.0.0.4:8000", "127.0.0.1:8000"]
    assert conf["timeout"] == 180 and conf["graceful_timeout"] > 90


def test_gunicorn_logs_json_and_leaves_the_apps_lines_to_the_app(conf: dict[str, Any]) -> None:
    settings = conf["logconfig_dict"]
    assert settings["formatters"]["json"]["()"] == "ctdppeia.logs.JsonFormatter"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logging.config.dictConfig(settings)
        (handler,) = root.handlers
        assert isinstance(handler.formatter, JsonFormatter)
        app_line = logging.makeLogRecord({"name": "ctdppeia.request", "msg": "x"})
        other = logging.makeLogRecord({"name": "sqlalchemy.pool", "msg": "y"})
        assert not handler.filter(app_line) and handler.filter(other)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
