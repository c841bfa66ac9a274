"""The public check page under attack (third security test, fault 1): a genuine review PDF with
signature fields added after signing that all point at its signature, flat, under /Kids,
nested, in a loop, or with many updates, gets "Could not be checked", never "Genuine"; a check
that runs over its CPU-time, memory or time limit gets the same; and when too many checks run
at once (in the worker, or across hosts in Redis) the page answers 429 with Retry-After."""

import io
import logging
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ctdppeia.documents import slots
from ctdppeia.pdf import verify as verify_module
from tests.documents.conftest import Made, write
from tests.mailsink import free_port
from tests.pdf import crafted

NOT_CHECKED = "Result: Could not be checked This file could not be checked."

ATTACKS: dict[str, Callable[[bytes], bytes]] = {
    "extra fields": lambda data: crafted.extra_fields(data, 12),
    "fields under /Kids": lambda data: crafted.fields_under_kids(data, 12),
    "fields nested deep": lambda data: crafted.nested_fields(data, 12),
    "a /Kids loop": crafted.kids_loop,
    "many revisions": lambda data: crafted.many_revisions(data, 8),
}


def _upload(client: FlaskClient, data: bytes) -> tuple[int, str, dict[str, str]]:
    response = client.post(
        "/verify",
        data={"pdf": (io.BytesIO(data), "review.pdf")},
        content_type="multipart/form-data",
    )
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return response.status_code, words, dict(response.headers)


def _not_checked(words: str) -> bool:
    return NOT_CHECKED in words and "Genuine" not in words


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_crafted_copies_of_a_genuine_review_are_not_checked(
    client: FlaskClient, locked: Made, signed_pdf: bytes, attack: str
) -> None:
    status, words, _ = _upload(client, ATTACKS[attack](signed_pdf))
    assert status == 200
    assert _not_checked(words)
    assert "It holds far more than a review PDF ever does (" in words


def test_small_caps_refuse_a_handful_of_fields(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    app.config.update(VERIFY_MAX_FIELDS=3, VERIFY_MAX_REVISIONS=5)
    status, words, _ = _upload(client, crafted.extra_fields(signed_pdf, 2))
    assert status == 200 and _not_checked(words)
    assert "more than 3 form fields in revision 5" in words
    status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and "Result: Genuine" in words  # 2 fields and 4 revisions: within the caps


def _spin(*args: object, **kwargs: object) -> object:
    while True:
        pass


def test_a_check_past_its_cpu_time_is_stopped(
    app: Flask,
    client: FlaskClient,
    locked: Made,
    signed_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.config.update(VERIFY_CPU_SECONDS=1, VERIFY_TIMEOUT_SECONDS=600)
    monkeypatch.setattr(verify_module, "_check_signature", _spin)
    with caplog.at_level(logging.WARNING):
        status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and _not_checked(words)
    assert "Checking it needed more time or memory than any review PDF does" in words
    assert "ran over its CPU-time limit" in caplog.text


def _allocate(*args: object, **kwargs: object) -> object:
    return bytes(1 << 30)  # 1 GB of address space (calloc: never touched without a limit)


def test_a_check_past_its_memory_is_stopped(
    app: Flask,
    client: FlaskClient,
    locked: Made,
    signed_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.config.update(VERIFY_MEMORY_MB=64)
    monkeypatch.setattr(verify_module, "_check_signature", _allocate)
    with caplog.at_level(logging.WARNING):
        status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and _not_checked(words)
    assert "Cannot allocate memory" in caplog.text or "MemoryError" in caplog.text


def _run_out_of_memory(*args: object, **kwargs: object) -> object:
    raise MemoryError


def test_running_out_of_memory_is_never_another_verdict(
    client: FlaskClient, locked: Made, signed_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A MemoryError inside the check is not read as an invalid signature or a damaged file."""
    monkeypatch.setattr(verify_module, "_check_signature", _run_out_of_memory)
    status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and _not_checked(words) and "Not valid" not in words


def _die(*args: object, **kwargs: object) -> object:
    os.kill(os.getpid(), signal.SIGKILL)
    return None


def test_a_check_that_dies_is_not_checked(
    client: FlaskClient,
    locked: Made,
    signed_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(verify_module, "_check_signature", _die)
    with caplog.at_level(logging.WARNING):
        status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and _not_checked(words)
    assert "ended by signal SIGKILL" in caplog.text


def _sleep(*args: object, **kwargs: object) -> object:
    time.sleep(600)
    return None


def test_a_check_past_its_time_is_stopped(
    app: Flask,
    client: FlaskClient,
    locked: Made,
    signed_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.config.update(VERIFY_TIMEOUT_SECONDS=1)
    monkeypatch.setattr(verify_module, "_check_signature", _sleep)
    with caplog.at_level(logging.WARNING):
        status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and _not_checked(words)
    assert "took longer than 1.0 seconds" in caplog.text


def _busy(status: int, words: str, headers: dict[str, str]) -> bool:
    return (
        status == 429
        and headers.get("Retry-After") in ("59", "60")  # a minute, less the second begun
        and "Too busy: try again in a minute" in words
        and "Too many files are being checked right now." in words
    )


def test_too_many_checks_in_one_worker_are_refused_at_once(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes
) -> None:
    app.config.update(VERIFY_CHECKS_PER_WORKER=1)
    with app.test_request_context(), slots.check_slot():  # another check is running
        assert _busy(*_upload(client, signed_pdf))
    status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and "Result: Genuine" in words


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis of its own for the test, on a free port."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(10)


def test_checks_across_hosts_are_counted_in_redis(
    app: Flask, client: FlaskClient, locked: Made, signed_pdf: bytes, redis_url: str
) -> None:
    app.config.update(RATELIMIT_STORAGE_URI=redis_url, VERIFY_CHECKS_AT_ONCE=1)
    store = redis.Redis.from_url(redis_url)
    store.zadd(slots.KEY, {"another host": time.time() + 60})  # a check running elsewhere
    assert _busy(*_upload(client, signed_pdf))
    store.zadd(slots.KEY, {"another host": time.time() - 1})  # its slot has expired
    status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and "Result: Genuine" in words
    assert store.zcard(slots.KEY) == 0  # the expired slot dropped, this check's given back
    store.close()


def test_when_redis_does_not_answer_the_limit_per_worker_holds(
    app: Flask,
    client: FlaskClient,
    locked: Made,
    signed_pdf: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"
    app.config.update(RATELIMIT_STORAGE_URI=closed, VERIFY_CHECKS_PER_WORKER=1)
    with caplog.at_level(logging.WARNING):
        status, words, _ = _upload(client, signed_pdf)
    assert status == 200 and "Result: Genuine" in words
    assert "PDF checks: Redis did not answer" in caplog.text
    with app.test_request_context(), slots.check_slot():
        assert _busy(*_upload(client, signed_pdf))


def test_the_command_says_the_same_and_exits_1(
    runner: FlaskCliRunner, locked: Made, signed_pdf: bytes, tmp_path: Path
) -> None:
    crafted_file = write(tmp_path, "crafted.pdf", crafted.extra_fields(signed_pdf, 12))
    result = runner.invoke(args=["verify-pdf", str(crafted_file)])
    assert result.exit_code == 1
    assert result.output.startswith("Result: Could not be checked\nThis file could not be checked.")
