"""One writer at a time on SQLite, handed over at once instead of by polling.

SQLite lets one connection write at a time. A connection that finds the database locked waits
through its busy handler, which sleeps and retries with growing pauses (up to 100 ms each).
Under load that polling is unfair: measured with 2 worker processes x 4 threads, a few saves
waited close to a second although each write takes a few milliseconds. Taking a blocking lock
first (a thread lock within the process, then an exclusive `flock` on a file beside the
database, shared by every process) queues the writers, and the kernel wakes the next one as
soon as the lock is free. Nothing changes on PostgreSQL, which queues row locks itself.

Every write queues, not only the ones that ask (`serialized_writes`): a session takes its turn
before its first write (a flush that changes something, or an INSERT, UPDATE or DELETE it
executes) and gives it back when its transaction ends. A writer that skipped the queue would
hold SQLite's lock while the queued ones poll for it again.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event as orm_events
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, scoped_session

_thread_lock = threading.RLock()
_state = threading.local()
_files: dict[tuple[int, str], int] = {}  # (process id, lock path) -> open file descriptor


def lock_path(engine: Engine) -> str | None:
    """The lock file of a SQLite database on disk; None for other databases."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}.write-lock"


def _descriptor(path: str) -> int:
    key = (os.getpid(), path)  # a forked worker opens its own
    if key not in _files:
        _files[key] = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    return _files[key]


def _take(path: str) -> None:
    """Wait for the write lock; re-entrant within a thread (each take needs its `_give_back`)."""
    _thread_lock.acquire()
    depth = getattr(_state, "depth", 0)
    try:
        if depth == 0:
            fcntl.flock(_descriptor(path), fcntl.LOCK_EX)
    except BaseException:
        _thread_lock.release()
        raise
    _state.depth = depth + 1


def _give_back(path: str) -> None:
    _state.depth -= 1
    try:
        if _state.depth == 0:
            fcntl.flock(_descriptor(path), fcntl.LOCK_UN)
    finally:
        _thread_lock.release()


@contextmanager
def serialized_writes(engine: Engine) -> Iterator[None]:
    """Hold the database's write lock for the block (re-entrant within a thread)."""
    path = lock_path(engine)
    if path is None:
        yield
        return
    _take(path)
    try:
        yield
    finally:
        _give_back(path)


HELD = "sqlite_write_lock"  # key in Session.info: the lock file this transaction holds


def queue_for_writing(session: Session | scoped_session[Any]) -> None:
    """Take this session's turn to write before its first write, until its transaction ends
    (on SQLite; nothing elsewhere)."""
    if HELD in session.info:
        return
    # The app's sessions are bound to an engine, never to one connection
    path = lock_path(session.get_bind())  # type: ignore[arg-type]
    if path is not None:
        _take(path)
        session.info[HELD] = path


@orm_events.listens_for(Session, "before_flush")
def _before_writing_changes(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        queue_for_writing(session)


@orm_events.listens_for(Session, "do_orm_execute")
def _before_writing_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        queue_for_writing(state.session)


@orm_events.listens_for(Session, "after_transaction_end")
def _after_writing(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and HELD in session.info:
        _give_back(session.info.pop(HELD))
