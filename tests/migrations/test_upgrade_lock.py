"""`flask db upgrade` from two hosts at once: on PostgreSQL each takes an advisory lock first
(migrations/env.py), so the second waits for the first and then finds nothing to do."""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests import databases

UPGRADE_LOCK_KEY = 0x63746470_75706772  # the key in migrations/env.py
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL (TEST_DATABASE_URL)"
)


def _psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _upgrade(url: str, instance: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")}
    env |= {
        "CTDPPEIA_ENV": "development",
        "CTDPPEIA_DATABASE_URL": url,
        "CTDPPEIA_INSTANCE_PATH": str(instance),
        "CTDPPEIA_SECRET_KEY": "upgrade-lock-test",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    command = [sys.executable, "-m", "flask", "--app", "ctdppeia", "db", "upgrade"]
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _waiting(connection: psycopg.Connection[Any]) -> int:
    row = connection.execute(
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()"
    ).fetchone()
    return int(row[0]) if row else 0


def test_two_upgrades_at_once_run_the_migrations_once(
    _postgres_copies: databases.PostgresCopies, tmp_path: Path
) -> None:
    url = _postgres_copies.copy_database("template0", f"{_postgres_copies.database}_upgrade")
    with (
        psycopg.connect(_psycopg_url(url)) as holder,
        psycopg.connect(_psycopg_url(url), autocommit=True) as watcher,
    ):
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK_KEY,))
        upgrades = [_upgrade(url, tmp_path / name) for name in ("host-a", "host-b")]
        deadline = time.monotonic() + 300
        while _waiting(watcher) < 2:  # both wait for the lock: neither has migrated
            assert all(p.poll() is None for p in upgrades), [p.communicate() for p in upgrades]
            assert time.monotonic() < deadline, "the upgrades never waited for the lock"
            time.sleep(0.05)
        holder.commit()  # the lock is free: one upgrades, then the other
        outputs = [p.communicate(timeout=300)[0] for p in upgrades]
        assert [p.returncode for p in upgrades] == [0, 0], outputs
        versions = watcher.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = watcher.execute("SELECT to_regclass('signing_key') IS NOT NULL").fetchone()
    ran = [output for output in outputs if "Running upgrade  -> " in output]
    assert len(ran) == 1, outputs  # the second found the database at the head
    assert len(versions) == 1 and tables == (True,)
