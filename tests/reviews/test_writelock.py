"""Writers queue on SQLite: one at a time, re-entrant, and nothing to do elsewhere."""

import threading
import time
from pathlib import Path

from sqlalchemy import create_engine

from ctdppeia.reviews.writelock import lock_path, serialized_writes


def test_only_sqlite_files_get_a_lock(tmp_path: Path) -> None:
    assert (
        lock_path(create_engine(f"sqlite:///{tmp_path / 'a.db'}"))
        == f"{tmp_path / 'a.db'}.write-lock"
    )
    assert lock_path(create_engine("sqlite://")) is None
    assert lock_path(create_engine("postgresql+psycopg://u@localhost/db")) is None


def test_writers_take_turns_and_the_lock_is_reentrant(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    inside: list[int] = []
    overlaps: list[int] = []

    def write(number: int) -> None:
        with serialized_writes(engine), serialized_writes(engine):  # nested: no deadlock
            if inside:
                overlaps.append(number)
            inside.append(number)
            time.sleep(0.01)
            inside.remove(number)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert overlaps == []
    assert Path(f"{tmp_path / 'b.db'}.write-lock").exists()
