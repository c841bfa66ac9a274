"""Benchmark: the inventory's exports to other standards and the publishing validator.

    .venv/bin/python bench/inventory_exports.py [--entries 1000]

The entries are `tests/inventory/seeded.py`'s (clean, every status, tier and kind of AI),
made in memory. Prints the CPU time (best of 3 rounds) of writing each export for all of them
(the OMB CSV, and each JSON standard's records), of the validator over the batch (no link
resolution: that needs the application), and of checking the JSON documents against their
schemas with `jsonschema` (what the tests do, not what the site does).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jsonschema import Draft202012Validator  # noqa: E402

from ctdppeia.inventory import validator  # noqa: E402
from ctdppeia.inventory.standards import EntryView, omb  # noqa: E402
from ctdppeia.inventory.standards.jsonfiles import (  # noqa: E402
    STANDARDS,
    JsonStandard,
    document_schema,
    head,
)
from tests.inventory import seeded  # noqa: E402

BASE = "https://ai.example.ct.gov"


def cpu_ms(call: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    count = parser.parse_args().entries
    records = seeded.records(count)
    views = [EntryView(record, BASE) for record in records]
    print(f"{count} entries")
    print(f"validator, whole batch: {cpu_ms(lambda: validator.validate(records)):.0f} ms")
    print(f"OMB 2025 CSV: {cpu_ms(lambda: b''.join(omb.csv_chunks(views))):.0f} ms")
    for slug, standard in STANDARDS.items():
        build = partial(_records, standard, views)
        document = {**head(standard, "2026-12-01T00:00:00Z"), "$schema": BASE, "records": build()}
        checker = Draft202012Validator(document_schema(standard, BASE))
        checked = cpu_ms(partial(_errors, checker, document))
        print(f"{slug}: records {cpu_ms(build):.0f} ms, jsonschema check {checked:.0f} ms")


def _records(standard: JsonStandard, views: list[EntryView]) -> list[dict[str, Any]]:
    return [standard.record(view) for view in views]


def _errors(checker: Draft202012Validator, document: dict[str, Any]) -> list[Any]:
    return list(checker.iter_errors(document))


if __name__ == "__main__":
    main()
