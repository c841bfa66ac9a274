"""Crafted uploads to the public check page (third security test, fault 1): a signed PDF (made
with a certificate of its own, as anyone can) and an incremental update adding N signature
fields that all point at its signature.

    .venv/bin/python bench/verify_attack.py [--fields 100 300 1000] [--seconds 20]
        [--workers 2] [--threads 4] [--uploaders 8] [--unbounded-fields 100] [--repeat 5]
        [--ratelimit-storage redis://127.0.0.1:6379/0]

1. In this process: CPU seconds of `verify_pdf` on each crafted file with the default budget,
   and on the file of `--unbounded-fields` fields without a budget (the cost before).
2. For each configuration, the budget on (the defaults) and off (caps of 100,000: only the
   child's limits and the limit on checks at once hold), gunicorn serves the app (`--workers`
   x `--threads`, a new SQLite database, the rate limits in `--ratelimit-storage`), and:
   * uploads of each crafted file one after another (the median of `--repeat`, or one upload
     without the budget), time and verdict;
   * the floor: `GET /healthz` every 0.1 s for half of `--seconds`, alone;
   * the attack: `--uploaders` clients each uploading the largest crafted file again and again
     for `--seconds` (each from its own address, so the per-address limit does not stop them),
     while `GET /healthz` is asked every 0.1 s: health-check latency beside the floor, uploads
     answered (verdict or 429 "too busy"), and their latency.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import walkthrough as walk  # noqa: E402

from ctdppeia.pdf import (  # noqa: E402
    add_signature_fields,
    build_pdf_with_boxes,
    ensure_signing_identity,
    load_signing_identity,
    record_digest,
    sign_pdf,
    verify_pdf,
)
from ctdppeia.pdf.budget import Budget  # noqa: E402
from tests.pdf.crafted import extra_fields  # noqa: E402
from tests.pdf.sample_snapshot import REVIEWER, rich_snapshot  # noqa: E402

TITLE = re.compile(r"<title>(?:Result: )?([^<—]+?) —")
UNBOUNDED = {"CTDPPEIA_VERIFY_MAX_FIELDS": "100000", "CTDPPEIA_VERIFY_MAX_REVISIONS": "100000"}


def self_signed(folder: Path) -> bytes:
    """A review PDF signed once with a certificate authority made here."""
    identity = load_signing_identity(
        ensure_signing_identity(folder / "own.p12", b"bench", "Anyone"), b"bench"
    )
    snapshot = rich_snapshot()
    digest = record_digest(snapshot)
    built = build_pdf_with_boxes(snapshot, digest)
    return sign_pdf(
        add_signature_fields(built.data, built.boxes),
        field="ReviewerSig",
        identity=identity,
        role="Reviewer",
        signer_name=REVIEWER,
        digest=digest,
        certify=True,
        when=datetime(2026, 12, 7, tzinfo=UTC),
    )


def cpu_seconds(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def offline(files: dict[int, bytes], signed: bytes, unbounded: int) -> None:
    print("In this process (CPU seconds of verify_pdf):")
    for count, data in files.items():
        report = verify_pdf(data, [], Budget())
        seconds = cpu_seconds(lambda data=data: verify_pdf(data, [], Budget()))
        print(
            f"  {count:>5} fields, {len(data) // 1024} KB, budget: {seconds:.3f} s, {report.kind}"
        )
    data = extra_fields(signed, unbounded)
    no_budget = Budget(fields=10**5, revisions=10**5)
    seconds = cpu_seconds(lambda: verify_pdf(data, [], no_budget))
    print(f"  {unbounded:>5} fields, {len(data) // 1024} KB, no budget: {seconds:.3f} s")


class Uploader:
    """A client of its own (session, form token, address) posting a file to /verify."""

    addresses = itertools.count(1)

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=300)
        token = walk.CSRF.search(self.client.get("/verify").text)
        assert token, "no form token on /verify"
        self.token = token.group(1)

    def upload(self, data: bytes) -> tuple[float, int, str]:
        number = next(self.addresses)
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        started = time.monotonic()
        response = self.client.post(
            "/verify",
            data={"csrf_token": self.token},
            files={"pdf": ("review.pdf", data, "application/pdf")},
            headers={"X-Forwarded-For": address},
        )
        match = TITLE.search(response.text)
        return time.monotonic() - started, response.status_code, match.group(1) if match else "?"


def probe(base: str, stop: threading.Event, latencies: list[float], errors: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            started = time.monotonic()
            try:
                ok = client.get("/healthz").status_code == 200
            except httpx.HTTPError as error:
                ok, _ = False, errors.append(str(error))
            if ok:
                latencies.append(time.monotonic() - started)
            stop.wait(0.1)


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return f"{len(values)} answers"
    ms = sorted(v * 1000 for v in values)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, max {ms[-1]:.0f} ms ({len(ms)} answers)"


def floor(base: str, seconds: float) -> list[float]:
    stop, latencies, errors = threading.Event(), [], []
    thread = threading.Thread(target=probe, args=(base, stop, latencies, errors))
    thread.start()
    time.sleep(seconds)
    stop.set()
    thread.join()
    return latencies


def attack(base: str, data: bytes, uploaders: int, seconds: float) -> None:
    clients = [Uploader(base) for _ in range(uploaders)]
    results: list[tuple[float, int, str]] = []
    stop, health, errors = threading.Event(), [], []
    ends = time.monotonic() + seconds

    def upload_again(client: Uploader) -> None:
        while time.monotonic() < ends:
            results.append(client.upload(data))

    threads = [threading.Thread(target=upload_again, args=(c,)) for c in clients]
    prober = threading.Thread(target=probe, args=(base, stop, health, errors))
    prober.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    prober.join()
    answers = Counter(f"{status} {word}" for _, status, word in results)
    print(f"  attack: {uploaders} uploaders for {seconds:.0f} s: /healthz {spread(health)}")
    print(f"    uploads answered: {dict(answers)}; errors of /healthz: {len(errors)}")
    print(f"    upload latency: {spread([t for t, _, _ in results])}")


def one_by_one(uploader: Uploader, files: dict[int, bytes], repeat: int) -> None:
    for count, data in files.items():
        answers = [uploader.upload(data) for _ in range(repeat)]
        seconds = statistics.median(t for t, _, _ in answers)
        verdicts = dict(Counter(f"{status} {word}" for _, status, word in answers))
        print(f"  one by one, {count:>5} fields: median {seconds:.2f} s of {repeat}, {verdicts}")


def run(
    args: argparse.Namespace, files: dict[int, bytes], name: str, env: dict[str, str], repeat: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        walk.fresh_database(instance)
        settings = {"CTDPPEIA_PROXY_FIX_X_FOR": "1", **env}
        if args.ratelimit_storage:
            settings["RATELIMIT_STORAGE_URI"] = args.ratelimit_storage
        port = walk.free_port()
        server = walk.serve(instance, port, args.workers, args.threads, settings)
        base = f"http://127.0.0.1:{port}"
        try:
            print(f"\n{name} (gunicorn {args.workers} x {args.threads}):")
            one_by_one(Uploader(base), files, repeat)
            print(f"  floor: /healthz alone: {spread(floor(base, args.seconds / 2))}")
            attack(base, files[max(files)], args.uploaders, args.seconds)
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fields", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--unbounded-fields", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--uploaders", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ratelimit-storage", default="")
    args = parser.parse_args()
    print(f"Machine: {walk.machine()}; load average {os.getloadavg()[0]:.1f} at start")
    print(f"Started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as folder:
        signed = self_signed(Path(folder))
    files = {count: extra_fields(signed, count) for count in args.fields}
    offline(files, signed, args.unbounded_fields)
    run(args, files, "With the budget (the defaults)", {}, args.repeat)
    unbounded = "Without the budget (child limits and checks at once only)"
    run(args, files, unbounded, UNBOUNDED, 1)
    print(f"\nEnded {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
