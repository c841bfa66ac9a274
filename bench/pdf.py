"""Benchmark: build, sign (two signatures) and verify the PDF of a complete review.

    .venv/bin/python bench/pdf.py [--runs 10] [--long-runs 3] [--save-images]
                                  [--out bench/out/review.pdf]

The snapshot has every question answered and 20 board comments (tests/pdf/sample_snapshot.py).
One-time costs (signing identity, preparing the stamp fonts) are reported separately; the
figures are medians over the runs, wall-clock and CPU time, with the lowest and highest (the
machine may be shared). Then the signing job as the application runs it: built and signed in a
child process with a time limit, from each signer's encrypted key file (the first job of a
process opens the keys; later ones reuse them). --save-images renders the cover and sign-off
pages of the signed PDF to docs/images/ with pdftoppm.

Then the layout of one long answer: the same review with one answer of 10,000 characters, of
the longtext limit, and of 100,000 and 400,000 characters (more than the limit allows, as data
stored before the limit could be), each on one line with no break (the worst case for layout).
Seconds to build the PDF, median over --long-runs runs; time should grow in step with size.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "pdf"))

from pypdf import PdfReader  # noqa: E402
from sample_snapshot import APPROVER, REVIEWER, rich_snapshot  # noqa: E402

from ctdppeia.documents.job import SignerKey, SigningJob, run_with_time_limit  # noqa: E402
from ctdppeia.limits import LONG_TEXT  # noqa: E402
from ctdppeia.pdf import (  # noqa: E402
    add_signature_fields,
    build_pdf_with_boxes,
    record_digest,
    sign_pdf,
    verify_pdf,
)
from ctdppeia.pdf.authority import (  # noqa: E402
    Person,
    ensure_authority,
    identity_from_pkcs12,
    issue_person,
    load_authority,
)
from ctdppeia.pdf.fonts import stamp_font_for  # noqa: E402
from ctdppeia.pdf.keys import SigningIdentity  # noqa: E402


def machine() -> str:
    """CPU model, cores and Python version."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def timed_both(func: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """(wall, CPU) seconds and the result; CPU counts this process and its waited-for children."""
    wall, cpu = time.perf_counter(), _cpu_time()
    result = func()
    return (time.perf_counter() - wall, _cpu_time() - cpu), result


def _cpu_time() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


Signers = tuple[SigningIdentity, SigningIdentity, Any]  # reviewer, approver, authority cert


def sign_both(pdf: bytes, signers: Signers, digest: str) -> bytes:
    """Two signatures, each with its own person's certificate (as the app signs)."""
    now = datetime.now(UTC)
    common = {"digest": digest, "when": now}
    pdf = sign_pdf(
        pdf,
        field="ReviewerSig",
        role="Reviewer",
        signer_name=REVIEWER,
        certify=True,
        identity=signers[0],
        **common,
    )
    return sign_pdf(
        pdf,
        field="ApproverSig",
        role="Approver",
        signer_name=APPROVER,
        certify=False,
        identity=signers[1],
        **common,
    )


Timing = tuple[float, float]  # wall, CPU


def one_run(snapshot: dict[str, Any], signers: Signers) -> tuple[dict[str, Timing], bytes]:
    digest = record_digest(snapshot)
    build, built = timed_both(lambda: build_pdf_with_boxes(snapshot, digest))
    sign, signed = timed_both(
        lambda: sign_both(add_signature_fields(built.data, built.boxes), signers, digest)
    )
    verify, report = timed_both(lambda: verify_pdf(signed, [signers[2]]))
    assert report.ok, report
    both = (build[0] + sign[0], build[1] + sign[1])
    return {"build": build, "sign": sign, "verify": verify, "build + two signatures": both}, signed


def summary(values: list[Timing]) -> str:
    """Median wall and CPU time, each with its lowest and highest."""
    parts = []
    for index, name in ((0, "wall"), (1, "CPU")):
        seen = [value[index] for value in values]
        parts.append(f"{name} {statistics.median(seen):.3f} s ({min(seen):.3f}-{max(seen):.3f})")
    return ", ".join(parts)


def job_runs(snapshot: dict[str, Any], keys: tuple[bytes, bytes], runs: int) -> list[Timing]:
    """The application's signing job (child process, time limit), from the signers' files."""
    digest = record_digest(snapshot)
    now = datetime.now(UTC)
    signers = (
        SignerKey("Reviewer", REVIEWER, now, True, keys[0]),
        SignerKey("Approver", APPROVER, now, False, keys[1]),
    )
    job = SigningJob(snapshot, digest, None, None, signers, b"bench", None)
    timings = []
    for _ in range(runs):
        elapsed, signed = timed_both(lambda: run_with_time_limit(job, 60))
        assert signed.startswith(b"%PDF")
        timings.append(elapsed)
    return timings


LONG_SIZES = (10_000, LONG_TEXT, 100_000, 400_000)
SENTENCE = "The research team keeps the extract in the enclave and deletes it at the end. "


def long_answer_builds(runs: int) -> None:
    """Seconds (wall and CPU) to build the PDF of a review with one long answer, per size."""
    print(f"one long answer on one line: build only, median of {runs} runs (wall / CPU)")
    for size in LONG_SIZES:
        snapshot = rich_snapshot()
        text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        snapshot["sections"][0]["questions"][7]["answer"] = text
        digest = record_digest(snapshot)
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            built = build_pdf_with_boxes(snapshot, digest)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        pages = len(PdfReader(io.BytesIO(built.data)).pages)
        print(
            f"  {size:>9,} characters  {statistics.median(walls):7.3f} s / "
            f"{statistics.median(cpus):7.3f} s  {pages:>4} pages"
        )


def _people(authority: Any) -> tuple[Signers, tuple[bytes, bytes]]:
    """The two signers, loaded, and their encrypted key files."""
    keys = tuple(
        issue_person(authority, Person(name, f"{role}@example.gov", role, "Bench"), b"bench")
        for name, role in ((REVIEWER, "Reviewer"), (APPROVER, "Approver"))
    )
    loaded = tuple(identity_from_pkcs12(key, b"bench") for key in keys)
    return (loaded[0], loaded[1], authority.asn1), (keys[0], keys[1])


def save_images(signed: bytes) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: no images saved")
        return
    last = len(PdfReader(io.BytesIO(signed)).pages)
    target = ROOT / "docs" / "images"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "review.pdf"
        source.write_bytes(signed)
        for page, name in ((1, "review-cover"), (last, "review-signoff")):
            args = ["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page)]
            subprocess.run([*args, str(source), str(target / name)], check=True)
            print(f"saved {target / name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--long-runs", type=int, default=3)
    parser.add_argument("--save-images", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    print(f"machine: {machine()}")
    snapshot = rich_snapshot()
    with tempfile.TemporaryDirectory() as tmp:
        first_key, path = timed(
            lambda: ensure_authority(Path(tmp) / "ca.p12", b"bench", "Bench Agency")
        )
        authority = load_authority(path, b"bench")
    load, (signers, keys) = timed(lambda: _people(authority))
    unopened = tuple(
        issue_person(authority, Person(name, "x@example.gov", "Bench", "Bench"), b"bench")
        for name in (REVIEWER, APPROVER)
    )
    font, _ = timed(lambda: stamp_font_for(""))
    print(
        f"one-time: authority created {first_key:.3f} s, two person certificates issued and "
        f"loaded {load:.3f} s, stamp fonts prepared {font:.3f} s"
    )

    runs = [one_run(snapshot, signers) for _ in range(args.runs)]
    signed = runs[-1][1]
    pages = len(PdfReader(io.BytesIO(signed)).pages)
    print(f"document: {pages} pages, {len(signed) / 1024:.0f} KiB signed; {args.runs} runs")
    print("  median (lowest-highest)")
    for key in runs[0][0]:
        print(f"  {key:<24} {summary([run[0][key] for run in runs])}")
    cold = job_runs(snapshot, (unopened[0], unopened[1]), 1)
    warm = job_runs(snapshot, keys, args.runs)
    print(f"  {'job, first of a process':<24} {summary(cold)}")
    print(f"  {'job, keys already open':<24} {summary(warm)}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(signed)
    if args.save_images:
        save_images(signed)
    long_answer_builds(args.long_runs)


if __name__ == "__main__":
    main()
