"""bench/hosts.py's own reading of its run: the last line CI compares, and the counts it takes
from HAProxy's log (in the log-format of deploy/haproxy.cfg)."""

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _request(server: str, status: int, counters: str, request: str) -> str:
    """One request's line, in deploy/haproxy.cfg's log-format."""
    return (
        f"127.0.0.1:55082 [07/Dec/2026:09:33:39.303] ctdppeia ctdppeia_hosts/{server} "
        f"0/0/0/313/313 {status} 3533 ---- {counters} 0/0 "
        f'{{9a2f8c22-af6a-4684-a786-28bed3940854}} "{request} HTTP/1.1"'
    )


DOWN = "Server ctdppeia_hosts/host1 is DOWN, reason: Layer7 timeout, check duration: 2002ms."
HAPROXY_LOG = "\n".join(
    [
        "[NOTICE]   (3236) : New worker (3238) forked",
        _request("host2", 200, "20/20/10/7/+1", "GET /reviews/21/signed"),
        _request("host1", 302, "20/20/10/7/0", "POST /reviews/3/sections/planning"),
        f"[WARNING]  (3238) : {DOWN}",
        DOWN,
        _request("<NOSRV>", 503, "20/20/0/0/0", "GET /ai-inventory"),
    ]
)


@pytest.fixture
def check() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("hosts_check")
    finally:
        sys.path.remove(str(BENCH))


def test_the_last_line_is_the_one_ci_compares(check: ModuleType) -> None:
    assert check.summary_line(0, 0, 1) == (
        "lost writes: 0, double signatures: 0, certificates per signer: 1"
    )
    ci = (BENCH.parent / ".ci" / "run").read_text()
    assert f'expected="{check.summary_line(0, 0, 1)}"' in ci


def test_the_balancer_log_counts_answers_failures_and_requests_sent_elsewhere(
    check: ModuleType, tmp_path: Path
) -> None:
    log = tmp_path / "haproxy.log"
    log.write_text(HAPROXY_LOG)
    served, failed, redispatched = check.balancer_log(log)
    assert (served, failed, redispatched) == (3, 1, 1)
