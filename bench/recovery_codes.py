"""Benchmark: what checking a recovery code costs now that each is stored like a password.

    .venv/bin/python bench/recovery_codes.py [--runs 5]

Makes ten recovery codes and stores them as the app does (scrypt with its own salt each, and
the keyed lookup value, `mfa.codes`), then times, --runs times, what the code step of signing
in does with a typed code: find the rows whose lookup value matches among the ten, then check
their hashes. Cases: the tenth code, a wrong code of the right shape, text that is not a
code's shape; and, for comparison, checking all ten hashes without the lookup (a wrong code's
cost if each code's salt had to be tried in turn). The floor beside them is one password check
(`check_password_hash` on a scrypt hash), which every sign-in already pays. Prints the median
wall-clock and CPU time of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from flask import Flask
    from werkzeug.security import check_password_hash

    from ctdppeia.auth.mfa import codes
    from ctdppeia.models.user import hash_secret

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "benchmark secret key"
    with app.app_context():
        made = codes.new_recovery_codes()
        rows = [codes.stored_recovery_code(1, code) for code in made]  # scrypt: production
        password_hash = hash_secret("a password of the usual length")

        def look_up(typed: str) -> Callable[[], object]:
            def check() -> bool:
                code = codes.normalise(typed)
                if not codes.is_recovery_code(code):
                    return False
                lookup = codes.recovery_lookup(code)
                found = [row for row in rows if row.lookup == lookup]
                return any(codes.recovery_matches(row.code_hash, code) for row in found)

            return check

        def every_hash(typed: str) -> Callable[[], object]:
            code = codes.normalise(typed)
            return lambda: any(codes.recovery_matches(row.code_hash, code) for row in rows)

        wrong = codes.new_recovery_codes()[0]
        cases = {
            "floor: one password check": lambda: check_password_hash(password_hash, "a guess"),
            "the tenth code (1 hash)": look_up(made[-1]),
            "wrong code, right shape (no hash)": look_up(wrong),
            "not a code's shape (no hash)": look_up("hello there"),
            "without the lookup: wrong code (10 hashes)": every_hash(wrong),
        }
        print(f"method {rows[0].code_hash.split('$')[0]}, {runs} runs, medians")
        for name, action in cases.items():
            wall, cpu = timed(action, runs)
            print(f"{name:44} {wall:8.1f} ms wall {cpu:8.1f} ms CPU")


if __name__ == "__main__":
    main()
