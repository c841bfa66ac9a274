"""Benchmark: checking a review record against its JSON Schema, beside building its PDF.

    .venv/bin/python bench/record_schema.py [--runs 200] [--before FILE]

The record is the complete DPPEIA review of tests/pdf/sample_snapshot.py (every question
answered, 20 board comments, one outcome analysis). Prints the CPU time of one
`validate_snapshot` (best of 5 rounds of --runs calls), of building the validator once, and of
one `build_pdf` of the same record (the step the check comes before: the floor it is measured
against). --before FILE: a module file with its own `validate_snapshot` to time the same way,
e.g. the hand-written checker this replaced:
`git show c8c9377^:ctdppeia/pdf/snapshot.py > /tmp/before.py`.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctdppeia.pdf import build_pdf, record_digest  # noqa: E402
from ctdppeia.pdf.snapshot import validate_snapshot, validator  # noqa: E402
from tests.pdf.sample_snapshot import rich_snapshot  # noqa: E402


def cpu_ms(call: Callable[[], object], runs: int, rounds: int = 5) -> float:
    """Milliseconds of CPU time per call, best of `rounds` rounds of `runs` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(runs):
            call()
        best = min(best, (time.process_time() - start) / runs)
    return best * 1000


def load_before(path: str) -> Callable[[Any], None]:
    spec = importlib.util.spec_from_file_location("before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["before"] = module
    spec.loader.exec_module(module)
    check: Callable[[Any], None] = module.validate_snapshot
    return check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--before", help="a file with the validate_snapshot to compare")
    args = parser.parse_args()
    record = rich_snapshot()
    start = time.process_time()
    validator()
    print(f"build the validator once: {(time.process_time() - start) * 1000:.1f} ms CPU")
    validate_snapshot(record)
    check = cpu_ms(lambda: validate_snapshot(record), args.runs)
    print(f"validate_snapshot (JSON Schema): {check:.2f} ms CPU per record")
    if args.before:
        before = load_before(args.before)
        before(record)
        print(f"validate_snapshot (before): {cpu_ms(lambda: before(record), args.runs):.2f} ms CPU")
    digest = record_digest(record)
    pdf = cpu_ms(lambda: build_pdf(record, digest), 3, rounds=2)
    print(f"build_pdf of the same record (floor): {pdf:.0f} ms CPU ({check / pdf:.1%} of it)")


if __name__ == "__main__":
    main()
