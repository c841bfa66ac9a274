"""CPU time of ``create_app`` as the tests call it (once per test), with Werkzeug compiling
every URL rule's builders for each app, or with the builders the tests share
(``tests/routing_cache.py``).

    PYTHONPATH=$PWD .venv/bin/python bench/create_app.py [--runs 20]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from ctdppeia import create_app


def settings(folder: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "bench",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SIGNING_PASSPHRASE": "bench",
        "FAST_PASSWORD_HASH_FOR_TESTS": True,
    }


def cpu_per_app(values: dict[str, object], runs: int) -> float:
    create_app(values)  # the imports and the first compile are paid once per process
    start = time.process_time()
    for _ in range(runs):
        create_app(values)
    return (time.process_time() - start) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    os.environ["CTDPPEIA_ENV"] = "development"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["CTDPPEIA_INSTANCE_PATH"] = str(folder / "instance")
        (folder / "instance").mkdir()
        values = settings(folder)
        plain = cpu_per_app(values, runs)
        from tests import routing_cache

        routing_cache.install()
        shared = cpu_per_app(values, runs)
    print(f"create_app, CPU per app, mean of {runs}:")
    print(f"  every rule compiled for each app:  {plain * 1000:.1f} ms")
    print(f"  the builders the tests share:      {shared * 1000:.1f} ms")


if __name__ == "__main__":
    main()
