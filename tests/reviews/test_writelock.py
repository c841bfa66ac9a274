"""Writers queue on SQLite: one at a time, re-entrant, every write of every session, and
nothing to do elsewhere."""

import fcntl
import os
import threading
import time
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ctdppeia.writelock import lock_path, serialized_writes


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


def _table(engine: Engine) -> Table:
    metadata = MetaData()
    notes = Table("note", metadata, Column("id", Integer, primary_key=True), Column("text", String))
    metadata.create_all(engine)
    return notes


def _lock_is_free(path: str) -> bool:
    """Whether another open file could take the lock now (flock locks belong to open files)."""
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)  # closing also drops a lock taken here
    return True


def test_a_write_that_did_not_ask_still_queues(tmp_path: Path) -> None:
    """A session that writes without `serialized_writes` (a board comment, an account change)
    waits for its turn all the same, instead of polling for SQLite's own lock."""
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    notes = _table(engine)
    about_to_write, written = threading.Event(), threading.Event()

    def write() -> None:
        with Session(engine) as session:
            about_to_write.set()
            session.execute(notes.insert().values(text="queued"))
            written.set()
            session.commit()

    with serialized_writes(engine):
        writer = threading.Thread(target=write)
        writer.start()
        assert about_to_write.wait(timeout=10)
        assert not written.wait(timeout=0.5), "the write did not wait for its turn"
    writer.join(timeout=10)
    assert written.is_set()
    with Session(engine) as session:
        assert session.scalars(select(notes.c.text)).all() == ["queued"]


def test_the_turn_is_given_back_when_the_transaction_ends(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'd.db'}")
    notes = _table(engine)
    path = lock_path(engine)
    assert path is not None
    with Session(engine) as session:
        session.execute(notes.insert().values(text="kept"))
        assert not _lock_is_free(path)  # held from the first write
        session.commit()
        assert _lock_is_free(path)
        session.execute(notes.insert().values(text="dropped"))
        assert not _lock_is_free(path)
        session.rollback()
        assert _lock_is_free(path)
        assert session.scalars(select(notes.c.text)).all() == ["kept"]
        assert _lock_is_free(path)  # reading does not queue
