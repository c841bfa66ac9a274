"""Benchmark: what checking a recovery code costs now that each is stored like a password.

    .venv/bin/python bench/recovery_codes.py [--runs 5]

Makes ten recovery codes and stores them with the production hash (scrypt, its own salt each,
`models.user.hash_secret`), then times, --runs times, what the code step of signing in does
with a typed code: a wrong code of the right shape (checked against all ten, the worst case),
the tenth code (the last one tried), and text that is not a code's shape (no hash is checked).
The floor beside them is one password check (`check_password_hash` on a scrypt password
hash), which every sign-in already pays. Prints the median wall-clock and CPU time of each.
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

    from werkzeug.security import check_password_hash

    from ctdppeia.mfa import codes
    from ctdppeia.models.user import hash_secret

    made = codes.new_recovery_codes()
    stored = [hash_secret(codes.normalise(code)) for code in made]  # no app: scrypt
    password_hash = hash_secret("a password of the usual length")
    wrong = codes.normalise(codes.new_recovery_codes()[0])

    def check(typed: str) -> Callable[[], object]:
        return lambda: any(codes.recovery_matches(h, codes.normalise(typed)) for h in stored)

    cases = {
        "floor: one password check": lambda: check_password_hash(password_hash, "a guess"),
        "wrong code, right shape (10 hashes)": check(wrong),
        "the tenth code (10 hashes)": check(made[-1]),
        "not a code's shape (no hash)": check("hello there"),
    }
    print(f"method {stored[0].split('$')[0]}, {runs} runs, medians")
    for name, action in cases.items():
        wall, cpu = timed(action, runs)
        print(f"{name:40} {wall:8.1f} ms wall {cpu:8.1f} ms CPU")


if __name__ == "__main__":
    main()
